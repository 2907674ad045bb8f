"""
Reading the budget block of real 自评表 workbooks: the stated 执行率 checked against the amounts,
amounts shown in 万元 by a number format, provincial header variants.
"""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction

import openpyxl
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import Fixed, Money
from perfrules._render._xlsx_formats import shown

INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "培训人次", "≥200人次", 210, 90, 90],
]


def _save(wb: openpyxl.Workbook) -> io.BytesIO:
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _form(budget: list[list[object]], formats: dict[str, str] | None = None) -> io.BytesIO:
    """A project form: the title, the *budget* rows from row 2, then the indicator table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["2023年度项目支出绩效自评表"])
    for row in [*budget, [], *INDICATORS]:
        ws.append(row)
    for ref, number_format in (formats or {}).items():
        ws[ref].number_format = number_format
    return _save(wb)


def _codes(ev: perfrules.Evaluation) -> list[str]:
    return [f.code for f in ev.findings]


HEAD = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]


class TestStatedRate:
    @pytest.mark.parametrize(
        ("rate", "number_format", "declared"),
        [
            pytest.param(0.95, "0.00%", "95", id="percent-format"),
            pytest.param(0.949999999, "0.00%", "95", id="shown-rounded"),
            pytest.param("95.00%", "General", "95", id="text"),
            pytest.param("９５％", "General", "95", id="full-width"),
            pytest.param(0.95, "General", "95", id="bare-fraction"),
            pytest.param(95, "General", "95", id="bare-percent"),
            pytest.param(142.5 / 150, "General", "95", id="formula-result"),
        ],
    )
    def test_agrees(self, rate, number_format, declared):
        """A rate that is the amounts' rate, however the cell holds it: no finding, declared."""
        ev = perfrules.read_xlsx(
            _form([HEAD, ["年度资金总额", 120, 150, 142.5, 10, rate, 9.5]], {"F3": number_format})
        )

        assert _codes(ev) == []
        assert ev.declared.execution_rate == Fixed.parse(declared)

    def test_disagrees(self):
        """A rate that is not the amounts' is an error finding at its cell; it is still declared."""
        ev = perfrules.read_xlsx(
            _form([HEAD, ["年度资金总额", 120, 150, 142.5, 10, 0.9612, 9.6]], {"F3": "0.00%"})
        )

        (f,) = ev.findings
        assert (f.code, f.severity.value, f.location) == (
            "xlsx-rate-mismatch",
            "error",
            "Sheet1!F3",
        )
        assert (
            f.message
            == "Sheet1!F3：表中执行率 96.12% 与执行数 1425000.00 元 / 预算数 1500000.00 元 = 95.00% 不一致"
        )
        assert ev.declared.execution_rate == Fixed.parse("96.12")
        assert "execution-rate" in [x.code for x in perfrules.check(ev, scheme="mof-2020-project")]

    def test_truncated(self):
        """A rate truncated to its decimals (2/3 = 66.666…% as 66.66%) is not a finding."""
        ev = perfrules.read_xlsx(_form([HEAD, ["年度资金总额", 3, 3, 2, 10, "66.66%", 6.67]]))

        assert _codes(ev) == []

    def test_percent_header(self):
        """Under 执行率（%） a bare 1 is 1%, not 100%."""
        head = [*HEAD[:5], "执行率（%）", "得分"]
        ev = perfrules.read_xlsx(_form([head, ["年度资金总额", 100, 100, 100, 10, 1, 10]]))

        assert _codes(ev) == ["xlsx-rate-mismatch"]
        assert ev.declared.execution_rate == Fixed(1)

    def test_rows_and_merged_rates(self):
        """Each row's rate is its own; a rate merged over the lines and the 合计 row is the total's;
        其中 rows are checked too; a 0.00% over zero amounts and — are not checked."""
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        ws.append(["2023年度部门整体支出绩效自评表"])
        ws.append(["资金来源", "年初预算数", "全年预算数", "全年执行数", "执行率"])
        ws.append(["基本支出", 300, 320, 318.4, 0.995])
        ws.append(["项目支出", 80, 100, 90, "90%"])
        ws.append(["其中：专项", 0, 0, 0, "0.00%"])
        ws.append(["其中：专项", 50, 60, 30, "60%"])  # 50%
        ws.append(["合计", 380, 420, 408.4, "—"])
        ws.append([])
        ws["E3"].number_format = "0.0%"
        for row in INDICATORS:
            ws.append(row)
        ev = perfrules.read_xlsx(_save(wb))

        assert [f.location for f in ev.findings] == ["Sheet1!E6"]
        assert ev.declared.execution_rate is None

        ws["E7"] = 0.9724
        ws["E7"].number_format = "0.00%"
        ev = perfrules.read_xlsx(_save(wb))

        assert ev.declared.execution_rate == Fixed.parse("97.24")  # 408.4 / 420 = 97.238…%
        ws.merge_cells("E3:E7")
        ws["E3"] = "97.50%"  # 408.45 / 419.5 = 97.37%: no amounts shown as 420 and 408.4 give it
        ev = perfrules.read_xlsx(_save(wb))

        assert [f.location for f in ev.findings] == ["Sheet1!E3"]
        assert ev.declared.execution_rate == Fixed.parse("97.50")

    def test_rate_row(self):
        """A row labelled 执行率 below the lines states the whole block's rate."""
        ev = perfrules.read_xlsx(
            _form([
                ["预算项目", "年初预算数", "全年预算数（万元）", "全年执行数（万元）"],
                ["财政拨款", 100, 100, 98],
                ["其他资金", 10, 10, 10],
                ["预算执行率", None, "98.18%"],
            ])
        )  # fmt: skip

        assert ev.declared.execution_rate == Fixed.parse("98.18")
        assert [b.name for b in ev.budget] == ["财政拨款", "其他资金"]
        assert _codes(ev) == []

    def test_sichuan_layout(self):
        """四川 部门预算项目支出绩效自评表: 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 |
        得分 | 原因 beside a 年度预算数(万元) label; 总额 then 其中 rows with their own rates."""
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["部门预算项目支出绩效自评表(2023年度)"])
        ws.append(["实施单位 (盖章)", "某县发展和改革局"])
        ws.append(["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数",
                   "预算执行率", "权重", "得分", "原因"])  # fmt: skip
        ws.append([None, "总额", 238.93, 251.89, 251.89, 1, 10, 10, "按进度执行"])
        ws.append([None, "其中:财政资金", 238.93, 251.89, 251.89, 1, "/", "/"])
        ws.append([None, "财政专户管理资金", 0, 0, 0, 0, "/", "/"])
        ws.append([None, "其他资金", None, None, None, None, "/", "/"])
        for r in range(4, 7):
            ws.cell(row=r, column=6).number_format = "0.00%"
        ws.merge_cells("A3:A7")
        ws.append([])
        for row in INDICATORS:
            ws.append(row)
        ev = perfrules.read_xlsx(_save(wb))

        (line,) = ev.budget
        assert (line.name, line.initial, line.planned) == (
            "总额",
            Money.parse("238.93万元"),
            Money.parse("251.89万元"),
        )
        assert ev.declared.execution_rate == Fixed(100)
        assert (ev.declared.execution_score, ev.declared.execution_reason) == (
            Fixed(10),
            "按进度执行",
        )
        assert _codes(ev) == []


