"""Exact quantities: parsing of decimals, amounts and values; half-up rounding."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from tests.strategies import EXACT, fixeds

from perfrules._quantity import (
    Direction,
    Fixed,
    Money,
    Ratio,
    div_half_up,
    normalize,
    parse_points,
    parse_value,
    round_half_up,
    unit_scale,
)
from perfrules.errors import InvalidValueError


def ref_half_up(x: Fraction) -> int:
    """四舍五入 to an integer, halves away from zero: the reference, written with Fractions."""
    whole, rest = divmod(abs(x), 1)
    n = int(whole) + (1 if rest >= Fraction(1, 2) else 0)
    return -n if x < 0 else n


class TestFixed:
    @pytest.mark.parametrize(
        ("text", "units", "places"),
        [
            pytest.param("12.5", 125, 1, id="plain"),
            pytest.param("0", 0, 0, id="zero"),
            pytest.param("-0.5", -5, 1, id="negative"),
            pytest.param("+5", 5, 0, id="plus-sign"),
            pytest.param("1,234.56", 123456, 2, id="thousands"),
            pytest.param("1，234.56", 123456, 2, id="full-width-comma"),
            pytest.param("１２３４．５６", 123456, 2, id="full-width-digits"),
            pytest.param(" 9 4.16 ", 9416, 2, id="spaces"),
            pytest.param("\u30009.835", 9835, 3, id="ideographic-space"),
            pytest.param(12, 12, 0, id="int"),
        ],
    )
    def test_parse(self, text: str | int, units: int, places: int) -> None:
        """Decimal strings, full-width forms and plain ints parse exactly."""
        got = Fixed.parse(text)

        assert (got.units, got.places) == (units, places)

    @pytest.mark.parametrize(
        ("raw", "match"),
        [
            pytest.param(1.5, r"float 1\.5 \(floats are not exact", id="float"),
            pytest.param(True, "got bool", id="bool"),
            pytest.param(None, "got NoneType", id="none"),
            pytest.param("abc", "not a number: 'abc'", id="text"),
            pytest.param("1e3", "not a number", id="exponent"),
            pytest.param(".5", "not a number", id="no-leading-digit"),
            pytest.param("12.", "not a number", id="trailing-point"),
            pytest.param("1,23.4", "not a number", id="bad-grouping"),
            pytest.param("", "not a number", id="empty"),
            pytest.param("NaN", "not a number", id="nan"),
        ],
    )
    def test_parse_refuses(self, raw: object, match: str) -> None:
        """Floats and anything that is not a plain decimal are refused."""
        with pytest.raises(InvalidValueError, match=match):
            Fixed.parse(raw)  # type: ignore[arg-type]

    @given(fixeds())
    def test_str_round_trip(self, f: Fixed) -> None:
        """str() then parse() gives the same value and places."""
        back = Fixed.parse(str(f))

        assert (back.units, back.places) == (f.units, f.places)

    @given(fixeds(), st.integers(0, 6))
    @example(Fixed(9835, 3), 2)
    @example(Fixed(-9835, 3), 2)
    @example(Fixed(5, 1), 0)
    @example(Fixed(-5, 1), 0)
    def test_quantize_is_half_up(self, f: Fixed, places: int) -> None:
        """quantize() rounds halves away from zero, as the Fraction reference does."""
        expected = ref_half_up(f.as_fraction() * 10**places)

        assert Fixed(expected, places) == f.quantize(places)
        assert f.quantize(places).places == places

    @given(fixeds(), fixeds())
    def test_arithmetic_and_order_are_exact(self, a: Fixed, b: Fixed) -> None:
        """+, -, comparisons and hashing follow the exact value, whatever the places."""
        fa, fb = a.as_fraction(), b.as_fraction()

        assert (a + b).as_fraction() == fa + fb
        assert (a - b).as_fraction() == fa - fb
        assert (-a).as_fraction() == -fa
        assert (a < b, a <= b, a > b, a >= b, a == b) == (
            fa < fb,
            fa <= fb,
            fa > fb,
            fa >= fb,
            fa == fb,
        )
        if a == b:
            assert hash(a) == hash(b)

    def test_equal_whatever_the_places(self) -> None:
        """5.0 and 5 are the same value."""
        assert Fixed(50, 1) == Fixed(5, 0)
        assert hash(Fixed(50, 1)) == hash(Fixed(5, 0))
        assert Fixed(50, 1).normalized() == Fixed(5, 0)
        assert Fixed(50, 1).normalized().places == 0

    def test_at(self) -> None:
        """at() gives units exactly and refuses to drop decimals."""
        assert Fixed.parse("7.5").at(2) == 750
        assert Fixed.parse("7.50").at(1) == 75
        with pytest.raises(InvalidValueError, match="has more than 1 decimal places"):
            Fixed.parse("7.55").at(1)

    @given(st.fractions(), st.integers(0, 6))
    def test_from_fraction(self, x: Fraction, places: int) -> None:
        """from_fraction rounds half-up (away from zero) to *places*."""
        assert Fixed.from_fraction(x, places).units == ref_half_up(x * 10**places)

    def test_str(self) -> None:
        """Negative and small values print with their leading zero."""
        assert [str(Fixed(-5, 1)), str(Fixed(5, 3)), str(Fixed(-1234, 2)), str(Fixed(7))] == [
            "-0.5",
            "0.005",
            "-12.34",
            "7",
        ]


class TestMoney:
    @pytest.mark.parametrize(
        ("text", "fen"),
        [
            pytest.param("2066.22 万元", 2_066_220_000, id="wan-with-space"),
            pytest.param("2,066.22万元", 2_066_220_000, id="thousands-wan"),
            pytest.param("387664.62 元", 38_766_462, id="yuan"),
            pytest.param("1,000,000.00元", 100_000_000, id="thousands-yuan"),
            pytest.param("１２．５ 亿元", 125_000_000_000, id="full-width-yi"),
            pytest.param("1.5亿元", 15_000_000_000, id="yi"),
            pytest.param("100", 10_000, id="bare-number-is-yuan"),
            pytest.param(400, 40_000, id="int-is-yuan"),
            pytest.param("¥100", 10_000, id="yen-sign"),
            pytest.param("0.01元", 1, id="one-fen"),
            pytest.param("2032.03\u3000万元", 2_032_030_000, id="ideographic-space"),
        ],
    )
    def test_parse(self, text: str | int, fen: int) -> None:
        """Amounts with their unit become integer fen."""
        assert Money.parse(text).fen == fen

    @pytest.mark.parametrize(
        ("raw", "match"),
        [
            pytest.param(
                1.5, r"got float 1\.5 \(floats are not exact; quote the number\)", id="float"
            ),
            pytest.param(False, "got bool", id="bool"),
            pytest.param("1 美元", "unknown money unit '美元'", id="unknown-unit"),
            pytest.param("0.001元", "is not a whole number of fen", id="below-fen"),
            pytest.param("abc", "not an amount: 'abc'", id="text"),
            pytest.param("", "not an amount", id="empty"),
        ],
    )
    def test_parse_refuses(self, raw: object, match: str) -> None:
        """Floats, unknown units and fractions of a fen are refused."""
        with pytest.raises(InvalidValueError, match=match):
            Money.parse(raw)  # type: ignore[arg-type]

    @given(st.integers(0, 10**15))
    def test_yuan_round_trip(self, fen: int) -> None:
        """str(money) is yuan with two decimals and parses back to the same fen."""
        m = Money(fen)

        assert Money.parse(str(m)) == m
        assert Money.parse(f"{m.yuan} 元") == m
        assert m.yuan.as_fraction() == Fraction(fen, 100)

    @given(st.integers(0, 10**9), st.integers(0, 99))
    def test_wan(self, whole: int, cents: int) -> None:
        """万元 is 10,000 yuan exactly."""
        assert Money.parse(f"{whole}.{cents:02d}万元").fen == (whole * 100 + cents) * 10_000

    def test_add(self) -> None:
        """Amounts add in fen."""
        assert Money.parse("1.01元") + Money.parse("2.02元") == Money(303)


class TestRatio:
    def test_seed_rate(self) -> None:
        """The seed's 2032.03 / 2066.22 is 98.35%."""
        assert Ratio(203_203_000, 206_622_000).percent(2) == "98.35"

    @given(st.integers(0, 10**12), st.integers(1, 10**12), st.integers(0, 4))
    @example(1, 8, 1)  # 12.5% → 12.5, and 13 at 0 places
    @example(1, 8, 0)
    @example(1, 200, 0)  # 0.5% → 1
    def test_percent_is_half_up(self, num: int, den: int, places: int) -> None:
        """percent() rounds half-up against the Fraction reference."""
        expected = ref_half_up(Fraction(num * 100, den) * 10**places)

        assert Ratio(num, den).percent_fixed(places) == Fixed(expected, places)
        assert Ratio(num, den).as_fraction() == Fraction(num, den)


