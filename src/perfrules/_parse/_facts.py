"""
The facts a report states: its unit, year and kind, the budget and executed amounts, the stated
execution rate, the self-score and the grade.

Each fact is read where the text states it: an amount is what a keyword just before it says it
is (``全年预算数``, ``执行数``…), within its clause; a keyword that names a part (``其中``,
``基本支出``, ``收入``) leaves the amount out. Masked numbers (``78.*元``, ``****``) are not read;
they are reported instead.

>>> f = read_facts("某局2021年部门整体支出绩效自评报告\\n全年预算数2066.22万元,执行数2032.03万元,执行率98.35%。自评得分94.16分,等级为优。", ())
>>> f.department, f.year, f.kind, str(f.budget), str(f.executed), str(f.rate), str(f.score), f.grade
('某局', 2021, 'department', '20662200.00', '20320300.00', '98.35', '94.16', '优')
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from fractions import Fraction

import attrs

from perfrules._parse._outline import FIELD_LABEL, NAVIGATION, cn_number
from perfrules._parse._scores import grades, scores, written_number
from perfrules._quantity import Fixed, Money

__all__ = ["Amount", "Facts", "read_facts"]

_UNIT_FEN = {"亿元": 10_000_000_000, "万元": 1_000_000, "千元": 100_000, "元": 100}


@attrs.frozen
class Amount:
    """An amount as written: its number, its unit, and its value (``None`` when masked)."""

    text: str
    number: Fixed | None
    unit: str

    @property
    def money(self) -> Money | None:
        """The amount in fen, or ``None`` when masked or not a whole number of fen."""
        if self.number is None:
            return None
        fen = Fraction(self.number.units * _UNIT_FEN[self.unit], 10**self.number.places)
        return Money(int(fen)) if fen.denominator == 1 else None

    @property
    def half_step(self) -> Fraction:
        """Half the last written digit, in fen: how far the written amount may be from the true one."""
        places = self.number.places if self.number is not None else 0
        return Fraction(_UNIT_FEN[self.unit], 2 * 10**places)


@attrs.frozen
class Facts:
    """What :func:`read_facts` found; ``None`` where the text does not say."""

    title: str | None = None
    department: str | None = None
    project: str | None = None
    year: int | None = None
    kind: str | None = None
    budget_amount: Amount | None = None
    executed_amount: Amount | None = None
    initial_amount: Amount | None = None
    rate: Fixed | None = None
    score: Fixed | None = None
    grade: str | None = None
    masked: tuple[tuple[str, str], ...] = ()
    unfilled: tuple[str, ...] = ()  #: the labels of tables' total rows left at zero while their 其中 rows carry amounts

    @property
    def budget(self) -> Money | None:
        """全年预算数 (or 年初预算数 when the text gives no other)."""
        return self.budget_amount.money if self.budget_amount else None

    @property
    def executed(self) -> Money | None:
        """全年执行数."""
        return self.executed_amount.money if self.executed_amount else None

    @property
    def initial(self) -> Money | None:
        """年初预算数."""
        return self.initial_amount.money if self.initial_amount else None




# ----------------------------------------------------------------------------- title, unit, year

_YEAR_CN = re.compile(r"[二][〇零○][一二三四五六七八九〇零○]{2}(?=年)")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?=年)")
#: A date ("2018年7月", "2019年06月18日"): when a report was written, not the year it reports on.
_DATE_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?=年[0-9]{1,2}月)")
_TITLE_CUT = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}年|[二][〇零○][一二三四五六七八九〇零○]{2}年|部门整体|整体支出|部门支出|项目支出|项目绩效|专项资金|绩效自评|绩效评价|预算绩效|自评报告|支出绩效|\(20[0-9]{2}")
_UNIT_SUFFIX = re.compile(r"(?:局|委员会|委|办公室|办|院|中心|所|站|队|部|厅|署|处|科|馆|社|校|学|医院|街道办事处|街道|镇|乡|政府|公司|室|团|会|联合会|法院|检察院|协会|集团|园|台|场)$")
_UNIT_LABEL = r"项目实施单位|实施单位|预算单位|项目单位|(?:预算)?(?:部门|单位)(?:\((?:部门|单位)\)|、(?:部门|单位))?(?:名称|全称)|填报单位|评价单位|主管部门|主管单位"
_FIELD = re.compile(rf"(?P<label>{_UNIT_LABEL})(?:名称)?(?:\([盖公]章\))?[:|](?P<value>[^,;。:|\n]{{2,40}})")
#: A label alone on its line (a form flattened one cell per line): the value is the next line.
_LABEL_ALONE = re.compile(rf"(?P<label>{_UNIT_LABEL})(?:名称)?(?:\([盖公]章\))?:?")
_FIELD_RANK = {"单位名称": 0, "部门名称": 0, "填报单位": 1, "预算单位": 1, "实施单位": 2, "项目实施单位": 2, "项目单位": 2, "评价单位": 3, "主管部门": 4, "主管单位": 4}
#: A unit's budget code before its name in a form: "219001-池州市贵池区棠溪镇人民政府".
_CODE_PREFIX = re.compile(r"^[0-9A-Za-z]{2,24}-")


def _field_rank(label: str) -> int:
    if label in _FIELD_RANK:
        return _FIELD_RANK[label]
    return 0 if label.endswith(("名称", "全称")) else 1
#: Words of a title that name the kind of report, not a project: "项目支出", "专项资金"…
_KIND_WORDS = re.compile(r"(?:项目|支出|专项|资金|单位|部门|整体|年度|度|预算|的){1,8}")
_INTRO = re.compile(r"^(?P<d>[^,。;:!?]{2,40}?)(?:是|为|作为|成立于|于(?:19|20)[0-9]{2}年|主要职责|内设)")


def _cn_year(text: str) -> int:
    digits = {"〇": 0, "零": 0, "○": 0} | {c: cn_number(c) for c in "一二三四五六七八九"}
    return int("".join(str(digits[c]) for c in text))


#: A title at the head of a long paragraph (a PDF converted into one line): up to its "报告".
_TITLE_HEAD = re.compile(r"[^,;。:!?]{4,80}?(?:自评|评价|绩效)[^,;。:!?]{0,12}?报告(?:\([^()]{0,20}\))?|[^,;。:!?]{2,60}?(?:自评|评价)表(?:\([^()]{0,20}\))?")


_NUMBERED = re.compile(r"[(]?[一二三四五六七八九十0-9]{1,3}[、.)]")


def _title_start(head: Sequence[str], at: int) -> str:
    """The title at *at*, with its first line when a conversion split it ("…2022年度部门整体支出" / "绩效自评报告")."""
    para = head[at]
    if at and not _YEAR.search(para) and not _YEAR_CN.search(para):
        before = head[at - 1]
        if len(before) + len(para) <= 120 and (_YEAR.search(before) or _YEAR_CN.search(before)) and not any(c in before for c in "。,;:!?|"):
            return before + para
    return para


#: A sentence, not a title: a clause break, or a full stop after a clause ("经自评，我局…得分96分，等级为优。").
_SENTENCE_MARKS = re.compile(r"[,;]|。$")


def _title(paragraphs: Sequence[str]) -> str | None:
    head = [p for p in paragraphs[:10] if not NAVIGATION.search(p)]  # a breadcrumb may end with the title, but is none
    for at, para in enumerate(head):
        if len(para) <= 120 and para.endswith("报告") and ("自评" in para or "评价" in para or "绩效" in para):
            return _title_start(head, at)
    for at, para in enumerate(head[:6]):
        if len(para) <= 120 and ("报告" in para or "自评" in para or "绩效评价" in para) and "。" not in para[:-1] and not _SENTENCE_MARKS.search(para):
            m = _TITLE_HEAD.match(para)
            if m and m.end() < len(para) and not _YEAR.match(para, m.end()):
                return m.group(0)  # a form's title run into its cells: "项目支出绩效自评表(2022年度)项目名称…"
            return _title_start(head, at)
    for para in head[:3]:
        m = _TITLE_HEAD.match(para)
        if m:
            return m.group(0)
    if head and len(head[0]) <= 60 and _YEAR.search(head[0]) and not any(c in head[0] for c in "。,;:!?|"):
        return head[0]  # another document's title ("某局2017年度部门决算说明") with the evaluation inside
    return None


#: The next label of a form run into a field's value ("塘湖镇政府 填报日期:…" squeezed to one word).
_NEXT_LABEL = re.compile(FIELD_LABEL)


def _clean_unit(name: str) -> str | None:
    if _NEXT_LABEL.match(name):
        return None  # a form's label and what follows ("填报日期年月日…"), not a unit
    following = _NEXT_LABEL.search(name, 2)
    if following:
        name = name[: following.start()]
    name = name.strip(" :|").removesuffix("(盖章)").removesuffix("(公章)")
    name = _CODE_PREFIX.sub("", name.strip(' :|-"“”《》()'))
    name = name.removeprefix("关于").removesuffix("关于")
    while name.endswith(("的", "(", "《")):
        name = name[:-1]
    return name if 2 <= len(name) <= 60 else None


def _year(title: str | None, text: str) -> int | None:
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(0))
        c = _YEAR_CN.search(title)
        if c:
            return _cn_year(c.group(0))
    dates = {m.start() for m in _DATE_YEAR.finditer(text)}
    counts = Counter(m.group(0) for m in _YEAR.finditer(text) if m.start() not in dates)
    if not counts:
        counts = Counter(m.group(0) for m in _YEAR.finditer(text))
    if not counts:
        c = _YEAR_CN.search(text)
        return _cn_year(c.group(0)) if c else None
    best = max(counts.values())
    return int(next(y for y in counts if counts[y] == best))


def _kind(title: str | None, text: str) -> str | None:
    for where in (title or "", text[:3000]):
        if re.search(r"部门整体|整体支出|部门支出绩效|部门绩效自评", where):
            return "department"
        if re.search(r"项目|专项", where) and where is title:
            return "project"
        if re.search(r"项目支出绩效|项目绩效自评|项目自评", where):
            return "project"
    return None


_PROJECT_FIELD = re.compile(r"项目名称[:|](?P<value>[^,;。:|\n]{2,40})")
#: A form's cells run together, each label straight before its value: "项目名称社保缴费主管部门某镇人民政府实施单位…".
_RUN_FIELD = re.compile(rf"(?P<label>项目名称|{_UNIT_LABEL})(?:\([盖公]章\))?(?=(?P<value>[^,;。:|\n(]{{2,40}}))")


def _run_fields(text: str) -> Iterator[tuple[str, int, str]]:
    """``(label, position, value)`` of each form label run into its value and the next label."""
    for m in _RUN_FIELD.finditer(text[:20000]):
        value = m.group("value")
        following = _NEXT_LABEL.search(value, 2)
        if following is not None and following.start() >= 2:
            yield m.group("label"), m.start(), value[: following.start()]


def _project_field(text: str, lines: Sequence[str]) -> str | None:
    """The project's name from a form's "项目名称" field, inline or on the next line."""
    m = _PROJECT_FIELD.search(text[:20000])
    value = m.group("value") if m else next((v for label, _, v in _run_fields(text) if label == "项目名称"), None)
    if value is None:
        at = next((i for i, line in enumerate(lines[:200]) if line.rstrip(":") == "项目名称"), None)
        value = lines[at + 1] if at is not None and at + 1 < len(lines) and len(lines[at + 1]) <= 40 else None
    return _clean_unit(value) if value else None


def _department(title: str | None, paragraphs: Sequence[str], text: str, lines: Sequence[str] = ()) -> tuple[str | None, str | None]:
    """The unit and, for a project report, the project's name from the title."""
    from_title = None
    project = None
    if title:
        cut = _TITLE_CUT.search(title)
        from_title = _clean_unit(title[: cut.start()]) if cut else None
        after = title[cut.end() :] if cut else ""
        p = re.search(r"^(?:度)?(?P<p>[^,。]{2,40}?)(?:项目)?(?:支出)?绩效", after)
        if p and "项目" in title and not re.search(r"部门整体|整体支出", title) and not _KIND_WORDS.fullmatch(p.group("p")):
            project = _clean_unit(p.group("p"))
        if cut and not from_title:
            # "2021年度某某局部门整体支出…": the unit after the year.
            rest = after.removeprefix("度")
            cut2 = _TITLE_CUT.search(rest)
            named = _clean_unit(rest[: cut2.start()]) if cut2 else None
            if named and _UNIT_SUFFIX.search(named):
                return named, project
    if from_title and _UNIT_SUFFIX.search(from_title):
        return from_title, project
    if title is not None and title in paragraphs[:8]:
        # A unit's name on its own line just above or below the title.
        at = list(paragraphs[:8]).index(title)
        for near in [*paragraphs[at + 1 : at + 2], *paragraphs[max(0, at - 1) : at]]:
            if len(near) <= 40 and _UNIT_SUFFIX.search(near.removesuffix("(盖章)").removesuffix("(公章)")) and not any(c in near for c in "。,;:!?") and not _NUMBERED.match(near):
                return _clean_unit(near), project
    fields = [(_field_rank(m.group("label")), m.start(), m.group("value")) for m in _FIELD.finditer(text[:20000])]
    fields += [(_field_rank(label), at, value) for label, at, value in _run_fields(text) if label != "项目名称" and _UNIT_SUFFIX.search(value)]
    for i, line in enumerate(lines[:200]):
        alone = _LABEL_ALONE.fullmatch(line)
        if alone and i + 1 < len(lines) and len(lines[i + 1]) <= 40 and _UNIT_SUFFIX.search(_CODE_PREFIX.sub("", lines[i + 1])):
            fields.append((_field_rank(alone.group("label")), -1, lines[i + 1]))
    fields.sort()
    for _, _, value in fields:
        name = _clean_unit(value)
        if name:
            return name, project
    if from_title:
        return from_title, project
    for para in paragraphs[:40]:
        m = _INTRO.match(para)
        if m and _UNIT_SUFFIX.search(m.group("d")) and not m.group("d").startswith(("我", "本")):
            return _clean_unit(m.group("d")), project
    for para in paragraphs[-3:]:
        if len(para) <= 40 and _UNIT_SUFFIX.search(para) and not any(c in para for c in "。,;:"):
            return _clean_unit(para), project
    return None, project


