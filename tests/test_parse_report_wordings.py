"""parse_report() on wordings: how facts are written in prose and tables, and the gaps real reports showed (issue 5)."""

from __future__ import annotations

import pytest
from tests.report_strategies import CONTRACT, codes, report

from perfrules import Fixed, GradeScale, Money, parse_report


class TestFacts:
    """Reading facts from messy wording."""

    def test_mixed_units(self) -> None:
        """元 and 万元 in one text are both normalised to yuan."""
        facts = report("全年预算数 356.8 万元，实际支出 3,412,345.67 元，预算执行率 95.64 %。")

        assert (facts.budget, facts.executed) == (Money(356_800_000), Money(341_234_567))
        assert facts.execution_rate_computed == Fixed.parse("95.64")

    def test_parts_are_not_totals(self) -> None:
        """其中 / 基本支出 / 收入 amounts are parts, not the budget or the executed total."""
        facts = report(
            "收入预算2100万元。全年预算数2000万元，执行数1900万元，其中基本支出1500万元，执行率95%。"
        )

        assert (facts.budget, facts.executed) == (Money.parse("2000万元"), Money.parse("1900万元"))

    def test_adjusted_budget_over_initial(self) -> None:
        """全年预算数 wins over 年初预算数, which is kept as initial."""
        facts = report(
            "年初预算数为1,000.00万元，全年预算数为1,100.00万元，全年执行数为1,045.00万元。"
        )

        assert facts.budget == Money.parse("1100万元")
        assert facts.initial == Money.parse("1000万元")

    def test_target_rates_are_not_stated_rates(self) -> None:
        """A target (≥95%) or another rate (政府采购执行率) is not the stated execution rate."""
        facts = report("预算执行率≥95%。政府采购执行率100%。全年预算数100万元，执行数90万元。")

        assert facts.execution_rate_stated is None

    def test_score_and_grade_wording(self) -> None:
        """满分 and 扣分 are not the self-score; 优秀 reads 优."""
        facts = report("二、自评结论\n满分100分，扣5.5分，自评总分为94.50分，评价等级为优秀。")

        assert facts.self_score == Fixed.parse("94.50")
        assert facts.grade == "优"

    def test_title_without_unit(self) -> None:
        """The unit comes from a labelled field when the title has none."""
        facts = parse_report(
            "二〇二二年度部门整体支出绩效自评报告\n单位名称：某县某某局\n一、基本情况\n略。"
        )

        assert (facts.department, facts.year) == ("某县某某局", 2022)

    @pytest.mark.parametrize(
        ("text", "department", "score", "grade"),
        [
            pytest.param(
                "2021年度广州市某某区某某局部门整体支出绩效自评报告\n一、基本情况\n略。",
                "广州市某某区某某局",
                None,
                None,
                id="year-first-title",
            ),
            pytest.param(
                "关于某某局2021年度部门整体支出绩效自评情况的报告\n自评结果：优（94.16分）。",
                "某某局",
                "94.16",
                "优",
                id="grade-before-score",
            ),
            pytest.param(
                "某某局关于2021年度部门整体支出绩效自评的报告\n综合评分为88分，属于“良”档次。",
                "某某局",
                "88",
                "良",
                id="guanyu-after-unit",
            ),
            pytest.param(
                "2022年度部门整体支出绩效自评报告\n某县某某局\n|自评得分|91.5|\n|自评等级|优|",
                "某县某某局",
                "91.5",
                "优",
                id="unit-below-title-table-cells",
            ),
            pytest.param(
                "某某局2022年部门整体支出绩效自评报告\n上年自评得分为95分，评价等级为优。本年自评得分为85分，评价等级为良。",
                "某某局",
                "85",
                "良",
                id="last-year-is-not-this-year",
            ),
        ],
    )
    def test_wordings(
        self, text: str, department: str, score: str | None, grade: str | None
    ) -> None:
        """Common wordings of titles, scores and grades."""
        facts = parse_report(text)

        assert (
            facts.department,
            None if facts.self_score is None else str(facts.self_score),
            facts.grade,
        ) == (department, score, grade)

    def test_project(self) -> None:
        """A project report: the kind, the unit from its field, the project's name."""
        facts = parse_report(
            "2022年度社区养老补贴项目支出绩效自评报告\n实施单位：某区民政局\n项目资金总额为86.40万元，实际使用资金86.40万元。"
        )

        assert (facts.kind, facts.department, facts.project) == (
            "project",
            "某区民政局",
            "社区养老补贴",
        )

    def test_nothing_said_is_null(self) -> None:
        """What the text does not say is None / null."""
        data = report("一、基本情况\n本局负责某某工作。").to_data()

        assert [k for k in CONTRACT if data[k] is None] == [
            "budget_yuan",
            "executed_yuan",
            "execution_rate_stated",
            "execution_rate_computed",
            "self_score",
            "grade",
        ]


