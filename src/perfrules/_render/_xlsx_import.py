"""
Read a 自评表 workbook back into the input format.

The common column layout is recognized by its headers, in Chinese or English, wherever the
header row is: 一级指标, 二级指标, 三级指标, 分值, 年度指标值, 实际完成值, 得分,
偏差原因分析及改进措施 (and usual variants such as 指标值, 全年实际值, 偏差原因). Level cells
merged over several rows apply to each row. A budget block (年初预算数, 全年预算数, 全年执行数,
with the amount unit in the header, e.g. 全年预算数（万元）), the unit's name, the year, the scheme
and the 总分 / 等级 rows are read when present. A header may span up to four rows (merged
cells); 改进措施, 指标性质 and 度量单位 columns are folded into the row. A budget block may also
be laid out side by side (``年度预算数 | 120 | 执行数 | 118``). A reason that is still the
template's instruction (``说明偏离目标…``, ``请说明…``) is empty. A 年度主要任务 block
(``任务名称 | 主要内容 | 预算数 | 执行数``) gives the key tasks, never budget lines. Template rows
left unfilled (``指标2``, ``……``) and the header written again are no indicators; a second form
stacked under the first on a sheet is a warning (``xlsx-more-forms``).

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

import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from perfrules._catalogue import finding
from perfrules._load import from_data
from perfrules._model import Evaluation
from perfrules._render._xlsx import require_openpyxl
from perfrules._render._xlsx_budget import (
    _METHOD,
    _budget,
    _finding_data,
    _pair_budget,
)
from perfrules._render._xlsx_info import _info
from perfrules._render._xlsx_sheet import (
    _NOT_APPLICABLE,
    _TOTAL,
    CellError,
    _header,
    _instruction,
    _key,
    _match,
    _Reader,
)
from perfrules._render._xlsx_tasks import _budget_header
from perfrules.errors import InvalidInputError, InvalidValueError

__all__ = ["CellError", "read_xlsx", "xlsx_data"]

#: Header texts for each column (normalized: no spaces, full-width folded), longest first.
HEADERS: dict[str, tuple[str, ...]] = {
    "level1": ("一级指标", "level-1indicator"),
    "level2": ("二级指标", "level-2indicator"),
    "name": ("三级指标", "指标名称", "level-3indicator"),
    "weight": ("指标分值", "分值", "权重", "指标权重", "标准分值", "标准分", "满分", "weight"),
    "target": (
        "年度指标值",
        "年度目标值",
        "指标值",
        "目标值",
        "绩效目标值",
        "绩效指标值",
        "年初指标值",
        "annualtarget",
    ),
    # 重庆: 年初指标值 | 调整指标值, the adjusted target when filled
    "target_adjusted": ("调整指标值", "调整后指标值", "全年调整指标值"),
    "actual": (
        "实际完成值",
        "全年实际值",
        "实际完成情况",
        "实际值",
        "完成值",
        "全年完成值",
        "actual",
    ),
    "coefficient": ("得分系数",),  # 重庆: points / weight in %, not points
    "method": _METHOD,  # 贵州: 得分计算方法 (B/A*分值), not points
    "points": (
        "指标得分",
        "自评得分",
        "得分",
        "实际得分",
        "评价得分",
        "考核得分",
        "自评分",
        "points",
    ),
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
    "core": ("是否核心指标", "核心指标"),
}
_GRADE = ("等级", "评价等级", "自评等级", "绩效等级", "评定等级", "grade")
_STOP = ("注:", "说明:", "备注:", "note:", "notes:")
#: What may follow the table: its findings, the 四川 sections, signatures and dates.
_STOP_EXACT = ("核查发现", "findings", "评价结论", "存在问题", "改进措施", "项目负责人",
               "财务负责人", "单位负责人", "填表人", "填报人", "审核人", "联系人", "联系电话",
               "填报日期", "填表日期")  # fmt: skip
#: A form's title, with no values in its row: the next form on the sheet (部门预算项目支出
#: 绩效自评表(2023年度)), not an indicator named 自评表报送及时率.
_FORM_TITLE = re.compile(r"(?:自评|评价)表")
_VALUES = ("weight", "target", "actual", "points")
_SUBTOTAL = ("小计", "subtotal")


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
    name = getattr(source, "name", str(source))
    wb = _workbook(source)
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
    for ws in candidates:
        # a table that states only the points of its indicators (湖南: 三级指标 | 年初目标值(A) |
        # 实际完成值(B) | 得分): no weights to score them by, named at its header
        reader = _Reader(ws)
        scored = _header(reader, HEADERS, ("name", "points"))
        if scored is not None:
            raise InvalidInputError(
                [
                    CellError(
                        "an indicator table with no 分值 (weight) column: "
                        "add the weight of each indicator",
                        (reader.ref(scored[1], scored[2]["name"]),),
                    )
                ]
            )
    raise InvalidInputError(
        [InvalidValueError(f"{name}: no indicator table (a header row with 三级指标 and 分值)")]
    )


#: The first bytes of an Excel 97–2003 workbook (an OLE2 compound file).
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _workbook(source: str | Path | IO[bytes]) -> Any:
    """
    The workbook in *source*, by its content, not its name: an .xlsx saved as ``.xls`` reads.
    An Excel 97–2003 ``.xls`` or a web page saved with an Excel name (as sites export their
    tables) is an error saying how to convert it.
    """
    openpyxl = require_openpyxl()
    from openpyxl.utils.exceptions import InvalidFileException

    name = getattr(source, "name", str(source))
    try:
        data = Path(source).read_bytes() if isinstance(source, (str, Path)) else source.read()
    except OSError as e:
        raise InvalidInputError([InvalidValueError(f"cannot read {name}: {e}")]) from None
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(_OLE2):
        reason = "it is an Excel 97-2003 workbook (.xls): save it as .xlsx (Excel or WPS: 另存为)"
    elif head.startswith(b"<") or b"<table" in head or b"<html" in head:
        reason = "it is a web page (an HTML table) with an Excel name: open it in Excel or WPS and save it as .xlsx"
    else:
        try:
            return openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        except (OSError, zipfile.BadZipFile, KeyError, ValueError, InvalidFileException) as e:
            reason = str(e)
    raise InvalidInputError(
        [InvalidValueError(f"cannot read {name} as an .xlsx workbook: {reason}")]
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
    if "total" in data:  # stated above the table; a 总分 row in it comes after, and wins
        declared["total"] = data.pop("total")
    pairs = _pair_budget(
        reader, stop=start, default_unit=amount_unit, cells=cells, declared=declared,
        findings=findings,
    )  # fmt: skip
    budget_head = _budget_header(reader, stop=start, data=data, cells=cells)
    if pairs is not None:
        data["budget"] = pairs
    elif budget_head is not None:
        data["budget"] = _budget(
            reader, budget_head[0], stop=budget_head[1], default_unit=amount_unit, cells=cells,
            declared=declared, findings=findings, first=budget_head[2],
        )  # fmt: skip

    # a row's label: its first own text in the level columns or in a column of no field left
    # of them (总分, 等级, 注：… may sit under a merged 绩效指标 cell)
    levels = [c for f, c in cols.items() if f in ("level1", "level2", "name")]
    label_cols = [c for c in range(1, max(levels) + 1) if c in levels or c not in cols.values()]
    indicators: list[dict[str, Any]] = []
    totalled = template = False
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
        if (
            totalled
            or _key(label).startswith(_STOP)
            or k in _STOP_EXACT
            or (_FORM_TITLE.search(k) and not any(own.get(f) for f in _VALUES))
        ):
            # what follows the 总分 row (signatures, dates, notes) is not the table; another
            # form below it (forms stacked on one sheet) is not read, and said so
            if (more := _header(reader, HEADERS, ("name", "weight"), r)) is not None:
                ref = reader.ref(more[0], min(more[2].values()))
                findings.append(_finding_data(finding("xlsx-more-forms", location=ref, cell=ref)))
            break
        if k in _TOTAL:
            totalled = True
            if "points" in cols and reader.text(r, cols["points"]):
                declared["total"] = reader.text(r, cols["points"])
                cells[("declared", "total")] = reader.ref(r, cols["points"])
            continue
        if k.endswith(_SUBTOTAL):
            continue
        if sum(_match(t, HEADERS) == f for f, t in own.items() if t) > 1:
            continue  # the header again: a table in blocks (年度绩效目标2), or a page's header
        texts = {f: reader.text(r, c, merged=f in ("level1", "level2")) for f, c in cols.items()}
        if not any(texts.get(f) for f in ("weight", "target", "actual", "points")) and (
            _PLACEHOLDER_ROW.fullmatch(_key(texts.get("name", "")))
        ):
            # a template row left unfilled: 指标2, ……, or its level names only
            template = template or bool(texts.get("name"))
            continue
        for f in ("level1", "level2"):
            if f in texts:
                texts[f] = _level_name(texts[f])
        if "name" in texts:
            texts["name"] = _PLACEHOLDER_NAME.sub("", texts["name"])
        adjusted, core = texts.pop("target_adjusted", ""), texts.pop("core", "")
        texts.pop("coefficient", None)
        texts.pop("method", None)
        if adjusted:
            texts["target"] = adjusted
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
        if adjusted:
            cells[("indicators", i, "target")] = reader.ref(r, cols["target_adjusted"])
        if _key(core) in _YES:
            row["core"] = True
        cells[("indicators", i)] = reader.ref(r, cols["name"])
        indicators.append(row)
    if template:  # the template's numbering kept before the names: 指标1工程完工率
        for row in indicators:
            if "name" in row:
                row["name"] = _PLACEHOLDER_BARE.sub("", row["name"]) or row["name"]
    data["indicators"] = indicators
    if declared:
        data["declared"] = declared
    if findings:
        data["findings"] = findings
    return data, cells


#: A level cell's stated weight: ``产出指标（50分）``, ``(60分)``.
_LEVEL_WEIGHT = re.compile(r"[(（][\d.]+分[)）]$")
#: The template's placeholder before a 三级指标 the unit filled in: ``指标1：``.
_PLACEHOLDER_NAME = re.compile(r"^指标\s*\d+\s*[:：、.．]\s*")
#: The same with no colon, dropped only in a table that keeps the template's 指标2 rows.
_PLACEHOLDER_BARE = re.compile(r"^指标\s*\d+(?=[^\d\s%])")
#: The name of a template row left unfilled: none, ``指标2``, ``指标2：`` (宁夏), ``……``.
_PLACEHOLDER_ROW = re.compile(r"(?:指标\d*[:、]?)?[.…·]*")


def _level_name(text: str) -> str:
    r"""
    A level cell as its group's name: without the line breaks and spaces of a narrow cell
    (``产出\n指标``) and the weight the form states after it (``产出指标（50分）``).

    >>> _level_name("产出\n指标\n(60分)"), _level_name("效益指标（30分）")
    ('产出指标', '效益指标')
    """
    name = re.sub(r"\s+", "", text)
    return _LEVEL_WEIGHT.sub("", name) or name


#: A 是否核心指标 cell that says yes.
_YES = ("是", "√", "✓", "yes", "y", "true")
_SIGNS = ("≥", "≤", "=", ">", "<", "≧", "≦", "定性")
_BARE_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?")


def _combine(texts: dict[str, str], *, measure: str, sign: str, unit: str) -> None:
    """
    Fold the columns some forms add into the input's fields: a 指标性质 sign (``≥``) before a
    target that has none, a 度量单位 after a bare number, and the 改进措施 after the reason.
    A reason or measure that is the template's instruction (``说明偏离目标…``) is empty.
    """
    if _instruction(texts.get("reason", "")):
        texts["reason"] = ""
    if _instruction(measure):
        measure = ""
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