class TestTotalUnfilled:
    """Real forms leave the total row of the budget block at zero and fill its 其中 rows."""

    def test_zero_total_over_filled_parts(self):
        """The 其中 rows are the lines (named without 其中：), a warning at the total's label."""
        ev = perfrules.read_xlsx(
            _form(
                [
                    HEAD,
                    ["年度资金总额：", 0, 0, 0, 10, 0, 10],
                    ["其中：财政拨款", 100, 100, 98, None, "98%"],
                    ["其他资金", 20, 20, 20, None, "100%"],
                ],
                {"F3": "0.00%"},
            )
        )

        assert [(b.name, b.planned, b.executed) for b in ev.budget] == [
            ("财政拨款", Money.parse("100万元"), Money.parse("98万元")),
            ("其他资金", Money.parse("20万元"), Money.parse("20万元")),
        ]
        (f,) = ev.findings
        assert (f.code, f.severity.value, f.location) == (
            "xlsx-total-unfilled",
            "warning",
            "Sheet1!A3",
        )
        assert (
            f.message
            == "Sheet1!A3：预算表“年度资金总额”行金额均为 0，其余各行却填有金额：该行未作为预算行读取"
        )
        assert ev.declared.execution_score == Fixed(10)
        codes = [x.code for x in perfrules.check(ev, scheme="mof-2020-project")]
        assert "execution-planned-zero" not in codes

    def test_rate_merged_over_the_parts(self):
        """A rate merged over the unfilled total and its parts is the parts' rate, declared."""
        wb = openpyxl.load_workbook(
            _form(
                [
                    HEAD,
                    ["年度资金总额", 0, 0, 0, 10, "98.33%", 10],
                    ["其中：财政拨款", 100, 100, 98],
                    ["其他资金", 20, 20, 20],
                ]
            )
        )
        wb.active.merge_cells("F3:F5")
        ev = perfrules.read_xlsx(_save(wb))

        assert _codes(ev) == ["xlsx-total-unfilled"]
        assert ev.declared.execution_rate == Fixed.parse("98.33")  # 118 / 120

    def test_zero_total_row_below_the_lines(self):
        """A 合计 row left at zero under filled lines: the same warning; the lines stay."""
        ev = perfrules.read_xlsx(
            _form([HEAD, ["财政拨款", 100, 100, 98], ["其他资金", 20, 20, 20], ["合计:", 0, 0, 0]])
        )

        assert [b.name for b in ev.budget] == ["财政拨款", "其他资金"]
        assert [(f.code, f.location) for f in ev.findings] == [("xlsx-total-unfilled", "Sheet1!A5")]
        assert "“合计”" in ev.findings[0].message

    @pytest.mark.parametrize(
        "parts",
        [
            pytest.param([["其中：财政拨款", 0, 0, 0]], id="all-zero"),
            pytest.param([], id="no-parts"),
        ],
    )
    def test_zero_block_is_read_as_is(self, parts):
        """A block that is zero throughout is not unfilled: its one line stays, no warning."""
        ev = perfrules.read_xlsx(_form([HEAD, ["年度资金总额", 0, 0, 0], *parts]))

        assert [(b.name, b.planned) for b in ev.budget] == [("年度资金总额", Money(0))]
        assert _codes(ev) == []

    def test_filled_total_keeps_its_parts_out(self):
        """A filled total stays the one line; its 其中 rows only break it down."""
        ev = perfrules.read_xlsx(
            _form([HEAD, ["年度资金总额:", 120, 120, 118], ["其中：财政拨款", 100, 100, 98]])
        )

        assert [b.name for b in ev.budget] == ["年度资金总额"]
        assert _codes(ev) == []


