"""
The budget table: planned and executed amounts summed per evaluation, exactly; float columns
refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import attrs
import numpy as np
import numpy.typing as npt

from perfrules.batch._columns import Coded, Column, adapt
from perfrules.batch._evals import Evals
from perfrules.batch._sums import _add, _runs, _sum_by
from perfrules.batch._values import (
    ids_of,
    money,
)
from perfrules.errors import InvalidValueError
from perfrules.schemes import Scheme

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def _refuse_float_columns(cols: Mapping[str, Column], what: str) -> None:
    for name, col in cols.items():
        if name in ("evaluation", "level1", "level2", "name", "scheme", "rule", "direction"):
            continue
        if (
            isinstance(col, Coded)
            and col.uniques
            and all(isinstance(u, float | np.floating) for u in col.uniques if u is not None)
        ):
            raise InvalidValueError(
                "a float column: floats are not exact; give decimal strings, integers or decimal128, or pass allow_float=True",
                (what, name),
            )


class Frame(Protocol):
    """What the totals need to know of the rows: the schemes, the framework groups, the weights' places."""

    schemes: list[Scheme]
    groups: int
    weight_places: int


@attrs.frozen(eq=False)
class _Budget:
    planned: I64
    executed: I64
    lines: I64
    bad: Bools
    extra_ids: list[Any]


def _budget(budget: object, ev: Evals, allow_float: bool, notes: list[str]) -> _Budget:
    k = len(ev.ids)
    if budget is None:
        z = np.zeros(k, dtype=np.int64)
        return _Budget(z, z, z, np.zeros(k, dtype=bool), [])
    cols, m = adapt(budget, what="budget")
    missing = [c for c in ("evaluation", "planned", "executed") if c not in cols]
    if missing:
        raise InvalidValueError(f"missing column(s) {', '.join(missing)}", ("budget",))
    if not allow_float:
        _refuse_float_columns(cols, "budget")
    coded = ids_of(cols["evaluation"])
    extra: list[Any] = []
    map_ = _lookup(ev.ids, coded.uniques)
    absent = np.flatnonzero(map_ < 0).tolist()
    if absent:
        index: dict[Any, int] = {}
        for j in absent:
            u = coded.uniques[j]
            if u is None:
                continue
            c = index.get(_key(u))
            if c is None:
                c = index[_key(u)] = k + len(extra)
                extra.append(u)
            map_[j] = c
    codes = np.where(coded.codes >= 0, map_[np.maximum(coded.codes, 0)] if len(map_) else -1, -1)
    total = k + len(extra)
    planned, executed = (
        money(cols["planned"], m, allow_float),
        money(cols["executed"], m, allow_float),
    )
    bad_row = ~planned.valid | ~executed.valid | (planned.units < 0) | (executed.units < 0)
    no_id = codes < 0
    if no_id.any():
        notes.append(f"{int(no_id.sum())} budget row(s) without an evaluation id were not used")
    has = ~no_id
    e = codes[has]
    flags = np.zeros(total, dtype=bool)
    p = np.zeros(total, dtype=np.int64)
    x = np.zeros(total, dtype=np.int64)
    good = has & ~bad_row
    p_pos = np.where(good, np.maximum(planned.units, 0), 0)
    x_pos = np.where(good, np.maximum(executed.units, 0), 0)
    starts = _runs(e)  # once for the four sums
    _add(p, flags, e, p_pos[has], starts)
    _add(x, flags, e, x_pos[has], starts)
    lines = np.zeros(total, dtype=np.int64)
    _add(lines, flags, e, np.ones(len(e), dtype=np.int64), starts)
    bad = _sum_by(e, bad_row[has].astype(np.int64), total, starts)[0] > 0
    return _Budget(p, x, lines, bad | flags, extra)


def _lookup(ids: list[Any], wanted: list[Any]) -> I64:
    """The position of each *wanted* id in *ids* (-1: not there), with a hash index when pandas is there."""
    if len(ids) == len(wanted) and ids == wanted:  # the budget lists the same ids in the same order
        return np.arange(len(ids), dtype=np.int64)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is there in the test environment
        index = {_key(x): i for i, x in reversed(list(enumerate(ids)))}
        return np.array([index.get(_key(u), -1) for u in wanted], dtype=np.int64)
    keys = pd.Index([_key(x) for x in ids] if len(ids) < 1000 else ids, dtype=object)
    return (
        np.asarray(keys.get_indexer(pd.Index(wanted, dtype=object)), dtype=np.int64)
        if len(wanted)
        else np.zeros(0, dtype=np.int64)
    )


def _key(x: Any) -> Any:
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.str_):
        return str(x)
    return x
