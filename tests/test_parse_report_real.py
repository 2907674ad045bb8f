"""parse_report() on texts in the layout of real published reports, and the general rules they needed (issue 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.report_strategies import LABELS, NAME, PLAIN, UNITS, YUAN, wan, wan_money

from perfrules import Fixed, Money, parse_report
from perfrules._parse._outline import split_inline_titles
from perfrules._parse._text import drop_page_numbers

REAL = Path(__file__).resolve().parent / "fixtures" / "reports" / "real"
CASES = sorted(REAL.glob("*.txt"))


def wrapped(text: str, width: int) -> str:
    """Every line cut at *width* characters, as a fixed-width PDF conversion does."""
    out = []
    for line in text.split("\n"):
        out += [line[i : i + width] for i in range(0, len(line), width)] or [""]
    return "\n".join(out)


class TestRealLayouts:
    """Each text reads as its .json says (see fixtures/reports/real/README.md for the sources)."""

    def test_all_listed(self) -> None:
        """Every text has its expectations and a line in the README."""
        readme = (REAL / "README.md").read_text(encoding="utf-8")

        assert len(CASES) >= 8
        assert all(p.with_suffix(".json").is_file() and f"`{p.stem}`" in readme for p in CASES)

    @pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
    def test_facts(self, case: Path) -> None:
        facts = parse_report(case.read_text(encoding="utf-8"))
        expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
        data = facts.to_data()
        data["project"] = facts.project
        data["problems_denied"] = facts.problems_denied

        assert data == expected

    def test_web_header_and_budgets(self) -> None:
        """A web page's header is not the title; 年初批复预算 is the initial budget, 调整预算后 the budget."""
        facts = parse_report(
            (REAL / "yunnan-data-center-2024-project.txt").read_text(encoding="utf-8")
        )

        assert (facts.title, facts.department, facts.kind) == (
            "红河州数据发展中心2024年度项目支出绩效单位自评报告",
            "红河州数据发展中心",
            "project",
        )
        assert facts.project is None  # "项目支出" names the kind, not a project
        assert (facts.initial, facts.budget, facts.executed) == (
            Money(985_000_000),
            Money(861_460_000),
            Money(334_670_000),
        )

    def test_cover_page(self) -> None:
        """部门(单位)名称 names the unit; the report's year is not its 报告日期."""
        facts = parse_report((REAL / "hunan-cover-page-2018.txt").read_text(encoding="utf-8"))

        assert (facts.department, facts.year, facts.grade) == (
            "岳阳市城市管理监督指挥中心",
            2018,
            "优",
        )
        assert facts.initial == Money(412_600_000)

    def test_decimal_headings(self) -> None:
        """`3.2存在绩效问题` is a section under `3.`; its (1) (2) are the problems."""
        facts = parse_report(
            (REAL / "hunan-street-decimal-headings-2018.txt").read_text(encoding="utf-8")
        )

        assert facts.problems == (
            "预算编制不够细化，项目支出调整较多。",
            "资产管理制度执行不到位。",
        )
        assert [s.title for s in facts.sections if s.key == "problems"] == ["存在绩效问题"]
        assert facts.year == 2017  # "报告时间：2018年7月" is a date

    def test_township_form(self) -> None:
        """The 自评得分 column of the funds row is the execution score; the total row's score is the second number."""
        facts = parse_report((REAL / "hunan-township-form-2023.txt").read_text(encoding="utf-8"))

        assert (facts.initial, facts.budget, facts.executed) == (
            Money(861_100_000),
            Money(2_030_120_000),
            Money(2_030_120_000),
        )
        assert (facts.self_score, facts.grade, facts.title) == (
            Fixed.parse("96"),
            "优",
            "2023年度部门整体支出绩效自评表",
        )

    def test_pipe_form(self) -> None:
        """A blank 得分 cell at the end of a row; the 项目名称 field without its budget code."""
        facts = parse_report((REAL / "sichuan-project-form-2023.txt").read_text(encoding="utf-8"))

        assert (facts.initial, facts.budget, str(facts.execution_rate_stated)) == (
            Money(238_930_000),
            Money(251_890_000),
            "100.00",
        )
        assert facts.project == "工资性支出"
        assert facts.problems_denied

    def test_inline_lists(self) -> None:
        """存在的问题：一是… 下一步改进措施：一是… inside one paragraph of another document."""
        facts = parse_report((REAL / "inline-lists-2017.txt").read_text(encoding="utf-8"))

        assert facts.problems == (
            "年初编制项目资金预算时对对象摸底不够准确，造成预算资金过大。",
            "专项资金申报不够及时。",
        )
        assert len(facts.measures) == 2
        assert facts.measures[1].startswith("按要求开展专项工作")

    @settings(max_examples=60, deadline=None)
    @given(
        name=st.sampled_from([p.stem for p in CASES if "form" not in p.stem]),
        width=st.integers(24, 60),
    )
    def test_wrapped(self, name: str, width: int) -> None:
        """Hard wrapping of the prose texts changes no fact but the lists' spaces."""
        text = (REAL / f"{name}.txt").read_text(encoding="utf-8")
        expected = json.loads((REAL / f"{name}.json").read_text(encoding="utf-8"))
        data = parse_report(wrapped(text, width)).to_data()

        for key in ("problems", "measures"):
            assert [x.replace(" ", "") for x in data.pop(key)] == [
                x.replace(" ", "") for x in expected[key]
            ]
        assert data == {
            k: v
            for k, v in expected.items()
            if k not in ("problems", "measures", "project", "problems_denied")
        }


