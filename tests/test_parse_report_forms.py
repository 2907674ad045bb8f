"""parse_report() on real forms: cells run together, nested sections, form cells, amounts and categories (issue 5)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.report_strategies import NAME, UNITS, wan, wan_money

from perfrules import Fixed, Money, parse_report


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
