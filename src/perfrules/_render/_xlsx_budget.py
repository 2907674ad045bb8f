"""
The budget block of a 自评表: its lines (a total left at zero giving way to its 其中 rows), the
declared execution score and reason, and each stated 执行率 checked against the amounts it covers.
"""

from __future__ import annotations

import contextlib
import re
from fractions import Fraction
from typing import Any, NamedTuple

from perfrules._catalogue import finding
from perfrules._model import Finding
from perfrules._quantity import Money, Ratio, rate_fits
from perfrules._render._xlsx_rates import _shown_amount, _stated_rate
from perfrules._render._xlsx_sheet import (
    _NOT_APPLICABLE,
    _PAREN,
    _TOTAL,
    _UNITS,
    _instruction,
    _key,
    _match,
    _Reader,
    _unit,
)
from perfrules.errors import InvalidValueError

__all__ = ["BUDGET_HEADERS", "BUDGET_NEED"]

#: A column stating how a score is found (贵州: 得分计算方法), not a score nor a weight.
_METHOD = ("得分计算方法", "得分计算", "计分方法", "评分方法", "评分标准", "评分办法", "计算方法")

BUDGET_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("预算项目", "资金来源", "项目", "budgetline"),
    "initial": ("年初预算", "年初数", "年初部门预算", "initialbudget"),
    "planned": ("全年预算", "调整后预算", "调整预算", "预算数", "full-yearbudget"),
    "executed": ("全年执行数", "预算执行数", "执行数", "实际执行数", "实际支出数", "executed"),
    # read as planned / executed only when the block has no such column (福建: 预算安排 | 小计
    # ④=①+②+③ | 拨付情况 | 年度拨付金额⑤ | 支出实现率⑥=⑤/④)
    "planned_sum": ("小计",),
    "disbursed": ("年度拨付", "拨付金额", "拨付数"),
    "weight": ("分值", "权重", "执行率权重", "执行率分值", "weight"),
    # 贵州: 得分计算方法 (执行率*该指标分值) is how the score is found, not the score
    "method": _METHOD,
    "points": ("得分", "自评得分", "执行率得分", "points"),
    "reason": ("偏差原因", "原因", "未完成原因", "reason"),
    "rate": ("执行率", "预算执行率", "资金执行率", "支出实现率", "executionrate"),
}
#: What the budget header must name: a planned and an executed column.
BUDGET_NEED = (("planned", "planned_sum", "initial"), ("executed", "disbursed"))


def _resolve(found: tuple[int, int, dict[str, int]]) -> tuple[int, int, dict[str, int]]:
    """
    *found* with a 小计 / 拨付 column as the planned / executed one, when there is none; a
    block whose only budget column is 年初预算 (贵州: ``年初预算数(A) | 全年执行数(B)``, its rate
    B/A) has it as the planned budget too.
    """
    top, bottom, cols = found
    cols = dict(cols)
    for weak, strong in (("planned_sum", "planned"), ("disbursed", "executed")):
        c = cols.pop(weak, None)
        if c is not None and strong not in cols:
            cols[strong] = c
    if "planned" not in cols and "initial" in cols:
        cols["planned"] = cols["initial"]
    return top, bottom, cols


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
    refs: dict[str, tuple[int, int]]  # the cell of each field, and of the name ("name")
    units: dict[str, str]  # the unit of each amount


#: A stated 执行率 cell, the rows it covers, and whether a bare number there is a percent.
_RateCell = tuple[int, int, list["_Row"], bool]


_ZERO = re.compile(r"0+(\.0*)?")
_TRAILING_COLON = re.compile(r"[\s:：]+$")
_SUCH_AS = re.compile(r"^其中[\s:：]*")
_SUBTOTAL = re.compile(r"\s*小\s*计$")


def _line_name(name: str) -> str:
    """A budget line's name: its label without ``其中：``, a trailing colon and ``小计``."""
    named = _TRAILING_COLON.sub("", _SUCH_AS.sub("", name))
    return _SUBTOTAL.sub("", named) or named


