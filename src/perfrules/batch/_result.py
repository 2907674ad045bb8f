"""
What the batch engine returns: a :class:`BatchResult` with two :class:`Table` objects, per row
and per evaluation, convertible to Arrow (points and totals as decimal128, exact) and pandas.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from perfrules._rules import Status
from perfrules.batch import _status as st

if TYPE_CHECKING:
    from perfrules.batch._evals import Evals

__all__ = ["BatchResult", "Table"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@attrs.frozen(eq=False)
class _Dict:
    """A dictionary-encoded column: codes (-1: null) into values."""

    codes: npt.NDArray[Any]
    labels: list[Any]


@attrs.frozen(eq=False)
class _Dec:
    """An exact decimal column: ``units / 10**scale``, null where not valid."""

    units: I64
    valid: Bools
    scale: int


@attrs.frozen(eq=False)
class _Int:
    values: I64


_Col = _Dict | _Dec | _Int


@attrs.frozen(eq=False)
class Table:
    """
    A columnar table of results. Read it with :meth:`to_arrow`, :meth:`to_pandas`,
    :meth:`to_pylist` or a column by name (``table["status"]``, a list).
    """

    _cols: dict[str, _Col]
    _n: int

    @property
    def columns(self) -> list[str]:
        """The column names, in order."""
        return list(self._cols)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, name: str) -> list[Any]:
        return _pylist(self._cols[name])

    def to_pylist(self) -> list[dict[str, Any]]:
        """One dict per row (decimals as :class:`decimal.Decimal`, nulls as ``None``)."""
        cols = {name: _pylist(c) for name, c in self._cols.items()}
        return [{name: cols[name][i] for name in cols} for i in range(self._n)]

    def to_arrow(self) -> Any:
        """A ``pyarrow.Table``; points and totals are ``decimal128`` (exact), codes are dictionaries."""
        import pyarrow as pa

        return pa.table({name: _arrow(c) for name, c in self._cols.items()})

    def to_pandas(self) -> Any:
        """A ``pandas.DataFrame``; decimals keep their Arrow ``decimal128`` dtype (exact)."""
        import pandas as pd
        import pyarrow as pa

        return self.to_arrow().to_pandas(
            types_mapper=lambda t: pd.ArrowDtype(t) if pa.types.is_decimal(t) else None
        )

    def counts(self, name: str) -> dict[Any, int]:
        """How many rows have each value of a column (nulls under ``None``)."""
        c = self._cols[name]
        if isinstance(c, _Dict):
            codes = np.asarray(c.codes, dtype=np.int64)
            k = np.bincount(codes + 1, minlength=len(c.labels) + 1)
            return {c.labels[i - 1] if i else None: int(v) for i, v in enumerate(k) if v}
        return dict(Counter(_pylist(c)))

    @classmethod
    def rows(  # noqa: PLR0917 -- built by the engine only
        cls,
        ev: Evals,
        points: I64,
        status: npt.NDArray[np.int8],
        rule: npt.NDArray[np.int16],
        kinds: list[str],
        places: npt.NDArray[Any],
        max_places: int,
    ) -> Table:
        """The per-row table: evaluation, points, rule, status."""
        names = sorted(st.NAMES)
        lookup = np.full(max(names) + 1, -1, dtype=np.int8)
        lookup[names] = np.arange(len(names))
        codes = np.asarray(status, dtype=np.intp) if status.dtype != np.int8 else status
        # rows without points: in error, or not applicable (comparisons: cheaper than a lookup)
        scored = (codes < st.MISSING_EVALUATION) & (codes != st.OVERFLOW)
        scored &= codes != int(Status.NOT_APPLICABLE)
        if len(places) and bool(np.all(places == max_places)):  # one scheme: points as they are
            units = points
        else:
            shift = np.clip(max_places - np.asarray(places, dtype=np.int64), 0, 18)
            units = points * np.array([10**k for k in range(19)], dtype=np.int64)[shift]
        cols: dict[str, _Col] = {
            "evaluation": _Dict(ev.codes, ev.ids),
            "points": _Dec(units, scored, max_places),
            "rule": _Dict(rule, kinds),
            "status": _Dict(
                codes if int(codes.max(initial=0)) < _SAME_BELOW else lookup.take(codes),
                [st.NAMES[k] for k in names],
            ),
        }
        return cls(cols, len(points))

    @classmethod
    def evaluations(  # noqa: PLR0917 -- built by the engine only
        cls, ids: list[Any], scheme_names: list[str], sid: I64, status: I64, rows: I64, errors: I64,
        execution: I64, has_exec: Bools, total: I64, grade: I64, labels: list[list[str]], findings: I64,
        places: I64, total_places: I64,
    ) -> Table:  # fmt: skip
        """The per-evaluation table."""
        k = len(ids)
        ok = status == 0
        pmax = int(places.max(initial=2)) if k else 2
        tmax = int(total_places.max(initial=2)) if k else 2
        pow10 = np.array([10**i for i in range(19)], dtype=np.int64)
        flat = [lab for ls in labels for lab in ls]
        offsets = np.cumsum([0] + [len(ls) for ls in labels])
        g = (
            np.where(ok & (sid >= 0), offsets[np.maximum(sid, 0)] + np.maximum(grade, 0), -1)
            if len(labels)
            else np.full(k, -1)
        )
        names = sorted(st.NAMES)
        lookup = np.full(max(names) + 1, -1, dtype=np.int64)
        lookup[names] = np.arange(len(names))
        cols: dict[str, _Col] = {
            "evaluation": _Dict(np.arange(k), ids),
            "scheme": _Dict(sid, scheme_names),
            "status": _Dict(lookup[status], [st.NAMES[c] for c in names]),
            "rows": _Int(rows),
            "rows_in_error": _Int(errors),
            "execution_points": _Dec(
                execution
                if bool((places == pmax).all())
                else execution * pow10[np.clip(pmax - places, 0, 18)],
                has_exec & (sid >= 0) & (status != st.UNKNOWN_SCHEME),
                pmax,
            ),
            "total": _Dec(
                total
                if bool((total_places == tmax).all())
                else total * pow10[np.clip(tmax - total_places, 0, 18)],
                ok,
                tmax,
            ),
            "grade": _Dict(g, flat),
            "findings": _Int(findings),
        }
        return cls(cols, k)


#: Status codes below this are their own index in the sorted names (rule outcomes 0, 1, 2 …).
_SAME_BELOW = next((i for i, c in enumerate([*sorted(st.NAMES), -1]) if c != i), len(st.NAMES))


def _pylist(c: _Col) -> list[Any]:
    if isinstance(c, _Dict):
        return [c.labels[int(i)] if i >= 0 else None for i in c.codes]
    if isinstance(c, _Dec):
        return [
            Decimal(int(u)).scaleb(-c.scale) if v else None
            for u, v in zip(c.units, c.valid, strict=True)
        ]
    return [int(x) for x in c.values.tolist()]  # noqa: PD011 -- an attrs field, not pandas


def _arrow(c: _Col) -> Any:
    import pyarrow as pa

    if isinstance(c, _Dict):
        codes = np.asarray(c.codes, dtype=np.int32)
        try:
            labels = pa.array([_plain(v) for v in c.labels])
        except (pa.ArrowException, TypeError, ValueError, OverflowError):  # ids of mixed kinds: as texts
            labels = pa.array([None if v is None else str(_plain(v)) for v in c.labels], pa.string())
        return pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), labels)
    if isinstance(c, _Dec):
        n = len(c.units)
        data = np.empty(2 * n, dtype=np.int64)
        data[0::2] = c.units
        data[1::2] = c.units >> 63
        valid = pa.py_buffer(np.packbits(c.valid, bitorder="little"))
        return pa.Array.from_buffers(
            pa.decimal128(38, c.scale),
            n,
            [valid, pa.py_buffer(data)],
            null_count=int(n - np.count_nonzero(c.valid)),
        )
    return pa.array(c.values)


def _plain(v: Any) -> Any:
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.str_):
        return str(v)
    return v


@attrs.frozen(eq=False)
class BatchResult:
    """
    The outcome of :func:`perfrules.batch.score_table`.

    ``indicators``: per input row, in input order: ``evaluation``, ``points`` (null when not
    applicable or in error), ``rule`` (the rule kind), ``status`` (``ok``, a rule outcome such as
    ``no-actual``, or an error code). ``evaluations``: per evaluation, in the order of its first
    row: ``evaluation``, ``scheme``, ``status``, ``rows``, ``rows_in_error``,
    ``execution_points``, ``total``, ``grade``, ``findings``. ``notes`` says what was done
    beyond the contract (columns not read, floats rounded).
    """

    indicators: Table
    evaluations: Table
    notes: tuple[str, ...] = ()
    floats_rounded: int = 0

    def summary(self) -> dict[str, Any]:
        """Counts that add up: rows and evaluations by status, and the grade distribution."""
        row_status = self.indicators.counts("status")
        ev_status = self.evaluations.counts("status")
        rows_err = sum(
            v for k, v in row_status.items() if k is not None and st.is_error(st.code_of(k))
        )
        grades = {k: v for k, v in self.evaluations.counts("grade").items() if k is not None}
        return {
            "rows": len(self.indicators),
            "rows_in_error": rows_err,
            "row_status": row_status,
            "evaluations": len(self.evaluations),
            "evaluations_scored": ev_status.get("ok", 0),
            "evaluation_status": ev_status,
            "grades": grades,
        }
