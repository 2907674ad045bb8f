"""
Real 自评表 layouts, each rebuilt with openpyxl as published (the source is in each docstring),
read as a person reads them: budget lines and amounts, the stated rate, the indicators, the
declared total and grade.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

import perfrules
from perfrules import Fixed, Money

TASK_HEAD = [
    "年度主要任务",
    "任务名称",
    None,
    "主要内容",
    None,
    None,
    "预算数（万元）",
    "执行数（万元）",
]
TASKS = [
    [None, "档案接收征集", None, "接收进馆档案2万卷", None, None, 120, 118],
    [None, "档案数字化", None, "完成馆藏档案数字化10万页", None, None, 200, 190],
    [None, "……", None, None, None, None, None, None],
]
FUNDS = [
    [
        "年度部门整体支出预算（万元）",
        None,
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ],
    [None, "年度资金总额", 800, 850, 830, 10, "97.65%", 9.8],
    [None, "其中：基本支出", 500, 520, 518, None, None, None],
    [None, "项目支出", 300, 330, 312, None, None, None],
]
GOALS = [
    ["年度总体目标", "预期目标", None, None, "实际完成情况"],
    [None, "完成档案接收与数字化", None, None, "已完成"],
]
INDICATORS = [
    ["年度绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
     "偏差原因分析及改进措施"],
    [None, "产出指标", "数量指标", "档案数字化页数", "≥10万页", "10.2万页", 50, 50],
    [None, "效益指标", "社会效益指标", "查档服务人次", "≥3000人次", "2700人次", 30, 27, "疫情影响"],
    [None, "满意度指标", "服务对象满意度指标", "公众满意度", "≥90%", "95%", 10, 10],
    ["总分", None, None, None, None, None, 100, 96.8],
]  # fmt: skip


def _save(wb: openpyxl.Workbook) -> io.BytesIO:
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _department_form(*, tasks_below: bool) -> io.BytesIO:
    """
    The MoF 部门整体支出绩效自评表 with its 年度主要任务 block (任务名称 | 主要内容 | 预算数 |
    执行数) above the 年度部门整体支出预算 block (年度资金总额, 其中：基本支出, 项目支出), or
    below it, as provinces reorder it. No stored copy of the template was found; the layout is
    the template's (财预〔2020〕10号 era 部门整体 forms), its labels merged down their blocks.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["部门整体支出绩效自评表"])
    ws.append(["（2021年度）"])
    ws.append(["部门（单位）名称", None, "某市档案馆"])
    blocks = [FUNDS, [TASK_HEAD, *TASKS]] if tasks_below else [[TASK_HEAD, *TASKS], FUNDS]
    for block in blocks:
        top = ws.max_row + 1
        for row in block:
            ws.append(row)
        ws.merge_cells(f"A{top}:A{ws.max_row}")
        if block[0] is TASK_HEAD:
            for r in range(top, ws.max_row + 1):
                ws.merge_cells(f"B{r}:C{r}")
                ws.merge_cells(f"D{r}:F{r}")
    for row in GOALS:
        ws.append(row)
    top = ws.max_row + 1
    for row in INDICATORS:
        ws.append(row)
    ws.merge_cells(f"A{top}:A{ws.max_row - 1}")
    return _save(wb)


