"""
Rule kinds: every kernel against an independent exact reference written with Fractions.

The kernels work on int64 columns (:class:`Rows`); each reference below computes the points of
one row from the formula in RULES.md with :class:`fractions.Fraction` and rounds half-up to the
point unit. Ties (exact halves) are drawn on purpose.

Every row is scored three times: on numpy columns, as one row of Python ints (``Rows.one``),
and by the kernel compiled for one row (:mod:`perfrules._compile`, what ``score()`` runs for the
built-in kinds); :func:`run` asserts the three agree before the result is compared with the
reference.
"""

from __future__ import annotations

import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests.strategies import EXACT

from perfrules._compile import compiled
from perfrules._engine import _execution_kernel
from perfrules._ops import ARRAY, ONE
from perfrules._quantity import INT_LIMIT, Fixed, parse_value
from perfrules._rule_params import rule_from_params
from perfrules._rules import (
    Band,
    BandsRule,
    DeductionRule,
    EqualRule,
    ProportionalRule,
    QualitativeRule,
    ReverseRule,
    Rows,
    Rule,
    Status,
    ThresholdRule,
    _half_up_room,
    _ratio_points,
    execution_points,
    rule_kind,
    rule_kinds,
)
from perfrules.errors import InvalidInputError
from perfrules.schemes import ExecutionPolicy

PLACES = 2
_CJK = re.compile(r"[\u4e00-\u9fff]")
UNIT = 10**PLACES


def half_up(x: Fraction) -> int:
    """x (≥ 0) in point units, rounded half-up: the reference rounding."""
    scaled = x * UNIT
    whole, rest = divmod(scaled, 1)
    return int(whole) + (1 if rest >= Fraction(1, 2) else 0)


# One row: weight in point units, target and actual as integers at a decimal exponent.
weights = st.integers(0, 100 * UNIT)
magnitudes = st.integers(-(10**7), 10**7)
exps = st.integers(0, 4)


def one_row(w: int, a: int, b: int, exp: int, **kw: int) -> Rows:
    cols = {k: [v] for k, v in kw.items()}
    return Rows.build(weight=[w], target=[a], actual=[b], exp=[exp], places=PLACES, **cols)


_FIELDS = ("weight", "target", "actual", "exp", "declared", "band", "direction")


def run(rule: Rule, rows: Rows) -> tuple[int, int]:
    """
    The points and status of a one-row *rows*; the Python-int path, and the kernel compiled
    for one row (what ``score()`` calls), must give the same.
    """
    pts, status = rule.points(rows)
    got = int(pts[0]), int(status[0])
    if rule.generic:
        ints = [int(getattr(rows, f)[0]) for f in _FIELDS]
        one = rule.points(Rows.one(*ints, rows.places))
        assert [type(x) for x in one] == [int, int], one  # no numpy scalar leaks into the int path
        assert one == got, (one, got)
        kernel = compiled(rule, rows.places)
        assert kernel is not None, rule  # every built-in generic kind compiles
        assert kernel(*ints) == got, (kernel.__doc__, ints, got)
    return got


def frac(v: int, exp: int) -> Fraction:
    return Fraction(v, 10**exp)


