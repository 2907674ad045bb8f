"""
The batch engine equals the scalar engine, and both equal an exact Fraction reference written
here independently of the kernels, for random evaluations across every rule kind, the built-in
schemes and rounding policies.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.strategies import budget_lines, departments

import perfrules
from perfrules import Direction, Evaluation, Fixed, Indicator, batch, parse_value, schemes
from perfrules._rules import (
    Band,
    BandsRule,
    DeductionRule,
    EqualRule,
    ProportionalRule,
    QualitativeRule,
    ReverseRule,
    Rule,
    Status,
    ThresholdRule,
)
from perfrules.errors import PerfrulesError
from perfrules.schemes import Scheme
from perfrules.schemes._scheme import ExecutionPolicy, Rounding

NAMED: dict[str, Rule] = {
    "steps": BandsRule(
        (
            Band(Fixed(5), Fixed(90)),
            Band(Fixed(3), Fixed(60), Fixed(90)),
            Band(Fixed(1), None, Fixed(60)),
        )
    ),
    "steps-ratio": BandsRule(
        (
            Band(Fixed(4), Fixed(100), None, True),
            Band(Fixed(2), Fixed(805, 1), Fixed(100), False, False),
        ),
        on="ratio",
    ),
    "per-point": DeductionRule(Fixed(5, 1)),
    "per-point-below": DeductionRule(
        Fixed(1), Fixed(25, 1), Fixed(50), when="below", partial="ceil"
    ),
    "per-point-floor": DeductionRule(Fixed(2), Fixed(3), partial="floor"),
    "linear": ReverseRule(variant="linear"),
    "lenient": QualitativeRule(Fixed(70), Fixed(50)),
}
RULE_NAMES = [None, None, None, "proportional", "reverse", "equal", "threshold", *NAMED]


# --------------------------------------------------------------------------- strategies

_QUAL = [
    "达成",
    "部分达成",
    "未达成",
    "有效",
    "显著提升",
    "基本完成",
    "未见成效",
    "尚未完成",
    "暂无",
    "有新进步",
]
_UNITS = ["", "%", "人次", "米", "厘米", "万元", "元", "天"]


@st.composite
def _number_text(draw: st.DrawFn, sign: str, unit: str) -> str:
    units = draw(st.integers(-50, 10**6))
    places = draw(st.integers(0, 3))
    return sign + str(Fixed(units, places)) + unit


@st.composite
def _indicator(draw: st.DrawFn, i: int) -> Indicator:
    weight = Fixed(draw(st.integers(0, 3000)), draw(st.integers(0, 2)))
    rule = draw(st.sampled_from(RULE_NAMES))
    qual = rule == "lenient" or (rule is None and draw(st.booleans()))
    if qual:
        target = parse_value(draw(st.sampled_from(_QUAL)))
        actual = draw(st.none() | st.sampled_from(_QUAL).map(parse_value))
        direction = Direction.QUAL
    else:
        sign = draw(st.sampled_from(["", "≥", "≤", "="]))
        unit = draw(st.sampled_from(_UNITS))
        target = parse_value(draw(_number_text(sign.replace("", "") if sign else "", unit)))
        other = draw(st.sampled_from([unit, unit, "", *_UNITS]))
        actual = draw(
            st.none()
            | _number_text("", other).map(lambda t: parse_value(t, unit=target.unit))
            | st.sampled_from(_QUAL).map(parse_value)
        )
        direction = target.direction or draw(
            st.sampled_from([Direction.GE, Direction.LE, Direction.EQ])
        )
    declared = draw(st.none() | st.integers(0, weight.at(4)).map(lambda u: Fixed(u, 4)))
    return Indicator(
        name=f"指标{i}",
        weight=weight,
        target=target,
        actual=actual,
        level1=draw(
            st.sampled_from(["", "产出指标", "效益指标", "满意度指标", "投入", "过程", "其他"])
        ),
        direction=direction,
        rule=None if qual and rule != "lenient" else rule,
        declared_score=declared,
        not_applicable=draw(st.integers(0, 6)) == 0,
        deduction=draw(st.none() | st.integers(0, 300).map(lambda u: Fixed(u, 2))),
    )


@st.composite
def evaluations(draw: st.DrawFn) -> Evaluation:
    n = draw(st.integers(0, 6))
    return Evaluation(
        year=2022,
        department=draw(departments()),
        budget=tuple(draw(st.lists(budget_lines(), max_size=2))),
        indicators=tuple(draw(_indicator(i)) for i in range(n)),
    )


@st.composite
def scheme_variants(draw: st.DrawFn) -> Scheme:
    base = schemes.get(draw(st.sampled_from(schemes.names())), 2022)
    places = draw(
        st.integers(1, 4)
    )  # 0.5-point constants need a decimal; 0 places: test_rounding_policies_match
    execution = base.execution
    if execution is not None:
        execution = ExecutionPolicy(
            execution.weight, draw(st.booleans()), draw(st.integers(2, 4)), draw(st.booleans())
        )
    return attrs.evolve(
        base,
        rounding=Rounding(places, draw(st.integers(0, places))),
        not_applicable=draw(st.sampled_from(["rescale", "zero"])),
        named_rules={**base.named_rules, **NAMED},
        execution=execution,
    )


# --------------------------------------------------------------------------- the reference


def _up(x: Fraction, places: int) -> int:
    """Half-up to *places* decimals, in units (x ≥ 0)."""
    return math.floor(x * 10**places + Fraction(1, 2))


def _kernel_free_points(ind: Indicator, rule: Rule, places: int) -> tuple[int, Status]:
    w = ind.weight.as_fraction()
    wu = ind.weight.at(places)
    if isinstance(rule, QualitativeRule):
        band = rule.band(ind.target, ind.actual)
        hi = _up(w * rule.high.as_fraction() / 100, places)
        lo = _up(w * rule.low.as_fraction() / 100, places)
        bounds = {0: (hi, wu), 1: (lo, max(hi - 1, lo)), 2: (0, max(lo - 1, 0))}.get(band, (0, wu))
        if ind.declared_score is None:
            return (
                {0: wu, 1: hi, 2: lo}.get(band, 0),
                Status.NEEDS_SCORE if band < 0 else Status.OK,
            )
        d = _up(ind.declared_score.as_fraction(), places)
        c = min(max(d, bounds[0]), bounds[1])
        return c, Status.BAND_UNKNOWN if band < 0 else (Status.OUT_OF_BAND if c != d else Status.OK)
    if ind.actual is None:
        return 0, Status.NO_ACTUAL
    if ind.target.number is None or ind.actual.number is None:
        return 0, Status.NOT_A_NUMBER
    a, b = ind.target.number.as_fraction(), ind.actual.in_unit_of(ind.target)
    if b is None:
        return 0, Status.UNIT_MISMATCH
    v: Fraction
    if isinstance(rule, ProportionalRule | EqualRule):
        if isinstance(rule, EqualRule) and a == 0:
            v = w if b <= 0 else Fraction(0)
        else:
            bb = max(b, Fraction(0))
            v = w if bb >= a else w * bb / a
    elif isinstance(rule, ReverseRule):
        bb = max(b, Fraction(0))
        if bb <= a:
            v = w
        elif a <= 0:
            v = Fraction(0)
        elif rule.variant == "ratio":
            v = w * a / bb
        else:
            v = Fraction(0) if bb >= 2 * a else w * (2 * a - bb) / a
    elif isinstance(rule, ThresholdRule):
        met = {Direction.LE: b <= a, Direction.EQ: b == a}.get(ind.direction, b >= a)
        v = w if met else Fraction(0)
    elif isinstance(rule, BandsRule):
        if rule.on == "ratio" and a <= 0:
            return 0, Status.NOT_A_NUMBER
        x = b if rule.on == "actual" else 100 * b / a
        v = Fraction(0)
        for band in rule.bands:
            lo_ok = band.low is None or (
                x >= band.low.as_fraction() if band.low_inclusive else x > band.low.as_fraction()
            )
            hi_ok = band.high is None or (
                x <= band.high.as_fraction() if band.high_inclusive else x < band.high.as_fraction()
            )
            if lo_ok and hi_ok:
                v = min(band.points.as_fraction(), w)
                break
    elif isinstance(rule, DeductionRule):
        limit = a if rule.limit is None else rule.limit.as_fraction()
        excess = max(b - limit if rule.when == "above" else limit - b, Fraction(0))
        steps = excess / rule.per.as_fraction()
        if rule.partial == "ceil":
            steps = Fraction(math.ceil(steps))
        elif rule.partial == "floor":
            steps = Fraction(math.floor(steps))
        v = max(w - rule.points_per.as_fraction() * steps, Fraction(0))
    else:  # pragma: no cover - every kind is above
        raise TypeError(rule)
    return _up(v, places), Status.OK


def reference(ev: Evaluation, sch: Scheme) -> tuple[list[Fraction | None], Fraction, str]:
    """Row points, total and grade, from the rules as RULES.md §2 writes them."""
    p, tp = sch.rounding.places, sch.rounding.total_places
    rows: list[Fraction | None] = []
    units, applicable, na = 0, 0, False
    for ind in ev.indicators:
        rule = sch.rule_for(ind)
        if ind.not_applicable:
            rows.append(None)
            na = True
            continue
        u, status = _kernel_free_points(ind, rule, p)
        if status in (
            Status.NO_ACTUAL,
            Status.NOT_A_NUMBER,
            Status.UNIT_MISMATCH,
            Status.NEEDS_SCORE,
        ):
            u = 0
        elif ind.deduction is not None:
            u = max(u - _up(ind.deduction.as_fraction(), p), 0)
        rows.append(Fraction(u, 10**p))
        units += u
        applicable += ind.weight.at(p)
    if sch.execution is not None:
        pol = sch.execution
        planned, executed = ev.planned.fen, max(ev.executed.fen, 0)
        if planned > 0:
            rate = Fraction(min(executed, planned) if pol.cap else executed, planned)
            if pol.round_rate:
                rate = Fraction(_up(rate, pol.rate_places), 10**pol.rate_places)
            units += _up(pol.weight.as_fraction() * rate, p)
        applicable += pol.weight.at(p)
    total = Fraction(units, 10**p)
    if na and sch.not_applicable == "rescale" and applicable > 0:
        total = total * sch.weights.total.at(p) / applicable
    t = Fraction(_up(total, tp), 10**tp)
    grade = next(
        (g.label for g in sch.grades.grades if t >= g.lower.as_fraction()),
        sch.grades.grades[-1].label,
    )
    return rows, t, grade


# --------------------------------------------------------------------------- the properties


def _dec(x: Fraction) -> Decimal:
    return Decimal(x.numerator) / Decimal(x.denominator)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)  # whole batches: CI time
@given(st.lists(evaluations(), min_size=1, max_size=4), scheme_variants())
def test_batch_equals_scalar_equals_fraction_reference(evs: list[Evaluation], sch: Scheme) -> None:
    """Per row and per evaluation: batch == score() == the Fraction reference."""
    rows, budget = batch.columns_of(list(enumerate(evs)))
    out = batch.score_table(rows, budget, scheme=sch)
    got_rows = out.indicators.to_pylist()
    got = {e["evaluation"]: e for e in out.evaluations.to_pylist()}
    k = 0
    for i, ev in enumerate(evs):
        mine = got_rows[k : k + len(ev.indicators)]
        k += len(ev.indicators)
        if not ev.indicators and not ev.budget:
            assert i not in got
            continue
        try:
            result = perfrules.score(ev, sch)
        except PerfrulesError:
            assert got[i]["status"] != "ok"
            continue
        ref_rows, ref_total, ref_grade = reference(ev, sch)
        assert [None if r is None else _dec(r) for r in ref_rows] == [
            None if ln.points is None else _dec(ln.points.as_fraction()) for ln in result.lines
        ]
        assert [r["points"] for r in mine] == [None if r is None else _dec(r) for r in ref_rows]
        assert [r["status"] for r in mine] == [
            ln.status.name.lower().replace("_", "-") for ln in result.lines
        ]
        assert ref_total == result.total.as_fraction()
        assert ref_grade == result.grade.label
        assert got[i]["status"] == "ok"
        assert got[i]["total"] == _dec(ref_total)
        assert got[i]["grade"] == ref_grade
        assert got[i]["findings"] == len(
            [f for f in result.findings if not f.code.startswith("declared-")]
        )
        if result.execution is not None:
            assert got[i]["execution_points"] == _dec(result.execution.points.as_fraction())


def test_seed_example_batch_equals_scalar() -> None:
    """The seed (番禺 2021) scores 94.16 优 both ways."""
    ev = perfrules.load("examples/panyu-2021.toml")
    rows, budget = batch.columns_of([("panyu", ev)])
    out = batch.score_table(rows, budget)
    (row,) = out.evaluations.to_pylist()
    result = perfrules.score(ev)

    assert (row["total"], row["grade"]) == (Decimal("94.16"), "优")
    assert str(result.total) == str(row["total"])
    assert row["execution_points"] == Decimal("9.83")


@pytest.mark.parametrize("places", [0, 1, 2, 3, 4])
def test_rounding_policies_match(places: int) -> None:
    """Half-up at each scheme's places: 10 × 2/3 = 6.67 at 2 places, 7 at 0, the same both ways."""
    sch = attrs.evolve(
        schemes.get("mof-2020-project", 2022), rounding=Rounding(places, places), execution=None
    )
    ev = Evaluation(
        2022,
        perfrules.Department("x"),
        indicators=(Indicator("a", Fixed(10), parse_value("≥3"), parse_value("2")),),
    )
    rows, budget = batch.columns_of([(1, ev)])
    out = batch.score_table(rows, budget, scheme=sch)

    assert out.evaluations["total"] == [Decimal(str(perfrules.score(ev, sch).total))]


