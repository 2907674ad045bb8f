"""
Reading the layouts real 自评表 workbooks use: the MoF 2020 项目支出 template, two-row headers,
merged level cells, header variants, spacer rows, text or number cells, percent formats, 万元.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import Fixed, Money
from perfrules.errors import InvalidInputError

HEAD = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
    "points": "得分",
    "reason": "偏差原因分析及改进措施",
}


def _save(wb: openpyxl.Workbook) -> io.BytesIO:
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def mof_2020_project() -> openpyxl.Workbook:
    """The MoF 2020 项目支出绩效自评表 as units fill it in (财预〔2020〕10号 附件)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "附表"
    ws["A1"] = "项目支出绩效自评表"
    ws.merge_cells("A1:I1")
    ws["A2"] = "（2020年度）"
    ws.merge_cells("A2:I2")
    ws["A3"], ws["C3"] = "项目名称", "农村饮水安全巩固提升工程"
    ws.merge_cells("A3:B3")
    ws.merge_cells("C3:I3")
    ws["A4"], ws["C4"], ws["F4"], ws["G4"] = "主管部门", "某县水利局", "实施单位", "某县水务中心"
    ws.merge_cells("A4:B4")
    ws.merge_cells("C4:E4")
    ws.merge_cells("G4:I4")
    ws["A5"] = "项目资金（万元）"
    ws.merge_cells("A5:A9")
    for col, text in zip(
        "CDEFGH", ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"], strict=True
    ):
        ws[f"{col}5"] = text
    rows = [
        ("年度资金总额", 120, 150, 142.5, 10, 0.95, 9.5),
        ("其中：当年财政拨款", 100, 130, 125, "—", "—", "—"),
        ("上年结转资金", 20, 20, 17.5, "—", "—", "—"),
        ("其他资金", None, None, None, "—", "—", "—"),
    ]
    for r, (name, *values) in enumerate(rows, 6):
        ws.cell(row=r, column=2, value=name)  # the name sits under the merged block label
        for c, v in enumerate(values, 3):
            ws.cell(row=r, column=c, value=v)
    ws["G6"].number_format = "0.00%"
    ws["A10"], ws["C10"], ws["F10"] = "年度总体目标", "预期目标", "实际完成情况"
    ws.merge_cells("A10:B11")
    ws.merge_cells("C10:E10")
    ws.merge_cells("F10:I10")
    ws["C11"], ws["F11"] = "保障12个村饮水安全", "已完成"
    ws.merge_cells("C11:E11")
    ws.merge_cells("F11:I11")
    header = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值（A）", "实际完成值（B）",
              "分值（权重）", "自评得分", "偏差原因分析及改进措施"]  # fmt: skip
    for c, text in enumerate(header, 1):
        ws.cell(row=12, column=c, value=text)
    indicators = [
        ("产出指标", "数量指标", "新建供水工程", "≥12处", "12处", 20, 20, None),
        (None, None, "受益人口", "≥5000人", 4800, 10, 9.6, "部分村民外出务工"),
        (None, "质量指标", "工程验收合格率", "100%", 1, 10, 10, None),
        (None, "时效指标", "完工及时率", "≥95%", 0.9, 10, "9.47", "雨季施工延误"),
        ("效益指标", "社会效益指标", "饮水安全保障水平", "明显提升", "明显提升", 30, 30, None),
        ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "92%", 10, 10, None),
    ]
    r = 13
    for k, ind in enumerate(indicators):
        if k == 4:
            r += 1  # a spacer row, left blank
        for c, v in enumerate(ind, 2):
            ws.cell(row=r, column=c, value=v)
        r += 1
    last = r - 1
    ws.merge_cells(f"A12:A{last}")  # 绩效指标 down the whole table
    ws.merge_cells("B13:B16")
    ws.merge_cells("C13:C14")
    ws["F16"].number_format = "0%"
    ws["F15"].number_format = "0%"
    ws.cell(row=r, column=1, value="总分")
    ws.merge_cells(f"A{r}:F{r}")
    ws.cell(row=r, column=7, value=100)
    ws.cell(row=r, column=8, value=98.57)
    ws.cell(row=r + 1, column=1, value="填表人：张三")
    ws.cell(row=r + 1, column=5, value="填报日期：2021年3月1日")
    return wb


