"""parse_report(): facts, sections, items and consistency findings of report texts (issue 5)."""

from __future__ import annotations

import json
import pickle
import re
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.report_strategies import CONTRACT, codes, report

import perfrules
from perfrules import Fixed, GradeScale, ReportFacts, parse_report
from perfrules._parse._lines import section_key
from perfrules._parse._outline import outline
from perfrules._parse._text import clean_lines, display, drop_page_numbers
from perfrules.cli import main
from perfrules.errors import InvalidInputError, ReportParseError

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "reports"
SEED = ROOT.parent / "shared" / "seed" / "panyu-laoganbu-2021-self-evaluation.txt"


class TestSeed:
    """The one real text: 番禺区委老干部局 2021."""

    @pytest.fixture(name="facts")
    def _facts(self) -> ReportFacts:
        if not SEED.is_file():
            pytest.skip("the seed report is not beside the repository (../shared/seed/)")
        return parse_report(SEED.read_text(encoding="utf-8"))

    def test_facts(self, facts: ReportFacts) -> None:
        """Every fact the issue names, exactly."""
        data = facts.to_data()

        assert list(data) == CONTRACT
        assert data["department"] == "中国共产党广州市番禺区委员会老干部局"
        assert data["year"] == 2021
        assert data["kind"] == "department"
        assert (data["budget_yuan"], data["executed_yuan"]) == ("20662200.00", "20320300.00")
        assert (data["execution_rate_stated"], data["execution_rate_computed"]) == (
            "98.35",
            "98.35",
        )
        assert (data["self_score"], data["grade"]) == ("94.16", "优")
        assert len(data["problems"]) == 3
        assert len(data["measures"]) == 4
        assert data["findings"] == []

    def test_items(self, facts: ReportFacts) -> None:
        """Items keep their text (a page break mid-sentence is joined) and lose their numbers."""
        assert facts.problems[0].startswith("老干部工作队伍综合素质未能完全符合新形势要求。")
        assert "三是善于联合，主动对接街道社区" in facts.measures[1]
        assert [len(p) for p in facts.measure_points] == [3, 3, 3, 3]
        assert not facts.truncated

    def test_sections(self, facts: ReportFacts) -> None:
        """The four top sections are found with what they hold."""
        top = [(s.key, s.title) for s in facts.sections if s.level == 1]

        assert top == [
            ("basic", "基本情况"),
            ("conclusion", "综合评价分析"),
            ("problems", "存在的主要问题"),
            ("measures", "下一步改进措施"),
        ]
        conclusion = facts.section("conclusion")
        assert conclusion is not None
        assert "94.16分" in conclusion.text

    def test_to_evaluation(self, facts: ReportFacts) -> None:
        """The skeleton agrees with the hand-made example input of the seed."""
        ev = facts.to_evaluation(scheme="mof-2020-project")
        example = perfrules.load(ROOT / "examples" / "panyu-2021.toml")

        assert (ev.year, ev.department.name, ev.kind) == (
            example.year,
            example.department.name,
            example.kind,
        )
        assert (ev.planned, ev.executed) == (example.planned, example.executed)
        assert ev.declared.total == example.declared.total
        assert ev.declared.grade == example.declared.grade
        assert len(ev.findings) == len(example.findings) == 3
        assert len(ev.measures) == len(example.measures) == 4


class TestSyntheticFixtures:
    """Synthetic report texts, one trait of real conversions each (tests/fixtures/reports/)."""

    @pytest.mark.parametrize("case", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.stem)
    def test_fixture(self, case: Path) -> None:
        """Facts as the contract writes them; items by their opening words; finding codes."""
        expected = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
        facts = parse_report(case.read_text(encoding="utf-8"))
        data = facts.to_data()
        data["problems"] = [p[:10] for p in data["problems"]]
        data["measures"] = [m[:10] for m in data["measures"]]
        data["findings"] = [f["code"] for f in data["findings"]]
        data["truncated"] = facts.truncated

        assert expected == data

    def test_enough_fixtures(self) -> None:
        """The issue asks for at least 15 synthetic texts, the seed's look-alike among them."""
        names = {p.stem for p in FIXTURES.glob("*.txt")}

        assert len(names) >= 15
        assert "seed-lookalike" in names


