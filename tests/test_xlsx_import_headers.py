"""
Reading indicator tables whose header spans three or more rows, with 分值 / 权重 / 得分 columns
in any order, 偏差原因 and 改进措施 columns, 指标性质 and 度量单位 columns, and 评价等级 rows.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import Fixed

ROWS = [
    ("产出指标", "数量指标", "培训人次", "≥200人次", 210, 25, 25, None, None),
    (None, None, "课程门数", "≥12门", "9门", 25, "18.75", "师资不足", "增聘兼职教师"),
    (None, "质量指标", "合格率", "≥95%", "97%", 20, 20, None, None),
    ("满意度指标", "服务对象满意度", "学员满意度", "≥90%", "88%", 30, "29.33", None, "改进课程安排"),
]  # fmt: skip
FIELDS = ["level1", "level2", "name", "target", "actual", "weight", "points", "reason"]
LOWER = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "年度指标值",
         "actual": "实际完成值"}  # fmt: skip


def _save(wb: openpyxl.Workbook) -> io.BytesIO:
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _form(
    order: list[str], weight: str, points: str, merged_down: list[bool], offset: int
) -> io.BytesIO:
    """
    A three-row header: a title row over the whole table, then 绩效指标 over the level columns,
    偏差原因分析及改进措施 over 偏差原因 | 改进措施, and the other headers merged down over the
    two lower rows or written once in the middle row (*merged_down*, per column).
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2022年度项目支出绩效自评表"])
    ws.append(["单位名称", "某培训中心"])
    for _ in range(offset):
        ws.append([])
    top = ws.max_row + 1
    columns: list[str] = []
    for f in order:
        columns += ["reason", "measure"] if f == "reason" else [f]
    width = len(columns)
    ws.cell(row=top, column=1, value="年度绩效指标完成情况")
    ws.merge_cells(start_row=top, end_row=top, start_column=1, end_column=width)
    mid, low = top + 1, top + 2
    upper = {"weight": weight, "points": points}
    for c, f in enumerate(columns, 1):
        if f in LOWER and f in ("level1", "level2", "name"):
            ws.cell(row=mid, column=c, value="绩效指标")
            ws.cell(row=low, column=c, value=LOWER[f])
        elif f == "reason":
            ws.cell(row=mid, column=c, value="偏差原因分析及改进措施")
            ws.merge_cells(start_row=mid, end_row=mid, start_column=c, end_column=c + 1)
            ws.cell(row=low, column=c, value="偏差原因")
        elif f == "measure":
            ws.cell(row=low, column=c, value="改进措施")
        else:
            ws.cell(row=mid, column=c, value=upper.get(f) or LOWER[f])
            if merged_down[c % len(merged_down)]:
                ws.merge_cells(start_row=mid, end_row=low, start_column=c, end_column=c)
    index = dict(zip([*FIELDS, "measure"], range(9), strict=True))
    first = ws.max_row + 1
    for row in ROWS:
        ws.append([row[index[f]] for f in columns])
    for f, spans in (("level1", [(0, 2)]), ("level2", [(0, 1)])):  # level cells merged down
        c = columns.index(f) + 1
        for a, b in spans:
            ws.merge_cells(start_row=first + a, end_row=first + b, start_column=c, end_column=c)
    ws.append(["总分" if f == "level1" else 100 if f == "weight" else "97.08" if f == "points" else None
               for f in columns])  # fmt: skip
    ws.append(["评价等级" if f == "level1" else "优" if f == "points" else None for f in columns])
    return _save(wb)


class TestManyRowHeaders:
    @settings(max_examples=30, deadline=None)  # each example writes and reads a workbook
    @given(
        st.permutations(FIELDS),
        st.sampled_from(["分值", "权重", "分值（权重）", "标准分值", "指标分值"]),
        st.sampled_from(["得分", "自评得分", "实际得分", "评价得分"]),
        st.lists(st.booleans(), min_size=1, max_size=9),
        st.integers(min_value=0, max_value=3),
    )
    def test_same_evaluation(self, order, weight, points, merged_down, offset):
        """Any column order, any 分值 / 得分 header variant, headers merged down or not: the same
        indicators, the 改进措施 after the reason, the total and the grade."""
        ev = perfrules.read_xlsx(
            _form(order, weight, points, merged_down, offset), scheme="mof-2020-project"
        )

        assert [(i.level1, i.level2, i.name) for i in ev.indicators] == [
            ("产出指标", "数量指标", "培训人次"),
            ("产出指标", "数量指标", "课程门数"),
            ("产出指标", "质量指标", "合格率"),
            ("满意度指标", "服务对象满意度", "学员满意度"),
        ]
        assert [i.weight for i in ev.indicators] == [Fixed(w) for w in (25, 25, 20, 30)]
        assert [str(i.declared_score) for i in ev.indicators] == ["25", "18.75", "20", "29.33"]
        assert [i.reason for i in ev.indicators] == [
            "",
            "师资不足；改进措施：增聘兼职教师",
            "",
            "改进措施：改进课程安排",
        ]
        assert (str(ev.declared.total), ev.declared.grade) == ("97.08", "优")
        assert ev.department.name == "某培训中心"


