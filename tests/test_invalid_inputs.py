"""
Malformed inputs: each one ends in the typed InvalidInputError naming its place, exactly.

Most cases are TOML documents (the format people write); a few are plain data, for shapes TOML
cannot express.
"""

from __future__ import annotations

from typing import Any

import pytest

import perfrules
from perfrules.errors import InvalidInputError, InvalidValueError

HEAD = """
year = 2021
[department]
name = "某局"
"""

FLOAT_HINT = "(floats are not exact; quote the number)"


def ind(extra: str = "", *, weight: str = '"10"', target: str = '"≥5"') -> str:
    """One [[indicators]] table with *extra* lines."""
    return f'\n[[indicators]]\nname = "a"\nweight = {weight}\ntarget = {target}\n{extra}\n'


def line(extra: str = "", *, planned: str = '"1 元"', executed: str = '"1 元"') -> str:
    """One [[budget]] table with *extra* lines."""
    return f'\n[[budget]]\nname = "x"\nplanned = {planned}\nexecuted = {executed}\n{extra}\n'


CASES = [
    # The evaluation as a whole
    pytest.param("year = 2021", "department: missing", id="missing-department"),
    pytest.param('[department]\nname = "a"', "year: missing", id="missing-year"),
    pytest.param(
        'year = "twenty"\n[department]\nname = "a"',
        "year: expected a whole number, got str 'twenty'",
        id="year-text",
    ),
    pytest.param(
        'year = 2021.5\n[department]\nname = "a"',
        "year: expected a whole number, got float 2021.5",
        id="year-float",
    ),
    pytest.param(
        'year = 1800\n[department]\nname = "a"',
        "year: not a plausible year: 1800",
        id="year-implausible",
    ),
    pytest.param(
        HEAD + 'colour = "red"', "department.colour: unknown key", id="unknown-key-in-table"
    ),
    pytest.param('colour = "red"' + HEAD, "colour: unknown key", id="unknown-top-key"),
    pytest.param("scheme = 3" + HEAD, "scheme: expected a string, got int 3", id="scheme-int"),
    pytest.param(
        'key_tasks = "abc"' + HEAD, "key_tasks: expected a list, got str", id="list-as-string"
    ),
    pytest.param(
        "key_tasks = [1]" + HEAD, "key_tasks[0]: expected a string, got int 1", id="list-item-int"
    ),
    # Department
    pytest.param(
        "year = 2021\n[department]\n", "department.name: missing", id="department-name-missing"
    ),
    pytest.param(
        "year = 2021\n[department]\nname = 3",
        "department.name: expected a string, got int 3",
        id="department-name-int",
    ),
    pytest.param(
        HEAD + 'duties = "管理"', "department.duties: expected a list, got str", id="duties-string"
    ),
    pytest.param(
        HEAD + 'staff_actual = "x"',
        "department.staff_actual: expected a whole number, got str 'x'",
        id="staff-text",
    ),
    # Indicators
    pytest.param(
        HEAD + ind(weight='"-1"'),
        "indicators[0].weight: must not be negative, got -1",
        id="weight-negative",
    ),
    pytest.param(
        HEAD + ind(weight="1.5"),
        f'indicators[0].weight: expected a decimal string such as "12.5", got float 1.5 {FLOAT_HINT}',
        id="weight-float",
    ),
    pytest.param(
        HEAD + ind(weight='"abc"'), "indicators[0].weight: not a number: 'abc'", id="weight-text"
    ),
    pytest.param(
        HEAD + '\n[[indicators]]\nweight = "1"\ntarget = "≥5"\n',
        "indicators[0].name: missing",
        id="indicator-name-missing",
    ),
    pytest.param(
        HEAD + '\n[[indicators]]\nname = "a"\nweight = "1"\n',
        "indicators[0].target: missing",
        id="indicator-target-missing",
    ),
    pytest.param(
        HEAD + ind('colour = "red"'),
        "indicators[0].colour: unknown key",
        id="indicator-unknown-key",
    ),
    pytest.param(HEAD + ind(target='""'), "indicators[0].target: empty value", id="target-empty"),
    pytest.param(
        HEAD + ind(target='"≥"'),
        "indicators[0].target: a sign needs a number after it: '≥'",
        id="target-sign-only",
    ),
    pytest.param(
        HEAD + ind(target="95.5"),
        f'indicators[0].target: expected a value such as "≥95%", got float 95.5 {FLOAT_HINT}',
        id="target-float",
    ),
    pytest.param(
        HEAD + ind("actual = 1.5"),
        f'indicators[0].actual: expected a value such as "≥95%", got float 1.5 {FLOAT_HINT}',
        id="actual-float",
    ),
    pytest.param(
        HEAD + ind('direction = "up"'),
        "indicators[0].direction: unknown direction 'up'; use one of ≥ ≤ = 定性 (or >= <= 正向 反向 等于)",
        id="direction-unknown",
    ),
    pytest.param(
        HEAD + ind('direction = "≤"'),
        "indicators[0].direction: direction ≤ contradicts the target's sign ≥",
        id="direction-contradicts-sign",
    ),
    pytest.param(
        HEAD + ind('direction = ">="', target='"有效"'),
        "indicators[0].direction: direction ≥ needs a numeric target, got '有效'",
        id="direction-on-qualitative",
    ),
    pytest.param(
        HEAD + ind('declared_score = "11"'),
        "indicators[0].declared_score: 11 is above the weight 10 (得分不能大于分值)",
        id="declared-score-above-weight",
    ),
    pytest.param(
        HEAD + ind('declared_score = "-1"'),
        "indicators[0].declared_score: must not be negative, got -1",
        id="declared-score-negative",
    ),
    pytest.param(
        HEAD + ind('deduction = "-0.5"'),
        "indicators[0].deduction: must not be negative, got -0.5",
        id="deduction-negative",
    ),
    pytest.param(
        HEAD + ind('not_applicable = "yes"'),
        "indicators[0].not_applicable: expected true or false, got 'yes'",
        id="not-applicable-text",
    ),
    pytest.param(
        HEAD + ind() + ind(weight='"x"'),
        "indicators[1].weight: not a number: 'x'",
        id="second-indicator",
    ),
    pytest.param(
        HEAD + "[indicators]\na = 1\n",
        "indicators: expected a list, got dict",
        id="indicators-table",
    ),
    pytest.param(
        {"year": 2021, "department": {"name": "a"}, "indicators": ["x"]},
        "indicators[0]: expected a table, got str",
        id="indicator-not-table",
    ),
    # Budget lines
    pytest.param(
        HEAD + line(planned="1.5"),
        f'budget[0].planned: expected an amount such as "2066.22 万元", got float 1.5 {FLOAT_HINT}',
        id="planned-float",
    ),
    pytest.param(
        HEAD + line(planned='"1 美元"'),
        "budget[0].planned: unknown money unit '美元' in '1 美元'; use 元, 万元 or 亿元",
        id="planned-unknown-unit",
    ),
    pytest.param(
        HEAD + '\n[[budget]]\nname = "x"\nplanned = "1"\n',
        "budget[0].executed: missing",
        id="executed-missing",
    ),
    pytest.param(
        HEAD + line(planned='"-1 元"'),
        "budget[0].planned: must not be negative",
        id="planned-negative",
    ),
    pytest.param(
        HEAD + line(executed='"0.001 元"'),
        "budget[0].executed: '0.001 元' is not a whole number of fen",
        id="executed-below-fen",
    ),
    pytest.param(
        HEAD + line() + line(planned='"x"'),
        "budget[1].planned: not an amount: 'x'",
        id="second-budget-line",
    ),
    pytest.param(
        HEAD + line('initial = "abc"'), "budget[0].initial: not an amount: 'abc'", id="initial-text"
    ),
    pytest.param('budget = "x"' + HEAD, "budget: expected a list, got str", id="budget-string"),
    # Declared
    pytest.param(
        HEAD + '[declared]\ntotal = "abc"',
        "declared.total: not a number: 'abc'",
        id="declared-total-text",
    ),
    pytest.param(
        HEAD + "[declared]\ntotal = 94.16",
        f'declared.total: expected a decimal string such as "12.5", got float 94.16 {FLOAT_HINT}',
        id="declared-total-float",
    ),
    pytest.param(
        HEAD + '[declared]\nscore = "1"', "declared.score: unknown key", id="declared-unknown-key"
    ),
    pytest.param(
        HEAD + "[declared]\ngrade = 1",
        "declared.grade: expected a string, got int 1",
        id="declared-grade-int",
    ),
    # Targets, findings, measures
    pytest.param(
        HEAD + '[[targets]]\ntext = "t"\nindicators = ["nope"]',
        "targets[0].indicators[0]: no indicator named 'nope'",
        id="target-unknown-indicator",
    ),
    pytest.param(
        HEAD + '[[measures]]\ntext = "m"\nanswers = [3]',
        "measures[0].answers[0]: no finding number 3",
        id="measure-answers-missing-finding",
    ),
    pytest.param(
        HEAD + '[[measures]]\ntext = "m"\npoints = "一是"',
        "measures[0].points: expected a list, got str",
        id="measure-points-string",
    ),
    pytest.param(
        HEAD + '[[findings]]\nmessage = "m"\nseverity = "fatal"',
        "findings[0].severity: invalid value ('fatal' is not a valid Severity)",
        id="finding-severity",
    ),
    pytest.param(
        {"year": 2021, "department": {"name": "a"}, "findings": [3]},
        "findings[0]: expected a string or a table, got int",
        id="finding-int",
    ),
]