class TestGeneralRules:
    """The rules the real layouts needed, for any unit, amount and position."""

    @settings(max_examples=60)
    @given(label=LABELS, name=NAME, suffix=UNITS, colon=st.booleans(), code=st.booleans())
    def test_label_then_value(
        self, label: str, name: str, suffix: str, colon: bool, code: bool
    ) -> None:
        """A form's unit label alone on its line names the unit on the next line (a budget code before it is dropped)."""
        unit = name + suffix
        text = f"2023年度部门整体支出绩效自评表\n{label}{':' if colon else ''}\n{'411001-' if code else ''}{unit}\n年度资金总额\n"

        assert parse_report(text).department == unit

    @settings(max_examples=80)
    @given(
        initial=YUAN,
        final=YUAN,
        executed=YUAN,
        initial_first=st.booleans(),
        word=st.sampled_from(["全年预算数", "调整后预算数", "调整预算", "调整后的预算"]),
    )
    def test_final_budget_wins(
        self, initial: int, final: int, executed: int, initial_first: bool, word: str
    ) -> None:
        """With 年初预算 and a 全年 / 调整后 budget in one sentence, the budget is the latter, in either order."""
        a = f"年初预算数为{wan(initial)}万元"
        b = f"{word}{wan(final)}万元"
        parts = [a, b] if initial_first else [b, a]
        facts = parse_report(
            f"某局2022年部门整体支出绩效自评报告\n{parts[0]}，{parts[1]}，全年执行数{wan(executed)}万元。"
        )

        assert (facts.initial, facts.budget, facts.executed) == (
            wan_money(initial),
            wan_money(final),
            wan_money(executed),
        )

    @settings(max_examples=80)
    @given(amount=st.integers(1, 10**8), cut=st.integers(1, 12))
    def test_number_wrapped_onto_a_line_of_its_own(self, amount: int, cut: int) -> None:
        """A number cut by a wrap, its tail alone on a line before the unit, is not a page number."""
        number = wan(amount)
        cut = min(cut, len(number) - 1)
        head, tail = number[:cut], number[cut:]
        lines = [
            "某局2022年部门整体支出绩效自评报告",
            "经查阅有关账务和项目执行情况,全年预算数为" + head,
            tail,
            "万元,全年执行数为1.00万元,执行率以实际为准。",
        ]
        kept = drop_page_numbers(lines)

        if tail.isdigit() and len(tail) <= 3:
            assert kept == lines
        assert parse_report("\n".join(lines)).budget == wan_money(amount)

    @settings(max_examples=60)
    @given(
        score=st.integers(0, 9999).map(lambda n: Fixed(n, 2)),
        sep=st.sampled_from(["\n", "|", " | "]),
    )
    def test_total_row(self, score: Fixed, sep: str) -> None:
        """A flattened total row, 总分 / 100 / score: the score is the second number."""
        text = f"某局2023年度部门整体支出绩效自评表\n总分{sep}100{sep}{score}\n"

        assert parse_report(text).self_score == score

    @settings(max_examples=60)
    @given(
        head=st.sampled_from(["自评得分90分", "执行率98%", "工作完成较好"]),
        problems=st.sampled_from(["存在的问题", "存在的主要问题", "主要问题"]),
        measures=st.sampled_from(["下一步改进措施", "改进措施", "整改建议", "下一步工作计划"]),
        n=st.integers(1, 4),
        stop=st.sampled_from([",", "。", ";"]),
    )
    def test_inline_titles(
        self, head: str, problems: str, measures: str, n: int, stop: str
    ) -> None:
        """Titles run into a paragraph after a clause start their own paragraphs, and their 一是… are the items."""
        cn = "一二三四"
        items = "".join(f"{cn[i]}是问题{i}。" for i in range(n))
        steps = "".join(f"{cn[i]}是措施{i}。" for i in range(n))
        para = f"{head}{stop}{problems}:{items}{measures}:{steps}"

        assert split_inline_titles([para]) == [
            f"{head}{stop}",
            f"{problems}:{items}",
            f"{measures}:{steps}",
        ]
        facts = parse_report(f"某局2017年度部门决算说明\n{para}")
        assert facts.problems == tuple(f"问题{i}。" for i in range(n))
        assert facts.measures == tuple(f"措施{i}。" for i in range(n))

    @settings(max_examples=40)
    @given(chapter=st.integers(1, 9), k=st.integers(2, 4), n=st.integers(1, 4))
    def test_decimal_headings(self, chapter: int, k: int, n: int) -> None:
        """`N.1`, `N.2`… are sections under `N.`; the one titled 存在问题 holds the problems."""
        before = [f"{i}.概况\n{i}.1职责\n说明。" for i in range(1, chapter)]
        subs = [f"{chapter}.{i}其他情况\n说明{i}。" for i in range(1, k)]
        items = "\n".join(f"({i + 1})问题{i}。" for i in range(n))
        body = "\n".join(
            [
                *before,
                f"{chapter}.绩效评价结论",
                *subs,
                f"{chapter}.{k}存在的问题",
                items,
                f"{chapter + 1}.建议",
                "(1)措施。",
            ]
        )
        facts = parse_report(f"某局2022年部门整体支出绩效评价报告\n{body}")

        assert facts.problems == tuple(f"问题{i}。" for i in range(n))
        assert facts.measures == ("措施。",)

    @pytest.mark.parametrize(
        "text", ["全年预算1.5万元,已支出1.2万元。", "增长2.5倍", "合计3.2万元"]
    )
    def test_decimal_in_prose_is_no_heading(self, text: str) -> None:
        """A decimal followed by a unit is a number, at a line start too."""
        facts = parse_report(f"某局2022年部门整体支出绩效自评报告\n一、基本情况\n{text}")

        assert [s.title for s in facts.sections] == ["基本情况"]


