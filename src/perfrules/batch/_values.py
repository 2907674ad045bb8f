"""
Parsing columns once per distinct value: indicator values (``"≥95%"``, ``"达成"``), exact
numbers (weights, scores), amounts of money, texts, flags and years.

Every distinct value goes through the same parser as a single evaluation
(:func:`perfrules.parse_value`, :meth:`perfrules.Fixed.parse`, :meth:`perfrules.Money.parse`);
the rows then take their value by code, so a column of ten million rows with ten thousand
distinct values costs ten thousand parses and a few numpy gathers.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from perfrules._quantity import (
    INT_LIMIT,
    Direction,
    Fixed,
    Money,
    Value,
    normalize,
    parse_value,
    unit_scale,
)
from perfrules._rules import QualitativeRule
from perfrules.batch._columns import Coded, Codes, Column, Numeric, Unreadable, factorize
from perfrules.errors import InvalidValueError

__all__ = ["Nums", "ValueTable", "bools", "money", "numbers", "parse_values", "texts", "to_coded"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

#: Row error codes met while parsing a cell.
OK, BAD, FLOAT, BIG = 0, 1, 2, 3

_DIR = {Direction.GE: 0, Direction.LE: 1, Direction.EQ: 2, Direction.QUAL: 3}
_NEVER = Value(
    " ", None, None
)  # normalizes to "", which no actual does: the band without the equality test


@attrs.frozen
class Floats:
    """Counts of float cells rounded half-up to 4 decimals (``allow_float=True``)."""

    rounded: int = 0


def const(value: Any, n: int) -> Any:
    """A read-only column of *n* equal values that takes no memory (a broadcast view)."""
    return np.broadcast_to(
        np.asarray(value, dtype=bool if isinstance(value, bool) else np.int64), (n,)
    )


def float_text(x: float) -> str:
    """
    A float's shortest decimal repr, rounded half-up to 4 decimals, as an exact decimal string.

    >>> float_text(0.1 + 0.2), float_text(2.00005), float_text(1e-05)
    ('0.3000', '2.0001', '0.0000')
    """
    d = decimal.Decimal(repr(float(x))).quantize(
        decimal.Decimal("0.0001"), rounding=decimal.ROUND_HALF_UP
    )
    return format(d, "f")


def _cell_text(u: Any, allow_float: bool) -> tuple[int, str | int | None]:
    """A cell as the text (or int) the scalar parsers read, or an error code."""
    if u is None or isinstance(u, bool | np.bool_):
        return (OK, None) if u is None else (BAD, None)
    if isinstance(u, float | np.floating):
        if math.isnan(u):
            return OK, None
        if not allow_float or not np.isfinite(u):
            return FLOAT, None
        return OK, float_text(float(u))
    if isinstance(u, int | np.integer):
        return OK, int(u)
    if isinstance(u, decimal.Decimal):
        return (OK, format(u, "f")) if u.is_finite() else (BAD, None)
    if isinstance(u, str):
        return OK, u
    return BAD, None


@attrs.frozen(eq=False)
class ValueTable:
    """
    Per distinct value of a target or actual column: its number (``units / 10**places`` with no
    trailing zero decimals), unit, direction (-1: none) and error. The qualitative band parts and
    normalized texts are filled in only for the values a qualitative rule reads (:meth:`bands`).
    """

    codes: Codes
    err: I64
    units: I64
    places: I64
    has_number: Bools
    big: Bools
    unit: I64
    #: 0 ≥, 1 ≤, 2 =, 3 定性, -1 none; one byte, so the table stays in cache
    direction: npt.NDArray[np.int8]
    band_words: (
        I64  #: band decided by words before the equality test (2, 1), 0, or -9 not yet known
    )
    band_rest: I64  #: band when the texts differ
    norm: I64  #: id of the normalized text (shared between target and actual), -1 not yet known
    texts: Sequence[str | int | None]  #: each value as written (None: none, or not readable)
    floats: int
    _values: dict[int, Value] = attrs.field(factory=dict)

    def value(self, i: int) -> Value:
        """The parsed value of distinct value *i* (parsed again on demand: plain numbers skip it)."""
        v = self._values.get(i)
        if v is None:
            text = self.texts[i]
            assert text is not None
            v = self._values[i] = parse_value(text)
        return v

    def bands(self, which: I64, norms: dict[str, int]) -> None:
        """Fill the band parts and normalized text ids of the distinct values *which*."""
        for i in np.unique(which).tolist():
            if self.norm[i] >= 0 or self.texts[i] is None or self.err[i] != OK:
                continue
            v = self.value(i)
            w = QualitativeRule.band(v, v)  # 0 when the equality test is reached
            self.band_words[i] = w
            self.band_rest[i] = w or QualitativeRule.band(_NEVER, v)
            self.norm[i] = norms.setdefault(normalize(v.text), len(norms))


def to_coded(col: Column) -> Coded:
    """A numeric column as distinct decimal strings, so every value column is parsed the same way."""
    if isinstance(col, Coded):
        return col
    return _coded_numbers(col, lambda u: str(Fixed(u, col.places)))


def ids_of(col: Column) -> Coded:
    """
    An id column (evaluation) as codes into its distinct ids, integers kept as ``int``; a cell
    that is no value (a list) is no id.
    """
    if isinstance(col, Coded):
        bad = [i for i, u in enumerate(col.uniques) if isinstance(u, Unreadable)]
        if bad:
            codes = np.where(np.isin(col.codes, bad), -1, col.codes)
            return Coded(codes, col.uniques)
        return col
    units = col.units
    step = (
        np.diff(units)  # exact: no difference of two ids within ±2**62 leaves int64
        if col.places == 0
        and len(units) > 1
        and int(units.min()) > -INT_LIMIT
        and int(units.max()) < INT_LIMIT
        else None
    )
    if (
        step is not None
        and int(step.min()) >= 0
        and bool(col.valid.all())
        and not col.overflow.any()
    ):  # sorted integer ids, the common case: runs, no hashing
        first = np.flatnonzero(step)
        first += 1
        first = np.r_[0, first]
        lo, hi = int(units[0]), int(units[-1])
        if hi - lo + 1 == len(first):  # consecutive ids: each id less the first is its code
            return Coded(units - lo, list(range(lo, hi + 1)), first=first)
        codes = np.zeros(len(units), dtype=np.int64)
        codes[first[1:]] = 1
        return Coded(np.cumsum(codes, out=codes), units[first].tolist(), first=first)
    return _coded_numbers(
        col, (lambda u: u) if col.places == 0 else (lambda u: str(Fixed(u, col.places)))
    )


def _coded_numbers(col: Numeric, label: Any) -> Coded:
    # Only the cells that hold their number are factorized, with no sentinel for a null: the
    # id -2**63 is an id like any other. An integer beyond exact arithmetic keeps its units (an
    # id, or a value the parser flags); a decimal128 beyond int64 has none (units 0).
    unknown = col.overflow & (col.units == 0)
    has = np.flatnonzero(col.valid & ~unknown)
    codes = np.full(len(col.units), -1, dtype=np.int64)
    found, uniq = factorize(col.units[has])
    codes[has] = found
    uniques: list[Any] = [label(int(u)) for u in uniq]
    if unknown.any():  # its exact text where the column had it, else a number beyond int64
        texts = col.big_texts or {}
        index: dict[str, int] = {}
        for r in np.flatnonzero(unknown).tolist():
            text = texts.get(r, "9" * 40)
            c = index.get(text)
            if c is None:
                c = index[text] = len(uniques)
                uniques.append(text)
            codes[r] = c
    return Coded(codes, uniques)


def plain_decimals(values: list[Any], arrow: Any = None) -> tuple[Bools, I64, I64]:
    """
    Which *values* are plain decimal strings of at most 18 digits (``"95"``, ``"12.50"``), and
    their units and places with trailing zero decimals dropped, read in numpy for all at once;
    *arrow*, an Arrow string array of the same values, is read from its buffers instead.

    >>> ok, units, places = plain_decimals(["12.50", "≥95%", "007", "1.", None, "0.000"])
    >>> ok.tolist(), units.tolist(), places.tolist()
    ([True, False, True, False, False, True], [125, 0, 7, 0, 0, 0], [1, 0, 0, 0, 0, 0])
    """
    k = len(values)
    if not k:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    cols: npt.NDArray[Any]
    if arrow is not None and len(arrow) == k:
        cols = _arrow_chars(arrow)
    else:
        strs = [u if type(u) is str and 0 < len(u) <= 19 else "" for u in values]
        if "\0" in "".join(strs):  # numpy drops trailing NULs: leave such texts to the parser
            return np.zeros(k, dtype=bool), np.zeros(k, dtype=np.int64), np.zeros(k, dtype=np.int64)
        chars = np.array(strs)  # as wide as the longest text
        width = chars.itemsize // 4
        cols = chars.view(np.uint32).reshape(k, width).T  # one row per character position
    return _horner(cols, k)


def _arrow_chars(arr: Any) -> npt.NDArray[np.uint8]:
    """
    The UTF-8 bytes of an Arrow string array, one row per byte position, 0 past each text's
    end; texts that are null, empty or longer than 19 bytes are all 0, a NUL byte reads 255.
    """
    k = len(arr)
    bufs = arr.buffers()
    import pyarrow as pa

    wide = pa.types.is_large_string(arr.type)
    offsets = np.frombuffer(bufs[1], dtype=np.int64 if wide else np.int32)[
        arr.offset : arr.offset + k + 1
    ].astype(np.int64)
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else np.zeros(0, np.uint8)
    lens = np.diff(offsets)
    ok = (lens > 0) & (lens <= 19)
    if len(data):  # a plain decimal starts with a digit: other texts are not read further
        ok &= (data[np.minimum(offsets[:-1], len(data) - 1)] - 48) <= 9
    if arr.null_count:
        ok &= np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
    lens = np.where(ok, lens, 0)
    width = int(lens.max(initial=0))
    cols = np.zeros((width, k), dtype=np.uint8)
    start = offsets[:-1]
    for j in range(width):
        inside = j < lens
        b = data[np.where(inside, start + j, 0)] if len(data) else np.zeros(k, np.uint8)
        cols[j] = np.where(inside, np.where(b == 0, 255, b), 0)
    return cols


#: By character code (non-ASCII read as 255): 0 past the end, 1 a digit, 2 a dot, 3 anything else.
_CLASS = np.full(256, 3, dtype=np.uint8)
_CLASS[0], _CLASS[48:58], _CLASS[46] = 0, 1, 2
_TIMES = np.where(_CLASS == 1, 10, 1).astype(np.int64)  #: Horner's factor: 10 for a digit, else 1
_DIGIT = np.where(_CLASS == 1, np.arange(256) - 48, 0).astype(np.int64)


def _horner(cols: npt.NDArray[Any], k: int) -> tuple[Bools, I64, I64]:
    """Plain decimals from their characters, one row per position (0: past the end)."""
    if not len(cols):
        return np.zeros(k, dtype=bool), np.zeros(k, dtype=np.int64), np.zeros(k, dtype=np.int64)
    chars = cols if cols.dtype == np.uint8 else np.minimum(cols, 255).astype(np.uint8)
    units = np.zeros(k, dtype=np.int64)
    places, dots, digits = (np.zeros(k, dtype=np.uint8) for _ in range(3))
    other, seen = np.zeros(k, dtype=bool), np.zeros(k, dtype=bool)
    for c in chars:  # Horner's rule without a branch: ×1 + 0 on what is not a digit
        units = units * _TIMES[c] + _DIGIT[c]
        kind = _CLASS[c]
        digit, dot = kind == 1, kind == 2
        places += digit & seen  # digits after the dot
        seen |= dot
        dots += dot
        digits += digit
        other |= kind == 3
    places = places.astype(np.int64)
    # a digit first, digits and at most one dot, a digit after the dot (not "1."), ≤ 18 digits
    ok = (_CLASS[chars[0]] == 1) & ~other & ((dots == 0) | ((dots == 1) & (places > 0)))
    ok &= digits <= 18
    for _ in range(18):  # drop trailing zero decimals, as the scalar parser normalizes them
        z = (places > 0) & (units % 10 == 0)
        if not z.any():
            break
        units = np.where(z, units // 10, units)
        places -= z
    return ok, np.where(ok, units, 0), np.where(ok, places, 0)


def parse_values(col: Column, allow_float: bool, units: dict[str, int]) -> ValueTable:
    """
    Parse each distinct value of a target or actual column once.

    A plain decimal (``"95"``, ``"12.50"``) is read directly, everything else by
    :func:`perfrules.parse_value`; *units* maps unit strings to ids shared across columns.
    """
    if isinstance(col, Numeric) and not col.overflow.any():
        return _numeric_values(col)  # else its few big cells are read from their texts
    coded = to_coded(col)
    n = len(coded.uniques) + 1  # one unused entry, so an all-null column still has a table
    err = np.zeros(n, dtype=np.int64)
    out_units = np.zeros(n, dtype=np.int64)
    places = np.zeros(n, dtype=np.int64)
    has = np.zeros(n, dtype=bool)
    big = np.zeros(n, dtype=bool)
    unit = np.zeros(n, dtype=np.int64)
    direction = np.full(n, -1, dtype=np.int8)
    parsed: dict[int, Value] = {}
    float_codes = []
    err[-1] = BAD
    plain, p_units, p_places = plain_decimals(coded.uniques, coded.arrow)
    k = len(coded.uniques)
    out_units[:k], places[:k], has[:k] = p_units, p_places, plain
    texts: list[str | int | None] = [*coded.uniques, None]  # plain decimals: their own text
    for i in np.flatnonzero(~plain).tolist():
        u, texts[i] = coded.uniques[i], None
        code, text = _cell_text(u, allow_float)
        if code != OK or text is None:
            err[i] = code if code != OK else BAD
            continue
        if isinstance(u, float | np.floating):
            float_codes.append(i)
        try:
            v = parse_value(text)
        except InvalidValueError:
            err[i] = BAD
            continue
        texts[i], parsed[i] = text, v
        if v.number is not None:
            f = v.number.normalized()
            has[i] = True
            if abs(f.units) >= INT_LIMIT:
                big[i] = True
            else:
                out_units[i], places[i] = f.units, f.places
        unit[i] = units.setdefault(v.unit, len(units))
        direction[i] = -1 if v.direction is None else _DIR[v.direction]
    float_rows = int(np.count_nonzero(np.isin(coded.codes, float_codes))) if float_codes else 0
    return ValueTable(
        coded.codes, err, out_units, places, has, big, unit, direction,
        np.full(n, -9, dtype=np.int64), np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64),
        texts, float_rows, parsed,
    )  # fmt: skip


def _numeric_values(col: Numeric) -> ValueTable:
    """
    A numeric column's distinct values, straight from their integers: what parsing their decimal
    texts would give (a plain number, no unit, no sign), without writing the texts first. Every
    value fits in int64 (no cell overflows).
    """
    has = np.flatnonzero(col.valid & ~col.overflow)
    codes = np.full(len(col), -1, dtype=np.int64)
    found, uniq = factorize(col.units[has])
    codes[has] = found
    k = len(uniq)
    units = np.zeros(k + 1, dtype=np.int64)  # + the unused entry
    units[:k] = uniq
    written = _NumberTexts(units.copy(), col.places)  # as the column writes them: "95.50"
    places = np.full(k + 1, col.places, dtype=np.int64)
    for _ in range(col.places):  # trailing zero decimals dropped, as parsing the text does
        z = (places > 0) & (units % 10 == 0)
        units, places = np.where(z, units // 10, units), np.where(z, places - 1, places)
    places[k] = 0
    err = np.zeros(k + 1, dtype=np.int64)
    err[-1] = BAD
    has_number = np.ones(k + 1, dtype=bool)
    has_number[-1] = False
    n = k + 1
    return ValueTable(
        codes, err, units, places, has_number, np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64),
        np.full(n, -1, dtype=np.int8), np.full(n, -9, dtype=np.int64),
        np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64),
        written, 0,
    )  # fmt: skip


class _NumberTexts(Sequence[str | None]):
    """The texts of a numeric column's distinct values, written only when one is read."""

    def __init__(self, units: I64, places: int) -> None:
        self.units, self.places = units, places

    def __len__(self) -> int:
        return len(self.units)

    def __getitem__(self, i: Any) -> Any:
        if not isinstance(i, int | np.integer):
            raise TypeError("one value at a time")
        if i < 0:
            i += len(self)
        if i == len(self) - 1:
            return None  # the unused entry
        return str(Fixed(int(self.units[i]), self.places))


