"""
Columnar input adapters: a pyarrow Table, a pandas DataFrame or a dict of numpy arrays becomes
a mapping of column names to :class:`Numeric` or :class:`Coded` columns.

A :class:`Numeric` column holds exact integers at a fixed number of decimals (Arrow integers,
decimal128, numpy integers); a :class:`Coded` column holds one code per row into a list of
distinct values (strings, ``Decimal``, ints, floats), so each distinct value is parsed once.
pandas and pyarrow are imported only when the input is theirs.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from perfrules._quantity import INT_LIMIT
from perfrules.errors import InvalidValueError

__all__ = ["Coded", "Column", "Numeric", "adapt", "factorize"]

I64 = npt.NDArray[np.int64]
#: Codes into a column's distinct values: int32 as Arrow dictionaries give them, or int64.
Codes = npt.NDArray[np.int32] | npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@attrs.frozen(eq=False)
class Numeric:
    """
    Exact integers ``units / 10**places``; ``valid`` is False for nulls, ``overflow`` for values
    beyond exact int64 arithmetic (±``INT_LIMIT``): their units are the value itself where it
    fits in int64 (an integer column, see :func:`integers`), else 0.
    """

    units: I64
    places: int
    valid: Bools
    overflow: Bools
    #: the exact decimal text of overflowing cells whose units are 0 (a decimal128 beyond
    #: int64), by row, so they can be read as a text column reads them
    big_texts: Mapping[int, str] | None = None

    def __len__(self) -> int:
        return len(self.units)

    def slice(self, lo: int, hi: int) -> Numeric:
        """Rows ``lo:hi``."""
        texts = None
        if self.big_texts:
            texts = {i - lo: t for i, t in self.big_texts.items() if lo <= i < hi}
        return Numeric(self.units[lo:hi], self.places, self.valid[lo:hi], self.overflow[lo:hi], texts)


@attrs.frozen(eq=False)
class Coded:
    """
    One code per row (-1: null) into ``uniques``; ``arrow`` is the Arrow string array the
    uniques were read from, when they were, so plain decimals can be read from its buffers.
    """

    codes: Codes
    uniques: list[Any]
    arrow: Any = None
    #: where each code first appears, when the codes are known to be 0, 1, 2 … in row order
    first: Any = None

    def __len__(self) -> int:
        return len(self.codes)

    def slice(self, lo: int, hi: int) -> Coded:
        """Rows ``lo:hi`` (the uniques are shared)."""
        return Coded(self.codes[lo:hi], self.uniques, self.arrow)


Column = Numeric | Coded


def adapt(table: object, *, what: str = "indicators") -> tuple[dict[str, Column], int]:
    """
    The columns of *table* and its number of rows: a pyarrow Table, a pandas DataFrame, a dict
    of arrays, or any table with the Arrow PyCapsule interface (``__arrow_c_stream__``: a Polars
    DataFrame, a DuckDB relation …).

    Raises:
        InvalidValueError: not a table perfrules reads, a column named twice, or columns of
            different lengths.
    """
    kind = type(table).__module__.split(".")[0]
    if kind not in ("pyarrow", "pandas") and hasattr(table, "__arrow_c_stream__"):
        import pyarrow as pa  # a table of another library that speaks Arrow (Polars, DuckDB …)

        table, kind = pa.table(table), "pyarrow"
    if kind in ("pyarrow", "pandas"):
        names = [str(c) for c in (table.column_names if kind == "pyarrow" else table.columns)]  # type: ignore[attr-defined]
        twice = sorted({c for c in names if names.count(c) > 1})
        if twice:
            raise InvalidValueError(f"column(s) named more than once: {', '.join(twice)}", (what,))
    if kind == "pyarrow":
        return _from_arrow(table, what)
    if kind == "pandas":
        return _from_pandas(table, what)
    if isinstance(table, Mapping):
        return _from_mapping(table, what)
    raise InvalidValueError(
        f"expected a pyarrow Table, a pandas DataFrame or a dict of numpy arrays, got {type(table).__name__}",
        (what,),
    )


def _check_lengths(cols: Mapping[str, Column], what: str) -> int:
    lengths = {name: len(c) for name, c in cols.items()}
    if len(set(lengths.values())) > 1:
        raise InvalidValueError(f"columns of different lengths: {lengths}", (what,))
    return next(iter(lengths.values()), 0)


def _from_arrow(table: Any, what: str) -> tuple[dict[str, Column], int]:
    import pyarrow as pa

    if isinstance(table, pa.RecordBatch):
        table = pa.Table.from_batches([table])
    if not isinstance(table, pa.Table):
        raise InvalidValueError(f"expected a pyarrow Table, got {type(table).__name__}", (what,))
    seen: list[tuple[Any, list[Any]]] = []
    cols = {
        name: arrow_column(table.column(name), (what, name), seen) for name in table.column_names
    }
    return cols, table.num_rows


def arrow_column(
    col: Any, path: tuple[str, ...] = (), seen: list[tuple[Any, list[Any]]] | None = None
) -> Column:
    """
    One Arrow array or chunked array as a column. Dictionaries equal to one in *seen* (the
    target and actual columns often have the same) share its list of values, read once.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(col, pa.ChunkedArray):  # one chunk, the common case: no copy
        arr = col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()
    else:
        arr = col
    if str(arr.type) == "string_view":  # as Polars writes texts: read as plain strings
        arr = arr.cast(pa.large_string())
    t = arr.type
    if pa.types.is_dictionary(t):
        codes = (
            arr.indices.to_numpy(zero_copy_only=False)
            if arr.null_count == 0
            else arr.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        )
        return Coded(
            _narrow(codes), _dictionary_values(arr.dictionary, seen), _strings(arr.dictionary)
        )
    if pa.types.is_integer(t):
        valid = _arrow_valid(arr)
        raw = (arr.fill_null(0) if arr.null_count else arr).to_numpy(zero_copy_only=False)
        return integers(raw, valid)
    if pa.types.is_decimal128(t):
        return _decimal128(arr)
    if pa.types.is_boolean(t):
        raw = (arr.fill_null(False) if arr.null_count else arr).to_numpy(zero_copy_only=False)
        return Numeric(raw.astype(np.int64), 0, _arrow_valid(arr), np.zeros(len(arr), dtype=bool))
    if pa.types.is_null(t):
        return Coded(np.full(len(arr), -1, dtype=np.int64), [])
    if (
        pa.types.is_floating(t)
        or pa.types.is_string(t)
        or pa.types.is_large_string(t)
        or pa.types.is_decimal(t)
    ):
        enc = pc.dictionary_encode(arr)
        return Coded(
            _narrow(enc.indices.fill_null(-1).to_numpy(zero_copy_only=False)),
            enc.dictionary.to_pylist(),
            _strings(enc.dictionary),
        )
    raise InvalidValueError(f"unsupported column type {t}", path)