class TestText:
    """Normalisation of converted text."""

    @pytest.mark.parametrize(
        ("raw", "clean"),
        [
            pytest.param(
                "2021 年 预算 2066.22 万元", "2021年预算2066.22万元", id="spaces-digits-cjk"
            ),
            pytest.param("20 662 200.00 元", "20662200.00元", id="thousands-spaces"),
            pytest.param("２０２１年（一）９８．３５％", "2021年(一)98.35%", id="fullwidth"),
            pytest.param("2 0 2 1 年 部 门 整 体", "2021年部门整体", id="letter-spaced"),
            pytest.param("2000.00 2066.22", "2000.00 2066.22", id="cells-stay-apart"),
            pytest.param("年初\t全年", "年初|全年", id="tabs-are-cells"),
            pytest.param("①加强\u200b学习", "①加强学习", id="circled-kept-invisible-dropped"),
        ],
    )
    def test_clean(self, raw: str, clean: str) -> None:
        assert [clean] == clean_lines(raw)

    def test_page_numbers(self) -> None:
        """Decorated page numbers go; a bare number goes only between prose lines."""
        prose = "这是一行足够长的正文内容用于判断页码位置"
        lines = clean_lines(
            f"{prose}\n- 3 -\n{prose}\n第 2 页 共 5 页\n12\n{prose}\n分值\n10\n得分"
        )

        assert [prose, prose, prose, "分值", "10", "得分"] == drop_page_numbers(lines)

    @pytest.mark.parametrize("punct", ["。", ",", ";"])
    def test_a_line_starting_with_punctuation_continues(self, punct: str) -> None:
        """A wrap just before "。" leaves a numbered line ending in 问题 a sentence, not a problems title."""
        text = f"某镇2021年部门整体支出绩效自评报告\n一、基本情况\n(二)讨论和决定本镇经济建设中的重大问题\n{punct}其余\n二、存在问题\n1、预算编制有待提高。\n三、改进措施\n1、完善制度。\n"

        assert parse_report(text).problems == ("预算编制有待提高。",)

    def test_display(self) -> None:
        """Chinese punctuation comes back for output; number separators stay."""
        assert display("一是读书;二是调研,共1,200人次。") == "一是读书；二是调研，共1,200人次。"


class TestOutline:
    """Numbering styles, nesting, sequence and sections."""

    def test_styles_nest_in_document_order(self) -> None:
        """一、 > 1、 > (1) > ①, learnt from the document."""
        o = outline(
            [
                "一、存在的主要问题",
                "1、资金到位较迟。",
                "(1)下达集中;",
                "①时间晚。",
                "2、管护不到位。",
                "二、改进措施",
                "1、争取资金。",
            ]
        )

        assert o.problems == ("资金到位较迟。(1)下达集中;①时间晚。", "管护不到位。")
        assert o.measures == ("争取资金。",)

    def test_numbers_in_prose_are_not_items(self) -> None:
        """A number out of sequence or inside a sentence does not open an item."""
        o = outline(
            [
                "三、存在的问题",
                "(一)完成1.5万人次培训,其中3.优秀;2、3月集中开展。",
                "(二)第二个问题。",
            ]
        )

        assert len(o.problems) == 2

    def test_inline_list_after_colon(self) -> None:
        """Items run together after a colon or a full stop are split."""
        o = outline(["存在问题:1.甲问题。2.乙问题。3.丙问题。", "改进措施:1.甲措施。2.乙措施。"])

        assert o.problems == ("甲问题。", "乙问题。", "丙问题。")
        assert o.measures == ("甲措施。", "乙措施。")

    def test_headings_run_together(self) -> None:
        """A title glued to its first item, sections glued to each other."""
        o = outline(
            ["一、基本情况(一)职能甲。二、存在的主要问题(一)甲。(二)乙。三、下一步改进措施(一)丙。"]
        )

        assert o.problems == ("甲。", "乙。")
        assert o.measures == ("丙。",)

    def test_denial(self) -> None:
        """A problems section that says there are none lists none."""
        o = outline(["三、存在的问题", "未发现明显问题。", "四、改进措施", "继续保持。"])

        assert o.problems == ()
        assert o.problems_denied

    @pytest.mark.parametrize(
        ("title", "key"),
        [
            pytest.param("存在的主要问题", "problems", id="problems"),
            pytest.param("存在问题及下一步改进措施", "problems+measures", id="combined"),
            pytest.param("上年度问题整改情况", "", id="rectification-is-not-problems"),
            pytest.param("自评结论综述", "conclusion", id="conclusion"),
            pytest.param("部门整体收支情况", "budget", id="budget"),
        ],
    )
    def test_section_key(self, title: str, key: str) -> None:
        assert key == section_key(title)


