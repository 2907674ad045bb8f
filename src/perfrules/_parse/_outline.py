"""
The outline of a report: numbered blocks, their nesting, the sections and their numbered items.

Numbering comes in many styles (``第一部分``, ``一、``, ``(一)``, ``1.``, ``1、``, ``(1)``, ``①``,
``一是``, ``第一,``); a document nests them in an order of its own, learnt as it goes: a style not
seen yet opens a deeper level, a style seen before closes the levels below it. A marker counts
only where a list can start (a line start, after a sentence or a clause, or after a short
title) and only in sequence (``3.`` after ``2.``), so numbers in prose are not items.

>>> o = outline(["三、存在的主要问题", "(一)队伍偏老。(二)阵地不足。", "四、下一步改进措施", "(一)加强学习。一是读书;二是调研。"])
>>> o.problems
('队伍偏老。', '阵地不足。')
>>> o.measures, o.measure_points
(('加强学习。一是读书;二是调研。',), (('读书;', '调研。'),))
"""

from __future__ import annotations

import functools
import re

import attrs

from perfrules._parse._text import TERMINATORS, join_lines

__all__ = ["FIELD_LABEL", "NAVIGATION", "Block", "Outline", "Section", "cn_number", "outline", "section_key"]

_CN = "一二三四五六七八九十"
_CN_VALUE = {c: i + 1 for i, c in enumerate(_CN)} | {"〇": 0, "零": 0, "两": 2}

_MARKER = re.compile(
    rf"第(?P<part>[{_CN}]{{1,3}})(?:部分|章|节)"
    rf"|(?P<cn1>[{_CN}]{{1,3}})[、.](?![{_CN}0-9])"
    rf"|\((?P<cn2>[{_CN}]{{1,3}})\)"
    r"|(?<![0-9.])(?P<dec>[0-9]{1,2}\.[0-9]{1,2})(?![0-9.%])(?=[\u4e00-\u9fff(])(?![万亿千百元倍个人次分天年月日号吨亩户家项件台米度])"
    r"|(?<![0-9.])(?P<ar1>[0-9]{1,2})(?P<sep>[.、])(?![0-9])"
    r"|\((?P<ar2>[0-9]{1,2})\)"
    r"|(?P<circ>[\u2460-\u2473])"
    rf"|其?(?P<ord>[{_CN}]{{1,2}})是"
    rf"|第(?P<nth>[{_CN}]{{1,2}})[,、]"
)
#: Styles that are always the outermost levels of a document.
_TOP = {"part": 0, "cn1": 1}
#: Styles that may follow a short title with no punctuation between ("一、基本情况(一)部门概况").
_AFTER_TITLE = {"cn2", "ar1.", "ar1、", "ar2", "circ", "dec"}
_SENTENCE_END = "。;!?"
_NO_GAP = TERMINATORS + ",、)”"
#: The labels of a form's fields (a cover page, a 自评表): "部门(单位)名称", "预算部门、单位名称"…
FIELD_LABEL = (
    r"(?:项目名称|项目单位|项目实施单位|实施单位|主管部门|主管单位|(?:预算)?(?:部门|单位)(?:\((?:部门|单位)\)|、(?:部门|单位))?(?:名称|全称)|预算单位|填报单位|评价单位"
    r"|项目负责人|联系人|联系电话|联络电话|填报日期|填报人|报告日期|报告时间|评价方式|评价机构|预算编码|评价时间"
    r"|索引号|发布机构|发布日期|发文日期|文号|时效性|信息来源|信息类别|公开范围|公开方式)"
)
_FIELD_LINE = re.compile(rf"{FIELD_LABEL}(?:\([盖公]章\))?:")
#: A label alone on its line, its value on the next line (a table flattened one cell per line).
_LABEL_LINE = re.compile(rf"{FIELD_LABEL}(?:\([盖公]章\))?:?")
#: A bulleted "key: value" line of a web page's header ("- 发布机构: 某局").
_ANNEX = re.compile(r"附件[0-9一二三四五六七八九十]{0,3}:?")
#: A web page's navigation ("您现在的位置: 首页 > 工作动态 > …报告"): a line a wrap may continue, not a field.
NAVIGATION = re.compile(r"位置:|首页[>»›/]")
_KEY_VALUE = re.compile(r"[-·•][\u4e00-\u9fff]{2,8}:")
#: Bullets that open an item of a web page's list: a short line starting with one is a whole item.
_BULLETS = "•·▪●■◆"
_REPORT_TITLE_END = re.compile(r"报告(?:\([^()]{0,20}\))?$")
#: A whole title line with its year: "某中心2024年度项目支出绩效单位自评报告".
_REPORT_TITLE = re.compile(r"[^,;。:!?]{0,40}(?:(?:19|20)[0-9]{2}|[二][〇零○][一二三四五六七八九〇零○]{2})年[^,;。:!?]{2,40}(?:自评|评价|绩效)[^,;。:!?]{0,8}报告(?:\([^()]{0,20}\))?")