def _sichuan() -> openpyxl.Workbook:
    """四川 部门预算项目支出绩效自评表: 指标性质 and 度量单位 beside a bare 指标值, 完成值, 权重."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["部门预算项目支出绩效自评表(2023年度)"])
    ws.append(["项目名称", "工资性支出"])
    ws.append(["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
               "完成值", "权重", "得分", "未完成原因分析"])  # fmt: skip
    ws.append([None, "产出指标", "数量指标", "发放覆盖率", "=", 100, "%", 100, 30, 30, None])
    ws.append([None, None, "时效指标", "发放及时天数", "≤", 5, "天", "6", 30, 25, "系统升级"])
    ws.append(
        [None, "效益指标", "社会效益指标", "政策知晓", "定性", "高", None, "高", 30, 30, None]
    )
    ws.append(["合计", None, None, None, None, None, None, None, 90, 85, None])
    ws.merge_cells("A3:A6")
    ws.append(["评价等级", "良"])
    ws.merge_cells("B8:K8")
    ws.append(["评价结论", "按时足额发放。"])
    return wb


class TestSichuan:
    def test_sign_and_unit_columns(self):
        """The sign goes before the target, the unit after bare numbers; 合计 is the total."""
        ev = perfrules.read_xlsx(_save(_sichuan()), scheme="mof-2020-project")

        assert [i.target.text for i in ev.indicators] == ["=100%", "≤5天", "高"]
        assert [i.actual.text for i in ev.indicators if i.actual] == ["100%", "6天", "高"]
        assert [i.weight for i in ev.indicators] == [Fixed(30)] * 3
        assert ev.indicators[1].reason == "系统升级"
        assert (ev.declared.total, ev.declared.grade) == (Fixed(85), "良")
        assert ev.kind == "project"


class TestGradeRow:
    @pytest.mark.parametrize(
        ("cells", "grade"),
        [
            pytest.param({"A": "评价等级", "B": "良"}, "良", id="next-cell"),
            pytest.param({"A": "自评等级：良"}, "良", id="same-cell"),
            pytest.param({"A": "等级", "G": "良"}, "良", id="points-column"),
            pytest.param({"C": "绩效等级", "E": "良"}, "良", id="label-in-a-level-column"),
        ],
    )
    def test_read(self, cells, grade):
        """A 等级 row's grade: in 得分, in the first cell right of the label, or after a colon."""
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["2022年度部门整体支出绩效自评表"])
        ws.append(["一级指标", "二级指标", "三级指标", "分值", "年度指标值", "实际完成值", "得分"])
        ws.append(["产出指标", "数量指标", "课程", 100, "≥10门", "9门", 85])
        ws.append(["总分", None, None, 100, None, None, 85])
        for col, value in cells.items():
            ws[f"{col}5"] = value
        ev = perfrules.read_xlsx(_save(wb))

        assert ev.declared.grade == grade


class TestHeaderAgain:
    def test_repeated_header_rows_are_skipped(self):
        """
        The indicator header written again inside the table (a table in blocks, 年度绩效目标1 /
        年度绩效目标2, each with its header, or a page's header copied down) is no indicator:
        it was read as one named 三级指标, with errors.
        """
        head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        for row in [
            ["2020年度项目支出绩效自评表"],
            ["年度绩效目标1(50分)"],
            head,
            ["产出指标", "质量指标", "监测数据合格率", "100%", "100%", 25, 25],
            ["效益指标", "社会效益指标", "资料整编审核", "98%", "98%", 25, 25],
            ["年度绩效目标2(50分)"],
            head,
            ["产出指标", "时效指标", "年度资料上报", "100%", "100%", 50, 50],
            ["总分", None, None, None, None, 100, 100],
        ]:
            ws.append(row)
        ev = perfrules.read_xlsx(_save(wb), scheme="mof-2020-project")

        assert [i.name for i in ev.indicators] == ["监测数据合格率", "资料整编审核", "年度资料上报"]
        assert ev.declared.total == Fixed(100)