# ------------------------------------------------------------------------------------ amounts

_NUM = r"[0-9*][0-9*,]{0,24}(?:\.[0-9*]{1,8})?"
_AMOUNT = re.compile(rf"(?<![0-9.*A-Za-z])(?P<num>{_NUM})(?P<unit>亿元|万元|千元|元)|(?P<pre>\((?P<punit>亿元|万元|千元|元)\))(?:[:为是]{{0,2}})(?P<pnum>{_NUM})(?![0-9.*%])")
_ROLE = re.compile(
    r"(?P<initial>年初(?:批复|安排|下达|预算){1,2}的?(?:预算)?(?:数|金额|资金)?|年初数)"
    r"|(?P<executed>执行数|执行金额|执行资金|实际执行|预算执行|实际支出|支出数|已支出|累计支出|实际使用|使用资金|已使用|决算数|实际完成|完成支出|完成(?:预算)?资金|完成投资|支出费用|支出金额|支付|拨付|执行|支出|使用)"
    r"|(?P<planned>(?:全年|年度)预算支出数?|预算支出数|全年预算数?|调整后的?(?:项目)?预算数?|调整预算数?|预算调整后|预算数|预算金额|预算资金|预算安排|预算总额|安排资金|资金总额|下达资金|批复资金|年度预算|预算|总投资|资金规模|下达|安排)"
)
#: A budget keyword that names the final, adjusted budget: it wins over a plain "预算" in the same sentence.
_FINAL_BUDGET = re.compile(r"全年|调整")
_PART = re.compile(r"其中|基本支出|收入|结转|结余|上年|增长|减少|三公|采购|公用经费|人员经费|同比|比上|追加|调增|调减|追减|新增")
_PART_BEFORE = ("基本", "项目", "人员", "公用", "其他", "日常")
#: Keywords that a part's name before them ("项目支出", "基本支出") makes a part.
_PART_KEYWORDS = ("支出", "支出数", "执行")
_CLAUSE_END = ",;。!?\n"
#: Funds received (实际到位资金, 资金到位率): neither the budget nor what was executed.
_RECEIVED = "到位"


