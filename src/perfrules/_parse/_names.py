"""
Who and when a report is about: its title, the unit and the project it names, the year it
reports on and its kind (部门整体 or 项目).

The unit is read from the title, a line beside it, a form's field (``单位名称：…``, a label alone
on its line, cells run together) or the first sentence about it; the year from the title, else
the year the text names most, dates (``2019年6月18日``) aside.

>>> t = read_title(["某局2021年部门整体支出绩效自评报告", "一、基本情况"])
>>> t, read_department(t, [t], t), read_year(t, ""), read_kind(t, "")
('某局2021年部门整体支出绩效自评报告', ('某局', None), 2021, 'department')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from perfrules._parse._lines import FIELD_LABEL, NAVIGATION, cn_number

__all__ = ["read_department", "read_kind", "read_project", "read_title", "read_year", "split_unit"]

_YEAR_CN = re.compile(r"[二][〇零○][一二三四五六七八九〇零○]{2}(?=年)")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?=年)")
#: A cover's or a form's year field: "评价年度:2024", "所属年度|2023".
_YEAR_FIELD = re.compile(
    r"(?:^|(?<=[\n|\s]))(?:评价|所属|报告|考核|预算|自评)年度[:|]\s?(?P<y>(?:19|20)[0-9]{2})(?![0-9])"
)
#: A year left blank by a template or masked by a site: "xx年度", "20xx年", "xxxx年", "20**年".
_MASKED_YEAR = re.compile(r"(?<![A-Za-z])(?:(?:19|20)?(?:xx|XX|\*\*)|xxxx|XXXX)\s?年")
#: A date ("2018年7月", "2019年06月18日"): when a report was written, not the year it reports on.
_DATE_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?=年[0-9]{1,2}月)")
_TITLE_CUT = re.compile(
    r"(?<![0-9])(?:19|20)[0-9]{2}年|[二][〇零○][一二三四五六七八九〇零○]{2}年|部门整体|整体支出|部门支出|项目支出|项目绩效|专项资金|绩效自评|绩效评价|预算绩效|自评报告|支出绩效|\(20[0-9]{2}"
)
_UNIT_SUFFIX = re.compile(
    r"(?:局|委员会|委|办公室|办|院|中心|所|站|队|部|厅|署|处|科|馆|社|校|学|医院|街道办事处|街道|镇|乡|政府|公司|室|团|会|联合会|法院|检察院|协会|集团|园|台|场)$"
)
_UNIT_LABEL = r"项目实施单位|实施单位|预算单位|项目单位|(?:预算)?(?:部门|单位)(?:\((?:部门|单位)\)|、(?:部门|单位))?(?:名称|全称)|填报单位|评价单位|主管部门|主管单位"
_FIELD = re.compile(
    rf"(?P<label>{_UNIT_LABEL})(?:名称)?(?:\([盖公]章\))?[:|](?P<value>[^,;。:|\n]{{2,40}})"
)
#: A label alone on its line (a form flattened one cell per line): the value is the next line.
_LABEL_ALONE = re.compile(rf"(?P<label>{_UNIT_LABEL})(?:名称)?(?:\([盖公]章\))?:?")
#: Two labels and their two values, each pair split by "/": "项目实施单位/项目负责人原州区农技中心/杨勃兴".
_PAIR_FIELD = re.compile(
    rf"(?P<label>{_UNIT_LABEL})(?:\([盖公]章\))?/{FIELD_LABEL}:?(?P<value>[^/,;。:|\n()]{{2,30}})/"
)
#: A label and its value alone on a line, the gap between them squeezed out ("部门(单位)名称    桂平市审计局").
_LABEL_BESIDE = re.compile(
    rf"(?P<label>{_UNIT_LABEL})(?:名称)?(?:\([盖公]章\))?(?P<value>[^,;。:|()]{{2,40}})"
)
_FIELD_RANK = {
    "单位名称": 0,
    "部门名称": 0,
    "填报单位": 1,
    "预算单位": 1,
    "实施单位": 2,
    "项目实施单位": 2,
    "项目单位": 2,
    "评价单位": 3,
    "主管部门": 4,
    "主管单位": 4,
}
#: A unit's budget code before its name in a form: "219001-池州市贵池区棠溪镇人民政府".
_CODE_PREFIX = re.compile(r"^[0-9A-Za-z]{2,24}-")


def _field_rank(label: str) -> int:
    if label in _FIELD_RANK:
        return _FIELD_RANK[label]
    return 0 if label.endswith(("名称", "全称")) else 1


#: Words of a title that name the kind of report, not a project: "项目支出", "专项资金"…
_KIND_WORDS = re.compile(
    r"(?:项目|支出|专项|资金|单位|部门|整体|年度|度|预算|的|财政|省级|市级|县级|本级){1,8}"
)
_INTRO = re.compile(
    r"^(?P<d>[^,。;:!?]{2,40}?)(?:是|为|作为|成立于|于(?:19|20)[0-9]{2}年|主要|内设)"
)


#: A unit introduced with its short name: "湖北残疾人联合会(以下简称“省残联”)".
_ALIAS = re.compile(r"(?P<d>[^,;。:!?()《》“”\n]{3,30})\((?:以下|下文)简称")
#: Words of a clause around a unit, not of its name: "我公司受某局(以下简称…)".
_ALIAS_NOT = re.compile(r"[我本受对由经的]")


def _cn_year(text: str) -> int:
    digits = {"〇": 0, "零": 0, "○": 0} | {c: cn_number(c) for c in "一二三四五六七八九"}
    return int("".join(str(digits[c]) for c in text))


#: A title at the head of a long paragraph (a PDF converted into one line): up to its "报告" (or a
#: "…报告和…自评表" naming both).
_TITLE_HEAD = re.compile(
    r"[^,;。:!?]{4,80}?(?:自评|评价|绩效)[^,;。:!?]{0,12}?报告(?:[和及][^,;。:!?]{0,12}?(?:自评|评价)表)?(?:\([^()]{0,20}\))?"
    r"|[^,;。:!?]{2,60}?(?:自评|评价)表(?:\([^()]{0,20}\))?"
)


_NUMBERED = re.compile(r"[(]?[一二三四五六七八九十0-9]{1,3}[、.)]")


#: The end of a report's title, with a remark in brackets: "…自评报告(春节慰问经费项目)".
_REPORT_END = re.compile(r"报告(?:\([^()]{0,20}\))?$")
#: The end of a whole title: "…自评报告", "…自评报告(春节慰问经费项目)", "…自评表(2022年度)".
_TITLE_END = re.compile(r"(?:报告|(?:自评|评价)表)(?:\([^()]{0,20}\))?$")


def _title_start(head: Sequence[str], at: int) -> str:
    """
    The title at *at*, with its first line when a conversion split it: "…2022年度部门整体支出" /
    "绩效自评报告", or a line cut in a word before the year ("…州级补助资" / "金2023年度绩效自评报告").
    """
    para = head[at]
    if not at:
        return para
    before = head[at - 1]
    if (
        len(before) + len(para) > 120
        or any(c in before for c in "。,;:!?|")
        or _TITLE_END.search(before)
    ):
        return para  # a sentence, or a whole title above (the same title again below it)
    before_year = _YEAR.search(before) or _YEAR_CN.search(before)
    if not _YEAR.search(para) and not _YEAR_CN.search(para):
        return before + para if before_year else para
    if (
        not before_year
        and len(before) >= _CUT_MIN
        and not _UNIT_SUFFIX.search(before)
        and not _DOCUMENT_END.search(before)
    ):
        return before + para  # a line cut in a word; a unit's name alone above the title is none
    return para


#: The shortest line a fixed-width conversion cuts a title in.
_CUT_MIN = 12
#: A document's name ends a line: "…部门决算", "…编制说明", "…公开".
_DOCUMENT_END = re.compile(r"(?:说明|决算|公开|报告|表|通知|目录)$")


#: A sentence, not a title: a clause break, or a full stop after a clause ("经自评，我局…得分96分，等级为优。").
_SENTENCE_MARKS = re.compile(r"[,;]|。$")


#: A web page's header ("索引号 … 发布机构 … 公开目录 自评报告"): never the title, even when it ends with one's words.
_WEB_HEADER = re.compile(
    r"索引号|发布机构|发布日期|发文日期|公开目录|信息来源|主题词|由会员分享|在线阅读|下载文档"
)


def _unnumbered(para: str) -> str:
    """
    A paragraph as a title may start it: a numbered one only when a document's name follows its
    number (a document site's "1、某某自评表(2021年)项目名称…"), never a numbered heading
    ("(三)项目自评步骤及方法").
    """
    m = _NUMBERED.match(para)
    if m is None:
        return para
    rest = para[m.end() :]
    return rest if _TITLE_HEAD.match(rest) else ""


#: A bulleted item of a web page's header ("•绩效评价", "•发布机构"): no title.
_BULLETS = ("•", "·", "▪", "●", "■", "◆")


def read_title(paragraphs: Sequence[str]) -> str | None:
    """The report's title, without an annex's number before it or a file's extension after it."""
    title = _find_title(paragraphs)
    if title is None:
        return None
    title = _FILE_EXTENSION.sub("", _ANNEX_PREFIX.sub("", title))  # "附件2:某局…自评表(共15个).pdf"
    return title or None


#: A file's extension closing a title taken from a file's name: "….pdf", "….docx".
_FILE_EXTENSION = re.compile(r"\.(?:pdf|docx?|xlsx?|wps)$", re.IGNORECASE)


#: "现将…情况报告如下:": 报告 the verb of a sentence, whatever the words before it, so no title.
_AS_FOLLOWS = re.compile(r"报告如下")


def _find_title(paragraphs: Sequence[str]) -> str | None:
    # a breadcrumb or a web page's header may end with the title's words, but is none; nor is a numbered heading
    head = [
        p
        for p in map(_unnumbered, paragraphs[:30])
        if p
        and not NAVIGATION.search(p)
        and not _WEB_HEADER.search(p)
        and not p.startswith(_BULLETS)
    ][:10]
    for at, para in enumerate(head):
        if (
            len(para) <= 120
            and _REPORT_END.search(para)
            and ("自评" in para or "评价" in para or "绩效" in para)
        ):
            return _title_start(head, at)
    for at, para in enumerate(head[:6]):
        if (
            len(para) <= 120
            and ("报告" in para or "自评" in para or "绩效评价" in para)
            and not _AS_FOLLOWS.search(para)
            and "。" not in para[:-1]
            and not _SENTENCE_MARKS.search(para)
        ):
            m = _TITLE_HEAD.match(para)
            if m and m.end() < len(para) and not _YEAR.match(para, m.end()):
                # a form's title run into its cells: "项目支出绩效自评表(2022年度)项目名称…"
                return m.group(0)
            return _title_start(head, at)
    for para in head[:3]:
        m = _TITLE_HEAD.match(para)
        if m and not _AS_FOLLOWS.match(para, m.end() - 2):
            return m.group(0)
    if (
        head
        and len(head[0]) <= 60
        and _YEAR.search(head[0])
        and not any(c in head[0] for c in "。,;:!?|")
    ):
        # another document's title ("某局2017年度部门决算说明") with the evaluation inside
        return head[0]
    return None


#: The next label of a form run into a field's value ("塘湖镇政府 填报日期:…" squeezed to one word).
#: A fund's form names its 负责人 without 项目 ("专项资金名称县级储备粮负责人及电话…"), and its fund's name.
_NEXT_LABEL = re.compile(rf"{FIELD_LABEL}|负责人|(?:专项)?资金名称")


#: An annex's number before a title or a name: "附件2:", "附件3".
_ANNEX_PREFIX = re.compile(r"^附件[0-9一二三四五六七八九十]{0,3}[:、.]?")


#: A template's blank in a name: "***项目", "××局", "xx县".
_PLACEHOLDER = re.compile(r"[*×＊]{2}|(?<![A-Za-z])(?:xx|XX)(?![A-Za-z])")


def _clean_unit(name: str) -> str | None:
    if _NEXT_LABEL.match(name):
        return None  # a form's label and what follows ("填报日期年月日…"), not a unit
    following = _NEXT_LABEL.search(name, 2)
    if following:
        name = name[: following.start()]
    name = name.strip(" :|").removesuffix("(盖章)").removesuffix("(公章)")
    name = _CODE_PREFIX.sub("", name.strip(' :|-"“”《》()'))
    name = _ANNEX_PREFIX.sub("", name).removeprefix("关于").removesuffix("关于")
    while name.endswith(("的", "(", "《")):
        name = name[:-1]
    if _PLACEHOLDER.search(name):
        return None  # a template's blank: "***项目", "xx局"
    return name if 2 <= len(name) <= 60 else None


def read_year(title: str | None, text: str) -> int | None:
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(0))
        c = _YEAR_CN.search(title)
        if c:
            return _cn_year(c.group(0))
    field = _YEAR_FIELD.search(text[:5000])
    if field:
        # "评价年度:2024" on a cover: the year, however often others are named
        return int(field.group("y"))
    dates = {m.start() for m in _DATE_YEAR.finditer(text)}
    counts = Counter(m.group(0) for m in _YEAR.finditer(text) if m.start() not in dates)
    if not counts and _MASKED_YEAR.search(text[:5000]):
        return None  # "xx年度…": the year is a blank, and "成立于1958年10月" is no report's year
    if not counts:
        counts = Counter(m.group(0) for m in _YEAR.finditer(text))
    if not counts:
        c = _YEAR_CN.search(text)
        return _cn_year(c.group(0)) if c else None
    best = max(counts.values())
    return int(next(y for y in counts if counts[y] == best))