def cn_number(text: str) -> int:
    """
    The value of a Chinese numeral up to 99.

    >>> cn_number("三"), cn_number("十二"), cn_number("二十"), cn_number("二十一")
    (3, 12, 20, 21)
    """
    if "十" not in text:
        value = 0
        for c in text:
            value = value * 10 + _CN_VALUE.get(c, 0)
        return value
    tens, _, ones = text.partition("十")
    return (_CN_VALUE.get(tens, 1) if tens else 1) * 10 + (_CN_VALUE.get(ones, 0) if ones else 0)


def _style(m: re.Match[str]) -> tuple[str, int]:
    kind = m.lastgroup or ""
    if kind == "sep":
        return "ar1" + m.group("sep"), int(m.group("ar1"))
    value = m.group(kind)
    if kind == "circ":
        return kind, ord(value) - 0x2460 + 1
    if kind == "ar2":
        return kind, int(value)
    if kind == "dec":  # "3.2": the second number counts, under "3."
        return kind, int(value.partition(".")[2])
    return kind, cn_number(value)


# Section titles, by what the section holds. The order decides when several match.
_KEY_ORDER = ("problems", "measures", "conclusion", "basic", "targets", "budget", "results", "management")
_KEYS = re.compile(
    r"(?P<problems>问题|不足|差距)"
    r"|(?P<measures>措施|建议|下一步|对策|努力方向|工作计划|工作打算|工作思路|改进方向|改进意见)"
    r"|(?P<conclusion>自评结论|评价结论|综合评价|总体评价|自评结果|评价结果|自评得分|自评情况|评价情况|自评综述|评价分析|结论)"
    r"|(?P<basic>基本情况|概况|基本信息|概述)"
    r"|(?P<targets>绩效目标)"
    r"|(?P<budget>收支|预算执行|资金使用|资金情况|支出情况|资金管理|资金投入|预算安排|经费)"
    r"|(?P<results>成效|完成情况|产出|效益|效果|成绩)"
    r"|(?P<management>绩效管理|管理情况|监控)"
)
#: The sub-title of the list itself inside a "problems and causes" or "measures and suggestions" section.
_SUBTITLE = {
    "problems": re.compile(r"(?:存在的?|主要|发现的?)?(?:主要)?(?:问题|不足)(?:及表现)?$"),
    "measures": re.compile(r"(?:下一步)?(?:的)?(?:改进|整改|工作)?(?:措施|建议|意见)$"),
}
_NOT_PROBLEMS = re.compile(r"整改情况|整改落实|问题整改|上年|以前年度|其他需要|需要说明")
#: Keys a title with no number can open (a stricter set: prose mentions the others).
_UNMARKED_KEYS = {"problems", "measures", "problems+measures", "conclusion", "basic"}
_TITLE_MAX = 40
_UNMARKED_MAX = 20
_UNMARKED_STOPS = TERMINATORS + ",、()0123456789%"


def section_key(title: str) -> str:
    """
    What a section holds, from its title: ``problems``, ``measures``, ``problems+measures``,
    ``conclusion``, ``basic``, ``targets``, ``budget``, ``results``, ``management``, or ``""``.

    >>> section_key("存在的主要问题"), section_key("存在问题及下一步改进措施"), section_key("上年度问题整改情况")
    ('problems', 'problems+measures', '')
    """
    found = {m.lastgroup for m in _KEYS.finditer(title)}
    if "problems" in found and _NOT_PROBLEMS.search(title):
        found.discard("problems")
    if "problems" in found and "measures" in found:
        return "problems+measures"
    return next((key for key in _KEY_ORDER if key in found), "")