def _half_up(x: Fraction, places: int) -> Fixed:
    return Fixed.from_fraction(x, places)


def _truncated(x: Fraction, places: int) -> Fixed:
    return Fixed(int(x * 10**places), places)


amounts = st.integers(min_value=1, max_value=10**12)  # fen


class TestRateProperty:
    @settings(max_examples=40, deadline=None)  # each example writes and reads a workbook
    @given(amounts, amounts, st.integers(0, 4), st.booleans(), st.sampled_from(["cell", "text"]))
    def test_rounded_or_truncated_agrees(self, planned, executed, places, truncate, how):
        """The exact rate rounded half-up or truncated to any decimals is never a finding."""
        exact = Fraction(executed * 100, planned)
        # a double holds 15 digits: 15008139516133.333% is no rate a cell can state exactly
        assume(exact < 10**6)
        stated = (_truncated if truncate else _half_up)(exact, places)
        if how == "cell":
            value: object = float(Decimal(str(stated)) / 100)
            fmt = "0%" if places == 0 else "0." + "0" * places + "%"
        else:
            value, fmt = f"{stated}%", "General"
        row = ["年度资金总额", None, f"{Money(planned)}", f"{Money(executed)}", 10, value, None]
        head = [
            "预算项目",
            "年初预算数",
            "全年预算数（元）",
            "全年执行数（元）",
            "分值",
            "执行率",
            "得分",
        ]
        ev = perfrules.read_xlsx(_form([head, row], {"F3": fmt}))

        assert _codes(ev) == []
        assert ev.declared.execution_rate == stated

    @settings(max_examples=40, deadline=None)
    @given(amounts, amounts, st.integers(0, 4), st.integers(-3, 3))
    def test_other_rates_disagree(self, planned, executed, places, delta):
        """A stated rate that no amounts within half a fen of the written ones give is a finding,
        at the cell."""
        half_up = _half_up(Fraction(executed * 100, planned), places)
        stated = Fixed(half_up.units + delta, places)
        assume(stated.units >= 0 and not _reachable(stated, (planned, 1), (executed, 1)))
        row = [
            "年度资金总额",
            None,
            f"{Money(planned)}元",
            f"{Money(executed)}元",
            10,
            f"{stated}%",
        ]
        ev = perfrules.read_xlsx(_form([HEAD[:6], row]))

        assert [(f.code, f.location) for f in ev.findings] == [("xlsx-rate-mismatch", "Sheet1!F3")]


