"""
Text normalisation for report texts converted from PDF or Word: character folding, spaces,
page numbers, and joining the lines that a conversion broke in the middle of a sentence.

Every pattern here has bounded repetitions and no nested quantifiers, and every pass is one
scan over the text, so the cost stays linear in the input.

>>> lines = clean_lines("二〇二一年\\n全年预算数 ２０６６．２２ 万元，执行数 2032.03\\n\\n- 3 -\\n\\n万元。")
>>> lines
['二〇二一年', '全年预算数2066.22万元,执行数2032.03', '-3-', '万元。']
>>> drop_page_numbers(lines)
['二〇二一年', '全年预算数2066.22万元,执行数2032.03', '万元。']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from perfrules.errors import ReportParseError

__all__ = ["clean_lines", "display", "drop_page_numbers", "fold", "join_lines"]

# ①..⑳ survive NFKC (which would turn them into bare digits) by a detour through private use.
_CIRCLED = re.compile(r"[\u2460-\u2473]")
_PRIVATE = re.compile(r"[\ue000-\ue013]")
_EXTRA = {"\t": "|", "─": "-", "━": "-", "│": "|", "┃": "|", "丨": "|"}
# Invisible characters and C0 controls go; tabs and the box-drawing rules above become separators.
_SPECIAL = re.compile(r"[\x00-\x09\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff─━│┃丨]")


def fold(text: str) -> str:
    """
    Fold full-width digits, letters and punctuation to ASCII (NFKC), keeping circled numbers.

    >>> fold("（一）２０２１年①：９８．３５％")
    '(一)2021年①:98.35%'

    Raises:
        ReportParseError: *text* is not a string, or holds binary data.
    """
    if not isinstance(text, str):
        raise ReportParseError(f"a report text must be a str, got {type(text).__name__}")
    if "\x00" in text:
        raise ReportParseError("the text holds NUL bytes: binary data, not a report text")
    circled = _CIRCLED.search(text) is not None
    if circled:
        text = _CIRCLED.sub(lambda m: chr(ord(m.group(0)) - 0x2460 + 0xE000), text)
    folded = unicodedata.normalize("NFKC", text)
    if circled:
        folded = _PRIVATE.sub(lambda m: chr(ord(m.group(0)) - 0xE000 + 0x2460), folded)
    return _SPECIAL.sub(lambda m: _EXTRA.get(m.group(0), ""), folded)


_SPACE_RUN = re.compile(r" {1,}")
# Thousands grouped with spaces: "20 662 200.00" (groups of exactly three digits); not before a
# percent sign, where the space parts two cells ("10 100%": a score, then a rate).
_SPACED_THOUSANDS = re.compile(
    r"(?<![0-9.])[0-9]{1,3}(?: [0-9]{3}){1,6}(?![0-9]|(?:\.[0-9]{1,8})? ?%)"
)


def _is_ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _squeeze(line: str) -> str:
    """Remove the spaces a conversion put between CJK, digits and units; keep cell and word gaps."""
    if " " not in line:
        return line
    line = _SPACED_THOUSANDS.sub(lambda m: m.group(0).replace(" ", ""), line)
    tokens = line.split(" ")
    if len(tokens) >= 4 and sum(len(t) for t in tokens) <= 1.5 * len(tokens):
        return "".join(tokens)  # letter-spaced text: "2 0 2 1 年 部 门"

    def keep(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        if s > 0 and e < len(line) and _is_ascii_alnum(line[s - 1]) and _is_ascii_alnum(line[e]):
            return " "
        return ""

    return _SPACE_RUN.sub(keep, line)


def clean_lines(text: str) -> list[str]:
    """
    Fold the text and return its non-empty lines, stripped and squeezed.

    Tabs become ``|`` cell separators.

    >>> clean_lines("2021 年 全年预算数 2066.22 万元\\n\\n20 662 200.00 元\\t98.35 %")
    ['2021年全年预算数2066.22万元', '20662200.00元|98.35%']
    """
    out = []
    for raw in fold(text).splitlines():
        line = _squeeze(raw.replace("\r", "").strip(" |")).strip()
        if line:
            out.append(line)
    return out


_PAGE_DECORATED = re.compile(
    r"(?:[-–—~_·.]{1,3}[0-9]{1,4}[-–—~_·.]{1,3}"
    r"|第[0-9]{1,4}页(?:,?共[0-9]{1,4}页)?"
    r"|共[0-9]{1,4}页,?第[0-9]{1,4}页"
    r"|[0-9]{1,4}/[0-9]{1,4}"
    r"|(?i:page)[0-9]{1,4}(?:(?i:of)[0-9]{1,4})?)"
)
_PAGE_BARE = re.compile(r"[0-9]{1,3}")


_PROSE = 15


def _prose(line: str | None) -> bool:
    if line is None or "|" in line:
        return False
    return len(line) >= _PROSE or any(c in line for c in ",。、;")


_UNIT_START = ("亿元", "万元", "千元", "元", "%", "分")


def _split_number(before: str | None, after: str | None) -> bool:
    """Whether a bare number between *before* and *after* is the tail of a number a wrap cut: "4,860." / "20" / "万元"."""
    return (before is not None and before[-1:] in (".", ",")) or (
        after is not None and after.startswith(_UNIT_START)
    )


def drop_page_numbers(lines: list[str]) -> list[str]:
    """
    Drop page-number lines: decorated ones (``- 3 -``, ``第3页``, ``3/12``) always, a bare number
    only between lines of prose (a table cell stays).

    >>> drop_page_numbers(["甲" * 20, "7", "乙" * 20, "分值", "10", "得分"])
    ['甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲甲', '乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙乙', '分值', '10', '得分']
    >>> drop_page_numbers(["调整后预算数为4,860.", "20", "万元,全年执行数为4,508.73万元。"])
    ['调整后预算数为4,860.', '20', '万元,全年执行数为4,508.73万元。']
    """
    out = []
    for i, line in enumerate(lines):
        if _PAGE_DECORATED.fullmatch(line):
            continue
        if _PAGE_BARE.fullmatch(line):
            before = lines[i - 1] if i else None
            after = lines[i + 1] if i + 1 < len(lines) else None
            if (_prose(before) or _prose(after)) and not _split_number(before, after):
                continue
        out.append(line)
    return out


#: Characters that end a sentence or a clause that a list may follow.
TERMINATORS = "。;!?:"
_END = "。;!?:"


def _typical_width(lines: list[str]) -> int | None:
    """The width of a full line when the conversion wrapped at a fixed width, else None."""
    lengths = sorted(len(x) for x in lines if len(x) >= 8)
    if len(lengths) < 12:
        return None
    width = lengths[(len(lengths) * 3) // 4]
    near = sum(1 for n in lengths if abs(n - width) <= 1)
    return width if width <= 80 and 5 * near >= 2 * len(lengths) else None


def join_lines(
    lines: list[str],
    *,
    starts_block: Callable[[str], bool],
    heading: Callable[[str], bool],
    numbered: Callable[[str], bool] | None = None,
    complete: Callable[[str], bool] | None = None,
) -> list[str]:
    """
    Join the lines that a conversion broke inside a sentence into paragraphs.

    A line is continued by the next one unless it ends a sentence, is a table row or a heading
    (*heading*: a short numbered title, a section title, the report's title) that is not as wide
    as a wrapped line, or the next one opens a numbered item or a section (*starts_block*).
    Both callables take a line and return a bool. A line that opens a block only by its words (a
    title with no number, *numbered* false) continues a wrapped line that stops inside a word:
    "…及时。下一" + "步改进措施:…". A paragraph of several lines that *complete* says is whole (the
    report's title cut over two lines: "2021年度某镇乡村振兴专项资金" + "绩效评价报告") is not continued.
    """
    width = _typical_width(lines)
    out: list[str] = []
    current: list[str] = []
    for line in lines:
        wrapped_word = (
            numbered is not None
            and width is not None
            and current
            and _cut_in_word(current[-1], width)
            and not numbered(line)
        )
        whole = (
            complete is not None
            and len(current) > 1
            and line[0] not in _CONTINUATION  # "…形成自评报告" + ",报送…": the sentence goes on
            and complete("".join(current))
        )
        if (
            current
            and not whole
            and (
                wrapped_word
                or _continues(
                    current[-1],
                    len(current) == 1,
                    line,
                    width,
                    starts_block=starts_block,
                    heading=heading,
                )
            )
        ):
            prev = current[-1]
            if (
                _is_ascii_alnum(prev[-1])
                and _is_ascii_alnum(line[0])
                and not (len(prev) >= _PROSE and prev[-1].isdigit() and line[0].isdigit())
            ):
                current.append(
                    " "
                )  # words and table cells stay apart; a number wrapped in prose is joined
            current.append(line)
        else:
            if current:
                out.append("".join(current))
            current = [line]
    if current:
        out.append("".join(current))
    return out


def _cut_in_word(prev: str, width: int) -> bool:
    """A line as wide as a wrapped one that stops between two Chinese characters."""
    return len(prev) >= width and "|" not in prev and "\u4e00" <= prev[-1] <= "\u9fff"


#: Punctuation that closes or continues a sentence: a line starting with one continues the line above.
_CONTINUATION = frozenset("。，、；：！？）》」』,.;:!?)")


def _continues(
    prev: str,
    alone: bool,
    line: str,
    width: int | None,
    *,
    starts_block: Callable[[str], bool],
    heading: Callable[[str], bool],
) -> bool:
    """Whether *line* continues the paragraph whose last line is *prev* (*alone*: its only line)."""
    if "|" in prev or "|" in line:
        return False
    if line[0] in _CONTINUATION:  # no block starts with "。" or ")": a wrap cut just before it
        return True
    if prev[-1] in _END:
        return False
    if starts_block(line):
        return False
    if not alone or not heading(prev):
        return True
    # A numbered title as wide as a wrapped line was wrapped: "(二)服务工作未能满足离退" + "休干部…".
    return width is not None and len(prev) >= 0.9 * width and starts_block(prev)


_WIDE = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_ASCII_PUNCT = re.compile(r"[,;:()!?]")


def display(text: str) -> str:
    """
    Give folded text back its Chinese punctuation (a comma between digits stays a separator).

    >>> display("完成率100%,共1,200人次;时间:10:30(上午)")
    '完成率100%，共1,200人次；时间：10:30（上午）'
    """

    def wide(m: re.Match[str]) -> str:
        c, i = m.group(0), m.start()
        if c in ",:" and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
            return c
        return _WIDE[c]

    return _ASCII_PUNCT.sub(wide, text)