def _marker_at_start(line: str) -> re.Match[str] | None:
    m = _MARKER.match(line)
    if m is None or m.end() >= len(line):
        return None
    return m


_STOP_CLASSES: dict[str, re.Pattern[str]] = {}


def _titled(text: str, stops: str = TERMINATORS) -> bool:
    body = text.removesuffix(":")
    if not body or len(body) > _TITLE_MAX:
        return False
    pattern = _STOP_CLASSES.get(stops)
    if pattern is None:
        pattern = _STOP_CLASSES.setdefault(stops, re.compile(f"[{re.escape(stops)}]"))
    return pattern.search(body) is None


#: How the second half of a word cut by a wrap starts ("下一" / "步改进措施"): never a title.
_WORD_TAILS = ("步", "一步", "的", "及", "和", "与", "等", "之", "进措", "在的", "在问", "施", "题", "议", "论", "况", "足")


@functools.lru_cache(maxsize=8)  # joining asks twice for each line: as the next line, then as the last
def _unmarked_title(para: str) -> tuple[str, str] | None:
    """``(title, rest)`` when a paragraph opens with a section title that has no number."""
    if _MARKER.match(para) or para.startswith(_WORD_TAILS):
        return None
    if "|" in para:
        return _row_title(para)
    none = _TITLE_NONE.match(para)
    if none:
        return none.group("title"), para[none.end("title") :]
    head, colon, _ = para[:17].partition(":")
    if colon and _titled(head, _UNMARKED_STOPS) and section_key(head) in _UNMARKED_KEYS:
        return head, para[len(head) + 1 :]
    if len(para) <= _UNMARKED_MAX and _titled(para, _UNMARKED_STOPS) and section_key(para.rstrip(":")) in _UNMARKED_KEYS:
        return para.rstrip(":"), ""
    return None


def _row_title(row: str) -> tuple[str, str] | None:
    """``(title, value)`` of a form row whose first cell is a section title: "改进措施及结果应用方案 | 无"."""
    cell, _, value = row.partition("|")
    head = cell.rstrip(":")
    if _titled(head, _UNMARKED_STOPS) and section_key(head) in _UNMARKED_KEYS and value.strip("| "):
        return head, value.lstrip("| ")
    return None


def opens_block(line: str) -> bool:
    """True when *line* opens a numbered item or a section: it never continues the line above."""
    if _marker_at_start(line) is not None or _unmarked_title(line) is not None or _FIELD_LINE.match(line) is not None:
        return True
    if _LABEL_LINE.fullmatch(line) is not None or (len(line) <= _TITLE_MAX and (_KEY_VALUE.match(line) is not None or line[0] in _BULLETS)):
        return True
    if _ANNEX.fullmatch(line) is not None or _STAMP_LINE.fullmatch(line) is not None:
        return True  # "附件1", "时间:2024.4.8" on a line of their own: never the end of a sentence above
    if len(line) <= _TITLE_MAX and _LABEL_LINE.match(line) is not None and _NOT_IN_TITLE.search(line) is None:
        return True  # a label and its value, the gap squeezed out: "部门(单位)名称桂平市审计局"
    if len(line) <= 80 and _REPORT_TITLE.fullmatch(line) is not None:
        return True  # the report's title under a web page's header or a cover page
    return len(line) <= 16 and _DATE_LINE.fullmatch(line) is not None


def _numbered(line: str) -> bool:
    """A line that opens a block by its number or its form label, not only by its words."""
    return _marker_at_start(line) is not None or _FIELD_LINE.match(line) is not None or _LABEL_LINE.fullmatch(line) is not None


def is_heading(line: str) -> bool:
    """True when *line* is a title: a short numbered one, a section title, the report's title."""
    m = _marker_at_start(line)
    if m is not None:  # a title has no comma; a numbered line with one was wrapped mid-sentence
        return len(line) - m.end() <= _TITLE_MAX + 1 and _titled(line[m.end() :], TERMINATORS + ",")
    found = _unmarked_title(line)
    if found is not None:
        return not found[1]
    if _LABEL_LINE.fullmatch(line) is not None or _ANNEX.fullmatch(line) is not None:
        return True  # a form's label (its value is the next line, not its continuation), "附件二"
    if len(line) <= _TITLE_MAX and line[0] in _BULLETS:
        return True  # a bulleted item of a web page's header ("•发布机构", "•2023-04-17"): one a line
    if len(line) <= _TITLE_MAX and 0 < line.find(":") <= 12 and not line.endswith(":") and not NAVIGATION.search(line):
        return not any(c in _SENTENCE_END for c in line)  # a form field: "单位名称:某局"
    return len(line) <= 80 and _REPORT_TITLE_END.search(line) is not None


