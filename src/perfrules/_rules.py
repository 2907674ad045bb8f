"""
Rule kinds: how one indicator earns points.

Each kind is written once, as an exact integer kernel over numpy int64 columns (:class:`Rows`).
The single-evaluation engine calls the same kernels on one row of Python ints (``rows.xp``,
see :mod:`perfrules._ops`), so both paths agree by construction. Points are integers in units
of ``10**-places`` points, rounded half-up per row.

With A = target, B = actual, w = weight:

>>> import numpy as np
>>> rows = Rows.build(weight=[1000], target=[100], actual=[120], exp=[0])
>>> ReverseRule().points(rows)[0].tolist()  # 10·100/120 = 8.333… → 8.33
[833]
>>> ReverseRule(variant="linear").points(rows)[0].tolist()  # 10·(1 − 20/100) = 8.00
[800]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from enum import IntEnum
from fractions import Fraction
from typing import Any, ClassVar, TypeVar

import attrs
import numpy as np
import numpy.typing as npt

from perfrules._ops import ARRAY, ONE, Ops
from perfrules._quantity import (
    INT_LIMIT,
    Fixed,
    Value,
    div_half_up,
    normalize,
    round_half_up,
    trimmed,
)
from perfrules.errors import InvalidValueError

__all__ = [
    "BandsRule",
    "DeductionRule",
    "EqualRule",
    "ProportionalRule",
    "QualitativeRule",
    "ReverseRule",
    "Rows",
    "Rule",
    "Status",
    "ThresholdRule",
    "execution_points",
    "rule_kind",
    "rule_kinds",
]

I64 = npt.NDArray[np.int64]


class Status(IntEnum):
    """The outcome of one row; anything but OK comes with a finding."""

    OK = 0
    NO_ACTUAL = 1  #: no actual value: scores 0
    UNIT_MISMATCH = 2  #: target and actual units do not convert: scores 0
    NEEDS_SCORE = 3  #: a qualitative actual perfrules cannot place in a band, and no declared score
    OUT_OF_BAND = 4  #: the declared qualitative score lies outside its band: clamped into it
    NOT_A_NUMBER = 5  #: a numeric target with a text actual: scores 0
    OVERFLOW = 6  #: beyond exact int64 arithmetic: refused
    NOT_APPLICABLE = 7  #: dropped; the total is rescaled when the scheme says so
    BAND_UNKNOWN = 8  #: a qualitative actual outside the known phrases, scored by its declared score


@attrs.define(eq=False)
class Rows:
    """
    The columns a kernel reads, one entry per indicator row.

    ``target`` and ``actual`` are integers at the row's decimal exponent ``exp``
    (value = int / 10**exp); ``weight`` and ``declared`` are in point units (-1: none);
    ``band`` is the qualitative band (0 达成, 1 部分达成, 2 未达成, -1 unknown);
    ``direction`` is 0 ≥, 1 ≤, 2 =, 3 定性.

    Kernels only read it (it is not frozen: one is built per row on the single-evaluation
    path, where a frozen class's slower construction shows). ``xp`` is the namespace of column
    operations: :data:`~perfrules._ops.ARRAY` for numpy
    columns (the default, and what a rule kind of your own receives), or
    :data:`~perfrules._ops.ONE` when every column is one Python int (:meth:`one`), which the
    single-evaluation engine passes to the built-in kinds (:attr:`Rule.generic`).
    """

    weight: I64
    target: I64
    actual: I64
    exp: I64
    declared: I64
    band: I64
    direction: I64
    places: int = 2  #: decimals of a point unit
    xp: Ops = ARRAY  #: the column operations

    @classmethod
    def one(cls, weight: int, target: int, actual: int, exp: int, declared: int, band: int, direction: int, places: int) -> Rows:  # noqa: PLR0917 -- positional: built per row
        """
        One row of Python ints, for a :attr:`Rule.generic` kernel.

        >>> ProportionalRule().points(Rows.one(1000, 100, 80, 0, -1, -1, 0, 2))
        (800, 0)
        """
        return cls(weight, target, actual, exp, declared, band, direction, places, ONE)  # type: ignore[arg-type]

    @classmethod
    def build(
        cls,
        *,
        weight: Sequence[int] | I64,
        target: Sequence[int] | I64 | None = None,
        actual: Sequence[int] | I64 | None = None,
        exp: Sequence[int] | I64 | None = None,
        declared: Sequence[int] | I64 | None = None,
        band: Sequence[int] | I64 | None = None,
        direction: Sequence[int] | I64 | None = None,
        places: int = 2,
    ) -> Rows:
        """Columns from sequences; missing ones are zeros (``declared`` and ``band``: -1)."""
        w = np.asarray(weight, dtype=np.int64)
        n = len(w)

        def col(v: Sequence[int] | I64 | None, fill: int) -> I64:
            return np.full(n, fill, dtype=np.int64) if v is None else np.asarray(v, dtype=np.int64)

        return cls(w, col(target, 0), col(actual, 0), col(exp, 0), col(declared, -1), col(band, -1), col(direction, 0), places)

    def __len__(self) -> int:
        return len(self.weight)

    def take(self, index: npt.NDArray[np.intp]) -> Rows:
        """The rows at *index*."""
        return Rows(
            self.weight[index], self.target[index], self.actual[index], self.exp[index],
            self.declared[index], self.band[index], self.direction[index], self.places,
        )  # fmt: skip

    def scaled(self, value: Fixed) -> I64:
        """A constant at each row's exponent (rows are built with enough decimals for it)."""
        xp = self.xp
        shift = self.exp - value.places
        return xp.where(shift >= 0, value.units * xp.pow10(shift), 0)

    def fits(self, value: Fixed) -> npt.NDArray[np.bool_]:
        """Where :meth:`scaled` is exact: the product stays within ``INT_LIMIT``."""
        # The largest shift the constant takes, found once: a comparison per row, no division.
        return self.exp - value.places <= _max_shift(value.units)


# Status codes as plain ints for numpy: an IntEnum operand makes a ufunc several times slower.
_OK, _OVERFLOW, _NOT_A_NUMBER = int(Status.OK), int(Status.OVERFLOW), int(Status.NOT_A_NUMBER)
_NEEDS_SCORE, _OUT_OF_BAND, _BAND_UNKNOWN = int(Status.NEEDS_SCORE), int(Status.OUT_OF_BAND), int(Status.BAND_UNKNOWN)

Kernel = tuple[I64, I64]  # points in units, Status codes


#: Largest int64. round_half_up(n, d) computes 2·n + d, so n must stay within (_I64_MAX − d) / 2.
_I64_MAX = int(np.iinfo(np.int64).max)


def _max_shift(units: int) -> int:
    """The largest k ≤ 18 with |units|·10^max(k, 0) ≤ INT_LIMIT (-1: none)."""
    if abs(units) > INT_LIMIT:
        return -1
    k = 0
    while k < 18 and abs(units) * 10 ** (k + 1) <= INT_LIMIT:
        k += 1
    return k


def _half_up_room(den: I64) -> I64:
    """The largest numerator round_half_up(num, den) takes without leaving int64."""
    return (_I64_MAX - den) // 2


def _ratio_points(xp: Ops, w: I64, num: I64, den: I64, status: I64) -> Kernel:
    """round_half_up(w·num/den) for 0 ≤ num ≤ den, den > 0; rows that would overflow are flagged."""
    safe_den = xp.where(den > 0, den, 1)
    # A bound for the whole column first: when its largest product fits, no row can overflow.
    if 2 * xp.top(w) * xp.top(num) + xp.top(safe_den) <= _I64_MAX:
        return round_half_up(w * num, safe_den), status
    too_big = (w > 0) & (num > _half_up_room(safe_den) // xp.maximum(w, 1))
    if not xp.any(too_big):
        return round_half_up(w * num, safe_den), status
    num = xp.where(too_big, 0, num)
    return xp.where(too_big, 0, round_half_up(w * num, safe_den)), xp.where(too_big, _OVERFLOW, status)


@attrs.frozen
class Rule:
    """
    Base of the rule kinds. Subclasses set ``kind`` and implement :meth:`points` and :meth:`explain`.
    """

    kind: ClassVar[str] = ""
    #: True when :meth:`points` uses only ``rows.xp`` operations and operators that Python ints
    #: share (see :mod:`perfrules._ops`), so ``score()`` may run it on one row of ints
    #: (:meth:`Rows.one`); False (the default) gives it numpy columns on both paths.
    generic: ClassVar[bool] = False

    def value_places(self) -> int:
        """Decimals the rule's own constants need at the row scale."""
        return 0

    def points(self, rows: Rows) -> Kernel:
        """Points (units) and a status per row."""
        raise NotImplementedError

    def explain(self, w: Fixed, a: Fraction | None, b: Fraction | None, points: Fixed, lang: str) -> str:
        """One sentence saying how the points were earned."""
        raise NotImplementedError

    def params(self) -> dict[str, Any]:
        """The rule's parameters, as written in a scheme file."""
        return {"kind": self.kind, **{k: _plain(v) for k, v in attrs.asdict(self, recurse=False).items()}}


def _plain(v: object) -> object:
    if isinstance(v, Fixed):
        return str(v)
    if isinstance(v, tuple):
        return [_plain(x) for x in v]
    if attrs.has(type(v)):
        return {k: _plain(x) for k, x in attrs.asdict(v, recurse=False).items()}  # type: ignore[arg-type]
    return v


def _num(x: Fraction | None) -> str:
    if x is None:
        return "—"
    n, d = x.numerator, x.denominator
    if d == 1:
        return str(n)
    # Fixed.from_fraction(x, 4).normalized(), exact when x·10⁴ is a whole number.
    n *= 10**4
    f = Fixed(*trimmed(div_half_up(n, d), 4))
    return str(f) if n % d == 0 else f"≈{f}"


_R = TypeVar("_R", bound=type[Rule])
_KINDS: dict[str, type[Rule]] = {}


def rule_kind(name: str) -> Callable[[_R], _R]:
    """
    Register a rule kind under *name* (a class decorator), so scheme files can name it.
    """

    def deco(cls: _R) -> _R:
        if name in _KINDS and _KINDS[name] is not cls:
            raise ValueError(f"rule kind {name!r} is already registered")
        cls.kind = name
        _KINDS[name] = cls
        return cls

    return deco


def rule_kinds() -> Mapping[str, type[Rule]]:
    """The registered rule kinds by name."""
    return dict(_KINDS)


@rule_kind("proportional")
@attrs.frozen
class ProportionalRule(Rule):
    """正向 (≥): B ≥ A → w, else w·B/A; a negative B counts as 0."""

    generic = True

    def points(self, rows: Rows) -> Kernel:
        xp = rows.xp
        b = xp.maximum(rows.actual, 0)
        full = b >= rows.target
        pts, status = _ratio_points(xp, rows.weight, xp.where(full, 0, b), rows.target, xp.zeros(rows.weight))
        return xp.where(full, rows.weight, pts), status

    def explain(self, w: Fixed, a: Fraction | None, b: Fraction | None, points: Fixed, lang: str) -> str:
        na, nb, en = _num(a), _num(b), lang.startswith("en")
        if a is None or b is None or max(b, Fraction(0)) >= a:
            return f"actual {nb} meets target {na}: full {w}" if en else f"完成值 {nb} 达到目标 {na}，得满分 {w}"
        return f"actual {nb} below target {na}: {w} × {nb} / {na} = {points}" if en else f"完成值 {nb} 低于目标 {na}，得分 = {w} × {nb} / {na} = {points}"


@rule_kind("reverse")
@attrs.frozen
class ReverseRule(Rule):
    """反向 (≤): B ≤ A → w, else ``ratio`` w·A/B or ``linear`` w·max(0, 1 − (B−A)/A)."""

    variant: str = attrs.field(default="ratio", validator=attrs.validators.in_(("ratio", "linear")))

    generic = True

    def points(self, rows: Rows) -> Kernel:
        xp = rows.xp
        a, b, w = rows.target, xp.maximum(rows.actual, 0), rows.weight
        full = b <= a
        if self.variant == "ratio":
            num = xp.where(full | (a <= 0), 0, a)
            pts, status = _ratio_points(xp, w, num, xp.where(full, 1, b), xp.zeros(w))
        else:
            num = xp.where(full | (a <= 0) | (b >= 2 * a), 0, 2 * a - b)
            pts, status = _ratio_points(xp, w, num, xp.where(a > 0, a, 1), xp.zeros(w))
        return xp.where(full, w, pts), status

    def explain(self, w: Fixed, a: Fraction | None, b: Fraction | None, points: Fixed, lang: str) -> str:
        na, nb, en = _num(a), _num(b), lang.startswith("en")
        if a is None or b is None or max(b, Fraction(0)) <= a:
            return f"actual {nb} within target {na}: full {w}" if en else f"完成值 {nb} 不高于目标 {na}，得满分 {w}"
        if self.variant == "ratio":
            return f"actual {nb} above target {na}: {w} × {na} / {nb} = {points}" if en else f"完成值 {nb} 超过目标 {na}，得分 = {w} × {na} / {nb} = {points}"
        return f"actual {nb} above target {na}: {w} × (1 − ({nb} − {na}) / {na}) = {points}" if en else f"完成值 {nb} 超过目标 {na}，得分 = {w} × (1 − ({nb} − {na}) / {na}) = {points}"


_PROPORTIONAL = ProportionalRule()


@rule_kind("equal")
@attrs.frozen
class EqualRule(Rule):
    """等于 (=): like proportional; with A = 0, B ≤ 0 → w else 0."""

    generic = True

    def points(self, rows: Rows) -> Kernel:
        xp = rows.xp
        pts, status = _PROPORTIONAL.points(rows)
        zero = rows.target == 0
        return xp.where(zero, xp.where(rows.actual <= 0, rows.weight, 0), pts), status

    def explain(self, w: Fixed, a: Fraction | None, b: Fraction | None, points: Fixed, lang: str) -> str:
        if a == 0 and b is not None:
            ok = b <= 0
            return f"target 0, actual {_num(b)}: {points}" if lang.startswith("en") else f"目标为 0，完成值 {_num(b)}：{'得满分' if ok else '不得分'} {points}"
        return ProportionalRule().explain(w, a, b, points, lang)


@rule_kind("threshold")
@attrs.frozen
class ThresholdRule(Rule):
    """All or nothing: the target met in its direction → w, else 0."""

    generic = True

    def points(self, rows: Rows) -> Kernel:
        xp = rows.xp
        a, b, d = rows.target, rows.actual, rows.direction
        met = xp.where(d == 1, b <= a, xp.where(d == 2, b == a, b >= a))
        return xp.where(met, rows.weight, 0), xp.zeros(rows.weight)

    def explain(self, w: Fixed, a: Fraction | None, b: Fraction | None, points: Fixed, lang: str) -> str:
        if lang.startswith("en"):
            return f"target {_num(a)}, actual {_num(b)}: {'met' if points == w else 'not met'}, {points}"
        return f"目标 {_num(a)}，完成值 {_num(b)}：{'达到，得满分' if points == w else '未达到，不得分'} {points}"


@attrs.frozen
class Band:
    """One step of a :class:`BandsRule`: a range of values and the points it earns."""

    points: Fixed
    low: Fixed | None = None
    high: Fixed | None = None
    low_inclusive: bool = True
    high_inclusive: bool = False

    def label(self) -> str:
        """The range in interval notation, e.g. ``[80, 90)``."""
        lo = "(-∞" if self.low is None else ("[" if self.low_inclusive else "(") + str(self.low)
        hi = "+∞)" if self.high is None else str(self.high) + ("]" if self.high_inclusive else ")")
        return f"{lo}, {hi}"


@rule_kind("bands")
@attrs.frozen
class BandsRule(Rule):
    """
    Stepped points by ranges of the actual value (``on="actual"``) or of B/A in percent
    (``on="ratio"``); the first band that holds the value wins, none → 0.
    """

    bands: tuple[Band, ...] = attrs.field(converter=tuple)
    on: str = attrs.field(default="actual", validator=attrs.validators.in_(("actual", "ratio")))

    def value_places(self) -> int:
        return max([b.places for band in self.bands for b in (band.low, band.high) if b is not None] or [0])

    def params(self) -> dict[str, Any]:
        # Bands are written as interval strings, the form rule_from_params reads back.
        return {"kind": self.kind, "on": self.on, "bands": [{"points": str(b.points), "range": b.label()} for b in self.bands]}

    def _cmp_value(self, rows: Rows, bound: Fixed) -> tuple[I64, I64]:
        # Compare value ≶ bound as lhs ≶ rhs in integers.
        if self.on == "actual":
            return rows.actual, rows.scaled(bound)
        # 100·B/A ≶ bound  ⇔  100·B·10^p ≶ bound·A  (A > 0); B, A share the row exponent.
        return 100 * 10**bound.places * rows.actual, bound.units * rows.target

    def _overflows(self, rows: Rows, bound: Fixed) -> npt.NDArray[np.bool_]:
        # Rows where _cmp_value's products would leave int64: flagged, never wrapped.
        if self.on == "actual":
            return rows.xp.not_(rows.fits(bound))
        big_b: npt.NDArray[np.bool_] = abs(rows.actual) > INT_LIMIT // (100 * 10**bound.places)
        big_a: npt.NDArray[np.bool_] = abs(rows.target) > INT_LIMIT // max(abs(bound.units), 1)
        return big_b | big_a

    generic = True

    def points(self, rows: Rows) -> Kernel:
        xp = rows.xp
        status = xp.zeros(rows.weight)
        if self.on == "ratio":
            status = xp.where(rows.target <= 0, _NOT_A_NUMBER, status)
        for bound in (b for band in self.bands for b in (band.low, band.high) if b is not None):
            status = xp.where(self._overflows(rows, bound), _OVERFLOW, status)
        pts = xp.zeros(rows.weight)
        done = xp.false(rows.weight)
        places = rows.places
        for band in self.bands:
            inside = xp.not_(done)
            if band.low is not None:
                lhs, rhs = self._cmp_value(rows, band.low)
                inside = inside & ((lhs >= rhs) if band.low_inclusive else (lhs > rhs))
            if band.high is not None:
                lhs, rhs = self._cmp_value(rows, band.high)
                inside = inside & ((lhs <= rhs) if band.high_inclusive else (lhs < rhs))
            pts = xp.where(inside, xp.minimum(band.points.at(places), rows.weight), pts)
            done = done | inside
        return xp.where(status == _OK, pts, 0), status

    def explain(self, w: Fixed, a: Fraction | None, b: Fraction | None, points: Fixed, lang: str) -> str:
        v = b if self.on == "actual" or a in (None, 0) or b is None else b / a * 100
        what = ("完成值", "actual") if self.on == "actual" else ("完成率(%)", "completion (%)")
        nv, en = _num(v), lang.startswith("en")
        for band in self.bands:
            if v is not None and _in_band(band, v):
                return f"{what[1]} {nv} in {band.label()}: {points}" if en else f"{what[0]} {nv} 落在 {band.label()}，得 {points}"
        return f"{what[1]} {nv} in no band: {points}" if en else f"{what[0]} {nv} 不在任何档次内，得 {points}"


def _in_band(band: Band, v: Fraction) -> bool:
    lo_ok = band.low is None or (v >= band.low.as_fraction() if band.low_inclusive else v > band.low.as_fraction())
    hi_ok = band.high is None or (v <= band.high.as_fraction() if band.high_inclusive else v < band.high.as_fraction())
    return lo_ok and hi_ok


@rule_kind("deduction")
@attrs.frozen
class DeductionRule(Rule):
    """
    Start at w and deduct ``points`` per ``per`` of excess over ``limit`` (default: the target),
    floored at 0. ``when="above"`` counts excess above the limit, ``"below"`` shortfall under it;
    ``partial`` says how a part of ``per`` counts: ``proportional``, ``ceil`` or ``floor``.
    """

    points_per: Fixed = attrs.field(alias="points")
    per: Fixed = attrs.field(factory=lambda: Fixed(1))
    limit: Fixed | None = None
    when: str = attrs.field(default="above", validator=attrs.validators.in_(("above", "below")))
    partial: str = attrs.field(default="proportional", validator=attrs.validators.in_(("proportional", "ceil", "floor")))

    def __attrs_post_init__(self) -> None:
        if self.per.units <= 0:
            raise InvalidValueError("must be positive", ("per",))
        if self.points_per.units < 0:
            raise InvalidValueError("must not be negative", ("points",))

    def value_places(self) -> int:
        return max(self.per.places, self.limit.places if self.limit else 0)

    def params(self) -> dict[str, Any]:
        out = super().params()
        out["points"] = out.pop("points_per")
        return {k: v for k, v in out.items() if v is not None}

    generic = True

    def points(self, rows: Rows) -> Kernel:
        xp = rows.xp
        limit = rows.target if self.limit is None else rows.scaled(self.limit)
        excess = rows.actual - limit if self.when == "above" else limit - rows.actual
        excess = xp.maximum(excess, 0)
        per = rows.scaled(self.per)  # same exponent as excess
        d_units = self.points_per.at(rows.places)
        if 2 * max(d_units, 1) * xp.top(excess) + xp.top(per) + 1 <= _I64_MAX:  # no row near the limit
            too_big = xp.not_(rows.fits(self.per))
        else:
            too_big = (excess > _half_up_room(xp.maximum(per, 1)) // max(d_units, 1)) | xp.not_(rows.fits(self.per))
        if self.limit is not None:
            too_big = too_big | xp.not_(rows.fits(self.limit))
        status = xp.where(too_big, _OVERFLOW, xp.zeros(rows.weight))
        excess = xp.where(too_big, 0, excess)
        if self.partial == "proportional":
            # Round the row's points (w − x) half-up, not the deduction x: with w whole in
            # units that is w − (x rounded half-down), so 10 − 0.125 gives 9.88, not 9.87.
            ded = (2 * d_units * excess + per - 1) // (2 * per)
        elif self.partial == "ceil":
            ded = d_units * ((excess + per - 1) // per)
        else:
            ded = d_units * (excess // per)
        return xp.where(too_big, 0, xp.maximum(rows.weight - ded, 0)), status

    def explain(self, w: Fixed, a: Fraction | None, b: Fraction | None, points: Fixed, lang: str) -> str:
        limit = a if self.limit is None else self.limit.as_fraction()
        if lang.startswith("en"):
            return f"actual {_num(b)}, limit {_num(limit)}, {self.points_per} off per {self.per} {self.when}: {w} → {points}"
        return f"完成值 {_num(b)}，界限 {_num(limit)}，每{'超过' if self.when == 'above' else '低于'} {self.per} 扣 {self.points_per} 分：{w} → {points}"


#: Words that place a qualitative actual in a band: not achieved, partly, a negation perfrules
#: will not guess about, and achieved.
_NOT = ("未达成", "未完成", "未达到", "没有达到", "不达标", "较差", "不合格", "未实现")
_NEGATION = ("未", "没有", "尚未", "不足", "不够", "不到位", "不明显")
_PARTLY = ("部分达成", "基本达成", "基本完成", "基本达到", "部分完成", "部分实现", "基本实现", "基本满意", "一定效果")
_YES = ("达成", "达到", "完成", "实现", "合格", "达标", "满意", "有效", "及时", "合规", "显著", "明显", "提升", "提高", "良好", "优秀", "是")

# "Contains one of the words", one scan each.
_NOT_RE, _NEGATION_RE, _PARTLY_RE, _YES_RE = (re.compile("|".join(map(re.escape, words))) for words in (_NOT, _NEGATION, _PARTLY, _YES))


# Qualitative answers come from a small vocabulary (达成, 部分达成, 有效 …) repeated across
# thousands of forms: the band of each (actual, target) text pair is worked out once.
@functools.lru_cache(maxsize=4096)
def _band(actual: str, target: str) -> int:
    s = normalize(actual)
    if _NOT_RE.search(s):
        return 2
    if _PARTLY_RE.search(s):
        return 1
    if s == normalize(target):
        return 0
    if _NEGATION_RE.search(s):
        return -1
    if _YES_RE.search(s):
        return 0
    return -1


@rule_kind("qualitative")
@attrs.frozen
class QualitativeRule(Rule):
    """
    定性: bands 达成 [high·w, w], 部分达成 [low·w, high·w), 未达成 [0, low·w).

    The actual text places the row in a band (:meth:`band`); a declared score must fall inside
    it and is clamped into it otherwise; without one the row earns the band's top.
    """

    high: Fixed = attrs.field(factory=lambda: Fixed(80))  #: percent of w where 达成 starts
    low: Fixed = attrs.field(factory=lambda: Fixed(60))  #: percent of w where 部分达成 starts

    def __attrs_post_init__(self) -> None:
        if not (Fixed(0) <= self.low <= self.high <= Fixed(100)):
            raise InvalidValueError("need 0 ≤ low ≤ high ≤ 100 (percent of the weight)", ("high",))

    @staticmethod
    def band(target: Value, actual: Value | None) -> int:
        """0 达成, 1 部分达成, 2 未达成, -1 unknown, from the actual's text."""
        if actual is None:
            return -1
        return _band(actual.text, target.text)

    def bounds(self, w: I64) -> tuple[I64, I64]:
        """The lower bounds of 达成 and 部分达成 in units."""
        hi = round_half_up(w * self.high.units, 100 * 10**self.high.places)
        lo = round_half_up(w * self.low.units, 100 * 10**self.low.places)
        return hi, lo

    generic = True

    def points(self, rows: Rows) -> Kernel:
        xp = rows.xp
        w, band, dec = rows.weight, rows.band, rows.declared
        hi, lo = self.bounds(w)
        b0, b1, b2 = band == 0, band == 1, band == 2
        top = xp.where(b0, w, xp.where(b1, hi, xp.where(b2, lo, 0)))
        # Band limits in units; the upper limits of 部分 and 未达成 are exclusive.
        b_lo = xp.where(b0, hi, xp.where(b1, lo, 0))
        b_hi = xp.where(b0, w, xp.where(b1, xp.maximum(hi - 1, lo), xp.where(b2, xp.maximum(lo - 1, 0), w)))
        has = dec >= 0
        clamped = xp.minimum(xp.maximum(dec, b_lo), b_hi)  # np.clip(dec, b_lo, b_hi)
        status = xp.where(
            band < 0,
            xp.where(has, _BAND_UNKNOWN, _NEEDS_SCORE),
            xp.where(has & (clamped != dec), _OUT_OF_BAND, _OK),
        )
        pts = xp.where(has, clamped, xp.where(band < 0, 0, top))
        return pts, status

    def explain(self, w: Fixed, a: Fraction | None, b: Fraction | None, points: Fixed, lang: str) -> str:
        if lang.startswith("en"):
            return f"qualitative, scored by band (achieved ≥{self.high}%, partly ≥{self.low}%): {points}"
        return f"定性指标，按达成档次评分（达成 ≥{self.high}%，部分达成 ≥{self.low}%）：{points}"


def execution_points(weight: I64, executed: I64, planned: I64, *, round_rate: bool, rate_places: int = 4, cap: bool = True, xp: Ops = ARRAY) -> Kernel:
    """
    Budget execution points: w · executed / planned, capped at w.

    With ``round_rate`` the rate is first rounded half-up to ``rate_places`` decimals of the
    ratio (4 → 0.01%). The seed's 2032.03 / 2066.22 with w = 10 gives 9.83 exact, 9.84 rounded:

    >>> w, e, p = np.array([1000]), np.array([203203000]), np.array([206622000])
    >>> execution_points(w, e, p, round_rate=False)[0].tolist(), execution_points(w, e, p, round_rate=True)[0].tolist()
    ([983], [984])

    *xp* is :data:`~perfrules._ops.ONE` when the three are Python ints.
    """
    bad = planned <= 0
    status = xp.where(bad, _NOT_A_NUMBER, xp.zeros(weight))
    ex = xp.where(bad, 0, xp.maximum(executed, 0))  # no rate without a plan: never an overflow either
    if cap:
        ex = xp.minimum(ex, planned)
    den = xp.where(bad, 1, planned)
    if round_rate:
        scale = 10**rate_places
        too_big = ex > _half_up_room(den) // scale
        rate = round_half_up(xp.where(too_big, 0, ex) * scale, den)
        status = xp.where(too_big, _OVERFLOW, status)
        pts, status = _ratio_points(xp, weight, rate, xp.zeros(weight) + scale, status)
    else:
        pts, status = _ratio_points(xp, weight, ex, den, status)
    return xp.where(status == _OK, pts, 0), status