def _dictionary_values(dictionary: Any, seen: list[tuple[Any, list[Any]]] | None) -> list[Any]:
    """The values of an Arrow dictionary as a list, shared with an equal dictionary in *seen*."""
    for other, known in seen or ():
        if (
            len(other) == len(dictionary)
            and other.type == dictionary.type
            and other.equals(dictionary)
        ):
            return known
    values: list[Any] = dictionary.to_pylist()
    # small dictionaries cost less to read again than to compare
    if seen is not None and len(values) > 64:
        seen.append((dictionary, values))
    return values


def _strings(arr: Any) -> Any:
    """*arr* when it is an Arrow string array (its buffers can be read directly), else ``None``."""
    import pyarrow as pa

    return arr if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type) else None


def _narrow(codes: Any) -> Codes:
    """
    Dictionary codes as numpy gives them when they are int32 or int64 (int32 halves the memory
    of a column; numpy promotes them to int64 in any arithmetic with int64), else as int64.
    """
    arr = np.asarray(codes)
    if arr.dtype in (np.int32, np.int64):
        return arr
    return arr.astype(np.int64)


def _arrow_valid(arr: Any) -> Bools:
    if arr.null_count == 0:
        return np.ones(len(arr), dtype=bool)
    return np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=bool)


def _decimal128(arr: Any) -> Numeric:
    """Arrow decimal128 read in place: the low 64 bits are the units when the high 64 bits only extend the sign."""
    words = np.frombuffer(arr.buffers()[1], dtype=np.int64)[
        2 * arr.offset : 2 * (arr.offset + len(arr))
    ]
    lo, hi = words[0::2], words[1::2]
    valid = _arrow_valid(arr)
    if len(lo) and not hi.any():  # the common case: every value (nulls' slots too) in [0, 2**64)
        units = lo.copy()  # contiguous: the checks below read it faster than the strided words
        if int(units.min()) >= 0 and int(units.max()) < INT_LIMIT:
            if arr.null_count:
                units[~valid] = 0
            return Numeric(units, int(arr.type.scale), valid, np.zeros(len(lo), dtype=bool))
    overflow = valid & (
        (hi != (lo >> 63)) | (np.abs(lo) >= INT_LIMIT) | (lo == np.iinfo(np.int64).min)
    )
    units = np.where(valid & ~overflow, lo, 0)
    rows = np.flatnonzero(overflow)  # rare: their exact texts, from Arrow
    texts = {int(i): format(d, "f") for i, d in zip(rows.tolist(), arr.take(rows).to_pylist(), strict=True)}
    return Numeric(units, int(arr.type.scale), valid, overflow, texts or None)