_TITLE_WORDS = re.compile(r"自评|评价|绩效")
_NOT_IN_TITLE = re.compile(r"[,;。:!?|]")


def _whole_title(text: str) -> bool:
    """A report's title that a conversion cut over lines, now whole: "2021年度某镇乡村振兴专项资金" + "绩效评价报告"."""
    return len(text) <= 80 and _REPORT_TITLE_END.search(text) is not None and _TITLE_WORDS.search(text) is not None and _NOT_IN_TITLE.search(text) is None


@attrs.define
class Block:
    """
    A run of text: numbered (``style`` and ``n``), a title with no number (style ``"title"``), or
    plain text (style ``None``). ``level`` is its nesting depth; ``start``/``end`` are offsets in
    the outline's text.
    """

    style: str | None
    n: int
    level: float
    marker: str
    text: str
    start: int
    end: int
    para: int
    closes: int | None = None  #: where a form row's title ends its section: the end of its row ("改进措施 | 无")

    @property
    def is_title(self) -> bool:
        """A short line with no sentence in it: a title, not an item of prose."""
        # A comma makes a clause: "(二)讨论本镇的重大问题,…" is an item, not a problems title.
        return self.style == "title" or (self.style is not None and _titled(self.text, TERMINATORS + ","))


@attrs.frozen
class Section:
    """
    A titled part of a report. ``key`` says what it holds (see :func:`section_key`); ``text`` is
    everything under the title, sub-sections included.
    """

    title: str
    key: str
    level: float
    text: str


@attrs.frozen
class Outline:
    """The joined text of a report, its sections and the numbered items of the two lists."""

    text: str
    sections: tuple[Section, ...]
    spans: tuple[tuple[int, int], ...]
    problems: tuple[str, ...]
    problems_denied: bool
    has_problems_section: bool
    measures: tuple[str, ...]
    measure_points: tuple[tuple[str, ...], ...]
    truncated: bool


class _Numbering:
    """The stack of numbering styles open at a point of the document, with their last numbers."""

    def __init__(self) -> None:
        self.stack: list[list[object]] = []
        self.unmarked_depth: int | None = None

    def index(self, style: str) -> int | None:
        for i, (s, _) in enumerate(self.stack):
            if s == style:
                return i
        return None

    def accept(self, style: str, n: int, at_start: bool) -> int | None:
        """The level of a marker if it fits the sequence (and update the stack), else None."""
        i = self.index(style)
        if i is not None:
            last = self.stack[i][1]
            assert isinstance(last, int)
            if not (n == last + 1 or (at_start and (n == 1 or last < n <= last + 3))):
                return None
            del self.stack[i + 1 :]
            self.stack[i][1] = n
            level = i + 1
        else:
            if n != 1 and not (at_start and (style in _TOP or n <= 3)):
                return None
            if style in _TOP:
                rank = _TOP[style]
                keep = [e for e in self.stack if isinstance(e[0], str) and _TOP.get(e[0], 99) < rank]
                self.stack[:] = keep
            self.stack.append([style, n])
            level = len(self.stack)
        if self.unmarked_depth is not None and level <= self.unmarked_depth:
            self.unmarked_depth = None
        return level

    def title(self) -> float:
        """The level of a title with no number, closing the lists opened under the last one."""
        depth = self.unmarked_depth if self.unmarked_depth is not None else len(self.stack)
        del self.stack[depth:]
        self.unmarked_depth = depth
        return depth + 0.5


