"""parse_report() on texts in the layout of real published reports, and the general rules they needed (issue 5)."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

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


UNITS = st.sampled_from(
    ["局", "中心", "委员会", "办公室", "街道办事处", "人民政府", "医院", "学校"]
)
NAME = st.text(alphabet="东南西北江河山湖城乡安平新和民康", min_size=2, max_size=8)
LABELS = st.sampled_from(
    [
        "单位名称",
        "部门名称",
        "部门(单位)名称",
        "单位(部门)名称",
        "预算部门、单位名称",
        "实施单位",
        "实施单位(盖章)",
        "填报单位",
        "部门(单位)全称",
        "实施单位(公章)",
    ]
)
YUAN = st.integers(1, 10**9)


def wan(hundredths: int) -> str:
    """An amount in hundredths of 万元 as written: two decimals and thousands separators."""
    units, cents = divmod(hundredths, 100)
    return f"{units:,}.{cents:02d}"


def wan_money(hundredths: int) -> Money:
    """Hundredths of 万元 (100 元 each) in fen."""
    return Money(hundredths * 100 * 100)


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


class TestFormsRunTogether:
    """One-line 自评表 texts: zero totals, indicator targets, cells with no gap (issue 5)."""

    @settings(max_examples=60)
    @given(
        budget=st.integers(1, 99999),
        target=st.integers(1, 99999),
        wording=st.sampled_from(
            [
                "成本指标项目计划总投资{t}万元",
                "成本指标 项目总成本 ≤{t}万元",
                "数量指标预算资金{t}万元",
                "年度指标值 全年预算不超过{t}万元",
            ]
        ),
    )
    def test_indicator_target_is_no_budget(self, budget: int, target: int, wording: str) -> None:
        """An amount in an indicator's row, or after a bound (≤, 不超过), is a target, not the budget."""
        text = f"某局2022年项目支出绩效自评报告\n全年预算数{wan(budget)}万元，全年执行数{wan(budget)}万元。\n绩效指标 {wording.format(t=wan(target))}。"

        assert parse_report(text).budget == wan_money(budget)

    @settings(max_examples=60)
    @given(
        cells=st.lists(st.integers(10, 999), min_size=3, max_size=4).map(
            lambda xs: "".join(map(str, xs))
        ),
        score=st.integers(0, 10),
    )
    def test_rate_cell_run_together(self, cells: str, score: int) -> None:
        """A percentage cell with more than three whole digits is cells run together: never read as one rate, only as the row's own cells."""
        facts = parse_report(
            f"某局2022年项目支出绩效自评表 资金情况(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:{cells}.00%{score}"
        )

        assert facts.execution_rate_stated is None or not [
            f for f in facts.findings if f.code == "report-rate-mismatch"
        ]
        assert facts.execution_rate_stated is None or facts.execution_rate_stated < Fixed(1000)

    @settings(max_examples=80)
    @given(
        planned=st.integers(1, 99_999_999),
        spent=st.integers(0, 99_999_999),
        places=st.sampled_from([0, 2]),
        weight=st.sampled_from([5, 10, 15, 20]),
        score=st.integers(0, 20),
    )
    def test_cells_run_together_split(
        self, *, planned: int, spent: int, places: int, weight: int, score: int
    ) -> None:
        """`202010100.00%10`: the row read as its own cells (20 | 20 | 10 | 100.00% | 10) when one split fits, else not read."""
        assume(spent <= planned)
        rate = Fraction(spent * 100, planned)
        shown = rate.numerator * 10**places // rate.denominator  # truncated to its decimals
        pct = str(Fixed(shown, places))
        score = 0 if shown == 0 else min(score, weight)
        amount = lambda n: f"{n // 100}.{n % 100:02d}"  # noqa: E731
        facts = parse_report(
            f"某局2022年项目支出绩效自评表 资金情况(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:{amount(planned)}{amount(spent)}{weight}{pct}%{score}其中:本年财政拨款"
        )

        assert (facts.budget, facts.executed, facts.execution_rate_stated) in (
            (wan_money(planned), wan_money(spent), Fixed(shown, places)),
            (None, None, None),
        )

    @pytest.mark.parametrize(
        ("row", "expected"),
        [
            pytest.param("202010100.00%10", (20, 20, "100.00"), id="sichuan"),
            pytest.param("50.0045.001090.00%9", (50, 45, "90.00"), id="decimals"),
            pytest.param("1208010066.67%6.67", (120, 80, "66.67"), id="thirds"),
        ],
    )
    def test_cells_run_together_examples(self, row: str, expected: tuple[int, int, str]) -> None:
        """Rows of real width whose one split is found."""
        facts = parse_report(
            f"某局2022年项目支出绩效自评表 资金情况(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:{row}其中:本年财政拨款"
        )

        assert (facts.budget, facts.executed, facts.execution_rate_stated) == (
            Money(expected[0] * 1_000_000),
            Money(expected[1] * 1_000_000),
            Fixed.parse(expected[2]),
        )

    def test_split_search_is_bounded(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A hostile run of 40 digits is tried at most a bounded number of ways (issue 5: hostile inputs)."""
        from perfrules._parse import _tables

        tried: list[int] = []
        sound = _tables._sound

        def counted(cells: dict[str, str], after: list[str], cols: list[str], unit: str) -> bool:
            tried.append(1)
            return sound(cells, after, cols, unit)

        monkeypatch.setattr(_tables, "_sound", counted)
        facts = parse_report(
            "某局2022年项目支出绩效自评表 资金情况(万元)全年预算数(A)全年执行数(B)分值执行率(B/A)得分年度资金总额:"
            + "1" * 39
            + "%10其中"
        )

        assert facts.budget is None
        assert 0 < len(tried) <= _tables._SPLITS_MAX

    def test_project_name_ends_in_its_label(self) -> None:
        """`项目名称…安装项目负责人`: the name keeps its 项目, the label is 负责人; a name that ends already does not."""
        one = parse_report(
            "绩效目标自评表(2022年度)项目名称小型水库水标尺制作安装项目负责人及电话谢凯主管部门某县水利局实施单位某县水利局"
        )
        two = parse_report(
            "绩效目标自评表(2022年度)项目名称社保缴费专项经费项目负责人及电话谢凯主管部门某县水利局实施单位某县水利局"
        )

        assert (one.project, two.project) == ("小型水库水标尺制作安装项目", "社保缴费专项经费")

    @settings(max_examples=60)
    @given(
        parts=st.tuples(st.integers(1, 99999), st.integers(1, 99999), st.integers(1, 99999)),
        sep=st.sampled_from([" ", " | "]),
    )
    def test_zero_total_on_one_line(self, parts: tuple[int, int, int], sep: str) -> None:
        """A one-line table's total row left at zero over a filled 其中 row is not read, and is named."""
        a, b, c = (wan(x) for x in parts)
        row = sep.join(
            ["年度资金总额:", "0", "0", "0", "10", "0", "0", "其中:本年财政拨款", a, b, c]
        )
        facts = parse_report(
            f"某镇2022年项目支出绩效自评表 项目资金(万元) 年初预算数 全年预算数 全年执行数 分值 执行率 得分 {row} 上年结转资金"
        )

        assert (facts.budget, facts.executed) == (None, None)
        assert [f.code for f in facts.findings] == ["report-total-unfilled"]

    @settings(max_examples=60)
    @given(
        score=st.integers(0, 10000).map(lambda n: Fixed(n, 2)),
        label=st.sampled_from(["总分", "合计"]),
    )
    def test_full_marks_and_score_run_together(self, score: Fixed, label: str) -> None:
        """`总分100100` under a score table's header: the full marks 100, then the score."""
        facts = parse_report(
            f"某局2022年绩效目标自评表 绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分 产出指标数量指标安装10≥2个≥2个10{label}100{score}注:1.说明。"
        )

        assert facts.self_score == score

    @settings(max_examples=60)
    @given(
        amounts=st.tuples(st.integers(0, 99999), st.integers(1, 99999), st.integers(1, 99999)),
        rate=st.integers(0, 10000),
        floor=st.integers(50, 99),
    )
    def test_pipe_row_with_a_note(
        self, amounts: tuple[int, int, int], rate: int, floor: int
    ) -> None:
        """`年度预算数(万元)` before 年初预算 on one header line is a caption; a row's last cell of prose holds no cells, and its `未达到90%的` no rate."""
        a, b, c = (wan(x) for x in amounts)
        pct = f"{rate // 100}.{rate % 100:02d}"
        text = (
            "某局部门预算项目支出绩效自评表(2023年度)\n"
            "预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | ||\n"
            f"总额 | {a} | {b} | {c} | {pct}% | 10 | 10 | 1.预算执行率=预算执行数/调整后预算数,预算执行率未达到{floor}%的需说明原因(100字以内);2.其他。 | ||\n"
        )
        facts = parse_report(text)

        assert (facts.initial, facts.budget, facts.executed) == (
            wan_money(amounts[0]),
            wan_money(amounts[1]),
            wan_money(amounts[2]),
        )
        assert facts.execution_rate_stated == Fixed.parse(pct)

    @settings(max_examples=60)
    @given(
        floor=st.integers(1, 100),
        wording=st.sampled_from(
            [
                "预算执行率未达到{f}%的需说明原因",
                "执行率低于{f}%的应说明理由",
                "执行率不足{f}%",
                "执行率为{f}%的须整改",
            ]
        ),
    )
    def test_rate_condition_is_no_rate(self, floor: int, wording: str) -> None:
        """A rate in a condition (未达到90%的需…, 低于, 不足) is no stated rate."""
        facts = parse_report(
            "某局2023年项目支出绩效自评报告\n全年预算数10.00万元，执行数9.00万元。"
            + wording.format(f=floor)
            + "。"
        )

        assert facts.execution_rate_stated is None


class TestNestedSections:
    """Lists inside a section that names both causes and measures (issue 5)."""

    @settings(max_examples=60)
    @given(
        outer=st.sampled_from(
            ["五、偏离绩效目标的原因和改进措施", "五、原因分析及改进措施", "五、下一步改进措施"]
        ),
        problems=st.sampled_from(["存在的问题主要有", "存在的问题", "主要问题"]),
        measures=st.sampled_from(["改进的方向和具体措施", "改进措施", "整改措施"]),
        n=st.integers(1, 4),
        m=st.integers(1, 4),
    )
    def test_measures_of_the_inner_section(
        self, outer: str, problems: str, measures: str, n: int, m: int
    ) -> None:
        """A measures section inside a measures section gives the inner one's items, not its sibling problems."""
        cn = "一二三四"
        body = "".join(f"{cn[i]}是问题{i}。" for i in range(n))
        steps = "".join(f"{cn[i]}是措施{i}。" for i in range(m))
        facts = parse_report(
            f"某乡2022年度项目支出绩效自评报告\n{outer}\n{problems}:{body}\n{measures}:{steps}"
        )

        assert facts.problems == tuple(f"问题{i}。" for i in range(n))
        assert facts.measures == tuple(f"措施{i}。" for i in range(m))

    @settings(max_examples=60)
    @given(
        score=st.integers(0, 10000).map(lambda n: Fixed(n, 2)),
        lead=st.sampled_from(["自评结果", "自评得分", "综合得分"]),
    )
    def test_score_after_a_colon_at_a_line_end(self, score: Fixed, lead: str) -> None:
        """`自评结果:` at a line's end (a wrap) and `94分，优。` on the next line: the score and its grade."""
        facts = parse_report(
            f"某乡2022年度部门整体支出绩效自评报告\n经自评,{lead}:\n{score}分,优。"
        )

        assert (facts.self_score, facts.grade) == (score, "优")

    @settings(max_examples=60)
    @given(
        name=NAME,
        suffix=UNITS,
        score=st.integers(60, 100),
        place=st.text(alphabet="东南西北江河山湖", min_size=2, max_size=4),
    )
    def test_sentence_is_no_title(self, name: str, suffix: str, score: int, place: str) -> None:
        """A short sentence naming the evaluation (`经自评，我局…得分96分。`) is no title; the cover's run-together head is."""
        unit = name + suffix
        head = (
            f"{place}区2022年度部门(单位)整体支出绩效评价自评报告部门(单位)名称{unit}预算编码302001报告日期:2023年5月10日{place}区财政局(制)"
            + "指标表一级指标分值二级指标分值三级指标分值评价标准指标说明得分" * 2
        )
        facts = parse_report(
            f"{head}\n经自评，我局2022年度部门整体支出绩效评价得分{score}分，等级为优。"
        )

        assert (facts.title, facts.department, facts.self_score) == (
            f"{place}区2022年度部门（单位）整体支出绩效评价自评报告",
            unit,
            Fixed(score),
        )


#: Names that hold no unit word (局, 乡, 中心…) and no project word (项目, 资金…).
PLAIN = st.text(
    alphabet="东南西北江河山湖城安平新和民康春节慰问宣传运维保障种植推广", min_size=2, max_size=8
)
FUNDS = st.sampled_from(["项目", "资金", "补助资金", "专项经费", "工作经费", "建设项目"])


class TestTitles:
    """Which paragraph is the title, and the unit and the project it names (issue 5)."""

    @settings(max_examples=80)
    @given(
        name=NAME,
        suffix=UNITS,
        fund=PLAIN,
        word=FUNDS,
        year=st.integers(2015, 2030),
        kind=st.sampled_from(["绩效自评报告", "绩效评价报告", "项目绩效自评报告"]),
    )
    def test_unit_then_project_before_the_year(
        self, *, name: str, suffix: str, fund: str, word: str, year: int, kind: str
    ) -> None:
        """`红河州第二人民医院国家基本公共卫生服务项目州级补助资金2023年度绩效自评报告`: the unit, then the project."""
        unit, project = name + suffix, fund + word
        facts = parse_report(f"{unit}{project}{year}年度{kind}\n一、基本情况\n资金执行率100%。")

        assert (facts.department, facts.project, facts.year) == (unit, project, year)

    @settings(max_examples=60)
    @given(name=PLAIN, suffix=UNITS, fund=PLAIN, word=FUNDS, year=st.integers(2015, 2030))
    def test_title_cut_over_two_lines(
        self, *, name: str, suffix: str, fund: str, word: str, year: int
    ) -> None:
        """A title cut over two lines ends there: the report number and the prose after it are not the title."""
        unit, project = name + suffix, fund + word
        facts = parse_report(
            f"{year}年度{unit}{project}\n绩效评价报告\n上会湘报字({year + 1})第0011号\n为进一步规范资金管理,我所对{unit}进行绩效评价。\n一、项目基本情况"
        )

        assert (facts.title, facts.department, facts.project) == (
            f"{year}年度{unit}{project}绩效评价报告",
            unit,
            project,
        )

    @settings(max_examples=60)
    @given(name=PLAIN, suffix=UNITS, fund=PLAIN, word=FUNDS, year=st.integers(2015, 2030))
    def test_project_in_a_closing_bracket(
        self, *, name: str, suffix: str, fund: str, word: str, year: int
    ) -> None:
        """`…项目绩效自评报告(春节慰问经费项目)` names its project; the same title below it is not joined to it."""
        unit, project = name + suffix, fund + word
        facts = parse_report(
            f"{unit}{year}年度项目绩效自评报告({project})\n{unit}{year}项目绩效自评报告\n({project})\n一、自评结论\n绩效评分100分,自评为优。"
        )

        assert (facts.title, facts.department, facts.project) == (
            f"{unit}{year}年度项目绩效自评报告（{project}）",
            unit,
            project,
        )

    def test_header_and_heading_are_no_title(self) -> None:
        """A web header line ending in `自评报告`, and a numbered heading naming the 自评, are no title."""
        facts = parse_report(
            "x\n索引号 12533025MB0T65759N/20231103-00020 发布机构 某县供销社\n公开目录 自评报告 发布日期 2023-04-20\n(三)项目自评步骤及方法\n围绕绩效目标进行评价。"
        )

        assert facts.title is None

    @settings(max_examples=60)
    @given(name=NAME, suffix=UNITS, label=LABELS, gap=st.sampled_from(["    ", " ", ""]))
    def test_label_beside_its_value(self, name: str, suffix: str, label: str, gap: str) -> None:
        """`部门(单位)名称    桂平市审计局`: a cover's label and value on one line, only spaces between them."""
        unit = name + suffix
        facts = parse_report(
            f"桂平市部门整体支出绩效评价自评报告\n2019年度)\n{label}{gap}{unit}{gap}\n评价方式:部门(单位)绩效评价自评\n一、收支概况"
        )

        assert facts.department == unit

    @settings(max_examples=40)
    @given(
        name=NAME,
        suffix=UNITS,
        n=st.sampled_from(["", "1", "2", "三"]),
        sep=st.sampled_from([":", "、", ""]),
    )
    def test_annex_before_the_unit(self, name: str, suffix: str, n: str, sep: str) -> None:
        """`附件2:某局2022年度项目支出部门评价报告和绩效自评表….pdf`: the annex and the extension are no part of the title or the unit, nor the report's name a project."""
        assume(n or sep != "、")  # "附件、" is written by no one
        unit = name + suffix
        facts = parse_report(
            f"附件{n}{sep}{unit}2022年度项目支出部门评价报告和绩效自评表(共15个).pdf\n一、项目基本情况"
        )

        assert (facts.department, facts.project) == (unit, None)
        assert (
            facts.title == f"{unit}2022年度项目支出部门评价报告和绩效自评表（共15个）"
        )  # no annex, no file extension

    def test_project_label_over_a_header_row(self) -> None:
        """`项目名称` at the head of a table's header flattened a cell a line names no project; a form's field does."""
        header = parse_report(
            "2020年项目自评报告\n1.资金到位\n项目名称\n中央、省、市(州)、县级财政资金\n资金计划\n资金到位\n情况"
        )
        form = parse_report(
            "2020年项目支出绩效自评表\n项目名称\n某某创建专项资金项目\n主管部门\n某县财政局"
        )

        assert (header.project, form.project) == (None, "某某创建专项资金项目")

    @settings(max_examples=40)
    @given(name=NAME, suffix=UNITS, fund=PLAIN, person=st.sampled_from(["杨某", "张三丰", "李四"]))
    def test_project_title_and_label_pairs(
        self, name: str, suffix: str, fund: str, person: str
    ) -> None:
        """`某某推广项目绩效目标自评表`: the title names the project, not the unit; `项目实施单位/项目负责人某中心/某人` names the unit."""
        unit = name + suffix
        facts = parse_report(
            f"{fund}项目绩效目标自评表(2022年度)项目总得分99分项目名称{fund}项目实施单位/项目负责人{unit}/{person}自治区主管部门农业农村厅专项实施期2022年"
        )

        assert (facts.department, facts.project, facts.self_score) == (
            unit,
            f"{fund}项目",
            Fixed(99),
        )

    @settings(max_examples=40)
    @given(name=NAME, suffix=UNITS, fund=PLAIN, short=st.sampled_from(["省残联", "市局", "中心"]))
    def test_unit_with_its_short_name(self, name: str, suffix: str, fund: str, short: str) -> None:
        """`湖北残疾人联合会(以下简称“省残联”)` in the prose names the unit when nothing else does."""
        unit = name + suffix
        facts = parse_report(
            f"{fund}补助资金项目2018年度绩效自评报告\n根据有关规定,{unit}(以下简称“{short}”)成立绩效自评工作专班,进行绩效自评。\n一、项目基本情况"
        )

        assert (facts.department, facts.project) == (unit, f"{fund}补助资金项目")

    @settings(max_examples=40)
    @given(name=NAME, suffix=UNITS, fund=PLAIN, n=st.sampled_from(["1、", "2.", "(1)"]))
    def test_document_site_wrapper(self, name: str, suffix: str, fund: str, n: str) -> None:
        """A document site's `《….docx》由会员分享` is no title; its page number before the form's name is no heading."""
        unit = name + suffix
        facts = parse_report(
            f"《某市本级部门项目支出绩效自评表.docx》由会员分享,可在线阅读。\n{n}某市本级部门项目支出绩效自评表(2021年)项目名称{fund}经费主管部门{unit}实施单位{unit}自评得分98"
        )

        assert (facts.title, facts.project, facts.department) == (
            "某市本级部门项目支出绩效自评表（2021年）",
            f"{fund}经费",
            unit,
        )

    @settings(max_examples=40)
    @given(name=NAME, suffix=UNITS, fund=PLAIN, word=FUNDS)
    def test_unit_heading_the_project_field(
        self, name: str, suffix: str, fund: str, word: str
    ) -> None:
        """`项目名称:某医院某某专项资金项目,` under a bare `绩效自评报告`: the unit heads the project's name; the report is a project's."""
        unit = name + suffix
        facts = parse_report(
            f"绩效自评报告\n一、项目概况\n项目名称:{unit}{fund}{word},项目实施地点:某市某路。"
        )

        assert (facts.department, facts.project, facts.kind) == (
            unit,
            unit + fund + word,
            "project",
        )

    @settings(max_examples=40)
    @given(
        name=NAME,
        suffix=UNITS,
        words=st.sampled_from(["财政资金", "省级财政资金", "本级", "专项资金"]),
    )
    def test_title_of_kind_words_only(self, name: str, suffix: str, words: str) -> None:
        """`财政资金项目支出绩效自评报告`: words of the kind name neither the unit nor a project."""
        unit = name + suffix
        facts = parse_report(
            f"{words}项目支出绩效自评报告\n一、项目基本情况\n{unit}是省人民政府直属研究机构。"
        )

        assert (facts.department, facts.project) == (unit, None)

    @settings(max_examples=40)
    @given(
        name=NAME,
        suffix=UNITS,
        n=st.sampled_from(["", "1", "二"]),
        stamp=st.sampled_from(["时间:2024.4.8", "发布时间:2022-04-15 14:54", "日期:2023/5/6"]),
    )
    def test_annex_and_time_stamp_lines(self, name: str, suffix: str, n: str, stamp: str) -> None:
        """`时间:2024.4.8` and `附件1` on their own lines end the line above: the title is the report's alone."""
        unit = name + suffix
        facts = parse_report(
            f"自评估报告参考格式\n{stamp}\n附件{n}\n{unit}2022年度项目绩效自评报告\n一、项目概况"
        )

        assert (facts.title, facts.department) == (f"{unit}2022年度项目绩效自评报告", unit)

    @pytest.mark.parametrize(
        ("title", "department", "project"),
        [
            ("***项目绩效自评报告", None, None),
            ("xx局2022年部门整体支出绩效自评报告", None, None),
            ("某县××局××项目2022年度绩效自评报告", None, None),
        ],
    )
    def test_template_blanks(self, title: str, department: str | None, project: str | None) -> None:
        """A template's blanks (`***`, `xx`, `××`) name no unit and no project."""
        facts = parse_report(f"{title}\n一、项目概况\n说明项目主管部门(单位)在该项目管理中的职能。")

        assert (facts.department, facts.project) == (department, project)

    def test_place_is_no_project(self) -> None:
        """A place before the year (`岳阳市2018年度部门整体支出…`) is neither the unit nor a project."""
        facts = parse_report(
            "岳阳市2018年度部门整体支出绩效评价自评报告\n部门(单位)名称:岳阳市某某中心\n一、基本情况"
        )

        assert (facts.department, facts.project) == ("岳阳市某某中心", None)


class TestWanAlone:
    """`万` without `元` at a clause's end is 万元 (issue 5)."""

    @settings(max_examples=60)
    @given(
        budget=st.integers(1, 10**8),
        spent=st.integers(0, 10**8),
        end=st.sampled_from(["。", ",", ";", "("]),
    )
    def test_wan_alone(self, budget: int, spent: int, end: str) -> None:
        """`安排资金19204.096万。`: the budget in 万元; `万人`, `万亩` stay no amount."""
        text = f"某县2022年项目绩效自评报告\n安排资金{wan(budget)}万{end}其中央省资金已到位。\n资金支付{wan(spent)}万元,受益群众3万人,面积2万亩。"
        facts = parse_report(text)

        assert (facts.budget, facts.executed) == (wan_money(budget), wan_money(spent))


class TestBudgetCategories:
    """Categories of the budget are no amounts spent (issue 5)."""

    @settings(max_examples=60)
    @given(
        name=NAME,
        suffix=UNITS,
        total=st.integers(1, 10**7),
        a=st.integers(1, 10**7),
        b=st.integers(1, 10**7),
        kind=st.sampled_from(["专项", "部门", "年度", ""]),
    )
    def test_budget_category_is_no_spending(
        self, *, name: str, suffix: str, total: int, a: int, b: int, kind: str
    ) -> None:
        """`专项预算支出2350万元` is budgeted, not spent; `某局主要有…` names the unit."""
        unit = name + suffix
        facts = parse_report(
            f"项目绩效自评报告\n{unit}主要有部门预算项目支出、专项预算支出二类支出,项目资金总预算为{wan(total)}万元,其中部门预算项目支出{wan(a)}万元,{kind}预算支出{wan(b)}万元。\n2021年资金安排情况"
        )

        assert (facts.department, facts.budget, facts.executed) == (unit, wan_money(total), None)


class TestFormCells:
    """Form cells: a label's unit note, a part's full marks, a rate cell without its % (issue 5)."""

    @settings(max_examples=60)
    @given(
        score=st.integers(0, 10000).map(lambda n: Fixed(n, 2)),
        label=st.sampled_from(["自评总分", "自评得分", "综合得分"]),
        gap=st.sampled_from(["", ":", "|"]),
    )
    def test_label_with_a_unit_note(self, score: Fixed, label: str, gap: str) -> None:
        """`自评总分(分)97.6`: the note `(分)` between the label and the score."""
        facts = parse_report(
            f"部门整体绩效自评表主管部门财政处室{label}(分){gap}{score}部门联系人某某联系电话"
        )

        assert facts.self_score == score

    @settings(max_examples=60)
    @given(
        part=st.sampled_from(
            ["产出指标", "效益指标", "满意度指标", "预算执行情况", "年度绩效目标"]
        ),
        marks=st.integers(1, 99),
        flat=st.booleans(),
    )
    def test_part_full_marks_is_no_score(self, part: str, marks: int, flat: bool) -> None:
        """`得分` over `产出指标(40分)` (a flattened header, then the next row): a part's full marks, not the score."""
        sep = "\n" if flat else ""
        facts = parse_report(
            f"2022年度项目支出绩效自评表\n一级指标{sep}二级指标{sep}实际完成值(B){sep}得分{sep}{part}({marks}分){sep}数量指标"
        )

        assert facts.self_score is None

    @settings(max_examples=80)
    @given(budget=st.integers(1, 9999), spent=st.integers(0, 9999), off=st.integers(1, 50))
    def test_rate_cell_without_percent(self, budget: int, spent: int, off: int) -> None:
        """A bare number under `执行率(B/A)` is the rate when it is the rate of the row's amounts, and no rate otherwise."""
        assume(spent <= budget)
        rate = spent * 100 // budget  # truncated to a whole percent, as forms write it
        cells = "\n".join(
            [
                "预算执行情况(万元)",
                "(20分)",
                "预算数(A)",
                "执行数(B)",
                "执行率(B/A)",
                "得分",
                "(20分*执行率)",
                "年度财政资金总额",
                str(budget),
                str(spent),
            ]
        )
        facts = parse_report(f"2022年度项目支出绩效自评表\n{cells}\n{rate}\n4\n年度绩效目标")
        wrong = parse_report(
            f"2022年度项目支出绩效自评表\n{cells}\n{rate + off + 1}\n4\n年度绩效目标"
        )

        assert (facts.budget, facts.executed, facts.execution_rate_stated) == (
            Money(budget * 1_000_000),
            Money(spent * 1_000_000),
            Fixed(rate),
        )
        assert wrong.execution_rate_stated is None
