"""
Reading 自评表 budget blocks laid out side by side (label | value pairs), template instruction
text left in a 原因 cell, and 其中 rows read as budget lines.
"""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import Fixed, Money
from perfrules._render._xlsx_sheet import _instruction

INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
    ["产出指标", "数量指标", "培训人次", "≥200人次", 150, 90, 60, None],
]


def _form(
    budget: list[list[object]], merges: tuple[str, ...] = (), reason: object = None
) -> io.BytesIO:
    """A project form: the title, the *budget* rows from row 2, then the indicator table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["2023年度项目支出绩效自评表"])
    for row in [*budget, [], *INDICATORS]:
        ws.append(row)
    ws.cell(row=ws.max_row, column=8).value = reason
    for rng in merges:
        ws.merge_cells(rng)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _lines(ev: perfrules.Evaluation) -> list[tuple[str, Money | None, Money, Money]]:
    return [(b.name, b.initial, b.planned, b.executed) for b in ev.budget]


def _codes(ev: perfrules.Evaluation) -> list[str]:
    return [f.code for f in ev.findings]


W = Money.parse  # 万元 amounts in the asserts


class TestSideBySide:
    def test_one_row(self):
        """年度预算数 | 120 | 执行数 | 118 | 执行率 | 98.33% after a block label with its unit."""
        ev = perfrules.read_xlsx(
            _form(
                [
                    [
                        "项目资金（万元）",
                        "年度预算数",
                        120,
                        "执行数",
                        118,
                        "执行率",
                        "98.33%",
                        "得分",
                        9.8,
                    ]
                ]
            )
        )

        assert _lines(ev) == [("项目资金", None, W("120万元"), W("118万元"))]
        assert (ev.declared.execution_rate, ev.declared.execution_score) == (
            Fixed.parse("98.33"),
            Fixed.parse("9.8"),
        )
        assert _codes(ev) == []

    def test_two_pairs_a_row(self):
        """Two label | value pairs a row, the labels' own units; a rate that is not theirs."""
        ev = perfrules.read_xlsx(
            _form([
                ["年初预算数（元）", 1000000, "全年预算数（元）", 1200000],
                ["全年执行数（元）", 1180000, "执行率（%）", 97],
                ["得分", 9, "原因", "部分采购延至次年"],
            ])
        )  # fmt: skip

        assert _lines(ev) == [("budget 1", W("100万元"), W("120万元"), W("118万元"))]
        assert ev.declared.execution_reason == "部分采购延至次年"
        assert [(f.code, f.location) for f in ev.findings] == [("xlsx-rate-mismatch", "Sheet1!D3")]

    def test_labels_in_a_column(self):
        """Labels down a column, a block label merged beside them, merged labels."""
        ev = perfrules.read_xlsx(
            _form(
                [
                    ["预算执行情况（万元）", "年度预算数", None, 150],
                    [None, "预算执行数", None, 75],
                    [None, "预算执行率", None, 0.5],
                    [None, "偏差原因", None, "说明偏离目标、不能完成目标的原因及拟采取的措施"],
                ],
                merges=("A2:A5", "B2:C2", "B3:C3", "B4:C4", "B5:C5"),
            )
        )

        # 预算执行情况 names no amount: it is the line's name, and states its unit
        assert _lines(ev) == [("预算执行情况", None, W("150万元"), W("75万元"))]
        assert ev.declared.execution_rate == Fixed.parse("50.0")
        assert ev.declared.execution_reason == ""  # the template's instruction
        codes = [f.code for f in perfrules.check(ev, scheme="mof-2020-project")]
        assert "execution-low-no-reason" in codes

    def test_lines_by_row(self):
        """One line a row: a total left at zero gives way to its 其中 rows, named without 其中."""
        ev = perfrules.read_xlsx(
            _form([
                ["年度资金总额：", "预算数", 0, "执行数", 0],
                ["其中：财政拨款", "预算数", 100, "执行数", 98, "执行率", "98%"],
                ["其他资金", "预算数", 20, "执行数", 20],
            ])
        )  # fmt: skip

        assert _lines(ev) == [
            ("财政拨款", None, W("100万元"), W("98万元")),
            ("其他资金", None, W("20万元"), W("20万元")),
        ]
        assert [(f.code, f.location) for f in ev.findings] == [("xlsx-total-unfilled", "Sheet1!A2")]

    def test_column_layout_still_read(self):
        """A header row whose labels sit side by side without values is the column layout."""
        ev = perfrules.read_xlsx(
            _form([
                ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                ["年度资金总额", 100, 120, 118, 10, "98.33%", 9.8],
                ["预算执行率", None, "98.33%"],
            ])
        )  # fmt: skip

        assert _lines(ev) == [("年度资金总额", W("100万元"), W("120万元"), W("118万元"))]
        assert _codes(ev) == []


