"""Properties of parse_report() on forms: letter grades, total rows left at zero, form layouts, budgeted expenditure."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from perfrules import Fixed, Money, parse_report


class TestLetterGrades:
    """A letter grade is read as written and only checked under a scale that knows it."""

    @given(
        letter=st.sampled_from("ABCD"),
        score=st.integers(0, 10000),
        wording=st.sampled_from(
            [
                "等级为{l}",
                "评价等级：{l}级",
                '自评等级为"{l}"',
                "自评等级为“{l}”",
                "评价结果为“{l}”级",
                "评定为{l}等",
                "绩效评价等级为{l}级",
            ]
        ),
    )
    def test_letter_as_written(self, letter: str, score: int, wording: str) -> None:
        text = f"某某局2022年部门整体支出绩效自评报告\n二、自评结论\n自评得分{Fixed(score, 2)}分，{wording.format(l=letter)}。"
        facts = parse_report(text)

        assert facts.grade == letter
        assert "report-grade-mismatch" not in [f.code for f in facts.findings]

    @given(
        letter=st.sampled_from("ABCDabcd"),
        sign=st.sampled_from(["", "+", "-"]),
        wording=st.sampled_from(
            [
                "等级为{l}",
                "评价等级：{l}级",
                "自评等级为“{l}”",
                "评价结果为{l}",
                "自评等级为“{l}”级",
            ]
        ),
    )
    def test_signs_and_case(self, letter: str, sign: str, wording: str) -> None:
        """A+, B-, lowercase a: read in capitals with the sign, as written."""
        facts = parse_report(
            f"某某局2022年部门整体支出绩效自评报告\n二、自评结论\n自评得分90分，{wording.format(l=letter + sign)}。"
        )

        assert facts.grade == letter.upper() + sign

    @given(
        letter=st.sampled_from("ABCD"),
        word=st.sampled_from(["优秀", "良好", "中等", "较差", "优", "良", "中", "差"]),
        score=st.integers(0, 10000),
        after=st.sampled_from(["", "级", "等"]),
    )
    def test_letter_with_its_word(self, letter: str, word: str, score: int, after: str) -> None:
        """A letter glossed by a word grade, "等级为A（优秀）", is that word: checked under the default scale."""
        text = f"某某局2022年部门整体支出绩效自评报告\n自评得分{Fixed(score, 2)}分，等级为{letter}{after}（{word}）。"
        facts = parse_report(text)
        expected = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}.get(word, word)
        by_score = (
            "优" if score >= 9000 else "良" if score >= 8000 else "中" if score >= 6000 else "差"
        )

        assert facts.grade == expected
        assert ("report-grade-mismatch" in [f.code for f in facts.findings]) == (
            expected != by_score
        )


class TestUnfilledTotal:
    """A total row left at zero over 其中 rows with amounts: not read, and reported."""

    @given(
        parts=st.lists(
            st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6)),
            min_size=1,
            max_size=3,
        ),
        label=st.sampled_from(["年度资金总额", "合计", "资金总额"]),
        flattened=st.booleans(),
    )
    def test_zero_total_over_parts(
        self, parts: list[tuple[int, int, int]], label: str, flattened: bool
    ) -> None:
        """report-total-unfilled fires exactly when a part carries an amount; the amounts are null then, zeros otherwise."""
        names = ["其中：当年财政拨款", "上年结转资金", "其他资金"]
        header = ["年初预算数", "全年预算数", "全年执行数"]
        rows = [(label, (0, 0, 0)), *zip(names, parts, strict=False)]
        if flattened:
            body = "\n".join(
                ["年度资金总额(万元)", *header]
                + [x for name, cells in rows for x in (name, *map(str, cells))]
            )
        else:
            body = (
                "单位：万元\n"
                + "|".join(["项目", *header])
                + "\n"
                + "\n".join("|".join([name, *map(str, cells)]) for name, cells in rows)
            )
        facts = parse_report("某某局2022年部门整体支出绩效自评报告\n" + body)
        filled = any(any(cells) for _, cells in rows)
        codes = [f.code for f in facts.findings]

        assert ("report-total-unfilled" in codes) == filled
        assert (facts.budget, facts.executed) == ((None, None) if filled else (Money(0), Money(0)))
        if filled:
            assert f"“{label}”" in facts.findings[codes.index("report-total-unfilled")].message


UNIT = st.tuples(
    st.text(alphabet="东南西北江河山湖城乡安平新和民康", min_size=2, max_size=6),
    st.sampled_from(["局", "中心", "人民政府", "办公室", "委员会"]),
).map("".join)
WAN = st.integers(1, 10**8)  # hundredths of 万元


def wan_text(hundredths: int) -> str:
    return f"{hundredths // 100}.{hundredths % 100:02d}"


class TestFormLayouts:
    """Rules for web pages and 自评表 forms as real reports publish them (issue 5)."""

    @given(
        unit=UNIT,
        other=UNIT,
        path=st.lists(
            st.sampled_from(["工作动态", "通知公告", "政务公开", "财政资金"]),
            min_size=1,
            max_size=3,
        ),
        wrap=st.booleans(),
    )
    def test_breadcrumb_is_no_title(
        self, unit: str, other: str, path: list[str], wrap: bool
    ) -> None:
        """A breadcrumb ending with a report's name is neither the title nor the unit, even when a wrap cuts it."""
        crumb = "您现在的位置: 首页 > " + " > ".join(path) + f" > {other}部门整体支出绩效评价报告"
        if wrap:
            crumb = crumb[:20] + "\n" + crumb[20:]
        title = f"{unit}2022年度部门整体支出绩效自评报告"
        facts = parse_report(f"欢迎访问!\n{crumb}\n\n{title}\n一、基本情况\n略。")

        assert (facts.title, facts.department) == (title, unit)

    @given(
        project=st.text(alphabet="社保缴费工资发放运转经费专项", min_size=2, max_size=8),
        unit=UNIT,
        sealed=st.sampled_from(["", "(盖章)", "（公章）"]),
    )
    def test_fields_run_together(self, project: str, unit: str, sealed: str) -> None:
        """A form's cells run together, each label before its value and the next label: the values."""
        text = f"项目支出绩效自评表(2022年度) 项目名称{project}主管部门{unit}实施单位{sealed}{unit}项目资金(万元)"
        facts = parse_report(text)

        assert (facts.project, facts.department, facts.year) == (project, unit, 2022)

    @given(unit=UNIT, day=st.dates().map(lambda d: f"{d.year}.{d.month}.{d.day}"))
    def test_field_value_stops_at_the_next_label(self, unit: str, day: str) -> None:
        """ "单位名称:某镇政府 填报日期:…" squeezed to one word: the unit stops where the next label starts."""
        assert (
            parse_report(
                f"2020年度部门整体支出绩效自评表\n单位名称:{unit} 填报日期:{day}\n"
            ).department
            == unit
        )

    @given(
        budget=WAN,
        executed=st.one_of(st.none(), WAN),
        rate=st.integers(0, 10000),
        score=st.integers(0, 20),
    )
    def test_header_notes_and_a_short_row(
        self, budget: int, executed: int | None, rate: int, score: int
    ) -> None:
        """
        Header cells with bracketed notes (`预算数(A)`, `得分 (20分*执行率)`) are columns; a row one
        cell short has its percentage under 执行率 and the cell before it blank.
        """
        cells = [
            wan_text(budget),
            *([wan_text(executed)] if executed is not None else []),
            f"{Fixed(rate, 2)}%",
            str(score),
        ]
        text = (
            "2020年度部门整体支出绩效自评表\n"
            "预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率)\n"
            f"部门整体支出总额 | {' | '.join(cells)}\n"
            "年度目标1:(80分) | 增强政府工作效率\n"
        )
        facts = parse_report(text)

        assert facts.budget == Money(budget * 100 * 100)
        assert facts.executed == (Money(executed * 100 * 100) if executed is not None else None)
        assert facts.execution_rate_stated == Fixed(rate, 2)

    @given(
        title=st.sampled_from(["改进措施", "改进措施及结果应用方案", "下一步改进措施", "整改措施"]),
        none=st.sampled_from(["无", "暂无", "无。"]),
        notes=st.integers(0, 3),
    )
    def test_row_title_saying_none(self, title: str, none: str, notes: int) -> None:
        """A form row `改进措施 | 无` is a measures section of its own row that lists none; the notes below are not measures."""
        below = "".join(f"\n{i + 1}.备注第{i + 1}条。" for i in range(notes))
        facts = parse_report(
            f"2020年度部门整体支出绩效自评表\n总分 | 100分 |\n{title} | {none} |\n备注:{below}"
        )

        assert facts.measures == ()
        assert [s.key for s in facts.sections] == ["measures"]

    @given(
        conclusion=st.sampled_from(["及时、足额缴纳。", "目标全部完成。"]),
        problems=st.sampled_from(["存在问题", "存在的问题", "主要问题"]),
        measures=st.sampled_from(["改进措施", "整改措施", "改进建议"]),
        none=st.sampled_from(["无", "暂无"]),
        footer=st.sampled_from(["项目负责人:财务负责人:", "填报人:", ""]),
    )
    def test_none_cells_run_together(
        self, conclusion: str, problems: str, measures: str, none: str, footer: str
    ) -> None:
        """`存在问题暂无改进措施暂无项目负责人:`: the problems are denied and there are no measures."""
        facts = parse_report(
            f"项目支出绩效自评表(2022年度) 合计100 评价结论{conclusion}{problems}{none}{measures}{none}{footer}"
        )

        assert (facts.problems, facts.problems_denied, facts.measures) == ((), True, ())

    @given(
        amounts=st.tuples(WAN, WAN, WAN),
        weight=st.integers(1, 20),
        rate=st.integers(0, 100),
        score=st.integers(0, 20),
    )
    def test_table_on_one_line(
        self, amounts: tuple[int, int, int], weight: int, rate: int, score: int
    ) -> None:
        """
        The funds header and its row on one line, cells parted by single spaces: read by column
        (`10 100%` is a score and a rate, not 10100%).
        """
        initial, budget, executed = amounts
        row = (
            f"{wan_text(initial)} {wan_text(budget)} {wan_text(executed)} {weight} {rate}% {score}"
        )
        text = f"项目支出绩效自评表(2022年度) 项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分 年度资金总额{row} 其中:当年财政拨款{row}"
        facts = parse_report(text)

        assert (facts.initial, facts.budget, facts.executed) == tuple(
            Money(x * 100 * 100) for x in (initial, budget, executed)
        )
        assert facts.execution_rate_stated == Fixed(rate)
        assert facts.title == "项目支出绩效自评表（2022年度）"


