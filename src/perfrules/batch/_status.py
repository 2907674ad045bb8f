"""
Row and evaluation status codes of the batch engine.

A row's status is a rule outcome (the codes of :class:`perfrules._rules.Status`, in kebab-case:
``ok``, ``no-actual`` …, which score and count as findings like in :func:`perfrules.score`) or an
error code: the row's input cannot be scored, its points are null and its evaluation has no total.
"""

from __future__ import annotations

from perfrules._rules import Status

__all__ = ["ERROR_CODES", "NAMES", "ROW_FINDINGS", "code_of", "is_error"]

MISSING_EVALUATION = 16
BAD_WEIGHT = 17
BAD_TARGET = 18
BAD_ACTUAL = 19
BAD_DECLARED = 20
BAD_DEDUCTION = 21
BAD_DIRECTION = 22
UNKNOWN_SCHEME = 23
UNKNOWN_RULE = 24
MIXED_SCHEME = 25
FLOAT = 26
BAD_NOT_APPLICABLE = 27
BAD_YEAR = 28
BAD_BUDGET = 29
ROWS_IN_ERROR = 30
OVERFLOW = int(Status.OVERFLOW)

#: Every error code and what it means (also in docs/how-to/batch.md).
ERROR_CODES: dict[str, str] = {
    "overflow": "a value, or a product of the rule, beyond exact int64 arithmetic",
    "missing-evaluation": "no evaluation id",
    "bad-weight": "the weight is missing, not a number, negative, or has more decimals than the scheme's points",
    "bad-target": "the target is missing or not a value (a sign without a number)",
    "bad-actual": "the actual is not a value",
    "bad-declared": "the declared score is not a number, negative, or above the weight",
    "bad-deduction": "the manual deduction is not a number or negative",
    "bad-direction": "an unknown direction, or one that contradicts the target",
    "unknown-scheme": "no scheme of that name (in force that year)",
    "unknown-rule": "the rule column names no rule kind nor named rule of the scheme",
    "mixed-scheme": "a row names another scheme than its evaluation's first row",
    "float": "a float cell (not exact); pass allow_float=True to round floats to 4 decimals",
    "bad-not-applicable": "not_applicable is not a flag (true/false, 1/0, 是/否)",
    "bad-year": "the year is not a plausible year (1900–2200)",
    "bad-budget": "a budget amount of the evaluation is not an amount or negative",
    "rows-in-error": "(evaluations) some of its rows are in error, so it has no total",
}

NAMES: dict[int, str] = {int(s): s.name.lower().replace("_", "-") for s in Status}
NAMES.update(
    {
        MISSING_EVALUATION: "missing-evaluation",
        BAD_WEIGHT: "bad-weight",
        BAD_TARGET: "bad-target",
        BAD_ACTUAL: "bad-actual",
        BAD_DECLARED: "bad-declared",
        BAD_DEDUCTION: "bad-deduction",
        BAD_DIRECTION: "bad-direction",
        UNKNOWN_SCHEME: "unknown-scheme",
        UNKNOWN_RULE: "unknown-rule",
        MIXED_SCHEME: "mixed-scheme",
        FLOAT: "float",
        BAD_NOT_APPLICABLE: "bad-not-applicable",
        BAD_YEAR: "bad-year",
        BAD_BUDGET: "bad-budget",
        ROWS_IN_ERROR: "rows-in-error",
    }
)

#: Rule outcomes that come with a finding in :func:`perfrules.score`.
ROW_FINDINGS = (
    Status.NO_ACTUAL,
    Status.NOT_A_NUMBER,
    Status.UNIT_MISMATCH,
    Status.NEEDS_SCORE,
    Status.BAND_UNKNOWN,
    Status.OUT_OF_BAND,
)

#: Rule outcomes that score 0 whatever the kernel says.
ZERO = (
    Status.NO_ACTUAL,
    Status.NOT_A_NUMBER,
    Status.UNIT_MISMATCH,
    Status.NEEDS_SCORE,
    Status.OVERFLOW,
)


def is_error(code: int) -> bool:
    """Whether a status code is an error (the row is not scored)."""
    return code == OVERFLOW or code >= MISSING_EVALUATION


def code_of(name: str) -> int:
    """The code of a status name."""
    return next(k for k, v in NAMES.items() if v == name)