fen = st.integers(min_value=10**4, max_value=10**11)  # 100 yuan up: known to within 0.5%


def _yuan(x: int) -> float:
    """*x* fen as the float Excel keeps for the yuan typed."""
    return float(Decimal(x) / 100)


def _rate(executed: int, planned: int) -> str:
    exact = Fraction(executed * 100, planned)
    return f"{Fixed.from_fraction(exact, 2)}%"


class TestSideBySideProperty:
    @settings(max_examples=40, deadline=None)  # each example writes and reads a workbook
    @given(
        planned=fen,
        executed=fen,
        shape=st.sampled_from(["row", "two-a-row", "column"]),
        label=st.sampled_from(["", "项目资金（元）", "资金情况（单位：元）"]),
        wrong=st.booleans(),
    )
    def test_amounts_and_rate(self, planned, executed, shape, label, wrong):
        """Any pair layout reads the amounts exactly; the rate is checked against them."""
        pairs = [
            ("全年预算数（元）", _yuan(planned)),
            ("全年执行数（元）", _yuan(executed)),
            ("执行率", _rate(2 * executed + planned if wrong else executed, planned)),
        ]
        if shape == "row":
            rows: list[list[object]] = [[label, *(x for p in pairs for x in p)]]
        elif shape == "two-a-row":
            rows = [[label, *pairs[0], *pairs[1]], [None, *pairs[2]]]
        else:
            rows = [[label if i == 0 else None, *p] for i, p in enumerate(pairs)]
        ev = perfrules.read_xlsx(_form(rows))

        ((_, _, got_planned, got_executed),) = _lines(ev)
        assert (got_planned, got_executed) == (Money(planned), Money(executed))
        assert _codes(ev) == (["xlsx-rate-mismatch"] if wrong else [])


class TestOnItsSide:
    """A block turned on its side: labels down a column, a line a column, named above."""

    def test_lines_by_column(self):
        ev = perfrules.read_xlsx(
            _form([
                ["资金来源（万元）", "合计", "财政拨款", "其他资金"],
                ["年初预算数", 120, 100, 20],
                ["全年预算数", 150, 120, 30],
                ["全年执行数", 140, 115, 25],
                ["执行率", "93.33%", "95.83%", "90%"],
            ])
        )  # fmt: skip

        assert _lines(ev) == [
            ("财政拨款", W("100万元"), W("120万元"), W("115万元")),
            ("其他资金", W("20万元"), W("30万元"), W("25万元")),
        ]
        assert ev.declared.execution_rate == Fixed.parse("93.33")  # the 合计 column's
        assert [(f.code, f.location) for f in ev.findings] == [("xlsx-rate-mismatch", "Sheet1!D6")]

    def test_total_left_at_zero(self):
        ev = perfrules.read_xlsx(
            _form([
                ["项目（元）", "年度资金总额", "其中：财政拨款", "上年结转", "其他资金"],
                ["全年预算数", 0, 120, 30, None],
                ["全年执行数", 0, 115, 25, None],
            ])
        )  # fmt: skip

        assert [b.name for b in ev.budget] == ["财政拨款", "上年结转"]
        assert [(f.code, f.location) for f in ev.findings] == [("xlsx-total-unfilled", "Sheet1!B2")]

    def test_info_row_above_is_no_header(self):
        """A row of labels above a single pair column names no lines."""
        ev = perfrules.read_xlsx(
            _form([
                ["主管部门", "某局", "实施单位", "某中心"],
                ["项目资金（万元）", "年度预算数", 120],
                [None, "执行数", 118],
            ])
        )  # fmt: skip

        assert _lines(ev) == [("项目资金", None, W("120万元"), W("118万元"))]

    @settings(max_examples=40, deadline=None)
    @given(
        lines=st.lists(st.tuples(fen, fen), min_size=2, max_size=4),
        total=st.booleans(),
        names=st.permutations(["财政拨款", "上年结转", "其他资金", "单位自筹"]),
    )
    def test_amounts_and_rates(self, lines, total, names):
        """Each named column is a line read exactly; their rates, and the total's, agree."""
        cols = list(zip(names, lines, strict=False))
        if total:
            cols.insert(0, ("合计", (sum(p for p, _ in lines), sum(e for _, e in lines))))
        rows: list[list[object]] = [
            ["资金来源（元）", *(n for n, _ in cols)],
            ["全年预算数", *(_yuan(p) for _, (p, _) in cols)],
            ["全年执行数", *(_yuan(e) for _, (_, e) in cols)],
            ["执行率", *(_rate(e, p) for _, (p, e) in cols)],
        ]
        ev = perfrules.read_xlsx(_form(rows))

        assert [(b.name, b.planned, b.executed) for b in ev.budget] == [
            (n, Money(p), Money(e)) for n, (p, e) in zip(names, lines, strict=False)
        ]
        assert _codes(ev) == []
        if total:
            planned, executed = cols[0][1]
            assert f"{ev.declared.execution_rate}%" == _rate(executed, planned)


