"""
The report as a small tree of blocks, independent of the output format.

:mod:`._report` builds it once from an evaluation and its result, in one language;
:mod:`._markdown` and :mod:`._html` only write it out, so both formats say the same things.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

import attrs

from perfrules._quantity import Fixed

# One converter per element type: mypy's attrs plugin does not infer a generic converter.


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


def _rows(value: Iterable[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(r) for r in value)


def _pairs(value: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(value)


def _frozenset(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


__all__ = [
    "Bar",
    "Block",
    "Chart",
    "Document",
    "Heading",
    "Item",
    "ItemList",
    "Numbering",
    "Paragraph",
    "Scorecard",
    "Table",
]


class Numbering(StrEnum):
    """How list items are numbered."""

    ARABIC = "arabic"  #: 1. 2. 3.
    CN_PAREN = "cn_paren"  #: （一）（二） in zh, (1) (2) in en
    BULLET = "bullet"


@attrs.frozen
class Heading:
    """A heading; level 2 is a section (一、), level 3 a subsection (（一）)."""

    level: int
    text: str
    anchor: str = ""


@attrs.frozen
class Paragraph:
    """A paragraph, with an optional bold lead-in label."""

    text: str
    label: str = ""


@attrs.frozen
class Item:
    """A list item: an optional bold lead, a text and sub-points (一是、二是…)."""

    text: str
    lead: str = ""
    points: tuple[str, ...] = attrs.field(default=(), converter=_strs)


def _items(value: Iterable[Item]) -> tuple[Item, ...]:
    return tuple(value)


@attrs.frozen
class ItemList:
    """A numbered or bulleted list."""

    items: tuple[Item, ...] = attrs.field(converter=_items)
    numbering: Numbering = Numbering.ARABIC


@attrs.frozen
class Table:
    """
    A table of already formatted cells.

    ``numeric`` columns align right; ``merge`` columns (left to right, nested) show a run of equal
    cells once: a rowspan in HTML, blanks after the first in Markdown. ``footer`` rows close it.
    """

    header: tuple[str, ...] = attrs.field(converter=_strs)
    rows: tuple[tuple[str, ...], ...] = attrs.field(converter=_rows)
    numeric: frozenset[int] = attrs.field(default=frozenset(), converter=_frozenset)
    merge: tuple[int, ...] = attrs.field(default=(), converter=_ints)
    footer: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_rows)
    caption: str = ""
    kind: str = ""  #: a CSS hook: "scoring", "budget", "groups", "findings"…
    classes: tuple[str, ...] = attrs.field(default=(), converter=_strs)  #: a CSS class per row


@attrs.frozen
class Bar:
    """One level-1 group in the chart: points earned against its weight."""

    label: str
    weight: Fixed
    points: Fixed
    weight_text: str
    points_text: str


def _bars(value: Iterable[Bar]) -> tuple[Bar, ...]:
    return tuple(value)


@attrs.frozen
class Chart:
    """Points earned vs weight per level-1 group, with the total and the grade."""

    bars: tuple[Bar, ...] = attrs.field(converter=_bars)
    title: str
    legend_points: str
    legend_weight: str
    summary: str = ""  #: the total and the grade, as one line under the bars


@attrs.frozen
class Scorecard:
    """The headline: total, grade and execution rate, each with its label."""

    total: str
    grade: str
    total_label: str
    grade_label: str
    facts: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs)


Block = Heading | Paragraph | ItemList | Table | Chart | Scorecard


def _blocks(value: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(value)


@attrs.frozen
class Document:
    """A whole report: title, language tag (``zh-CN`` or ``en``), metadata lines and blocks."""

    title: str
    lang: str
    blocks: tuple[Block, ...] = attrs.field(converter=_blocks)
    meta: tuple[str, ...] = attrs.field(default=(), converter=_strs)