def read_kind(title: str | None, text: str) -> str | None:
    for where in (title or "", text[:3000]):
        if re.search(r"部门整体|整体支出|部门支出绩效|部门绩效自评", where):
            return "department"
        if re.search(r"项目|专项", where) and where is title:
            return "project"
        if re.search(r"项目支出绩效|项目绩效自评|项目自评", where):
            return "project"
    return None


#: The labels of a form's project field: "项目名称", or a fund's "专项资金名称" / "资金名称".
_PROJECT_LABEL = r"项目名称|(?:专项)?资金名称"
_PROJECT_LABELS = frozenset({"项目名称", "专项资金名称", "资金名称"})
_PROJECT_FIELD = re.compile(rf"(?:{_PROJECT_LABEL})[:|](?P<value>[^,;。:|\n]{{2,40}})")
#: A form's cells run together, each label straight before its value: "项目名称社保缴费主管部门某镇人民政府实施单位…".
_RUN_FIELD = re.compile(
    rf"(?P<label>{_PROJECT_LABEL}|{_UNIT_LABEL})(?:\([盖公]章\))?(?=(?P<value>[^,;。:|\n(]{{2,40}}))"
)


#: Words that end a whole project's name: "…项目", "…经费", "…补助资金".
_NAME_END = re.compile(r"(?:项目|经费|资金|费|工程|补助|补贴|专项|奖励|奖补|支出)$")


