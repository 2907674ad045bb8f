"""
The 自评表 as an Excel workbook (openpyxl, the ``perfrules[excel]`` extra).

One sheet: the title, the unit, the year and the scheme; the budget block (年初预算数, 全年预算数,
全年执行数, 分值, 执行率, 得分); the indicator table in the common column layout (一级指标,
二级指标, 三级指标, 分值, 年度指标值, 实际完成值, 得分, 偏差原因分析及改进措施) with merged
level cells; the 总分 and 等级 rows. Numbers are written as exact decimals with number formats;
texts as text (a target such as ``=100%`` is never a formula). :mod:`._xlsx_import` reads it back.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from perfrules._engine import Result
from perfrules._model import Evaluation, Finding, Indicator
from perfrules._quantity import Fixed, Money
from perfrules._render._context import Context
from perfrules.errors import PerfrulesError

__all__ = ["COLUMNS", "require_openpyxl", "target_text", "write_xlsx", "xml_safe"]

#: The indicator columns, in order (message ids; the zh catalog gives the 自评表 headers).
COLUMNS = (
    "Level-1 indicator",
    "Level-2 indicator",
    "Level-3 indicator",
    "Weight",
    "Annual target",
    "Actual",
    "Points",
    "Reason for deviation",
)
_WIDTHS = (14, 16, 30, 9, 16, 22, 10, 40)

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """
    *text* with the characters a workbook cannot hold (XML 1.0) replaced by U+FFFD.

    >>> xml_safe("a\\x01b")
    'a\\ufffdb'
    """
    return _ILLEGAL.sub("\ufffd", text)


def target_text(ind: Indicator) -> str:
    """
    The 年度指标值 cell: the target as written, with the direction's sign in front when the
    text carries none and the direction is not the one the text implies (so the form says it).
    """
    text = ind.target.text
    if (
        ind.target.direction is None
        and not ind.target.is_qualitative
        and ind.direction.value != "≥"
    ):
        return ind.direction.value + text
    return text


def require_openpyxl() -> Any:
    """The openpyxl module, or an error saying which extra to install."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - the test environment has it
        raise PerfrulesError(
            "Excel support needs openpyxl: pip install 'perfrules[excel]'"
        ) from None
    return openpyxl


def _number_format(value: Fixed) -> str:
    return "#,##0" + ("." + "0" * value.places if value.places else "")