_LIST_TITLE = r"(?:存在的?(?:主要)?问题|主要问题|(?:下一步)?的?(?:改进|整改)(?:措施|建议|意见)|下一步(?:工作)?(?:计划|打算|措施))"
#: A form's footer run into the text: "…暂无项目负责人:财务负责人:".
_SIGNATORY = r"(?:项目|财务|单位)?负责人:|填报人:|联系人:|联系电话:"
#: A problems or measures title directly followed by "none", in a form whose cells ran together: "存在问题暂无改进措施暂无".
_TITLE_NONE = re.compile(rf"(?P<title>{_LIST_TITLE})(?:暂无|无)(?=[。;,]|$|{_LIST_TITLE}|{_SIGNATORY})")
#: A problems or measures title inside a paragraph, after a sentence or a clause: "…90分,存在的问题:一是…";
#: or after a form's "none" cell ("存在问题暂无改进措施暂无"); and a form's footer after them.
_INLINE_TITLE = re.compile(rf"(?<=[。;,])(?={_LIST_TITLE}:)|(?<=[。;,无])(?={_TITLE_NONE.pattern})|(?<=[。;,无])(?={_SIGNATORY})")


def split_inline_titles(paragraphs: list[str]) -> list[str]:
    """
    Start a paragraph at each problems or measures title run into the text before it.

    >>> split_inline_titles(["自评得分90分,存在的问题:一是甲。二是乙。下一步改进措施:一是丙。"])
    ['自评得分90分,', '存在的问题:一是甲。二是乙。', '下一步改进措施:一是丙。']
    """
    out = []
    for para in paragraphs:
        cuts = [m.start() for m in _INLINE_TITLE.finditer(para)] if ":" in para or "无" in para else []
        starts = [0, *cuts]
        out += [para[a:b] for a, b in zip(starts, [*cuts, len(para)], strict=True)]
    return out


def _tokenize(paragraphs: list[str]) -> tuple[str, list[Block]]:
    numbering = _Numbering()
    blocks: list[Block] = []
    offset = 0
    for index, para in enumerate(paragraphs):
        base = offset
        offset += len(para) + 1
        if para.count("|") >= 2:
            blocks.append(Block(None, 0, 0, "", para, base, base + len(para), index))
            continue
        rest, shift = para, 0
        found = _unmarked_title(para)
        if found is not None:
            title, rest = found
            shift = len(para) - len(rest)
            level = numbering.title()
            closes = base + len(para) if "|" in para else None
            blocks.append(Block("title", 0, level, "", title, base, base + shift, index, closes))
            if not rest:
                continue
        _split(rest, base + shift, index, numbering, blocks, at_para_start=shift == 0)
    return "\n".join(paragraphs), blocks


def _split(s: str, base: int, index: int, numbering: _Numbering, blocks: list[Block], *, at_para_start: bool) -> None:
    seg_start = 0
    current: tuple[str, int, float, str, int] | None = None  # style, n, level, marker, text start
    for m in _MARKER.finditer(s):
        p = m.start()
        if p and p - seg_start > _TITLE_MAX + 1 and s[p - 1] not in TERMINATORS and s[p - 1] != ",":
            continue  # in the middle of a sentence, not after a short title: not a marker
        style, n = _style(m)
        prefix = s[seg_start:p] if p - seg_start <= _TITLE_MAX + 1 else None
        if p == 0:
            at_start = at_para_start
        elif s[p - 1] in TERMINATORS or (style in ("ord", "nth") and s[p - 1] == ",") or (n == 1 and style in _AFTER_TITLE and prefix and _titled(prefix) and (current is not None or section_key(prefix))):
            at_start = False
        else:
            continue
        if current is None and seg_start == 0 and prefix and numbering.index(style) is None and n == 1 and _titled(prefix, _UNMARKED_STOPS) and section_key(prefix) in _UNMARKED_KEYS:
            level = numbering.title()
            blocks.append(Block("title", 0, level, "", prefix, base, base + p, index))
            seg_start = p
        accepted = numbering.accept(style, n, at_start)
        if accepted is None:
            continue
        _close(s, base, index, current=current, seg_start=seg_start, end=p, blocks=blocks)
        current = (style, n, accepted, m.group(0), m.end())
        seg_start = m.end()
    _close(s, base, index, current=current, seg_start=seg_start, end=len(s), blocks=blocks)


