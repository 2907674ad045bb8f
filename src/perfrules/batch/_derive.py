"""
Derived department indicators in a table (预算完成率, 结转结余率, "三公经费"控制率 …).

A row with no actual value whose name, under the row's scheme, is a derived indicator gets its
value from the evaluation's budget rows and facts before anything is scored, through the
scalar engine's :func:`perfrules._derived.fill`, as :func:`perfrules.score` fills them in: so
the batch and the scalar engine score the same rows the same way. Only such rows cost anything:
a table with none is returned as it is.

The facts are a table of one row per evaluation: ``evaluation`` and any of the
:class:`~perfrules.Facts` keys (amounts, exact as in the budget) and ``staff_actual`` /
``staff_authorized`` (persons). The budget may carry ``initial`` (年初预算数) beside
``planned`` and ``executed``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from perfrules._derived import fill
from perfrules._engine import _plan
from perfrules._model import BudgetLine, Department, Evaluation, Facts, Indicator
from perfrules._quantity import Fixed, Money, parse_value
from perfrules.batch._budget import _key
from perfrules.batch._columns import Coded, Column, adapt
from perfrules.batch._rows import _scheme_keys
from perfrules.batch._values import const, ids_of, money, numbers, texts, to_coded
from perfrules.errors import PerfrulesError
from perfrules.schemes import Scheme, SchemeRegistry

__all__ = ["FACT_COLUMNS", "derived_note", "with_derived"]

#: The columns a facts table may have besides ``evaluation``.
FACT_COLUMNS = (*(f.name for f in attrs.fields(Facts)), "staff_actual", "staff_authorized")

I64 = npt.NDArray[np.int64]


def with_derived(
    cols: dict[str, Column],
    n: int,
    budget: object,
    facts: object,
    *,
    scheme: Scheme | str | None,
    year: int | None,
    registry: SchemeRegistry,
    allow_float: bool,
    notes: list[str],
) -> tuple[dict[str, Column], int]:
    """*cols* with the actual value of each derivable row filled in, and how many were."""
    if "name" not in cols or n == 0:
        return cols, 0
    actual = cols.get("actual")
    if actual is None:
        missing = const(True, n)
    elif isinstance(actual, Coded):
        missing = actual.codes < 0
    else:
        missing = ~actual.valid & ~actual.overflow
    names = texts(cols["name"], n)
    cand = missing & (names.codes >= 0)
    if "not_applicable" in cols:
        na = cols["not_applicable"]
        cand &= (na.codes < 0) if isinstance(na, Coded) else ~(na.valid & (na.units != 0))
    rows = np.flatnonzero(cand)
    if len(rows) == 0:
        return cols, 0
    filled = _derive(cols, n, rows, names, budget=budget, facts=facts, scheme=scheme, year=year, registry=registry, allow_float=allow_float, notes=notes)
    if not filled:
        return cols, 0
    base = to_coded(actual) if actual is not None else Coded(const(-1, n), [])
    uniques = list(base.uniques)
    index: dict[str, int] = {}
    codes = np.array(base.codes, dtype=np.int64)
    for r, text in filled.items():
        c = index.get(text)
        if c is None:
            c = index[text] = len(uniques)
            uniques.append(text)
        codes[r] = c
    return {**cols, "actual": Coded(codes, uniques)}, len(filled)


def derived_note(count: int) -> str:
    """The result's note on how many derived values were filled in."""
    return f"{count} derived indicator value(s) (预算完成率 …) computed from the budget and facts"


def _derive(
    cols: Mapping[str, Column],
    n: int,
    rows: I64,
    names: Coded,
    *,
    budget: object,
    facts: object,
    scheme: Scheme | str | None,
    year: int | None,
    registry: SchemeRegistry,
    allow_float: bool,
    notes: list[str],
) -> dict[int, str]:
    """The derived actual text of each of *rows* that has one."""
    ids = ids_of(cols["evaluation"])
    target = to_coded(cols["target"])
    level1 = texts(cols["level1"], n) if "level1" in cols else None
    # Each row's scheme as the scoring will find it (a bad year or an unknown scheme: none).
    schemes, sid_of_key, key_codes, _ = _scheme_keys(cols, n, scheme, year, allow_float, registry)
    sid = np.append(sid_of_key, -1)[key_codes[rows]]  # key -1 reads the last: no scheme
    # What derives is decided once per distinct (name, target, scheme) of the rows.
    uniq, inverse = np.unique(
        np.stack([names.codes[rows], target.codes[rows], sid]).astype(np.int64), axis=1, return_inverse=True
    )
    kinds = [
        _derivable(schemes[s] if s >= 0 else None, names, target, int(nc), int(tc))
        for nc, tc, s in uniq.T.tolist()
    ]
    by_eval: dict[Any, list[tuple[int, Indicator, Scheme]]] = {}
    for r, u in zip(rows.tolist(), inverse.ravel().tolist(), strict=True):
        kind, ec = kinds[u], int(ids.codes[r])
        if kind is None or ec < 0:
            continue
        ind, sch = kind
        if level1 is not None and level1.codes[r] >= 0:
            ind = attrs.evolve(ind, level1=str(level1.uniques[level1.codes[r]]))
        by_eval.setdefault(_key(ids.uniques[ec]), []).append((r, ind, sch))
    if not by_eval:
        return {}
    lines = _budget_lines(budget, set(by_eval), allow_float)
    fact_rows = _facts(facts, set(by_eval), allow_float, notes)
    out: dict[int, str] = {}
    for eid, items in by_eval.items():
        if eid not in lines:  # a budget row of the evaluation is not readable: reported there
            continue
        fact, staff = fact_rows.get(eid, (Facts(), {}))
        for sch in {id(s): s for _, _, s in items}.values():
            mine = [(r, ind) for r, ind, s in items if s is sch]
            ev = Evaluation(
                year=2000,  # not read by any derivation
                department=Department(name=str(eid), staff_actual=staff.get("staff_actual"), staff_authorized=staff.get("staff_authorized")),
                budget=lines[eid],
                indicators=[ind for _, ind in mine],
                facts=fact,
            )
            done = fill(ev, _plan(sch).derives)[1]
            for i, d in done.items():
                out[mine[i][0]] = d.as_value().text
    return out