class TestProportional:
    @staticmethod
    def ref(w: int, a: Fraction, b: Fraction) -> int:
        wf = Fraction(w, UNIT)
        b = max(b, Fraction(0))  # a negative actual counts as 0
        if b >= a:
            return w
        return half_up(wf * b / a)

    @given(weights, st.integers(1, 10**7), magnitudes, exps)
    @example(1000, 3, 1, 0)  # 10·1/3 = 3.333… → 3.33
    @example(1000, 3, 2, 0)  # 6.666… → 6.67
    @example(1, 2, 1, 0)  # 0.01·½ = 0.005 → 0.01 (a tie rounds up)
    @example(1000, 800, 1, 0)  # 10/800 = 0.0125 → 0.01
    @example(1000, 160, 1, 0)  # 10/160 = 0.0625 → 0.06
    @example(1000, 400, 1, 0)  # 10/400 = 0.025 → 0.03 (tie)
    @example(1000, 100, -5, 0)  # negative actual → 0
    @EXACT
    def test_against_reference(self, w: int, a: int, b: int, exp: int) -> None:
        """B ≥ A → w, else w·B/A rounded half-up; never above w."""
        pts, status = run(ProportionalRule(), one_row(w, a, b, exp))

        assert pts == self.ref(w, frac(a, exp), frac(b, exp))
        assert 0 <= pts <= w
        assert status == Status.OK

    def test_ties_round_up(self) -> None:
        """w·B/A = x.xx5 exactly rounds up: 10 × 1/400 = 0.025 → 0.03, 1 × 5/8 = 0.625 → 0.63."""
        rows = Rows.build(weight=[1000, 100], target=[400, 8], actual=[1, 5], exp=[0, 0])

        assert ProportionalRule().points(rows)[0].tolist() == [3, 63]

    def test_rounding_does_not_overflow(self) -> None:
        """Regression: 2·w·B + A left int64 (w = 10, A = 4e18, B = 4e15 scored -0.01, status OK)."""
        assert run(ProportionalRule(), one_row(1000, 4 * 10**18, 4 * 10**15, 0)) == (
            0,
            Status.OVERFLOW,
        )
        assert run(ProportionalRule(), one_row(1000, 4 * 10**15, 4 * 10**12, 0)) == (1, Status.OK)

    def test_vectorized_equals_scalar(self) -> None:
        """Many rows at once give what each row gives alone (one kernel, both paths)."""
        rng = np.random.default_rng(2)
        w = rng.integers(0, 2000, 50)
        a = rng.integers(1, 10_000, 50)
        b = rng.integers(-100, 20_000, 50)
        rows = Rows.build(weight=w, target=a, actual=b, exp=np.zeros(50, dtype=np.int64))
        together = ProportionalRule().points(rows)[0].tolist()

        assert together == [
            run(ProportionalRule(), one_row(*map(int, t), 0))[0] for t in zip(w, a, b, strict=True)
        ]


class TestReverse:
    @staticmethod
    def ref(variant: str, w: int, a: Fraction, b: Fraction) -> int:
        wf = Fraction(w, UNIT)
        b = max(b, Fraction(0))
        if b <= a:
            return w
        if a <= 0:
            return 0
        if variant == "ratio":
            return half_up(wf * a / b)
        return half_up(wf * max(Fraction(0), 1 - (b - a) / a))

    @given(st.sampled_from(["ratio", "linear"]), weights, st.integers(0, 10**7), magnitudes, exps)
    @example("ratio", 1000, 100, 120, 0)  # 8.33
    @example("linear", 1000, 100, 120, 0)  # 8.00
    @example("linear", 1000, 100, 200, 0)  # B = 2A → 0
    @example("linear", 1000, 100, 250, 0)  # beyond 2A → 0
    @example("ratio", 1000, 1, 400, 0)  # 10/400 = 0.025 → 0.03 (tie)
    @example("linear", 1, 2, 3, 0)  # 0.01·½ → 0.01 (tie)
    @example("ratio", 1000, 0, 5, 0)  # A = 0, B > 0 → 0
    @example("ratio", 1000, 100, -5, 0)  # negative actual → full
    @EXACT
    def test_against_reference(self, variant: str, w: int, a: int, b: int, exp: int) -> None:
        """B ≤ A → w, else w·A/B (ratio) or w·max(0, 1 − (B−A)/A) (linear)."""
        pts, status = run(ReverseRule(variant=variant), one_row(w, a, b, exp))

        assert pts == self.ref(variant, w, frac(a, exp), frac(b, exp))
        assert 0 <= pts <= w
        assert status == Status.OK

    def test_documented_example(self) -> None:
        """A = 100, B = 120, w = 10: 8.33 with A/B, 8.00 linearly (RULES.md §1.3)."""
        rows = one_row(1000, 100, 120, 0)

        assert run(ReverseRule(), rows)[0] == 833
        assert run(ReverseRule(variant="linear"), rows)[0] == 800

    def test_unknown_variant(self) -> None:
        """Only ratio and linear exist."""
        with pytest.raises(ValueError, match="'variant' must be in"):
            ReverseRule(variant="log")


class TestEqual:
    @staticmethod
    def ref(w: int, a: Fraction, b: Fraction) -> int:
        if a == 0:
            return w if b <= 0 else 0
        return TestProportional.ref(w, a, b)

    @given(weights, st.integers(0, 10**7) | st.just(0), magnitudes, exps)
    @example(1000, 0, 0, 0)  # A = 0, B = 0 → w
    @example(1000, 0, -1, 0)  # A = 0, B < 0 → w
    @example(1000, 0, 1, 3)  # A = 0, B = 0.001 → 0
    @example(1000, 100, 150, 0)  # above target → w (like ≥)
    @example(1000, 8, 5, 0)  # 6.25 exactly
    @EXACT
    def test_against_reference(self, w: int, a: int, b: int, exp: int) -> None:
        """Like proportional; with A = 0: B ≤ 0 → w, else 0."""
        pts, status = run(EqualRule(), one_row(w, a, b, exp))

        assert pts == self.ref(w, frac(a, exp), frac(b, exp))
        assert 0 <= pts <= w
        assert status == Status.OK