def _read_amounts(
    reader: _Reader, refs: dict[str, tuple[int, int]], units: dict[str, str]
) -> tuple[dict[str, str], dict[str, int], dict[str, tuple[Fraction, Fraction]]]:
    """The texts of the amount cells in *refs*, and the ones that parse, in fen and as bounds."""
    amounts: dict[str, str] = {
        f: "" if _key(t := reader.text(*refs[f], record=False)) in _NOT_APPLICABLE else t
        for f in ("initial", "planned", "executed")
        if f in refs
    }
    fen: dict[str, int] = {}
    bounds: dict[str, tuple[Fraction, Fraction]] = {}
    for f, t in amounts.items():
        if not t:
            continue
        with contextlib.suppress(InvalidValueError):  # the loader reports it for a line
            fen[f] = Money.parse(_amount(t, units[f])).fen
            cell = reader.ws.cell(row=refs[f][0], column=refs[f][1])
            shown_at = _shown_amount(cell.value, str(cell.number_format), units[f])
            if shown_at is not None:
                bounds[f] = shown_at
    return amounts, fen, bounds


def _kind(k: str, *, has_line: bool, breakdown: bool) -> tuple[str, bool]:
    """
    The kind of a budget row by its folded name *k*, and whether the rows after it break a line
    down: a 合计 row is the total; a 小计 row is a line, broken down by the rows after it
    (``财政资金小计 | ①中央… | ②市级…``); from ``其中：`` on, rows are parts.
    """
    if k in _TOTAL:
        return "total", breakdown
    if k.endswith("小计"):
        return "line", True
    if has_line and k.startswith("其中"):
        return "part", True
    return ("part" if breakdown else "line"), breakdown


def _header_row(amounts: dict[str, str]) -> bool:
    """
    Whether a row's amount cells are words, two or more and no number among them (``主要内容 |
    批复金额（万元）``): a header, not a line. A word beside a number, or alone, is still an error
    of its line.
    """
    filled = [t for t in amounts.values() if t]
    return len(filled) > 1 and not any(ch.isdigit() for t in filled for ch in _key(t))


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
                    out[k] = rows[k]._replace(kind="line")
        elif x.kind == "total" and any(any(y.fen.values()) for y in rows if y is not x):
            out[i] = x._replace(kind="unfilled")
    return out


def _summed(rows: list[_Row]) -> list[_Row]:
    """
    *rows* with the lines that follow a line and add up to it, fen for fen in each of its amount
    columns (two or more, with no 其中 before them: 贵州 ``年度资金总额 | 基本支出 | 项目支出``),
    as its parts: the first line is the total, and they break it down.
    """
    out = list(rows)
    i = 0
    while i < len(out):
        x = out[i]
        j = i + 1
        while j < len(out) and out[j].kind == "line":
            j += 1
        after = out[i + 1 : j]
        if (
            x.kind == "line"
            and len(after) > 1
            and x.fen
            and all(y.fen for y in after)
            and all(sum(y.fen.get(f, 0) for y in after) == v for f, v in x.fen.items())
        ):
            for k in range(i + 1, j):
                out[k] = out[k]._replace(kind="part")
            i = j
        else:
            i += 1
    return out


