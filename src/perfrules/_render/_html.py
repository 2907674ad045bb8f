"""
The report as one self-contained HTML page: inline CSS and SVG, no script, no external
reference (fonts, images, styles); printable on A4 and readable on a phone.
"""

from __future__ import annotations

from html import escape

from perfrules._render._chart import svg_chart
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

__all__ = ["write_html"]

_CSS = """
:root { --ink: #1f2933; --muted: #52606d; --line: #cbd2d9; --pale: #e4e7eb; --accent: #0b6e4f; --warn: #b54708; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.7 "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 60rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
h1 { font-size: 1.5rem; line-height: 1.4; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--accent); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.5rem; }
p { margin: 0.5rem 0; }
.meta { color: var(--muted); font-size: 0.9rem; margin: 0; }
ol, ul { padding-left: 1.75rem; margin: 0.5rem 0; }
ol.cn { list-style: none; padding-left: 0; }
ol.cn > li > .no { font-weight: 600; }
li { margin: 0.25rem 0; }
.scorecard { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 0.75rem 0; }
.scorecard div { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.9rem; min-width: 8rem; }
.scorecard .k { display: block; color: var(--muted); font-size: 0.8rem; }
.scorecard .v { font-size: 1.35rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.scorecard .grade .v { color: var(--accent); }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; margin: 0.75rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.5rem; vertical-align: top; text-align: left; }
th { background: var(--pale); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot td { font-weight: 600; background: #f5f7fa; }
table.scoring .c0, table.scoring .c1 { min-width: 5.5rem; }
table.scoring .c2 { min-width: 9rem; }
table.scoring .c7 { min-width: 10rem; }
table.findings tr.error td:first-child { color: #b42318; font-weight: 600; }
table.findings tr.warning td:first-child { color: var(--warn); }
figure { margin: 1rem 0; }
svg.chart { width: 100%; max-width: 34rem; height: auto; display: block; }
svg .chart-title { font-size: 15px; font-weight: 600; fill: var(--ink); }
svg .legend, svg .label, svg .figure { font-size: 13px; fill: var(--ink); }
svg .figure { font-variant-numeric: tabular-nums; }
svg .summary { font-size: 14px; font-weight: 600; fill: var(--accent); }
svg rect.weight { fill: var(--pale); stroke: #9aa5b1; stroke-width: 1; }
svg rect.points { fill: var(--accent); }
@media (max-width: 600px) {
  body { font-size: 15px; }
  h1 { font-size: 1.25rem; }
  table { font-size: 0.8rem; }
}
@media print {
  @page { size: A4; margin: 15mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .table-wrap { overflow: visible; }
  tr, figure, .scorecard { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
}
""".strip()


def _number(i: int, lang: str) -> str:
    return f"({i})" if lang == "en" else f"（{cn_numeral(i)}）"


def _item(item: Item) -> str:
    text = escape(item.text)
    if item.lead:
        sep = "" if item.lead.endswith(_CJK_END) or not text else " "
        text = f"<strong>{escape(item.lead)}</strong>{sep}{text}"
    if item.points:
        text += "<ol>" + "".join(f"<li>{escape(p)}</li>" for p in item.points) + "</ol>"
    return text


def _list(block: ItemList, lang: str) -> str:
    if block.numbering is Numbering.BULLET:
        return "<ul>" + "".join(f"<li>{_item(i)}</li>" for i in block.items) + "</ul>"
    if block.numbering is Numbering.CN_PAREN:
        gap = " " if lang == "en" else ""
        items = "".join(
            f'<li><span class="no">{_number(k, lang)}</span>{gap}{_item(i)}</li>'
            for k, i in enumerate(block.items, 1)
        )
        return f'<ol class="cn">{items}</ol>'
    return "<ol>" + "".join(f"<li>{_item(i)}</li>" for i in block.items) + "</ol>"


def _spans(block: Table) -> list[dict[int, int]]:
    """For each row, the rowspan of each merged cell that starts there (0: covered by one above)."""
    spans: list[dict[int, int]] = [{} for _ in block.rows]
    for depth, col in enumerate(block.merge):
        start = 0
        for r in range(1, len(block.rows) + 1):
            same = (
                r < len(block.rows)
                and block.rows[r][col] != ""
                and block.rows[r][col] == block.rows[start][col]
            )
            same = same and all(spans[r].get(c, 1) == 0 for c in block.merge[:depth])
            if not same:
                spans[start][col] = r - start
                for k in range(start + 1, r):
                    spans[k][col] = 0
                start = r
    return spans


def _table(block: Table) -> str:
    def cell(tag: str, i: int, text: str, attrs: str = "") -> str:
        cls = f' class="c{i} num"' if i in block.numeric else f' class="c{i}"'
        return f"<{tag}{cls}{attrs}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, h, ' scope="col"') for i, h in enumerate(block.header))
    body = []
    spans = _spans(block)
    for r, cells in enumerate(block.rows):
        tds = []
        for i, c in enumerate(cells):
            span = spans[r].get(i, 1)
            if span == 0:
                continue
            tds.append(cell("td", i, c, f' rowspan="{span}"' if span > 1 else ""))
        cls = (
            f' class="{escape(block.classes[r])}"'
            if r < len(block.classes) and block.classes[r]
            else ""
        )
        body.append(f"<tr{cls}>{''.join(tds)}</tr>")
    foot = "".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>"
        for row in block.footer
    )
    caption = f"<caption>{escape(block.caption)}</caption>" if block.caption else ""
    tfoot = f"<tfoot>{foot}</tfoot>" if foot else ""
    table = f'<table class="{escape(block.kind)}">{caption}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody>{tfoot}</table>'
    return f'<div class="table-wrap">{table}</div>'


def _scorecard(block: Scorecard) -> str:
    cards = [
        f'<div class="total"><span class="k">{escape(block.total_label)}</span><span class="v" id="total">{escape(block.total)}</span></div>',
        f'<div class="grade"><span class="k">{escape(block.grade_label)}</span><span class="v" id="grade">{escape(block.grade)}</span></div>',
    ]
    cards += [
        f'<div><span class="k">{escape(k)}</span><span class="v">{escape(v)}</span></div>'
        for k, v in block.facts
    ]
    return f'<section class="scorecard">{"".join(cards)}</section>'


def write_html(doc: Document) -> str:
    """The document as a complete HTML page."""
    lang = "en" if doc.lang == "en" else "zh"
    body = [f"<h1>{escape(doc.title)}</h1>"]
    body += [f'<p class="meta">{escape(m)}</p>' for m in doc.meta]
    for block in doc.blocks:
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            label = f"<strong>{escape(block.label)}</strong>" if block.label else ""
            sep = " " if block.label and block.text and not block.label.endswith(_CJK_END) else ""
            body.append(f"<p>{label}{sep}{escape(block.text)}</p>")
        elif isinstance(block, ItemList):
            body.append(_list(block, lang))
        elif isinstance(block, Table):
            body.append(_table(block))
        elif isinstance(block, Scorecard):
            body.append(_scorecard(block))
        elif isinstance(block, Chart):
            body.append(f"<figure>{svg_chart(block)}</figure>")
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(doc.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="perfrules">\n'
        f"<title>{escape(doc.title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