def _department_form_beside() -> io.BytesIO:
    """The same form with the 年度主要任务 block left of the funds block, in the same rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["部门整体支出绩效自评表"])
    ws.append(["（2021年度）"])
    ws.append(["部门（单位）名称", None, "某市档案馆"])
    tasks = [TASK_HEAD, *TASKS]
    top = ws.max_row + 1
    for k in range(max(len(tasks), len(FUNDS))):
        task = [tasks[k][i] for i in (0, 1, 3, 6, 7)] if k < len(tasks) else [None] * 5
        ws.append([*task, *(FUNDS[k] if k < len(FUNDS) else [])])
    ws.merge_cells(f"A{top}:A{ws.max_row}")
    ws.merge_cells(f"F{top}:F{ws.max_row}")
    for row in GOALS:
        ws.append(row)
    top = ws.max_row + 1
    for row in INDICATORS:
        ws.append(row)
    ws.merge_cells(f"A{top}:A{ws.max_row - 1}")
    return _save(wb)


class TestTaskBlock:
    @pytest.mark.parametrize("layout", ["above", "below", "beside"], ids=lambda x: f"tasks-{x}")
    def test_tasks_are_not_budget_lines(self, layout):
        """The 年度主要任务 rows are key tasks; the budget is the 年度资金总额 block's."""
        form = (
            _department_form_beside()
            if layout == "beside"
            else _department_form(tasks_below=layout == "below")
        )
        ev = perfrules.read_xlsx(form, scheme="mof-2020-project")

        assert [(b.name, b.initial, b.planned, b.executed) for b in ev.budget] == [
            ("年度资金总额", Money.parse("800万元"), Money.parse("850万元"), Money.parse("830万元"))
        ]
        assert ev.key_tasks == (
            "档案接收征集：接收进馆档案2万卷",
            "档案数字化：完成馆藏档案数字化10万页",
        )
        assert (ev.declared.execution_rate, ev.declared.execution_score) == (
            Fixed.parse("97.65"),
            Fixed.parse("9.8"),
        )
        assert [i.name for i in ev.indicators] == ["档案数字化页数", "查档服务人次", "公众满意度"]
        assert ev.findings == ()


def _chizhou_2022() -> io.BytesIO:
    """
    池州市贵池区棠溪镇 2022 项目支出绩效自评表 (the MoF 2020 template as a town filled it in),
    from http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2: units with their
    budget codes (``219001-…``), a 年度资金总额 row left at 0 over its filled 其中 row, level-1
    cells stating their weight (``产出指标(50分)``), and a 二级指标 row of the template left with
    no indicator (经济效益指标).
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    rows = [
        ["附件:"],
        ["项目支出绩效自评表"],
        ["(2022年度)"],
        ["项目名称", None, "委托业务项目"],
        ["主管部门", None, "219-池州市贵池区棠溪镇人民政府", None, None, "实施单位",
         "219001-池州市贵池区棠溪镇人民政府"],
        ["项目资金\n(万元)", None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
         "得分"],
        [None, "年度资金总额:", None, 0, 0, 0, 10, 0, 0],
        [None, "其中:本年财政拨款", None, 90, 89.974, 89.974],
        [None, "上年结转资金"],
        [None, "其他资金"],
        ["年度总体目标", "预期目标", None, None, None, "实际完成情况"],
        [None, "本项目共申请预算资金90万元。", None, None, None, "本项目共完成预算资金89.97万元。"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        [None, "产出指标(50分)", "数量指标", "基建工程委托业务项目数量", "≥50个", 50, 8, 8],
        [None, None, "质量指标", "委托业务报告合格率", "≥100百分比", 100, 8, 8],
        [None, None, None, "经费支出合规性", "严格执行相关制度规定", "达成预期指标", 8, 8],
        [None, None, "时效指标", "提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", 8, 8],
        [None, None, "成本指标", "项目总成本", "≤90万元", 90, 8, 8],
        [None, None, None, "单项业务成本", "符合相关规定", "达成预期指标", 10, 10],
        [None, "效益指标(30分)", "社会效益指标", "对维护基建市场公平的影响程度", "效果明显",
         "达成预期指标", 10, 10],
        [None, None, "生态效益指标", "对控制基建项目成本影响程度", "效果明显", "达成预期指标", 10, 10],
        [None, None, "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响", "效果明显",
         "达成预期指标", 10, 10],
        [None, None, "经济效益指标"],
        [None, "满意度指标(10分)", "满意度指标", "公众满意度", "≥90%", "95%", 10, 10],
        ["总分", None, None, None, None, None, 100, 100],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    ws.merge_cells("A6:A10")
    for r in range(7, 11):
        ws.merge_cells(f"B{r}:C{r}")
    for ref in ("A13:A24", "B14:B19", "B20:B23", "C15:C16", "C18:C19"):
        ws.merge_cells(ref)
    return _save(wb)


class TestChizhou2022:
    def test_reads_as_filled(self):
        """Unit codes dropped, the 其中 row the line, level weights off the group names."""
        ev = perfrules.read_xlsx(_chizhou_2022(), scheme="mof-2020-project")

        assert (ev.year, ev.kind) == (2022, "project")
        assert ev.department.name == ev.department.supervisor == "池州市贵池区棠溪镇人民政府"
        assert [(b.name, b.initial, b.planned, b.executed) for b in ev.budget] == [
            (
                "本年财政拨款",
                Money.parse("90万元"),
                Money.parse("89.974万元"),
                Money.parse("89.974万元"),
            )
        ]
        assert len(ev.indicators) == 10
        assert {i.level1 for i in ev.indicators} == {"产出指标", "效益指标", "满意度指标"}
        assert ev.declared.execution_score is None  # the 0 of the total left unfilled
        assert [f.code for f in ev.findings] == ["xlsx-total-unfilled"]

    def test_scores_as_declared(self):
        """Every group is the scheme's, and the total is the declared 100."""
        ev = perfrules.read_xlsx(_chizhou_2022(), scheme="mof-2020-project")
        result = perfrules.score(ev)

        assert result.total == Fixed(100)
        assert [f.code for f in perfrules.check(ev, result) if f.severity.value == "error"] == []
        assert "group-unknown" not in {f.code for f in result.findings}


