"""
Scoring a Dask DataFrame partition by partition (extra ``perfrules[dask]``).

Each partition's rows are scored where the partition lives, with the kernels of
:func:`perfrules.batch.score_table`, and summed per evaluation in exact integers. Only those sums
(one small record per evaluation and partition) travel to the client, which adds them up and
computes totals and grades once, so an evaluation split across partitions gets exactly the
single-machine result. Rows come back too, unless ``rows=False``.

>>> import dask.dataframe as dd, pandas as pd
>>> from perfrules.batch import dask as batch_dask
>>> df = pd.DataFrame({"evaluation": [1, 1, 2], "weight": ["60", "30", "90"],
...                    "target": ["≥100", "≤10天", "达成"], "actual": ["95", "12天", "部分达成"]})
>>> out = batch_dask.score(dd.from_pandas(df, npartitions=2), scheme="mof-2020-project", year=2022)
>>> out.evaluations["total"]
[Decimal('82.00'), Decimal('72.00')]
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np

from perfrules.batch._budget import _budget, _refuse_float_columns
from perfrules.batch._columns import adapt
from perfrules.batch._derive import derived_note, with_derived
from perfrules.batch._evals import Evals
from perfrules.batch._finish import _finish
from perfrules.batch._result import BatchResult, Table
from perfrules.batch._score import _partial
from perfrules.batch._sums import _Acc
from perfrules.errors import InvalidValueError
from perfrules.schemes import Scheme, SchemeRegistry, default_registry

__all__ = ["score"]


@attrs.frozen
class _Sums:
    """What one partition sends back: its evaluations, their scheme, sums, and its rows."""

    ids: list[Any]
    schemes: list[Scheme | None]
    acc: _Acc
    groups: int
    weight_places: int
    floats: int
    rows: Any
    derived: int = 0  #: derived actual values filled in
    notes: tuple[str, ...] = ()


def _partition(  # noqa: PLR0917 -- called through dask.delayed
    pdf: Any,
    scheme: Scheme | str | None,
    year: int | None,
    allow_float: bool,
    registry: SchemeRegistry | None,
    rows: bool,
    budget: object = None,
    facts: object = None,
) -> _Sums:
    cols, n = adapt(pdf, what="indicators")
    if not allow_float:
        _refuse_float_columns(cols, "indicators")
    notes: list[str] = []
    cols, derived = with_derived(
        cols, n, budget, facts, scheme=scheme, year=year, registry=registry or default_registry,
        allow_float=allow_float, notes=notes,
    )  # fmt: skip
    part = _partial(
        cols,
        n,
        scheme=scheme,
        year=year,
        allow_float=allow_float,
        registry=registry or default_registry,
        threads=1,  # Dask already runs partitions side by side
    )
    sch = [part.prep.schemes[int(s)] if s >= 0 else None for s in part.eval_sid]
    return _Sums(
        part.ev.ids,
        sch,
        part.acc,
        part.prep.groups,
        part.prep.weight_places,
        part.prep.floats,
        part.rows().to_arrow() if rows else None,
        derived,
        tuple(notes),
    )


@attrs.define
class _Merged:
    schemes: list[Scheme]
    groups: int
    weight_places: int


def score(
    ddf: Any,
    budget: object = None,
    *,
    facts: object = None,
    scheme: Scheme | str | None = None,
    year: int | None = None,
    allow_float: bool = False,
    registry: SchemeRegistry | None = None,
    rows: bool = True,
) -> BatchResult:
    """
    Score a Dask DataFrame of indicator rows (the columnar contract) partition by partition.

    *budget* is small (one line per evaluation or so): a pandas DataFrame, a pyarrow Table, a
    dict of arrays, or a Dask DataFrame (computed first). The result equals
    :func:`perfrules.batch.score_table` on the whole table; ``rows=False`` leaves the per-row
    table empty, so that only the per-evaluation sums travel. *facts* (small too) fills blank
    derived department indicators, as in :func:`score_table`.

    Raises:
        InvalidValueError: not a Dask DataFrame, or what :func:`score_table` refuses.
    """
    import importlib

    dsk: Any = importlib.import_module("dask")
    if not hasattr(ddf, "to_delayed"):
        raise InvalidValueError(
            f"expected a Dask DataFrame, got {type(ddf).__name__}", ("indicators",)
        )
    if budget is not None and hasattr(budget, "compute"):
        budget = budget.compute()
    if facts is not None and hasattr(facts, "compute"):
        facts = facts.compute()
    parts = [
        dsk.delayed(_partition)(p, scheme, year, allow_float, registry, rows, budget, facts)
        for p in ddf.to_delayed()
    ]
    sums: list[_Sums] = list(dsk.compute(*parts))
    return _merge(
        sums,
        budget,
        scheme=scheme,
        year=year,
        allow_float=allow_float,
        registry=registry or default_registry,
    )


def _merge(
    sums: list[_Sums],
    budget: object,
    *,
    scheme: Scheme | str | None,
    year: int | None,
    allow_float: bool,
    registry: SchemeRegistry,
) -> BatchResult:
    """Add the partitions' sums per evaluation, in the order of each evaluation's first row."""
    index: dict[Any, int] = {}
    ids: list[Any] = []
    ev_scheme: list[Scheme | None] = []
    mixed: list[bool] = []
    for s in sums:
        for i, sch in zip(s.ids, s.schemes, strict=True):
            if i not in index:
                index[i] = len(ids)
                ids.append(i)
                ev_scheme.append(sch)
                mixed.append(False)
            elif ev_scheme[index[i]] != sch:
                mixed[index[i]] = True
    schemes: list[Scheme] = []
    for sch in ev_scheme:
        if sch is not None and not any(x == sch for x in schemes):
            schemes.append(sch)
    k = len(ids)
    groups = max([s.groups for s in sums] or [0])
    wp = max([s.weight_places for s in sums] or [0])
    acc = _Acc.zeros(k, groups)
    for s in sums:
        where = np.array([index[i] for i in s.ids], dtype=np.int64)
        if not len(where):
            continue
        for name in ("points", "applicable", "na", "findings", "errors", "rows", "group_unknown"):
            np.add.at(getattr(acc, name), where, getattr(s.acc, name))
        np.add.at(acc.weight, where, s.acc.weight * 10 ** (wp - s.weight_places))
        np.logical_or.at(acc.overflow, where, s.acc.overflow)
        if s.groups:
            gw = s.acc.group_weight.reshape(-1, s.groups) * 10 ** (wp - s.weight_places)
            gr = s.acc.group_rows.reshape(-1, s.groups)
            big_w, big_r = acc.group_weight.reshape(-1, groups), acc.group_rows.reshape(-1, groups)
            np.add.at(big_w, (where[:, None], np.arange(s.groups)[None, :]), gw)
            np.add.at(big_r, (where[:, None], np.arange(s.groups)[None, :]), gr)
    # an evaluation whose partitions name different schemes: in error, as "mixed-scheme" rows are
    acc.errors += np.array(mixed, dtype=np.int64)
    eval_sid = np.array(
        [
            next((j for j, x in enumerate(schemes) if x == sch), -1) if sch is not None else -1
            for sch in ev_scheme
        ],
        dtype=np.int64,
    )
    ev = Evals(np.zeros(0, dtype=np.int64), ids, np.zeros(0, dtype=np.int64), 0)
    notes: list[str] = list(dict.fromkeys(n for s in sums for n in s.notes))
    if derived := sum(s.derived for s in sums):
        notes.append(derived_note(derived))
    bud = _budget(budget, ev, allow_float, notes)
    frame = _Merged(schemes, groups, wp)
    evaluations = _finish(frame, ev, eval_sid, acc, bud, scheme, registry, year)
    floats = sum(s.floats for s in sums)
    if floats:
        notes.append(f"{floats} float cell(s) rounded half-up to 4 decimals (allow_float=True)")
    row_tables = [s.rows for s in sums if s.rows is not None]
    return BatchResult(_concat(row_tables), evaluations, tuple(notes), floats)


def _concat(tables: list[Any]) -> Table:
    """The partitions' row tables as one (dictionaries unified), read back as a Table."""
    if not tables:
        return Table({}, 0)
    import pyarrow as pa

    from perfrules.batch._result import _Dec, _Dict

    whole = pa.concat_tables(
        [
            t.cast(
                pa.schema(
                    [
                        pa.field(
                            f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type
                        )
                        for f in t.schema
                    ]
                )
            )
            for t in tables
        ],
        promote_options="permissive",
    )
    cols: dict[str, Any] = {}
    for name in whole.column_names:
        col = whole.column(name).combine_chunks()
        if pa.types.is_decimal(col.type):
            words = np.frombuffer(col.buffers()[1], dtype=np.int64)[
                2 * col.offset : 2 * (col.offset + len(col))
            ][0::2]
            valid = np.asarray(col.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
            cols[name] = _Dec(np.where(valid, words, 0), valid, col.type.scale)
        else:
            enc = col.dictionary_encode()
            cols[name] = _Dict(
                np.asarray(
                    enc.indices.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64
                ),
                enc.dictionary.to_pylist(),
            )
    return Table(cols, whole.num_rows)
