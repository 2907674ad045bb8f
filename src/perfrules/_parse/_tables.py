"""
Tables in a report text: a header naming budget columns (``年初预算数 / 全年预算数 / 全年执行数 /
分值 / 执行率 / 得分``) and the row under it, whether the cells are between ``|``, one a line
(a table flattened by the conversion) or on one line with the header (a PDF converted into one
line); a total row left at zero over its ``其中`` rows is not read.

>>> t = next(tables(["单位:万元", "全年预算数 | 全年执行数 | 执行率", "合计 | 120 | 118 | 98.33%"]))
>>> str(t.amounts["planned"].money), str(t.amounts["executed"].money), t.rate
('1200000.00', '1180000.00', '98.33')
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence

import attrs

from perfrules._parse._amounts import Amount
from perfrules._parse._scores import written_number
from perfrules._quantity import Fixed

__all__ = ["Table", "tables"]

_COLUMN = re.compile(
    r"(?P<received>(?:实际)?到位(?:资金|数|金额|率)?|资金到位(?:数|率)?)"
    r"|(?P<initial>年初预算数?|年初数)|(?P<planned>全年预算数?|调整后预算数?|预算数|全年数)|(?P<executed>全年执行数?|执行数|实际支出数?|支出数|实际执行数?)"
    r"|(?P<weight>分值|权重)|(?P<rate>执行率)|(?P<score>得分)"
)
_CELL = re.compile(
    r"(?<![0-9.*])(?P<num>[0-9*][0-9*,]{0,24}(?:\.[0-9*]{1,8})?)(?P<pct>%)?(?P<unit>亿元|万元|元)?|(?:(?<=\|)|^)(?P<blank>-|—|/|无)(?=\||$)"
)
#: A caption over a table's budget columns, with the unit: "年度预算数(万元)".
_CAPTION = re.compile(
    r"(?:年度|全年)?预算(?:数|资金)?\((?:亿元|万元|千元|元)\)[ |]{0,3}(?:年初|全年|调整)"
)
_TABLE_UNIT = re.compile(r"(?:单位|金额)[:]?(亿元|万元|元)|\((亿元|万元|元)(?:\)|(?![/每]))")
#: Columns whose cells a row may leave blank at its end (a 自评表 row before it is scored).
_TRAILING = ("weight", "score")


@attrs.frozen
class Table:
    amounts: dict[str, Amount]
    rate: str | None
    score: str | None
    unfilled: str | None = None  #: the label of a total row left at zero (its amounts are not read)


def _cells(line: str) -> list[re.Match[str]]:
    return list(_CELL.finditer(line))


#: A header's notes in brackets: "预算数(A)", "(20分)", "得分(20分*执行率)".
_NOTE = re.compile(r"\([^()]{0,24}\)")


def _header(line: str) -> tuple[list[str], bool]:
    """The columns a header line names and whether it has number cells, both outside its bracketed notes."""
    bare = _NOTE.sub("", line) if "(" in line else line
    return [m.lastgroup or "" for m in _COLUMN.finditer(bare)], bool(_cells(bare))


def tables(lines: Sequence[str]) -> Iterator[Table]:
    i = 0
    while i < len(lines):
        cols, numbers = _header(lines[i])
        if not cols or numbers:
            if len(cols) >= 2:
                yield from _inline_tables(lines[max(0, i - 3) : i + 1])
            i += 1
            continue
        first = len(cols)
        j = i + 1
        while j < len(lines) and j < i + 12 and len(lines[j]) <= 24:
            more, numbers = _header(lines[j])
            if numbers or (not more and len(lines[j]) > 12):
                break
            cols += more
            j += 1
        if len(cols) > 2 and _TABLE_UNIT.search(lines[i]) and j > i + 1:
            # "年度预算数(万元)" over "年初预算 / 调整后预算数 / 预算执行数": a caption, not a column
            cols = cols[first:]
        elif (
            j == i + 1
            and _CAPTION.search(lines[i])
            and "planned" in cols
            and {"initial", "planned"} & set(cols[cols.index("planned") + 1 :])
        ):
            # "年度预算数(万元) | 年初预算 | 调整后预算数 | …" on one line: the caption is the first 预算数
            del cols[cols.index("planned")]
        if len(set(cols) & {"planned", "executed", "score"}) == 0 or len(cols) < 2:
            i = j
            continue
        context = "".join(lines[max(0, i - 3) : j])
        unit_m = _TABLE_UNIT.search(context)
        unit = (unit_m.group(1) or unit_m.group(2)) if unit_m else None
        cells, label, k = _row(lines, j, len(cols))
        row = _align(cols, cells)
        short = (
            len(row) < len(cols) and all(c in _TRAILING for c in cols[len(row) :]) and len(row) >= 2
        )
        if (len(row) == len(cols) or short) and "其中" not in label:
            table = _table(cols[: len(row)], row, unit, label)
            if _unfilled(table, lines, k, cols, unit):
                named = label or (
                    "" if _COLUMN.search(lines[j - 1]) else lines[j - 1]
                )  # a flattened row's label sits above its cells
                table = Table({}, None, None, named.strip(" |:") or "合计")
            yield table
        i = max(k, i + 1)


_CELL_GAP = re.compile(r"[ |]{0,3}")


def _inline_tables(context: Sequence[str]) -> Iterator[Table]:
    """
    Tables on one line (a PDF converted into one line): a run of column names, a row's label and
    its cells, "年初预算数全年预算数全年执行数执行率 年度资金总额45.60 45.60 45.60 100%".
    """
    line = context[-1]
    bare = _NOTE.sub("", line) if "(" in line else line
    runs: list[list[re.Match[str]]] = []
    for m in _COLUMN.finditer(bare):
        if runs and _CELL_GAP.fullmatch(bare, runs[-1][-1].end(), m.start()):
            runs[-1].append(m)
        else:
            runs.append([m])
    unit_m = _TABLE_UNIT.search("".join(context))
    unit = (unit_m.group(1) or unit_m.group(2)) if unit_m else None
    for run in runs:
        cols = [m.lastgroup or "" for m in run]
        if len(cols) < 2 or not set(cols) & {"planned", "executed"}:
            continue
        cells: list[re.Match[str]] = []
        for cell in _CELL.finditer(bare, run[-1].end()):
            if cells and not _CELL_GAP.fullmatch(bare, cells[-1].end(), cell.start()):
                break
            if not cells and cell.start() - run[-1].end() > 20:
                break
            cells.append(cell)
            if len(cells) == len(cols):
                break
        label = bare[run[-1].end() : cells[0].start()] if cells else ""
        end = cells[-1].end() if cells else 0
        cells = (cells and _unrun(cols, bare, cells[0].start(), unit)) or cells
        row = _align(cols, cells)
        short = (
            len(row) < len(cols) and all(c in _TRAILING for c in cols[len(row) :]) and len(row) >= 2
        )
        if (
            cells
            and (len(row) == len(cols) or short)
            and "其中" not in label
            and not _header(label)[0]
        ):
            table = _table(cols[: len(row)], row, unit, label)
            if _inline_unfilled(table, bare, end, unit, cols):
                table = Table({}, None, None, label.strip(" |:") or "合计")
            yield table


#: One number of cells run together: no leading zero, up to six decimals.
_PIECE = re.compile(r"(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,6})?")
#: The most ways to split a run tried: a hostile run of digits costs little, a real row has far fewer.
_SPLITS_MAX = 800
#: Cells run together up to a rate's %: "202010100.00%", "50.0045.001090.00%" (at most 40 characters, so the search stays small).
_RUN = re.compile(r"(?P<run>[0-9][0-9.]{3,39})%")


def _unrun(cols: list[str], line: str, start: int, unit: str | None) -> list[re.Match[str]] | None:
    """
    The cells of a row whose cells before the rate ran together with no gap, under a funds
    table's columns ("年度资金总额:202010100.00%10" under 全年预算数 / 全年执行数 / 分值 / 执行率 /
    得分: 20 | 20 | 10 | 100.00% | 10): the one way to split the run where the rate is the exact
    rate of the amounts (half-up or truncated to its decimals), a 分值 in (0, 100] and the score
    after the rate at most the 分值 (and 0 at a rate of 0); ``None`` when there is no such way or
    more than one.
    """
    m = _RUN.match(line, start)
    if m is None or not unit or "rate" not in cols:
        return None
    run = m.group("run")
    if len(run.split(".", maxsplit=1)[0]) <= 3 and run.count(".") <= 1:
        return None  # one number, a rate as written
    width = cols.index("rate") + 1
    after: list[str] = []
    end = m.end()
    for cell in _CELL.finditer(line, end):
        if not _CELL_GAP.fullmatch(line, end, cell.start()) or len(after) + width >= len(cols):
            break
        after.append(cell.group(0))
        end = cell.end()
    found: list[list[str]] = []
    for parts in itertools.islice(_splits(run, width), _SPLITS_MAX):
        if _sound(dict(zip(cols, parts, strict=False)), after, cols, unit):
            found.append(parts)
            if len(found) > 1:
                return None
    if not found:
        return None
    parts = found[0]
    return list(_CELL.finditer(" ".join([*parts[:-1], parts[-1] + "%", *after])))


def _splits(run: str, n: int) -> Iterator[list[str]]:
    """Every way to read *run* as *n* numbers written one after another, the last with at most three whole digits."""
    if n == 1:
        if _PIECE.fullmatch(run) and len(run.split(".", maxsplit=1)[0]) <= 3:
            yield [run]
        return
    # a piece is at most 19 characters (12 whole digits, 6 decimals), the last at most 10 (3 whole digits)
    longest_rest = (n - 2) * 19 + 10
    for end in range(max(1, len(run) - longest_rest), min(len(run) - n + 1, 19) + 1):
        head = run[:end]
        if _PIECE.fullmatch(head) and not (run[end] == "." or head.endswith(".")):
            for rest in _splits(run[end:], n - 1):
                yield [head, *rest]


def _sound(cells: dict[str, str], after: list[str], cols: list[str], unit: str) -> bool:
    """Whether a split row reads as a funds row: the rate of its amounts, a 分值 of at most 100 and a score within it."""
    planned, executed = cells.get("planned") or cells.get("initial"), cells.get("executed")
    if planned is None or executed is None:
        return False
    weight = written_number(cells["weight"]) if "weight" in cells else None
    if "weight" in cells and (weight is None or not Fixed(0) < weight <= Fixed(100)):
        return False
    b = Amount(planned, written_number(planned), unit).money
    e = Amount(executed, written_number(executed), unit).money
    rate = written_number(cells["rate"])
    if b is None or e is None or rate is None or not _exact_rate(rate, b.fen, e.fen):
        return False
    score_at = (
        cols.index("score") - cols.index("rate") - 1
        if "score" in cols[cols.index("rate") :]
        else -1
    )
    if weight is not None and 0 <= score_at < len(after):
        score = written_number(after[score_at])
        # nothing spent scores nothing, under any rule of the execution's score
        return score is not None and score <= weight and (rate > Fixed(0) or score == Fixed(0))
    return True


_PART_ROW = re.compile(r"[ |]{0,3}其中[^0-9]{0,24}")


def _inline_unfilled(total: Table, line: str, end: int, unit: str | None, cols: list[str]) -> bool:
    """Whether a one-line table's total row is left at zero while its 其中 row right after it carries amounts."""
    if not total.amounts or not all(_zero(a) for a in total.amounts.values()):
        return False
    part = _PART_ROW.match(line, end)
    if part is None:
        return False
    cells: list[re.Match[str]] = []
    for cell in _CELL.finditer(line, part.end()):
        if (cells and not _CELL_GAP.fullmatch(line, cells[-1].end(), cell.start())) or len(
            cells
        ) == len(cols):
            break
        cells.append(cell)
    n = min(len(cells), len(cols))
    return any(not _zero(a) for a in _table(cols[:n], cells[:n], unit, "").amounts.values())


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _before_note(line: str, cells: list[re.Match[str]], room: int) -> list[re.Match[str]]:
    """
    The cells of a | row up to a last cell of prose (a form's note, "1.预算执行率=…未达到90%的需说明原因"),
    whose numbers are no cells of the table; all of them when the extra ones are not in prose.
    """
    extra = cells[room]
    start = line.rfind("|", 0, extra.start()) + 1
    end = line.find("|", extra.end())
    return cells[:room] if _CJK.search(line, start, end if end >= 0 else len(line)) else cells


