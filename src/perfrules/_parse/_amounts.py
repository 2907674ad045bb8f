"""
Amounts and rates stated in prose: an amount is what a keyword just before it says it is
(``全年预算数``, ``执行数``…), within its clause; a keyword that names a part (``其中``,
``基本支出``, ``收入``) leaves the amount out, as does an indicator's target (``≤90万元``).

>>> [(c.role, str(c.amount.money)) for c in amounts("全年预算数2066.22万元,执行数2032.03万元,其中基本支出1000万元。")]
[('final', '20662200.00'), ('executed', '20320300.00')]
>>> [r for _, r in rates("预算执行率98.35%,采购执行率100%。")]
['98.35']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from fractions import Fraction

import attrs

from perfrules._parse._scores import written_number
from perfrules._quantity import Fixed, Money, rate_fits

__all__ = [
    "CLAUSE_END",
    "RECEIVED",
    "Amount",
    "Candidate",
    "amounts",
    "by_sentence",
    "pick",
    "rates",
]

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


def fits(stated: Fixed, budget: Amount, executed: Amount) -> bool:
    """Whether a stated rate (percent) can be the rate of the amounts, known to half their last written digit."""
    b, e = budget.money, executed.money
    if b is None or e is None:
        return False
    hb, he = budget.half_step, executed.half_step
    return rate_fits(
        stated,
        (Fraction(b.fen - hb), Fraction(b.fen + hb)),
        (Fraction(e.fen - he), Fraction(e.fen + he)),
    )


_NUM = r"[0-9*][0-9*,]{0,24}(?:\.[0-9*]{1,8})?"
_AMOUNT = re.compile(
    rf"(?<![0-9.*A-Za-z])(?P<num>{_NUM})(?P<unit>亿元|万元|千元|元|万(?=[,;。、()|\n]|$))|(?P<pre>\((?P<punit>亿元|万元|千元|元)\))(?:[:为是]{{0,2}})(?P<pnum>{_NUM})(?![0-9.*%])"
)
_UNITS = {"万": "万元"}
_ROLE = re.compile(
    r"(?P<initial>年初(?:批复|安排|下达|预算){1,2}的?(?:预算)?(?:数|金额|资金)?|年初数)"
    r"|(?P<executed>执行数|执行金额|执行资金|实际执行|预算执行|实际支出|支出数|已支出|累计支出|实际使用|使用资金|已使用|决算数|实际完成|完成支出|完成(?:预算)?资金|完成投资|支出费用|支出金额|支付|拨付|执行|支出|使用)"
    r"|(?P<planned>(?:全年|年度)?预算支出数?|全年预算数?|调整后的?(?:项目)?预算数?|调整预算数?|预算调整后|预算数|预算金额|预算资金|预算安排|预算总额|安排资金|资金总额|下达资金|批复资金|年度预算|预算|总投资|资金规模|下达|安排)"
)
#: A budget keyword that names the final, adjusted budget: it wins over a plain "预算" in the same sentence.
_FINAL_BUDGET = re.compile(r"全年|调整")
_PART = re.compile(
    r"其中|基本支出|收入|结转|结余|上年|增长|减少|三公|采购|公用经费|人员经费|同比|比上|追加|调增|调减|追减|新增"
)
_PART_BEFORE = ("基本", "项目", "人员", "公用", "其他", "日常")
#: Keywords that a part's name before them ("项目支出", "基本支出") makes a part.
_PART_KEYWORDS = ("支出", "支出数", "执行")
CLAUSE_END = ",;。!?\n"
#: Funds received (实际到位资金, 资金到位率): neither the budget nor what was executed.
RECEIVED = "到位"


#: A performance indicator's class or value column: the amounts after it are targets, not facts.
_INDICATOR = re.compile(r"(?:数量|质量|时效|成本|效益|满意度)指标|指标值")
#: A bound just before an amount: "≤90万元", "不超过20万元".
_TARGET_BEFORE = re.compile(r"(?:[≥≤<>]|不超过|不高于|不低于|不少于|控制在)[ ]{0,2}$")


@attrs.frozen
class Candidate:
    pos: int
    role: str
    amount: Amount


def _role(clause: str) -> str | None:
    best: re.Match[str] | None = None
    for m in _ROLE.finditer(clause):
        if (
            best is None
            or m.end() > best.end()
            or (m.end() == best.end() and len(m.group(0)) > len(best.group(0)))
        ):
            best = m
    if best is None or _PART.search(clause):
        return None
    if RECEIVED in clause[best.start() :]:
        return None  # "拨付到位资金", "预算资金到位", "全年预算数、到位资金": funds received, neither budget nor executed
    role = best.lastgroup
    if (
        role == "executed"
        and best.group(0) in _PART_KEYWORDS
        and clause[max(0, best.start() - 2) : best.start()] in _PART_BEFORE
    ):
        return None
    if role == "planned" and _FINAL_BUDGET.search(clause[max(0, best.start() - 4) : best.end()]):
        return "final"
    return role


def amounts(text: str) -> Iterator[Candidate]:
    for m in _AMOUNT.finditer(text):
        if m.group("num") is not None:
            num, unit, pos = m.group("num"), m.group("unit"), m.start()
        else:
            num, unit, pos = m.group("pnum"), m.group("punit"), m.start()
        window = text[max(0, pos - 30) : pos]
        cut = max(window.rfind(c) for c in CLAUSE_END)
        clause = window[cut + 1 :]
        if _INDICATOR.search(clause) or _TARGET_BEFORE.search(clause):
            continue  # an indicator's target ("成本指标项目计划总投资20万元", "≤90万元"), not a fact
        role = _role(clause)
        if role is None:
            continue
        # "安排资金19204.096万。": 万 alone before a clause's end is 万元
        yield Candidate(
            pos, role, Amount(m.group(0), written_number(num.rstrip(",")), _UNITS.get(unit, unit))
        )


_RATE = re.compile(
    r"(?P<kw>预算执行率|资金执行率|支出执行率|执行率|资金支付率|支付率|完成(?:全年|年度)?预算的?|占(?:全年|年度)?预算(?:数)?的?|预算完成率|支出进度|支付进度|执行进度|资金使用率|支出率)(?P<gap>[^0-9%。;\n率预执]{0,6}?)(?P<num>[0-9*]{1,6}(?:\.[0-9*]{1,4})?)%"
)
_RATE_TARGET = re.compile(r"[≥≤<>]|不低于|不少于|不高于|目标|应|需|要求|标准|未达|低于|不足")
_RATE_OTHER = ("采购", "三公", "经费", "收入", "绩效目标")


def rates(text: str) -> Iterator[tuple[int, str]]:
    for m in _RATE.finditer(text):
        before = text[max(0, m.start() - 4) : m.start()]
        after = text[m.end() : m.end() + 2]
        if (
            _RATE_TARGET.search(m.group("gap"))
            or after.startswith(("以上", "以下", "及以", "的需", "的应", "的要", "的须"))
            or any(w in before for w in _RATE_OTHER)
        ):
            continue
        clause = text[max(0, m.start() - 8) : m.start()]
        if RECEIVED in clause[max(clause.rfind(c) for c in CLAUSE_END) + 1 :]:
            continue  # "到位资金执行率": a rate of the funds received, not of the budget
        yield m.start(), m.group("num")


_SENTENCE = re.compile(r"[^。!?\n]+[。!?]?")


def by_sentence(
    text: str, candidates: Sequence[Candidate], rates: Sequence[tuple[int, str]]
) -> Iterator[tuple[int, list[Candidate], list[str]]]:
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


def pick(candidates: Sequence[Candidate]) -> tuple[Amount | None, Amount | None, Amount | None]:
    """The budget (a final one, 全年 or 调整后, before a plain one), the executed and the initial amount."""
    first: dict[str, Amount] = {}
    for c in candidates:
        first.setdefault(c.role, c.amount)
    return first.get("final", first.get("planned")), first.get("executed"), first.get("initial")
