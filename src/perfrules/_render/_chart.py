"""
The inline SVG chart: one row per level-1 group, a pale bar for its weight and a solid bar for
the points earned, with the figures beside them and the total and grade underneath.

Geometry is computed with exact fractions and written with one decimal (half-up); the
figures shown are the formatted values the report prints elsewhere.
"""

from __future__ import annotations

import unicodedata
from fractions import Fraction
from html import escape

from perfrules._quantity import Fixed
from perfrules._render._document import Chart

__all__ = ["svg_chart"]

_WIDTH = 520
_LABEL_RIGHT = 170  # labels end here
_BAR_LEFT = 178
_BAR_WIDTH = 230
_ROW = 40
_TOP = 64


def _n(x: Fraction | int) -> str:
    return str(Fixed.from_fraction(Fraction(x), 1).normalized())


def _clip(label: str, width: int = 24) -> str:
    """At most *width* columns (a CJK character counts two), with an ellipsis when cut."""
    out, used = "", 0
    for ch in label:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            return out + "…"
        out, used = out + ch, used + w
    return out


def svg_chart(chart: Chart) -> str:
    """The chart as an ``<svg>`` element (no script, no external reference)."""
    top = max((b.weight for b in chart.bars), default=Fixed(0))
    scale = Fraction(_BAR_WIDTH) / top.as_fraction() if top.units > 0 else Fraction(0)
    height = _TOP + _ROW * len(chart.bars) + (40 if chart.summary else 12)
    title = escape(chart.title)
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{title}</title>',
        f'<text x="0" y="20" class="chart-title">{title}</text>',
        f'<rect x="{_BAR_LEFT}" y="34" width="14" height="12" class="weight"/>',
        f'<text x="{_BAR_LEFT + 20}" y="45" class="legend">{escape(chart.legend_weight)}</text>',
        f'<rect x="{_BAR_LEFT + 110}" y="34" width="14" height="12" class="points"/>',
        f'<text x="{_BAR_LEFT + 130}" y="45" class="legend">{escape(chart.legend_points)}</text>',
    ]
    for i, bar in enumerate(chart.bars):
        y = _TOP + _ROW * i
        w = bar.weight.as_fraction() * scale
        p = min(max(bar.points.as_fraction(), Fraction(0)) * scale, w) if w > 0 else Fraction(0)
        label = escape(bar.label)
        parts += [
            f'<g class="bar"><title>{label}: {escape(bar.points_text)} / {escape(bar.weight_text)}</title>',
            f'<text x="{_LABEL_RIGHT}" y="{y + 19}" text-anchor="end" class="label">{escape(_clip(bar.label))}</text>',
            f'<rect x="{_BAR_LEFT}" y="{y + 4}" width="{_n(w)}" height="22" rx="3" class="weight"/>',
            f'<rect x="{_BAR_LEFT}" y="{y + 4}" width="{_n(p)}" height="22" rx="3" class="points"/>',
            f'<text x="{_BAR_LEFT + _BAR_WIDTH + 10}" y="{y + 19}" class="figure">{escape(bar.points_text)} / {escape(bar.weight_text)}</text>',
            "</g>",
        ]
    if chart.summary:
        parts.append(
            f'<text x="0" y="{height - 12}" class="summary">{escape(chart.summary)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