class TestRounding:
    @given(st.integers(0, 2**40), st.integers(1, 2**20))
    @example(5, 2)
    @example(15, 10)
    @example(25, 10)
    @example(9835, 1000)
    @example(0, 7)
    @EXACT
    def test_round_half_up(self, num: int, den: int) -> None:
        """round_half_up(n, d) is n/d rounded half-up, including exact .5 ties."""
        assert round_half_up(num, den) == ref_half_up(Fraction(num, den))

    @given(st.integers(0, 2**40), st.integers(1, 2**20))
    @EXACT
    def test_ties_round_up(self, k: int, den: int) -> None:
        """An exact half always rounds up (never to even)."""
        num = (2 * k + 1) * den  # (k + ½)·2d / 2d
        assert round_half_up(num, 2 * den) == k + 1

    @given(
        st.lists(st.tuples(st.integers(0, 2**40), st.integers(1, 2**20)), min_size=1, max_size=20)
    )
    @EXACT
    def test_same_on_numpy(self, pairs: list[tuple[int, int]]) -> None:
        """The same expression on int64 arrays gives the same integers (the batch path)."""
        num = np.array([n for n, _ in pairs], dtype=np.int64)
        den = np.array([d for _, d in pairs], dtype=np.int64)

        assert round_half_up(num, den).tolist() == [round_half_up(n, d) for n, d in pairs]

    @given(st.integers(-(2**40), 2**40), st.integers(-(2**20), 2**20).filter(bool))
    @example(-5, 2)
    @example(5, -2)
    @example(-5, -2)
    @example(-15, 10)
    @example(-4, 3)
    @example(-1, 3)
    @EXACT
    def test_div_half_up_signed(self, num: int, den: int) -> None:
        """div_half_up rounds halves away from zero for every sign combination."""
        assert div_half_up(num, den) == ref_half_up(Fraction(num, den))

    def test_div_half_up_negative_examples(self) -> None:
        """-2.5 → -3, 2.5 → 3, -1.33 → -1, -0.5 → -1."""
        assert [div_half_up(-5, 2), div_half_up(5, -2), div_half_up(-4, 3), div_half_up(-1, 2)] == [
            -3,
            -3,
            -1,
            -1,
        ]

    def test_div_by_zero(self) -> None:
        """Dividing by zero is an error, not a silent 0."""
        with pytest.raises(ZeroDivisionError):
            div_half_up(1, 0)


