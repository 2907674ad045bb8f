"""
More real 自评表 layouts, from provinces the first set does not cover (云南, 贵州, 湖南), each
rebuilt with openpyxl as published (the source is in each docstring) and read as a person reads
them: budget lines and amounts, the stated rate, the indicators, the declared total.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

import perfrules
from perfrules import Fixed, Money
from perfrules.errors import InvalidInputError


def _save(wb: openpyxl.Workbook) -> io.BytesIO:
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def _lijiang_2020() -> io.BytesIO:
    """
    云南 2020年度项目支出绩效自评表, 丽江市古城区自然资源局 (2020年省级自然资源卫片执法补助经费),
    from http://m.jjiadianqingjie.com.cn/changyong/13241.html (a copy in traditional characters;
    rebuilt in the simplified ones of the form): the MoF budget block (项目资金(万元) merged down
    年度资金总额 | 其中:当年财政拨款 | 上年结转资金 | 其他资金), and an indicator header over two
    rows: ``绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施`` on top,
    年度指标值 merged across ``指标性质 | 指标值 | 度量单位`` below, beside ``一级指标 | 二级指标 |
    三级指标``; the sign written with the small form of = (``﹦``, U+FE66), bare numbers under
    指标值 and 实际完成值. The copy ends at the 满意度 row's 分值; its 得分 and the 总分 row are
    filled here.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    eq = "\ufe66"
    rows = [
        ["2020年度项目支出绩效自评表"],
        ["项目名称", "2020年省级自然资源卫片执法补助经费支出绩效自评表"],
        ["主管部门", "丽江市自然资源和规划局", None, None, "实施单位", "丽江市古城区自然资源局"],
        ["项目资金\n(万元)", None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 7.29, 7.29, 7.29, 10.00, "100%", 10.00],
        [None, "其中:当年财政拨款", 7.29, 7.29, 7.29, None, "100%"],
        [None, "上年结转资金"],
        [None, "其他资金"],
        ["年度\n总体\n目标", "预期目标", None, None, None, "实际完成情况"],
        [None, "自然资源卫片执法补助经费", None, None, None, "自然资源卫片执法补助经费"],
        ["绩效指标", None, None, "年度指标值", None, None, "实际完成值", "分值", "得分",
         "偏差原因分析及改进措施"],
        ["一级\n指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],
        ["产出指标", "数量指标", "卫片执法补助经费", eq, 72890, "元", 72890, 10.00, 9.00],
        [None, "质量指标", "项目验收合格率", eq, 100, "%", 100, 20, 19],
        [None, "时效指标", "项目完成及时率", eq, 100, "%", 100, 20.00, 19.00],
        ["效益指标", "社会效益指标", "违法行为责停率", "≥", 95, "%", 95, 30.00, 27.00],
        ["满意度指标", "服务对象满意度指标", "满意度", "≥", 95, "%", 95, 10.00, 10.00],
        ["总分", None, None, None, None, None, None, 100, 94],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    for ref in ("A4:A8", "A9:A10", "A11:C11", "D11:F11", "G11:G12", "H11:H12", "I11:I12",
                "J11:J12", "A13:A15"):  # fmt: skip
        ws.merge_cells(ref)
    for r in (5, 6):
        for c in "CDE":
            ws[f"{c}{r}"].number_format = "0.00"
    for r in range(13, 18):
        ws[f"H{r}"].number_format = ws[f"I{r}"].number_format = "0.00"
    return _save(wb)


class TestLijiang2020:
    def test_indicators_under_a_two_row_header(self):
        """指标性质 | 指标值 | 度量单位 under 年度指标值 make the target; ﹦ is =; 实际完成值 takes the unit."""
        ev = perfrules.read_xlsx(_lijiang_2020(), scheme="mof-2020-project")

        got = [(i.level1, i.level2, i.name, i.target.text, i.actual.text, i.weight,
                i.declared_score) for i in ev.indicators]  # fmt: skip
        assert got == [
            (
                "产出指标",
                "数量指标",
                "卫片执法补助经费",
                "=72890元",
                "72890元",
                Fixed(10),
                Fixed(9),
            ),
            ("产出指标", "质量指标", "项目验收合格率", "=100%", "100%", Fixed(20), Fixed(19)),
            ("产出指标", "时效指标", "项目完成及时率", "=100%", "100%", Fixed(20), Fixed(19)),
            ("效益指标", "社会效益指标", "违法行为责停率", "≥95%", "95%", Fixed(30), Fixed(27)),
            ("满意度指标", "服务对象满意度指标", "满意度", "≥95%", "95%", Fixed(10), Fixed(10)),
        ]

    def test_budget_and_total(self):
        """年度资金总额 is the line, its 其中 row a part; the 100% rate and 10.00 score declared."""
        ev = perfrules.read_xlsx(_lijiang_2020(), scheme="mof-2020-project")

        assert (ev.year, ev.kind) == (2020, "project")
        assert (ev.department.name, ev.department.supervisor) == (
            "丽江市古城区自然资源局",
            "丽江市自然资源和规划局",
        )
        assert [(b.name, b.initial, b.planned, b.executed) for b in ev.budget] == [
            ("年度资金总额", Money.parse("7.29万元"), Money.parse("7.29万元"),
             Money.parse("7.29万元")),
        ]  # fmt: skip
        assert (ev.declared.execution_rate, ev.declared.execution_score, ev.declared.total) == (
            Fixed(100),
            Fixed(10),
            Fixed(94),
        )
        assert ev.findings == ()
        assert perfrules.score(ev).total == Fixed(100)


def _suiyang_2021() -> io.BytesIO:
    """
    贵州 部门整体支出绩效自评表, 绥阳县太白镇人民政府 (填报日期 2022年2月3日, the 2021 year), from
    https://www.suiyang.gov.cn/xzjd_5682378/tbz_5682388/zfxxgk_5682340/fdzdgknr_5682343/czyjs_5865203/202208/t20220824_76240024.html:
    ``单位(盖章):… | 填报日期:…`` over the form; the funds block ``部门(单位)总体资金(万元) |
    资 金 来 源 | 年初预算数(A) | 全年执行数(B) | 分值(10分) | 得分 | 得分计算方法`` with no
    全年预算数 column (the rate is B/A), its rows 年度资金总额: | 基本支出 | 项目支出 | 其他 with
    no 其中 (the two add up to the total; each repeats the 10 | 10); the indicator header
    ``一级指标 | 二级指标 | 三级指标 | 年度指标值(A) | 全年实际值(B) | 分值 | 得分计算方法 | 得分``.
    The stored copy ends at the indicator header's 得分计算…; the indicator rows and 总分 are made
    up in its columns.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    rows = [
        ["部门整体支出绩效自评表"],
        ["单位(盖章):绥阳县太白镇人民政府", None, None, None, None, "填报日期:2022年2月3日"],
        ["部门(单位)名称", "绥阳县太白镇人民政府"],
        ["部门(单位)总体\n资金(万元)", "资 金 来 源", "年初预算数(A)", "全年执行数(B)", "分值(10分)",
         "得分", "得分计算方法"],
        [None, "年度资金总额:", 1172.55, 1268.72, 10, 10, "执行率*该指标分值,最高不得超过分值上限。"],
        [None, "基本支出", 985.19, 914.97, 10, 10],
        [None, "项目支出", 187.36, 353.75, 10, 10],
        [None, "其他"],
        ["年度总体目标", "年初设定目标", None, None, "年度总体目标完成情况"],
        [None, "(1)制定和组织实施经济、科技和社会发展计划……", None, None,
         "(1)积极履职,强化管理,较好地完成本年工作任务。……"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值(A)", "全年实际值(B)", "分值",
         "得分计算方法", "得分"],
        [None, "产出指标", "数量指标", "完成上级交办任务", "100%", "100%", 30, "B/A*该指标分值", 30],
        [None, None, "质量指标", "财政收入任务完成率", "≥100%", "98%", 20, "B/A*该指标分值", 19.6],
        [None, "效益指标", "社会效益指标", "群众办事便利度", "提升", "提升", 30, "达成预期得满分", 30],
        [None, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "95%", 10, "B/A*该指标分值",
         10],
        [None, "总分", None, None, None, None, 100, None, 99.6],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    for ref in ("A4:A8", "A9:A10", "B10:D10", "E10:I10", "A11:A16", "B12:B13"):
        ws.merge_cells(ref)
    return _save(wb)


class TestSuiyang2021:
    def test_funds_block(self):
        """年初预算数(A) is the budget the rate is of; 基本支出 + 项目支出 break the total down."""
        ev = perfrules.read_xlsx(_suiyang_2021(), scheme="mof-2013-department", year=2021)

        assert (ev.year, ev.kind, ev.department.name) == (
            2021,
            "department",
            "绥阳县太白镇人民政府",
        )
        assert [(b.name, b.initial, b.planned, b.executed) for b in ev.budget] == [
            ("年度资金总额", Money.parse("1172.55万元"), Money.parse("1172.55万元"),
             Money.parse("1268.72万元")),
        ]  # fmt: skip
        assert ev.declared.execution_score == Fixed(10)
        assert ev.findings == ()

    def test_score_method_column_is_not_the_score(self):
        """得分计算方法 (B/A*该指标分值) is how the score is found; 得分 after it is the score."""
        ev = perfrules.read_xlsx(_suiyang_2021(), scheme="mof-2013-department", year=2021)

        assert [(i.name, i.weight, i.declared_score) for i in ev.indicators] == [
            ("完成上级交办任务", Fixed(30), Fixed(30)),
            ("财政收入任务完成率", Fixed(20), Fixed.parse("19.6")),
            ("群众办事便利度", Fixed(30), Fixed(30)),
            ("群众满意度", Fixed(10), Fixed(10)),
        ]
        assert ev.declared.total == Fixed.parse("99.6")


def _tanghu_2020() -> io.BytesIO:
    """
    湖南 芷江 塘湖镇人民政府 部门整体支出绩效自评表 (填报日期 2021.5.18), from
    http://www.zgtc.gov.cn/xxgk/dfbmptlj/xzxxgkpt/thz/fdzdgknr_22529/czzj_22533/202108/t20210825_2381407.shtml:
    ``基本支出总额 | 864.2万 | 项目支出总额 | 0``; ``预算执行情况(万元)(20分) | 预算数(A) |
    执行数(B) | 执行率(B/A) | 得分(20分*执行率)``; ``年度目标1:(80分)``; an indicator table
    ``一级指标 | 二级指标 | 三级指标 | 年初目标值(A) | 实际完成值(B) | 得分`` with no 分值 column;
    ``总分 | 100分``, then 偏差大或目标未完成原因分析, 改进措施及结果应用方案 and 备注. The copy
    leaves the 执行数 cell of 部门整体支出总额 empty; it is filled here.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    rows = [
        ["2020年度部门整体支出绩效自评表"],
        ["单位名称:塘湖镇政府", None, None, None, None, "填报日期:2021.5.18"],
        ["单位名称", "塘湖镇人民政府"],
        ["基本支出总额", "864.2万", None, "项目支出总额", 0],
        ["预算执行情况(万元)\n(20分)", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分\n(20分*执行率)"],
        ["部门整体支出总额", 864.2, 864.2, "100%", 20],
        ["年度目标1:(80分)", "增强政府工作效率、改善乡镇居住环境"],
        ["年度绩效指标", "一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"],
        [None, "产出指标", "数量指标", "办结信访案件", "168起", "168起", 10],
        [None, None, "数量指标", "拆除活人墓、豪华墓", "32座", "32座", 20],
        [None, None, "日效性指标", "解决群众问题时间", "2天以内", "2天以内", 10],
        [None, "效益指标", "社会效益指标", "改善人居环境", "有效改善", "有效改善", 10],
        [None, None, "社会效益指标", "提升出行效率", "有效提升", "有效提升", 10],
        [None, "满意度指标", "群众满意度\n指标", "群众对政府工作满意度", "≧90%", "95%", 20],
        ["总分", "100分"],
        ["偏差大或\n目标未完成\n原因分析", "无"],
        ["改进措施及\n结果应用方案", "无"],
        [("备注:\n1.预算执行情况口径:预算数为调整后财政资金总额(包括上年结余结转),"
          "执行数为资金使用单位财政资金实际支出数。")],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    for ref in ("A8:A14", "B9:B11", "B12:B13"):
        ws.merge_cells(ref)
    return _save(wb)


class TestTanghu2020:
    def test_no_weight_column_is_a_located_error(self):
        """A table stating only each indicator's 得分 cannot be scored: the error names its header."""
        with pytest.raises(InvalidInputError) as raised:
            perfrules.read_xlsx(_tanghu_2020(), scheme="mof-2013-department")

        assert [e.location for e in raised.value.errors] == ["Sheet1!D8"]
        assert "分值" in str(raised.value)


def _yinchuan_2021() -> io.BytesIO:
    """
    宁夏 银川市本级部门项目支出绩效自评表(2021年), 初中公用经费 of 银川市第六中学, from
    https://m.yzwku.com/doc/476505.html (an OCR'd copy of the .docx): 自评得分 | 98 and an empty
    财政审核评分 beside the units; ``项目资金(万元) | 年初预算数 | 调整预算数(A) | 全年执行数(B) |
    执行率(B/A)`` with no 分值 or 得分 (the rate is scored as an indicator, 预算执行率 under
    项目管理); the indicator header ``一级指标 | 二级指标 | 三级指标 | 分值 | 指标值(A) |
    全年实际值(B) | 得分 | 未完成原因分析及改进措施`` (the copy's OCR garbles 分值); levels 项目决策,
    项目管理, 项目产出, 项目效益 stating their weight, some 二级指标 too (``数量指标(10分)``);
    ``—`` as the target of the 决策 and 管理 rows; the template's ``指标1:`` / ``指标2:`` rows left
    unfilled. The copy is cut in the 服务对象满意度指标 row; its cells are filled here.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    dash = "—"
    rows = [
        ["银川市本级部门项目支出绩效自评表(2021年)"],
        ["项目名称", "初中公用经费", None, None, None, "自评得分", 98],
        ["主管部门", "银川市教育局", None, "实施单位", "银川市第六中学", "财政审核评分", None],
        ["项目资金\n(万元)", None, "年初预算数", "调整预算数\n(A)", "全年执行数\n(B)", "执行率\n(B/A)"],
        [None, "年度资金总额", 64.8, 64.8, 64.8, "100%"],
        ["年度总体目标", "年初设定目标", None, None, "年度总体目标完成情况"],
        [None, "保障学校正常工作运行", None, None, "保障学校正常工作运行"],
        ["一级指标", "二级指标", "三级指标", "分值", "指标值\n(A)", "全年实际值\n(B)", "得分",
         "未完成原因分析及改进措施"],
        ["项目决策\n(10分)", "项目目标", "完整性", 4, dash, "目标明确、内容细化、目标量化", 4],
        [None, "项目立项", "相关性", 2, dash, "按照学校管理标准对学校进行管理", 2],
        [None, None, "可行性", 2, dash, "实际工作需求", 2],
        [None, None, "适当性", 2, dash, "有资金测算标准", 2],
        ["项目管理\n(25分)", "投入管理", "预算执行率", 10, dash, "100%", 9],
        [None, "财务管理", "财务管理制度有效性", 7, dash, "财务制度健全,严格执行制度,会计核算规范", 7],
        [None, "项目实施", "绩效监控有效性", 2, dash, "持续有效", 2],
        [None, None, "管理制度有效性", 6, dash, "严格执行相关管理制度", 6],
        ["项目产出\n(30分)", "数量指标\n(10分)", "保障人数", 10, "2370人", "2370人", 10],
        [None, None, "指标2:"],
        [None, "质量指标\n(5分)", "公用经费标准", 5, "符合相关文件要求", "符合相关文件要求", 5],
        [None, None, "指标2:"],
        [None, "时效指标\n(5分)", "公用经费完成时间", 5, "2021年12月完成", "2021年12月完成", 4],
        [None, None, "指标2:"],
        [None, "成本指标\n(10分)", "办公所需成本", 4, "15万元", "15万元", 4],
        [None, None, "维修(维护)所需成本", 3, "35万元", "35万元", 3],
        [None, None, "绿化、水电费等成本", 3, "14.8万元", "14.8万元", 3],
        ["项目效益\n(35分)", "经济效益指标", "指标1:"],
        [None, None, "指标2:"],
        [None, "社会效益指标", "效果显著", 15, "改善学校的办学条件", "改善学校的办学条件", 13],
        [None, "生态效益指标", "指标1:"],
        [None, None, "指标2:"],
        [None, "可持续影响指标", "使学生和老师有个更好的学习和工作环境", 10, "社会认可的办学环境",
         "社会认可的办学环境", 8],
        [None, None, "指标2:"],
        [None, "服务对象满意度指标\n(10分)", "学生和家长满意度", 10, "≥90%", "95%", 10],
    ]  # fmt: skip
    for row in rows:
        ws.append(row)
    for ref in ("A4:A5", "A6:A7", "A9:A12", "B10:B12", "A13:A16", "B15:B16", "A17:A25",
                "B17:B18", "B19:B20", "B21:B22", "B23:B25", "A26:A33", "B26:B27", "B29:B30",
                "B31:B32"):  # fmt: skip
        ws.merge_cells(ref)
    return _save(wb)


class TestYinchuan2021:
    def test_template_rows_with_a_colon_are_no_indicators(self):
        """``指标2:`` rows left unfilled are skipped, as ``指标2`` is; levels without their weight."""
        ev = perfrules.read_xlsx(_yinchuan_2021(), scheme="mof-2020-project")

        assert len(ev.indicators) == 17
        assert "" not in {i.name for i in ev.indicators}
        assert [i.level1 for i in ev.indicators][::4] == [
            "项目决策", "项目管理", "项目产出", "项目产出", "项目效益"
        ]  # fmt: skip
        assert [(i.level2, i.name, i.weight, i.declared_score) for i in ev.indicators][8:10] == [
            ("数量指标", "保障人数", Fixed(10), Fixed(10)),
            ("质量指标", "公用经费标准", Fixed(5), Fixed(5)),
        ]
        assert sum((i.weight for i in ev.indicators), Fixed(0)) == Fixed(100)

    def test_budget_and_total(self):
        """调整预算数(A) is the budget, 执行率(B/A) the rate; 自评得分 | 98 beside the units the total."""
        ev = perfrules.read_xlsx(_yinchuan_2021(), scheme="mof-2020-project")

        assert (ev.year, ev.kind) == (2021, "project")
        assert (ev.department.name, ev.department.supervisor) == ("银川市第六中学", "银川市教育局")
        assert [(b.name, b.initial, b.planned, b.executed) for b in ev.budget] == [
            ("年度资金总额", Money.parse("64.8万元"), Money.parse("64.8万元"),
             Money.parse("64.8万元")),
        ]  # fmt: skip
        assert (ev.declared.execution_rate, ev.declared.total) == (Fixed(100), Fixed(98))
        assert ev.findings == ()


class TestBudgetColumns:
    def test_adjusted_budget_is_the_planned_one(self):
        """调整预算数(A) beside 年初预算数 is the planned budget, not the 年初 one."""
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        for row in [
            ["2023年度项目支出绩效自评表"],
            ["项目资金（万元）", "年初预算数", "调整预算数(A)", "全年执行数(B)", "执行率(B/A)"],
            ["年度资金总额", 100, 120, 114, "95%"],
            ["一级指标", "二级指标", "三级指标", "分值", "指标值(A)", "全年实际值(B)", "得分"],
            ["产出指标", "数量指标", "培训人次", 90, "≥200人次", 210, 90],
        ]:
            ws.append(row)
        ev = perfrules.read_xlsx(_save(wb), scheme="mof-2020-project")

        assert [(b.initial, b.planned, b.executed) for b in ev.budget] == [
            (Money.parse("100万元"), Money.parse("120万元"), Money.parse("114万元"))
        ]
        assert ev.findings == ()

    def test_lines_not_adding_up_stay_lines(self):
        """Lines after the first that do not add up to it are lines of their own."""
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Sheet1"
        for row in [
            ["2023年度部门整体支出绩效自评表"],
            ["资金来源（万元）", "年初预算数", "全年预算数", "全年执行数"],
            ["财政拨款", 100, 100, 98],
            ["事业收入", 60, 60, 55],
            ["其他收入", 30, 30, 30],
            ["一级指标", "二级指标", "三级指标", "分值", "指标值", "实际完成值", "得分"],
            ["产出指标", "数量指标", "培训人次", 90, "≥200人次", 210, 90],
        ]:
            ws.append(row)
        ev = perfrules.read_xlsx(_save(wb), scheme="mof-2013-department")

        assert [b.name for b in ev.budget] == ["财政拨款", "事业收入", "其他收入"]