#: A performance indicator's class or value column: the amounts after it are targets, not facts.
_INDICATOR = re.compile(r"(?:数量|质量|时效|成本|效益|满意度)指标|指标值")
#: A bound just before an amount: "≤90万元", "不超过20万元".
_TARGET_BEFORE = re.compile(r"(?:[≥≤<>]|不超过|不高于|不低于|不少于|控制在)[ ]{0,2}$")


@attrs.frozen
class _Candidate:
    pos: int
    role: str
    amount: Amount


def _role(clause: str) -> str | None:
    best: re.Match[str] | None = None
    for m in _ROLE.finditer(clause):
        if best is None or m.end() > best.end() or (m.end() == best.end() and len(m.group(0)) > len(best.group(0))):
            best = m
    if best is None or _PART.search(clause):
        return None
    if _RECEIVED in clause[best.start() :]:
        return None  # "拨付到位资金", "预算资金到位", "全年预算数、到位资金": funds received, neither budget nor executed
    role = best.lastgroup
    if role == "executed" and best.group(0) in _PART_KEYWORDS and clause[max(0, best.start() - 2) : best.start()] in _PART_BEFORE:
        return None
    if role == "planned" and _FINAL_BUDGET.search(clause[max(0, best.start() - 4) : best.end()]):
        return "final"
    return role