GRADE_WORDS = {
    "优秀": "优",
    "良好": "良",
    "中等": "中",
    "较差": "差",
    "优": "优",
    "良": "良",
    "中": "中",
    "差": "差",
    "合格": "合格",
}


class TestScoresAndGrades:
    """A grade beside its score with no word of its own, and a score table's total row (issue 5)."""

    @settings(max_examples=80)
    @given(
        score=st.integers(0, 10000).map(lambda n: Fixed(n, 2)),
        word=st.sampled_from(sorted(GRADE_WORDS)),
        lead=st.sampled_from(["自评结果：", "自评得分", "综合得分为", "经自评，得分"]),
        sep=st.sampled_from(["，", "、", "，为", "，等级", "（"]),
        end=st.sampled_from(["。", "；", "）。", "\n"]),
    )
    def test_grade_after_score(
        self, score: Fixed, word: str, lead: str, sep: str, end: str
    ) -> None:
        """`自评结果：96分，优。`: a grade word closing the score's clause is the grade."""
        facts = parse_report(f"某局2022年部门整体支出绩效自评报告\n{lead}{score}分{sep}{word}{end}")

        assert (facts.self_score, facts.grade) == (score, GRADE_WORDS[word])

    @settings(max_examples=60)
    @given(
        score=st.integers(0, 100),
        word=st.sampled_from(["优", "良", "中", "差"]),
        tail=st.sampled_from(["于上年", "化", "期", "点", "等", "间"]),
    )
    def test_word_running_on_is_no_grade(self, score: int, word: str, tail: str) -> None:
        """`96分，优于上年`: a grade word that runs on into another word is not a grade."""
        assume(word + tail not in ("优等", "良等", "中等", "差等"))
        facts = parse_report(
            f"某局2022年部门整体支出绩效自评报告\n自评得分{score}分，{word}{tail}。"
        )

        assert (facts.self_score, facts.grade) == (Fixed(score), None)

    @settings(max_examples=80)
    @given(
        letter=st.sampled_from("ABCDabcd"),
        sign=st.sampled_from(["", "+", "-"]),
        wording=st.sampled_from(
            ["等级为{l}，得分{s}分。", "等级为{l}级，综合得分{s}分。", "等次：{l}，自评总分{s}分。"]
        ),
        score=st.integers(0, 100),
    )
    def test_letter_then_score(self, letter: str, sign: str, wording: str, score: int) -> None:
        """`等级为A+，得分85分`: the score after the letter makes it an evaluation's grade."""
        facts = parse_report(
            "某局2022年部门整体支出绩效自评报告\n" + wording.format(l=letter + sign, s=score)
        )

        assert (facts.grade, facts.self_score) == (letter.upper() + sign, Fixed(score))

    @settings(max_examples=40)
    @given(other=st.sampled_from(["纳税信用等级为A级", "资信等级为B"]), score=st.integers(0, 100))
    def test_other_rating_then_score(self, other: str, score: int) -> None:
        """A rating of another kind stays no grade, even with a score after it."""
        assert (
            parse_report(f"某局2022年部门整体支出绩效自评报告\n{other}，得分{score}分。").grade
            is None
        )

    @settings(max_examples=80)
    @given(
        weights=st.lists(st.integers(1, 30), min_size=1, max_size=5),
        lost=st.integers(0, 30),
        label=st.sampled_from(["合计", "总计"]),
        sep=st.sampled_from([" ", " | ", "|"]),
        one_line=st.booleans(),
        header=st.sampled_from(
            [
                "年度指标值实际完成值分值得分",
                "一级指标|二级指标|三级指标|分值|得分",
                "指标值 完成值 权重 得分",
            ]
        ),
    )
    def test_score_table_total(
        self, *, weights: list[int], lost: int, label: str, sep: str, one_line: bool, header: str
    ) -> None:
        """A score table's total row of two numbers gives the second: the full marks, then the score."""
        full = sum(weights)
        assume(lost <= full <= 100)
        rows = [f"指标{i}{sep}{w}{sep}{w}" for i, w in enumerate(weights)]
        joint = " " if one_line else "\n"
        facts = parse_report(
            joint.join(
                [
                    "某镇2022年项目支出绩效自评表",
                    header,
                    *rows,
                    f"{label}{sep}{full}{sep}{full - lost}",
                ]
            )
        )

        assert facts.self_score == Fixed(full - lost)

    @settings(max_examples=60)
    @given(
        total=st.integers(1, 100),
        label=st.sampled_from(["合计", "总计"]),
        sep=st.sampled_from([" ", "|", ""]),
        weighted=st.booleans(),
    )
    def test_score_table_total_alone(
        self, total: int, label: str, sep: str, weighted: bool
    ) -> None:
        """One number on the total row: the score under a 得分 column alone, the full marks (score blank) beside 分值."""
        header = (
            "三级指标 年度指标值 实际完成值 分值 得分"
            if weighted
            else "三级指标 年度指标值 实际完成值 得分"
        )
        facts = parse_report(
            f"某镇2022年项目支出绩效自评表\n{header}\n{label}{sep}{total}\n评价结论 完成。"
        )

        assert facts.self_score == (None if weighted else Fixed(total))

    @settings(max_examples=80)
    @given(
        amounts=st.tuples(st.integers(1, 99999), st.integers(1, 99999), st.integers(1, 99999)),
        label=st.sampled_from(["合计", "总计"]),
        weight=st.integers(1, 20),
    )
    def test_funds_table_total_is_no_score(
        self, amounts: tuple[int, int, int], label: str, weight: int
    ) -> None:
        """A funds table's 合计 row holds amounts and the execution's score, never the self-score."""
        a, b, c = (wan(x) for x in amounts)
        facts = parse_report(
            f"某镇2022年项目支出绩效自评表 项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分 {label}{a} {b} {c} {weight} 100% {weight} 评价结论完成。"
        )

        assert facts.self_score is None
        assert (facts.budget, facts.executed) == (wan_money(amounts[1]), wan_money(amounts[2]))


