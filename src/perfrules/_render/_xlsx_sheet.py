"""
A worksheet read as text: each cell as Excel shows it (merged cells read through their first
cell), unreadable cells reported by reference (``Sheet1!E7``), header texts matched after
folding spaces and full-width forms, and headers found over up to four rows.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from perfrules._render._xlsx_formats import _number_text, shown
from perfrules.errors import InvalidValueError

__all__ = ["CellError"]

_TOTAL = ("总分", "合计", "总计", "得分合计", "自评总分", "总得分", "totalscore", "total")
_NOT_APPLICABLE = ("不适用", "n/a", "na", "—", "-", "/")
_UNITS = {
    "元": "元",
    "万元": "万元",
    "亿元": "亿元",
    "千元": "千元",
    "yuan": "元",
    "10,000yuan": "万元",
    "10000yuan": "万元",
}
_PAREN = re.compile(r"[（(]([^）)]*)[）)]\s*$")
#: Template instruction text, matched on the folded text (see _instruction).
_INSTRUCTION = re.compile(
    # it opens with an instruction: 请说明…, 说明偏离目标…, 简要说明…, 此处填写…
    # (not 请示…, 说明：因…, nor 填报…, which open reasons too)
    r"^(?:请(?!示)|说明(?![:：])|简要说明|简述|注明|列明|此处|本栏|在此)"
    # it asks for one: …未达到90%的需说明原因, 应单独说明理由, 须填写
    r"|(?:需|须|应)(?:单独)?(?:说明|填写|填报|注明|列明)"
    # it is or cites the form's own notes: 填写说明, 填报要求, 填表提示
    r"|填(?:写|报|表)(?:说明|要求|提示)"
    # it limits the length: (100字以内), 不超过200字
    r"|\d+字(?:以内|以下|左右)|不(?:超过|多于)\d+字"
    # it is a placeholder in brackets: (填写…), 【…】
    r"|^\([^()]*\)$|^【[^【】]*】$"
)


class CellError(InvalidValueError):
    """An unreadable cell; its path is the cell reference, ``Sheet1!E7``."""

    def __str__(self) -> str:
        return f"{self.path[0]}: {self.reason}" if self.path else self.reason

    @property
    def location(self) -> str | None:
        """The cell reference."""
        return str(self.path[0]) if self.path else None


def _key(text: str) -> str:
    return (
        unicodedata.normalize("NFKC", text)
        .replace(" ", "")
        .replace("\n", "")
        .replace("\u3000", "")
        .lower()
    )


def _instruction(text: str) -> bool:
    """
    Whether *text* is a template's instruction left in a cell the unit was to fill, such as
    ``说明偏离目标、不能完成目标的原因及拟采取的措施``, ``（填写说明：…）``, ``请说明…`` or
    ``…未达到90%的需说明原因（100字以内）``: instruction phrasing, not one fixed sentence.

    >>> _instruction("请简要说明偏差原因"), _instruction("资金拨付滞后，已督促加快进度")
    (True, False)
    """
    return bool(_INSTRUCTION.search(_key(text)))


#: A column's number and formula after its name: ``小计④=①+②+③``, ``支出实现率(%)⑥=⑤/④``.
_FORMULA = re.compile(r"[①-⑳].*$")
#: A remark in parentheses inside a header: ``全年（调整）预算数``.
_INNER_PAREN = re.compile(r"[(][^()]*[)]")


def _match(text: str, table: Mapping[str, tuple[str, ...]]) -> str | None:
    k = _FORMULA.sub("", _key(text)) or _key(text)
    k = _INNER_PAREN.sub("", k) or k
    for field, aliases in table.items():
        if any(k == a or k.startswith(a) for a in aliases):
            return field
    return None


class _Reader:
    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.title = ws.title
        self.merged: dict[tuple[int, int], tuple[int, int]] = {}
        #: the last row and column of the merged range at its first cell
        self.extent: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
            self.extent[(rng.min_row, rng.min_col)] = (rng.max_row, rng.max_col)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    self.merged[(r, c)] = (rng.min_row, rng.min_col)
        self.errors: dict[str, InvalidValueError] = {}  # by cell, each cell once

    def ref(self, row: int, col: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{self.title}!{get_column_letter(col)}{row}"

    def text(self, row: int, col: int, *, merged: bool = False, record: bool = True) -> str:
        """
        The cell as text ('' when empty); a merged cell reads its range's first cell if *merged*.
        An unreadable cell reads as '' and, if *record*, is reported.
        """
        if merged and (row, col) in self.merged:
            row, col = self.merged[(row, col)]
        cell = self.ws.cell(row=row, column=col)
        v = cell.value
        if v is None:
            return ""
        if isinstance(v, bool):
            self._error(row, col, f"expected a number or a text, got {v}", record=record)
            return ""
        if isinstance(v, (int, float, Decimal)):
            return _number_text(v, shown(str(cell.number_format)))
        if isinstance(v, (dt.date, dt.time, dt.timedelta)):
            self._error(
                row, col, f"a date or time, expected a number or a text: {v}", record=record
            )
            return ""
        return str(v).strip()

    def _error(self, row: int, col: int, reason: str, *, record: bool) -> None:
        ref = self.ref(row, col)
        if record and ref not in self.errors:
            self.errors[ref] = CellError(reason, (ref,))

    def row_texts(self, row: int) -> list[str]:
        """A whole row as text, for finding headers and labels (nothing reported)."""
        return [self.text(row, c, record=False) for c in range(1, self.ws.max_column + 1)]


def _header(
    reader: _Reader,
    table: Mapping[str, tuple[str, ...]],
    need: tuple[str | tuple[str, ...], ...],
    start: int = 1,
) -> tuple[int, int, dict[str, int]] | None:
    """
    The first header with the *need* columns: (its first row, its last row, the column of each
    field). A header may span up to four rows (a title over it all, ``绩效指标`` over 一级指标 |
    二级指标 | 三级指标, ``偏差原因分析及改进措施`` over 偏差原因 | 改进措施, the other headers
    merged down or written once in their top row): a column is named by its lowest text that
    names a field. The header ends at the first row where the *need* columns are named (a tuple
    in *need*: one of its fields), and spans as few rows as that takes.
    """
    alternatives = [n if isinstance(n, tuple) else (n,) for n in need]
    width = reader.ws.max_column

    def fields(top: int, bottom: int) -> dict[str, int]:
        cols: dict[str, int] = {}
        for c in range(1, width + 1):
            for r in range(bottom, top - 1, -1):
                t = reader.text(r, c, merged=True, record=False)
                field = _match(t, table) if t else None
                if field is not None:
                    cols.setdefault(field, c)
                    break
        return cols

    for bottom in range(start, reader.ws.max_row + 1):
        for top in range(bottom, max(start, bottom - 3) - 1, -1):
            cols = fields(top, bottom)
            if all(any(n in cols for n in ns) for ns in alternatives):
                # headers merged down from a row above start the header there, and the
                # texts of that row name the columns the rows below leave blank
                first = min(reader.merged.get((bottom, c), (bottom, c))[0] for c in cols.values())
                start_row = min(top, first)
                return start_row, bottom, fields(start_row, bottom)
    return None


def _unit(header: str, default: str) -> str:
    m = _PAREN.search(_key(header))
    if m:
        unit = m.group(1).replace("单位", "").replace(":", "").replace("：", "")
        return _UNITS.get(unit, default)
    return default