def _row(lines: Sequence[str], start: int, width: int) -> tuple[list[re.Match[str]], str, int]:
    """The cells of the table row from line *start* (up to *width* of them), its label, and the line after it."""
    row: list[re.Match[str]] = []
    label = ""
    k = start
    while k < len(lines) and k < start + 12 and len(row) < width:
        cells = _cells(lines[k])
        if not cells:
            if row:
                break
            label += lines[k]
        else:
            label += lines[k][: cells[0].start()]
            if "|" in lines[k] and len(row) + len(cells) > width:
                cells = _before_note(lines[k], cells, width - len(row))
            row += cells
            if "|" in lines[k]:
                k += 1
                break  # a row of cells between | is one line: the next line is the next row
        k += 1
    return row, label, k


def _zero(amount: Amount) -> bool:
    return amount.number is not None and amount.number.units == 0


def _unfilled(
    total: Table, lines: Sequence[str], start: int, cols: list[str], unit: str | None
) -> bool:
    """
    Whether *total* is a total row left at zero while the 其中 rows under it carry amounts: then
    its zeros are not what was budgeted and spent (and the parts need not add up to the total).
    """
    if not total.amounts or not all(_zero(a) for a in total.amounts.values()):
        return False
    k = start
    for n in range(8):
        row, label, k = _row(lines, k, len(cols))
        if len(row) != len(cols) or (n == 0 and "其中" not in label):
            return False
        if any(not _zero(a) for a in _table(cols, row, unit, label).amounts.values()):
            return True
    return False