def _close(s: str, base: int, index: int, *, current: tuple[str, int, float, str, int] | None, seg_start: int, end: int, blocks: list[Block]) -> None:
    if current is None:
        if end > seg_start:
            blocks.append(Block(None, 0, 0, "", s[seg_start:end], base + seg_start, base + end, index))
        return
    style, n, level, marker, text_start = current
    blocks.append(Block(style, n, level, marker, s[text_start:end], base + text_start - len(marker), base + end, index))


def _join(parts: list[tuple[int, str]]) -> str:
    out: list[str] = []
    last_para = None
    for para, text in parts:
        if out and last_para != para and out[-1] and out[-1][-1] not in _NO_GAP and text[:1] not in _NO_GAP:
            out.append(" ")
        out.append(text)
        last_para = para
    return "".join(out).strip()


class _Open:
    __slots__ = ("end", "first", "key", "level", "start", "title")

    def __init__(self, title: str, key: str, level: float, *, first: int, start: int, end: int) -> None:
        self.title, self.key, self.level, self.first, self.start, self.end = title, key, level, first, start, end


def _sections(text: str, blocks: list[Block]) -> list[tuple[Section, int, int, int]]:
    """Sections with the index of their first block after the title, and their text span."""
    found: list[_Open] = []
    open_: list[_Open] = []
    for i, b in enumerate(blocks):
        if b.style is None:
            continue
        while open_ and open_[-1].level >= b.level:
            open_.pop().end = b.start
        if not b.is_title:
            continue
        title = b.text.rstrip(":")
        key = section_key(title)
        inner = next((s.key for s in reversed(open_) if s.key), "")
        if inner in ("problems", "measures") and b.style != "title":
            continue
        if inner == "problems+measures" and key not in ("problems", "measures"):
            continue
        entry = _Open(title, key, b.level, first=i + 1, start=b.end, end=len(text) if b.closes is None else b.closes)
        found.append(entry)
        if b.closes is None:
            open_.append(entry)
    return [(Section(s.title, s.key, float(s.level), text[s.start : s.end].strip()), s.first, s.start, s.end) for s in found]


def _innermost(sections: list[tuple[Section, int, int, int]], chosen: tuple[Section, int, int, int] | None) -> tuple[Section, int, int, int] | None:
    """
    The section of the same key nested deepest in *chosen*: "五、偏离绩效目标的原因和改进措施" holds
    "存在的问题主要有：…" and "改进的方向和具体措施：…", whose items are the measures.
    """
    while chosen is not None:
        key, start, end = chosen[0].key, chosen[2], chosen[3]
        inner = next((s for s in sections if s is not chosen and s[0].key == key and start <= s[2] and s[3] <= end and s[0].level > chosen[0].level), None)
        if inner is None:
            return chosen
        chosen = inner
    return None


def _items(blocks: list[Block], first: int, end: int, level: float, want: str = "") -> list[tuple[str, tuple[str, ...]]]:
    """
    The numbered items of a section (*first* block to offset *end*); when its numbered children
    are all titles and one of them is titled by *want* ("（一）存在的问题", "（二）原因分析"), that
    child's items.
    """
    stop = first
    while stop < len(blocks) and blocks[stop].start < end:
        stop += 1
    inside = blocks[first:stop]
    numbered_at = [i for i in range(first, stop) if blocks[i].style not in (None, "title") and blocks[i].level > level]
    if want and numbered_at:
        top = min(blocks[i].level for i in numbered_at)
        heads = [i for i in numbered_at if blocks[i].level == top]
        if all(blocks[i].is_title for i in heads):
            for n, i in enumerate(heads):
                if _SUBTITLE[want].match(blocks[i].text.rstrip(":")):
                    sub_end = blocks[heads[n + 1]].start if n + 1 < len(heads) else end
                    return _items(blocks, i + 1, sub_end, blocks[i].level)
    numbered = [b for b in inside if b.style not in (None, "title") and b.level > level]
    if not numbered:
        paras = [b.text for b in inside if b.style is None and not b.text.endswith(":") and b.text.count("|") < 2]
        return [(p, ()) for p in paras if p]
    top = min(b.level for b in numbered)
    sub = min((x.level for x in numbered if x.level > top), default=None)
    items: list[tuple[list[tuple[int, str]], list[str]]] = []
    for b in inside:
        if b.style not in (None, "title") and b.level == top:
            items.append(([(b.para, b.text)], []))
        elif items:
            items[-1][0].append((b.para, b.marker + b.text))
            if b.style not in (None, "title") and b.level == sub:
                items[-1][1].append(b.text.strip())
    return [(_join(parts), tuple(points)) for parts, points in items if _join(parts)]


