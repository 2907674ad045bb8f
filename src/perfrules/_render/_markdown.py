"""
The report as Markdown (CommonMark with GFM tables): what a reviewer pastes into a wiki or Word.

Narrative text is escaped so a stray ``*`` or ``|`` in a department's prose cannot change the
layout. The chart has no Markdown form; the level-1 table beside it carries the same numbers.
"""

from __future__ import annotations

import re

from perfrules._render._context import cn_numeral
from perfrules._render._document import (
    Chart,
    Document,
    Heading,
    Item,
    ItemList,
    Numbering,
    Paragraph,
    Scorecard,
    Table,
)

#: A lead ending in Chinese punctuation needs no space before its text.
_CJK_END = ("：", "，", "、", "。", "；", "！", "？", "）", "”")

__all__ = ["write_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_SPACE = re.compile(r"\s*\n\s*")


def escape(text: str) -> str:
    r"""
    Text safe inside a Markdown paragraph or table cell: one line, special characters escaped.

    >>> escape("a*b | c\nd")
    'a\\*b \\| c d'
    """
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text.strip()))


def _lead(item: Item) -> str:
    text = escape(item.text)
    if not item.lead:
        return text
    lead = f"**{escape(item.lead)}**"
    if not text:
        return lead
    return lead + ("" if item.lead.endswith(_CJK_END) else " ") + text


def _number(i: int, numbering: Numbering, lang: str) -> str:
    if numbering is Numbering.CN_PAREN:
        return f"({i})" if lang == "en" else f"（{cn_numeral(i)}）"
    return f"{i}."


def _list(block: ItemList, lang: str) -> list[str]:
    out = []
    for i, item in enumerate(block.items, 1):
        if block.numbering is Numbering.BULLET:
            out.append(f"- {_lead(item)}")
        elif block.numbering is Numbering.CN_PAREN:
            # （一） is not a Markdown list marker: each item is a paragraph of its own.
            out += [
                f"{_number(i, block.numbering, lang)}{' ' if lang == 'en' else ''}{_lead(item)}",
                "",
            ]
        else:
            out.append(f"{i}. {_lead(item)}")
        if item.points:
            indent = "    " if block.numbering is not Numbering.CN_PAREN else ""
            out += [f"{indent}{k}. {escape(p)}" for k, p in enumerate(item.points, 1)]
            out.append("")
    while out and not out[-1]:
        out.pop()
    return out


def _table(block: Table) -> list[str]:
    def row(cells: tuple[str, ...], *, bold_first: bool = False) -> str:
        shown = [escape(c) for c in cells]
        if bold_first and shown and shown[0]:
            shown[0] = f"**{shown[0]}**"
        return "| " + " | ".join(shown) + " |"

    align = ["---:" if i in block.numeric else "---" for i in range(len(block.header))]
    out = [row(block.header), "| " + " | ".join(align) + " |"]
    previous: tuple[str, ...] = ()
    for cells in block.rows:
        shown = list(cells)
        same = True
        for col in block.merge:  # nested: a column merges only while every column left of it does
            same = same and bool(previous) and cells[col] == previous[col] and cells[col] != ""
            if same:
                shown[col] = ""
        out.append(row(tuple(shown)))
        previous = cells
    for cells in block.footer:
        out.append(row(cells, bold_first=True))
    if block.caption:
        out.append("")
        out.append(escape(block.caption))
    return out


def _scorecard(block: Scorecard) -> list[str]:
    parts = [
        f"**{escape(block.total_label)}** {escape(block.total)}",
        f"**{escape(block.grade_label)}** {escape(block.grade)}",
    ]
    parts += [f"**{escape(k)}** {escape(v)}" for k, v in block.facts]
    return ["> " + " · ".join(parts)]


def write_markdown(doc: Document) -> str:
    """The document as Markdown text, ending with one newline."""
    out = [f"# {escape(doc.title)}", ""]
    for line in doc.meta:
        out += [escape(line), ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + escape(block.text))
        elif isinstance(block, Paragraph):
            label = f"**{escape(block.label)}**" if block.label else ""
            sep = " " if block.label and block.text and not block.label.endswith(_CJK_END) else ""
            out.append(label + sep + escape(block.text))
        elif isinstance(block, ItemList):
            out += _list(block, "en" if doc.lang == "en" else "zh")
        elif isinstance(block, Table):
            out += _table(block)
        elif isinstance(block, Scorecard):
            out += _scorecard(block)
        elif isinstance(block, Chart):
            continue
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
