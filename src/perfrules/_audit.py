"""
Verification (复核) of a declared self-evaluation: ``check(evaluation) -> list[Finding]``.

The engine already reports what it meets while scoring (weights, qualitative bands, a
provisional scheme, the declared total and grade against the computed ones). ``check`` keeps
those findings and adds what only a comparison of the declared figures can show: every declared
row score against the rule's score, the declared rows against the declared total, the declared
total against the declared grade, the stated execution rate against the amounts, budget lines
executed above plan, and deviations without a reason (RULES.md §1.2, §1.5, §1.7, §6).

Every comparison is exact (:class:`fractions.Fraction`); nothing is rounded but what the report
itself shows. The codes are in :data:`perfrules.CATALOGUE` and on the docs' findings page.

>>> import perfrules
>>> ev = perfrules.load("examples/panyu-2021.toml")
>>> [f.severity.value for f in check(ev) if f.severity == "error"]
[]
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from perfrules._catalogue import finding
from perfrules._engine import Line, Result, score
from perfrules._model import Evaluation, Finding
from perfrules._quantity import Direction, Fixed, Ratio, round_half_up
from perfrules._rules import EqualRule, ProportionalRule, QualitativeRule, ReverseRule, Status
from perfrules.schemes import Scheme

__all__ = ["AUDIT_CODES", "check", "exact_points"]

#: The codes :func:`check` adds to the engine's findings, in the order it looks for them.
AUDIT_CODES = (
    "group-missing",
    "declared-score",
    "score-rounded-coarse",
    "score-truncated",
    "score-rounded-up",
    "full-marks-below-target",
    "deduction-although-met",
    "deviation-no-reason",
    "over-achievement-no-reason",
    "declared-execution-score",
    "execution-rate",
    "execution-rate-truncated",
    "execution-low-no-reason",
    "executed-over-planned",
    "declared-rows-total",
    "grade-unknown",
    "declared-total-grade",
)

_EXECUTION = "预算执行率"


def check(evaluation: Evaluation, result: Result | None = None, *, scheme: Scheme | str | None = None) -> list[Finding]:
    """
    Verify *evaluation*: the engine's findings plus every check of the audit catalogue.

    *result* is the evaluation's score when the caller already has it; otherwise the evaluation
    is scored under *scheme* (a Scheme, a registry name, or the evaluation's own).

    >>> import attrs, perfrules
    >>> ev = perfrules.load("examples/panyu-2021.toml")
    >>> for f in perfrules.check(ev):
    ...     print(f.severity.value, f.code, f.location)
    >>> rows = list(ev.indicators)
    >>> rows[9] = attrs.evolve(rows[9], reason="")  # drop a stated deviation reason
    >>> for f in perfrules.check(attrs.evolve(ev, indicators=tuple(rows))):
    ...     print(f.severity.value, f.code, f.location)
    warning deviation-no-reason indicators[9].reason

    Raises:
        ValueError: *result* scores another evaluation, or under another scheme than *scheme*.
        InvalidValueError: no usable scheme (at ``scheme``).
        NumericRangeError: a value beyond exact int64 arithmetic.

    .. versionadded:: 0.1.0
    """
    if result is None:
        result = score(evaluation, scheme)
    else:
        if result.evaluation is not evaluation and result.evaluation != evaluation:
            raise ValueError("result scores another evaluation")
        if scheme is not None and scheme not in (result.scheme, result.scheme.name):
            raise ValueError(f"result was scored under {result.scheme.name!r}, not {scheme!r}")
    out = list(result.findings)
    out += _groups(result)
    for line in result.lines:
        out += _row(line, result.scheme)
    out += _execution(result)
    out += _budget(evaluation)
    out += _declared(result)
    return out


def exact_points(line: Line) -> Fraction:
    """
    The row's points before rounding, exactly: the rule's formula on the exact target and actual,
    less a manual deduction, floored at 0. Rule kinds without a closed formula here (threshold,
    bands, deduction, custom kinds) earn round points already: their kernel's points are used.

    Rounded half-up at the scheme's places this gives the engine's points (a property test holds
    them equal).
    """
    raw = _raw_points(line)
    d = line.indicator.deduction
    return raw if d is None else max(raw - d.as_fraction(), Fraction(0))


def _raw_points(line: Line) -> Fraction:
    """The rule's exact points before a manual deduction."""
    ind, rule, a, b = line.indicator, line.rule, line.target, line.actual
    if a is None or b is None or not isinstance(rule, (ProportionalRule, ReverseRule, EqualRule)):
        before = line.rule_points if line.rule_points is not None else line.points
        return before.as_fraction() if before is not None else Fraction(0)
    w = ind.weight.as_fraction()
    b0 = max(b, Fraction(0))
    if isinstance(rule, EqualRule) and a == 0:
        return w if b <= 0 else Fraction(0)
    if isinstance(rule, (ProportionalRule, EqualRule)):
        return w if b0 >= a else w * b0 / a
    if b0 <= a:
        return w
    if a <= 0:
        return Fraction(0)
    if rule.variant == "ratio":
        return w * a / b0
    return w * (2 * a - b0) / a if b0 < 2 * a else Fraction(0)


def _show(x: Fraction) -> str:
    """*x* exactly when it has at most 6 decimals, else to 4 decimals with an ellipsis."""
    for places in range(7):
        if (x * 10**places).denominator == 1:
            return str(Fixed(int(x * 10**places), places))
    return f"{Fixed.from_fraction(x, 4)}…"


def _floor(x: Fraction, places: int) -> Fixed:
    return Fixed((x.numerator * 10**places) // x.denominator, places)


def _ceil(x: Fraction, places: int) -> Fixed:
    return Fixed(-((-x.numerator * 10**places) // x.denominator), places)


def _reconcile(name: str, declared: Fixed, exact: Fraction, computed: Fixed, weight: Fixed, *, met: bool, deducted: bool, location: str) -> Iterator[Finding]:
    """Why a declared score differs from the rule's (RULES.md §6): coarse rounding, truncation,
    rounding up, full marks although the target was missed, a deduction although it was met."""
    d = declared.as_fraction()
    places = declared.normalized().places
    code = None
    if d != exact and exact >= 0:
        if Fixed.from_fraction(exact, places) == declared:
            code = "score-rounded-coarse"
        elif _floor(exact, places) == declared:
            code = "score-truncated"
        elif _ceil(exact, places) == declared:
            code = "score-rounded-up"
    if code is not None:
        yield finding(code, location=location, name=name, declared=declared, exact=_show(exact), places=places)
    if declared == weight and not met:
        yield finding("full-marks-below-target", location=location, name=name, declared=declared, computed=computed)
    if met and not deducted and declared < weight:
        yield finding("deduction-although-met", location=location, name=name, declared=declared, weight=weight)


def _groups(res: Result) -> list[Finding]:
    sch, ev = res.scheme, res.evaluation
    if not (sch.weights.groups and sch.framework):
        return []
    used = {g.name for i in ev.indicators if (g := sch.group_of(i.level1)) is not None}
    if not used:  # no level-1 names of this framework at all: the engine's group-unknown says so
        return []
    return [finding("group-missing", location="indicators", group=g.name, expected=g.weight) for g in sch.framework if g.name not in used]


def _row(line: Line, sch: Scheme) -> list[Finding]:
    ind, loc = line.indicator, f"indicators[{line.index}]"
    if line.points is None:
        return []
    out: list[Finding] = []
    qualitative = isinstance(line.rule, QualitativeRule)
    # A qualitative row's declared score is its score; the engine reports one outside its band.
    if not qualitative and line.status == Status.OK and ind.declared_score is not None and ind.declared_score != line.points:
        where = f"{loc}.declared_score"
        out.append(finding("declared-score", location=where, declared=ind.declared_score, computed=line.points))
        met = _raw_points(line) == ind.weight.as_fraction()
        deducted = ind.deduction is not None and ind.deduction.units > 0
        out += _reconcile(ind.name, ind.declared_score, exact_points(line), line.points, ind.weight, met=met, deducted=deducted, location=where)
    if ind.reason.strip():
        return out
    where = f"{loc}.reason"
    actual = ind.actual.text if ind.actual is not None else ""
    if qualitative:
        if QualitativeRule.band(ind.target, ind.actual) in (1, 2):
            out.append(finding("deviation-no-reason", location=where, name=ind.name, target=ind.target.text, actual=actual))
        return out
    a, b = line.target, line.actual
    if line.status != Status.OK or a is None or b is None:
        return out
    d = ind.direction
    if (d == Direction.GE and b < a) or (d == Direction.LE and b > a) or (d == Direction.EQ and b != a):
        out.append(finding("deviation-no-reason", location=where, name=ind.name, target=ind.target.text, actual=actual))
    elif d == Direction.GE:
        th = sch.thresholds
        if a > 0 and b * 100 >= th.over_achievement.as_fraction() * a:
            test = f"B/A = {Fixed.from_fraction(b * 100 / a, 2)}% ≥ {th.over_achievement}%"
            out.append(finding("over-achievement-no-reason", location=where, name=ind.name, test=test))
        elif a == 0 and b >= th.over_achievement_zero_target.as_fraction():
            test = f"A = 0, B = {_show(b)} ≥ {th.over_achievement_zero_target}"
            out.append(finding("over-achievement-no-reason", location=where, name=ind.name, test=test))
    return out


def _execution_exact(res: Result) -> Fraction | None:
    pol, ex = res.scheme.execution, res.execution
    if pol is None or ex is None or ex.status != Status.OK or ex.planned.fen <= 0:
        return None
    planned = ex.planned.fen
    executed = max(ex.executed.fen, 0)
    if pol.cap:
        executed = min(executed, planned)
    rate = Fraction(executed, planned)
    if pol.round_rate:
        scale = 10**pol.rate_places
        rate = Fraction(round_half_up(executed * scale, planned), scale)
    return pol.weight.as_fraction() * rate


def _execution(res: Result) -> list[Finding]:
    ev, out = res.evaluation, []
    d = ev.declared
    exact = _execution_exact(res)
    if d.execution_score is not None and exact is not None and res.execution is not None and d.execution_score != res.execution.points:
        where = "declared.execution_score"
        ex = res.execution
        out.append(finding("declared-execution-score", location=where, declared=d.execution_score, computed=ex.points))
        met = ex.executed.fen >= ex.planned.fen
        out += _reconcile(_EXECUTION, d.execution_score, exact, ex.points, ex.weight, met=met, deducted=False, location=where)
    planned, executed = ev.planned.fen, ev.executed.fen
    if not ev.budget or planned <= 0:
        return out
    rate = Ratio(executed, planned)
    if d.execution_rate is not None:
        stated, pct = d.execution_rate, rate.as_fraction() * 100
        computed = rate.percent_fixed(stated.places)
        if computed != stated and _floor(pct, stated.places) == stated:
            out.append(finding("execution-rate-truncated", location="declared.execution_rate", stated=stated, exact=_show(pct)))
        elif computed != stated:
            out.append(finding("execution-rate", location="declared.execution_rate", stated=stated, computed=computed, executed=ev.executed, planned=ev.planned))
    below = res.scheme.thresholds.execution_below
    if not d.execution_reason.strip() and rate.as_fraction() * 100 < below.as_fraction():
        out.append(finding("execution-low-no-reason", location="declared.execution_reason", rate=rate.percent(2), threshold=below))
    return out


def _budget(ev: Evaluation) -> list[Finding]:
    return [
        finding("executed-over-planned", location=f"budget[{i}].executed", name=b.name, executed=b.executed, planned=b.planned)
        for i, b in enumerate(ev.budget)
        if b.executed.fen > b.planned.fen
    ]


def _declared(res: Result) -> list[Finding]:
    ev, sch, out = res.evaluation, res.scheme, []
    d = ev.declared
    applicable = [ln for ln in res.lines if ln.points is not None]
    if d.total is not None and applicable and all(ln.indicator.declared_score is not None for ln in applicable):
        rows = sum((ln.indicator.declared_score for ln in applicable if ln.indicator.declared_score is not None), Fixed(0))
        execution = d.execution_score if d.execution_score is not None else (res.execution.points if res.execution else Fixed(0))
        total = (rows + execution).as_fraction()
        if sch.not_applicable == "rescale" and len(applicable) < len(res.lines):
            weights = sum((ln.indicator.weight.as_fraction() for ln in applicable), Fraction(0))
            weights += res.execution.weight.as_fraction() if res.execution else Fraction(0)
            if weights > 0:
                total = total * sch.weights.total.as_fraction() / weights
        # The declared total is the sum itself, or the sum rounded as the scheme rounds totals.
        if d.total.as_fraction() != total and d.total != Fixed.from_fraction(total, sch.rounding.total_places):
            out.append(finding("declared-rows-total", location="declared.total", rows=rows.normalized(), execution=execution, sum=_show(total), declared=d.total))
    if d.grade is None:
        return out
    scale = sch.grades
    if not any(d.grade in (g.label, g.label_en) for g in scale.grades):
        labels = " / ".join(scale.labels())
        out.append(finding("grade-unknown", location="declared.grade", declared=d.grade, labels=labels))
    elif d.total is not None:
        g = scale.grade(d.total)
        if d.grade not in (g.label, g.label_en):
            out.append(finding("declared-total-grade", location="declared.grade", total=d.total, expected=g.label, expected_en=g.label_en or g.label, declared=d.grade))
    return out