class TestThreshold:
    @staticmethod
    def ref(w: int, a: Fraction, b: Fraction, direction: int) -> int:
        met = {0: b >= a, 1: b <= a, 2: b == a}[direction]
        return w if met else 0

    @given(weights, magnitudes, magnitudes, exps, st.sampled_from([0, 1, 2]))
    @example(1000, 5, 5, 0, 0)
    @example(1000, 5, 5, 0, 1)
    @example(1000, 5, 5, 0, 2)
    @example(1000, 5, 4, 0, 2)
    @EXACT
    def test_against_reference(self, w: int, a: int, b: int, exp: int, direction: int) -> None:
        """All or nothing in the row's direction (≥, ≤, =)."""
        pts, _ = run(ThresholdRule(), one_row(w, a, b, exp, direction=direction))

        assert pts == self.ref(w, frac(a, exp), frac(b, exp), direction)


# Bands: bounds with up to 2 decimals; rows must carry at least the bounds' decimals.
bound_values = st.builds(Fixed, st.integers(-200, 20_000), st.integers(0, 2))


@st.composite
def bands_rules(draw: st.DrawFn) -> BandsRule:
    out = []
    for _ in range(draw(st.integers(1, 4))):
        lo = draw(st.none() | bound_values)
        hi = draw(st.none() | bound_values)
        out.append(
            Band(
                draw(st.builds(Fixed, st.integers(0, 2000), st.integers(0, 2))),
                lo,
                hi,
                draw(st.booleans()),
                draw(st.booleans()),
            )
        )
    return BandsRule(tuple(out), on=draw(st.sampled_from(["actual", "ratio"])))


class TestBands:
    @staticmethod
    def ref(rule: BandsRule, w: int, a: Fraction, b: Fraction) -> tuple[int, int]:
        if rule.on == "ratio":
            if a <= 0:
                return 0, Status.NOT_A_NUMBER
            v = b / a * 100
        else:
            v = b
        for band in rule.bands:
            lo_ok = band.low is None or (
                v >= band.low.as_fraction() if band.low_inclusive else v > band.low.as_fraction()
            )
            hi_ok = band.high is None or (
                v <= band.high.as_fraction() if band.high_inclusive else v < band.high.as_fraction()
            )
            if lo_ok and hi_ok:
                return min(half_up(band.points.as_fraction()), w), Status.OK
        return 0, Status.OK

    @given(
        bands_rules(),
        weights,
        st.integers(-(10**6), 10**6),
        st.integers(-(10**6), 10**6),
        st.integers(0, 2),
    )
    @EXACT
    def test_against_reference(self, rule: BandsRule, w: int, a: int, b: int, extra: int) -> None:
        """The first band holding B (or 100·B/A) earns its points, capped at w; none → 0."""
        exp = rule.value_places() + extra
        pts, status = run(rule, one_row(w, a, b, exp))

        assert (pts, status) == self.ref(rule, w, frac(a, exp), frac(b, exp))
        assert 0 <= pts <= w

    STEPS = BandsRule(
        (
            Band(Fixed(5), Fixed(90)),
            Band(Fixed(4), Fixed(80), Fixed(90)),
            Band(Fixed(2), Fixed(60), Fixed(80)),
        ),
        on="ratio",
    )

    @pytest.mark.parametrize(
        ("a", "b", "points"),
        [
            pytest.param(100, 95, 500, id="above-90"),
            pytest.param(100, 90, 500, id="exactly-90-inclusive"),
            pytest.param(1000, 899, 400, id="89.9"),
            pytest.param(100, 80, 400, id="exactly-80"),
            pytest.param(100, 79, 200, id="79"),
            pytest.param(100, 59, 0, id="below-every-band"),
            pytest.param(3, 2, 200, id="66.67"),
        ],
    )
    def test_steps_on_ratio(self, a: int, b: int, points: int) -> None:
        """≥90% → 5, [80, 90) → 4, [60, 80) → 2, else 0; lower bounds inclusive."""
        assert run(self.STEPS, one_row(1000, a, b, 0)) == (points, Status.OK)

    def test_ratio_with_zero_target(self) -> None:
        """On ratio a target of 0 has no completion rate: 0 and a status."""
        assert run(self.STEPS, one_row(1000, 0, 5, 0)) == (0, Status.NOT_A_NUMBER)

    @pytest.mark.parametrize(
        ("rule", "a", "b", "exp"),
        [
            pytest.param(STEPS, 1, 10**17, 0, id="ratio-100B-beyond-int64"),
            pytest.param(
                BandsRule((Band(Fixed(5), Fixed(90)),)),
                0,
                10**18,
                18,
                id="actual-bound-beyond-int64",
            ),
        ],
    )
    def test_overflow_is_flagged(self, rule: BandsRule, a: int, b: int, exp: int) -> None:
        """Regression: products beyond int64 wrapped silently (1e17 on a ratio band scored 0, status OK)."""
        assert run(rule, one_row(1000, a, b, exp)) == (0, Status.OVERFLOW)

    def test_from_params(self) -> None:
        """A scheme file writes bands as intervals; points above w are capped."""
        rule = rule_from_params(
            {
                "kind": "bands",
                "on": "actual",
                "bands": [{"points": "12", "range": "[90,)"}, {"points": "3", "range": "[0, 90)"}],
            }
        )

        assert run(rule, one_row(1000, 0, 95, 0))[0] == 1000
        assert run(rule, one_row(1000, 0, 89, 0))[0] == 300
        assert run(rule, one_row(1000, 0, -1, 0))[0] == 0