def _ningde_2018() -> io.BytesIO:
    """
    福建 部门整体支出绩效自评表 (2018年度), 中共宁德市委党史和地方志研究室, from
    http://ndfzw.com/ggl/2019-12-31/7212.html (附件9, .xls): a funds block under 预算安排 |
    拨付情况 | 结余情况 whose columns carry their numbers and formulas (``小计 ④=①+②+③``,
    ``年度拨付金额 ⑤``, ``支出实现率(%) ⑥=⑤/④``), 小计 rows broken down by ①②③ rows, some left
    empty, under a label merged down the block; indicators with 指标解释 and 绩效目标值 columns,
    level cells broken over lines with their weight (``产出\\n指标\\n(60分)``), 三级指标 after
    the template's ``指标1:``. The published amounts are yuan under a 万元 header; here they are
    in 万元, as the header says.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    funds = [253.7695, 21.372282, 0, 275.141782, 254.667398, "93%", 20.474384, "7%"]
    rows = [
        ["部门整体支出绩效自评表"],
        ["(2018年度)"],
        ["部门(单位)名称", None, "中共宁德市委党史和地方志研究室", None, None, None, "部门预算编码",
         "901001033"],
        ["财政资金安排和使用情况", "资金结构\n(万元)", "预算安排", None, None, None, "拨付情况", None,
         "结余情况"],
        [None, None, "年初部门预算安排金额\n①", "历年结余结转\n②", "年中调整金额\n③",
         "小计\n④ = ①+②+③", "年度拨付金额\n⑤", "支出实现率(%)\n⑥=⑤/④", "本年度结余金额\n⑦=④-⑤",
         "资金结余率\n(%)\n⑧=⑦/④"],
        [None, "财政资金小计", *funds],
        [None, "①中央及省级财政资金"],
        [None, "②市级财政资金", *funds],
        [None, "③县(市、区)财政资金"],
        [None, "其他资金小计"],
        [None, "①……"],
        [None, "合 计", *funds],
        ["年度\n总体\n目标\n完成\n情况", "预期目标", None, None, None, "目标实际完成情况"],
        [None, "目标1:确保本委在职及退休人员工资、福利的发放;", None, None, None,
         "目标1完成情况:基本完成,达成率为90%以上"],
        ["年度\n绩效\n指标\n完成\n情况", "一级\n指标", "二级\n指标", "三级指标", "指标解释", "绩效目标值",
         "实际完成值", "指标分值", "得分"],
        [None, "产出\n指标\n(60分)", "数量\n指标", "指标1:按月发放员工工资", "按月足额发放", "12个月",
         "12个月", 20, 20],
        [None, None, "质量\n指标", "指标1:经费支出合规", "符合财经纪律", "合规", "合规", 20, 20],
        [None, None, "时效\n指标", "指标1:工资发放及时率", "当月发放", "100%", "100%", 20, 20],
        [None, "效益\n指标\n(30分)", "社会效益\n指标", "指标1:地方志编纂出版", "完成年度编纂任务", "完成",
         "基本完成", 30, 27],
        [None, "满意度\n指标\n(10分)", "服务对象满意度指标", "指标1:干部职工满意度", "满意度调查", "≥90%",
         "92%", 10, 10],
        [None, "总分", None, None, None, None, None, 100, 97],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    for ref in ("A4:A12", "B4:B5", "C4:F4", "G4:H4", "I4:J4", "A15:A21", "B16:B18"):
        ws.merge_cells(ref)
    return _save(wb)


class TestNingde2018:
    def test_funds_block(self):
        """小计 ④ is the budget, 拨付 ⑤ the executed, 支出实现率 ⑥ the rate; 小计 rows are the lines."""
        ev = perfrules.read_xlsx(_ningde_2018(), scheme="mof-2013-department")

        assert (ev.year, ev.kind, ev.department.name) == (
            2018,
            "department",
            "中共宁德市委党史和地方志研究室",
        )
        assert [(b.name, b.initial, b.planned, b.executed) for b in ev.budget] == [
            ("财政资金", Money.parse("253.7695万元"), Money.parse("275.141782万元"),
             Money.parse("254.667398万元")),
        ]  # fmt: skip
        assert ev.declared.execution_rate == Fixed(93)
        assert ev.findings == ()

    def test_indicators(self):
        """绩效目标值 is the target; levels without their weight and line breaks; no 指标1: prefix."""
        ev = perfrules.read_xlsx(_ningde_2018(), scheme="mof-2013-department")

        assert [(i.level1, i.level2, i.name, i.target.text) for i in ev.indicators][:2] == [
            ("产出指标", "数量指标", "按月发放员工工资", "12个月"),
            ("产出指标", "质量指标", "经费支出合规", "合规"),
        ]
        assert [i.level1 for i in ev.indicators][3:] == ["效益指标", "满意度指标"]
        assert ev.declared.total == Fixed(97)


def _chongqing_2021() -> io.BytesIO:
    """
    重庆 部门整体绩效自评表 (重庆高新区融媒体中心 2021), from https://m.yzwku.com/doc/98587.html:
    no level columns; 指标名称 | 计量单位 | 指标性质 | 年初指标值 | 调整指标值 | 全年完成值 |
    得分系数(%) | 指标权重(分) | 指标得分(分) | 是否核心指标; the budget on one row under
    ``部门预算执行情况(万元) | 预算资金 | 年初预算数 | 全年(调整)预算数 | 全年执行数 | 执行率(%) |
    执行率权重 | 执行率得分(分)``; 自评总分(分) above the table. The copy's amounts are illegible
    (its 执行率 76% and score 7.6 are kept) and it fills no 调整指标值; one is filled here.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    rows = [
        ["2021年度部门整体绩效自评表"],
        ["主管部门", "重庆高新区党工委宣传部", None, None, None, "财政处室", "行政政法处"],
        ["部门名称", "重庆高新区融媒体中心", None, None, None, "自评总分(分)", 97.6],
        ["部门预算执行情况(万元)", "预算资金", "年初预算数", "全年(调整)预算数", "全年执行数",
         "执行率(%)", "执行率权重", "执行率得分(分)"],
        [None, None, 1200, 1250, 950, "76%", 10, 7.6],
        ["当年绩效目标", "年初绩效目标", None, None, "全年(调整)绩效目标", None, None,
         "全年目标实际完成情况"],
        [None, "通过整合各级各类媒体……营造良好氛围。", None, None, "无", None, None,
         "中心2021年较好地完成了履职任务……"],
        ["绩效指标", "指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值",
         "得分系数(%)", "指标权重(分)", "指标得分(分)", "是否核心指标"],
        [None, "财政供养人员控制率", "%", "定量指标", "100%", None, "92%", "100%", 2, 2, "否"],
        [None, "预算完成率", "%", "定量指标", "70%", None, "76%", "100%", 2, 2, "是"],
        [None, "政府采购执行率", "%", "定量指标", "100%", "70%", "72.74%", "100%", 2, 2, "是"],
        [None, "管理制度健全性", None, "定性指标", "高", None, "高", "100%", 3, 3, "否"],
        [None, "播发稿件数量", "篇", "定量指标", "2200篇", None, "2859篇", "100%", 10, 10, "是"],
        [None, "业务保障能力提升", "%", "定量指标", "90%", None, "95%", "100%", 10, 10, "否"],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    ws.merge_cells("A4:A5")
    ws.merge_cells("A8:A14")
    return _save(wb)


class TestChongqing2021:
    def test_indicators(self):
        """指标权重 / 指标得分, not 得分系数; 调整指标值 over 年初指标值 when filled; 是否核心指标."""
        ev = perfrules.read_xlsx(_chongqing_2021(), scheme="mof-2013-department")

        got = [(i.name, i.weight, i.target.text, i.actual.text, i.declared_score, i.core)
               for i in ev.indicators]  # fmt: skip
        assert got[:3] == [
            ("财政供养人员控制率", Fixed(2), "100%", "92%", Fixed(2), False),
            ("预算完成率", Fixed(2), "70%", "76%", Fixed(2), True),
            ("政府采购执行率", Fixed(2), "70%", "72.74%", Fixed(2), True),
        ]
        assert len(got) == 6
        assert got[3][2:4] == ("高", "高")

    def test_budget_and_total(self):
        """The one budget row named by its column; 执行率权重 / 执行率得分; 自评总分 above the table."""
        ev = perfrules.read_xlsx(_chongqing_2021(), scheme="mof-2013-department")

        assert [(b.name, b.initial, b.planned, b.executed) for b in ev.budget] == [
            ("预算资金", Money.parse("1200万元"), Money.parse("1250万元"), Money.parse("950万元"))
        ]
        assert (ev.declared.execution_rate, ev.declared.execution_score, ev.declared.total) == (
            Fixed(76),
            Fixed.parse("7.6"),
            Fixed.parse("97.6"),
        )
        assert (ev.department.name, ev.department.supervisor) == (
            "重庆高新区融媒体中心",
            "重庆高新区党工委宣传部",
        )
        assert ev.findings == ()


NOTE = (
    "1.预算执行率=预算执行数/调整后预算数,预算执行率未达到90%的需说明原因(100字以内);"
    "2.年中发生预算调整的(追加或调减),应单独说明理由;3.其他资金包括:社会投入资金、银行贷款."
)


def _sichuan_form(name: str, amount: float, indicator: str) -> list[list[object]]:
    return [
        ["部门预算项目支出绩效自评表(2023年度)"],
        ["项目名称", name],
        ["主管部门", "大英县司法局部门", None, None, None, "实施单位", "大英县司法局"],
        ["项目基本情况", "1.项目年度目标完成情况", "项目年度目标", None, None, "年度目标完成情况"],
        [None, None, "根据要求购买安可设备,并完成项目资金支付。", None, None, "完成"],
        [None, "2.项目实施内容及过程概述", "2023年购买13台安可电脑,并于12月前完成资金支付。"],
        ["预算执行情况(10分)", "年度预算数(万元)", "年初预算", "调整后预算数", "预算执行数",
         "预算执行率", "权重", "得分", "原因"],
        [None, "总额", "0.00", amount, amount, "100.00%", 10, 10, NOTE],
        [None, "其中:财政资金", "0.00", amount, amount, "100.00%", "/", "/"],
        [None, "财政专户管理资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"],
        [None, "单位资金", "0.00", "0.00", "0.00", "0.00%", "/", "/"],
        [None, "其他资金", None, None, None, None, "/", "/"],
        ["绩效指标(90分)", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
         "完成值", "权重", "得分", "未完成原因分析"],
        [None, "产出指标", "质量指标", indicator, "=", 100, "%", 100, 90, 90],
        ["合计", None, None, None, None, None, None, None, 100, 100],
        ["评价结论", "根据财政局资金下达的管理办法,将资金支付给项目施工方。"],
        ["存在问题", "无"],
        ["改进措施", "无"],
        ["项目负责人:查小兵", None, None, None, None, "财务负责人:唐勇"],
    ]  # fmt: skip


class TestStackedForms:
    def test_first_form_read_the_next_reported(self):
        """
        四川 部门预算项目支出绩效自评表 published one under another on one sheet (大英县司法局
        2023, https://dyxrmt.cn/article-157795-21.html): the first form is read, and the next
        one is a warning at its header, not silently dropped.
        """
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        first = "51092324T000010263357-2023年全县安可替代补助资金项目"
        for row in [
            *_sichuan_form(first, 3.36, "完成安可产品购买并按要求支付资金"),
            *_sichuan_form("51092324T000010263358-社区矫正经费", 5.0, "社区矫正对象监管率"),
        ]:
            ws.append(row)
        ev = perfrules.read_xlsx(_save(wb), scheme="mof-2020-project")

        assert [(b.name, b.planned, b.executed) for b in ev.budget] == [
            ("总额", Money.parse("3.36万元"), Money.parse("3.36万元"))
        ]
        assert [i.name for i in ev.indicators] == ["完成安可产品购买并按要求支付资金"]
        assert ev.declared.total == Fixed(100)
        assert [(f.code, f.location) for f in ev.findings] == [("xlsx-more-forms", "Sheet1!B32")]


def _langfang_2019() -> io.BytesIO:
    """
    河北 廊坊市食品工程学校 2019 项目支出绩效自评表 (the MoF template, 附件1), from
    http://www.lfsp.cn/newsinfo/1158053.html: the template's rows left as they are (``指标2``,
    ``……``, a 生态效益指标 with an empty ``指标1``), names after the template's number with no
    colon (``指标1工程资金金额``), level cells broken over lines (``经济效益\\n\\n指标``), and
    numbers under 年度总体目标.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    rows: list[list[object]] = [
        ["附件1"],
        ["项目支出绩效自评表"],
        ["（2019年度）"],
        ["项目名称", None, "办公宿舍楼、食堂及餐厅暖通改造经费"],
        ["主管部门", None, "廊坊市发改委", None, None, "实施单位", "廊坊市食品工程学校"],
        ["项目资金\n(万元)", None, "年初\n预算数", "全年\n预算数", "全年\n执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 43.2, 43.2, 37.24, 10, "86%", 9],
        [None, "其中:当年财政拨款", 43.2, 43.2, 37.24],
        [None, "      上年结转资金"],
        [None, "  其他资金"],
        ["年度总体目标", "预期目标", None, None, None, "实际完成情况"],
        [None, 43.2, None, None, None, 37.24],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度\n\n指标值", "实际\n\n完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
    ]  # fmt: skip
    indicators = [
        ("产出指标", "数量指标", [("指标1工程资金金额", 43.2, 37.24, 10, 9,
                                  "已完工,剩余3%尾款未付,且最高限价低于预算金额。提高预算准确度。")]),
        (None, "质量指标", [("指标1工程完工率", 100, 100, 10, 10, None),
                            ("指标2工程验收合格率", 100, 100, 10, 10, None)]),
        (None, "时效指标", [("指标1项目完成及时率", 100, 100, 10, 10, None)]),
        (None, "成本指标", [("指标1成本控制率", 100, 100, 10, 10, None)]),
        ("效益指标", "经济效益\n\n指标", [("指标1安全率", 100, 100, 10, 10, 0)]),
        (None, "社会效益\n\n指标", [("指标1学校发展能力", 100, 100, 10, 10, 0)]),
        (None, "生态效益\n\n指标", [("指标1", None, None, None, None, None)]),
        ("效益指标", "可持续影响\n\n指标", [("指标1长期使用性", 100, 100, 10, 10, None)]),
        ("满意度\n\n指标", "服务对象满意度指标", [("指标1学生满意度", 100, 100, 10, 10, 0)]),
    ]  # fmt: skip
    for level1, level2, named in indicators:
        filled = [*named, *[(f"指标{len(named) + 1}", None, None, None, None, None)]][:2]
        for k, row in enumerate([*filled, ("……", None, None, None, None, None)]):
            rows.append([None, level1 if k == 0 else None, level2 if k == 0 else None, *row])
    rows.append(["总分", None, None, None, None, None, 100, 98])
    for row in rows:
        ws.append(row)
    ws.merge_cells("A6:A10")
    return _save(wb)


class TestLangfang2019:
    def test_template_rows_left_unfilled(self):
        """指标2 / …… rows are no indicators; 指标1 goes from the names."""
        ev = perfrules.read_xlsx(_langfang_2019(), scheme="mof-2020-project")

        assert [i.name for i in ev.indicators] == [
            "工程资金金额", "工程完工率", "工程验收合格率", "项目完成及时率", "成本控制率", "安全率",
            "学校发展能力", "长期使用性", "学生满意度",
        ]  # fmt: skip
        assert [i.level2 for i in ev.indicators][5:7] == ["经济效益指标", "社会效益指标"]
        assert ev.indicators[0].reason.startswith("已完工")
        assert [(b.name, b.planned, b.executed) for b in ev.budget] == [
            ("年度资金总额", Money.parse("43.2万元"), Money.parse("37.24万元"))
        ]
        assert (ev.declared.execution_rate, ev.declared.execution_score, ev.declared.total) == (
            Fixed(86),
            Fixed(9),
            Fixed(98),
        )
        assert ev.findings == ()


class TestTotalAboveTheTable:
    def test_a_column_headed_zi_ping_de_fen_is_no_total(self):
        """自评得分 heading the budget block's score column is not a 自评总分 stated above the table."""
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        for row in [
            ["2023年度项目支出绩效自评表"],
            ["项目资金（万元）", "全年预算数", "全年执行数", "自评得分", "原因"],
            ["年度资金总额", 150, 150, 10, None],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训人次", "≥200人次", 210, 90, 90],
        ]:
            ws.append(row)
        ev = perfrules.read_xlsx(_save(wb), scheme="mof-2020-project")

        assert (ev.declared.total, ev.declared.execution_score) == (None, Fixed(10))


class TestTableEnd:
    def test_without_a_total_row(self):
        """
        With no 合计 row, the table ends at the 四川 sections, signatures or the next form's
        title, and a note row with text in several cells: they were read as indicators.
        """
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        first = [r for r in _sichuan_form("A-项目甲", 3.36, "自评表报送及时率") if r[0] != "合计"]
        for row in [*first, *_sichuan_form("B-项目乙", 5.0, "社区矫正对象监管率")]:
            ws.append(row)
        ev = perfrules.read_xlsx(_save(wb), scheme="mof-2020-project")

        assert [i.name for i in ev.indicators] == ["自评表报送及时率"]
        assert [(f.code, f.location) for f in ev.findings] == [("xlsx-more-forms", "Sheet1!B31")]

    def test_note_row_ends_the_table(self):
        """A 注： row with text in several cells ends the table (the colon kept it from stopping)."""
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        for row in [
            ["2023年度项目支出绩效自评表"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "培训人次", "≥200人次", 210, 90, 90],
            ["注：1.定量指标得分=实际/目标×分值", None, "2.定性指标", "按档", "评分", "另附"],
        ]:
            ws.append(row)
        ev = perfrules.read_xlsx(_save(wb), scheme="mof-2020-project")

        assert [i.name for i in ev.indicators] == ["培训人次"]


class TestPlaceholderNumbers:
    def test_kept_without_template_rows(self):
        """指标1率 is a name as written unless the table keeps the template's 指标2 / …… rows."""
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        for row in [
            ["2023年度项目支出绩效自评表"],
            ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ["产出指标", "数量指标", "指标1率", "≥90%", "95%", 50, 50],
            ["产出指标", "质量指标", "指标2：合格率", "≥90%", "95%", 50, 50],
        ]:
            ws.append(row)
        ev = perfrules.read_xlsx(_save(wb), scheme="mof-2020-project")

        assert [i.name for i in ev.indicators] == ["指标1率", "合格率"]