#: A page's time stamp on its own line: "时间:2024.4.8", "发布时间:2022-04-15 14:54".
_STAMP_LINE = re.compile(r"(?:发布)?(?:时间|日期):[0-9]{4}[-./年][0-9]{1,2}[-./月][0-9]{1,2}日?(?:[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?")
_DATE_LINE = re.compile(r"(?:[0-9]{4}|[二][〇零○][一二三四五六七八九〇零○]{2})年[0-9一二三四五六七八九十]{1,3}月(?:[0-9一二三四五六七八九十]{1,3}日)?")
_SIGNER = re.compile(r"[^。;!?,:]{2,30}(?:局|委员会|委|办公室|办|院|中心|所|站|队|部|厅|署|处|科|馆|社|校|医院|街道办事处|街道|镇|乡|政府|公司|室|会|(?:\([盖公]章\)))")


def _signature(paragraphs: list[str]) -> int:
    """How many paragraphs at the end are a signature: a unit's name and a date."""
    n = 0
    if paragraphs:
        m = _DATE_LINE.search(paragraphs[-1], max(0, len(paragraphs[-1]) - 16))
        if m and m.end() == len(paragraphs[-1]) and (m.start() == 0 or _SIGNER.fullmatch(paragraphs[-1][: m.start()])):
            n = 1
    if len(paragraphs) > n and _SIGNER.fullmatch(paragraphs[-1 - n]):
        n += 1
    return n


_DENIAL = re.compile(r"^(?:无|暂无|没有|不存在|未发现)|(?:无|未发现|不存在|没有)(?:明显|重大|突出|其他)?的?(?:问题|不足)")
#: A section that says only "none": 无 / 暂无 / 不涉及.
_NONE = re.compile(r"(?:无|暂无|没有|不涉及|无此项)[。.]?")
_ENDING = '。!?;)”"】》'


def _short_item(line: str) -> bool:
    m = _marker_at_start(line)
    return m is not None and _titled(line[m.end() :], _UNMARKED_STOPS)


def outline(lines: list[str]) -> Outline:
    """
    The outline of a report from its cleaned lines (:func:`perfrules._parse._text.clean_lines`).
    """
    paragraphs = split_inline_titles(join_lines(lines, starts_block=opens_block, heading=is_heading, numbered=_numbered, complete=_whole_title))
    signed = _signature(paragraphs)
    text, blocks = _tokenize(paragraphs[: len(paragraphs) - signed])
    if signed:
        text = "\n".join(paragraphs)
    sections = _sections(text, blocks)
    problems: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    points: tuple[tuple[str, ...], ...] = ()
    denied = False
    has_problems = False
    for key in ("problems", "problems+measures"):
        chosen = next((s for s in sections if s[0].key == key), None)
        if chosen is None:
            continue
        has_problems = True
        section, first, _, end = chosen
        items = _items(blocks, first, end, section.level, "problems")
        body = section.text
        if len(items) <= 1 and len(body) <= 80 and _DENIAL.search(body):
            denied = True
            items = []
        problems = tuple(t for t, _ in items)
        break
    chosen = _innermost(sections, next((s for s in sections if s[0].key == "measures"), None))
    if chosen is not None:
        section, first, _, end = chosen
        items = _items(blocks, first, end, section.level, "measures")
        if len(items) == 1 and _NONE.fullmatch(items[0][0]):
            items = []  # "改进措施 | 无"
        measures = tuple(t for t, _ in items)
        points = tuple(p for _, p in items)
    last = paragraphs[-1] if paragraphs else ""
    # A text ends on a full stop, a signature, or a short numbered line (an item list without stops).
    truncated = bool(last) and not signed and last[-1] not in _ENDING and not _short_item(last)
    return Outline(
        text=text,
        sections=tuple(s for s, _, _, _ in sections),
        spans=tuple((start, end) for _, _, start, end in sections),
        problems=problems,
        problems_denied=denied,
        has_problems_section=has_problems,
        measures=measures,
        measure_points=points,
        truncated=truncated,
    )