def _run_fields(text: str) -> Iterator[tuple[str, int, str]]:
    """``(label, position, value)`` of each form label run into its value and the next label."""
    for m in _RUN_FIELD.finditer(text[:20000]):
        value = m.group("value")
        following = _NEXT_LABEL.search(value, 2)
        if following is not None and following.start() >= 2:
            end = following.start()
            if (
                m.group("label") in _PROJECT_LABELS
                and following.group(0).startswith("项目")
                and not _NAME_END.search(value, 0, end)
            ):
                end += 2  # "…制作安装项目负责人": the name ends in 项目, the label is 负责人
            yield m.group("label"), m.start(), value[:end]


#: A table's column name, one cell of a header row: "资金计划", "资金到位", "预算数"…
_COLUMN_CELL = re.compile(
    r".{0,6}(?:计划|到位|预算数?|执行数|执行率|金额|分值|得分|权重)(?:\(.{0,8}\))?"
)


def read_project(text: str, lines: Sequence[str]) -> str | None:
    """The project's name from a form's "项目名称" field, inline or on the next line."""
    m = _PROJECT_FIELD.search(text[:20000])
    value = (
        m.group("value")
        if m
        else next((v for label, _, v in _run_fields(text) if label in _PROJECT_LABELS), None)
    )
    if value is None:
        at = next((i for i, line in enumerate(lines[:200]) if line.rstrip(":") == "项目名称"), None)
        value = (
            lines[at + 1]
            if at is not None and at + 1 < len(lines) and len(lines[at + 1]) <= 40
            else None
        )
        if at is not None and at + 2 < len(lines) and _COLUMN_CELL.fullmatch(lines[at + 2]):
            value = None  # a table's header flattened a cell a line: "项目名称" / "…财政资金" / "资金计划"
    if value and _COLUMN_CELL.fullmatch(value.strip(" |")):
        return None  # a header row's cells: "资金名称 | 预算数 | 执行数"
    return _clean_unit(value) if value else None