def _from_pandas(df: Any, what: str) -> tuple[dict[str, Column], int]:
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise InvalidValueError(f"expected a pandas DataFrame, got {type(df).__name__}", (what,))
    cols: dict[str, Column] = {}
    for name in df.columns:
        s = df[name]
        path = (what, str(name))
        if isinstance(s.dtype, pd.CategoricalDtype):
            cols[str(name)] = Coded(np.asarray(s.cat.codes, dtype=np.int64), list(s.cat.categories))
        elif s.dtype.kind in "iub" or isinstance(s.dtype, pd.ArrowDtype):
            import pyarrow as pa

            cols[str(name)] = arrow_column(pa.array(s, from_pandas=True), path)
        else:
            cols[str(name)] = numpy_column(s.to_numpy(), path)
    return cols, len(df)


def _from_mapping(data: Mapping[Any, Any], what: str) -> tuple[dict[str, Column], int]:
    cols = {str(k): numpy_column(v, (what, str(k))) for k, v in data.items()}
    return cols, _check_lengths(cols, what)


def numpy_column(values: object, path: tuple[str, ...] = ()) -> Column:
    """A numpy array (or a sequence) as a column."""
    if type(values).__module__.split(".")[0] == "pyarrow":
        return arrow_column(values, path)
    arr = np.asarray(values) if not isinstance(values, np.ndarray) else values
    if arr.ndim != 1:
        raise InvalidValueError("expected a one-dimensional column", path)
    if arr.dtype.kind in "iu":
        return integers(arr, np.ones(len(arr), dtype=bool))
    if arr.dtype.kind == "b":
        return Numeric(
            arr.astype(np.int64), 0, np.ones(len(arr), dtype=bool), np.zeros(len(arr), dtype=bool)
        )
    if arr.dtype == object and not all(isinstance(v, Hashable) for v in arr.tolist()):
        arr = np.array([v if isinstance(v, Hashable) else Unreadable(type(v).__name__) for v in arr.tolist()] or [], dtype=object)
    codes, uniques = factorize(arr)
    return Coded(codes, uniques)


@attrs.frozen
class Unreadable:
    """A cell that is no value of any kind (a list, a dict): read as a bad cell of its row."""

    kind: str

    def __str__(self) -> str:
        return f"<{self.kind}>"


def integers(arr: npt.NDArray[Any], valid: Bools) -> Column:
    """
    An integer array as a column: exact, with ``overflow`` where a value is beyond the exact
    range (±``INT_LIMIT``). Such a value keeps its units, so an id (a label) that big is still
    itself; a uint64 beyond int64 makes the column one of distinct values.

    >>> c = integers(np.array([-(2**63), 7]), np.array([True, True]))
    >>> c.units.tolist(), c.overflow.tolist()
    ([-9223372036854775808, 7], [True, False])
    """
    if arr.dtype == np.uint64 and bool((arr > np.uint64(2**63 - 1)).any()):
        codes, uniques = factorize(arr)
        codes = np.where(valid, codes, -1)
        return Coded(codes, [int(u) for u in uniques])
    units = np.asarray(arr, dtype=np.int64)
    overflow = (units >= INT_LIMIT) | (units <= -INT_LIMIT)  # not np.abs: |−2**63| wraps
    return Numeric(units, 0, valid, valid & overflow)


def factorize(values: npt.NDArray[Any]) -> tuple[I64, list[Any]]:
    """Codes in order of first appearance (-1 for None/NaN) and the distinct values."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is there in the test environment
        return _factorize_py(list(values))
    codes, uniques = pd.factorize(values, sort=False, use_na_sentinel=True)
    return np.asarray(codes, dtype=np.int64), np.asarray(
        uniques
    ).tolist() if values.dtype.kind in "iu" else list(np.asarray(uniques, dtype=object))


def _factorize_py(values: Sequence[Any]) -> tuple[I64, list[Any]]:
    seen: dict[Any, int] = {}
    uniques: list[Any] = []
    codes = np.empty(len(values), dtype=np.int64)
    for i, v in enumerate(values):
        if v is None or (isinstance(v, float) and math.isnan(v)):
            codes[i] = -1
            continue
        key = (type(v), v)
        c = seen.get(key)
        if c is None:
            c = seen[key] = len(uniques)
            uniques.append(v)
        codes[i] = c
    return codes, uniques