def unit_info(units: dict[str, int]) -> tuple[I64, list[tuple[str, Any]]]:
    """Per unit id: its family id, and (family, size) for conversions."""
    info = [unit_scale(u) for u in sorted(units, key=units.__getitem__)]
    fams: dict[str, int] = {}
    fam = np.array([fams.setdefault(f, len(fams)) for f, _ in info], dtype=np.int64)
    return fam, info


@attrs.frozen(eq=False)
class Nums:
    """Exact numbers per row: ``units / 10**places`` (``places`` per row), an error code, and validity."""

    units: I64
    places: I64
    valid: Bools
    err: I64
    floats: int = 0
    #: the error codes some row may have (none: no row needs checking)
    errors: frozenset[int] = frozenset({BAD, FLOAT, BIG})


def numbers(
    col: Column | None,
    n: int,
    allow_float: bool,
    *,
    parse: Callable[[str | int], Fixed] = Fixed.parse,
) -> Nums:
    """
    Exact decimal numbers per row, each distinct text read by *parse* (:func:`parse_points`
    for weights and scores); a missing column is all null.
    """
    if col is None:
        z = const(0, n)
        return Nums(z, z, const(False, n), z, errors=frozenset())
    if isinstance(col, Numeric):
        big = bool(col.overflow.any())
        err = np.where(col.overflow, BIG, OK).astype(np.int64) if big else const(OK, len(col))
        return Nums(
            np.where(col.overflow, 0, col.units) if big else col.units,
            const(col.places, len(col)),
            col.valid & ~col.overflow,
            err,
            errors=frozenset({BIG} if big else ()),
        )
    k = len(col.uniques)
    units, places = np.zeros(k, dtype=np.int64), np.zeros(k, dtype=np.int64)
    err = np.zeros(k, dtype=np.int64)
    isfloat = np.zeros(k, dtype=bool)
    for i, u in enumerate(col.uniques):
        code, text = _cell_text(u, allow_float)
        isfloat[i] = isinstance(u, float | np.floating) and code == OK and text is not None
        if code != OK or text is None:
            err[i] = code if code != OK else BAD
            continue
        try:
            f = parse(text)
        except InvalidValueError:
            err[i] = BAD
            continue
        if abs(f.units) >= INT_LIMIT:
            err[i] = BIG
        else:
            units[i], places[i] = f.units, f.places
    return _gather(col.codes, units, places, err, isfloat)