#: Words of a report's name, never of a project's: "…项目支出部门评价报告和绩效自评表".
_REPORT_WORDS = re.compile(r"报告|评价|自评")
#: A remark in brackets closing the title: "…自评报告(春节慰问经费项目)", the project's name.
_REMARK = re.compile(r"报告\((?P<p>[^()0-9]{2,30})\)$")
#: A unit's name ending inside a title's head: "红河州第二人民医院" + "国家基本公共卫生服务项目州级补助资金".
_UNIT_END = re.compile(
    r"街道办事处|委员会|联合会|检察院|办公室|医院|中心|政府|公司|法院|协会|集团|街道|局|委|办|院|所|站|队|部|厅|署|处|科|馆|社|校|镇|乡|室|团|会|园|台|场"
)
#: Words that end a project's name or a fund's: the part of a title's head after the unit.
_PROJECT_WORD = re.compile(r"项目|资金|经费|专项|工程|补助|补贴|奖补|费")


#: A title's head up to the words of its kind: "某镇乡村振兴专项资金" of "某镇乡村振兴专项资金绩效评价报告".
_HEAD_TO_KIND = re.compile(r"^(?P<h>[^,。]{2,40}?)(?:支出)?绩效")


def split_unit(head: str) -> tuple[str | None, str | None]:
    """
    A name that heads with a unit and then a project ("红河州第二人民医院国家基本公共卫生服务项目
    州级补助资金", "某乡财政所卫生项目"): the unit up to the last unit word that leaves a project's
    word after it, the project the rest; only a project when no unit word does. A unit word that
    starts a common word ("乡村振兴", "科技", "社会") ends no unit.
    """
    end = 0
    for m in _UNIT_END.finditer(head):
        if (
            m.end() >= 3
            and _PROJECT_WORD.search(head, m.end())
            and head[m.start() : m.end() + 1] not in _NOT_UNIT_END
        ):
            end = m.end()
    if end:
        return _clean_unit(head[:end]), _clean_unit(head[end:])
    return None, _clean_unit(head) if _PROJECT_WORD.search(head) else None