class TestChecks:
    """Each consistency check fires on a minimal example and stays silent on a consistent one."""

    BODY = (
        "全年预算数{b}，执行数{e}，执行率{r}。自评得分{s}分，等级为{g}。\n三、存在的主要问题\n{p}"
    )

    def facts(
        self,
        *,
        b: str = "100万元",
        e: str = "95万元",
        r: str = "95.00%",
        s: str = "92",
        g: str = "优",
        p: str = "(一)经费不足。",
    ) -> ReportFacts:
        return report(self.BODY.format(b=b, e=e, r=r, s=s, g=g, p=p))

    def test_consistent(self) -> None:
        assert codes(self.facts()) == []

    def test_rate_mismatch(self) -> None:
        facts = self.facts(r="98.50%")

        assert codes(facts) == ["report-rate-mismatch"]
        assert (
            "98.50% 与执行数 950000.00 元 / 预算数 1000000.00 元 = 95.00%"
            in facts.findings[0].message
        )
        assert facts.findings[0].severity == perfrules.Severity.ERROR

    @pytest.mark.parametrize(
        ("b", "e", "r"),
        [
            pytest.param("300万元", "200万元", "66.7%", id="rounded-to-one-place"),
            pytest.param("300万元", "200万元", "66.66%", id="truncated"),
            pytest.param("2066万元", "2032万元", "98.35%", id="rate-of-unrounded-amounts"),
        ],
    )
    def test_rate_tolerances(self, b: str, e: str, r: str) -> None:
        """Half-up or truncated at the stated places, and amounts rounded to their last digit, pass."""
        assert codes(self.facts(b=b, e=e, r=r)) == []

    def test_grade_mismatch(self) -> None:
        facts = self.facts(s="86.5")

        assert codes(facts) == ["report-grade-mismatch"]
        assert "86.5" in facts.findings[0].message
        assert "良" in facts.findings[0].message

    def test_grade_scale_is_a_setting(self) -> None:
        """Under an 80/70/60 scale, 86.5 is 优."""
        text = "某某局2022年部门整体支出绩效自评报告\n" + self.BODY.format(
            b="100万元", e="95万元", r="95.00%", s="86.5", g="优", p="(一)甲。"
        )

        assert codes(parse_report(text, grades=GradeScale.preset("80/70/60"))) == []

    def test_over_budget(self) -> None:
        assert codes(self.facts(e="102万元", r="102.00%")) == ["report-over-budget"]

    @pytest.mark.parametrize("p", ["无。", "未发现明显问题。", ""], ids=["none", "denied", "empty"])
    def test_low_execution_no_problems(self, p: str) -> None:
        assert codes(self.facts(e="80万元", r="80.00%", p=p)) == [
            "report-low-execution-no-problems"
        ]

    def test_low_execution_with_problems(self) -> None:
        assert codes(self.facts(e="80万元", r="80.00%")) == []

    def test_low_execution_threshold_is_a_setting(self) -> None:
        text = "某某局2022年部门整体支出绩效自评报告\n" + self.BODY.format(
            b="100万元", e="80万元", r="80.00%", s="92", g="优", p="无。"
        )

        assert codes(parse_report(text, low_execution=Fixed(75))) == []

    def test_truncated_text_without_problems_section(self) -> None:
        """A text that stops before its problems section is not blamed for listing none."""
        facts = report("全年预算数100万元，执行数80万元，执行率80.00%。本年度各项工作")

        assert facts.truncated
        assert codes(facts) == []

    def test_masked(self) -> None:
        """A masked amount is null, and said."""
        facts = self.facts(b="78.*万元")

        assert facts.budget is None
        assert codes(facts) == ["report-masked"]
        assert "78.*万元" in facts.findings[0].message

    def test_english(self) -> None:
        data = self.facts(r="98.50%").to_data("en")

        assert data["findings"][0]["message"].startswith("the report's execution rate 98.50%")


class TestErrors:
    """Bad input raises ReportParseError, which names what is wrong."""

    @pytest.mark.parametrize(
        ("text", "match"),
        [
            pytest.param("", "empty", id="empty"),
            pytest.param(" \n\u3000\n ", "empty", id="blank"),
            pytest.param(b"bytes", "must be a str", id="bytes"),
            pytest.param("ab\x00cd", "binary", id="nul"),
            pytest.param(
                "hello world, no report here", "not a self-evaluation report", id="not-a-report"
            ),
        ],
    )
    def test_refused(self, text: object, match: str) -> None:
        with pytest.raises(ReportParseError, match=match):
            parse_report(text)  # type: ignore[arg-type]

    def test_error_pickles(self) -> None:
        err = ReportParseError("the report text is empty")

        assert str(pickle.loads(pickle.dumps(err))) == str(err)


