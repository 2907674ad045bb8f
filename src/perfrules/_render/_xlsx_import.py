"""
Read a 自评表 workbook back into the input format.

The common column layout is recognized by its headers, in Chinese or English, wherever the
header row is: 一级指标, 二级指标, 三级指标, 分值, 年度指标值, 实际完成值, 得分,
偏差原因分析及改进措施 (and usual variants such as 指标值, 全年实际值, 偏差原因). Level cells
merged over several rows apply to each row. A budget block (年初预算数, 全年预算数, 全年执行数,
with the amount unit in the header, e.g. 全年预算数（万元）), the unit's name, the year, the scheme
and the 总分 / 等级 rows are read when present.

Every value is then checked by the loader; an error names its cell: ``自评表!E7: not a number``.
Excel keeps numbers as binary doubles: a numeric cell is read as the shortest decimal that
Excel's number denotes (what was typed, up to 15 significant digits). Text cells are exact.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from perfrules._load import from_data
from perfrules._model import Evaluation
from perfrules._render._xlsx import require_openpyxl
from perfrules.errors import InvalidInputError, InvalidValueError

__all__ = ["CellError", "read_xlsx", "xlsx_data"]

#: Header texts for each column (normalized: no spaces, full-width folded), longest first.
HEADERS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "level-1indicator"),
    "level2": ("二级指标", "level-2indicator"),
    "name": ("三级指标", "指标名称", "level-3indicator"),
    "weight": ("指标分值", "分值", "权重", "weight"),
    "target": ("年度指标值", "年度目标值", "指标值", "目标值", "annualtarget"),
    "actual": ("实际完成值", "全年实际值", "实际完成情况", "实际值", "actual"),
    "points": ("自评得分", "得分", "points"),
    "reason": (
        "偏差原因分析及改进措施",
        "偏差原因分析",
        "偏差原因",
        "未完成原因分析",
        "reasonfordeviation",
    ),
}
BUDGET_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("预算项目", "资金来源", "项目", "budgetline"),
    "initial": ("年初预算数", "initialbudget"),
    "planned": ("全年预算数", "调整后预算数", "full-yearbudget"),
    "executed": ("全年执行数", "执行数", "executed"),
    "weight": ("分值", "weight"),
    "rate": ("执行率", "executionrate"),
    "points": ("得分", "points"),
}
_LABELS = {
    "name": (
        "部门（单位）名称",
        "部门(单位)名称",
        "部门名称",
        "单位名称",
        "department(unit)",
        "department",
    ),
    "year": ("年度", "year"),
    "scheme": ("评分方案", "scheme"),
}
_TOTAL = ("总分", "合计", "得分合计", "totalscore", "total")
_GRADE = ("等级", "评价等级", "自评等级", "grade")
_STOP = ("注:", "说明:", "note:", "notes:")
_STOP_EXACT = ("核查发现", "findings")
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
_YEAR = re.compile(r"(19|20|21)\d{2}")


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


def _match(text: str, table: Mapping[str, tuple[str, ...]]) -> str | None:
    k = _PAREN.sub("", _key(text)) or _key(text)
    for field, aliases in table.items():
        if any(k == a or k.startswith(a) for a in aliases):
            return field
    return None


def _number_text(value: float | Decimal, percent: bool = False) -> str:
    d = value if isinstance(value, Decimal) else Decimal(repr(value))
    if percent:
        d = d * 100
    s = format(d.normalize(), "f") if d != 0 else "0"
    return s + ("%" if percent else "")


class _Reader:
    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.title = ws.title
        self.merged: dict[tuple[int, int], tuple[int, int]] = {}
        for rng in ws.merged_cells.ranges:
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
            return _number_text(v, "%" in str(cell.number_format))
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
    reader: _Reader, table: Mapping[str, tuple[str, ...]], need: tuple[str, ...], start: int = 1
) -> tuple[int, dict[str, int]] | None:
    for r in range(start, reader.ws.max_row + 1):
        cols: dict[str, int] = {}
        for c, t in enumerate(reader.row_texts(r), 1):
            field = _match(t, table) if t else None
            if field is not None and field not in cols:
                cols[field] = c
        if all(n in cols for n in need):
            return r, cols
    return None


def _unit(header: str, default: str) -> str:
    m = _PAREN.search(_key(header))
    if m:
        unit = m.group(1).replace("单位", "").replace(":", "").replace("：", "")
        return _UNITS.get(unit, default)
    return default


def xlsx_data(
    source: str | Path | IO[bytes],
    *,
    sheet: str | None = None,
    amount_unit: str = "万元",
) -> tuple[dict[str, Any], dict[tuple[str | int, ...], str], list[InvalidValueError]]:
    """
    The workbook as plain data in the input format, the cell of each value (by data path), and
    the cells that could not be read.

    Raises:
        InvalidInputError: an unreadable file, no indicator table, or unreadable cells.
    """
    openpyxl = require_openpyxl()
    name = getattr(source, "name", str(source))
    try:
        wb = openpyxl.load_workbook(source, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise InvalidInputError(
            [InvalidValueError(f"cannot read {name} as an .xlsx workbook: {e}")]
        ) from None
    if sheet is not None:
        if sheet not in wb.sheetnames:
            raise InvalidInputError(
                [
                    InvalidValueError(
                        f"no sheet {sheet!r}; the workbook has {', '.join(wb.sheetnames)}"
                    )
                ]
            )
        candidates = [wb[sheet]]
    else:
        candidates = list(wb.worksheets)
    for ws in candidates:
        reader = _Reader(ws)
        found = _header(reader, HEADERS, ("name", "weight"))
        if found is not None:
            data, cells = _read(reader, found, amount_unit)
            return data, cells, list(reader.errors.values())
    raise InvalidInputError(
        [InvalidValueError(f"{name}: no indicator table (a header row with 三级指标 and 分值)")]
    )


def _read(
    reader: _Reader, found: tuple[int, dict[str, int]], amount_unit: str
) -> tuple[dict[str, Any], dict[tuple[str | int, ...], str]]:
    head, cols = found
    cells: dict[tuple[str | int, ...], str] = {}
    data: dict[str, Any] = {}
    declared: dict[str, str] = {}
    _info(reader, head, data, cells)
    budget_head = _header(reader, BUDGET_HEADERS, ("planned", "executed"))
    if budget_head is not None and budget_head[0] < head:
        data["budget"] = _budget(
            reader, budget_head, stop=head, default_unit=amount_unit, cells=cells, declared=declared
        )

    indicators: list[dict[str, Any]] = []
    for r in range(head + 1, reader.ws.max_row + 1):
        texts = {f: reader.text(r, c, merged=f in ("level1", "level2")) for f, c in cols.items()}
        own = {
            f: reader.text(r, c, record=False)
            for f, c in cols.items()
            if f in ("level1", "level2", "name")
        }
        label = next((own[f] for f in ("level1", "level2", "name") if own.get(f)), "")
        k = _key(label)
        if not any(texts.values()):
            continue
        if k in _TOTAL:
            if texts.get("points"):
                declared["total"] = texts["points"]
                cells[("declared", "total")] = reader.ref(r, cols["points"])
            continue
        if k in _GRADE:
            if texts.get("points"):
                declared["grade"] = texts["points"]
                cells[("declared", "grade")] = reader.ref(r, cols["points"])
            continue
        if k.startswith(_STOP) or k in _STOP_EXACT:
            break
        i = len(indicators)
        row: dict[str, Any] = {}
        for column, c in cols.items():
            value = texts[column]
            f = "declared_score" if column == "points" else column
            if f == "declared_score" and _key(value) in _NOT_APPLICABLE:
                row["not_applicable"] = True
                cells[("indicators", i, "not_applicable")] = reader.ref(r, c)
                continue
            if value or f in ("name", "weight", "target"):
                if value:
                    row[f] = value
                cells[("indicators", i, f)] = reader.ref(r, c)
        cells[("indicators", i)] = reader.ref(r, cols["name"])
        indicators.append(row)
    data["indicators"] = indicators
    if declared:
        data["declared"] = declared
    return data, cells


def _info(
    reader: _Reader, head: int, data: dict[str, Any], cells: dict[tuple[str | int, ...], str]
) -> None:
    """The unit's name, the year, the scheme and the kind, from the rows above the table."""
    title = ""
    for r in range(1, head):
        texts = reader.row_texts(r)
        for c, t in enumerate(texts):
            if not t:
                continue
            title = title or t
            field = next((f for f, labels in _LABELS.items() if _key(t) in labels), None)
            if field is None:
                continue
            value_col = next((k for k in range(c + 1, len(texts)) if texts[k]), None)
            if value_col is None:
                continue
            value = texts[value_col]
            ref = reader.ref(r, value_col + 1)
            if field == "name":
                data["department"] = {"name": value}
                cells[("department", "name")] = ref
            elif field == "year":
                data["year"] = value
                cells[("year",)] = ref
            else:
                data["scheme"] = value
                cells[("scheme",)] = ref
    if "year" not in data:
        m = _YEAR.search(title)
        if m:
            data["year"] = int(m.group(0))
    data["kind"] = (
        "project" if ("项目支出" in title or "project" in title.lower()) else "department"
    )