class TestNormalize:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            pytest.param(" ≧ ９５ ％ ", "≥95%", id="full-width-ge"),
            pytest.param("≦5天", "≤5天", id="le-lookalike"),
            pytest.param("＝100%", "=100%", id="full-width-eq"),
            pytest.param("﹦100%", "=100%", id="small-eq"),
            pytest.param("═100%", "=100%", id="box-double-eq"),
            pytest.param("1 200 人次", "1200人次", id="spaces"),
            pytest.param("１２．５", "12.5", id="full-width-point"),
        ],
    )
    def test_folds(self, text: str, expected: str) -> None:
        """Full-width forms and look-alike signs fold to one spelling; spaces go."""
        assert normalize(text) == expected


class TestParseValue:
    @pytest.mark.parametrize(
        ("text", "direction", "number", "unit"),
        [
            pytest.param("≥95%", Direction.GE, "95", "%", id="ge-percent"),
            pytest.param("≧735人次", Direction.GE, "735", "人次", id="ge-lookalike"),
            pytest.param("≦5天", Direction.LE, "5", "天", id="le-lookalike"),
            pytest.param("＝100%", Direction.EQ, "100", "%", id="eq-full-width"),
            pytest.param("﹦100%", Direction.EQ, "100", "%", id="eq-small"),
            pytest.param("═100%", Direction.EQ, "100", "%", id="eq-box"),
            pytest.param("＞ 90 ％", Direction.GE, "90", "%", id="gt-full-width"),
            pytest.param("< 3", Direction.LE, "3", "", id="lt"),
            pytest.param(">= 95%", Direction.GE, "95", "%", id="ascii-ge"),
            pytest.param("<=10个", Direction.LE, "10", "个", id="ascii-le"),
            pytest.param("≤202.6万元", Direction.LE, "202.6", "万元", id="wan"),
            pytest.param("≥266米", Direction.GE, "266", "米", id="metre"),
            pytest.param("≥30厘米", Direction.GE, "30", "厘米", id="centimetre"),
            pytest.param("≥ 1 200 人次", Direction.GE, "1200", "人次", id="spaces"),
            pytest.param("≥1,200人次", Direction.GE, "1200", "人次", id="thousands"),
            pytest.param("１００％", None, "100", "%", id="full-width-no-sign"),
            pytest.param("95%以上", Direction.GE, "95", "%", id="suffix-above"),
            pytest.param("5天以内", Direction.LE, "5", "天", id="suffix-within"),
            pytest.param("不低于90%", Direction.GE, "90", "%", id="word-not-below"),
            pytest.param("不少于3次", Direction.GE, "3", "次", id="word-not-fewer"),
            pytest.param("大于等于95%", Direction.GE, "95", "%", id="word-ge"),
            pytest.param("达到95%", Direction.GE, "95", "%", id="word-reach"),
            pytest.param("不超过100万元", Direction.LE, "100", "万元", id="word-not-over"),
            pytest.param("小于或等于10天", Direction.LE, "10", "天", id="word-le"),
            pytest.param("控制在5%以内", Direction.LE, "5", "%", id="word-keep-within"),
            pytest.param("等于100%", Direction.EQ, "100", "%", id="word-eq"),
            pytest.param("98.5%（抽查）", None, "98.5", "%", id="remark"),
            pytest.param("≥95%(含)", Direction.GE, "95", "%", id="remark-inclusive"),
            pytest.param("95%以上（含）", Direction.GE, "95", "%", id="remark-after-suffix"),
            pytest.param("95以上（含）", Direction.GE, "95", "", id="remark-after-bare-suffix"),
            pytest.param("3（个）", None, "3", "", id="remark-is-never-a-unit"),
            pytest.param("100百分比", None, "100", "百分比", id="percent-word"),
            pytest.param(12, None, "12", "", id="int"),
        ],
    )
    def test_numeric(
        self, text: str | int, direction: Direction | None, number: str, unit: str
    ) -> None:
        """A sign (or a trailing word), an exact number and a unit."""
        v = parse_value(text)

        assert (v.direction, v.number, v.unit) == (direction, Fixed.parse(number), unit)
        assert v.text == str(text)
        assert not v.is_qualitative

    @given(
        st.sampled_from([
            ("不低于", "≥"), ("不少于", "≥"), ("大于或等于", "≥"), ("至少", "≥"), ("超过", ">"),
            ("不超过", "≤"), ("不高于", "≤"), ("小于等于", "≤"), ("低于", "<"), ("等于", "="),
        ]),
        fixeds(),
        st.sampled_from(["", "%", "万元", "人次", "个", "天", "‰"]),
    )  # fmt: skip
    def test_direction_words_read_as_signs(
        self, word_sign: tuple[str, str], number: Fixed, unit: str
    ) -> None:
        """A leading direction word before a number reads as its sign."""
        word, sign = word_sign
        n = str(number).lstrip("-")
        by_word, by_sign = parse_value(word + n + unit), parse_value(sign + n + unit)

        assert (by_word.direction, by_word.number, by_word.unit) == (
            by_sign.direction, by_sign.number, by_sign.unit,
        )  # fmt: skip

    @given(
        fixeds(min_units=0),
        st.sampled_from(["", "%", "万元", "人次"]),
        st.sampled_from(["抽查", "已完成", "含", "2023年", "注1", ""]),
        st.sampled_from(["≥", "", "="]),
    )
    def test_a_remark_in_parentheses_is_dropped(
        self, number: Fixed, unit: str, remark: str, sign: str
    ) -> None:
        """A trailing remark in parentheses leaves the value as it is without it."""
        plain = parse_value(f"{sign}{number}{unit}")
        noted = parse_value(f"{sign}{number}{unit}（{remark}）")

        assert (noted.direction, noted.number, noted.unit) == (plain.direction, plain.number, plain.unit)

    @pytest.mark.parametrize("text", ["3个月(内)", "5天(以内)", "100%(高于上年)", "有效（抽查）"])
    def test_a_remark_that_may_say_a_direction_is_kept(self, text: str) -> None:
        """A remark that may carry a direction (内, 以上, 高于) keeps the cell qualitative."""
        assert parse_value(text).is_qualitative

    @pytest.mark.parametrize("text", ["不低于上年", "达到预期", "不超过预算", "高于平均水平"])
    def test_direction_words_before_text_stay_qualitative(self, text: str) -> None:
        """A direction word before words, not a number, leaves the text qualitative."""
        v = parse_value(text)

        assert (v.direction, v.number, v.is_qualitative) == (Direction.QUAL, None, True)

    @pytest.mark.parametrize(
        "text", ["有效", "显著提升", "效果明显", "合规", "及时", "3个月内完成", "100%完成"]
    )
    def test_qualitative(self, text: str) -> None:
        """Texts (and numbers followed by words) are qualitative."""
        v = parse_value(text)

        assert (v.direction, v.number, v.unit) == (Direction.QUAL, None, "")
        assert v.is_qualitative

    def test_actual_takes_the_target_unit(self) -> None:
        """An actual without a unit takes its target's; one with a unit keeps it."""
        assert parse_value("132.9", unit="万元").unit == "万元"
        assert parse_value("≥266米", unit="厘米").unit == "米"

    def test_units_convert_within_a_family(self) -> None:
        """2 万元 is 20000 元; 150 厘米 is 1.5 米; 人次 and 米 do not convert."""
        assert parse_value("2万元").in_unit_of(parse_value("≤30000元")) == 20000
        assert parse_value("150厘米").in_unit_of(parse_value("≥1米")) == Fraction(3, 2)
        assert parse_value("3人次").in_unit_of(parse_value("≥1米")) is None
        assert unit_scale("亿元") == ("元", Fraction(100_000_000))

    @pytest.mark.parametrize(
        ("raw", "match"),
        [
            pytest.param(1.5, r"got float 1\.5 \(floats are not exact", id="float"),
            pytest.param("", "empty value", id="empty"),
            pytest.param("   ", "empty value", id="spaces-only"),
            pytest.param("≥", "a sign needs a number after it", id="sign-only"),
            pytest.param("≥有效", "a sign needs a number after it", id="sign-text"),
        ],
    )
    def test_refuses(self, raw: object, match: str) -> None:
        """Floats, empty values and a sign without a number are errors."""
        with pytest.raises(InvalidValueError, match=match):
            parse_value(raw)  # type: ignore[arg-type]