class TestBudgetedExpenditure:
    """全年预算支出 is the budget of the expenditure, not an amount spent (issue 5)."""

    @given(
        amounts=st.tuples(WAN, WAN, WAN),
        word=st.sampled_from(["全年预算支出", "年度预算支出", "全年预算支出数", "预算支出数"]),
        spent=st.sampled_from(["实际支出", "全年执行数", "已支付"]),
        rate_word=st.sampled_from(["执行率", "支付进度", "支出进度"]),
        revenue_first=st.booleans(),
    )
    def test_budgeted_expenditure(
        self,
        amounts: tuple[int, int, int],
        word: str,
        spent: str,
        rate_word: str,
        revenue_first: bool,
    ) -> None:
        revenue, budget, executed = amounts
        parts = [
            f"{word}{wan_text(budget)}万元",
            f"{spent}{wan_text(executed)}万元",
            f"{rate_word}96.00%",
        ]
        if revenue_first:
            parts.insert(0, f"全年预算收入{wan_text(revenue)}万元")
        facts = parse_report(
            "某某局2022年部门整体支出绩效自评报告\n"
            + "，".join(parts)
            + "。\n三、存在的主要问题\n(一)某问题。"
        )

        assert (facts.budget, facts.executed) == (Money(budget * 10_000), Money(executed * 10_000))
        assert facts.execution_rate_stated == Fixed(9600, 2)