def _budget(
    reader: _Reader, found: tuple[int, dict[str, int]], *, stop: int, default_unit: str,
    cells: dict[tuple[str | int, ...], str], declared: dict[str, str],
) -> list[dict[str, Any]]:  # fmt: skip
    head, cols = found
    units = {
        f: _unit(reader.text(head, c), default_unit)
        for f, c in cols.items()
        if f in ("initial", "planned", "executed")
    }
    lines: list[dict[str, Any]] = []
    for r in range(head + 1, stop):
        texts = {f: reader.text(r, c) for f, c in cols.items()}
        name = texts.get("name", "")
        amounts = [texts.get(f, "") for f in ("initial", "planned", "executed")]
        if not any(amounts):
            continue
        if _key(name) in _TOTAL:
            continue
        if r == head + 1 and texts.get("points"):
            declared["execution_score"] = texts["points"]
            cells[("declared", "execution_score")] = reader.ref(r, cols["points"])
        i = len(lines)
        line: dict[str, Any] = {"name": name or f"budget {i + 1}"}
        for f in ("initial", "planned", "executed"):
            if f in cols and (texts[f] or f != "initial"):
                line[f] = f"{texts[f]} {units[f]}" if texts[f] else ""
                cells[("budget", i, f)] = reader.ref(r, cols[f])
        cells[("budget", i)] = reader.ref(r, cols.get("name", 1))
        lines.append(line)
    return lines