INSTRUCTIONS = [
    "说明偏离目标、不能完成目标的原因及拟采取的措施",
    "（填写说明：执行率低于90%的，说明原因）",
    "请说明未完成原因",
    "1.预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的需说明原因（100字以内）",
    "对照年度目标，说明相关任务目标的完成情况（100字以内）",
    "年中发生预算调整的，应单独说明理由",
    "【此处填写偏差原因】",
    "简要说明偏差原因及改进措施，不超过200字",
]
REASONS = [
    "资金拨付滞后",
    "部分采购延至次年",
    "说明：因疫情影响项目延期",
    "（一）资金拨付滞后；（二）采购流程长",
    "已完成",
    "请示批复时间较晚，项目推迟启动",
    "填报系统故障，资金支付延迟",
]


class TestInstructionText:
    @pytest.mark.parametrize("text", INSTRUCTIONS)
    def test_instruction_is_empty(self, text):
        """An instruction left in the budget 原因 or an indicator's 偏差原因 reads as empty."""
        ev = perfrules.read_xlsx(
            _form(
                [
                    [
                        "项目资金（万元）",
                        "年初预算数",
                        "全年预算数",
                        "全年执行数",
                        "执行率",
                        "原因",
                    ],
                    ["年度资金总额", 100, 100, 50, "50%", text],
                ],
                reason=text,
            )
        )

        assert ev.declared.execution_reason == ""
        assert ev.indicators[0].reason == ""
        codes = [f.code for f in perfrules.check(ev, scheme="mof-2020-project")]
        assert {"execution-low-no-reason", "deviation-no-reason"} <= set(codes)

    @pytest.mark.parametrize("text", REASONS)
    def test_reason_is_kept(self, text):
        ev = perfrules.read_xlsx(
            _form(
                [
                    [
                        "项目资金（万元）",
                        "年初预算数",
                        "全年预算数",
                        "全年执行数",
                        "执行率",
                        "原因",
                    ],
                    ["年度资金总额", 100, 100, 50, "50%", text],
                ],
                reason=text,
            )
        )

        assert (ev.declared.execution_reason, ev.indicators[0].reason) == (text, text)

    @given(
        start=st.one_of(
            # an instruction that opens the text, or one that asks for something in it
            st.tuples(
                st.just(""), st.sampled_from(["请", "请简要", "说明", "简要说明", "此处填写"])
            ),
            st.tuples(
                st.sampled_from(["", "执行率未达到90%的，", "1.", "年中调整预算的，"]),
                st.sampled_from(["需说明", "应说明", "应单独说明", "须填写", "需注明"]),
            ),
        ),
        subject=st.sampled_from(["偏差原因", "未完成目标的原因及拟采取的措施", "理由", ""]),
        limit=st.sampled_from(["", "（100字以内）", "，200字左右", "，不超过300字"]),
        bracket=st.booleans(),
    )
    def test_instruction_phrasing(self, start, subject, limit, bracket):
        """Instruction phrasing is recognised, whatever the sentence it is in."""
        text = "".join(start) + subject + limit
        assert _instruction(f"（{text}）" if bracket else text)

    @given(
        st.lists(st.sampled_from(REASONS), min_size=1, max_size=3),
        st.sampled_from(["", "。", "；下一步加快支付进度"]),
    )
    def test_reasons_are_not_instructions(self, parts, tail):
        assert not _instruction("；".join(parts) + tail)


SUCH_AS = ["其中：", "其中:", "其中 ", "其中"]


