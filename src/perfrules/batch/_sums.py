"""
Per-evaluation sums of a chunk's rows in exact int64, merged in row order across chunks and
threads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from perfrules._quantity import INT_LIMIT

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@attrs.define
class _Acc:
    points: I64
    applicable: I64
    na: I64
    findings: I64
    errors: I64
    rows: I64
    weight: I64
    group_weight: I64  # (evaluations × groups), flattened
    group_rows: I64
    group_unknown: I64
    overflow: Bools
    groups: int
    #: the eight per-evaluation sums above as rows of one matrix (they are its views), so
    #: merging adds them at once
    sums: I64 | None = None

    @classmethod
    def zeros(cls, k: int, groups: int) -> _Acc:
        g = max(groups, 1)

        def z(m: int = 1) -> I64:
            return np.zeros(k * m, dtype=np.int64)

        sums = np.zeros((8, k), dtype=np.int64)
        pts, app, na, finds, errs, rows, weight, unknown = sums
        return cls(
            pts, app, na, finds, errs, rows, weight, z(g), z(g), unknown,
            np.zeros(k, dtype=bool), groups, sums,
        )  # fmt: skip

    def merge(self, first: int, part: _Acc) -> None:
        """Add the sums *part* of evaluations ``first, first + 1, …``, flagging overflow."""
        k, g = len(part.rows), max(self.groups, 1)
        win, gwin = slice(first, first + k), slice(first * g, (first + k) * g)
        flags = self.overflow[win]
        flags |= part.overflow
        if self.sums is not None and part.sums is not None:
            into = self.sums[:, win]
            into += part.sums
            if int(into.max(initial=0)) >= INT_LIMIT:  # one pass when no sum is that big
                flags |= (into >= INT_LIMIT).any(axis=0)
        else:
            for name in (
                "points",
                "applicable",
                "na",
                "findings",
                "errors",
                "rows",
                "weight",
                "group_unknown",
            ):
                into = getattr(self, name)[win]
                into += getattr(part, name)
                flags |= into >= INT_LIMIT
        for name in ("group_weight", "group_rows"):
            into = getattr(self, name)[gwin]
            into += getattr(part, name)
            if int(into.max(initial=0)) >= INT_LIMIT:
                flags |= (into >= INT_LIMIT).reshape(k, g).any(axis=1)


def _runs(codes: I64) -> I64 | None:
    """Where each run of equal codes starts, when the codes are sorted (else ``None``)."""
    if len(codes) > 1 and bool(np.all(codes[1:] >= codes[:-1])):
        return np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    return None


def _sum_by(codes: I64, values: I64, k: int, starts: I64 | None = None) -> tuple[I64, Bools]:
    """
    Exact Σ of non-negative int64 *values* per code in [0, k) (codes ≥ 0), and overflow flags;
    *starts* are the codes' runs when they are sorted (:func:`_runs`).
    """
    if len(codes) == 0:
        return np.zeros(k, dtype=np.int64), np.zeros(k, dtype=bool)
    if starts is None:
        starts = _runs(codes)
    if starts is not None and values.max(initial=0) < INT_LIMIT // max(len(codes), 1):
        out = np.zeros(k, dtype=np.int64)
        out[codes[starts]] = np.add.reduceat(values, starts)
        return out, np.zeros(k, dtype=bool)
    # Three 21-bit limbs: each bincount sums exactly in float64 below 2**32 rows per code.
    lo = np.bincount(codes, values & 0x1FFFFF, k).astype(np.int64)
    mid = np.bincount(codes, (values >> 21) & 0x1FFFFF, k).astype(np.int64)
    hi = np.bincount(codes, values >> 42, k).astype(np.int64)
    big = hi >= (1 << 20)
    hi = np.where(big, 0, hi)
    total = (hi << 42) + (mid << 21) + lo
    return np.where(big, 0, total), big | (total >= INT_LIMIT)


def _add(acc: I64, flags: Bools, codes: I64, values: I64, starts: I64 | None = None) -> None:
    s, big = _sum_by(codes, values, len(acc), starts)
    acc += s
    flags |= big | (acc >= INT_LIMIT)


def chunk_sums(
    ev: I64,
    *,
    ev_sorted: bool,
    groups: int,
    errors: Bools | None,
    points: I64,
    applicable: I64,
    not_applicable: Bools | None,
    findings: Bools | None,
    weight: I64,
    group_ids: Callable[[], I64] | None,
) -> tuple[int, _Acc] | None:
    """
    The per-evaluation sums of a chunk's rows, on the window of evaluations it touches (so a
    chunk costs its rows, not all evaluations), as ``(first, sums)``; None when no row has an
    evaluation (such rows only count as rows in error). *ev* are the rows' evaluation codes
    (-1: none), *ev_sorted* that they never decrease and none is -1; the flags and columns are
    per row; ``group_ids()`` gives each row's framework group (≥ 0, -1 unknown, -2 none).
    """
    has = ev >= 0
    every = ev_sorted or bool(has.all())  # (sorted: every row has an evaluation)

    def rows_of(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return values if every else values[has]

    evh = rows_of(ev)
    if len(evh) == 0:
        return None
    runs: I64 | None
    if ev_sorted:  # the first and last rows hold the smallest and largest
        e_lo, e_hi = int(evh[0]), int(evh[-1]) + 1
        rel = evh - e_lo
        runs = np.flatnonzero(np.r_[True, rel[1:] != rel[:-1]])
    else:
        e_lo, e_hi = int(evh.min()), int(evh.max()) + 1
        rel = evh - e_lo
        runs = _runs(rel)
    acc = _Acc.zeros(e_hi - e_lo, groups)

    def add(into: I64, values: I64) -> None:
        _add(into, acc.overflow, rel, values, runs)

    if runs is not None:  # sorted: each run's length
        acc.rows[rel[runs]] = np.diff(runs, append=len(rel))
    else:
        add(acc.rows, np.ones(len(evh), dtype=np.int64))
    for into, flags in ((acc.errors, errors), (acc.na, not_applicable), (acc.findings, findings)):
        if flags is not None and flags.any():
            add(into, rows_of(flags).astype(np.int64))
    add(acc.points, rows_of(points))
    add(acc.applicable, rows_of(applicable))
    add(acc.weight, rows_of(weight))
    if group_ids is not None and groups:
        g = groups
        grp = rows_of(group_ids())
        if int(grp.max(initial=-2)) >= 0:  # some row in a framework group
            in_g = grp >= 0
            gk = rel[in_g] * g + grp[in_g]
            gw, gbig = _sum_by(gk, rows_of(weight)[in_g], (e_hi - e_lo) * g)
            acc.group_weight += gw
            acc.group_rows += _sum_by(gk, np.ones(len(gk), dtype=np.int64), (e_hi - e_lo) * g)[0]
            acc.overflow |= gbig.reshape(e_hi - e_lo, g).any(axis=1)
        unknown = grp == -1
        if unknown.any():
            add(acc.group_unknown, unknown.astype(np.int64))
    return e_lo, acc
