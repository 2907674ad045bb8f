"""
What a line of a report is: a numbered item's marker, a section's title (with or without a
number), a form's field, a web page's header or a time stamp; the section a title names. The
outline (``_outline``) joins lines and nests blocks by these.

>>> section_key("存在的主要问题"), is_heading("三、存在的主要问题"), opens_block("(一)队伍偏老。")
('problems', True, True)
"""

from __future__ import annotations

import functools
import re

from perfrules._parse._text import TERMINATORS

__all__ = ["FIELD_LABEL", "NAVIGATION", "cn_number", "is_heading", "opens_block", "section_key"]

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
_REPORT_TITLE = re.compile(
    r"[^,;。:!?]{0,40}(?:(?:19|20)[0-9]{2}|[二][〇零○][一二三四五六七八九〇零○]{2})年[^,;。:!?]{2,40}(?:自评|评价|绩效)[^,;。:!?]{0,8}报告(?:\([^()]{0,20}\))?"
)


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
_KEY_ORDER = (
    "problems",
    "measures",
    "conclusion",
    "basic",
    "targets",
    "budget",
    "results",
    "management",
)
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
_WORD_TAILS = (
    "步",
    "一步",
    "的",
    "及",
    "和",
    "与",
    "等",
    "之",
    "进措",
    "在的",
    "在问",
    "施",
    "题",
    "议",
    "论",
    "况",
    "足",
)


# joining asks twice for each line: as the next line, then as the last
@functools.lru_cache(maxsize=8)
def _unmarked_title(para: str) -> tuple[str, str] | None:
    """``(title, rest)`` when a paragraph opens with a section title that has no number."""
    if _MARKER.match(para) or para.startswith(_WORD_TAILS) or "报告如下" in para[:40]:
        return None  # "…自评情况报告如下:": the end of a sentence ("现将…"), cut off by a wrap
    if "|" in para:
        return _row_title(para)
    none = _TITLE_NONE.match(para)
    if none:
        return none.group("title"), para[none.end("title") :]
    head, colon, _ = para[:17].partition(":")
    if colon and _titled(head, _UNMARKED_STOPS) and section_key(head) in _UNMARKED_KEYS:
        return head, para[len(head) + 1 :]
    if (
        len(para) <= _UNMARKED_MAX
        and _titled(para, _UNMARKED_STOPS)
        and section_key(para.rstrip(":")) in _UNMARKED_KEYS
    ):
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
    if (
        _marker_at_start(line) is not None
        or _unmarked_title(line) is not None
        or _FIELD_LINE.match(line) is not None
    ):
        return True
    if _LABEL_LINE.fullmatch(line) is not None or (
        len(line) <= _TITLE_MAX and (_KEY_VALUE.match(line) is not None or line[0] in _BULLETS)
    ):
        return True
    if _ANNEX.fullmatch(line) is not None or _STAMP_LINE.fullmatch(line) is not None:
        return True  # "附件1", "时间:2024.4.8" on a line of their own: never the end of a sentence above
    if (
        len(line) <= _TITLE_MAX
        and (label := _LABEL_LINE.match(line)) is not None
        and _NOT_IN_TITLE.search(line) is None
        and _UNIT_END.search(line, label.end()) is not None  # a unit's name, not prose going on
    ):
        return True  # a label and its value, the gap squeezed out: "部门(单位)名称桂平市审计局"
    if len(line) <= 80 and _REPORT_TITLE.fullmatch(line) is not None:
        return True  # the report's title under a web page's header or a cover page
    return len(line) <= 16 and _DATE_LINE.fullmatch(line) is not None


def _numbered(line: str) -> bool:
    """A line that opens a block by its number or its form label, not only by its words."""
    return (
        _marker_at_start(line) is not None
        or _FIELD_LINE.match(line) is not None
        or _LABEL_LINE.fullmatch(line) is not None
    )


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
        return (
            True  # a bulleted item of a web page's header ("•发布机构", "•2023-04-17"): one a line
        )
    if (
        len(line) <= _TITLE_MAX
        and 0 < line.find(":") <= 12
        and not line.endswith(":")
        and not NAVIGATION.search(line)
    ):
        return not any(c in _SENTENCE_END for c in line)  # a form field: "单位名称:某局"
    return len(line) <= 80 and _REPORT_TITLE_END.search(line) is not None


_TITLE_WORDS = re.compile(r"自评|评价|绩效")
_NOT_IN_TITLE = re.compile(r"[,;。:!?|]")


def _whole_title(text: str) -> bool:
    """A report's title that a conversion cut over lines, now whole: "2021年度某镇乡村振兴专项资金" + "绩效评价报告"."""
    return (
        len(text) <= 80
        and _REPORT_TITLE_END.search(text) is not None
        and _TITLE_WORDS.search(text) is not None
        and _NOT_IN_TITLE.search(text) is None
    )


_LIST_TITLE = r"(?:存在的?(?:主要)?问题|主要问题|(?:下一步)?的?(?:改进|整改)(?:措施|建议|意见)|下一步(?:工作)?(?:计划|打算|措施))"
#: A form's footer run into the text: "…暂无项目负责人:财务负责人:".
_SIGNATORY = r"(?:项目|财务|单位)?负责人:|填报人:|联系人:|联系电话:"
#: A problems or measures title directly followed by "none", in a form whose cells ran together: "存在问题暂无改进措施暂无".
_TITLE_NONE = re.compile(
    rf"(?P<title>{_LIST_TITLE})(?:暂无|无)(?=[。;,]|$|{_LIST_TITLE}|{_SIGNATORY})"
)


#: The end of a unit's name after a form's label: "…审计局", "…中心", "…(盖章)".
_UNIT_END = re.compile(
    r"(?:局|委员会|委|办公室|院|中心|所|站|队|厅|处|馆|社|校|街道办事处|镇|乡|政府|公司|室|会|\([盖公]章\))$"
)
#: A page's time stamp on its own line: "时间:2024.4.8", "发布时间:2022-04-15 14:54".
_STAMP_LINE = re.compile(
    r"(?:发布)?(?:时间|日期):[0-9]{4}[-./年][0-9]{1,2}[-./月][0-9]{1,2}日?(?:[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?"
)
_DATE_LINE = re.compile(
    r"(?:[0-9]{4}|[二][〇零○][一二三四五六七八九〇零○]{2})年[0-9一二三四五六七八九十]{1,3}月(?:[0-9一二三四五六七八九十]{1,3}日)?"
)