class TestMof2020Project:
    def test_reads_the_template(self):
        """Info rows, the 项目资金（万元） block with its 其中 rows, a merged 绩效指标 column, 总分."""
        ev = perfrules.read_xlsx(_save(mof_2020_project()), scheme="mof-2020-project")

        assert (ev.year, ev.kind) == (2020, "project")
        assert (ev.department.name, ev.department.supervisor) == ("某县水务中心", "某县水利局")
        (line,) = ev.budget
        assert line.name == "年度资金总额"
        assert (line.initial, line.planned, line.executed) == (
            Money.parse("120万元"),
            Money.parse("150万元"),
            Money.parse("1425000元"),
        )
        assert ev.declared.execution_score == Fixed.parse("9.5")
        assert ev.declared.total == Fixed.parse("98.57")
        names = [i.name for i in ev.indicators]
        assert names == ["新建供水工程", "受益人口", "工程验收合格率", "完工及时率",
                         "饮水安全保障水平", "受益群众满意度"]  # fmt: skip
        levels = [(i.level1, i.level2) for i in ev.indicators]
        assert levels[:4] == [("产出指标", "数量指标")] * 2 + [
            ("产出指标", "质量指标"),
            ("产出指标", "时效指标"),
        ]
        assert levels[4:] == [("效益指标", "社会效益指标"), ("满意度指标", "服务对象满意度指标")]
        received = ev.indicators[1]
        assert (received.weight, received.actual.text, received.declared_score) == (
            Fixed(10),
            "4800",
            Fixed.parse("9.6"),
        )
        assert received.reason == "部分村民外出务工"
        assert ev.indicators[2].actual.text == "100%"  # 1 shown as 100%
        assert ev.indicators[3].actual.text == "90%"
        assert ev.indicators[3].declared_score == Fixed.parse("9.47")  # a number stored as text

    def test_scores(self):
        """The imported template scores like the form: proportional rows as the footnote says."""
        ev = perfrules.read_xlsx(_save(mof_2020_project()), scheme="mof-2020-project")
        lines = perfrules.score(ev).lines

        assert lines[1].points == Fixed.parse("9.6")
        assert lines[3].points == Fixed.parse("9.47")

    def test_errors_name_their_cells(self):
        """A bad cell in the template is reported at its reference, merged levels or not."""
        wb = mof_2020_project()
        ws = wb.active
        ws["G14"] = "十分"
        ws["H13"] = 25
        ws["D6"] = "很多"

        with pytest.raises(InvalidInputError) as info:
            perfrules.read_xlsx(_save(wb), scheme="mof-2020-project")
        messages = {str(e) for e in info.value.errors}

        assert "附表!G14: not a number of points: '十分'" in messages
        assert "附表!H13: 25 is above the weight 20 (得分不能大于分值)" in messages
        assert any(m.startswith("附表!D6: ") for m in messages)