class TestSuchAsPrefix:
    """A 其中 row read as a budget line is named without 其中, whichever way it got there."""

    @settings(max_examples=40, deadline=None)
    @given(
        prefix=st.sampled_from(SUCH_AS),
        names=st.lists(
            st.sampled_from(["财政拨款", "上年结转", "其他资金", "单位自筹"]),
            min_size=1,
            max_size=3,
            unique=True,
        ),
        total=st.sampled_from(["none", "blank", "zero"]),
        own_cell=st.booleans(),
        pairs=st.booleans(),
    )
    def test_no_prefix(self, prefix, names, total, own_cell, pairs):
        def row(label: str, amount: int | None) -> list[object]:
            if pairs:
                return [label, "全年预算数", amount, "全年执行数", amount]
            return [label, amount, amount, amount]

        rows: list[list[object]] = (
            [] if pairs else [["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数"]]
        )
        if total != "none":
            rows.append(row("年度资金总额", 0 if total == "zero" else None))
        for i, name in enumerate(names):
            label = prefix + name if i == 0 else name
            rows.append(row(label, 10 * (i + 1)))
        if own_cell and not pairs:
            rows = [rows[0], *([None, *r] for r in rows[1:])]
            rows[0] = [None, *rows[0]]
            first = len(rows) - len(names)
            rows[first] = ["其中", names[0], *rows[first][2:]]
        if pairs and total == "blank":
            rows = rows[1:]  # a pair without its value is no pair: the total is just absent
        ev = perfrules.read_xlsx(_form(rows))

        assert [b.name for b in ev.budget] == names


SICHUAN_NOTE = (
    "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
    "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款."
)


def _sichuan(preamble: list[str]) -> io.BytesIO:
    """A 四川 部门预算项目支出绩效自评表 as units leave it: the form's own note in 原因."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    rows: list[list[object]] = [
        *([t] for t in preamble),
        ["部门预算项目支出绩效自评表(2023年度)"],
        ["项目名称", "51092324T000010263357-2023年全县安可替代补助资金项目"],
        ["主管部门", "大英县司法局部门", None, None, "实施单位", "大英县司法局"],
        ["项目基本情况", "1.项目年度目标完成情况", "项目年度目标", None, None, "年度目标完成情况"],
        [None, None, "购买安可设备", None, None, "对照年度目标,说明相关任务目标的完成情况(100字以内)"],
        ["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数",
         "预算执行率", "权重", "得分", "原因"],
        [None, "总额", 0, 3.36, 1.2, 0.3571, 10, 3, SICHUAN_NOTE],
        [None, "其中:财政资金", 0, 3.36, 1.2, 0.3571, "/", "/"],
        [None, "财政专户管理资金", 0, 0, 0, 0, "/", "/"],
        [None, "其他资金", None, None, None, None, "/", "/"],
        ["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
         "完成值", "权重", "得分", "未完成原因分析"],
        [None, "产出指标", "质量指标", "完成安可产品购买", "=", 100, "%", 100, 90, 90, None],
        ["合计", None, None, None, None, None, None, None, 100, 93],
        ["评价结论", "结合自评情况,说明项目自评总分,说明项目实施取得的成效或成果。(200字以内)"],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    budget = len(preamble) + 7
    for r in range(budget, budget + 3):
        ws.cell(row=r, column=6).number_format = "0.00%"
    ws.merge_cells(f"I{budget}:I{budget + 3}")
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


class TestSichuanAsFilled:
    def test_note_in_the_reason_is_no_reason(self):
        ev = perfrules.read_xlsx(_sichuan(["报表编号:510000_0013zp"]))

        assert (ev.year, ev.kind, ev.department.name) == (2023, "project", "大英县司法局")
        assert _lines(ev) == [("总额", Money(0), W("3.36万元"), W("1.2万元"))]
        assert (ev.declared.execution_rate, ev.declared.execution_reason) == (
            Fixed.parse("35.71"),
            "",
        )
        assert _codes(ev) == []
        codes = [f.code for f in perfrules.check(ev, scheme="mof-2020-project")]
        assert "execution-low-no-reason" in codes

    @settings(max_examples=20, deadline=None)
    @given(
        st.lists(st.sampled_from(["报表编号:510000_0013zp", "附件2", "表3", "附件"]), max_size=3)
    )
    def test_title_under_a_preamble(self, preamble):
        """The title is the first text naming the form (绩效, 自评), not a 报表编号 or 附件 above it."""
        ev = perfrules.read_xlsx(_sichuan(preamble))

        assert (ev.year, ev.kind) == (2023, "project")
