"""
Extension point: the monitoring section (绩效运行监控情况) of the report.

:func:`monitoring_blocks` is called with ``getattr(evaluation, "monitoring", ())``; when that is
empty the report has no monitoring section at all. The default below reads snapshots by duck
typing (``checkpoint``, ``at``, ``budget[*].executed``) and writes one table row per snapshot:
the checkpoint, its date, and the amount executed to date with its share of the full-year
budget. The monitoring feature may replace the body of this function with a richer section
(per-indicator progress, likelihood, deviation reasons); it must return blocks of
:mod:`._document` and take every number from exact values, formatted with ``ctx.fmt``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from perfrules._model import Evaluation
from perfrules._monitor import Light, monitor
from perfrules._quantity import Money, Ratio
from perfrules._render._context import Context
from perfrules._render._document import Block, Heading, Table
from perfrules.schemes import Scheme

__all__ = ["monitoring_blocks"]


def monitoring_blocks(
    evaluation: Evaluation,
    snapshots: Sequence[Any],
    ctx: Context,
    heading: str,
    scheme: Scheme | None = None,
) -> list[Block]:
    """The monitoring subsection: a heading and a table, or nothing without snapshots."""
    if not snapshots:
        return []
    _ = ctx.gettext
    planned = evaluation.planned
    rows = []
    for snap in snapshots:
        when = getattr(snap, "at", None)  # Snapshot.at (issue 7)
        executed = [getattr(b, "executed", None) for b in getattr(snap, "budget", ())]
        amounts = [m for m in executed if isinstance(m, Money)]
        total = Money(sum(m.fen for m in amounts)) if amounts else None
        rate = Ratio(total.fen, planned.fen) if total is not None and planned.fen > 0 else None
        expected, light = _status(evaluation, when, scheme, ctx.lang)
        rows.append((
            str(getattr(snap, "checkpoint", "") or ""),
            ctx.fmt.date(when) if isinstance(when, dt.date) else "",
            ctx.amount(total) if total is not None else "—",
            ctx.fmt.rate(rate) if rate is not None else "—",
            ctx.fmt.rate(expected) if expected is not None else "—",
            light,
        ))  # fmt: skip
    header = (
        _("Checkpoint"),
        _("Date"),
        ctx.amount_header(_("Executed to date")),
        _("Share of full-year budget"),
        _("Expected progress"),
        _("Light"),
    )
    return [Heading(3, heading), Table(header, rows, numeric={2, 3, 4}, kind="monitoring")]


def _status(evaluation: Evaluation, when: object, scheme: Scheme | None, lang: str) -> tuple[Ratio | None, str]:
    """Expected progress (序时进度) at *when* and the worst budget light, from :func:`monitor`."""
    if not isinstance(when, dt.date) or scheme is None:
        return None, "—"
    result = monitor(evaluation, when, scheme=scheme)
    lights = [b.light for b in result.budget if b.light is not None]
    worst = max(lights, key=_LIGHT_ORDER.index) if lights else None
    return result.expected_progress, worst.localized(lang) if worst is not None else "—"


_LIGHT_ORDER = [Light.GREEN, Light.YELLOW, Light.RED]