def _align(cols: list[str], cells: list[re.Match[str]]) -> list[re.Match[str] | None]:
    """
    A row with fewer cells than columns, its percentage under the 执行率 column: the cells before
    it fill the columns in order, the ones between are blank ("864.2 | 100% | 20" under 预算数 /
    执行数 / 执行率 / 得分 leaves 执行数 blank).
    """
    row: list[re.Match[str] | None] = list(cells)
    if len(cells) < len(cols) and "rate" in cols:
        at = next((n for n, c in enumerate(cells) if c.group("pct")), None)
        gap = cols.index("rate") - at if at is not None else 0
        if gap > 0 and len(cells) + gap <= len(cols):
            row[at:at] = [None] * gap
    return row


def _table(
    cols: list[str], row: Sequence[re.Match[str] | None], unit: str | None, label: str
) -> Table:
    amounts: dict[str, Amount] = {}
    rate = score = None
    for col, cell in zip(cols, row, strict=True):
        if cell is None or cell.group("blank"):
            continue
        num = cell.group("num")
        if col in ("initial", "planned", "executed"):
            u = cell.group("unit") or unit
            if u and not cell.group("pct"):
                amounts.setdefault(col, Amount(cell.group(0), written_number(num.rstrip(",")), u))
        elif col == "rate" and len(num.split(".")[0]) <= 3:
            # "202010100.00%": cells run together with no gap, no rate
            rate = num if cell.group("pct") else rate or _bare_rate(num, cols, row, unit)
        elif (
            col == "score"
            and re.search(r"总分|合计|总计", label)
            and not {"planned", "executed", "initial"} & set(cols)
        ):
            # a funds table's 得分 is the execution's share of the score, on its 合计 row too
            score = num
    return Table(amounts, rate, score)


