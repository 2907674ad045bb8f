"""
The numbers of the scoring table (自评表), taken from the Result: one row per indicator, the
budget execution row, and Σ weight / Σ points per level-1 group for the chart.

Values stay exact here (``Fixed``, ``Money``); formatting happens in the writers.
"""

from __future__ import annotations

import attrs

from perfrules._engine import Result
from perfrules._quantity import Fixed

__all__ = ["GroupSum", "ScoringRow", "group_sums", "scoring_rows", "weight_total"]


@attrs.frozen
class ScoringRow:
    """One row of the 自评表; ``points`` is ``None`` when the indicator is not applicable."""

    level1: str
    level2: str
    name: str
    weight: Fixed
    target: str
    actual: str
    points: Fixed | None
    reason: str
    execution: bool = False


@attrs.frozen
class GroupSum:
    """A level-1 group: Σ weight and Σ points of its applicable rows."""

    name: str
    weight: Fixed
    points: Fixed


def scoring_rows(result: Result, *, execution_label: str, rate_text: str = "") -> list[ScoringRow]:
    """
    The execution row (when the scheme scores execution) then every indicator, in input order.

    *rate_text* is the execution rate as it should read in the 实际完成值 cell.
    """
    rows: list[ScoringRow] = []
    ex = result.execution
    if ex is not None:
        rows.append(
            ScoringRow(
                execution_label, "", "", ex.weight, "100%", rate_text, ex.points, "", execution=True
            )
        )
    for line in result.lines:
        ind = line.indicator
        rows.append(
            ScoringRow(
                ind.level1, ind.level2, ind.name, ind.weight, ind.target.text,
                ind.actual.text if ind.actual is not None else "", line.points, ind.reason,
            )
        )  # fmt: skip
    return rows


def weight_total(result: Result) -> Fixed:
    """Σ weights of every row, execution included."""
    total = sum((ln.indicator.weight for ln in result.lines), Fixed(0))
    return total + result.execution.weight if result.execution is not None else total


def group_sums(result: Result, *, execution_label: str, ungrouped_label: str) -> list[GroupSum]:
    """
    Σ weight and Σ points per level-1 group, in order of first appearance (execution first).

    A level-1 name is folded onto its framework group when the scheme knows it as an alias.
    Not-applicable rows count in neither sum.
    """
    places = result.scheme.rounding.places
    order: list[str] = []
    sums: dict[str, tuple[int, int]] = {}
    ex = result.execution
    if ex is not None:
        order.append(execution_label)
        sums[execution_label] = (ex.weight.at(places), ex.points.at(places))
    for line in result.lines:
        if line.points is None:
            continue
        group = result.scheme.group_of(line.indicator.level1)
        name = group.name if group is not None else (line.indicator.level1 or ungrouped_label)
        if name not in sums:
            order.append(name)
            sums[name] = (0, 0)
        w, p = sums[name]
        sums[name] = (w + line.indicator.weight.at(places), p + line.points.at(places))
    return [GroupSum(n, Fixed(sums[n][0], places), Fixed(sums[n][1], places)) for n in order]