class TestRealGaps:
    """Wordings of real published reports: letter grades, 满分 beside the score, 到位 funds, unfilled total rows."""

    @pytest.mark.parametrize(
        ("body", "grade"),
        [
            pytest.param("自评得分92分，等级为A。", "A", id="dengji-wei"),
            pytest.param("自评得分85分，评价等级：B级。", "B", id="colon-ji"),
            pytest.param('自评得分92分，自评等级为"A"。', "A", id="ascii-quotes"),
            pytest.param("自评得分72分，自评等级为“C”。", "C", id="cjk-quotes"),
            pytest.param("综合得分55分，评定为D等。", "D", id="pingding-deng"),
            pytest.param("自评得分92分，评价结果为“A”级。", "A", id="quoted-ji"),
            pytest.param("自评得分96分，等级为A+。", "A+", id="a-plus"),
            pytest.param("自评得分82分，绩效评价等级为B-级。", "B-", id="b-minus"),
            pytest.param("自评得分92分，评价等级为“a”。", "A", id="lowercase"),
            pytest.param("自评得分92分，评价等级为A（优秀）。", "优", id="glossed"),
            pytest.param("自评得分92分，评价等级为A级(优)。", "优", id="glossed-ji"),
        ],
    )
    def test_letter_grades(self, body: str, grade: str) -> None:
        """A letter grade is read as written; the default 优/良/中/差 scale does not know it, so no mismatch."""
        facts = report(body)

        assert facts.grade == grade
        assert codes(facts) == []

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("本单位纳税信用等级为A级。自评得分92分。", id="tax-credit"),
            pytest.param("资信等级为AAA。自评得分92分。", id="credit-aaa"),
            pytest.param("因绩效突出，本单位被评为A级纳税人。自评得分92分。", id="taxpayer-after"),
            pytest.param("评价等级分为A、B、C、D四个等次。自评得分92分。", id="scale-listed"),
        ],
    )
    def test_letters_that_are_not_the_grade(self, body: str) -> None:
        """A credit rating or a list of the grades is not the report's grade."""
        assert report(body).grade is None

    def test_letter_grade_checked_under_a_letter_scale(self) -> None:
        """With a scale whose labels are letters, the grade-vs-score check applies to letters."""
        letters = GradeScale.from_data(
            [
                {"label": "A", "lower": "90"},
                {"label": "B", "lower": "80"},
                {"label": "C", "lower": "60"},
                {"label": "D", "lower": "0"},
            ]
        )
        wrong = parse_report(
            "某某局2022年部门整体支出绩效自评报告\n自评得分86分，等级为A。", grades=letters
        )
        right = parse_report(
            "某某局2022年部门整体支出绩效自评报告\n自评得分86分，等级为B。", grades=letters
        )

        assert codes(wrong) == ["report-grade-mismatch"]
        assert codes(right) == []

    @pytest.mark.parametrize(
        ("body", "score"),
        [
            pytest.param("自评得分为满分100分，等级为优。", "100", id="score-is-full-marks"),
            pytest.param("得分100分（满分100分）。", "100", id="score-then-bracketed-max"),
            pytest.param("综合得分96分，满分100分。", "96", id="score-then-max"),
            pytest.param(
                "自评得分（满分100分）：96.5分。", "96.5", id="bracketed-max-before-score"
            ),
            pytest.param("总分100分，自评得分96分。", "96", id="total-marks-first"),
            pytest.param("得分96分，总分100分。", "96", id="total-marks-after"),
            pytest.param("自评得分：满分100分，实得88分。", "88", id="full-marks-heading"),
            pytest.param("本项目满分为100分，经自评得分为91分。", "91", id="max-in-prose"),
            pytest.param(
                "评价总分100分，其中自评得分96分。", "96", id="total-marks-then-qizhong-self-score"
            ),
            pytest.param("总分96分，其中产出指标得分45分。", "96", id="total-then-qizhong-part"),
            pytest.param("自评得分满分100分中的96分。", "96", id="of-full-marks"),
            pytest.param("综合评分为96.5分（满分100分）。", "96.5", id="zonghe-pingfen"),
            pytest.param("得分96分，等级为优。", "96", id="defen-dengji"),
            pytest.param("经评价，该项目自评得96分。", "96", id="zipingde"),
        ],
    )
    def test_score_beside_full_marks(self, body: str, score: str) -> None:
        """The self-score is the score, never the maximum (满分 / 总分 M)."""
        facts = report(body)

        assert facts.self_score == Fixed.parse(score)

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("实际到位资金334.67万元，资金到位率38.85%。", id="received-only"),
            pytest.param("上级拨付到位资金90万元，到位率90%。", id="bofu-daowei"),
            pytest.param("财政拨付到位90万元。", id="bofu-daowei-no-zijin"),
            pytest.param("到位资金执行率85%。", id="rate-of-received"),
        ],
    )
    def test_funds_received_are_not_executed(self, body: str) -> None:
        """到位 (received) is not 执行/支出 (executed): neither the amount nor its rate."""
        facts = report(body)

        assert facts.executed is None
        assert facts.execution_rate_stated is None

    @pytest.mark.parametrize(
        "body",
        [
            pytest.param("预算资金到位90万元。", id="yusuan-zijin-daowei"),
            pytest.param("下达到位资金90万元。", id="xiada-daowei"),
            pytest.param("全年预算数、到位资金分别为100万元、90万元。", id="fenbie"),
        ],
    )
    def test_funds_received_are_not_the_budget(self, body: str) -> None:
        """An amount said to have arrived (到位) is not the budget either."""
        assert report(body).budget != Money.parse("90万元")

    def test_received_beside_budget_and_executed(self) -> None:
        """With 到位 between them, the budget and the executed amount are still read, and the 到位 rate is not the stated rate."""
        facts = report(
            "全年预算数100万元，实际到位资金90万元，资金到位率90%，实际支出80万元。\n三、存在的主要问题\n(一)甲。"
        )

        assert (facts.budget, facts.executed) == (Money.parse("100万元"), Money.parse("80万元"))
        assert facts.execution_rate_stated is None

    @pytest.mark.parametrize(
        "table",
        [
            pytest.param(
                "单位：万元\n年初预算数\n全年预算数\n实际到位资金\n全年执行数\n执行率\n年度资金总额\n100\n120\n90\n80\n66.67%",
                id="flattened",
            ),
            pytest.param(
                "单位：万元\n项目|年初预算数|全年预算数|到位资金|全年执行数|执行率\n年度资金总额|100|120|90|80|66.67%",
                id="pipes",
            ),
        ],
    )
    def test_received_column(self, table: str) -> None:
        """A 到位 column in a table is skipped, not taken for the executed one."""
        facts = report(table)

        assert (facts.budget, facts.executed, facts.initial) == (
            Money.parse("120万元"),
            Money.parse("80万元"),
            Money.parse("100万元"),
        )
        assert facts.execution_rate_stated == Fixed.parse("66.67")

    @pytest.mark.parametrize(
        "table",
        [
            pytest.param(
                "单位：万元\n项目|年初预算数|全年预算数|全年执行数|执行率\n年度资金总额|0|0|0|0%\n其中：当年财政拨款|100|120|90|75%\n上年结转资金|0|0|0|0%",
                id="pipes",
            ),
            pytest.param(
                "年度资金总额(万元)\n年初预算数\n全年预算数\n全年执行数\n分值\n执行率\n得分\n年度资金总额\n0\n0\n0\n10\n0%\n0\n其中：当年财政拨款\n100\n120\n90\n—\n75%\n—\n上年结转资金\n0\n0\n0\n—\n—\n—",
                id="flattened",
            ),
        ],
    )
    def test_zero_total_row_with_parts(self, table: str) -> None:
        """
        A total row left at zero while its 其中 rows carry the numbers is not the facts: the
        amounts and the rate are null (the parts need not add up to the total), not zeros, and
        report-total-unfilled names the row.
        """
        facts = report(table)

        assert facts.budget is None
        assert facts.executed is None
        assert facts.execution_rate_stated is None
        assert codes(facts) == ["report-total-unfilled"]
        assert "“年度资金总额”" in facts.findings[0].message

    def test_zero_total_row_with_prose(self) -> None:
        """The prose's amounts are read when a table's total row is left at zero."""
        facts = report(
            "全年预算数120万元，全年执行数90万元，执行率75%。\n单位：万元\n项目|年初预算数|全年预算数|全年执行数|执行率\n年度资金总额|0|0|0|0%\n其中：当年财政拨款|100|120|90|75%\n三、存在的主要问题\n(一)甲。"
        )

        assert (facts.budget, facts.executed, facts.execution_rate_stated) == (
            Money.parse("120万元"),
            Money.parse("90万元"),
            Fixed(75),
        )
        assert codes(facts) == ["report-total-unfilled"]

    def test_zero_total_row_of_a_zero_table(self) -> None:
        """A table that is zero throughout states zeros."""
        facts = report(
            "单位：万元\n项目|年初预算数|全年预算数|全年执行数\n年度资金总额|0|0|0\n其中：当年财政拨款|0|0|0"
        )

        assert (facts.budget, facts.executed) == (Money(0), Money(0))
        assert "report-total-unfilled" not in codes(facts)