def _amounts(text: str) -> Iterator[_Candidate]:
    for m in _AMOUNT.finditer(text):
        if m.group("num") is not None:
            num, unit, pos = m.group("num"), m.group("unit"), m.start()
        else:
            num, unit, pos = m.group("pnum"), m.group("punit"), m.start()
        window = text[max(0, pos - 30) : pos]
        cut = max(window.rfind(c) for c in _CLAUSE_END)
        clause = window[cut + 1 :]
        if _INDICATOR.search(clause) or _TARGET_BEFORE.search(clause):
            continue  # an indicator's target ("成本指标项目计划总投资20万元", "≤90万元"), not a fact
        role = _role(clause)
        if role is None:
            continue
        yield _Candidate(pos, role, Amount(m.group(0), written_number(num.rstrip(",")), unit))


_RATE = re.compile(r"(?P<kw>预算执行率|资金执行率|支出执行率|执行率|资金支付率|支付率|完成(?:全年|年度)?预算的?|占(?:全年|年度)?预算(?:数)?的?|预算完成率|支出进度|支付进度|执行进度|资金使用率|支出率)(?P<gap>[^0-9%。;\n率预执]{0,6}?)(?P<num>[0-9*]{1,6}(?:\.[0-9*]{1,4})?)%")
_RATE_TARGET = re.compile(r"[≥≤<>]|不低于|不少于|不高于|目标|应|需|要求|标准|未达|低于|不足")
_RATE_OTHER = ("采购", "三公", "经费", "收入", "绩效目标")


