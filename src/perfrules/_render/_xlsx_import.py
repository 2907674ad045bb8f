"""
Read a 自评表 workbook back into the input format.

The common column layout is recognized by its headers, in Chinese or English, wherever the
header row is: 一级指标, 二级指标, 三级指标, 分值, 年度指标值, 实际完成值, 得分,
偏差原因分析及改进措施 (and usual variants such as 指标值, 全年实际值, 偏差原因). Level cells
merged over several rows apply to each row. A budget block (年初预算数, 全年预算数, 全年执行数,
with the amount unit in the header, e.g. 全年预算数（万元）), the unit's name, the year, the scheme
and the 总分 / 等级 rows are read when present. A header may span up to four rows (merged
cells); 改进措施, 指标性质 and 度量单位 columns are folded into the row.

A stated 执行率 is checked against the amounts of its rows, each known to half its last shown
digit (forms show 万元 rounded, the rate computed from the exact yuan): one that no amounts within
those bounds give, rounded half-up or truncated to its decimals, is a finding
(``xlsx-rate-mismatch``) of the evaluation.
A number is read as the number Excel shows, exactly: ``0.95`` under ``0%`` reads ``95%``, yuan
under ``0!.0000`` read in 万元.

Every value is then checked by the loader; an error names its cell: ``自评表!E7: not a number``.
Excel keeps numbers as binary doubles: a numeric cell is read as the shortest decimal that
Excel's number denotes (what was typed, up to 15 significant digits). Text cells are exact.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import IO, Any, NamedTuple

from perfrules._catalogue import finding
from perfrules._load import from_data
from perfrules._model import Evaluation, Finding
from perfrules._quantity import Fixed, Money, Ratio
from perfrules._render._xlsx import require_openpyxl
from perfrules.errors import InvalidInputError, InvalidValueError

__all__ = ["CellError", "read_xlsx", "xlsx_data"]

#: Header texts for each column (normalized: no spaces, full-width folded), longest first.
HEADERS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "level-1indicator"),
    "level2": ("二级指标", "level-2indicator"),
    "name": ("三级指标", "指标名称", "level-3indicator"),
    "weight": ("指标分值", "分值", "权重", "标准分值", "标准分", "满分", "weight"),
    "target": ("年度指标值", "年度目标值", "指标值", "目标值", "annualtarget"),
    "actual": ("实际完成值", "全年实际值", "实际完成情况", "实际值", "完成值", "actual"),
    "points": ("自评得分", "得分", "实际得分", "评价得分", "考核得分", "自评分", "points"),
    "reason": (
        "偏差原因分析及改进措施",
        "偏差原因分析",
        "偏差原因",
        "原因分析",
        "未完成原因分析",
        "未完成原因",
        "reasonfordeviation",
    ),
    "measure": ("改进措施", "整改措施", "improvementmeasure"),
    # 四川: 指标性质 (≥ ≤ =) and 度量单位 columns beside a bare 指标值
    "sign": ("指标性质", "指标方向", "比较符"),
    "unit": ("度量单位", "计量单位", "unitofmeasure"),
}
BUDGET_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("预算项目", "资金来源", "项目", "budgetline"),
    "initial": ("年初预算", "年初数", "initialbudget"),
    "planned": ("全年预算", "调整后预算", "预算数", "full-yearbudget"),
    "executed": ("全年执行数", "预算执行数", "执行数", "实际执行数", "实际支出数", "executed"),
    "weight": ("分值", "权重", "weight"),
    "rate": ("执行率", "预算执行率", "资金执行率", "executionrate"),
    "points": ("得分", "自评得分", "points"),
    "reason": ("偏差原因", "原因", "未完成原因", "reason"),
}
_LABELS = {
    "name": (
        "部门（单位）名称",
        "部门(单位)名称",
        "部门名称",
        "单位名称",
        "实施单位",
        "填报单位",
        "department(unit)",
        "department",
    ),
    "supervisor": ("主管部门", "主管单位"),
    "project": ("项目名称",),
    "year": ("年度", "year"),
    "scheme": ("评分方案", "scheme"),
}
_TOTAL = ("总分", "合计", "总计", "得分合计", "自评总分", "总得分", "totalscore", "total")
_GRADE = ("等级", "评价等级", "自评等级", "绩效等级", "评定等级", "grade")
_STOP = ("注:", "说明:", "note:", "notes:")
_STOP_EXACT = ("核查发现", "findings")
_SUBTOTAL = ("小计", "subtotal")
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
#: A cell that is only a year, as under a title: ``（2020年度）``, ``2021年``.
_YEAR_CELL = re.compile(r"[(]?((?:19|20|21)\d{2})年度?[)]?")
#: An amount unit stated for a block or a sheet: ``单位：万元``, ``（金额单位：元）``.
_UNIT_CELL = re.compile(r"[(]?(?:金额)?单位:(元|万元|亿元|千元)[)]?")


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


class Shown(NamedTuple):
    """How a number format shows a number."""

    percent: bool  #: a percent sign is shown
    exponent: int  #: the number shown is the cell's number × 10**exponent
    decimals: int | None  #: digits shown after the decimal point; None for General


#: The tokens of a number format: quoted text, escaped characters (\x, !x), padding (_x),
#: fills (*x), brackets ([Red], [$-804], [>=100]), or one character.
_FORMAT_TOKEN = re.compile(r'"[^"]*"|[\\!_*].|\[[^\]]*\]|.', re.DOTALL)


def shown(number_format: str) -> Shown:
    """
    How *number_format* shows a number; the first section (positive numbers) decides.

    A ``%`` outside quotes and escapes scales by 100 (``0.00%``); a quoted or escaped one
    (``0"%"``, ``0\\%``) is only shown. Commas after the last digit scale by 1/1000 each
    (``#,##0.00,``), and a literal point between digits shows the number shifted by the digits
    after it: ``0!.0000`` and ``0"."0000`` show yuan as 万元 (12345678 as 1234.5678).

    >>> shown("0.00%"), shown('0"."0000')
    (Shown(percent=True, exponent=2, decimals=2), Shown(percent=False, exponent=-4, decimals=4))
    >>> shown("#,##0.00,,"), shown("General")
    (Shown(percent=False, exponent=-6, decimals=2), Shown(percent=False, exponent=0, decimals=None))
    """
    percent, exponent = False, 0
    digits = point = shifted = commas = 0
    for part in _FORMAT_TOKEN.findall(number_format.split(";", maxsplit=1)[0]):
        literal = part[1:-1] if part[0] == '"' else part[1:] if part[0] in "\\!" else None
        if literal is not None:
            percent = percent or "%" in literal
            if literal == "." and digits and not point:
                shifted = -1  # digits placed from here on are after the literal point
            continue
        if part in "0#?":
            digits += 1
            commas = 0
            if point:
                point += 1
            elif shifted:
                shifted -= 1
        elif part == "%":
            percent, exponent = True, exponent + 2
        elif part == "." and not point:
            point = 1
        elif part == ",":
            commas += 1
        elif part in "Ee@" or part.lower() == "g":
            return Shown(percent, exponent, None)  # General, text or scientific: as typed
    shift = -shifted - 1 if shifted else 0
    decimals = (max(point - 1, 0) + shift) if digits else None
    return Shown(percent, exponent - 3 * commas - shift, decimals)


def _number_text(value: float | Decimal, how: Shown) -> str:
    """The number Excel shows for *value*, exactly (not rounded to the shown decimals)."""
    d = (value if isinstance(value, Decimal) else Decimal(repr(value))).scaleb(how.exponent)
    s = format(d.normalize(), "f") if d != 0 else "0"
    return s + ("%" if how.percent else "")


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
    reader: _Reader, table: Mapping[str, tuple[str, ...]], need: tuple[str, ...], start: int = 1
) -> tuple[int, int, dict[str, int]] | None:
    """
    The first header with the *need* columns: (its first row, its last row, the column of each
    field). A header may span up to four rows (a title over it all, ``绩效指标`` over 一级指标 |
    二级指标 | 三级指标, ``偏差原因分析及改进措施`` over 偏差原因 | 改进措施, the other headers
    merged down or written once in their top row): a column is named by its lowest text that
    names a field. The header ends at the first row where the *need* columns are named, and
    spans as few rows as that takes.
    """
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
            if all(n in cols for n in need):
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
    reader: _Reader, found: tuple[int, int, dict[str, int]], amount_unit: str
) -> tuple[dict[str, Any], dict[tuple[str | int, ...], str]]:
    start, head, cols = found
    cells: dict[tuple[str | int, ...], str] = {}
    data: dict[str, Any] = {}
    declared: dict[str, str] = {}
    findings: list[dict[str, Any]] = []
    amount_unit = _info(reader, start, data, cells) or amount_unit
    budget_head = _header(reader, BUDGET_HEADERS, ("planned", "executed"))
    if budget_head is not None and budget_head[1] < start:
        data["budget"] = _budget(
            reader, budget_head, stop=start, default_unit=amount_unit, cells=cells,
            declared=declared, findings=findings,
        )  # fmt: skip

    # a row's label: its first own text in the level columns or in a column of no field left
    # of them (总分, 等级, 注：… may sit under a merged 绩效指标 cell)
    levels = [c for f, c in cols.items() if f in ("level1", "level2", "name")]
    label_cols = [c for c in range(1, max(levels) + 1) if c in levels or c not in cols.values()]
    indicators: list[dict[str, Any]] = []
    totalled = False
    for r in range(head + 1, reader.ws.max_row + 1):
        own = {f: reader.text(r, c, record=False) for f, c in cols.items()}
        at = next((c for c in label_cols if reader.text(r, c, record=False)), None)
        label = reader.text(r, at, record=False) if at is not None else ""
        k, _, after = _key(label).partition(":")
        if k in _GRADE:
            _grade(
                reader,
                r,
                cols,
                at,
                same_cell=label if after else "",
                declared=declared,
                cells=cells,
            )
            continue
        if not any(own.values()):
            continue  # a spacer row, or the lower rows of merged level cells
        if totalled or k.startswith(_STOP) or k in _STOP_EXACT:
            break  # what follows the 总分 row (signatures, dates, notes) is not the table
        if k in _TOTAL:
            totalled = True
            if "points" in cols and reader.text(r, cols["points"]):
                declared["total"] = reader.text(r, cols["points"])
                cells[("declared", "total")] = reader.ref(r, cols["points"])
            continue
        if k.endswith(_SUBTOTAL):
            continue
        texts = {f: reader.text(r, c, merged=f in ("level1", "level2")) for f, c in cols.items()}
        extra = {f: texts.pop(f, "") for f in ("measure", "sign", "unit")}
        _combine(texts, **extra)
        i = len(indicators)
        row: dict[str, Any] = {}
        for column, c in cols.items():
            if column not in texts:
                continue
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
    if findings:
        data["findings"] = findings
    return data, cells


_SIGNS = ("≥", "≤", "=", ">", "<", "≧", "≦", "定性")
_BARE_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?")


def _combine(texts: dict[str, str], *, measure: str, sign: str, unit: str) -> None:
    """
    Fold the columns some forms add into the input's fields: a 指标性质 sign (``≥``) before a
    target that has none, a 度量单位 after a bare number, and the 改进措施 after the reason.
    """
    sign = unicodedata.normalize("NFKC", sign).strip()
    target = texts.get("target", "")
    if sign in _SIGNS and sign != "定性" and target and not target.startswith(_SIGNS):
        texts["target"] = sign + target
    if unit:
        for f in ("target", "actual"):
            t = texts.get(f, "")
            if _BARE_NUMBER.fullmatch(_key(t).lstrip("".join(_SIGNS))):
                texts[f] = t + unit
    if measure and _key(measure) not in _NOT_APPLICABLE:
        reason = texts.get("reason", "")
        texts["reason"] = f"{reason}；改进措施：{measure}" if reason else f"改进措施：{measure}"


def _grade(
    reader: _Reader, row: int, cols: dict[str, int], at: int | None, *, same_cell: str,
    declared: dict[str, str], cells: dict[tuple[str | int, ...], str],
) -> None:  # fmt: skip
    """
    The declared grade of a 等级 row: in the 得分 column, else in the first cell right of the
    label (``评价等级 | 优`` merged across the table), or after a colon (``评价等级：优``).
    """
    if same_cell and at is not None:
        value = re.split("[:：]", same_cell, maxsplit=1)[1].strip()
        if value:
            declared["grade"] = value
            cells[("declared", "grade")] = reader.ref(row, at)
        return
    where = [cols["points"]] if "points" in cols else []
    where += range((at or 0) + 1, reader.ws.max_column + 1)
    for c in where:
        value = reader.text(row, c, record=False)
        if value:
            declared["grade"] = value
            cells[("declared", "grade")] = reader.ref(row, c)
            return


def _label(text: str) -> tuple[str | None, str]:
    """The info field a cell labels, and the value written in the same cell after a colon."""
    k = _key(text)
    name, sep, _ = k.partition(":")
    for field, labels in _LABELS.items():
        if name in labels:
            value = text.split("：", 1)[-1] if "：" in text else text.split(":", 1)[-1]
            return field, value.strip() if sep else ""
    return None, ""


def _info(
    reader: _Reader, head: int, data: dict[str, Any], cells: dict[tuple[str | int, ...], str]
) -> str | None:
    """
    The unit's name, its 主管部门, the year, the scheme and the kind, from the rows above the
    table; returns the amount unit a ``单位：万元`` cell there states.
    """
    title = ""
    unit: str | None = None
    year_cell: int | None = None
    project = False
    found: dict[str, tuple[str, str]] = {}
    for r in range(1, head):
        texts = reader.row_texts(r)
        for c, t in enumerate(texts):
            if not t:
                continue
            title = title or t
            k = _key(t)
            m = _UNIT_CELL.fullmatch(k)
            if m:
                unit = unit or _UNITS[m.group(1)]
                continue
            m = _YEAR_CELL.fullmatch(k)
            if m and year_cell is None:
                year_cell = int(m.group(1))
            field, value = _label(t)
            if field is None:
                continue
            ref = reader.ref(r, c + 1)
            if not value:
                value_col = next((j for j in range(c + 1, len(texts)) if texts[j]), None)
                if value_col is None or _label(texts[value_col])[0] is not None:
                    continue
                value, ref = texts[value_col], reader.ref(r, value_col + 1)
            if field == "project":
                project = True
            elif field not in found:
                found[field] = (value, ref)
    supervisor = found.get("supervisor")
    name = found.get("name") or supervisor
    if name is not None:
        data["department"] = {"name": name[0]}
        cells[("department", "name")] = name[1]
        if supervisor is not None and found.get("name") is not None:
            data["department"]["supervisor"] = supervisor[0]
            cells[("department", "supervisor")] = supervisor[1]
    if "year" in found:
        data["year"], cells[("year",)] = found["year"]
    if "scheme" in found:
        data["scheme"], cells[("scheme",)] = found["scheme"]
    if "year" not in data:
        m = _YEAR.search(title)
        if m:
            data["year"] = int(m.group(0))
        elif year_cell is not None:
            data["year"] = year_cell
    t = _key(title)
    data["kind"] = (
        "project"
        if "项目支出" in t or "project" in t or (project and "部门整体" not in t)
        else "department"
    )
    return unit


class _Rate(NamedTuple):
    """A stated execution rate: as the form shows it, and what it may mean in percent."""

    text: str
    percents: tuple[Fixed, ...]  #: one, or two when a bare number may be a fraction of 1
    general: bool  #: a number shown as typed (General): it may be a formula's binary result


def _stated_rate(reader: _Reader, row: int, col: int, *, percent_header: bool) -> _Rate | None:
    """
    The rate a cell states, as Excel shows it: a number under ``0.00%`` rounded half-up to the
    format's decimals, a text ``98.35%`` exactly. A bare number (``0.9835``, ``98.35``) is a
    percent under a ``执行率（%）`` header, else either a fraction of 1 or a percent.
    """
    cell = reader.ws.cell(row=row, column=col)
    v = cell.value
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        how = shown(str(cell.number_format))
        d = (v if isinstance(v, Decimal) else Decimal(repr(v))).scaleb(how.exponent)
        if how.decimals is not None:
            d = d.quantize(Decimal(1).scaleb(-how.decimals), rounding=ROUND_HALF_UP)
        number, percent = format(d, "f"), how.percent
        text = number + ("%" if percent else "")
    elif isinstance(v, str):
        text = v.strip()
        number = _key(text).rstrip("%")
        percent = number != _key(text)
    else:
        return None
    try:
        value = Fixed.parse(number)
    except InvalidValueError:
        return None
    general = not isinstance(v, str) and shown(str(cell.number_format)).decimals is None
    if percent or percent_header:
        return _Rate(text, (value,), general)
    return _Rate(text, (value, Fixed(value.units * 100, value.places)), general)


def _rate_fits(
    rate: Fixed, planned: tuple[Fraction, Fraction], executed: tuple[Fraction, Fraction]
) -> bool:
    """
    Whether *rate* (percent) can be executed / planned rounded half-up, or truncated, to its
    decimals, for some amounts within their bounds (in fen, as :func:`_shown_amount` gives them).
    """
    (p_low, p_high), (e_low, e_high) = planned, executed
    if p_low <= 0:
        return True  # a planned amount shown as 0.x may be as small as you like
    rates = [e * 100 / p for e in (e_low, e_high) for p in (p_low, p_high)]
    step = Fraction(1, 10**rate.places)
    r = rate.as_fraction()
    # half-up gives r for a rate in [r - step/2, r + step/2), truncation for one in [r, r + step)
    return r - step / 2 <= max(rates) and min(rates) < r + step


_UNIT_FEN = {"元": 100, "千元": 10**5, "万元": 10**6, "亿元": 10**10}


def _shown_amount(value: object, number_format: str, unit: str) -> tuple[Fraction, Fraction] | None:
    """
    The bounds, in fen, of the amount a cell shows in *unit* (or in its text's own unit).

    Forms show amounts rounded (2066.22 万元) and compute the rate from the exact yuan: an amount
    written with k decimals is known to ±½·10⁻ᵏ of its unit. The decimals are the ones Excel
    shows: the number format's (``0.00``), for General those of the number as typed; a text's
    as written. The bounds are about the number shown, rounded half-up to the format's decimals.

    >>> _shown_amount(2066.22, "General", "万元") == (Fraction(2066215000), Fraction(2066225000))
    True
    >>> _shown_amount("120元", "General", "万元") == (Fraction(11950), Fraction(12050))
    True
    """
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        how = shown(number_format)
        if how.percent:
            return None
        d = (value if isinstance(value, Decimal) else Decimal(repr(value))).scaleb(how.exponent)
        if how.decimals is None:
            places = max(-int(d.normalize().as_tuple().exponent), 0)
        else:
            places = how.decimals
            d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        number = Fraction(d)
    elif isinstance(value, str):
        k = _key(value).lstrip("¥￥")
        own = next((u for u in ("万元", "亿元", "千元", "元") if k.endswith(u)), None)
        if own is not None:
            k, unit = k.removesuffix(own), own
        try:
            fixed = Fixed.parse(k)
        except InvalidValueError:
            return None
        number, places = fixed.as_fraction(), fixed.places
    else:
        return None
    if unit not in _UNIT_FEN:
        return None
    half = Fraction(_UNIT_FEN[unit], 2 * 10**places)
    return number * _UNIT_FEN[unit] - half, number * _UNIT_FEN[unit] + half


def _amount(text: str, unit: str) -> str:
    """An amount cell's text with its unit: the cell's own (``120万元``), else *unit*."""
    return text if _key(text).endswith(tuple(_UNITS.values())) else f"{text} {unit}"


class _Row(NamedTuple):
    row: int
    kind: str  # "line", "part" (其中 …), "total" (合计) or "unfilled" (a total left at zero)
    fen: dict[str, int]  # the amounts that parse, in fen
    bounds: dict[str, tuple[Fraction, Fraction]]  # the same amounts' bounds as shown, in fen
    name: str  # the row's label, without a trailing colon
    at: int  # the label's column
    amounts: dict[str, str]  # the amount cells' texts ('' for none, 不适用 or —)


_TRAILING_COLON = re.compile(r"[\s:：]+$")
_SUCH_AS = re.compile(r"^其中[\s:：]*")


def _zero(row: _Row) -> bool:
    """Whether every amount of *row* is written and 0."""
    return (
        bool(row.fen)
        and len(row.fen) == sum(map(bool, row.amounts.values()))
        and not any(row.fen.values())
    )


def _unfilled(rows: list[_Row]) -> list[_Row]:
    """
    *rows* with a total left at zero (real forms leave it unfilled) marked ``unfilled``: a line
    all zeros whose 其中 rows carry amounts, those rows then the lines, or an all-zero 合计 row
    while the other rows carry amounts.
    """
    out = list(rows)
    for i, x in enumerate(rows):
        if not _zero(x):
            continue
        if x.kind == "line":
            j = i + 1
            while j < len(rows) and rows[j].kind == "part":
                j += 1
            if any(any(y.fen.values()) for y in rows[i + 1 : j]):
                out[i] = x._replace(kind="unfilled")
                for k in range(i + 1, j):
                    out[k] = rows[k]._replace(kind="line", name=_SUCH_AS.sub("", rows[k].name))
        elif x.kind == "total" and any(any(y.fen.values()) for y in rows if y is not x):
            out[i] = x._replace(kind="unfilled")
    return out


def _budget(
    reader: _Reader, found: tuple[int, int, dict[str, int]], *, stop: int, default_unit: str,
    cells: dict[tuple[str | int, ...], str], declared: dict[str, str], findings: list[dict[str, Any]],
) -> list[dict[str, Any]]:  # fmt: skip
    """
    The budget lines under the budget header. The unit of an amount column is its header's
    (``全年预算数（万元）``), else the one the block's label states (``项目资金（万元）``), else
    *default_unit*. A line's name is its first text left of the amounts, without a trailing
    colon. Rows from ``其中：…`` on break the line above down and are not lines of their own,
    unless that line is all zeros while they carry amounts (the form leaves its total unfilled):
    then they are the lines, and the total a warning (``xlsx-total-unfilled``), as is a 合计 row
    left at zero. The block ends at a row with text but no amount.

    A 执行率 cell is checked against the amounts of its row, or of the rows it is merged over;
    a rate that is not theirs is a finding. The rate of the whole block (the 合计 row's, the only
    line's, or one merged over every line) is the declared execution rate. The 执行率 of a row
    labelled 执行率 is the whole block's.
    """
    _, head, cols = found
    amount_cols = [c for f, c in cols.items() if f in ("initial", "planned", "executed")]
    block_unit = next(
        (
            _unit(t, "")
            for c in range(1, reader.ws.max_column + 1)
            if c not in amount_cols
            and (t := reader.text(head, c, merged=True, record=False))
            and _unit(t, "")
        ),
        default_unit,
    )
    units = {
        f: _unit(reader.text(head, c, merged=True, record=False), block_unit)
        for f, c in cols.items()
        if f in ("initial", "planned", "executed")
    }
    percent_header = "rate" in cols and "%" in _key(
        reader.text(head, cols["rate"], merged=True, record=False)
    )
    rows: list[_Row] = []
    rate_rows: list[tuple[int, int]] = []  # (row, column) of a 执行率 row's value
    breakdown = False
    for r in range(head + 1, stop):
        own = [reader.text(r, c, record=False) for c in range(1, reader.ws.max_column + 1)]
        left = min(amount_cols) - 1
        at, name = next(((c, t) for c, t in enumerate(own[:left], 1) if t), (1, ""))
        if _match(name, {"rate": BUDGET_HEADERS["rate"]}):
            at = next((c for c in range(at + 1, len(own) + 1) if own[c - 1]), 0)
            if at:
                rate_rows.append((r, at))
            continue
        amounts: dict[str, str] = {
            f: "" if _key(t := reader.text(r, cols[f], record=False)) in _NOT_APPLICABLE else t
            for f in ("initial", "planned", "executed")
            if f in cols
        }
        has_line = any(x.kind == "line" for x in rows)
        if not any(amounts.values()):
            if has_line and any(own):
                break
            continue
        fen: dict[str, int] = {}
        bounds: dict[str, tuple[Fraction, Fraction]] = {}
        for f, t in amounts.items():
            with contextlib.suppress(InvalidValueError):  # the loader reports it for a line
                fen[f] = Money.parse(_amount(t, units[f])).fen
                cell = reader.ws.cell(row=r, column=cols[f])
                shown_at = _shown_amount(cell.value, str(cell.number_format), units[f])
                if shown_at is not None:
                    bounds[f] = shown_at
        k = _key(name).rstrip(":")
        if has_line and k.startswith("其中"):
            breakdown = True
        kind = "total" if k in _TOTAL else "part" if breakdown else "line"
        rows.append(_Row(r, kind, fen, bounds, _TRAILING_COLON.sub("", name), at, amounts))
        if kind != "line":
            continue
        if not has_line and "points" in cols and reader.text(r, cols["points"]):
            declared["execution_score"] = reader.text(r, cols["points"])
            cells[("declared", "execution_score")] = reader.ref(r, cols["points"])
        if "reason" in cols and "execution_reason" not in declared:
            reason = reader.text(r, cols["reason"], merged=True, record=False)
            if reason and _key(reason) not in _NOT_APPLICABLE:
                declared["execution_reason"] = reason
    rows = _unfilled(rows)
    lines: list[dict[str, Any]] = []
    for x in rows:
        if x.kind == "unfilled":
            ref = reader.ref(x.row, x.at)
            unfilled = finding("xlsx-total-unfilled", location=ref, cell=ref, row=x.name)
            findings.append(_finding_data(unfilled))
        if x.kind != "line":
            continue
        texts = {f: reader.text(x.row, cols[f]) for f in x.amounts}  # unreadable ones reported
        i = len(lines)
        line: dict[str, Any] = {"name": x.name or f"budget {i + 1}"}
        for f in ("initial", "planned", "executed"):
            if f in cols and (x.amounts[f] or f != "initial"):
                line[f] = _amount(texts[f], units[f]) if x.amounts[f] else ""
                cells[("budget", i, f)] = reader.ref(x.row, cols[f])
        cells[("budget", i)] = reader.ref(x.row, cols.get("name", 1))
        lines.append(line)
    _check_rates(
        reader,
        rows,
        cols,
        rate_rows,
        percent_header=percent_header,
        declared=declared,
        findings=findings,
    )
    return lines


def _check_rates(
    reader: _Reader, rows: list[_Row], cols: dict[str, int], rate_rows: list[tuple[int, int]], *,
    percent_header: bool, declared: dict[str, str], findings: list[dict[str, Any]],
) -> None:  # fmt: skip
    """Check each 执行率 cell against the rows it covers; the whole block's is declared."""
    lines = [x.row for x in rows if x.kind == "line"]
    cells: list[tuple[int, int, list[_Row]]] = [(r, c, rows) for r, c in rate_rows]
    if "rate" in cols:
        seen: set[tuple[int, int]] = set()
        for x in rows:
            top = reader.merged.get((x.row, cols["rate"]), (x.row, cols["rate"]))
            if top in seen:
                continue
            seen.add(top)
            last = reader.extent.get(top, top)[0]
            cells.append((*top, [y for y in rows if top[0] <= y.row <= last]))
    for r, c, covered in cells:
        rate = _stated_rate(reader, r, c, percent_header=percent_header)
        if rate is None or not covered:
            continue
        totals = [y for y in covered if y.kind == "total"]
        scope = totals[:1] or [y for y in covered if y.kind == "line"] or covered
        if any(not {"planned", "executed"} <= y.fen.keys() & y.bounds.keys() for y in scope):
            continue
        planned = sum(y.fen["planned"] for y in scope)
        executed = sum(y.fen["executed"] for y in scope)
        whole = bool(totals) or (bool(lines) and {y.row for y in scope} == set(lines))
        if planned <= 0:
            continue
        exact = Fraction(executed * 100, planned)
        planned_at, executed_at = (
            (
                sum((y.bounds[f][0] for y in scope), Fraction()),
                sum((y.bounds[f][1] for y in scope), Fraction()),
            )
            for f in ("planned", "executed")
        )
        fits = [
            p
            for p in rate.percents
            if _rate_fits(p, planned_at, executed_at)
            # a General number may also be the binary result of a formula (within 2**-50)
            or (rate.general and abs(p.as_fraction() - exact) <= abs(exact) / 2**50)
        ]
        meant = fits[0] if fits else min(rate.percents, key=lambda p: abs(p.as_fraction() - exact))
        if whole and "execution_rate" not in declared:
            declared["execution_rate"] = str(meant)
        if not fits:
            ref = reader.ref(r, c)
            f = finding(
                "xlsx-rate-mismatch", location=ref, cell=ref, stated=rate.text,
                executed=Money(executed), planned=Money(planned),
                computed=Ratio(executed, planned).percent(max(meant.places, 2)),
            )  # fmt: skip
            findings.append(_finding_data(f))


def _finding_data(f: Finding) -> dict[str, Any]:
    """A finding as the input format writes it."""
    return {
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "location": f.location,
        "message_en": f.message_en,
    }


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