class TestDirection:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (">=", Direction.GE), ("≧", Direction.GE), ("＞", Direction.GE), ("正向", Direction.GE),
            ("<=", Direction.LE), ("≦", Direction.LE), ("反向", Direction.LE),
            ("=", Direction.EQ), ("＝", Direction.EQ), ("﹦", Direction.EQ), ("═", Direction.EQ),
            ("定性", Direction.QUAL),
        ],
    )  # fmt: skip
    def test_parse(self, text: str, expected: Direction) -> None:
        """ASCII, full-width and look-alike signs and the words all read."""
        assert Direction.parse(text) is expected

    def test_unknown(self) -> None:
        """An unknown direction names the known ones."""
        with pytest.raises(
            InvalidValueError, match="unknown direction 'up'; use one of ≥ ≤ = 定性"
        ):
            Direction.parse("up")


class TestParsePoints:
    """Weights and scores as forms write them: with or without 分."""

    @given(fixeds(min_units=0), st.sampled_from(["分", " 分", "", "分 "]))
    def test_points_with_or_without_fen(self, x: Fixed, suffix: str) -> None:
        assert parse_points(f"{x}{suffix}") == x

    @pytest.mark.parametrize("text", ["10x分", "分", "十分", "10分分"])
    def test_not_points(self, text: str) -> None:
        with pytest.raises(InvalidValueError, match="not a number"):
            parse_points(text)