def _rates(text: str) -> Iterator[tuple[int, str]]:
    for m in _RATE.finditer(text):
        before = text[max(0, m.start() - 4) : m.start()]
        after = text[m.end() : m.end() + 2]
        if _RATE_TARGET.search(m.group("gap")) or after.startswith(("以上", "以下", "及以", "的需", "的应", "的要", "的须")) or any(w in before for w in _RATE_OTHER):
            continue
        clause = text[max(0, m.start() - 8) : m.start()]
        if _RECEIVED in clause[max(clause.rfind(c) for c in _CLAUSE_END) + 1 :]:
            continue  # "到位资金执行率": a rate of the funds received, not of the budget
        yield m.start(), m.group("num")


_SENTENCE = re.compile(r"[^。!?\n]+[。!?]?")


def _by_sentence(text: str, candidates: Sequence[_Candidate], rates: Sequence[tuple[int, str]]) -> Iterator[tuple[int, list[_Candidate], list[str]]]:
    """The candidates and rates of each sentence that has candidates, in one sweep."""
    ci = ri = 0
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        while ci < len(candidates) and candidates[ci].pos < start:
            ci += 1
        while ri < len(rates) and rates[ri][0] < start:
            ri += 1
        inside = []
        while ci < len(candidates) and candidates[ci].pos < end:
            inside.append(candidates[ci])
            ci += 1
        found = []
        while ri < len(rates) and rates[ri][0] < end:
            found.append(rates[ri][1])
            ri += 1
        if inside:
            yield start, inside, found