def _two_row_header_form() -> openpyxl.Workbook:
    """A 部门整体 form: a header over two rows, English-free variants, 单位：万元 above the table."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["A1"] = "2021年度部门整体支出绩效自评表"
    ws["A2"] = "填报单位：某市档案馆"
    ws["F2"] = "单位：万元"
    for col, text in zip(
        "ABCD", ["资金来源", "年初预算数", "全年预算数", "全年执行数"], strict=True
    ):
        ws[f"{col}3"] = text
    ws["A4"], ws["B4"], ws["C4"], ws["D4"] = "基本支出", "300", "320", "318.4"
    ws["A5"], ws["B5"], ws["C5"], ws["D5"] = "项目支出", 80, 100, 90
    ws["A6"], ws["C6"], ws["D6"] = "合计", 420, 408.4
    ws["A8"] = "绩效指标"
    ws.merge_cells("A8:C8")
    for col, text in zip(
        "DEFGH", ["指标值", "全年实际值", "分值", "自评得分", "偏差原因"], strict=True
    ):
        ws[f"{col}8"] = text
        ws.merge_cells(f"{col}8:{col}9")
    for col, text in zip("ABC", ["一级指标", "二级指标", "三级指标"], strict=True):
        ws[f"{col}9"] = text
    ws.append(["产出指标", "数量指标", "档案数字化", "≥2万卷", "2.1万卷", "20", "20", None])
    ws.append([None, None, "查档服务", "≥3000人次", "2700人次", "20", "18", "疫情影响"])
    ws.append([None, "质量指标", "档案完好率", 1, 1, "20", "20", None])
    ws.merge_cells("A10:A12")
    ws.merge_cells("B10:B11")
    ws["D12"].number_format = ws["E12"].number_format = "0%"
    ws.append(["效益指标", "社会效益", "公众满意度", "≥90%", "95%", "40", "40", None])
    ws.append(["总分", None, None, None, None, "100", "98", None])
    ws.append(["等级", None, None, None, None, None, "优", None])
    return wb


class TestTwoRowHeader:
    def test_reads(self):
        """绩效指标 over 一级/二级/三级, the other headers merged down; 单位：万元; 合计 not a line."""
        ev = perfrules.read_xlsx(_save(_two_row_header_form()), scheme="mof-2020-project")

        assert (ev.year, ev.kind, ev.department.name) == (2021, "department", "某市档案馆")
        assert [b.name for b in ev.budget] == ["基本支出", "项目支出"]
        assert ev.budget[0].executed == Money.parse("3184000元")
        assert ev.budget[1].initial == Money.parse("80万元")
        assert [(i.level1, i.level2, i.name) for i in ev.indicators] == [
            ("产出指标", "数量指标", "档案数字化"),
            ("产出指标", "数量指标", "查档服务"),
            ("产出指标", "质量指标", "档案完好率"),
            ("效益指标", "社会效益", "公众满意度"),
        ]
        assert (ev.indicators[2].target.text, ev.indicators[2].actual.text) == ("100%", "100%")
        assert ev.indicators[1].reason == "疫情影响"
        assert (ev.declared.total, ev.declared.grade) == (Fixed(98), "优")


class TestPercentFormats:
    @pytest.mark.parametrize(
        ("value", "number_format", "text"),
        [
            (0.95, "0%", "95%"),
            (0.9835, "0.00%", "98.35%"),
            (0.07, "0.0%", "7%"),
            (1.125, "0.00%;[Red]-0.00%", "112.5%"),
            (95, '0"%"', "95%"),  # a literal %, not a scaling one
            (95, "0\\%", "95%"),
            (95, "General", "95"),
            (0.1, "General", "0.1"),
        ],
    )
    def test_exact(self, value, number_format, text):
        """A number cell reads as the shortest decimal of Excel's number, times 100 under a % format."""
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["2022年度项目支出绩效自评表"])
        ws.append(list(HEAD.values()))
        ws.append(["产出指标", "质量指标", "合格率", "≥90%", value, 10, None, None])
        ws["E3"].number_format = number_format

        ev = perfrules.read_xlsx(_save(wb))

        assert ev.indicators[0].actual.text == text


ROWS: list[dict[str, Any]] = [
    {"level1": "产出指标", "level2": "数量指标", "name": "培训人次", "target": "≥200人次",
     "actual": 210, "weight": 25, "points": 25, "reason": None},
    {"level1": None, "level2": None, "name": "课程门数", "target": "≥12门", "actual": "9门",
     "weight": "25", "points": "18.75", "reason": "师资不足"},
    {"level1": None, "level2": "质量指标", "name": "合格率", "target": "≥95%", "actual": 0.97,
     "weight": 20, "points": 20, "reason": None},
    {"level1": "满意度指标", "level2": "服务对象满意度", "name": "学员满意度", "target": "≥90%",
     "actual": "93%", "weight": 30, "points": 30, "reason": None},
]  # fmt: skip


