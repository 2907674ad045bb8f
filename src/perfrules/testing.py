"""
Property-test a scoring scheme: hypothesis strategies for indicators, budget lines and whole
evaluations under a scheme, and :func:`check_scheme`, which asserts the laws every scheme keeps.

Needs the ``testing`` extra (``pip install perfrules[testing]``). From a scheme author's suite::

    from perfrules import schemes
    from perfrules.testing import check_scheme

    def test_my_scheme_keeps_the_laws():
        check_scheme(schemes.load("my-scheme.toml"))

The laws:

* every row's points lie in [0, weight];
* the points of a ≥ indicator never fall when its actual value rises (≤: never rise);
* the total lies in [0, the scheme's maximum] when the weights add up to the scheme's total;
* the grade never gets worse when the total rises;
* batch == scalar: :mod:`perfrules.batch` scores every evaluation as :func:`perfrules.score`
  does (checked only where that module is installed; see :data:`BATCH_CHECKS`).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Sequence
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from perfrules._engine import Result, score
from perfrules._model import BudgetLine, Department, Evaluation, Indicator
from perfrules._quantity import Direction, Fixed, Money, parse_value
from perfrules._rules import DeductionRule, ProportionalRule, ReverseRule
from perfrules.schemes import Scheme

__all__ = [
    "BATCH_CHECKS",
    "budget_lines",
    "check_scheme",
    "evaluations",
    "indicators",
    "law_batch_equals_scalar",
    "law_grade_monotone",
    "law_monotone",
    "law_points_in_range",
    "law_total_in_range",
]

_QUALITATIVE_ACTUALS = ("达成年度指标", "部分达成年度指标并具有一定效果", "未达成年度指标且效果较差", "有效", "基本达到", "未完成")
_UNITS = ("%", "", "人次", "万元")


def _known_names(scheme: Scheme) -> list[str]:
    return sorted(set(scheme.indicator_rules) | set(scheme.indicators))


def _direction_of(scheme: Scheme, name: str) -> Direction | None:
    """The direction a named indicator of *scheme* is scored in, if the scheme says or implies it."""
    spec = scheme.spec_for(name)
    if spec is not None and spec.direction is not None:
        return spec.direction
    rule = scheme.indicator_rules.get(name)
    if isinstance(rule, ReverseRule):
        return Direction.LE
    if isinstance(rule, ProportionalRule):
        return Direction.GE
    if isinstance(rule, DeductionRule):
        return Direction.LE if rule.when == "above" else Direction.GE
    return None


def _weights(scheme: Scheme, max_units: int = 2000) -> st.SearchStrategy[Fixed]:
    places = scheme.rounding.places
    return st.integers(0, max_units).map(lambda u: Fixed(u, places).normalized())


def _numbers(*, signed: bool = False) -> st.SearchStrategy[Fixed]:
    lo = -(10**6) if signed else 0
    return st.builds(Fixed, st.integers(lo, 10**6), st.integers(0, 2))


def _near(ind: Indicator) -> st.SearchStrategy[Fixed]:
    """
    Actual values where rules change their mind: 0–200 in hundredths (percentages, band bounds),
    0–200 % of the indicator's target, and anything up to a million either side.
    """
    around: list[st.SearchStrategy[Fixed]] = [st.builds(Fixed, st.integers(0, 20_000), st.just(2))]
    target = ind.target.number
    if target is not None and target.units > 0:
        t = target.normalized()
        around.append(st.integers(0, 200).map(lambda k: Fixed(t.units * k, t.places + 2).normalized()))
    return st.one_of(*around, _numbers(signed=True))


@st.composite
def indicators(
    draw: st.DrawFn,
    scheme: Scheme,
    *,
    name: str | None = None,
    weight: Fixed | None = None,
    direction: Direction | None = None,
    actual: bool | None = True,
) -> Indicator:
    """
    An indicator scored by *scheme*: one of the indicators the scheme defines (in the direction
    it gives them) or a plain ≥ / ≤ / = / 定性 one. Weights have at most the scheme's decimals.
    With ``actual=None`` the actual value may be missing; with ``False`` it always is.
    """
    if name is None:
        known = _known_names(scheme)
        pick = st.sampled_from(known) if known else st.nothing()
        name = draw(pick | st.sampled_from(["指标甲", "指标乙", "指标丙"]))
    spec = scheme.spec_for(name)
    if direction is None:
        direction = _direction_of(scheme, name)
    if direction is None:
        direction = draw(st.sampled_from(list(Direction)))
    if weight is None:
        weight = spec.weight if spec is not None and spec.weight is not None else draw(_weights(scheme))
    has_actual = draw(st.booleans()) if actual is None else actual
    if direction == Direction.QUAL:
        target = parse_value("达成年度指标")
        act = parse_value(draw(st.sampled_from(_QUALITATIVE_ACTUALS))) if has_actual else None
        dec = draw(st.none() | st.integers(0, weight.at(scheme.rounding.places)))
        declared = None if dec is None else Fixed(dec, scheme.rounding.places)
        return Indicator(name=name, weight=weight, target=target, actual=act, direction=direction, declared_score=declared)
    unit = draw(st.sampled_from(_UNITS))
    target = parse_value(f"{direction.value}{draw(_numbers())}{unit}")
    act = parse_value(f"{draw(_numbers(signed=True))}{unit}", unit=unit) if has_actual else None
    level1 = spec.level1 if spec is not None else ""
    return Indicator(name=name, weight=weight, target=target, actual=act, direction=direction, level1=level1)


@st.composite
def budget_lines(draw: st.DrawFn, *, max_fen: int = 10**11) -> BudgetLine:
    """A budget line: planned > 0, executed ≥ 0, and maybe an initial (年初) amount."""
    planned = draw(st.integers(1, max_fen))
    executed = draw(st.integers(0, max_fen))
    initial = draw(st.none() | st.integers(1, max_fen))
    return BudgetLine("预算", Money(planned), Money(executed), None if initial is None else Money(initial))


def _partition(draw: st.DrawFn, total: int, n: int) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=n - 1, max_size=n - 1)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


@st.composite
def evaluations(draw: st.DrawFn, scheme: Scheme, *, max_indicators: int = 6, balanced: bool = True) -> Evaluation:
    """
    An evaluation for *scheme* in a year the scheme is in force. With ``balanced`` (the default)
    the weights, with the execution weight, add up to the scheme's ``weights.total``.
    """
    lo = scheme.from_year if scheme.from_year is not None else 2000
    hi = scheme.to_year if scheme.to_year is not None else max(lo, 2030)
    year = draw(st.integers(lo, hi))
    n = draw(st.integers(1, max_indicators))
    places = scheme.rounding.places
    names = draw(st.lists(st.sampled_from([*_known_names(scheme), *(f"指标{k}" for k in range(n))]), min_size=n, max_size=n, unique=True))
    rest = scheme.weights.total - (scheme.execution.weight if scheme.execution is not None else Fixed(0))
    if balanced and rest.units >= 0:
        parts = _partition(draw, rest.at(places), n)
        weights: list[Fixed | None] = [Fixed(u, places) for u in parts]
    else:
        weights = [None] * n
    inds = []
    for name, w in zip(names, weights, strict=True):
        ind = draw(indicators(scheme, name=name, weight=w, actual=None))
        if draw(st.integers(0, 9)) == 0:
            ind = attrs.evolve(ind, not_applicable=True)
        inds.append(ind)
    budget = draw(st.lists(budget_lines(), min_size=1, max_size=3))
    return Evaluation(year=year, department=Department("某单位"), scheme=scheme.name, budget=budget, indicators=inds)


# The laws: each takes the scheme and what hypothesis drew, and raises AssertionError.


def law_points_in_range(result: Result) -> None:
    """Every row's points lie in [0, weight]."""
    for ln in result.lines:
        if ln.points is not None:
            assert Fixed(0) <= ln.points <= ln.indicator.weight, f"{ln.indicator.name}: {ln.points} outside [0, {ln.indicator.weight}]"
    if result.execution is not None:
        assert Fixed(0) <= result.execution.points <= result.execution.weight, f"execution: {result.execution.points}"