def read(doc: str | dict[str, Any]) -> perfrules.Evaluation:
    return perfrules.loads(doc) if isinstance(doc, str) else perfrules.from_data(doc)


def test_at_least_thirty_cases() -> None:
    """The table keeps at least 30 malformed inputs."""
    assert len(CASES) >= 30


@pytest.mark.parametrize(("doc", "message"), CASES)
def test_located_error(doc: str | dict[str, Any], message: str) -> None:
    """A malformed input raises InvalidInputError whose one error names its place exactly."""
    with pytest.raises(InvalidInputError) as info:
        read(doc)

    assert [str(e) for e in info.value.errors] == [message]
    assert str(info.value) == message
    (err,) = info.value.errors
    assert isinstance(err, InvalidValueError)
    assert err.location == message.split(": ", 1)[0]


def test_all_errors_reported_together() -> None:
    """Errors in different places are reported at once, not one per run."""
    doc = (
        HEAD
        + ind(weight='"-1"')
        + ind('colour = "red"')
        + line(planned="1.5")
        + '[declared]\ntotal = "x"'
    )

    with pytest.raises(InvalidInputError) as info:
        read(doc)

    assert sorted(e.location or "" for e in info.value.errors) == [
        "budget[0].planned",
        "declared.total",
        "indicators[0].weight",
        "indicators[1].colour",
    ]