@st.composite
def deduction_rules(draw: st.DrawFn) -> DeductionRule:
    return DeductionRule(
        points=draw(st.builds(Fixed, st.integers(0, 500), st.integers(0, 2))),
        per=draw(st.builds(Fixed, st.integers(1, 500), st.integers(0, 2))),
        limit=draw(st.none() | st.builds(Fixed, st.integers(-1000, 100_000), st.integers(0, 2))),
        when=draw(st.sampled_from(["above", "below"])),
        partial=draw(st.sampled_from(["proportional", "ceil", "floor"])),
    )


class TestDeduction:
    @staticmethod
    def ref(rule: DeductionRule, w: int, a: Fraction, b: Fraction) -> int:
        limit = a if rule.limit is None else rule.limit.as_fraction()
        excess = max(b - limit if rule.when == "above" else limit - b, Fraction(0))
        steps = excess / rule.per.as_fraction()
        if rule.partial == "ceil":
            steps = Fraction(-(-steps.numerator // steps.denominator))
        elif rule.partial == "floor":
            steps = Fraction(steps.numerator // steps.denominator)
        left = Fraction(w, UNIT) - rule.points_per.as_fraction() * steps
        return half_up(max(left, Fraction(0)))

    @given(
        deduction_rules(),
        weights,
        st.integers(-(10**6), 10**6),
        st.integers(-(10**6), 10**6),
        st.integers(0, 2),
    )
    @example(DeductionRule(points=Fixed(5, 1)), 1000, 100, 103, 0)  # 3 points over: 10 − 1.5
    @example(
        DeductionRule(points=Fixed(5, 1), partial="ceil"), 1000, 100, 1005, 1
    )  # 0.5 over → 1 step
    @example(
        DeductionRule(points=Fixed(5, 1), partial="floor"), 1000, 100, 1005, 1
    )  # 0.5 over → 0 steps
    @example(DeductionRule(points=Fixed(5, 1), when="below"), 1000, 100, 97, 0)
    @example(DeductionRule(points=Fixed(1)), 1000, 0, 125, 3)  # 10 − 0.125 = 9.875 → 9.88 (tie)
    @example(DeductionRule(points=Fixed(1)), 1000, 0, 5, 3)  # 10 − 0.005 = 9.995 → 10.00 (tie)
    @example(DeductionRule(points=Fixed(1)), 1000, 0, 100, 0)  # far over → floored at 0
    @EXACT
    def test_against_reference(
        self, rule: DeductionRule, w: int, a: int, b: int, extra: int
    ) -> None:
        """w minus d per unit of excess (or shortfall), floored at 0, rounded half-up."""
        exp = rule.value_places() + extra
        pts, status = run(rule, one_row(w, a, b, exp))

        assert pts == self.ref(rule, w, frac(a, exp), frac(b, exp))
        assert 0 <= pts <= w
        assert status == Status.OK

    def test_points_are_rounded_not_the_deduction(self) -> None:
        """Regression: 10 − 1 × 0.125 is 9.875 → 9.88; rounding the deduction first gave 9.87."""
        assert run(DeductionRule(points=Fixed(1)), one_row(1000, 0, 125, 3))[0] == 988

    def test_overflow_is_flagged(self) -> None:
        """Regression: a limit scaled beyond int64 is an overflow, not a wrapped number."""
        rule = DeductionRule(points=Fixed(1), limit=Fixed(90))

        assert run(rule, one_row(1000, 0, 10**18, 18)) == (0, Status.OVERFLOW)

    def test_hunan_example(self) -> None:
        """每超过一个百分点扣0.5分: 103% against a limit of 100% on 5 points leaves 3.5."""
        rule = rule_from_params({"kind": "deduction", "points": "0.5", "limit": "100"})

        assert run(rule, one_row(500, 0, 103, 0))[0] == 350
        assert run(rule, one_row(500, 0, 100, 0))[0] == 500

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            pytest.param({"points": "1", "per": "0"}, "per: must be positive", id="per-zero"),
            pytest.param({"points": "-1"}, "points: must not be negative", id="negative-points"),
            pytest.param(
                {"points": "1", "when": "sideways"},
                "when: expected one of above, below, got 'sideways'",
                id="bad-when",
            ),
            pytest.param(
                {"points": "1", "partial": "round"},
                "partial: expected one of proportional, ceil, floor, got 'round'",
                id="bad-partial",
            ),
        ],
    )
    def test_invalid(self, params: dict[str, str], message: str) -> None:
        """Bad parameters are located errors."""
        with pytest.raises(InvalidInputError, match=message):
            rule_from_params({"kind": "deduction", **params})


@st.composite
def qualitative_rules(draw: st.DrawFn) -> QualitativeRule:
    # Bounds in tenths of a percent, 0 ≤ low ≤ high ≤ 100 (no filtering: generation stays fast).
    low = draw(st.integers(0, 1000))
    high = draw(st.integers(low, 1000))
    return QualitativeRule(high=Fixed(high, 1), low=Fixed(low, 1))


@st.composite
def weight_and_declared(draw: st.DrawFn) -> tuple[int, int]:
    """A weight and a declared score in [0, w], or -1 for none (the loader refuses more than w)."""
    w = draw(weights)
    return w, draw(st.just(-1) | st.integers(0, w))


class TestQualitative:
    @staticmethod
    def ref(rule: QualitativeRule, w: int, band: int, declared: int) -> tuple[int, int]:
        wf = Fraction(w, UNIT)
        hi = half_up(wf * rule.high.as_fraction() / 100)
        lo = half_up(wf * rule.low.as_fraction() / 100)
        if band < 0:
            if declared < 0:
                return 0, Status.NEEDS_SCORE
            return min(max(declared, 0), w), Status.BAND_UNKNOWN
        # Integer point units of each band: 达成 [hi, w], 部分达成 [lo, hi), 未达成 [0, lo).
        low, high, top = [(hi, w, w), (lo, max(hi - 1, lo), hi), (0, max(lo - 1, 0), lo)][band]
        if declared < 0:
            return top, Status.OK
        clamped = min(max(declared, low), high)
        return clamped, Status.OK if clamped == declared else Status.OUT_OF_BAND

    @given(qualitative_rules(), weight_and_declared(), st.sampled_from([-1, 0, 1, 2]))
    @example(QualitativeRule(), (1000, 763), 1)  # the seed's 7.63 in [6, 8)
    @example(QualitativeRule(), (1000, 800), 1)  # 8 is not in 部分达成: clamped to 7.99
    @example(QualitativeRule(), (1000, 700), 0)  # 7 is not in 达成: clamped to 8
    @example(QualitativeRule(), (1000, 600), 2)  # 6 is not in 未达成: clamped to 5.99
    @example(QualitativeRule(), (1000, -1), 1)  # no declared score: the band's top
    @example(QualitativeRule(), (5, -1), 1)  # 0.05·0.8 = 0.04, 0.05·0.6 = 0.03
    @example(QualitativeRule(), (25, -1), 0)  # 0.25·0.8 = 0.2, 0.25·0.6 = 0.15 (exact)
    @example(QualitativeRule(), (1000, -1), -1)  # unknown band, no score
    @example(QualitativeRule(), (1000, 450), -1)  # unknown band, declared score used
    @EXACT
    def test_against_reference(self, rule: QualitativeRule, wd: tuple[int, int], band: int) -> None:
        """Declared scores are clamped into their band; without one, the band's top."""
        w, declared = wd
        pts, status = run(rule, one_row(w, 0, 0, 0, band=band, declared=declared))

        assert (pts, status) == self.ref(rule, w, band, declared)
        assert 0 <= pts <= w

    @pytest.mark.parametrize(
        ("target", "actual", "band"),
        [
            pytest.param("有新进步", "有新进步", 0, id="repeats-target"),
            pytest.param("显著丰富", "达成年度指标", 0, id="achieved"),
            pytest.param("合规", "合规", 0, id="compliant"),
            pytest.param("及时", "已完成", 0, id="done"),
            pytest.param("显著丰富", "部分达成：线下活动转为线上", 1, id="partly"),
            pytest.param("有效", "基本达成", 1, id="basically"),
            pytest.param("有效", "未达成", 2, id="not-achieved"),
            pytest.param("有效", "未完成", 2, id="not-done"),
            pytest.param("有效", "受疫情影响", -1, id="unknown"),
        ],
    )
    def test_band_from_text(self, target: str, actual: str, band: int) -> None:
        """The actual's words place the row in a band."""
        assert QualitativeRule.band(parse_value(target), parse_value(actual)) == band

    def test_no_actual_has_no_band(self) -> None:
        """Without an actual the band is unknown."""
        assert QualitativeRule.band(parse_value("有效"), None) == -1

    def test_bounds_must_be_ordered(self) -> None:
        """low ≤ high ≤ 100."""
        with pytest.raises(InvalidInputError, match=r"need 0 ≤ low ≤ high ≤ 100"):
            rule_from_params({"kind": "qualitative", "high": "50", "low": "60"})


class TestExecution:
    @staticmethod
    def ref(
        w: int, executed: int, planned: int, *, round_rate: bool, rate_places: int, cap: bool
    ) -> tuple[int, int]:
        if planned <= 0:
            return 0, Status.NOT_A_NUMBER
        rate = Fraction(max(executed, 0), planned)
        if cap:
            rate = min(rate, Fraction(1))
        if round_rate:
            scaled = rate * 10**rate_places
            whole, rest = divmod(scaled, 1)
            rate = Fraction(int(whole) + (1 if rest >= Fraction(1, 2) else 0), 10**rate_places)
        return half_up(Fraction(w, UNIT) * rate), Status.OK

    @given(
        weights,
        st.integers(-(10**6), 10**13),
        st.integers(-1, 10**13),
        st.tuples(st.booleans(), st.integers(0, 6), st.booleans()),
    )
    @example(1000, 203_203_000, 206_622_000, (False, 4, True))  # the seed: 9.83
    @example(1000, 203_203_000, 206_622_000, (True, 4, True))  # rate 98.35% first: 9.84
    @example(1000, 1, 8, (False, 4, True))  # 10 × 0.125 = 1.25 exactly
    @example(100, 1, 8, (False, 4, True))  # 1 × 0.125 = 0.125 → 0.13 (tie)
    @example(1000, 1, 800, (True, 4, True))  # rate 0.00125 → 0.0013 → 0.013 → 0.01
    @example(1000, 300, 200, (False, 4, True))  # over-execution capped at w
    @example(1000, 300, 200, (False, 4, False))  # uncapped: 15.00
    @example(1000, 5, 0, (False, 4, True))  # no planned budget: 0
    @example(0, 4_611_686_018_428, 0, (True, 6, False))  # no plan: not an overflow
    @EXACT
    def test_against_reference(
        self, w: int, executed: int, planned: int, policy: tuple[bool, int, bool]
    ) -> None:
        """w · executed / planned (capped), with or without rounding the rate first."""
        round_rate, rate_places, cap = policy
        one = np.array([1], dtype=np.int64)
        pts, status = execution_points(
            one * w,
            one * executed,
            one * planned,
            round_rate=round_rate,
            rate_places=rate_places,
            cap=cap,
        )

        expected = self.ref(
            w, executed, planned, round_rate=round_rate, rate_places=rate_places, cap=cap
        )
        got = (int(pts[0]), int(status[0]))
        assert execution_points(w, executed, planned, round_rate=round_rate, rate_places=rate_places, cap=cap, xp=ONE) == got  # type: ignore[arg-type]
        # score()'s compiled one-evaluation kernel of the same function
        policy_ = ExecutionPolicy(round_rate=round_rate, rate_places=rate_places, cap=cap)
        assert _execution_kernel(policy_)(w, executed, planned) == got
        if got == (0, Status.OVERFLOW):
            # Only a product truly near int64 may be refused (uncapped, huge over-execution).
            ex = max(executed, 0) if not cap else min(max(executed, 0), planned)
            assert planned > 0
            assert max(w, 1) * ex * 10 ** (rate_places if round_rate else 0) >= 2**60
        else:
            assert got == expected
        if cap:
            assert 0 <= pts[0] <= w

    def test_seed_both_ways(self) -> None:
        """2032.03 / 2066.22 × 10 is 9.83 exactly and 9.84 with the rate rounded to 98.35% first."""
        w, e, p = np.array([1000]), np.array([203_203_000]), np.array([206_622_000])

        assert execution_points(w, e, p, round_rate=False)[0].tolist() == [983]
        assert execution_points(w, e, p, round_rate=True)[0].tolist() == [984]

    def test_rate_rounding_does_not_overflow(self) -> None:
        """Regression: rounding the rate computed 2·E·10⁴ + P beyond int64 for huge plans."""
        w, e, p = np.array([1000]), np.array([4 * 10**14]), np.array([4 * 10**18])

        assert execution_points(w, e, p, round_rate=True)[1].tolist() == [Status.OVERFLOW]

    def test_overflow_is_flagged(self) -> None:
        """Amounts beyond exact int64 products are flagged, never wrapped."""
        w, big = np.array([1000]), np.array([2**62])
        pts, status = execution_points(w, big, big, round_rate=True)

        assert (int(pts[0]), int(status[0])) == (0, Status.OVERFLOW)


class TestRegistryOfKinds:
    def test_every_kind_is_registered(self) -> None:
        """Scheme files can name every kind."""
        assert {
            "proportional",
            "reverse",
            "equal",
            "threshold",
            "bands",
            "deduction",
            "qualitative",
        } <= set(rule_kinds())

    def test_register_a_kind_twice_is_an_error(self) -> None:
        """A second class under a taken name is refused."""
        with pytest.raises(ValueError, match="rule kind 'proportional' is already registered"):

            @rule_kind("proportional")
            class Other(Rule):
                pass

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            pytest.param(
                {"kind": "magic"},
                r"kind: unknown rule kind 'magic'; known kinds: bands, ",
                id="unknown-kind",
            ),
            pytest.param(
                {"kind": "reverse", "colour": "red"},
                "colour: unknown parameter for rule kind 'reverse'",
                id="unknown-param",
            ),
            pytest.param(
                {"kind": "deduction", "points": 0.5},
                r"points: expected a decimal string .*floats are not exact",
                id="float",
            ),
            pytest.param(
                {"kind": "bands", "bands": []},
                "bands: must be a non-empty list of bands",
                id="no-bands",
            ),
            pytest.param(
                {"kind": "bands", "bands": [{"points": "1", "range": "80-90"}]},
                r"bands\[0\]\.range: not an interval",
                id="bad-interval",
            ),
            pytest.param(
                {"kind": "bands", "bands": [{"points": "1", "range": "[90, 80)"}]},
                r"bands\[0\]\.range: empty interval",
                id="empty-interval",
            ),
            pytest.param(
                {"kind": "bands", "bands": [{"range": "[0,)"}]},
                r"bands\[0\]\.points: missing",
                id="band-no-points",
            ),
        ],
    )
    def test_from_params_errors(self, params: dict[str, object], message: str) -> None:
        """Every mistake in a rule's table names its place."""
        with pytest.raises(InvalidInputError, match=message):
            rule_from_params(params)

    @pytest.mark.parametrize(
        "rule",
        [
            ProportionalRule(),
            ReverseRule(variant="linear"),
            EqualRule(),
            ThresholdRule(),
            TestBands.STEPS,
            DeductionRule(
                points=Fixed(5, 1), per=Fixed(2), limit=Fixed(100), when="below", partial="ceil"
            ),
            QualitativeRule(high=Fixed(85), low=Fixed(50)),
        ],
        ids=lambda r: r.kind,
    )
    def test_params_round_trip(self, rule: Rule) -> None:
        """params() is what a scheme file writes, and reads back to an equal rule."""
        assert rule_from_params(rule.params()) == rule

    @pytest.mark.parametrize("lang", ["zh", "en"])
    @pytest.mark.parametrize(
        "rule",
        [
            ProportionalRule(),
            ReverseRule(),
            ReverseRule(variant="linear"),
            EqualRule(),
            ThresholdRule(),
            TestBands.STEPS,
            DeductionRule(points=Fixed(1)),
            QualitativeRule(),
        ],
        ids=lambda r: getattr(r, "variant", r.kind),
    )
    def test_explain(self, rule: Rule, lang: str) -> None:
        """Every kind explains itself in both languages, naming the points it earned."""
        for a, b in ((100, 120), (120, 100), (100, 100), (0, 0)):
            pts = run(rule, one_row(1000, a, b, 0, band=0))[0]
            text = rule.explain(Fixed(10), Fraction(a), Fraction(b), Fixed(pts, 2), lang)

            assert str(Fixed(pts, 2)) in text or (pts == 1000 and "10" in text)
            assert bool(_CJK.search(text)) == (lang == "zh")