def _bare_rate(
    num: str, cols: list[str], row: Sequence[re.Match[str] | None], unit: str | None
) -> str | None:
    """
    A 执行率 cell without its % ("预算数 | 执行数 | 执行率" / "50 | 10 | 20"): the rate when it is
    the exact rate of the row's amounts as written, rounded half-up or truncated to its decimals;
    else no rate (a ratio "0.2", a score, a cell out of place).
    """
    cells = dict(zip(cols, row, strict=True))
    planned, executed = cells.get("planned") or cells.get("initial"), cells.get("executed")
    if planned is None or executed is None or not unit:
        return None
    if (
        planned.group("blank")
        or executed.group("blank")
        or planned.group("pct")
        or executed.group("pct")
    ):
        return None
    b = Amount(
        planned.group(0),
        written_number(planned.group("num").rstrip(",")),
        planned.group("unit") or unit,
    ).money
    e = Amount(
        executed.group(0),
        written_number(executed.group("num").rstrip(",")),
        executed.group("unit") or unit,
    ).money
    stated = written_number(num)
    if stated is None or b is None or e is None or b.fen <= 0 or stated > Fixed(999):
        return None
    return num if _exact_rate(stated, b.fen, e.fen) else None


def _exact_rate(rate: Fixed, planned: int, executed: int) -> bool:
    """
    Whether *rate* (percent) is executed / planned (in fen, exact) rounded half-up or truncated to
    its decimals, in integers: (2r - 1)·p <= 200·e·10^k < (2r + 2)·p for r units of 10^-k.

    >>> _exact_rate(Fixed(6667, 2), 120, 80), _exact_rate(Fixed(6666, 2), 120, 80), _exact_rate(Fixed(67, 0), 120, 80)
    (True, True, True)
    """
    if planned <= 0:
        return False
    scaled = 200 * executed * 10**rate.places
    return bool((2 * rate.units - 1) * planned <= scaled < (2 * rate.units + 2) * planned)
