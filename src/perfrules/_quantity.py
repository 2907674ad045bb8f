"""
Exact quantities: decimals, money in fen, ratios, and half-up rounding in integer arithmetic.

Nothing here uses floats or :class:`decimal.Decimal`; every number is an integer (or a pair of them).

>>> Fixed.parse("2066.22")
Fixed(units=206622, places=2)
>>> str(Money.parse("2066.22 万元"))
'20662200.00'
>>> round_half_up(9835, 1000)  # 9.835 -> 10, half-up
10
>>> Ratio(203203000, 206622000).percent(2)
'98.35'
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from fractions import Fraction
from typing import Any, TypeVar, overload

import attrs

from perfrules.errors import InvalidValueError

__all__ = [
    "Direction",
    "Fixed",
    "Money",
    "Ratio",
    "Value",
    "div_half_up",
    "normalize",
    "parse_value",
    "rate_fits",
    "round_half_up",
    "unit_scale",
]

_I = TypeVar("_I")

#: Largest magnitude every integer kernel accepts for a product (2**62, leaving a bit for 2·n + d).
INT_LIMIT = 2**62


@overload
def round_half_up(num: int, den: int) -> int: ...
@overload
def round_half_up(num: _I, den: Any) -> _I: ...
def round_half_up(num: Any, den: Any) -> Any:
    """
    Divide a non-negative numerator by a positive denominator, rounding half up (四舍五入).

    The one expression works for Python ints and numpy int64 arrays alike,
    so the scalar and the batch path round identically.

    >>> round_half_up(5, 2), round_half_up(7, 3), round_half_up(0, 9)
    (3, 2, 0)
    """
    return (2 * num + den) // (2 * den)


def div_half_up(num: int, den: int) -> int:
    """
    Divide two integers of any sign, rounding halves away from zero (四舍五入 on magnitudes).

    >>> div_half_up(-5, 2), div_half_up(5, -2), div_half_up(-4, 3)
    (-3, -3, -1)
    """
    if den == 0:
        raise ZeroDivisionError("division by zero")
    sign = -1 if (num < 0) != (den < 0) else 1
    return sign * round_half_up(abs(num), abs(den))


_LOOKALIKE = str.maketrans(
    {
        "≧": "≥",
        "≦": "≤",
        "═": "=",
        "﹦": "=",
        "＝": "=",
        "⩾": "≥",
        "⩽": "≤",
        "≯": "≤",
        "≮": "≥",
        "－": "-",
        "—": "-",
        "．": ".",
        "，": ",",
        "％": "%",
        "‰": "‰",
        "\u3000": " ",
    }
)
#: Any character _LOOKALIKE maps: str.translate is slow on CJK text, and a no-op without one.
_HAS_LOOKALIKE = re.compile("[" + "".join(re.escape(chr(c)) for c in _LOOKALIKE) + "]")


def normalize(text: str) -> str:
    """
    Fold full-width forms and look-alike signs, and remove every space.

    >>> normalize(" ≧ ９５ ％ ")
    '≥95%'
    >>> normalize("1 200 人次")
    '1200人次'
    """
    if _HAS_LOOKALIKE.search(text):
        text = text.translate(_LOOKALIKE)
    folded = unicodedata.normalize("NFKC", text)
    if folded != text and _HAS_LOOKALIKE.search(folded):
        folded = folded.translate(_LOOKALIKE)
    # str.split() splits at exactly the characters re's \s matches (str.isspace), and faster.
    return "".join(folded.split())


_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")


def parse_points(text: str | int) -> Fixed:
    """
    Points (a weight, a score, a deduction) as forms write them: a decimal, with or without
    分 after it.

    >>> parse_points("10分"), parse_points("９.５ 分"), parse_points(20)
    (Fixed(units=10, places=0), Fixed(units=95, places=1), Fixed(units=20, places=0))

    Raises:
        InvalidValueError: not a decimal number of points.
    """
    if isinstance(text, str):
        s = normalize(text)
        if len(s) > 1 and s.endswith("分"):
            try:
                return Fixed.parse(s[:-1])
            except InvalidValueError:
                raise InvalidValueError(f"not a number of points: {text!r}") from None
    return Fixed.parse(text)


@attrs.frozen(order=False)
class Fixed:
    """
    An exact decimal: ``units / 10**places``.

    Equal values compare equal whatever their places: ``Fixed(50, 1) == Fixed(5, 0)``.

    >>> Fixed.parse("94.16") + Fixed.parse("0.5")
    Fixed(units=9466, places=2)
    >>> Fixed.parse("9.835").quantize(2)
    Fixed(units=984, places=2)
    >>> str(Fixed(-5, 1))
    '-0.5'
    """

    units: int
    places: int = 0

    @classmethod
    def parse(cls, text: str | int) -> Fixed:
        """
        Parse a decimal string (thousands separators and full-width digits allowed) or an int.

        Raises:
            InvalidValueError: not a plain decimal number (floats are refused).
        """
        if isinstance(text, bool) or not isinstance(text, (str, int)):
            kind = type(text).__name__
            raise InvalidValueError(
                f'expected a decimal string such as "12.5", got {kind} {text!r}'
                + (" (floats are not exact; quote the number)" if kind == "float" else "")
            )
        if isinstance(text, int):
            return cls(text, 0)
        s = normalize(text)
        m = _NUMBER.match(s)
        if not m or m.end() != len(s):
            raise InvalidValueError(f"not a number: {text!r}")
        return _fixed_from_match(m)


    @classmethod
    def from_fraction(cls, value: Fraction, places: int) -> Fixed:
        """
        Round an exact fraction half-up (away from zero) to *places* decimals.
        """
        return cls(div_half_up(value.numerator * 10**places, value.denominator), places)

    def as_fraction(self) -> Fraction:
        """The exact value."""
        return Fraction(self.units, 10**self.places)

    def at(self, places: int) -> int:
        """
        The units at *places* decimals, exactly.

        Raises:
            InvalidValueError: the value has more decimals than *places*.
        """
        if places >= self.places:
            up: int = 10 ** (places - self.places)
            return self.units * up
        down: int = 10 ** (self.places - places)
        q, r = divmod(self.units, down)
        if r:
            raise InvalidValueError(f"{self} has more than {places} decimal places")
        return q

    def quantize(self, places: int) -> Fixed:
        """Round half-up (away from zero) to *places* decimals."""
        return Fixed(quantized_units(self, places), places)

    def normalized(self) -> Fixed:
        """The same value with no trailing zero decimals."""
        return Fixed(*trimmed(self.units, self.places))

    def __str__(self) -> str:
        units, places = self.units, self.places
        if not places:
            return str(units)
        sign = "-" if units < 0 else ""
        digits = str(abs(units)).rjust(places + 1, "0")
        return f"{sign}{digits[:-places]}.{digits[-places:]}"

    def _key(self) -> Fraction:
        return self.as_fraction()

    # At the same places the units compare as the values do: no Fractions needed.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Fixed):
            return NotImplemented
        if self.places == other.places:
            return self.units == other.units
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: Fixed) -> bool:
        if self.places == other.places:
            return self.units < other.units
        return self._key() < other._key()

    def __le__(self, other: Fixed) -> bool:
        if self.places == other.places:
            return self.units <= other.units
        return self._key() <= other._key()

    def __gt__(self, other: Fixed) -> bool:
        if self.places == other.places:
            return self.units > other.units
        return self._key() > other._key()

    def __ge__(self, other: Fixed) -> bool:
        if self.places == other.places:
            return self.units >= other.units
        return self._key() >= other._key()

    def __add__(self, other: Fixed) -> Fixed:
        p = max(self.places, other.places)
        return Fixed(self.at(p) + other.at(p), p)

    def __sub__(self, other: Fixed) -> Fixed:
        p = max(self.places, other.places)
        return Fixed(self.at(p) - other.at(p), p)

    def __neg__(self) -> Fixed:
        return Fixed(-self.units, self.places)


def quantized_units(value: Fixed, places: int) -> int:
    """The units of ``value.quantize(places)``, without making the Fixed."""
    if places >= value.places:
        up: int = 10 ** (places - value.places)
        return value.units * up
    return div_half_up(value.units, 10 ** (value.places - places))


def trimmed(units: int, places: int) -> tuple[int, int]:
    """``(units, places)`` of the same decimal with no trailing zero decimals."""
    while places and units % 10 == 0:
        units //= 10
        places -= 1
    return units, places


def _fixed_from_match(m: re.Match[str]) -> Fixed:
    sign, whole, frac = m.group(1), m.group(2).replace(",", ""), m.group(3) or ""
    units = int(whole + frac)
    return Fixed(-units if sign == "-" else units, len(frac))


#: Money units and their size in fen.
_MONEY_UNITS = {"": 100, "元": 100, "万元": 1_000_000, "亿元": 10_000_000_000, "千元": 100_000, "万": 1_000_000, "亿": 10_000_000_000}


@attrs.frozen(order=True)
class Money:
    """
    An amount of money as an integer number of fen (分).

    >>> Money.parse("2,066.22万元").fen
    2066220000
    >>> Money.parse("387664.62 元")
    Money(fen=38766462)
    >>> Money.parse(400)  # plain integers are yuan
    Money(fen=40000)
    >>> Money.parse(1.5)
    Traceback (most recent call last):
    ...
    perfrules.errors.InvalidValueError: expected an amount such as "2066.22 万元", got float 1.5 (floats are not exact; quote the number)
    """

    fen: int

    @classmethod
    def parse(cls, text: str | int, *, default_unit: str = "元") -> Money:
        """
        Parse an amount with its unit (元, 万元, 亿元, 千元); a bare number is in *default_unit*.

        Raises:
            InvalidValueError: not an amount, an unknown unit, or not a whole number of fen.
        """
        if isinstance(text, bool) or not isinstance(text, (str, int)):
            kind = type(text).__name__
            raise InvalidValueError(
                f'expected an amount such as "2066.22 万元", got {kind} {text!r}'
                + (" (floats are not exact; quote the number)" if kind == "float" else "")
            )
        if isinstance(text, int):
            number, unit = Fixed(text), default_unit
        else:
            s = normalize(text).lstrip("¥￥").replace("人民币", "")
            m = _NUMBER.match(s)
            if not m:
                raise InvalidValueError(f"not an amount: {text!r}")
            number, unit = _fixed_from_match(m), s[m.end() :] or default_unit
        if unit not in _MONEY_UNITS:
            raise InvalidValueError(f"unknown money unit {unit!r} in {text!r}; use 元, 万元 or 亿元")
        fen = Fraction(number.units * _MONEY_UNITS[unit], 10**number.places)
        if fen.denominator != 1:
            raise InvalidValueError(f"{text!r} is not a whole number of fen")
        return cls(int(fen))

    @property
    def yuan(self) -> Fixed:
        """The amount in yuan, exactly (two decimals)."""
        return Fixed(self.fen, 2)

    def __str__(self) -> str:
        return str(self.yuan)

    def __add__(self, other: Money) -> Money:
        return Money(self.fen + other.fen)


def rate_fits(rate: Fixed, planned: tuple[Fraction, Fraction], executed: tuple[Fraction, Fraction]) -> bool:
    """
    Whether a stated *rate* (percent) can be executed / planned rounded half-up, or truncated, to
    its decimals, for some amounts within their bounds ``(low, high)``: forms show amounts
    rounded (2066.22 万元) and compute the rate from the exact yuan.

    >>> rate_fits(Fixed(9835, 2), (Fraction(2066215), Fraction(2066225)), (Fraction(2032025), Fraction(2032035)))
    True
    >>> rate_fits(Fixed(9900, 2), (Fraction(2066215), Fraction(2066225)), (Fraction(2032025), Fraction(2032035)))
    False
    """
    (p_low, p_high), (e_low, e_high) = planned, executed
    if p_low <= 0:
        return True  # a planned amount shown as 0.x may be as small as you like
    rates = [e * 100 / p for e in (e_low, e_high) for p in (p_low, p_high)]
    step = Fraction(1, 10**rate.places)
    r = rate.as_fraction()
    # half-up gives r for a rate in [r - step/2, r + step/2), truncation for one in [r, r + step)
    return r - step / 2 <= max(rates) and min(rates) < r + step


@attrs.frozen
class Ratio:
    """
    An exact ratio ``num / den`` (den > 0), such as an execution rate.

    >>> Ratio(1, 3).percent(2), Ratio(2, 3).percent(0)
    ('33.33', '67')
    """

    num: int
    den: int

    def percent(self, places: int = 2) -> str:
        """The ratio in percent, rounded half-up to *places* decimals, as a string."""
        return str(self.percent_fixed(places))

    def percent_fixed(self, places: int = 2) -> Fixed:
        """The ratio in percent, rounded half-up to *places* decimals."""
        return Fixed(div_half_up(self.num * 100 * 10**places, self.den), places)

    def as_fraction(self) -> Fraction:
        """The exact value."""
        return Fraction(self.num, self.den)


class Direction(StrEnum):
    """
    Which way an indicator is good: at least, at most, equal, or qualitative.
    """

    GE = "≥"
    LE = "≤"
    EQ = "="
    QUAL = "定性"

    @classmethod
    def parse(cls, text: str) -> Direction:
        """
        Read a direction as written: ``≥ ≤ = 定性``, ASCII ``>= <= > <``, look-alikes, or words.

        >>> Direction.parse(">="), Direction.parse("≧"), Direction.parse("反向")
        (<Direction.GE: '≥'>, <Direction.GE: '≥'>, <Direction.LE: '≤'>)
        """
        s = normalize(text)
        found = _DIRECTION_WORDS.get(s)
        if found is None:
            known = "≥ ≤ = 定性 (or >= <= 正向 反向 等于)"
            raise InvalidValueError(f"unknown direction {text!r}; use one of {known}")
        return found


_DIRECTION_WORDS = {
    "≥": Direction.GE, ">=": Direction.GE, ">": Direction.GE, "正向": Direction.GE, "ge": Direction.GE,
    "≤": Direction.LE, "<=": Direction.LE, "<": Direction.LE, "反向": Direction.LE, "le": Direction.LE,
    "=": Direction.EQ, "==": Direction.EQ, "等于": Direction.EQ, "eq": Direction.EQ,
    "定性": Direction.QUAL, "qualitative": Direction.QUAL,
}  # fmt: skip

_SIGN = re.compile(r"^(>=|<=|≥|≤|==|=|>|<)")
#: Leading words that say a direction, as real target cells write them ("不低于90%"); longest first.
_PREFIX_DIRECTION = tuple(
    sorted(
        [
            *((w, Direction.GE) for w in ("大于或等于", "大于等于", "不低于", "不少于", "不小于", "至少", "达到", "高于", "大于", "多于", "超过")),
            *((w, Direction.LE) for w in ("小于或等于", "小于等于", "不高于", "不超过", "不多于", "不大于", "至多", "最多", "控制在", "低于", "小于", "少于")),
            ("等于", Direction.EQ),
        ],
        key=lambda wd: -len(wd[0]),
    )
)
_SUFFIX_DIRECTION = (("及以上", Direction.GE), ("以上", Direction.GE), ("及以下", Direction.LE), ("以下", Direction.LE), ("以内", Direction.LE), ("之内", Direction.LE))

#: Units of one family convert into each other; the value is the size in the family's base unit.
_UNIT_FAMILIES: dict[str, tuple[str, Fraction]] = {
    "%": ("%", Fraction(1)),
    "百分比": ("%", Fraction(1)),
    "百分点": ("%", Fraction(1)),
    "‰": ("%", Fraction(1, 10)),
    "元": ("元", Fraction(1)),
    "千元": ("元", Fraction(1000)),
    "万元": ("元", Fraction(10_000)),
    "亿元": ("元", Fraction(100_000_000)),
    "米": ("米", Fraction(1)),
    "厘米": ("米", Fraction(1, 100)),
    "毫米": ("米", Fraction(1, 1000)),
    "公里": ("米", Fraction(1000)),
    "千米": ("米", Fraction(1000)),
    "天": ("天", Fraction(1)),
    "日": ("天", Fraction(1)),
    "个工作日": ("个工作日", Fraction(1)),
    "月": ("月", Fraction(1)),
    "个月": ("月", Fraction(1)),
}


def unit_scale(unit: str) -> tuple[str, Fraction]:
    """
    The family of a unit and its size in the family's base unit.

    >>> unit_scale("万元")
    ('元', Fraction(10000, 1))
    >>> unit_scale("人次")
    ('人次', Fraction(1, 1))
    """
    return _UNIT_FAMILIES.get(unit, (unit, Fraction(1)))


@attrs.frozen
class Value:
    """
    A target or actual value as written in a form: a direction, an exact number and a unit,
    or a qualitative text. ``text`` keeps what was written, for the trace.

    >>> v = parse_value("≧735人次")
    >>> v.direction, v.number, v.unit
    (<Direction.GE: '≥'>, Fixed(units=735, places=0), '人次')
    >>> parse_value("显著提升").direction
    <Direction.QUAL: '定性'>
    """

    text: str
    direction: Direction | None
    number: Fixed | None
    unit: str = ""

    @property
    def is_qualitative(self) -> bool:
        """True when the value is a text, not a number."""
        return self.number is None

    def in_unit_of(self, other: Value) -> Fraction | None:
        """
        This value's number expressed in *other*'s unit, or ``None`` if the units do not convert.
        """
        if self.number is None:
            return None
        unit = self.unit or other.unit
        fam, size = unit_scale(unit)
        ofam, osize = unit_scale(other.unit or unit)
        if fam != ofam:
            return None
        return self.number.as_fraction() * size / osize


def parse_value(text: str | int, *, unit: str = "") -> Value:
    """
    Parse a target or actual value as written in a form.

    The direction comes from a leading sign (``≥ ≤ = > <``, full-width and look-alike forms), a
    leading word before a number (``不低于``, ``不少于``, ``大于等于``, ``至少``, ``达到`` for ≥;
    ``不超过``, ``不高于``, ``小于等于``, ``控制在``, ``低于`` for ≤; ``等于``) or a trailing word
    (``以上``, ``以内``); it is ``None`` when the text has none. A value without a unit takes
    *unit*; a text that is not a number is qualitative.

    >>> parse_value("≤202.6万元")
    Value(text='≤202.6万元', direction=<Direction.LE: '≤'>, number=Fixed(units=2026, places=1), unit='万元')
    >>> parse_value("132.9", unit="万元").unit
    '万元'
    >>> parse_value("95%以上").direction
    <Direction.GE: '≥'>
    >>> parse_value("不超过100万元").direction, parse_value("不低于上年").direction
    (<Direction.LE: '≤'>, <Direction.QUAL: '定性'>)

    Raises:
        InvalidValueError: an empty value or a float.
    """
    if isinstance(text, bool) or not isinstance(text, (str, int)):
        kind = type(text).__name__
        raise InvalidValueError(
            f'expected a value such as "≥95%", got {kind} {text!r}'
            + (" (floats are not exact; quote the number)" if kind == "float" else "")
        )
    raw = str(text)
    s = normalize(raw)
    if not s:
        raise InvalidValueError("empty value")
    direction: Direction | None = None
    m = _SIGN.match(s)
    if m:
        direction = _DIRECTION_WORDS[m.group(1)]
        s = s[m.end() :]
    else:
        for word, d in _PREFIX_DIRECTION:
            if s.startswith(word) and _NUMBER.match(s[len(word) :]):  # else it is a text: 不低于上年
                direction, s = d, s[len(word) :]
                break
    s, suffix = _strip_suffix(_drop_note(s))
    direction = direction or suffix
    n = _NUMBER.match(s)
    if not n:
        if m:
            raise InvalidValueError(f"a sign needs a number after it: {raw!r}")
        return Value(raw, Direction.QUAL if direction is None else direction, None, "")
    rest = s[n.end() :]
    if rest and not _is_unit(rest):
        # "3个月内完成" or "100%完成" read as text: a number followed by words is qualitative.
        return Value(raw, Direction.QUAL if direction is None else direction, None, "")
    return Value(raw, direction, _fixed_from_match(n), rest or unit)


def _strip_suffix(s: str) -> tuple[str, Direction | None]:
    """*s* without a trailing direction word (``以上``, ``以内``…), and the direction it says."""
    for word, d in _SUFFIX_DIRECTION:
        if s.endswith(word) and len(s) > len(word):
            return s[: -len(word)], d
    return s, None


_NOTE = re.compile(r"\(([^()]*)\)$")


def _drop_note(s: str) -> str:
    """
    A number's trailing remark in parentheses dropped, as forms write them: ``98.5%(抽查)``
    and ``≥95%(含)`` keep their number and unit; else *s* unchanged.
    """
    note = _NOTE.search(s)
    if note is None or note.start() == 0:
        return s
    head, inner = s[: note.start()], note.group(1)
    n = _NUMBER.match(head)
    if n is None or any(w in inner for w in ("内", "上", "下", "少", "多", "超", "低", "高")):
        return s  # a remark that may say a direction ("3个月(内)") is not dropped
    rest = _strip_suffix(head)[0][n.end() :]  # the number leads, so the word is after it
    if rest and not _is_unit(rest):
        return s
    return head


_UNIT = re.compile(r"^[^\d.,;:!?，。；：！？、()（）\[\]]{1,8}$")
_UNIT_STOPWORDS = ("完成", "达到", "以上", "以下", "左右", "提高", "提升", "降低", "增长", "减少")


def _is_unit(text: str) -> bool:
    return bool(_UNIT.match(text)) and not any(w in text for w in _UNIT_STOPWORDS)