#: A unit word and the character after it that make another word: no unit ends there.
_NOT_UNIT_END = frozenset(
    {
        "乡村",
        "所有",
        "所需",
        "部分",
        "部署",
        "处理",
        "处置",
        "会议",
        "会展",
        "场所",
        "场地",
        "场馆",
        "台账",
        "园区",
        "园林",
        "馆藏",
        "室内",
        "室外",
        "队伍",
        "队员",
        "科技",
        "科学",
        "科研",
        "社会",
        "社区",
        "社保",
        "团结",
        "团体",
        "局部",
        "站点",
        "院校",
        "院落",
        "会计",
        "办公",
        "办理",
        "校园",
    }
)


def _fuller_name(short: str, text: str) -> str | None:
    """
    The unit's full name that a title's head without a unit word shortens: the text's own title
    ("许昌市河湖水系水源调度中心2022年整体…" under a file name "河湖水系2022年…"), a name holding
    the head and ending in a unit word, before a year, at a paragraph's start, after a sentence or
    after a title or a file name the conversion ran it into.
    """
    fuller = re.compile(
        r"(?:^|(?<=[。;:!?\n])|(?<=报告)|(?<=\.pdf)|(?<=\.docx)|(?<=\.doc)(?!x)|(?<=\.wps))"
        rf"(?P<d>[^,;。:!?()《》“”.0-9\s]{{0,20}}{re.escape(short)}[^,;。:!?()《》“”0-9\s]{{0,20}}?)"
        r"(?:19|20)[0-9]{2}年"
    )
    for m in fuller.finditer(text[:5000]):
        named = _clean_unit(m.group("d"))
        if named and named != short and short in named and _UNIT_SUFFIX.search(named):
            return named
    return None