def _reachable(
    stated: Fixed, planned: tuple[Fraction, int], executed: tuple[Fraction, int]
) -> bool:
    """Whether amounts within half a step of the written ones ((amount, its last digit's step),
    in fen) can give *stated* rounded half-up or truncated."""
    (p, hp), (e, he) = planned, executed
    low, high = (
        (e - Fraction(he, 2)) * 100 / (p + Fraction(hp, 2)),
        (e + Fraction(he, 2)) * 100 / (p - Fraction(hp, 2)),
    )
    step = Fraction(1, 10**stated.places)
    return stated.as_fraction() - step / 2 <= high and low < stated.as_fraction() + step


def _wan(fen: int, places: int) -> Fixed:
    """*fen* in 万元, rounded half-up to *places* decimals, as a form shows it."""
    return Fixed.from_fraction(Fraction(fen, 10**6), places)


#: how a rounded 万元 amount sits in its cell: (the cell value, its number format)
_SHOWN = {
    "text": lambda x: (str(x), "General"),
    "general": lambda x: (float(Decimal(str(x))), "General"),
    "format": lambda x: (float(Decimal(str(x))), "0." + "0" * x.places),
}
# 2 decimals: to 100 元; fen from 1 万元 to 1 亿元 (a rate can be off by 1% at the low end)
wan_fen = st.integers(min_value=10**6, max_value=10**10)


class TestRoundedAmounts:
    """Forms show the amounts rounded to 万元 and the rate computed from the exact yuan."""

    def test_real_form(self):
        """2045.33 / 2087.18 万元 = 97.9949…%, stated 98.00%: the exact yuan give it
        (20453343.05 / 20871806.06 = 97.99505…%)."""
        ev = perfrules.read_xlsx(
            _form([HEAD, ["年度资金总额", None, 2087.18, 2045.33, 10, 0.98, 10]], {"F3": "0.00%"})
        )

        assert _codes(ev) == []
        assert ev.declared.execution_rate == Fixed.parse("98.00")

    @settings(max_examples=60, deadline=None)
    @given(
        planned=wan_fen,
        executed=wan_fen,
        places=st.sampled_from([2, 4]),
        truncate=st.booleans(),
        amount_as=st.sampled_from(sorted(_SHOWN)),
        rate_as=st.sampled_from(["cell", "text"]),
    )
    def test_rounded_amounts_agree(
        self, *, planned, executed, places, truncate, amount_as, rate_as
    ):
        """Exact yuan shown rounded half-up to 万元 with 2 or 4 decimals, the exact rate rounded
        half-up or truncated to 2 decimals: never a finding."""
        stated = (_truncated if truncate else _half_up)(Fraction(executed * 100, planned), 2)
        (p, pf), (e, ef) = (_SHOWN[amount_as](_wan(x, places)) for x in (planned, executed))
        if rate_as == "cell":
            rate, rf = float(Decimal(str(stated)) / 100), "0.00%"
        else:
            rate, rf = f"{stated}%", "General"
        ev = perfrules.read_xlsx(
            _form(
                [HEAD, ["年度资金总额", None, p, e, 10, rate, None]], {"C3": pf, "D3": ef, "F3": rf}
            )
        )

        assert _codes(ev) == []
        assert ev.declared.execution_rate == stated

    @settings(max_examples=60, deadline=None)
    @given(
        planned=wan_fen,
        executed=wan_fen,
        places=st.sampled_from([2, 4]),
        amount_as=st.sampled_from(["text", "format"]),
        above=st.booleans(),
        k=st.integers(0, 50),
    )
    def test_rates_out_of_bounds_disagree(self, *, planned, executed, places, amount_as, above, k):
        """A rate no amounts within ±½·10⁻ᵏ 万元 of the shown ones give is still a finding."""
        p_shown, e_shown = _wan(planned, places), _wan(executed, places)
        step = 10**6 // 10**places  # the last shown decimal, in fen
        p, e = p_shown.as_fraction() * 10**6, e_shown.as_fraction() * 10**6
        low, high = (e - step / 2) * 100 / (p + step / 2), (e + step / 2) * 100 / (p - step / 2)
        # a rate 0.01 or more below every reachable rate, or over half 0.01 above it
        units = int(low * 100) - 1 - k if not above else int(high * 100 + Fraction(1, 2)) + 1 + k
        assume(units >= 0)
        stated = Fixed(units, 2)
        assert not _reachable(stated, (p, step), (e, step))
        (pc, pf), (ec, ef) = _SHOWN[amount_as](p_shown), _SHOWN[amount_as](e_shown)
        ev = perfrules.read_xlsx(
            _form(
                [HEAD, ["年度资金总额", None, pc, ec, 10, f"{stated}%", None]], {"C3": pf, "D3": ef}
            )
        )

        assert [(f.code, f.location) for f in ev.findings] == [("xlsx-rate-mismatch", "Sheet1!F3")]