HUGE = st.integers(0, 2**62 - 1)


class TestBounds:
    """Near the int64 limit a kernel either gives the exact answer or flags the row; never a wrapped number."""

    @given(
        st.sampled_from(
            [ProportionalRule(), ReverseRule(), ReverseRule(variant="linear"), EqualRule()]
        ),
        weights,
        HUGE,
        HUGE,
    )
    def test_exact_or_flagged(self, rule: Rule, w: int, a: int, b: int) -> None:
        """Points equal the Fraction reference, or are 0 with status overflow."""
        ref = {
            "proportional": lambda: TestProportional.ref(w, Fraction(a), Fraction(b)),
            "equal": lambda: TestEqual.ref(w, Fraction(a), Fraction(b)),
        }.get(
            rule.kind,
            lambda: TestReverse.ref(getattr(rule, "variant", "ratio"), w, Fraction(a), Fraction(b)),
        )
        pts, status = run(rule, one_row(w, a, b, 0))

        assert (pts, status) in ((ref(), Status.OK), (0, Status.OVERFLOW))

    @given(weights, HUGE, HUGE, st.booleans())
    def test_execution_exact_or_flagged(
        self, w: int, executed: int, planned: int, round_rate: bool
    ) -> None:
        """The execution kernel too."""
        one = np.array([1], dtype=np.int64)
        pts, status = execution_points(
            one * w, one * executed, one * planned, round_rate=round_rate
        )
        expected = TestExecution.ref(
            w, executed, planned, round_rate=round_rate, rate_places=4, cap=True
        )

        assert (int(pts[0]), int(status[0])) in (expected, (0, Status.OVERFLOW))