def law_total_in_range(result: Result) -> None:
    """The total lies in [0, the scheme's maximum] (for weights that add up to its total)."""
    top = result.scheme.maximum
    assert Fixed(0) <= result.total <= top, f"total {result.total} outside [0, {top}]"


def law_monotone(scheme: Scheme, ind: Indicator, lower: Fixed, higher: Fixed) -> None:
    """A ≥ indicator's points never fall as its actual rises; a ≤ indicator's never rise."""
    unit = ind.target.unit
    a = attrs.evolve(ind, actual=parse_value(f"{lower}{unit}", unit=unit), not_applicable=False, deduction=None)
    b = attrs.evolve(ind, actual=parse_value(f"{higher}{unit}", unit=unit), not_applicable=False, deduction=None)
    ev = Evaluation(year=scheme.from_year or 2021, department=Department("某单位"), indicators=(a, b))
    la, lb = score(ev, scheme).lines
    assert la.points is not None
    assert lb.points is not None
    if ind.direction == Direction.GE:
        assert la.points <= lb.points, f"{ind.name} (≥): actual {lower} → {la.points}, {higher} → {lb.points}"
    else:
        assert la.points >= lb.points, f"{ind.name} (≤): actual {lower} → {la.points}, {higher} → {lb.points}"


def law_grade_monotone(scheme: Scheme, low: Fixed, high: Fixed) -> None:
    """The grade of a higher total is never worse."""
    order = scheme.grades.labels()
    g_low, g_high = scheme.grades.grade(low), scheme.grades.grade(high)
    assert order.index(g_high.label) <= order.index(g_low.label), f"{low} → {g_low.label} but {high} → {g_high.label}"


