"""
The rows above a 自评表's indicator table: the title (the kind of form and the year), the unit's
name and its 主管部门 (without the budget system's unit code), the scheme, a ``单位：万元`` cell,
and a declared total stated there (``自评总分(分) | 97.6``).
"""

from __future__ import annotations

import re
from typing import Any

from perfrules._render._xlsx_sheet import _PAREN, _UNITS, _key, _Reader

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
    "total": ("自评总分", "自评得分"),  # 重庆: 自评总分(分) | 97.6 above the table
}
_YEAR = re.compile(r"(19|20|21)\d{2}")
#: What names the form in its title: 项目支出绩效自评表, 部门整体支出绩效评价表.
_TITLE = re.compile(r"绩效|自评|self-evaluation|performance")
#: A cell that is only a year, as under a title: ``（2020年度）``, ``2021年``.
_YEAR_CELL = re.compile(r"[(]?((?:19|20|21)\d{2})年度?[)]?")
#: The budget system's unit code before a unit's name: ``219001-池州市贵池区棠溪镇人民政府``.
_UNIT_CODE = re.compile(r"^\d{3,}\s*[-－—]\s*(?=\S)")
#: An amount unit stated for a block or a sheet: ``单位：万元``, ``（金额单位：元）``.
_UNIT_CELL = re.compile(r"[(]?(?:金额)?单位:(元|万元|亿元|千元)[)]?")


def _label(text: str) -> tuple[str | None, str]:
    """The info field a cell labels, and the value written in the same cell after a colon."""
    k = _key(text)
    name, sep, _ = k.partition(":")
    bare = _PAREN.sub("", name)  # 自评总分(分)
    for field, labels in _LABELS.items():
        if name in labels or bare in labels:
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
            if not title or (_TITLE.search(_key(t)) and not _TITLE.search(_key(title))):
                title = t  # the first text, or the first naming the form (not 报表编号：…)
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
            elif field == "total" and not re.fullmatch(r"[\d.]+(分)?", _key(value)):
                continue  # 自评得分 heading a column of the budget block, not a total beside it
            elif field not in found:
                found[field] = (_UNIT_CODE.sub("", value) if field != "year" else value, ref)
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
    if "total" in found:
        data["total"], cells[("declared", "total")] = found["total"]
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