# --------------------------------------------------------------------------- the two paths


_rules = st.one_of(
    st.just(ProportionalRule()), st.just(EqualRule()), st.just(ThresholdRule()),
    st.sampled_from([ReverseRule(), ReverseRule(variant="linear")]),
    bands_rules(), deduction_rules(), qualitative_rules(),
)  # fmt: skip
# Magnitudes up to the int64 limit, where numpy would wrap and Python ints never do: the
# kernels' overflow checks must flag the same rows on both paths.
_huge = st.integers(-INT_LIMIT + 1, INT_LIMIT - 1) | st.integers(-(10**6), 10**6)


class TestTwoPaths:
    @given(
        _rules,
        st.tuples(st.integers(0, 10**15) | weights, _huge, _huge, st.integers(0, 18)),
        st.tuples(st.integers(-1, 10**6), st.integers(-1, 2), st.integers(0, 3)),
    )
    @EXACT
    def test_one_row_of_ints_equals_numpy(self, rule: Rule, values: tuple[int, int, int, int], codes: tuple[int, int, int]) -> None:
        """Any row, up to the int64 limits: Rows.one and numpy columns give one result."""
        w, a, b, exp = values
        declared, band, d = codes
        exp = max(exp, rule.value_places())  # both engines build rows with the rule's decimals
        run(rule, one_row(w, a, b, exp, declared=declared, band=band, direction=d))

    @given(st.integers(0, 10**12), st.integers(0, INT_LIMIT - 1), st.integers(1, INT_LIMIT - 1))
    @example(1, INT_LIMIT - 1, INT_LIMIT - 1)
    @EXACT
    def test_ratio_points_flags_exactly_the_rows_near_the_limit(self, w: int, num: int, den: int) -> None:
        """The whole-column bound skips the per-row check only when no row would be flagged."""
        num = min(num, den)
        col = np.array([w]), np.array([num]), np.array([den]), np.zeros(1, dtype=np.int64)
        p_arr, s_arr = _ratio_points(ARRAY, *col)
        p_one, s_one = _ratio_points(ONE, w, num, den, 0)  # type: ignore[arg-type]
        assert (int(p_arr[0]), int(s_arr[0])) == (p_one, s_one)
        assert (s_one == Status.OVERFLOW) is (w > 0 and num > _half_up_room(den) // w)  # type: ignore[operator]

    def test_every_built_in_kind_is_generic(self) -> None:
        """The built-in kinds run on Python ints in score(); a kind of one's own need not."""
        assert all(cls.generic for cls in rule_kinds().values() if cls.__module__ == "perfrules._rules")
        assert not Rule.generic