def _batch_module() -> Any:
    if importlib.util.find_spec("perfrules.batch") is None:
        return None
    mod = importlib.import_module("perfrules.batch")
    return mod if hasattr(mod, "score_table") else None


def law_batch_equals_scalar(scheme: Scheme, results: Sequence[Result]) -> None:
    """
    ``perfrules.batch.score_table`` gives every row and evaluation the points and total
    :func:`perfrules.score` gives it (where the batch gives one: a row in error has none).
    A no-op where :mod:`perfrules.batch` is not installed.
    """
    batch = _batch_module()
    if batch is None or not results:
        return
    cols: dict[str, list[Any]] = {k: [] for k in ("evaluation", "name", "weight", "target", "actual", "direction", "declared_score", "not_applicable", "deduction")}
    budget: dict[str, list[Any]] = {"evaluation": [], "planned": [], "executed": []}
    for e, res in enumerate(results):
        for ln in res.lines:  # the lines carry derived actual values, which the batch has no way to compute
            ind = ln.indicator
            cols["evaluation"].append(f"e{e}")
            cols["name"].append(ind.name)
            cols["weight"].append(str(ind.weight))
            cols["target"].append(ind.target.text)
            cols["actual"].append(ind.actual.text if ind.actual is not None else None)
            cols["direction"].append(ind.direction.value)
            cols["declared_score"].append(str(ind.declared_score) if ind.declared_score is not None else None)
            cols["not_applicable"].append(ind.not_applicable)
            cols["deduction"].append(str(ind.deduction) if ind.deduction is not None else None)
        for b in res.evaluation.budget:
            budget["evaluation"].append(f"e{e}")
            budget["planned"].append(str(b.planned.yuan))
            budget["executed"].append(str(b.executed.yuan))
    out = batch.score_table(cols, budget, scheme=scheme)
    rows = out.indicators.to_pylist()
    scalar_rows = [ln for res in results for ln in res.lines]
    for row, ln in zip(rows, scalar_rows, strict=True):
        if row["points"] is not None and ln.points is not None:
            assert Fixed.parse(str(row["points"])) == ln.points, f"{ln.indicator.name}: batch {row['points']} != scalar {ln.points}"
    totals = {r["evaluation"]: r["total"] for r in out.evaluations.to_pylist()}
    for e, res in enumerate(results):
        got = totals.get(f"e{e}")
        if got is not None:
            assert Fixed.parse(str(got)) == res.total, f"batch total {got} != scalar {res.total}"


#: The batch law is a hook: replace or extend this list to check other columnar paths.
BATCH_CHECKS: list[Callable[[Scheme, Sequence[Result]], None]] = [law_batch_equals_scalar]


def check_scheme(scheme: Scheme, *, max_examples: int | None = None, batch: bool = True, shrink: bool = True) -> None:
    """
    Assert that *scheme* keeps the laws of every scheme (see the module docs), on evaluations
    and indicators hypothesis draws for it.

    Args:
        scheme: the scheme under test.
        max_examples: examples per law (default: the active hypothesis profile's).
        batch: also run :data:`BATCH_CHECKS` (batch == scalar).
        shrink: look for the smallest failing example (slower when a law fails).

    Raises:
        AssertionError: a law is broken, with the smallest example hypothesis found.
    """
    conf = settings(
        settings.default if max_examples is None else settings(max_examples=max_examples),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
        phases=tuple(Phase) if shrink else (Phase.explicit, Phase.reuse, Phase.generate),
    )

    @conf
    @given(evaluations(scheme))
    def totals(ev: Evaluation) -> None:
        result = score(ev, scheme)
        law_points_in_range(result)
        law_total_in_range(result)
        if batch:
            for check in BATCH_CHECKS:
                check(scheme, [result])

    @conf
    @given(evaluations(scheme, balanced=False))
    def rows(ev: Evaluation) -> None:
        law_points_in_range(score(ev, scheme))

    @conf
    @given(st.data())
    def monotone(data: st.DataObject) -> None:
        names = [n for n in _known_names(scheme) if _direction_of(scheme, n) in (Direction.GE, Direction.LE)]
        plain = ["指标≥", "指标≤"]
        name = data.draw(st.sampled_from([*names, *plain]))
        direction = {"指标≥": Direction.GE, "指标≤": Direction.LE}.get(name)
        ind = data.draw(indicators(scheme, name=name, direction=direction))
        near = _near(ind)
        x, y = data.draw(near), data.draw(near)
        law_monotone(scheme, ind, min(x, y), max(x, y))

    top = scheme.maximum.at(scheme.rounding.total_places)

    @conf
    @given(st.integers(0, top), st.integers(0, top))
    def grades(x: int, y: int) -> None:
        p = scheme.rounding.total_places
        law_grade_monotone(scheme, Fixed(min(x, y), p), Fixed(max(x, y), p))

    for law in (totals, rows, monotone, grades):
        law()