class _Sheet:
    def __init__(self, ws: Any, ctx: Context) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws, self.ctx = ws, ctx
        thin = Side(style="thin", color="808080")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.bold = Font(bold=True)
        self.head_fill = PatternFill("solid", fgColor="E4E7EB")
        self.center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        self.wrap = Alignment(vertical="center", wrap_text=True)
        self.right = Alignment(horizontal="right", vertical="center")

    def text(
        self, row: int, col: int, value: str, *, head: bool = False, boxed: bool = True
    ) -> Any:
        c = self.ws.cell(row=row, column=col)
        c.value = xml_safe(value)
        c.data_type = "s"  # "=100%" is a target, not a formula
        c.alignment = self.center if head else self.wrap
        if head:
            c.font, c.fill = self.bold, self.head_fill
        if boxed:
            c.border = self.border
        return c

    def number(self, row: int, col: int, value: Fixed | None, fmt: str | None = None) -> Any:
        c = self.ws.cell(row=row, column=col)
        c.value = None if value is None else Decimal(str(value))
        c.number_format = fmt or (_number_format(value) if value is not None else "General")
        c.alignment, c.border = self.right, self.border
        return c

    def merge(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        if (first_row, first_col) != (last_row, last_col):
            self.ws.merge_cells(
                start_row=first_row, start_column=first_col, end_row=last_row, end_column=last_col
            )
            for r in range(first_row, last_row + 1):
                for col in range(first_col, last_col + 1):
                    self.ws.cell(row=r, column=col).border = self.border


def _runs(values: list[str], parents: list[int]) -> list[tuple[int, int]]:
    """Runs (start, end) of equal non-empty values that stay inside one parent run."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if (
            i == len(values)
            or values[i] != values[start]
            or not values[i]
            or parents[i] != parents[start]
        ):
            if values[start] and i - 1 > start:
                runs.append((start, i - 1))
            start = i
    return runs


def write_xlsx(
    evaluation: Evaluation,
    result: Result,
    ctx: Context,
    *,
    findings: Iterable[Finding] = (),
    date: dt.date | None = None,
) -> bytes:
    """The 自评表 of *evaluation* scored as *result*, as ``.xlsx`` bytes."""
    openpyxl = require_openpyxl()
    _ = ctx.gettext
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _("Self-evaluation table")
    s = _Sheet(ws, ctx)
    ncol = len(COLUMNS)
    for i, w in enumerate(_WIDTHS, 1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = w

    if evaluation.kind == "project":
        title = _("{year} self-evaluation table of project expenditure performance")
    else:
        title = _("{year} self-evaluation table of overall departmental expenditure performance")
    t = s.text(1, 1, title.format(year=evaluation.year), boxed=False)
    t.font = openpyxl.styles.Font(bold=True, size=14)
    t.alignment = s.center
    s.merge(1, 1, 1, ncol)
    ws.row_dimensions[1].height = 28

    s.text(2, 1, _("Department (unit)"), head=True)
    s.text(2, 2, evaluation.department.name)
    s.merge(2, 2, 2, 4)
    s.text(2, 5, _("Scheme"), head=True)
    s.text(2, 6, result.scheme.name)
    s.merge(2, 6, 2, ncol)
    s.text(3, 1, _("Year"), head=True)
    year = ws.cell(row=3, column=2, value=evaluation.year)
    year.number_format, year.border, year.alignment = "0", s.border, s.wrap
    s.merge(3, 2, 3, 4)
    if date is not None:
        s.text(3, 5, _("Date"), head=True)
        s.text(3, 6, ctx.fmt.date(date))
        s.merge(3, 6, 3, ncol)

    row = _budget(s, evaluation, result, 5)
    header_row = row + 1
    for col, label in enumerate(COLUMNS, 1):
        s.text(header_row, col, _(label), head=True)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    first = header_row + 1
    for k, line in enumerate(result.lines):
        ind, r = line.indicator, first + k
        s.text(r, 1, ind.level1)
        s.text(r, 2, ind.level2)
        s.text(r, 3, ind.name)
        s.number(r, 4, ind.weight)
        s.text(r, 5, target_text(ind))
        s.text(r, 6, ind.actual.text if ind.actual is not None else "")
        if line.points is None:
            s.text(r, 7, _("n/a"))
        else:
            s.number(r, 7, line.points)
        s.text(r, 8, ind.reason)
    level1 = [ln.indicator.level1 for ln in result.lines]
    level2 = [ln.indicator.level2 for ln in result.lines]
    runs1 = _runs(level1, [0] * len(level1))
    parent = list(range(len(level1)))
    for a, b in runs1:
        for i in range(a, b + 1):
            parent[i] = a
        s.merge(first + a, 1, first + b, 1)
    for a, b in _runs(level2, parent):
        s.merge(first + a, 2, first + b, 2)

    last = first + len(result.lines)
    s.text(last, 1, _("Total score"), head=True)
    s.merge(last, 1, last, 3)
    from perfrules._render._scoring import weight_total

    s.number(last, 4, weight_total(result))
    s.text(last, 5, "")
    s.text(last, 6, "")
    s.number(last, 7, result.total).font = s.bold
    s.text(last, 8, "")
    s.text(last + 1, 1, _("Grade"), head=True)
    s.merge(last + 1, 1, last + 1, 3)
    for col in (4, 5, 6, 8):
        s.text(last + 1, col, "")
    s.text(last + 1, 7, result.grade.localized(ctx.lang)).font = s.bold

    found = [*result.findings, *findings]
    if found:
        r = last + 3
        s.text(r, 1, _("Findings"), head=True)
        s.merge(r, 1, r, ncol)
        for k, f in enumerate(found, 1):
            msg = f.message_en if ctx.en and f.message_en else f.message
            s.text(r + k, 1, f.code, boxed=False)
            s.text(r + k, 2, msg, boxed=False)
            s.merge(r + k, 2, r + k, ncol)

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    wb.properties.title = title.format(year=evaluation.year)
    wb.properties.creator = "perfrules"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _budget(s: _Sheet, ev: Evaluation, result: Result, row: int) -> int:
    """The budget block from *row*; returns the last row used plus one."""
    _ = s.ctx.gettext
    ex = result.execution
    if not ev.budget and ex is None:
        return row
    unit = _("yuan")
    labels = [
        _("Budget line"), f"{_('Initial budget')} ({unit})" if s.ctx.en else f"{_('Initial budget')}（{unit}）",
        f"{_('Full-year budget')} ({unit})" if s.ctx.en else f"{_('Full-year budget')}（{unit}）",
        f"{_('Executed')} ({unit})" if s.ctx.en else f"{_('Executed')}（{unit}）",
        _("Weight"), _("Execution rate"), _("Points"),
    ]  # fmt: skip
    for col, label in enumerate(labels, 1):
        s.text(row, col, label, head=True)
    lines = list(ev.budget)
    first = row + 1
    money = "#,##0.00"
    for k, b in enumerate(lines):
        r = first + k
        s.text(r, 1, b.name)
        s.number(r, 2, b.initial.yuan if b.initial is not None else None, money)
        s.number(r, 3, b.planned.yuan, money)
        s.number(r, 4, b.executed.yuan, money)
    end = first + max(len(lines), 1) - 1
    if len(lines) > 1:
        end += 1
        s.text(end, 1, _("Total"))
        initial = [b.initial for b in lines if b.initial is not None]
        s.number(end, 2, Money(sum(m.fen for m in initial)).yuan if initial else None, money)
        s.number(end, 3, ev.planned.yuan, money)
        s.number(end, 4, ev.executed.yuan, money)
    if not lines:
        for col in range(1, 5):
            s.text(first, col, "")
    if ex is not None:
        s.number(first, 5, ex.weight)
        rate = ex.rate
        # the rate as a fraction of 1, rounded half-up to 0.01% first: Excel shows it, never rounds it
        s.number(first, 6, None if rate is None else Fixed(rate.percent_fixed(2).units, 4), "0.00%")
        s.number(first, 7, ex.points)
    else:
        for col in (5, 6, 7):
            s.text(first, col, "")
    for col in (5, 6, 7):
        s.merge(first, col, end, col)
    return end + 1