def _form(
    order: list[str], offset: int, two_rows: bool, spacers: frozenset[int], merge: bool
) -> io.BytesIO:
    """The ROWS form: *offset* rows above the header, columns in *order*, a spacer row before
    each row in *spacers*, level cells merged over their rows or repeated on each."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["2022年度项目支出绩效自评表"])
    if offset == 1:
        ws["C1"] = "单位名称：某培训中心"
    else:
        ws.append(["单位名称", "某培训中心"])
        for _ in range(offset - 2):
            ws.append([])
    head = offset + 1
    if two_rows:
        for c, f in enumerate(order, 1):
            if f in ("level1", "level2", "name"):
                ws.cell(row=head, column=c, value="绩效指标")
                ws.cell(row=head + 1, column=c, value=HEAD[f])
            else:
                ws.cell(row=head, column=c, value=HEAD[f])
                ws.merge_cells(start_row=head, end_row=head + 1, start_column=c, end_column=c)
        r = head + 2
    else:
        for c, f in enumerate(order, 1):
            ws.cell(row=head, column=c, value=HEAD[f])
        r = head + 1
    at: list[int] = []
    for k, row in enumerate(ROWS):
        if k in spacers:
            r += 1
        at.append(r)
        for c, f in enumerate(order, 1):
            if f not in ("level1", "level2"):
                ws.cell(row=r, column=c, value=row[f])
                if f == "actual" and isinstance(row[f], float):
                    ws.cell(row=r, column=c).number_format = "0%"
        r += 1
    for f in ("level1", "level2"):
        c = order.index(f) + 1
        starts = [k for k, row in enumerate(ROWS) if row[f] is not None]
        for j, k in enumerate(starts):
            end = starts[j + 1] if j + 1 < len(starts) else len(ROWS)
            if merge:
                ws.cell(row=at[k], column=c, value=ROWS[k][f])
                last = at[end] - 1 if end < len(ROWS) else at[-1]
                if last > at[k]:
                    ws.merge_cells(start_row=at[k], end_row=last, start_column=c, end_column=c)
            else:
                for m in range(k, end):
                    ws.cell(row=at[m], column=c, value=ROWS[k][f])
    ws.cell(row=r, column=order.index("level1") + 1, value="总分")
    ws.cell(row=r, column=order.index("weight") + 1, value=100)
    ws.cell(row=r, column=order.index("points") + 1, value=93.75)
    return _save(wb)


class TestAnyLayout:
    @settings(max_examples=40, deadline=None)  # each example writes and reads a workbook
    @given(
        st.permutations(list(HEAD)),
        st.integers(min_value=1, max_value=6),
        st.booleans(),
        st.frozensets(st.integers(min_value=1, max_value=3)),
        st.booleans(),
    )
    def test_same_evaluation(self, order, offset, two_rows, spacers, merge):
        """Any header row, any column order, a one- or two-row header, spacer rows, merged or
        repeated-blank level cells: the same evaluation."""
        expected = perfrules.read_xlsx(
            _form(list(HEAD), 2, False, frozenset(), False), scheme="mof-2020-project"
        )
        got = perfrules.read_xlsx(
            _form(order, offset, two_rows, spacers, merge), scheme="mof-2020-project"
        )

        assert got == expected
        assert (got.year, got.department.name, got.kind) == (2022, "某培训中心", "project")
        assert [i.actual.text for i in got.indicators] == ["210", "9门", "97%", "93%"]
        assert got.declared.total == Fixed.parse("93.75")
        assert str(perfrules.score(got).total) == "93.75"