class TestScaledFormats:
    @pytest.mark.parametrize(
        ("number_format", "expected"),
        [
            ("0!.0000", (False, -4, 4)),
            ('#,##0"."0000', (False, -4, 4)),
            ("0\\.0000", (False, -4, 4)),
            ("0!.0,", (False, -4, 1)),
            ("#,##0.00,", (False, -3, 2)),
            ("0.00%", (True, 2, 2)),
            ('0.0"%"', (True, 0, 1)),
            ("[Red]#,##0.00_);(#,##0.00)", (False, 0, 2)),
            ("@", (False, 0, None)),
        ],
    )
    def test_shown(self, number_format, expected):
        """How a format shows a number: percent, the power of ten, the decimals."""
        assert tuple(shown(number_format)) == expected

    @settings(max_examples=40, deadline=None)
    @given(
        st.integers(min_value=0, max_value=10**13),
        st.sampled_from(
            [
                ("0!.0000", "万元"),
                ('#,##0"."0000', "万元"),
                ("0!.0,", "万元"),
                ("#,##0.00,", "千元"),
                ("#,##0.00", "元"),
            ]
        ),
    )
    def test_yuan_shown_in_a_larger_unit(self, fen, fmt_unit):
        """Cells holding yuan, formatted to show 万元 (or 千元) under a （万元） header: exact fen."""
        number_format, unit = fmt_unit
        yuan = float(Decimal(fen) / 100)
        assume(Decimal(repr(yuan)) == Decimal(fen) / 100)  # what was typed, to Excel's 15 digits
        head = ["预算项目", "年初预算数", f"全年预算数（{unit}）", f"全年执行数（{unit}）"]
        ev = perfrules.read_xlsx(
            _form(
                [head, ["财政拨款", None, yuan, yuan]], {"C3": number_format, "D3": number_format}
            )
        )

        assert ev.budget[0].planned == ev.budget[0].executed == Money(fen)

    @settings(max_examples=40, deadline=None)
    @given(
        st.integers(min_value=0, max_value=10**13), st.sampled_from(["万元", "亿元", "千元", "元"])
    )
    def test_numbers_in_the_header_unit(self, fen, unit):
        """Numbers typed in the header's unit (142.5 under 全年预算数（万元）) are exact in fen."""
        per = {"元": 100, "千元": 10**5, "万元": 10**6, "亿元": 10**10}[unit]
        typed = Decimal(fen) / per
        value = float(typed)
        assume(Decimal(repr(value)) == typed)
        head = ["预算项目", "年初预算数", f"全年预算数（{unit}）", f"全年执行数（{unit}）"]
        ev = perfrules.read_xlsx(_form([head, ["财政拨款", None, value, format(typed, "f")]]))

        assert ev.budget[0].planned == ev.budget[0].executed == Money(fen)


class TestNextBlockHeader:
    def test_header_row_below_ends_the_block(self):
        """
        A block below the funds block whose header is not a budget header (任务名称 | 主要内容 |
        批复金额 | 实际支出金额) ends it: its header and rows were read as lines, with errors.
        """
        ev = perfrules.read_xlsx(
            _form(
                [
                    ["资金来源", "年初预算数", "全年预算数", "全年执行数"],
                    ["财政拨款", 100, 120, 118],
                    ["任务名称", "主要内容", "批复金额（万元）", "实际支出金额（万元）"],
                    ["档案接收", "接收档案", 50, 49],
                ]
            )
        )

        assert [(b.name, b.planned, b.executed) for b in ev.budget] == [
            ("财政拨款", Money.parse("120万元"), Money.parse("118万元"))
        ]

    def test_a_word_beside_a_number_is_still_an_error(self):
        """One word in an amount cell of a line is that cell's error, as before."""
        with pytest.raises(perfrules.errors.InvalidInputError, match=r"Sheet1!C3: "):
            perfrules.read_xlsx(
                _form(
                    [
                        ["资金来源", "年初预算数", "全年预算数", "全年执行数"],
                        ["财政拨款", 100, "很多", 118],
                    ]
                )
            )


class TestHugeNumbers:
    def test_huge_rate_is_a_finding_not_a_traceback(self):
        """A 执行率 of 1e308 under 0.00% (Excel's largest) is a mismatch; rounding it raised."""
        ev = perfrules.read_xlsx(
            _form([HEAD, ["年度资金总额", 120, 150, 142.5, 10, 1e308, 9.5]], {"F3": "0.00%"})
        )

        assert _codes(ev) == ["xlsx-rate-mismatch"]