def _derivable(sch: Scheme | None, names: Coded, target: Coded, name_code: int, target_code: int) -> tuple[Indicator, Scheme] | None:
    """The indicator of a (name, target) under *sch*, when the scheme derives its actual value."""
    if sch is None or target_code < 0:
        return None
    try:
        ind = Indicator(name=str(names.uniques[name_code]), weight=Fixed(0), target=parse_value(str(target.uniques[target_code])))
    except PerfrulesError:
        return None  # the row's own error is reported when it is scored
    return (ind, sch) if _plan(sch).derives(ind) is not None else None


def _rows_of(ids: Coded, wanted: set[Any]) -> list[tuple[int, Any]]:
    """``(row, evaluation id)`` of the rows of a table (budget, facts) that belong to *wanted*."""
    keep = np.array([_key(u) in wanted for u in ids.uniques] + [False])  # code -1 reads the last
    rows = np.flatnonzero(keep[ids.codes])
    return [(j, _key(ids.uniques[ids.codes[j]])) for j in rows.tolist()]


def _budget_lines(budget: object, wanted: set[Any], allow_float: bool) -> dict[Any, list[BudgetLine]]:
    """The budget lines of each wanted evaluation whose rows are all readable."""
    out: dict[Any, list[BudgetLine]] = {k: [] for k in wanted}
    if budget is None:
        return out
    cols, m = adapt(budget, what="budget")
    if not {"evaluation", "planned", "executed"} <= set(cols):
        return {}  # score_table reports the budget's missing columns
    ids = ids_of(cols["evaluation"])
    planned, executed = money(cols["planned"], m, allow_float), money(cols["executed"], m, allow_float)
    initial = money(cols["initial"], m, allow_float) if "initial" in cols else None
    bad: set[Any] = set()
    for j, eid in _rows_of(ids, wanted):
        ok = planned.valid[j] and executed.valid[j] and planned.units[j] >= 0 and executed.units[j] >= 0
        if initial is not None and initial.err[j] != 0:
            ok = False
        if not ok:
            bad.add(eid)
            continue
        init = Money(int(initial.units[j])) if initial is not None and initial.valid[j] else None
        out[eid].append(BudgetLine(f"{j}", Money(int(planned.units[j])), Money(int(executed.units[j])), init))
    return {k: v for k, v in out.items() if k not in bad}


def _facts(facts: object, wanted: set[Any], allow_float: bool, notes: list[str]) -> dict[Any, tuple[Facts, dict[str, int]]]:
    """Each wanted evaluation's facts and staff counts (an evaluation on several rows: none)."""
    if facts is None:
        return {}
    cols, m = adapt(facts, what="facts")
    if "evaluation" not in cols:
        notes.append("facts: no evaluation column; no facts were used")
        return {}
    ignored = sorted(set(cols) - {"evaluation", *FACT_COLUMNS})
    if ignored:
        notes.append(f"facts: columns not read: {', '.join(ignored)}")
    ids = ids_of(cols["evaluation"])
    amounts = {k: money(cols[k], m, allow_float) for k in FACT_COLUMNS[:-2] if k in cols}
    staff = {k: numbers(cols[k], m, allow_float) for k in FACT_COLUMNS[-2:] if k in cols}
    out: dict[Any, tuple[Facts, dict[str, int]]] = {}
    seen: set[Any] = set()
    bad = 0
    for j, eid in _rows_of(ids, wanted):
        if eid in seen:
            out.pop(eid, None)
            notes.append(f"facts: evaluation {eid!r} has more than one row; its facts were not used")
            continue
        seen.add(eid)
        given: dict[str, Money] = {}
        for k, col in amounts.items():
            if col.valid[j] and col.err[j] == 0 and col.units[j] >= 0:
                given[k] = Money(int(col.units[j]))
            elif col.err[j] != 0 or col.valid[j]:
                bad += 1
        people: dict[str, int] = {}
        for k, num in staff.items():
            if num.valid[j] and num.places[j] == 0 and num.units[j] >= 0:
                people[k] = int(num.units[j])
            elif num.valid[j] or num.err[j] != 0:
                bad += 1
        out[eid] = (Facts(**given), people)
    if bad:
        notes.append(f"facts: {bad} cell(s) not an amount (or a count of persons) were not used")
    return out
