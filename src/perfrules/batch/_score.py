"""
The batch engine: many evaluations in columns, scored with the rule kernels of
:func:`perfrules.score`.

Rows are processed in chunks: each chunk takes its parsed values by code, runs each rule's
kernel once on the rows that rule scores (:mod:`._rows`), and adds its points to
per-evaluation sums (:mod:`._sums`). Totals, rescaling and grades then come from
:mod:`perfrules._totals`, shared with the scalar engine (:mod:`._finish`); the budget is read
beside the rows (:mod:`._budget`), the evaluation ids give every row its evaluation
(:mod:`._evals`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext

import attrs
import numpy as np
import numpy.typing as npt

from perfrules.batch._budget import _Budget, _budget, _refuse_float_columns
from perfrules.batch._columns import Column, adapt
from perfrules.batch._derive import derived_note, with_derived
from perfrules.batch._evals import Evals, _evaluations
from perfrules.batch._finish import _finish
from perfrules.batch._result import BatchResult, Table
from perfrules.batch._rows import _Prepared
from perfrules.batch._sums import _Acc
from perfrules.errors import InvalidValueError
from perfrules.schemes import Scheme, SchemeRegistry, default_registry

__all__ = ["score_table"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

KNOWN = {
    "evaluation", "weight", "target", "actual", "direction", "rule", "scheme", "year",
    "level1", "level2", "name", "declared_score", "not_applicable", "deduction",
}  # fmt: skip


def score_table(
    indicators: object,
    budget: object = None,
    *,
    facts: object = None,
    scheme: Scheme | str | None = None,
    year: int | None = None,
    allow_float: bool = False,
    registry: SchemeRegistry | None = None,
    chunk_rows: int = 1 << 16,
    progress: Callable[[int], None] | None = None,
    threads: int | None = None,
) -> BatchResult:
    """
    Score many evaluations given as columns (DESIGN.md, "Columnar contract").

    *indicators* and *budget* are pyarrow Tables, pandas DataFrames, dicts of numpy arrays, or
    tables of any library with the Arrow PyCapsule interface (a Polars DataFrame).
    The scheme is *scheme* (a Scheme or a registry name) for every row, else each row's
    ``scheme`` column, looked up for its ``year`` (column, else *year*, else the latest edition).
    Rows keep their order; evaluations come in the order of their first row, then evaluations
    that only have budget lines. A bad row gets an error status and null points, and its
    evaluation gets no total; nothing is dropped.

    A row with no actual value whose name is a derived department indicator under its scheme
    (预算完成率, 结转结余率 …) gets it from its evaluation's budget rows (with an optional
    ``initial`` column, 年初预算数) and *facts*, as :func:`perfrules.score` does.

    >>> from perfrules import batch
    >>> out = batch.score_table(
    ...     {"evaluation": ["a", "a", "b"], "weight": ["60", "30", "90"],
    ...      "target": ["≥100", "≤10天", "达成"], "actual": ["95", "12天", "部分达成"]},
    ...     {"evaluation": ["a", "b"], "planned": ["100 万元", "80"], "executed": ["98 万元", "80"]},
    ...     scheme="mof-2020-project", year=2022)
    >>> [(r["points"], r["status"]) for r in out.indicators.to_pylist()]
    [(Decimal('57.00'), 'ok'), (Decimal('25.00'), 'ok'), (Decimal('72.00'), 'ok')]
    >>> [(e["evaluation"], e["total"], e["grade"]) for e in out.evaluations.to_pylist()]
    [('a', Decimal('91.80'), '优'), ('b', Decimal('82.00'), '良')]

    Args:
        facts: one row per evaluation: ``evaluation`` and any :class:`~perfrules.Facts` key
            (``three_public_budget`` …, amounts) or ``staff_actual`` / ``staff_authorized``.
        chunk_rows: rows scored at a time (the engine's working memory is a few dozen columns
            of this many rows per thread).
        progress: called with the number of rows done after each chunk, in row order.
        threads: chunks scored at once (numpy works outside the GIL); default: the cores
            this process may run on, at most 8. The result is the same for any number.

    Raises:
        InvalidValueError: not a table, a required column missing, a float column without
            *allow_float*, or no scheme anywhere.
    """
    cols, n = adapt(indicators, what="indicators")
    missing = [c for c in ("evaluation", "weight", "target") if c not in cols]
    if missing:
        raise InvalidValueError(
            f"missing column(s) {', '.join(missing)}; the columns are {', '.join(sorted(KNOWN))}",
            ("indicators",),
        )
    notes: list[str] = []
    ignored = sorted(set(cols) - KNOWN)
    if ignored:
        notes.append(f"columns not read: {', '.join(ignored)}")
    if not allow_float:
        _refuse_float_columns(cols, "indicators")
    cols, derived = with_derived(
        cols, n, budget, facts, scheme=scheme, year=year, registry=registry or default_registry,
        allow_float=allow_float, notes=notes,
    )  # fmt: skip
    if derived:
        notes.append(derived_note(derived))
    part = _partial(
        cols,
        n,
        scheme=scheme,
        year=year,
        allow_float=allow_float,
        registry=registry or default_registry,
        chunk_rows=chunk_rows,
        progress=progress,
        threads=threads,
        meanwhile=lambda ev: _budget(budget, ev, allow_float, notes),
    )
    bud = part.meanwhile
    assert isinstance(bud, _Budget)
    if part.prep.floats:
        notes.append(
            f"{part.prep.floats} float cell(s) rounded half-up to 4 decimals (allow_float=True)"
        )
    evaluations = _finish(
        part.prep, part.ev, part.eval_sid, part.acc, bud, scheme, registry or default_registry, year
    )
    return BatchResult(part.rows(), evaluations, tuple(notes), part.prep.floats)


@attrs.define
class Partial:
    """Rows scored and per-evaluation sums, before the budget, totals and grades."""

    prep: _Prepared
    ev: Evals
    eval_sid: I64
    acc: _Acc
    points: I64
    status: npt.NDArray[np.int8]
    rule: npt.NDArray[np.int16]
    meanwhile: object = None  #: what ``meanwhile`` returned

    def rows(self) -> Table:
        """The per-row table."""
        max_places = max([s.rounding.places for s in self.prep.schemes] or [2])
        return Table.rows(
            self.ev,
            self.points,
            self.status,
            self.rule,
            [r.kind for r, _ in self.prep.rules],
            self.prep.row_places,
            max_places,
        )


def _partial(
    cols: Mapping[str, Column],
    n: int,
    *,
    scheme: Scheme | str | None,
    year: int | None,
    allow_float: bool,
    registry: SchemeRegistry,
    chunk_rows: int = 1 << 16,
    progress: Callable[[int], None] | None = None,
    threads: int | None = None,
    meanwhile: Callable[[Evals], object] | None = None,
) -> Partial:
    """
    Score the rows of a table and sum them per evaluation; ``meanwhile(evaluations)`` (reading
    the budget) runs while the threads score, its error raised after theirs.
    """
    prep = _Prepared.build(
        cols, n, scheme=scheme, year=year, allow_float=allow_float, registry=registry
    )
    ev = _evaluations(cols["evaluation"], n)
    acc = _Acc.zeros(len(ev.ids), prep.groups)
    eval_sid = np.full(len(ev.ids), -1, dtype=np.int64)
    if len(ev.first):
        eval_sid[:] = prep.schemes_of(ev.first)
    prep.one_scheme = len(prep.schemes) == 1 and not (eval_sid < 0).any()
    out_points = np.zeros(n, dtype=np.int64)
    out_status = np.zeros(n, dtype=np.int8)
    out_rule = np.full(n, -1, dtype=np.int16)
    step = max(chunk_rows, 1)
    spans = [(lo, min(lo + step, n)) for lo in range(0, n, step)]

    def run(span: tuple[int, int]) -> tuple[int, _Acc] | None:
        lo, hi = span
        return prep.score_rows(
            lo, hi, ev.codes[lo:hi], eval_sid, out_points, out_status, out_rule, ev_sorted=ev.sorted
        )

    workers = min(threads if threads is not None else _default_threads(), len(spans))
    with ThreadPoolExecutor(max(workers, 1)) if workers > 1 else nullcontext() as pool:
        # numpy lets go of the GIL in its loops: chunks overlap on the cores; sums merge in order
        done = pool.map(run, spans) if pool is not None else map(run, spans)
        side, side_error = None, None
        if meanwhile is not None:
            try:
                side = meanwhile(ev)
            except Exception as exc:  # noqa: BLE001 -- raised below, after the scoring's own
                side_error = exc
        for (lo, hi), part in zip(spans, done, strict=True):
            if part is not None:
                acc.merge(*part)
            if progress is not None:
                progress(hi - lo)
    if side_error is not None:
        raise side_error
    return Partial(prep, ev, eval_sid, acc, out_points, out_status, out_rule, side)


def _default_threads() -> int:
    """The cores this process may run on, at most 8 (each thread holds a chunk's temporaries)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        n = os.cpu_count() or 1
    return max(1, min(n, 8))