#: An essay or template site's title for a page of reports: "…自评报告(精选10篇)", "…范文".
_SITE_REMARK = re.compile(r"(?:精选)?[0-9一二三四五六七八九十]{1,3}篇\)?$|范文|范本|模板|参考格式")


#: A site's count of the reports on its page, closing its title: "(精选三篇)", no project's name.
_SITE_COUNT = re.compile(r"\((?:精选)?[0-9一二三四五六七八九十]{1,3}篇\)$")
#: A site's headline words before a title: "最新", "优秀", "精选"…
_SITE_HEADLINE = re.compile(r"^(?:最新|优秀|精选|热门|经典|通用|实用|标准|完整版?){1,3}")


def read_department(
    title: str | None, paragraphs: Sequence[str], text: str, lines: Sequence[str] = ()
) -> tuple[str | None, str | None]:
    """The unit and, for a project report, the project's name from the title."""
    if title and any(p.startswith(title) and _SITE_REMARK.search(p) for p in paragraphs[:10]):
        # "最新项目绩效评价自评报告(精选10篇)": a site's headline word is no name ("乡村振兴项目…" stays)
        title = _SITE_HEADLINE.sub("", _SITE_COUNT.sub("", title)) or None
    from_title = None
    project = None
    # the unit and the project of a title's head naming both
    split: tuple[str | None, str | None] = (None, None)
    if title:
        cut = _TITLE_CUT.search(title)
        from_title = _clean_unit(title[: cut.start()]) if cut else None
        after = title[cut.end() :] if cut else ""
        p = re.search(r"^(?:度)?(?P<p>[^,。]{2,40}?)(?:项目)?(?:支出)?绩效", after)
        if (
            p
            and "项目" in title
            and not re.search(r"部门整体|整体支出", title)
            and not _KIND_WORDS.fullmatch(p.group("p"))
            and not _REPORT_WORDS.search(p.group("p"))
        ):
            project = _clean_unit(p.group("p"))
        remark = _REMARK.search(title)
        if project is None and remark and not _KIND_WORDS.fullmatch(remark.group("p")):
            project = _clean_unit(remark.group("p"))  # "…自评报告(春节慰问经费项目)"
        if cut and not from_title:
            # "2021年度某某局部门整体支出…": the unit after the year.
            rest = after.removeprefix("度")
            cut2 = _TITLE_CUT.search(rest)
            named = _clean_unit(rest[: cut2.start()]) if cut2 else None
            if named and _UNIT_SUFFIX.search(named):
                return named, project
            h = _HEAD_TO_KIND.search(rest)
            # "2021年度某镇乡村振兴专项资金绩效评价报告"
            split = split_unit(h.group("h") if h else "")
        if from_title and _KIND_WORDS.fullmatch(from_title):
            # "财政资金项目支出绩效自评报告": words of the kind, neither unit nor project
            from_title = None
        if from_title and not _UNIT_SUFFIX.search(from_title):
            # "某医院某某补助资金2023年度绩效自评报告", "某某推广项目绩效目标自评表": a project named in the title
            unit, named_project = split_unit(from_title)
            if (
                named_project is None
                and cut
                and cut.group(0).startswith("项目")
                and not _KIND_WORDS.fullmatch(from_title)
                and not from_title.endswith(("部门", "单位", "本级"))  # "某市本级部门…": a kind
            ):
                # "某某推广" + "项目绩效…": all of it the project
                named_project = from_title + "项目"
            if named_project and _KIND_WORDS.fullmatch(named_project) is None:
                project = project or named_project
                from_title = None
                split = (unit, None)
    if from_title and _UNIT_SUFFIX.search(from_title):
        return from_title, project
    if title is not None and title in paragraphs[:8]:
        # A unit's name on its own line just above or below the title.
        at = list(paragraphs[:8]).index(title)
        for near in [*paragraphs[at + 1 : at + 2], *paragraphs[max(0, at - 1) : at]]:
            if (
                len(near) <= 40
                and _UNIT_SUFFIX.search(near.removesuffix("(盖章)").removesuffix("(公章)"))
                and not any(c in near for c in "。,;:!?")
                and not _NUMBERED.match(near)
                # "2019年度)单位名称某局": a field after the line, not a unit
                and (named := _clean_unit(near)) is not None
                and _UNIT_SUFFIX.search(named)
            ):
                return named, project
    fields = [
        (_field_rank(m.group("label")), m.start(), m.group("value"))
        for m in _FIELD.finditer(text[:20000])
    ]
    fields += [
        (_field_rank(label), at, value)
        for label, at, value in _run_fields(text)
        if label not in _PROJECT_LABELS and _UNIT_SUFFIX.search(value)
    ]
    fields += [
        (_field_rank(m.group("label")), m.start(), m.group("value"))
        for m in _PAIR_FIELD.finditer(text[:20000])
        if _UNIT_SUFFIX.search(m.group("value"))
    ]
    for i, line in enumerate(lines[:200]):
        alone = _LABEL_ALONE.fullmatch(line)
        if (
            alone
            and i + 1 < len(lines)
            and len(lines[i + 1]) <= 40
            and _UNIT_SUFFIX.search(_CODE_PREFIX.sub("", lines[i + 1]))
        ):
            fields.append((_field_rank(alone.group("label")), -1, lines[i + 1]))
        beside = _LABEL_BESIDE.fullmatch(line)
        if beside and _UNIT_SUFFIX.search(beside.group("value")):
            fields.append((_field_rank(beside.group("label")), -1, beside.group("value")))
    fields.sort()
    for _, _, value in fields:
        name = _clean_unit(value)
        if name:
            return name, project
    if from_title and not from_title.endswith(("部门", "单位")):
        fuller = _fuller_name(from_title, text)
        if fuller:
            # "河湖水系" of a file name, "许昌市河湖水系水源调度中心2022年…" in the text
            return fuller, project
        return from_title, project  # a place ("岳阳市"), not "某市本级部门"
    if split[0]:
        # no field names the unit: the one the title's head names
        return split[0], split[1] or project
    for alias in _ALIAS.finditer(text[:20000]):
        named = alias.group("d")
        if _UNIT_SUFFIX.search(named) and not _ALIAS_NOT.search(named):
            return _clean_unit(named), project  # "湖北残疾人联合会(以下简称“省残联”)"
    for para in paragraphs[:40]:
        m = _INTRO.match(para)
        if m and _UNIT_SUFFIX.search(m.group("d")) and not m.group("d").startswith(("我", "本")):
            return _clean_unit(m.group("d")), project
    for para in paragraphs[-3:]:
        if len(para) <= 40 and _UNIT_SUFFIX.search(para) and not any(c in para for c in "。,;:"):
            return _clean_unit(para), project
    return None, project
