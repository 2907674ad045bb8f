"""
Evaluations (as loaded from TOML/JSON) turned into the columns of the batch contract.

Derived department indicators (预算完成率 …) with no actual value get it from the budget and
facts first, under the evaluation's scheme, as ``perfrules.score()`` does: the columns carry no
facts table, so this is where they can be derived.

>>> import perfrules
>>> from perfrules.batch import columns_of
>>> rows, budget = columns_of([("panyu", perfrules.load("examples/panyu-2021.toml"))])
>>> rows["target"][:2].tolist(), budget["planned"].tolist()
(['≥2次', '≥1次'], ['20662200.00'])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from perfrules._derived import fill
from perfrules._engine import _plan
from perfrules._model import Evaluation
from perfrules.errors import UnknownSchemeError
from perfrules.schemes import Scheme, SchemeRegistry, default_registry

__all__ = ["columns_of"]

_ROW_KEYS = (
    "evaluation", "scheme", "year", "level1", "level2", "name", "weight", "target", "actual",
    "direction", "rule", "declared_score", "not_applicable", "deduction",
)  # fmt: skip


def columns_of(
    evaluations: Iterable[tuple[Any, Evaluation]],
    *,
    scheme: Scheme | str | None = None,
    year: int | None = None,
    registry: SchemeRegistry | None = None,
) -> tuple[dict[str, npt.NDArray[Any]], dict[str, npt.NDArray[Any]]]:
    """
    The indicator and budget columns of ``(id, evaluation)`` pairs, every number as its exact
    decimal string, ready for :func:`perfrules.batch.score_table`.

    A derivable indicator with no actual value gets the derived one (``"98.35%"``) under
    *scheme* (else the evaluation's own, looked up for *year* or the evaluation's year), as
    ``score()`` would; with no scheme found it is left empty (``score_table`` reports the scheme).
    """
    rows: dict[str, list[Any]] = {k: [] for k in _ROW_KEYS}
    budget: dict[str, list[Any]] = {"evaluation": [], "planned": [], "executed": []}
    for eid, given in evaluations:
        ev = _derived(given, scheme, year, registry or default_registry)
        for ind in ev.indicators:
            rows["evaluation"].append(eid)
            rows["scheme"].append(ev.scheme)
            rows["year"].append(ev.year)
            rows["level1"].append(ind.level1)
            rows["level2"].append(ind.level2)
            rows["name"].append(ind.name)
            rows["weight"].append(str(ind.weight))
            rows["target"].append(ind.target.text)
            rows["actual"].append(None if ind.actual is None else ind.actual.text)
            rows["direction"].append(ind.direction.value)
            rows["rule"].append(ind.rule)
            rows["declared_score"].append(
                None if ind.declared_score is None else str(ind.declared_score)
            )
            rows["not_applicable"].append(ind.not_applicable)
            rows["deduction"].append(None if ind.deduction is None else str(ind.deduction))
        for line in ev.budget:
            budget["evaluation"].append(eid)
            budget["planned"].append(str(line.planned.yuan))
            budget["executed"].append(str(line.executed.yuan))
    out = {k: _array(v) for k, v in rows.items()}
    out["year"] = np.array(rows["year"], dtype=np.int64)
    out["not_applicable"] = np.array(rows["not_applicable"], dtype=bool)
    return out, {k: _array(v) for k, v in budget.items()}


def _derived(ev: Evaluation, scheme: Scheme | str | None, year: int | None, registry: SchemeRegistry) -> Evaluation:
    if not isinstance(scheme, Scheme):
        name = scheme or ev.scheme
        if not name:
            return ev
        try:
            scheme = registry.get(name, year if year is not None else ev.year)
        except UnknownSchemeError:
            return ev
    return fill(ev, _plan(scheme).derives)[0]


def _array(values: list[Any]) -> npt.NDArray[Any]:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