# ----------------------------------------------------------------------------- tables

_COLUMN = re.compile(
    r"(?P<received>(?:实际)?到位(?:资金|数|金额|率)?|资金到位(?:数|率)?)"
    r"|(?P<initial>年初预算数?|年初数)|(?P<planned>全年预算数?|调整后预算数?|预算数|全年数)|(?P<executed>全年执行数?|执行数|实际支出数?|支出数|实际执行数?)"
    r"|(?P<weight>分值|权重)|(?P<rate>执行率)|(?P<score>得分)"
)
_CELL = re.compile(r"(?<![0-9.*])(?P<num>[0-9*][0-9*,]{0,24}(?:\.[0-9*]{1,8})?)(?P<pct>%)?(?P<unit>亿元|万元|元)?|(?:(?<=\|)|^)(?P<blank>-|—|/|无)(?=\||$)")
#: A caption over a table's budget columns, with the unit: "年度预算数(万元)".
_CAPTION = re.compile(r"(?:年度|全年)?预算(?:数|资金)?\((?:亿元|万元|千元|元)\)[ |]{0,3}(?:年初|全年|调整)")
_TABLE_UNIT = re.compile(r"(?:单位|金额)[:]?(亿元|万元|元)|\((亿元|万元|元)(?:\)|(?![/每]))")
#: Columns whose cells a row may leave blank at its end (a 自评表 row before it is scored).
_TRAILING = ("weight", "score")


@attrs.frozen
class _Table:
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


def _tables(lines: Sequence[str]) -> Iterator[_Table]:
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
        elif j == i + 1 and _CAPTION.search(lines[i]) and "planned" in cols and {"initial", "planned"} & set(cols[cols.index("planned") + 1 :]):
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
        short = len(row) < len(cols) and all(c in _TRAILING for c in cols[len(row) :]) and len(row) >= 2
        if (len(row) == len(cols) or short) and "其中" not in label:
            table = _table(cols[: len(row)], row, unit, label)
            if _unfilled(table, lines, k, cols, unit):
                named = label or ("" if _COLUMN.search(lines[j - 1]) else lines[j - 1])  # a flattened row's label sits above its cells
                table = _Table({}, None, None, named.strip(" |:") or "合计")
            yield table
        i = max(k, i + 1)


_CELL_GAP = re.compile(r"[ |]{0,3}")


def _inline_tables(context: Sequence[str]) -> Iterator[_Table]:
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
        row = _align(cols, cells)
        short = len(row) < len(cols) and all(c in _TRAILING for c in cols[len(row) :]) and len(row) >= 2
        if cells and (len(row) == len(cols) or short) and "其中" not in label and not _header(label)[0]:
            table = _table(cols[: len(row)], row, unit, label)
            if _inline_unfilled(table, bare, cells[-1].end(), unit, cols):
                table = _Table({}, None, None, label.strip(" |:") or "合计")
            yield table


_PART_ROW = re.compile(r"[ |]{0,3}其中[^0-9]{0,24}")


def _inline_unfilled(total: _Table, line: str, end: int, unit: str | None, cols: list[str]) -> bool:
    """Whether a one-line table's total row is left at zero while its 其中 row right after it carries amounts."""
    if not total.amounts or not all(_zero(a) for a in total.amounts.values()):
        return False
    part = _PART_ROW.match(line, end)
    if part is None:
        return False
    cells: list[re.Match[str]] = []
    for cell in _CELL.finditer(line, part.end()):
        if (cells and not _CELL_GAP.fullmatch(line, cells[-1].end(), cell.start())) or len(cells) == len(cols):
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


def _unfilled(total: _Table, lines: Sequence[str], start: int, cols: list[str], unit: str | None) -> bool:
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