class TestShortNamesAndCoverFields:
    """A file name's short unit, a cover's 评价年度 field, and "…报告如下:" cut by a wrap (issue 5)."""

    def test_file_name_short_unit(self) -> None:
        """The file name's `河湖水系` is the short form of the unit the report's own title names."""
        facts = parse_report(
            (REAL / "henan-file-name-short-unit-2022.txt").read_text(encoding="utf-8")
        )

        assert (facts.department, facts.year, facts.kind, facts.grade) == (
            "许昌市河湖水系水源调度中心",
            2022,
            "department",
            "优",
        )
        assert facts.budget == Money(803_740_000)

    @settings(max_examples=80)
    @given(
        place=NAME,
        short=PLAIN,
        middle=st.sampled_from(["", "水源调度", "管理服务"]),
        suffix=UNITS,
        year=st.integers(2015, 2030),
        ext=st.sampled_from(["", ".docx", ".pdf", ".doc"]),
        joint=st.sampled_from(["\n", " "]),
    )
    def test_title_head_shortens_the_unit(
        self, *, place: str, short: str, middle: str, suffix: str, year: int, ext: str, joint: str
    ) -> None:
        """A title's head without a unit word, held by a unit's name before the year in the text, is that unit."""
        unit = place + short + middle + suffix
        head = f"{short}{year}年整体绩效自评总结报告{ext}"
        body = f"{unit}{year}年整体和项目支出绩效自评总结报告一绩效管理工作开展情况。我单位按照要求开展自评。"

        assert parse_report(head + joint + body).department == unit

    @settings(max_examples=40)
    @given(short=PLAIN, year=st.integers(2015, 2030))
    def test_title_head_alone_stays(self, short: str, year: int) -> None:
        """With no fuller name in the text, the title's head is the unit as before (a place: "岳阳市")."""
        text = f"{short}{year}年整体绩效自评报告\n一、基本情况\n{short}{year}年的工作完成较好。"

        assert parse_report(text).department == short

    @settings(max_examples=80)
    @given(
        year=st.integers(2015, 2030),
        others=st.lists(st.integers(1950, 2030), min_size=1, max_size=6),
        label=st.sampled_from(["评价年度", "所属年度", "预算年度"]),
        sep=st.sampled_from([":", ": ", "|"]),
    )
    def test_year_field(self, year: int, others: list[int], label: str, sep: str) -> None:
        """A cover's `评价年度:2024` is the year, though other years are named more often."""
        history = "".join(f"{y}年更名,{y}年调整," for y in others)
        text = f"{label}{sep}{year}\n评价单位(公章):某县地方公路局\n一、基本情况\n本单位{history}现有职工36人。"

        assert parse_report(text).year == year

    def test_cover_year_field(self) -> None:
        """No title: the cover's fields give the unit and the year, the prose the kind."""
        facts = parse_report(
            (REAL / "guangdong-cover-year-field-2024.txt").read_text(encoding="utf-8")
        )

        assert (facts.title, facts.department, facts.year, facts.kind) == (
            None,
            "徐闻县地方公路局",
            2024,
            "department",
        )

    @settings(max_examples=80)
    @given(
        place=NAME,
        suffix=UNITS,
        year=st.integers(2015, 2030),
        cut=st.integers(1, 12),
        alone=st.booleans(),
    )
    def test_reports_as_follows_is_no_title(
        self, *, place: str, suffix: str, year: int, cut: int, alone: bool
    ) -> None:
        """A sentence "现将…报告如下:" on a line of its own, or cut by a wrap in the unit, is no title."""
        unit = place + suffix
        sentence = f"现将{year}年度{unit}整体支出绩效自评情况报告如下:"
        at = 0 if alone else min(len(f"现将{year}年度") + cut, len(sentence) - 12)
        text = "\n".join(
            [
                f"评价单位(公章):{unit}",
                "一、根据通知要求,我单位认真开展自评自查工作,形成本评价报告。" + sentence[:at],
                sentence[at:],
                "二、单位基本情况",
                "本单位为行政单位。",
            ]
        )
        facts = parse_report(text)

        assert (facts.title, facts.department) == (None, unit)