def _budget(
    reader: _Reader, found: tuple[int, int, dict[str, int]], *, stop: int, default_unit: str,
    cells: dict[tuple[str | int, ...], str], declared: dict[str, str], findings: list[dict[str, Any]],
    first: int = 1,
) -> list[dict[str, Any]]:  # fmt: skip
    """
    The budget lines under the budget header, in the columns from *first* on (a block beside
    another, 年度主要任务 left of it). The unit of an amount column is its header's
    (``全年预算数（万元）``), else the one the block's label states (``项目资金（万元）``), else
    *default_unit*. A line's name is its first text left of the amounts, without ``其中：`` and
    a trailing colon. Rows from ``其中：…`` on break the line above down and are not lines of
    their own, unless that line is all zeros while they carry amounts (the form leaves its total
    unfilled): then they are the lines, and the total a warning (``xlsx-total-unfilled``), as is
    a 合计 row left at zero. The block ends at a row with text but no amount.

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
            for c in range(first, reader.ws.max_column + 1)
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
    # a label merged down the block (项目资金（万元）) holds it: a row left empty in it is no end
    labelled = max(
        (
            reader.extent[reader.merged[(head, c)]][0]
            for c in range(first, min(amount_cols))
            if (head, c) in reader.merged
        ),
        default=head,
    )
    if labelled > head:
        stop = min(stop, labelled + 1)
    # the header's texts left of the amounts, not a label merged down the block
    header_names = [
        (c, t)
        for c in range(first, min(amount_cols))
        if (t := reader.text(head, c, record=False))
        and reader.extent.get((head, c), (head, c))[0] == head
    ]
    rows: list[_Row] = []
    rate_rows: list[tuple[int, int]] = []  # (row, column) of a 执行率 row's value
    breakdown = False
    for r in range(head + 1, stop):
        own = [
            reader.text(r, c, record=False) if c >= first else ""
            for c in range(1, reader.ws.max_column + 1)
        ]
        left = min(amount_cols) - 1
        at, name = next(((c, t) for c, t in enumerate(own[:left], 1) if t), (first, ""))
        if _match(name, {"rate": BUDGET_HEADERS["rate"]}):
            at = next((c for c in range(at + 1, len(own) + 1) if own[c - 1]), 0)
            if at:
                rate_rows.append((r, at))
            continue
        k = _key(name).rstrip(":")
        if not _line_name(name):  # 其中 | 财政拨款: the name is the next text
            name = next((t for t in own[at:left] if t), name)
        if not name:  # a line with no name of its own: its column's header (预算资金)
            name = next((t for c, t in header_names if c <= left), "")
        refs = {f: (r, c) for f, c in cols.items()} | {"name": (r, cols.get("name", first))}
        amounts, fen, bounds = _read_amounts(reader, refs, units)
        has_line = any(x.kind == "line" for x in rows)
        if _header_row(amounts):  # the next block's header (任务名称 | 主要内容 | 批复金额…)
            if has_line:
                break
            continue
        if not any(amounts.values()):
            if has_line and any(own) and labelled <= head:
                break
            continue
        kind, breakdown = _kind(k, has_line=has_line, breakdown=breakdown)
        rows.append(_Row(r, kind, fen, bounds, _line_name(name), at, amounts, refs, units))
    rows = _summed(_unfilled(rows))
    _declare(reader, rows, declared=declared, cells=cells)
    lines = _lines(reader, rows, cells=cells, findings=findings)
    rate_cells: list[_RateCell] = [(r, c, rows, percent_header) for r, c in rate_rows]
    if "rate" in cols:
        seen: set[tuple[int, int]] = set()
        for x in rows:
            top = reader.merged.get((x.row, cols["rate"]), (x.row, cols["rate"]))
            if top in seen:
                continue
            seen.add(top)
            last = reader.extent.get(top, top)[0]
            covered = [y for y in rows if top[0] <= y.row <= last]
            rate_cells.append((*top, covered, percent_header))
    _check_rates(reader, rows, rate_cells, declared=declared, findings=findings)
    return lines


def _declare(
    reader: _Reader, rows: list[_Row], *, declared: dict[str, str],
    cells: dict[tuple[str | int, ...], str],
) -> None:  # fmt: skip
    """
    The declared execution score (the first line's 得分, not a 0 left in a total left unfilled) and reason (the first 原因 that is not
    empty, 不适用 or the template's instruction, such as ``…未达到90%的需说明原因``).
    """
    lines = [x for x in rows if x.kind in ("line", "unfilled")]
    first = lines[0] if lines else None
    # a total left unfilled leaves its 得分 at 0 too: that is no score declared
    if (
        first is not None
        and "points" in first.refs
        and (t := reader.text(*first.refs["points"]))
        and (first.kind != "unfilled" or _ZERO.fullmatch(_key(t)) is None)
    ):
        declared["execution_score"] = t
        cells[("declared", "execution_score")] = reader.ref(*first.refs["points"])
    for x in lines:
        if "reason" in x.refs and "execution_reason" not in declared:
            reason = reader.text(*x.refs["reason"], merged=True, record=False)
            if reason and _key(reason) not in _NOT_APPLICABLE and not _instruction(reason):
                declared["execution_reason"] = reason


def _lines(
    reader: _Reader, rows: list[_Row], *, cells: dict[tuple[str | int, ...], str],
    findings: list[dict[str, Any]],
) -> list[dict[str, Any]]:  # fmt: skip
    """The rows that are budget lines, in the input format; a total left unfilled a warning."""
    lines: list[dict[str, Any]] = []
    for x in rows:
        if x.kind == "unfilled":
            ref = reader.ref(x.row, x.at)
            unfilled = finding("xlsx-total-unfilled", location=ref, cell=ref, row=x.name)
            findings.append(_finding_data(unfilled))
        if x.kind != "line":
            continue
        texts = {f: reader.text(*x.refs[f]) for f in x.amounts}  # unreadable ones reported
        i = len(lines)
        line: dict[str, Any] = {"name": x.name or f"budget {i + 1}"}
        for f in ("initial", "planned", "executed"):
            if f in x.refs and (x.amounts[f] or f != "initial"):
                line[f] = _amount(texts[f], x.units[f]) if x.amounts[f] else ""
                cells[("budget", i, f)] = reader.ref(*x.refs[f])
        cells[("budget", i)] = reader.ref(*x.refs["name"])
        lines.append(line)
    return lines


class _Spec(NamedTuple):
    """A line of a side-by-side block, before its amounts are read."""

    row: int  # the row of its name
    at: int  # the column of its name
    name: str
    unit_text: str  # the text that may state its unit (项目资金（万元）)
    values: dict[str, tuple[int, int]]  # the cell of each field's value
    labels: dict[str, tuple[int, int]]  # the cell of each field's label


#: What a label of a budget block laid out in label | value pairs names, by the words in it.
_PAIR_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("rate", ("执行率", "executionrate")),
    ("executed", ("执行数", "执行金额", "实际执行", "实际支出", "支出数", "executed")),
    ("initial", ("年初预算", "年初数", "initialbudget")),
    ("planned", ("预算数", "全年预算", "调整后预算", "年度预算", "预算金额", "预算资金")),
    ("reason", ("原因", "reason")),
)
_PAIR_EXACT = {"分值": "weight", "权重": "weight", "weight": "weight", "得分": "points",
               "自评得分": "points", "points": "points"}  # fmt: skip


def _pair_field(text: str) -> str | None:
    """The field a short label of a label | value block names (``全年预算数（万元）``)."""
    k = _TRAILING_COLON.sub("", _PAREN.sub("", _key(text)) or _key(text))
    if not k or len(k) > 12 or "情况" in k or k[0].isdigit():
        return None
    if k in _PAIR_EXACT:
        return _PAIR_EXACT[k]
    return next((f for f, words in _PAIR_WORDS if any(w in k for w in words)), None)


def _pair_budget(
    reader: _Reader, *, stop: int, default_unit: str, cells: dict[tuple[str | int, ...], str],
    declared: dict[str, str], findings: list[dict[str, Any]],
) -> list[dict[str, Any]] | None:  # fmt: skip
    """
    A budget block laid out side by side, each amount after its label in the same row
    (``年度预算数 | 120 | 执行数 | 118 | 执行率 | 98.33%``), one or more pairs a row, the labels
    in a column or along a row; None when the rows above *stop* hold no such 预算数 and 执行数.

    A pair's value is the first cell right of its label (after the label's merged range).
    A line takes the pairs that follow until one of its fields comes again; its name is the
    text left of its first label (``项目资金（万元）``, named 项目资金), its units are the
    labels' own (``年度预算数（万元）``), else the one that name states, else *default_unit*.
    A block turned on its side (labels down a column, a line a column named in the row above,
    ``资金来源（万元） | 合计 | 财政拨款``) reads a line a column. Lines from ``其中：…`` on, the
    执行率, 得分 and 原因, and a total left unfilled are read as in the column layout.
    """
    width = reader.ws.max_column
    groups: list[dict[str, tuple[int, int, int]]] = []  # field -> (row, label col, value col)
    for r in range(1, stop):
        c = 1
        while c <= width:
            after = reader.extent.get((r, c), (r, c))[1] + 1
            label = reader.text(r, c, record=False)
            field = _pair_field(label) if label else None
            value = reader.text(r, after, record=False) if field and after <= width else ""
            if field is None or not value or _pair_field(value) is not None:
                c = after
                continue
            if not groups or field in groups[-1]:
                groups.append({})
            groups[-1][field] = (r, c, after)
            c = reader.extent.get((r, after), (r, after))[1] + 1
    taken = {(r, c) for g in groups for r, lc, vc in g.values() for c in (lc, vc)}
    groups = [g for g in groups if {"planned", "executed"} <= g.keys()]
    specs: list[_Spec] = []
    for g in groups:
        r, c, _ = min(g.values())
        labels = {f: (row, lc) for f, (row, lc, _) in g.items()}
        columns = _named_columns(reader, g)
        if columns:
            head = reader.text(r - 1, c, merged=True, record=False)  # 资金来源（万元）
            for col, name in columns:
                refs = {f: (row, col) for f, (row, _, _) in g.items()}
                specs.append(_Spec(r - 1, col, name, head, refs, labels))
            continue
        at, name = c, ""
        for j in range(c - 1, 0, -1):  # the name: a text left of the first label
            if reader.merged.get((r, j), (r, j)) in taken or (r, j) in taken:
                break
            if t := reader.text(r, j, merged=True, record=False):
                at, name = reader.merged.get((r, j), (r, j))[1], t
                break
        values = {f: (row, vc) for f, (row, _, vc) in g.items()}
        specs.append(_Spec(r, at, name, name, values, labels))
    rows: list[_Row] = []
    breakdown = False
    for spec in specs:
        r, at = spec.row, spec.at
        block_unit = _unit(spec.unit_text, default_unit)
        name = _PAREN.sub("", spec.name) if _unit(spec.name, "") else spec.name
        units = {f: _unit(reader.text(*spec.labels[f]), block_unit) for f in spec.values}
        refs = spec.values | {"name": (r, at)}
        amounts, fen, bounds = _read_amounts(reader, refs, units)
        if not any(amounts.values()):
            continue
        k = _key(name).rstrip(":")
        kind, breakdown = _kind(k, has_line=bool(rows), breakdown=breakdown)
        rows.append(_Row(r, kind, fen, bounds, _line_name(name), at, amounts, refs, units))
    if not any({"planned", "executed"} <= x.fen.keys() for x in rows):
        return None
    rows = _summed(_unfilled(rows))
    _declare(reader, rows, declared=declared, cells=cells)
    lines = _lines(reader, rows, cells=cells, findings=findings)
    rate_label = {r: lc for g in groups if "rate" in g for r, lc, _ in [g["rate"]]}
    rate_cells: list[_RateCell] = [
        (
            *x.refs["rate"],
            [x],
            "%" in _key(reader.text(x.refs["rate"][0], rate_label[x.refs["rate"][0]])),
        )
        for x in rows
        if "rate" in x.refs
    ]
    _check_rates(reader, rows, rate_cells, declared=declared, findings=findings)
    return lines


def _named_columns(reader: _Reader, g: dict[str, tuple[int, int, int]]) -> list[tuple[int, str]]:
    """
    The lines of a block turned on its side — its labels down one column, a line a column,
    named in the row above (``资金来源（万元） | 合计 | 财政拨款 | 其他资金``): the column and
    name of each; [] unless two or more named columns carry amounts.
    """
    if len({lc for _, lc, _ in g.values()}) != 1 or len({vc for *_, vc in g.values()}) != 1:
        return []
    top = min(r for r, _, _ in g.values()) - 1
    c = next(iter(g.values()))[2]
    out: list[tuple[int, str]] = []
    while top >= 1 and c <= reader.ws.max_column:
        name = reader.text(top, c, record=False)
        if not name or _pair_field(name) is not None:
            break
        if any(reader.text(r, c, record=False) for r, _, _ in g.values()):
            out.append((c, name))
        c = reader.extent.get((top, c), (top, c))[1] + 1
    filled = [
        (c, n)
        for c, n in out
        if all(reader.text(g[f][0], c, record=False) for f in ("planned", "executed"))
    ]
    return out if len(filled) > 1 else []


def _check_rates(
    reader: _Reader, rows: list[_Row], rate_cells: list[_RateCell], *,
    declared: dict[str, str], findings: list[dict[str, Any]],
) -> None:  # fmt: skip
    """Check each 执行率 cell against the rows it covers; the whole block's is declared."""
    lines = [x.row for x in rows if x.kind == "line"]
    for r, c, covered, percent_header in rate_cells:
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
            if rate_fits(p, planned_at, executed_at)
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