def _table(cols: list[str], row: Sequence[re.Match[str] | None], unit: str | None, label: str) -> _Table:
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
        elif col == "rate" and cell.group("pct") and len(num.split(".")[0]) <= 3:
            rate = num  # "202010100.00%": cells run together with no gap, no rate
        elif col == "score" and re.search(r"总分|合计|总计", label) and not {"planned", "executed", "initial"} & set(cols):
            # a funds table's 得分 is the execution's share of the score, on its 合计 row too
            score = num
    return _Table(amounts, rate, score)


# ----------------------------------------------------------------------------------- reading


def _merge(spans: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(spans):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _in(pos: int, merged: tuple[list[int], list[int]]) -> bool:
    i = bisect.bisect_right(merged[0], pos) - 1
    return i >= 0 and pos < merged[1][i]


def _pick(candidates: Sequence[_Candidate]) -> tuple[Amount | None, Amount | None, Amount | None]:
    """The budget (a final one, 全年 or 调整后, before a plain one), the executed and the initial amount."""
    first: dict[str, Amount] = {}
    for c in candidates:
        first.setdefault(c.role, c.amount)
    return first.get("final", first.get("planned")), first.get("executed"), first.get("initial")


def read_facts(text: str, conclusion: Sequence[tuple[int, int]], lines: Sequence[str] = (), paragraphs: Sequence[str] | None = None) -> Facts:
    """
    The facts of a report from its joined text; *conclusion* are the spans of its conclusion
    sections (where the self-score and grade are looked for first), *lines* its cleaned lines
    (for tables).
    """
    paras = paragraphs if paragraphs is not None else text.split("\n")
    title = _title(paras)
    department, project = _department(title, paras, text, lines)
    project = project or _project_field(text, lines)
    masked: list[tuple[str, str]] = []

    # Amounts and the stated rate: the sentence that states both amounts wins.
    candidates = list(_amounts(text))
    rates = list(_rates(text))
    budget = executed = initial = None
    rate_text: str | None = None
    best: tuple[tuple[int, int], list[_Candidate], list[str]] | None = None
    for start, inside, found in _by_sentence(text, candidates, rates):
        roles = {"planned" if c.role == "final" else c.role for c in inside}
        if ("planned" in roles or "initial" in roles) and "executed" in roles:
            rank = (bool(found) + ("planned" in roles), -start)
            if best is None or rank > best[0]:
                best = (rank, inside, found)
    if best is not None:
        _, inside, found = best
        budget, executed, initial = _pick(inside)
        rate_text = found[0] if found else None
    tables = list(_tables(lines))
    if budget is None and executed is None:
        for t in tables:
            if "planned" in t.amounts or "executed" in t.amounts:
                budget, executed, initial = t.amounts.get("planned"), t.amounts.get("executed"), t.amounts.get("initial")
                rate_text = rate_text or t.rate
                break
    if budget is None and executed is None and candidates:
        budget, executed, initial = _pick(candidates)
    if budget is None and initial is not None:
        budget = initial
    if rate_text is None:
        rate_text = next((r for _, r in rates), None) or next((t.rate for t in tables if t.rate), None)
    for name, amount in (("budget", budget), ("executed", executed)):
        if amount is not None and amount.money is None and "*" in amount.text:
            masked.append((name, amount.text))
    rate = written_number(rate_text) if rate_text else None
    if rate_text and rate is None:
        masked.append(("rate", rate_text + "%"))

    # The self-score and the grade: first in the conclusion, the strongest wording first.
    spans = _merge(conclusion)
    stated = sorted(scores(text), key=lambda s: (not _in(s[0], spans), -s[1], s[0]))
    score_text = stated[0][2] if stated else next((t.score for t in tables if t.score), None)
    score = written_number(score_text) if score_text else None
    if score is not None and score > Fixed(100):
        score = None
    if score_text and score is None and "*" in score_text:
        masked.append(("score", score_text))
    graded = sorted(grades(text), key=lambda g: (not _in(g[0], spans), g[0]))
    grade = graded[0][1] if graded else None

    return Facts(
        title=title,
        department=department,
        project=project,
        year=_year(title, text),
        kind=_kind(title, text),
        budget_amount=budget,
        executed_amount=executed,
        initial_amount=initial,
        rate=rate,
        score=score,
        grade=grade,
        masked=tuple(masked),
        unfilled=tuple(t.unfilled for t in tables if t.unfilled),
    )