@st.composite
def _wide_indicator(draw: st.DrawFn, i: int) -> Indicator:
    """Numbers from 0.00000001 to 10¹⁷ side by side, so one exponent for all may not fit a product."""

    def number() -> Fixed:
        return Fixed(draw(st.integers(0, 10**17)), draw(st.sampled_from([0, 0, 1, 2, 8])))

    rule = draw(st.sampled_from([r for r in RULE_NAMES if r not in ("lenient", "linear")]))
    target, actual = number(), number()
    sign = draw(st.sampled_from(["≥", "≤", "="]))
    return Indicator(
        name=f"指标{i}",
        weight=Fixed(draw(st.integers(0, 10**6)), draw(st.integers(0, 2))),
        target=parse_value(sign + str(target)),
        actual=parse_value(str(actual)),
        rule=rule,
    )


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)  # whole batches: CI time
@given(st.lists(st.integers(1, 8), min_size=1, max_size=4), st.data())
def test_batch_equals_scalar_for_numbers_of_any_size(sizes: list[int], data: st.DataObject) -> None:
    """Rows whose products overflow at the table's widest exponent but not at their own score as score()."""
    sch = attrs.evolve(
        schemes.get("mof-2020-project", 2022), named_rules=NAMED, rounding=Rounding(2, 2)
    )
    evs = [
        Evaluation(
            year=2022,
            department=data.draw(departments()),
            indicators=tuple(data.draw(_wide_indicator(i)) for i in range(n)),
        )
        for n in sizes
    ]
    rows, budget = batch.columns_of(list(enumerate(evs)))
    got = batch.score_table(rows, budget, scheme=sch).indicators.to_pylist()
    k = 0
    for ev in evs:
        mine, k = got[k : k + len(ev.indicators)], k + len(ev.indicators)
        try:
            want = perfrules.score(ev, sch).lines
        except PerfrulesError:  # score() refuses a row beyond int64 arithmetic
            assert "overflow" in [r["status"] for r in mine]
            continue
        assert [r["status"] for r in mine] == [
            ln.status.name.lower().replace("_", "-") for ln in want
        ]
        assert [r["points"] for r in mine] == [
            None if ln.points is None else _dec(ln.points.as_fraction()) for ln in want
        ]


def test_a_product_too_big_at_the_widest_exponent_is_scored_at_the_rows_own() -> None:
    """2e9 and 1e9 fit at 8 decimals (0.00000001 is in the column), 10 × 1e9 × 10⁸ × 100 does not."""
    out = batch.score_table(
        {
            "evaluation": ["a", "a"],
            "weight": ["10", "10"],
            "target": ["≥2000000000", "≥5"],
            "actual": ["1000000000", "0.00000001"],
        },
        scheme="mof-2020-project",
        year=2022,
    )
    assert [(r["points"], r["status"]) for r in out.indicators.to_pylist()] == [
        (Decimal("5.00"), "ok"),
        (Decimal("0.00"), "ok"),
    ]
