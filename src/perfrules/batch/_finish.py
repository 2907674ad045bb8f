"""
Totals, rescaling and grades per evaluation from the sums (:mod:`perfrules._totals`, shared with
the scalar engine), and the result tables.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from perfrules._rules import (
    Status,
    execution_points,
)
from perfrules._totals import grade_index, scheme_totals
from perfrules.batch import _status as st
from perfrules.batch._budget import Frame, _Budget
from perfrules.batch._evals import Evals
from perfrules.batch._result import Table
from perfrules.batch._sums import _Acc
from perfrules.errors import UnknownSchemeError
from perfrules.schemes import Scheme, SchemeRegistry

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def _finish(  # noqa: PLR0917 -- the single-machine and the Dask paths pass the same eight pieces
    prep: Frame,
    ev: Evals,
    eval_sid: I64,
    acc: _Acc,
    bud: _Budget,
    scheme: Scheme | str | None,
    registry: SchemeRegistry,
    year: int | None,
) -> Table:
    k0 = len(ev.ids)
    k = k0 + len(bud.extra_ids)
    sid = np.concatenate([eval_sid, np.full(len(bud.extra_ids), -1, dtype=np.int64)])
    if bud.extra_ids and scheme is not None:
        s = scheme if isinstance(scheme, Scheme) else _try_get(registry, scheme, year)
        if s is not None:
            found = next((i for i, x in enumerate(prep.schemes) if x is s), None)
            if found is None:
                prep.schemes.append(s)
                found = len(prep.schemes) - 1
            sid[k0:] = found

    def pad(a: I64) -> I64:
        return np.concatenate([a, np.zeros(k - len(a), dtype=a.dtype)])

    rows, errors, points = pad(acc.rows), pad(acc.errors), pad(acc.points)
    applicable, na, findings = pad(acc.applicable), pad(acc.na), pad(acc.findings).copy()
    weight, overflow = pad(acc.weight), pad(acc.overflow.astype(np.int64)).astype(bool)
    status = np.zeros(k, dtype=np.int64)
    bad_budget = pad(bud.bad.astype(np.int64)).astype(bool) if len(bud.bad) < k else bud.bad[:k]
    for cond, c in (
        (sid < 0, st.UNKNOWN_SCHEME),
        (errors > 0, st.ROWS_IN_ERROR),
        (bad_budget, st.BAD_BUDGET),
        (overflow, st.OVERFLOW),
    ):
        status = np.where((status == 0) & cond, c, status)
    exec_pts = np.zeros(k, dtype=np.int64)
    has_exec = np.zeros(k, dtype=bool)
    total = np.zeros(k, dtype=np.int64)
    grade = np.full(k, -1, dtype=np.int64)
    tplaces = np.zeros(k, dtype=np.int64)
    pplaces = np.zeros(k, dtype=np.int64)
    planned = bud.planned if len(bud.planned) == k else pad(bud.planned)
    executed = bud.executed if len(bud.executed) == k else pad(bud.executed)
    lines = bud.lines if len(bud.lines) == k else pad(bud.lines)
    labels: list[list[str]] = []
    for s_i, sch in enumerate(prep.schemes):
        sel = np.flatnonzero(sid == s_i)
        labels.append([g.label for g in sch.grades.grades])
        if len(sel) == 0:
            continue
        places = sch.rounding.places
        tplaces[sel], pplaces[sel] = sch.rounding.total_places, places
        f = findings[sel]
        if sch.status == "provisional":
            f += 1
        e_units = np.zeros(len(sel), dtype=np.int64)
        if sch.execution is not None:
            pol = sch.execution
            has_exec[sel] = True
            f += (lines[sel] == 0) | ((lines[sel] > 0) & (planned[sel] <= 0))
            wexec = np.full(len(sel), pol.weight.at(places), dtype=np.int64)
            pts, ex_st = execution_points(
                wexec,
                executed[sel],
                planned[sel],
                round_rate=pol.round_rate,
                rate_places=pol.rate_places,
                cap=pol.cap,
            )
            e_units = pts
            exec_pts[sel] = pts
            status[sel] = np.where(
                (status[sel] == 0) & (ex_st == Status.OVERFLOW), st.OVERFLOW, status[sel]
            )
        # weights: Σ (execution included) against the scheme's total, then each framework group
        wp = max(
            prep.weight_places,
            sch.weights.total.places,
            sch.execution.weight.places if sch.execution else 0,
        )
        wsum = weight[sel] * 10 ** (wp - prep.weight_places)
        expected = sch.weights.total.at(wp) - (sch.execution.weight.at(wp) if sch.execution else 0)
        f += (rows[sel] > 0) & (wsum != expected)
        if prep.groups and sch.weights.groups and sch.framework:
            gwm = acc.group_weight.reshape(-1, prep.groups)
            grm = acc.group_rows.reshape(-1, prep.groups)
            inside = sel[sel < k0]
            for gi, g in enumerate(sch.framework):
                gp = max(prep.weight_places, g.weight.places)
                got = gwm[inside, gi] * 10 ** (gp - prep.weight_places)
                miss = (grm[inside, gi] > 0) & (got != g.weight.at(gp))
                f[: len(inside)] += miss  # sel is sorted: the evaluations with rows come first
            f[: len(inside)] += acc.group_unknown[inside]
        findings[sel] = f
        t, ok = scheme_totals(sch, points[sel], e_units, applicable[sel], na[sel] > 0)
        status[sel] = np.where((status[sel] == 0) & ~ok, st.OVERFLOW, status[sel])
        total[sel] = t
        grade[sel] = grade_index(sch.grades, t, sch.rounding.total_places)
    return Table.evaluations(
        ev.ids + bud.extra_ids, [s.name for s in prep.schemes], sid, status, rows, errors,
        exec_pts, has_exec, total, grade, labels, findings, pplaces, tplaces,
    )  # fmt: skip


def _try_get(registry: SchemeRegistry, name: str, year: int | None) -> Scheme | None:
    try:
        return registry.get(name, year)
    except (UnknownSchemeError, KeyError):
        return None