class TestFundNameField:
    """A fund's form names its fund by 专项资金名称 / 资金名称, as a project's form by 项目名称 (issue 5)."""

    def test_fund_form(self) -> None:
        """`专项资金名称县级储备粮负责人及电话…`: the fund is the project, 负责人 the next label."""
        facts = parse_report((REAL / "hunan-fund-name-form-2020.txt").read_text(encoding="utf-8"))

        assert (facts.project, facts.department, facts.year) == (
            "县级储备粮",
            "衡山县商务和粮食局",
            2020,
        )
        assert facts.budget == facts.executed == Money(194_900_000)

    @settings(max_examples=80)
    @given(
        fund=PLAIN,
        label=st.sampled_from(["专项资金名称", "资金名称"]),
        after=st.sampled_from(["负责人及电话张三", "项目负责人张三", "主管部门某县财政局"]),
        sep=st.sampled_from(["", ":", "|"]),
        name=NAME,
        suffix=UNITS,
    )
    def test_fund_name_label(
        self, *, fund: str, label: str, after: str, sep: str, name: str, suffix: str
    ) -> None:
        """The value of a fund's name label, up to the next label, is the project, run together or not."""
        unit = name + suffix
        # "…项目负责人" run together: the name may end in 项目 (see the run-together form)
        assume(sep or not after.startswith("项目"))
        cut = "\n" if sep else ""
        text = (
            f"2020年度县级专项资金绩效目标自评表\n{label}{sep}{fund}{cut}{after}{cut}"
            f"实施单位{sep}{unit}{cut}填报日期{sep}2021年3月1日\n"
        )
        facts = parse_report(text)

        assert facts.project == fund
        assert facts.department == unit  # the 实施单位 before the 主管部门

    @pytest.mark.parametrize("sep", ["|", " | "])
    def test_fund_name_column_is_no_project(self, sep: str) -> None:
        """A header row's 资金名称 over columns names no project."""
        text = sep.join(["资金名称", "年初预算数", "全年预算数", "全年执行数"])
        facts = parse_report(
            f"某县财政局2022年项目支出绩效自评表\n{text}\n合计{sep}10{sep}10{sep}9\n"
        )

        assert facts.project is None


