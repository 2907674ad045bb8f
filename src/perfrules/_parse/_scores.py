"""
The self-score and the grade a report states: a score beside its full marks, a score table's
total row, a grade in words or letters, and a grade closing the score's clause.

>>> [n for _, _, n in scores("自评得分96分(满分100分),等级为优。")], [g for _, g in grades("自评结果:96分,优。")]
(['96'], ['优'])
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from perfrules._quantity import Fixed
from perfrules.errors import InvalidValueError

__all__ = ["grades", "scores", "written_number"]


def written_number(text: str) -> Fixed | None:
    """A written number, or None when masked or unreadable."""
    if "*" in text:
        return None
    try:
        return Fixed.parse(text)
    except InvalidValueError:
        return None


_SCORE = re.compile(
    r"(?P<kw>自评得分|自评总分|自评分值|自评分数?|综合得分|总得分|最终得分|评价得分|自评结果|评分结果|合计得分|得分合计|得分|评分|总分|分数|共得|实得|(?:自评|评价|综合|最终)得|自评)"
    r"(?P<max>\((?:满分|总分值?|分值)[为:]?[0-9]{1,3}(?:\.[0-9]{1,4})?分?\)|[为是:]?满分[0-9]{1,3}(?:\.[0-9]{1,4})?分?(?:中|之中|里)的?(?:得|获得|得到)?|\(分\))?"
    r"(?P<gap>[^0-9。;\n分评得]{0,8}?(?::\n)?)(?P<full>满分)?(?P<num>[0-9*]{1,3}(?:\.[0-9*]{1,4})?)(?P<fen>分)?(?![0-9.%*])"
)
_SCORE_NOT = re.compile(r"满|扣|值|率|占|权重|标准|以上|以下|不低于|达到")
#: Words that put a score or a grade in an earlier year: not this report's.
_EARLIER = re.compile(r"上年|去年|上一年|前一年|以前年度|往年")
_BARE_GAPS = ("", ":", "为", "是", "为:", "达", "|")
_STRONG = ("自评", "综合", "总得分", "最终", "评价得", "总分", "合计")
_G = "优秀|良好|中等|一般|较差|不合格|合格|优|良|中|差|[A-Ea-e][+-]?"
_GRADE_END = r"(?=[”\"'」』,。;:()\s|]|等|级|档|$)"
_GRADE = re.compile(
    rf"(?:等级|等次|级别|档次|评级|结果|结论|评价为|评定为|评为)(?:为|是|:|\||评定为|评为|达到|属于|确定为)?:?[“\"'「『]?(?P<a>{_G}){_GRADE_END}"
    rf"|[“\"'「『](?P<b>{_G})[”\"'」』](?:等级|等次|级|档)"
    rf"|(?:评定为|评为|达到|属于|结果为|为)(?P<c>{_G})(?:等级|等次|级|档)"
)
_GRADE_NAMES = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}


def _earlier(text: str, pos: int) -> bool:
    """Whether the sentence up to *pos* speaks of an earlier year."""
    window = text[max(0, pos - 30) : pos]
    cut = max(window.rfind(c) for c in "。;\n")
    return _EARLIER.search(window, cut + 1) is not None


_NEXT_CELL = re.compile(r"[ |]{1,3}([0-9]{1,3}(?:\.[0-9]{1,4})?)(?![0-9.%*])")


def _sentence(text: str, pos: int) -> tuple[int, int]:
    """The span of the sentence (or table line) around *pos*, at most 80 characters either side."""
    window = text[max(0, pos - 80) : pos]
    start = max(0, pos - 80) + max(window.rfind(c) for c in "。;!?\n") + 1
    ends = [i for i in (text.find(c, pos, pos + 80) for c in "。;!?\n") if i >= 0]
    return start, min(ends, default=min(len(text), pos + 80))


def scores(text: str) -> list[tuple[int, int, str]]:
    """
    ``(position, strength, number)`` of each self-score the text states; not the full marks
    beside it (``满分100分``, ``总分100分，得分96分``): "得分为满分100分" is a score of 100 only
    when the sentence states no other score.
    """
    found = [(m, num) for m in _SCORE.finditer(text) if (num := _score(text, m)) is not None]
    by_sentence: dict[tuple[int, int], list[re.Match[str]]] = {}
    for m, _ in found:
        by_sentence.setdefault(_sentence(text, m.start()), []).append(m)
    out = []
    for m, num in found:
        others = [
            other
            for other in by_sentence[_sentence(text, m.start())]
            if other is not m
            and not other.group("full")
            and "其中" not in text[min(m.start(), other.start()) : max(m.start(), other.start())]
        ]
        if m.group("full") and others:
            continue  # "自评得分：满分100分，实得88分"
        if (
            m.group("kw") == "总分"
            and m.group("fen")
            and any(o.group("kw") != "总分" and o.group("fen") for o in others)
        ):
            continue  # "总分100分，自评得分96分": the full marks
        if m.group("kw") == "总分" and any(
            o is not m and o.group("kw").startswith("自评") and not o.group("full")
            for o in by_sentence[_sentence(text, m.start())]
        ):
            continue  # "评价总分100分，其中自评得分96分": an explicit 自评 score beats a bare 总分, even after 其中
        out.append((m.start(), int(any(s in m.group("kw") for s in _STRONG)), num))
    out += [(pos, 1, num) for pos, num in _total_rows(text)]
    return out


#: The total row of a score table, "合计100" / "合计 | 100 | 96": a score only under a 分值 / 得分 header.
_TOTAL_ROW = re.compile(
    r"(?:合计|总计)(?![得分])[ |:]{0,3}(?P<num>[0-9]{1,3}(?:\.[0-9]{1,4})?)(?![0-9.%*万元千亿])"
)
_WEIGHT_HEAD = re.compile(r"分值|权重")
#: A total row whose full marks (100) and score ran together: "总分100100", "合计10096.5".
_FULL_THEN_SCORE = re.compile(
    r"(?:总分|合计|总计)[:|]?100(?P<num>(?:100|[1-9]?[0-9])(?:\.[0-9]{1,4})?)(?![0-9.%*万元千亿])"
)
#: Headers next to a score column: a score table's ("…实际完成值 | 分值 | 得分"), or a funds table's
#: ("…全年执行数 | 分值 | 执行率 | 得分"), whose 合计 row holds amounts.
_HEADS = re.compile(
    r"(?P<score>(?:分值|权重)[ |\t\n]{0,3}(?:自评)?得分|(?:指标值|完成值|完成情况|指标)[ |\t\n]{0,3}(?:分值|权重|(?:自评)?得分))"
    r"|(?P<funds>(?:预算数?|执行数|支出数|执行率)[ |\t\n]{0,3}(?:分值|权重|得分|执行率|执行数|预算数?))"
)


def _total_rows(text: str) -> Iterator[tuple[int, str]]:
    """
    ``(position, number)`` of each score table's total row (``合计100``, ``合计 | 100 | 96``):
    only when the last header before it is a score table's, never a funds table's.
    """
    for m in _TOTAL_ROW.finditer(text):
        heads = list(_HEADS.finditer(text, max(0, m.start() - 2000), m.start()))
        if not heads or heads[-1].lastgroup != "score":
            continue
        if _earlier(text, m.start()) or Fixed.parse(m.group("num")) > Fixed(100):
            continue
        cell = _NEXT_CELL.match(text, m.end())
        if cell:
            yield m.start(), cell.group(1)  # "合计 | 100 | 96": the full marks, then the score
        elif not _WEIGHT_HEAD.search(text, max(0, heads[-1].start() - 40), heads[-1].end() + 8):
            yield m.start(), m.group("num")  # "…得分 合计 96": the score column alone
        # under 分值 and 得分 one number is the full marks, the score cell left blank ("合计 | 100 | |")
    for m in _FULL_THEN_SCORE.finditer(text):
        heads = list(_HEADS.finditer(text, max(0, m.start() - 2000), m.start()))
        if heads and heads[-1].lastgroup == "score" and Fixed.parse(m.group("num")) <= Fixed(100):
            # "总分100100": the full marks and the score with no gap
            yield m.start(), m.group("num")


_HEAD_BEFORE = re.compile(r"(?:分值|权重|指标值|完成值|指标)[ |\t]{0,3}$")

#: A part of the scorecard with its full marks in brackets: "产出指标(40分)", "预算执行情况(20分)".
_PART_MARKS = re.compile(r"(?:指标|情况|目标|管理|决策|过程|产出|效益|效果)\($")

_FULL_GAPS = ("", ":", "为", "是", "为:", "达", "达到", "获得", "得")


def _score(text: str, m: re.Match[str]) -> str | None:
    """The number of a score match, or None when it is not a self-score."""
    gap, kw = m.group("gap"), m.group("kw")
    if m.group("full"):
        if gap not in _FULL_GAPS or text[m.end() : m.end() + 1] in ("中", "的", "制"):
            return None  # "(满分100分)", "满分100分中的96分"
    elif _SCORE_NOT.search(gap) or (not m.group("fen") and gap not in _BARE_GAPS):
        return None
    if m.group("fen") and _PART_MARKS.search(gap) and text[m.end() : m.end() + 1] == ")":
        return None  # "得分" + "产出指标(40分)": a part's full marks in brackets, not a score
    number = written_number(m.group("num"))
    if number is not None and number > Fixed(100):
        return None
    if "执行" in text[max(0, m.start() - 6) : m.start()] or _earlier(text, m.start()):
        return None
    if kw == "总分" and text[m.end("kw") : m.end("kw") + 1] == "值":
        return None
    if kw == "得分合计" and _HEAD_BEFORE.search(text, max(0, m.start() - 6), m.start()):
        return None  # a header's last cell, then the total row ("…分值得分" + "合计100"): read as a total row
    num = m.group("num")
    if not m.group("fen") and number == Fixed(100):
        # a flattened score table's total row, "总分 | 100 | 96": the full marks, then the score
        cell = _NEXT_CELL.match(text, m.end())
        if cell:
            num = cell.group(1)
    return num


#: A letter grade (A/B/C/D, as some jurisdictions grade) counts only in a sentence about the evaluation…
_LETTER_CONTEXT = re.compile(r"自评|评价|绩效|得分|评分|评定|考核|结论")
#: …and not about a rating of another kind (纳税信用等级为A级).
_LETTER_OTHER = re.compile(r"信用|纳税|资信|资质|安全|风险|征信|景区|保护|诚信|文明")


#: A letter grade followed by the self-score in its sentence: "等级为A+，得分85分".
_SCORE_AFTER = re.compile(r"[^。;\n]{0,8}?(?:自评|综合|评价|总)?(?:得分|评分|总分)")
#: A word grade in brackets after a letter grade: "等级为A(优秀)".
_GLOSS = re.compile(r"[级等档]?\((优秀|良好|中等|较差|优|良|中|差)\)")


#: A grade straight after a self-score, in the same short clause: "自评结果：96分，优。", "得分85分，A级".
_SCORE_GRADE = re.compile(
    rf"[,、(]?(?:等级|等次|评定|评价)?(?:为|是|:|属于|评定为|评为)?[“\"'「『]?(?P<g>{_G})[”\"'」』]?(?:等级|等次|级|等|档)?(?=[。;,\n)|]|$)"
)


def _score_grades(text: str) -> Iterator[tuple[int, str]]:
    """A grade written right after the self-score, with no word of its own before it."""
    for m in _SCORE.finditer(text):
        if not m.group("fen") or m.group("full") or _score(text, m) is None:
            continue
        g = _SCORE_GRADE.match(text, m.end())
        if g:
            label = g.group("g")
            yield m.end(), _GRADE_NAMES.get(label, label.upper())


def grades(text: str) -> Iterator[tuple[int, str]]:
    yield from _score_grades(text)
    for m in _GRADE.finditer(text):
        if _earlier(text, m.start()):
            continue
        label = m.group("a") or m.group("b") or m.group("c")
        if label.isascii():
            start, _ = _sentence(text, m.start())
            _, end = _sentence(text, m.end())
            gloss = _GLOSS.match(text, m.end())
            # the evaluation named before the letter, or its score right after it ("等级为A+，得分85分")
            named = _LETTER_CONTEXT.search(
                text, max(start, m.start() - 30), m.end()
            ) or _SCORE_AFTER.match(text, m.end(), min(end, m.end() + 16))
            if (not gloss and not named) or _LETTER_OTHER.search(
                text, max(start, m.start() - 30), min(end, m.end() + 8)
            ):
                continue
            label = (
                gloss.group(1) if gloss else label.upper()
            )  # "A(优秀)": the text says which word the letter is
        yield m.start(), _GRADE_NAMES.get(label, label)