def _locate(
    err: InvalidValueError, cells: Mapping[tuple[str | int, ...], str]
) -> InvalidValueError:
    path = tuple(err.path)
    for n in range(len(path), 0, -1):
        ref = cells.get(path[:n])
        if ref is not None:
            return CellError(err.reason, (ref,))
    return err


def read_xlsx(
    source: str | Path | IO[bytes],
    *,
    sheet: str | None = None,
    amount_unit: str = "万元",
    year: int | None = None,
    scheme: str | None = None,
) -> Evaluation:
    """
    Read a 自评表 (``.xlsx``) as an Evaluation.

    Args:
        source: a path or a binary file.
        sheet: the sheet to read; by default the first with an indicator table.
        amount_unit: the unit of budget amounts whose header names none (``万元``).
        year: used when the workbook does not say (and overrides it when given).
        scheme: used when the workbook does not say (and overrides it when given).

    Raises:
        InvalidInputError: every unreadable cell or bad value, each named by its cell
            (``自评表!E7: not a number``).

    .. versionadded:: 0.2.0
    """
    data, cells, unreadable = xlsx_data(source, sheet=sheet, amount_unit=amount_unit)
    if year is not None:
        data["year"] = year
    if scheme is not None:
        data["scheme"] = scheme
    errors: list[InvalidValueError] = list(unreadable)
    if "year" not in data:
        errors.append(
            InvalidValueError(
                "no year in the workbook (a 年度 cell or a year in the title): pass year=",
                ("year",),
            )
        )
    if "department" not in data:
        data["department"] = {"name": ""}
    try:
        evaluation = from_data(data)
    except InvalidInputError as e:
        errors += [_locate(x, cells) for x in e.errors]
        evaluation = None
    if errors or evaluation is None:
        raise InvalidInputError(errors)
    return evaluation