def money(col: Column | None, n: int, allow_float: bool) -> Nums:
    """Amounts in yuan (or with their unit, ``"2066.22 万元"``) as fen per row (``places`` 0)."""
    if col is None:
        z = const(0, n)
        return Nums(z, z, const(False, n), z)
    if isinstance(col, Numeric):
        if col.places <= 2:
            fen = col.units * 10 ** (2 - col.places)
            big = col.overflow | (np.abs(col.units) >= INT_LIMIT // 10 ** (2 - col.places))
            ok = np.ones(len(col), dtype=bool)
        else:
            d = 10 ** (col.places - 2)
            fen, ok = col.units // d, col.units % d == 0
            big = col.overflow
        z = np.zeros(len(col), dtype=np.int64)
        if not big.any() and ok.all():  # the common case: every amount a whole number of fen
            return Nums(fen, z, col.valid, z, errors=frozenset())
        err = np.select([big, ~ok], [BIG, BAD], OK).astype(np.int64)
        return Nums(
            np.where(err == OK, fen, 0), z, col.valid & (err == OK), np.where(col.valid, err, OK)
        )
    k = len(col.uniques)
    units, err = np.zeros(k, dtype=np.int64), np.zeros(k, dtype=np.int64)
    isfloat = np.zeros(k, dtype=bool)
    for i, u in enumerate(col.uniques):
        code, text = _cell_text(u, allow_float)
        isfloat[i] = isinstance(u, float | np.floating) and code == OK and text is not None
        if code != OK or text is None:
            err[i] = code if code != OK else BAD
            continue
        try:
            fen = Money.parse(text).fen
        except InvalidValueError:
            err[i] = BAD
            continue
        if abs(fen) >= INT_LIMIT:
            err[i] = BIG
        else:
            units[i] = fen
    return _gather(col.codes, units, np.zeros(k, dtype=np.int64), err, isfloat)


def _gather(codes: Codes, units: I64, places: I64, err: I64, isfloat: Bools) -> Nums:
    valid = codes >= 0
    c = np.where(valid, codes, 0)
    if len(units) == 0:
        z = np.zeros(len(codes), dtype=np.int64)
        return Nums(z, z, valid, z)
    e = np.where(valid, err[c], OK)
    floats = int(np.count_nonzero(valid & isfloat[c])) if isfloat.any() else 0
    errors = frozenset(np.unique(err).tolist()) - {OK}
    return Nums(units[c], places[c], valid & (e == OK), e, floats, errors)


def texts(col: Column | None, n: int) -> Coded:
    """A text column (names, groups, scheme names, rule names) as codes into strings."""
    if col is None:
        return Coded(const(-1, n), [])
    coded = to_coded(col) if isinstance(col, Numeric) else col
    return Coded(coded.codes, [None if u is None else str(u) for u in coded.uniques])


_TRUE = {"true", "1", "yes", "是", "y", "t", "不适用", "n/a", "na"}
_FALSE = {"false", "0", "no", "否", "n", "f", ""}


def bools(col: Column | None, n: int) -> tuple[Bools, Bools]:
    """A flag column (``not_applicable``): the flags and the rows that are not a flag."""
    if col is None:
        return const(False, n), const(False, n)
    if isinstance(col, Numeric):
        bad = (
            col.valid & ~np.isin(col.units, [0, 1])
            if col.places == 0
            else col.valid & (col.units != 0)
        )
        return col.valid & (col.units != 0) & ~bad, bad
    k = len(col.uniques)
    val, bad = np.zeros(k, dtype=bool), np.zeros(k, dtype=bool)
    for i, u in enumerate(col.uniques):
        if isinstance(u, bool | np.bool_):
            val[i] = bool(u)
        elif isinstance(u, str) and u.strip().lower() in _TRUE | _FALSE:
            val[i] = u.strip().lower() in _TRUE
        elif isinstance(u, int | np.integer) and u in (0, 1):
            val[i] = bool(u)
        else:
            bad[i] = True
    valid = col.codes >= 0
    c = np.where(valid, col.codes, 0)
    if k == 0:
        return const(False, n), const(False, n)
    return valid & val[c], valid & bad[c]


_POW10 = np.array([10**k for k in range(19)], dtype=np.int64)


def places_up(units: I64, places: I64, to: I64 | int) -> tuple[I64, Bools]:
    """*units* at *places* expressed at *to* ≥ places decimals, and where that overflows."""
    diff = to - places
    if not np.any(diff > 0):  # the common case: already there
        return units, np.zeros(len(units), dtype=bool)
    shift = np.clip(diff, 0, 18)
    lim = (INT_LIMIT - 1) // _POW10[shift]
    big = (np.abs(units) > lim) | ((to - places) > 18)
    return np.where(big, 0, units * _POW10[shift]), big


def quantize(units: I64, places: I64, to: I64) -> tuple[I64, Bools]:
    """Half-up (away from zero) to *to* decimals; non-negative *units*."""
    up, big = places_up(units, places, to)
    down = np.clip(places - to, 0, 18)
    q = (2 * units + _POW10[down]) // (2 * _POW10[down])
    return np.where(places > to, q, up), big & (places <= to)