class TestMaskedYearAndSiteTitles:
    """A blank year with only dated history, and an essay site's title of many reports (issue 5)."""

    def test_essay_site(self) -> None:
        """`…(精选10篇)` names no project; `xx年度` with `成立于1958年10月` gives no year."""
        facts = parse_report(
            (REAL / "essay-site-masked-year-history-xx.txt").read_text(encoding="utf-8")
        )

        assert (facts.year, facts.project, facts.department, facts.kind) == (
            None,
            None,
            None,
            "project",
        )

    @settings(max_examples=80)
    @given(
        blank=st.sampled_from(["xx年度", "20xx年", "xxxx年", "20**年", "XX 年"]),
        dates=st.lists(
            st.tuples(st.integers(1950, 2030), st.integers(1, 12)), min_size=1, max_size=4
        ),
    )
    def test_masked_year_is_no_date(self, blank: str, dates: list[tuple[int, int]]) -> None:
        """A report whose year is a blank has none, whatever dates its history names."""
        history = "".join(f"{y}年{m}月更名," for y, m in dates)
        text = f"某局项目绩效自评报告\n{blank}项目资金100万元。本局成立以来,{history}现有职工36人。"

        assert parse_report(text).year is None

    @settings(max_examples=40)
    @given(year=st.integers(1990, 2030), month=st.integers(1, 12))
    def test_dates_alone_still_give_the_year(self, year: int, month: int) -> None:
        """With no blank year, a date's year is still the year when nothing else is named."""
        text = f"某局项目绩效自评报告\n{year}年{month}月完成验收。"

        assert parse_report(text).year == year

    @settings(max_examples=60)
    @given(
        head=st.sampled_from(["最新", "优秀", "精选", "最新优秀"]),
        remark=st.sampled_from(["(精选10篇)", "(5篇)", "范文", "(精选三篇)"]),
        kind=st.sampled_from(["项目绩效评价自评报告", "项目支出绩效自评报告"]),
    )
    def test_site_title_names_no_project(self, head: str, remark: str, kind: str) -> None:
        """An essay site's headline word before 项目 (`最新项目…(精选10篇)`) names no unit, no project."""
        facts = parse_report(
            f"{head}{kind}{remark}\n项目绩效评价自评报告篇一\n一、项目基本情况\n项目资金100万元。"
        )

        assert (facts.project, facts.department) == (None, None)

    @settings(max_examples=40)
    @given(name=PLAIN, remark=st.sampled_from(["(精选10篇)", "范文"]))
    def test_site_title_keeps_a_named_project(self, name: str, remark: str) -> None:
        """A site's title naming a project (`乡村振兴项目绩效自评报告(精选10篇)`) keeps it."""
        facts = parse_report(f"{name}项目绩效自评报告{remark}\n一、项目基本情况\n项目资金100万元。")

        assert facts.project == f"{name}项目"
