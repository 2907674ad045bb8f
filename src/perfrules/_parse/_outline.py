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

import re

import attrs

from perfrules._parse._lines import (
    _AFTER_TITLE,
    _DATE_LINE,
    _LIST_TITLE,
    _MARKER,
    _NO_GAP,
    _SIGNATORY,
    _SUBTITLE,
    _TITLE_MAX,
    _TITLE_NONE,
    _TOP,
    _UNMARKED_KEYS,
    _UNMARKED_STOPS,
    _marker_at_start,
    _numbered,
    _style,
    _titled,
    _unmarked_title,
    _whole_title,
    is_heading,
    opens_block,
    section_key,
)
from perfrules._parse._text import TERMINATORS, join_lines

__all__ = ["Block", "Outline", "Section", "outline"]


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
    closes: int | None = (
        None  #: where a form row's title ends its section: the end of its row ("改进措施 | 无")
    )

    @property
    def is_title(self) -> bool:
        """A short line with no sentence in it: a title, not an item of prose."""
        # A comma makes a clause: "(二)讨论本镇的重大问题,…" is an item, not a problems title.
        return self.style == "title" or (
            self.style is not None and _titled(self.text, TERMINATORS + ",")
        )


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
                keep = [
                    e for e in self.stack if isinstance(e[0], str) and _TOP.get(e[0], 99) < rank
                ]
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


#: A problems or measures title inside a paragraph, after a sentence or a clause: "…90分,存在的问题:一是…";
#: or after a form's "none" cell ("存在问题暂无改进措施暂无"); and a form's footer after them.
_INLINE_TITLE = re.compile(
    rf"(?<=[。;,])(?={_LIST_TITLE}:)|(?<=[。;,无])(?={_TITLE_NONE.pattern})|(?<=[。;,无])(?={_SIGNATORY})"
)


def split_inline_titles(paragraphs: list[str]) -> list[str]:
    """
    Start a paragraph at each problems or measures title run into the text before it.

    >>> split_inline_titles(["自评得分90分,存在的问题:一是甲。二是乙。下一步改进措施:一是丙。"])
    ['自评得分90分,', '存在的问题:一是甲。二是乙。', '下一步改进措施:一是丙。']
    """
    out = []
    for para in paragraphs:
        cuts = (
            [m.start() for m in _INLINE_TITLE.finditer(para)] if ":" in para or "无" in para else []
        )
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


def _split(
    s: str,
    base: int,
    index: int,
    numbering: _Numbering,
    blocks: list[Block],
    *,
    at_para_start: bool,
) -> None:
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
        elif (
            s[p - 1] in TERMINATORS
            or (style in ("ord", "nth") and s[p - 1] == ",")
            or (
                n == 1
                and style in _AFTER_TITLE
                and prefix
                and _titled(prefix)
                and (current is not None or section_key(prefix))
            )
        ):
            at_start = False
        else:
            continue
        if (
            current is None
            and seg_start == 0
            and prefix
            and numbering.index(style) is None
            and n == 1
            and _titled(prefix, _UNMARKED_STOPS)
            and section_key(prefix) in _UNMARKED_KEYS
        ):
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


def _close(
    s: str,
    base: int,
    index: int,
    *,
    current: tuple[str, int, float, str, int] | None,
    seg_start: int,
    end: int,
    blocks: list[Block],
) -> None:
    if current is None:
        if end > seg_start:
            blocks.append(
                Block(None, 0, 0, "", s[seg_start:end], base + seg_start, base + end, index)
            )
        return
    style, n, level, marker, text_start = current
    blocks.append(
        Block(
            style,
            n,
            level,
            marker,
            s[text_start:end],
            base + text_start - len(marker),
            base + end,
            index,
        )
    )


def _join(parts: list[tuple[int, str]]) -> str:
    out: list[str] = []
    last_para = None
    for para, text in parts:
        if (
            out
            and last_para != para
            and out[-1]
            and out[-1][-1] not in _NO_GAP
            and text[:1] not in _NO_GAP
        ):
            out.append(" ")
        out.append(text)
        last_para = para
    return "".join(out).strip()


class _Open:
    __slots__ = ("end", "first", "key", "level", "start", "title")

    def __init__(
        self, title: str, key: str, level: float, *, first: int, start: int, end: int
    ) -> None:
        self.title, self.key, self.level, self.first, self.start, self.end = (
            title,
            key,
            level,
            first,
            start,
            end,
        )


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
        entry = _Open(
            title,
            key,
            b.level,
            first=i + 1,
            start=b.end,
            end=len(text) if b.closes is None else b.closes,
        )
        found.append(entry)
        if b.closes is None:
            open_.append(entry)
    return [
        (
            Section(s.title, s.key, float(s.level), text[s.start : s.end].strip()),
            s.first,
            s.start,
            s.end,
        )
        for s in found
    ]


def _innermost(
    sections: list[tuple[Section, int, int, int]], chosen: tuple[Section, int, int, int] | None
) -> tuple[Section, int, int, int] | None:
    """
    The section of the same key nested deepest in *chosen*: "五、偏离绩效目标的原因和改进措施" holds
    "存在的问题主要有：…" and "改进的方向和具体措施：…", whose items are the measures.
    """
    while chosen is not None:
        key, start, end = chosen[0].key, chosen[2], chosen[3]
        inner = next(
            (
                s
                for s in sections
                if s is not chosen
                and s[0].key == key
                and start <= s[2]
                and s[3] <= end
                and s[0].level > chosen[0].level
            ),
            None,
        )
        if inner is None:
            return chosen
        chosen = inner
    return None


def _items(
    blocks: list[Block], first: int, end: int, level: float, want: str = ""
) -> list[tuple[str, tuple[str, ...]]]:
    """
    The numbered items of a section (*first* block to offset *end*); when its numbered children
    are all titles and one of them is titled by *want* ("（一）存在的问题", "（二）原因分析"), that
    child's items.
    """
    stop = first
    while stop < len(blocks) and blocks[stop].start < end:
        stop += 1
    inside = blocks[first:stop]
    numbered_at = [
        i
        for i in range(first, stop)
        if blocks[i].style not in (None, "title") and blocks[i].level > level
    ]
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
        paras = [
            b.text
            for b in inside
            if b.style is None and not b.text.endswith(":") and b.text.count("|") < 2
        ]
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


_SIGNER = re.compile(
    r"[^。;!?,:]{2,30}(?:局|委员会|委|办公室|办|院|中心|所|站|队|部|厅|署|处|科|馆|社|校|医院|街道办事处|街道|镇|乡|政府|公司|室|会|(?:\([盖公]章\)))"
)


def _signature(paragraphs: list[str]) -> int:
    """How many paragraphs at the end are a signature: a unit's name and a date."""
    n = 0
    if paragraphs:
        m = _DATE_LINE.search(paragraphs[-1], max(0, len(paragraphs[-1]) - 16))
        if (
            m
            and m.end() == len(paragraphs[-1])
            and (m.start() == 0 or _SIGNER.fullmatch(paragraphs[-1][: m.start()]))
        ):
            n = 1
    if len(paragraphs) > n and _SIGNER.fullmatch(paragraphs[-1 - n]):
        n += 1
    return n


_DENIAL = re.compile(
    r"^(?:无|暂无|没有|不存在|未发现)|(?:无|未发现|不存在|没有)(?:明显|重大|突出|其他)?的?(?:问题|不足)"
)
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
    paragraphs = split_inline_titles(
        join_lines(
            lines,
            starts_block=opens_block,
            heading=is_heading,
            numbered=_numbered,
            complete=_whole_title,
        )
    )
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