class TestToEvaluation:
    """ReportFacts.to_evaluation(): a skeleton to complete and score."""

    def test_missing_facts_are_located(self) -> None:
        facts = parse_report("一、基本情况\n全年预算数100万元，执行数95万元。")

        with pytest.raises(InvalidInputError, match=r"year: .*\bdepartment\.name: "):
            facts.to_evaluation()

    def test_overrides(self) -> None:
        facts = parse_report("一、基本情况\n全年预算数100万元，执行数95万元。")
        ev = facts.to_evaluation(year=2023, department="某局", scheme="mof-2020-project")

        assert (ev.year, ev.department.name, ev.scheme) == (2023, "某局", "mof-2020-project")
        assert ev.budget[0].rate.as_fraction() == Fraction(95, 100)

    def test_facts_pickle(self) -> None:
        facts = report("全年预算数100万元，执行数95万元，执行率95%。")

        assert pickle.loads(pickle.dumps(facts)) == facts


class TestCli:
    """perfrules parse REPORT.txt [--json]."""

    def test_json_contract(self) -> None:
        result = CliRunner().invoke(main, ["parse", str(FIXTURES / "seed-lookalike.txt"), "--json"])

        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert list(data) == CONTRACT
        assert (data["budget_yuan"], data["self_score"]) == ("15324000.00", "92.48")

    def test_error_findings_exit_1(self) -> None:
        result = CliRunner().invoke(main, ["parse", str(FIXTURES / "rate-mismatch.txt")])

        assert result.exit_code == 1
        assert "report-rate-mismatch" in result.output

    def test_bad_input_exit_2(self, tmp_path: Path) -> None:
        empty = tmp_path / "empty.txt"
        empty.write_text("", encoding="utf-8")
        result = CliRunner().invoke(main, ["parse", str(empty)])

        assert result.exit_code == 2
        assert "empty" in result.output

    def test_gbk_and_stdin(self, tmp_path: Path) -> None:
        """GBK files and standard input are read."""
        text = (FIXTURES / "grade-mismatch.txt").read_text(encoding="utf-8")
        gbk = tmp_path / "gbk.txt"
        gbk.write_bytes(text.encode("gbk"))
        from_file = CliRunner().invoke(main, ["parse", str(gbk), "--json"])
        from_stdin = CliRunner().invoke(
            main, ["parse", "-", "--json", "--lang", "en"], input=text.encode("utf-8")
        )

        assert from_file.exit_code == from_stdin.exit_code == 1
        assert (
            json.loads(from_file.output)["department"]
            == json.loads(from_stdin.output)["department"]
            == "某县林业局"
        )


class TestLinear:
    """No regular expression of the parser can backtrack for long (issue 5: hostile inputs)."""

    @staticmethod
    def patterns() -> list[re.Pattern[str]]:
        from perfrules._parse import (
            _amounts,
            _facts,
            _lines,
            _names,
            _outline,
            _scores,
            _tables,
            _text,
        )

        found = []
        for module in (_text, _lines, _outline, _names, _amounts, _tables, _facts, _scores):
            found += [v for v in vars(module).values() if isinstance(v, re.Pattern)]
        found += list(vars(_lines)["_STOP_CLASSES"].values())
        return found

    @staticmethod
    def unbounded_nesting(tree: object, inside_repeat: bool = False) -> list[str]:
        """Repeats inside repeats where either is unbounded, and unbounded repeats of more than one character."""
        parser = re._parser  # type: ignore[attr-defined]
        bad = []
        for op, arg in tree:  # type: ignore[attr-defined]
            if op in (parser.MAX_REPEAT, parser.MIN_REPEAT):
                _, high, sub = arg
                unbounded = high == parser.MAXREPEAT
                single = len(sub) == 1 and sub[0][0] in (
                    parser.LITERAL,
                    parser.IN,
                    parser.NOT_LITERAL,
                    parser.ANY,
                )
                if (unbounded and not single) or (inside_repeat and unbounded):
                    bad.append(str(arg))
                bad += TestLinear.unbounded_nesting(sub, inside_repeat=True)
            elif op == parser.SUBPATTERN:
                bad += TestLinear.unbounded_nesting(arg[-1], inside_repeat)
            elif op == parser.BRANCH:
                for branch in arg[1]:
                    bad += TestLinear.unbounded_nesting(branch, inside_repeat)
            elif op in (parser.ASSERT, parser.ASSERT_NOT):
                bad += TestLinear.unbounded_nesting(arg[1], inside_repeat)
        return bad

    def test_no_unbounded_nested_repeats(self) -> None:
        """Every unbounded repeat is of one character class; no repeat holds an unbounded one."""
        patterns = self.patterns()

        assert len(patterns) >= 20
        assert {
            p.pattern: self.unbounded_nesting(re._parser.parse(p.pattern))
            for p in patterns
            if self.unbounded_nesting(re._parser.parse(p.pattern))
        } == {}  # type: ignore[attr-defined]
