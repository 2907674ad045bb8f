"""
The scheme library: every built-in scheme on a worked example computed by hand, dated editions,
overlays, and the registry (issue #3).

The expected points are written as the arithmetic of the scheme's rule on the example's numbers
(``Fraction(20 * 90, 100)`` is "20 points × 90 / 100"), never copied from perfrules' output.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import Fixed, schemes
from perfrules.errors import DuplicateSchemeError, InvalidInputError, UnknownSchemeError
from perfrules.schemes import Scheme, SchemeRegistry
from perfrules.testing import evaluations

F = Fraction


def pts(x: F | int) -> Fixed:
    """Round an exact number of points half-up to 2 decimals (四舍五入), as every scheme here does."""
    x = F(x)
    return Fixed((2 * x.numerator * 100 + x.denominator) // (2 * x.denominator), 2)


def evaluation(indicators: list[dict[str, Any]], **extra: Any) -> perfrules.Evaluation:
    data: dict[str, Any] = {"year": 2021, "department": {"name": "某单位"}, "indicators": indicators, **extra}
    return perfrules.from_data(data)


def by_name(result: perfrules.Result) -> dict[str, Fixed | None]:
    return {ln.indicator.name: ln.points for ln in result.lines}


def codes(result: perfrules.Result) -> set[str]:
    return {f.code for f in result.findings}


# A project evaluation: 200 万元 planned, 190 万元 executed; five indicators.
PROJECT = [
    {"level1": "产出指标", "name": "培训人次", "weight": "20", "target": "≥100人次", "actual": "90"},
    {"level1": "产出指标", "name": "验收合格率", "weight": "15", "target": "≥95%", "actual": "98%"},
    {"level1": "产出指标", "name": "项目成本", "weight": "15", "target": "≤200万元", "actual": "250万元"},
    {"level1": "效益指标", "name": "受益群众", "weight": "30", "target": "有效", "actual": "部分达成年度指标并具有一定效果"},
    {"level1": "满意度指标", "name": "满意度", "weight": "10", "target": "≥90%", "actual": "85%"},
]
PROJECT_BUDGET = [{"name": "项目资金", "planned": "200万元", "executed": "190万元"}]


class TestWorkedExamples:
    def test_mof_2020_project(self):
        """正向 B/A, 反向 A/B, 定性 band top, execution w·rate; 87.94 is 良."""
        ev = evaluation(PROJECT, budget=PROJECT_BUDGET, kind="project")
        result = perfrules.score(ev, "mof-2020-project")
        expected = {
            "培训人次": pts(F(20 * 90, 100)),  # 18.00
            "验收合格率": pts(15),  # 98% ≥ 95%: full
            "项目成本": pts(F(15 * 200, 250)),  # 12.00
            "受益群众": pts(F(30 * 80, 100)),  # 部分达成: top of the band, 80% of w = 24.00
            "满意度": pts(F(10 * 85, 90)),  # 9.444… → 9.44
        }
        execution = pts(F(10 * 190, 200))  # 9.50

        assert expected == by_name(result)
        assert execution == result.execution.points
        assert sum(expected.values(), execution) == result.total == Fixed.parse("87.94")
        assert result.grade.label == "良"
        assert "provisional-scheme" not in codes(result)

    def test_pmkpi_80_70_60(self):
        """The same evaluation: linear reverse (1 − (B−A)/A)·w and 优 from 80."""
        ev = evaluation(PROJECT, budget=PROJECT_BUDGET, kind="project")
        result = perfrules.score(ev, "pmkpi-80-70-60")
        expected = {
            "培训人次": pts(F(20 * 90, 100)),
            "验收合格率": pts(15),
            "项目成本": pts(15 * (1 - F(250 - 200, 200))),  # 11.25, not 12.00
            "受益群众": pts(F(30 * 80, 100)),
            "满意度": pts(F(10 * 85, 90)),
        }
        execution = pts(F(10 * 190, 200))

        assert expected == by_name(result)
        assert sum(expected.values(), execution) == result.total == Fixed.parse("87.19")
        assert result.grade.label == "优"  # 87.19 ≥ 80

    def test_mof_2013_department_with_derived_indicators(self):
        """Department indicators derived from the budget, the staff counts and the facts."""
        ev = evaluation(
            [
                {"level1": "投入", "level2": "预算配置", "name": "在职人员控制率", "weight": "3", "target": "≤100%"},
                {"level1": "投入", "level2": "预算配置", "name": "“三公”经费变动率", "weight": "3", "target": "≤0%"},
                {"level1": "投入", "level2": "预算配置", "name": "重点支出安排率", "weight": "4", "target": "≥90%", "actual": "81%"},
                {"level1": "投入", "level2": "目标设定", "name": "绩效目标合理性", "weight": "2", "target": "合理", "actual": "达成年度指标"},
                {"level1": "投入", "level2": "目标设定", "name": "绩效指标明确性", "weight": "3", "target": "明确", "actual": "达成年度指标", "declared_score": "2.5"},
                {"level1": "过程", "level2": "预算执行", "name": "预算完成率", "weight": "10", "target": "≥100%"},
                {"level1": "过程", "level2": "预算执行", "name": "预算调整率", "weight": "5", "target": "≤10%"},
                {"level1": "过程", "level2": "预算执行", "name": "结转结余率", "weight": "5", "target": "≤5%"},
                {"level1": "过程", "level2": "预算执行", "name": "公用经费控制率", "weight": "5", "target": "≤100%"},
                {"level1": "过程", "level2": "预算执行", "name": '"三公经费"控制率', "weight": "5", "target": "≤100%"},
                {"level1": "过程", "level2": "预算执行", "name": "政府采购执行率", "weight": "5", "target": "≥100%"},
                {"level1": "产出", "level2": "职责履行", "name": "实际完成率", "weight": "30", "target": "≥100%", "actual": "96%"},
                {"level1": "效果", "level2": "履职效益", "name": "社会效益", "weight": "20", "target": "显著", "actual": "未达成年度指标且效果较差"},
            ],
            department={"name": "某局", "staff_authorized": 20, "staff_actual": 19},
            budget=[
                {"name": "基本支出", "initial": "100万元", "planned": "120万元", "executed": "110万元"},
                {"name": "项目支出", "initial": "50万元", "planned": "40万元", "executed": "40万元"},
            ],
            facts={
                "three_public_budget": "10万元", "three_public_budget_last_year": "12万元", "three_public_actual": "9万元",
                "operating_budget": "30万元", "operating_actual": "33万元",
                "procurement_budget": "20万元", "procurement_actual": "18万元",
            },
        )  # fmt: skip
        result = perfrules.score(ev, "mof-2013-department")
        expected = {
            "在职人员控制率": pts(3),  # 19/20 = 95% ≤ 100%: full (reverse)
            "“三公”经费变动率": pts(3),  # (10 − 12)/12 = −16.67% ≤ 0: threshold met
            "重点支出安排率": pts(F(4 * 81, 90)),  # 3.60
            "绩效目标合理性": pts(2),  # 达成: band top
            "绩效指标明确性": pts(F(25, 10)),  # declared 2.5 within 达成 [2.4, 3]
            "预算完成率": pts(10),  # (110 + 40) / (100 + 50) = 100%
            "预算调整率": pts(F(5 * 10, 20)),  # (|120−100| + |40−50|) / 150 = 20% > 10%: 5·10/20 = 2.50
            "结转结余率": pts(F(5 * 5, F(625, 100))),  # (120−110) / (120+40) = 6.25% > 5%: 4.00
            "公用经费控制率": pts(F(5 * 100, 110)),  # 33/30 = 110%: 4.545… → 4.55
            '"三公经费"控制率': pts(5),  # 9/10 = 90% ≤ 100%
            "政府采购执行率": pts(F(5 * 90, 100)),  # 18/20 = 90%: 4.50
            "实际完成率": pts(F(30 * 96, 100)),  # 28.80
            "社会效益": pts(F(20 * 60, 100)),  # 未达成: top of [0, 60%) = 12.00
        }

        assert expected == by_name(result)
        assert result.execution is None
        assert sum(expected.values(), Fixed(0)) == result.total == Fixed.parse("85.45")
        assert result.grade.label == "良"
        assert "provisional-scheme" in codes(result)
        assert {f.code for f in result.findings if f.code.startswith("weights")} == set()

    def test_derived_values_explain_their_formula(self):
        """The trace of a derived row starts with the formula and its numbers."""
        ev = evaluation(
            [{"level1": "过程", "name": "预算调整率", "weight": "5", "target": "≤10%"}],
            budget=[{"name": "a", "initial": "100万元", "planned": "120万元", "executed": "110万元"}],
        )
        line = perfrules.score(ev, "mof-2013-department").lines[0]

        assert line.derived is not None
        assert line.explain().startswith("预算调整率 = 预算调整数 / 预算数 × 100% = 200000.00 / 1000000.00 × 100% = 20.00%；")
        assert line.explain("en").startswith("预算调整率 = budget adjustments / approved budget × 100% = 200000.00 / 1000000.00 × 100% = 20.00%; ")
        assert str(line.indicator.actual.text) == "20.00%"

    def test_guangzhou_department_2021(self):
        """Provisional: MoF 2013 names, an execution row of 10 and MoF 2020 rules; the seed's budget."""
        ev = evaluation(
            [
                {"level1": "投入", "name": "在职人员控制率", "weight": "3", "target": "≤100%"},
                {"level1": "投入", "name": "重点支出安排率", "weight": "12", "target": "≥90%", "actual": "90%"},
                {"level1": "过程", "name": "预算完成率", "weight": "25", "target": "≥100%"},
                {"level1": "产出", "name": "实际完成率", "weight": "30", "target": "≥100%", "actual": "100%"},
                {"level1": "效果", "name": "社会公众或服务对象满意度", "weight": "20", "target": "≥90%", "actual": "96%"},
            ],
            department={"name": "某局", "staff_authorized": 20, "staff_actual": 19},
            budget=[{"name": "部门整体支出", "planned": "2066.22万元", "executed": "2032.03万元"}],
            scheme="guangzhou-department",
        )
        result = perfrules.score(ev)
        # 预算完成率: no 年初预算数, so 预算数 is the 全年预算数; 2032.03/2066.22 = 98.345…% → 98.35%.
        expected = {
            "在职人员控制率": pts(3),
            "重点支出安排率": pts(12),
            "预算完成率": pts(F(25 * 9835, 10000)),  # 24.5875 → 24.59
            "实际完成率": pts(30),
            "社会公众或服务对象满意度": pts(20),
        }
        execution = pts(F(10 * 203203, 206622))  # 9.8345… → 9.83

        assert (result.scheme.name, result.scheme.edition) == ("guangzhou-department", "2019")
        assert expected == by_name(result)
        assert execution == result.execution.points
        assert sum(expected.values(), execution) == result.total == Fixed.parse("99.42")
        assert result.grade.label == "优"
        assert "provisional-scheme" in codes(result)
        assert not any(f.code.startswith("weights") for f in result.findings)

    def test_guangzhou_department_2022_edition(self):
        """The 2022 edition scores the same rows alike; only its level-2 naming changed."""
        ev = evaluation(
            [{"level1": "效果", "level2": "履职效能", "name": "社会效益", "weight": "20", "target": "显著", "actual": "达成年度指标"}],
            year=2022,
            scheme="guangzhou-department",
            budget=[{"name": "a", "planned": "100万元", "executed": "80万元"}],
        )
        result = perfrules.score(ev)

        assert result.scheme.edition == "2022"
        assert by_name(result) == {"社会效益": pts(20)}
        assert result.execution.points == pts(F(10 * 80, 100))
        assert result.scheme.spec_for("社会效益").level2 == "履职效能"

    def test_hunan_yueyang_department(self):
        """Steps and per-point deductions (RULES.md §3.2)."""
        ev = evaluation(
            [
                {"level1": "投入", "name": "财政供养人员控制率", "weight": "5", "target": "≤100%"},
                {"level1": "投入", "name": '"三公经费"变动率', "weight": "5", "target": "≤0%"},
                {"level1": "投入", "name": "重点支出安排率", "weight": "5", "target": "≥90%", "actual": "85%"},
                {"level1": "过程", "name": "预算调整率", "weight": "3", "target": "=0%"},
                {"level1": "过程", "name": "支付进度", "weight": "3", "target": "≤0个", "actual": "1"},
                {"level1": "过程", "name": "资金结余", "weight": "3", "target": "≤50万元", "actual": "8万元"},
                {"level1": "过程", "name": '"三公经费"控制率', "weight": "6", "target": "≤100%"},
                {"level1": "过程", "name": "管理制度健全性", "weight": "3", "target": "≥3项", "actual": "2"},
                {"level1": "过程", "name": "资金使用合规性", "weight": "3", "target": "≤0项", "actual": "0"},
                {"level1": "产出及效果", "name": "重点工作完成率", "weight": "45", "target": "≥100%", "actual": "100%"},
            ],
            department={"name": "某局", "staff_authorized": 20, "staff_actual": 21},
            budget=[{"name": "a", "initial": "100万元", "planned": "108万元", "executed": "100万元"}],
            facts={"three_public_budget": "10.5万元", "three_public_budget_last_year": "10万元", "three_public_actual": "10.71万元"},
        )
        result = perfrules.score(ev, "hunan-yueyang-department")
        expected = {
            "财政供养人员控制率": pts(5 - F(5, 10) * (105 - 100)),  # 21/20 = 105%: −0.5 × 5 points = 2.50
            '"三公经费"变动率': pts(5 - F(5, 10) * 5),  # (10.5 − 10)/10 = +5%: 2.50
            "重点支出安排率": pts(4),  # 85% in [80, 90)
            "预算调整率": pts(2),  # |108 − 100| / 100 = 8% in (0, 10]
            "支付进度": pts(3 - F(5, 10) * 1),  # one 专项 late: 2.50
            "资金结余": pts(2),  # 8 / 50 = 16% of last year's: (0, 100]
            '"三公经费"控制率': pts(6 - 1 * (102 - 100)),  # 10.71/10.5 = 102%: 4.00
            "管理制度健全性": pts(2),  # two of three items
            "资金使用合规性": pts(3),  # no violation
            "重点工作完成率": pts(45),
        }

        assert expected == by_name(result)
        assert sum(expected.values(), Fixed(0)) == result.total == Fixed.parse("69.50")
        assert result.grade.label == "中"
        # 过程 has 21 of its 40 points here: the group check says so.
        assert "weights-group" in codes(result)

    def test_hunan_yueyang_part_of_a_point_counts_in_proportion(self):
        """102.5% is 2.5 points over: 5 − 0.5 × 2.5 = 3.75."""
        ev = evaluation(
            [{"level1": "投入", "name": "财政供养人员控制率", "weight": "5", "target": "≤100%"}],
            department={"name": "某局", "staff_authorized": 40, "staff_actual": 41},
        )

        assert by_name(perfrules.score(ev, "hunan-yueyang-department")) == {"财政供养人员控制率": pts(5 - F(5, 10) * F(25, 10))}

    def test_sichuan_dazhou_department(self):
        """The Dazhou weights with the MoF rules."""
        ev = evaluation(
            [
                {"level1": "部门决策", "level2": "目标任务", "name": "相关性", "weight": "5", "target": "相关", "actual": "达成年度指标"},
                {"level1": "部门决策", "level2": "目标任务", "name": "明确性", "weight": "5", "target": "明确", "actual": "部分达成年度指标并具有一定效果", "declared_score": "3.5"},
                {"level1": "部门绩效情况", "level2": "满意度", "name": "协作部门满意度", "weight": "3", "target": "≥90%", "actual": "80%"},
                {"level1": "部门绩效情况", "level2": "满意度", "name": "社会公众满意度", "weight": "4", "target": "≥90%", "actual": "95%"},
                {"level1": "部门绩效情况", "level2": "履职成效", "name": "道路养护里程", "weight": "20", "target": "≥100公里", "actual": "95公里"},
            ]
        )
        result = perfrules.score(ev, "sichuan-dazhou-department")
        expected = {
            "相关性": pts(5),
            "明确性": pts(F(35, 10)),  # declared 3.5 within 部分达成 [3, 4)
            "协作部门满意度": pts(F(3 * 80, 90)),  # 2.666… → 2.67
            "社会公众满意度": pts(4),
            "道路养护里程": pts(F(20 * 95, 100)),  # 19.00
        }

        assert expected == by_name(result)
        assert sum(expected.values(), Fixed(0)) == result.total == Fixed.parse("34.17")
        assert result.grade.label == "差"

    def test_sichuan_dazhou_weights_as_published(self):
        """25 / 30 / 45, each level-2 group's Σ, and the level-3 weights (RULES.md §3.3)."""
        s = schemes.get("sichuan-dazhou-department")
        groups = {g.name: str(g.weight) for g in s.framework}
        level2 = {c.name: str(c.weight) for g in s.framework for c in g.groups}

        assert groups == {"部门决策": "25", "综合管理": "30", "部门绩效情况": "45"}
        assert level2["目标任务"] == "15"
        assert level2["信息公开"] == "6"
        assert level2["满意度"] == "10"
        assert sum((x.weight for x in s.indicators.values() if x.weight is not None), Fixed(0)) == Fixed(100 - 20)  # 履职成效 is the department's own
        assert s.problems() == []


class TestBuiltins:
    def test_every_builtin_names_its_source_and_status(self):
        """Each built-in edition has a title, a jurisdiction, a source and a status."""
        for name in schemes.names():
            for s in schemes.default_registry.editions(name):
                assert s.title
                assert s.jurisdiction
                assert s.source
                assert s.status in ("official", "provisional")

    def test_the_builtins(self):
        """The schemes issue #3 asks for are there, Guangzhou provisional."""
        expected = {"mof-2020-project", "mof-2013-department", "hunan-yueyang-department", "sichuan-dazhou-department", "pmkpi-80-70-60", "guangzhou-department"}

        assert expected <= set(schemes.names())
        assert schemes.get("guangzhou-department").status == "provisional"
        assert schemes.get("hunan-yueyang-department").status == "official"

    def test_every_builtin_adds_up(self):
        """No built-in scheme has a problem of its own."""
        for name in schemes.names():
            for s in schemes.default_registry.editions(name):
                assert s.problems() == [], name

    def test_every_builtin_round_trips(self):
        """to_data then from_data gives the scheme back, overlays included."""
        for name in schemes.names():
            for s in schemes.default_registry.editions(name):
                assert schemes.from_data(schemes.to_data(s)) == s, name

    def test_mof_2013_definitions(self):
        """The definitions of RULES.md §3.1 are in the scheme."""
        s = schemes.get("mof-2013-department", 2021)

        assert s.spec_for("在职人员控制率").definition == "在职人员控制率 = 实际在职人员数 / 编制数 × 100%"
        assert s.spec_for("“三公经费”控制率").derive == '"三公经费"控制率'
        assert s.spec_for("重点支出安排率").weight == Fixed(4)
        assert len(s.indicators) >= 26


class TestEditions:
    def test_year_at_the_boundaries(self):
        """guangzhou-department: 2019–2021, then 2022–; nothing before 2019."""
        get = schemes.default_registry.get

        assert get("guangzhou-department", 2019).edition == "2019"
        assert get("guangzhou-department", 2021).edition == "2019"
        assert get("guangzhou-department", 2022).edition == "2022"
        assert get("guangzhou-department", 2040).edition == "2022"
        assert get("guangzhou-department").edition == "2022"
        with pytest.raises(UnknownSchemeError, match="unknown scheme 'guangzhou-department' in force in 2018"):
            get("guangzhou-department", 2018)

    def test_a_new_edition_is_found_after_a_lookup(self):
        """get() remembers what it found, and forgets it when an edition is registered."""
        from perfrules.schemes import Scheme, SchemeRegistry

        reg = SchemeRegistry()
        reg.register(Scheme(name="mine", from_year=2020, title="first"))
        assert reg.get("mine", 2023).title == reg.get("mine").title == "first"
        reg.register(Scheme(name="mine", from_year=2022, title="second"))
        assert reg.get("mine", 2023).title == reg.get("mine").title == "second"
        assert reg.get("mine", 2021).title == "first"
        reg.register(Scheme(name="mine", from_year=2022, title="third"), replace=True)
        assert reg.get("mine", 2023).title == "third"

    def test_mof_2020_from_2020(self):
        """mof-2020-project starts in 2020."""
        assert schemes.get("mof-2020-project", 2020).from_year == 2020
        with pytest.raises(UnknownSchemeError, match="in force in 2019"):
            schemes.get("mof-2020-project", 2019)

    def test_the_evaluation_year_picks_the_edition(self):
        """score() looks the name up for the evaluation's year."""
        rows = [{"level1": "效果", "name": "社会效益", "weight": "90", "target": "显著", "actual": "达成年度指标"}]
        budget = [{"name": "a", "planned": "1万元", "executed": "1万元"}]
        r21 = perfrules.score(evaluation(rows, year=2021, budget=budget), "guangzhou-department")
        r22 = perfrules.score(evaluation(rows, year=2022, budget=budget), "guangzhou-department")

        assert (r21.scheme.edition, r22.scheme.edition) == ("2019", "2022")

    @given(st.integers(1990, 2060))
    def test_the_edition_in_force_is_the_latest_started(self, year):
        """Editions 2000–2009, 2010–2019 and 2020–: get() returns the one whose years hold *year*."""
        reg = SchemeRegistry()
        for lo, hi in ((2000, 2009), (2010, 2019), (2020, None)):
            reg.register(Scheme(name="s", from_year=lo, to_year=hi, edition=str(lo)))
        if year < 2000:
            with pytest.raises(UnknownSchemeError):
                reg.get("s", year)
        else:
            got = reg.get("s", year)
            assert got.in_force(year)
            assert got.edition == str(max(lo for lo in (2000, 2010, 2020) if lo <= year))

    def test_a_new_edition_is_a_file_over_the_old_one(self, registry):
        """A 2022 edition overlays the 2021 one: base and base_year, new years."""
        reg = registry
        reg.register(schemes.from_data({"name": "city", "base": "mof-2020-project", "from_year": 2021, "to_year": 2021}))
        reg.register(reg.from_data({"name": "city", "base": "city", "base_year": 2021, "from_year": 2022, "grades": "85/75/60"}))

        assert reg.get("city", 2021).grades.labels() == reg.get("city", 2022).grades.labels()
        assert str(reg.get("city", 2021).grades.grades[0].lower) == "90"
        assert str(reg.get("city", 2022).grades.grades[0].lower) == "85"
        assert reg.get("city", 2022).to_year is None
        assert reg.get("city", 2022).base == "city"
        assert reg.get("city", 2022).base_year == 2021

    def test_duplicate_edition_refused(self, registry):
        """The same name and from_year twice needs replace=True."""
        registry.register(Scheme(name="x", from_year=2020))
        with pytest.raises(DuplicateSchemeError, match="already registered"):
            registry.register(Scheme(name="x", from_year=2020))
        registry.register(Scheme(name="x", from_year=2020, title="new"), replace=True)

        assert registry.get("x").title == "new"


@pytest.fixture(name="registry")
def _registry() -> SchemeRegistry:
    return SchemeRegistry()


class TestOverlays:
    @settings(max_examples=40)
    @given(st.data())
    def test_an_overlay_without_overrides_scores_like_its_base(self, data):
        """{name, base} alone: the same points, total and grade for any evaluation."""
        base = data.draw(st.sampled_from(["mof-2020-project", "mof-2013-department", "hunan-yueyang-department", "pmkpi-80-70-60"]))
        base_scheme = schemes.get(base)
        overlay = schemes.from_data({"name": "same", "base": base})
        ev = data.draw(evaluations(base_scheme))
        a, b = perfrules.score(ev, base_scheme), perfrules.score(ev, overlay)

        assert [ln.points for ln in a.lines] == [ln.points for ln in b.lines]
        assert (a.total, a.grade, a.execution) == (b.total, b.grade, b.execution)
        assert attrs.evolve(overlay, name=base_scheme.name, base=base_scheme.base, base_year=base_scheme.base_year) == base_scheme

    def test_an_overlay_changes_only_what_it_names(self):
        """pmkpi-80-70-60 differs from its base in its labels, grades and the ≤ rule only."""
        base, overlay = schemes.to_data(schemes.get("mof-2020-project")), schemes.to_data(schemes.get("pmkpi-80-70-60"))
        differ = {k for k in base.keys() | overlay.keys() if base.get(k) != overlay.get(k)}

        assert differ == {"name", "title", "edition", "jurisdiction", "source", "base", "base_year", "grades", "rules"}
        assert {k for k in base["rules"] if base["rules"][k] != overlay["rules"][k]} == {"≤"}

    def test_one_weight(self):
        """An overlay naming one group changes that group's weight and keeps the rest."""
        s = schemes.from_data({"name": "x", "base": "mof-2020-project", "framework": [{"name": "产出指标", "weight": "40"}], "execution": {"weight": "20"}})

        assert [(g.name, str(g.weight)) for g in s.framework] == [("产出指标", "40"), ("效益指标", "30"), ("满意度指标", "10")]
        assert s.group_of("产出").name == "产出指标"  # the aliases stay
        assert s.execution.weight == Fixed(20)
        assert s.execution.round_rate is False  # the rest of the policy stays
        assert s.problems() == []

    def test_one_rule_of_one_indicator(self):
        """An indicator's rule replaces only that rule; its definition stays."""
        s = schemes.from_data({"name": "x", "base": "mof-2013-department", "indicators": {"预算调整率": {"rule": {"kind": "threshold"}}}})
        base = schemes.get("mof-2013-department")

        assert s.indicator_rules["预算调整率"].kind == "threshold"
        assert s.spec_for("预算调整率") == base.spec_for("预算调整率")
        assert s.indicator_rules["结转结余率"] == base.indicator_rules["结转结余率"]

    def test_an_overlay_in_a_file(self, tmp_path):
        """schemes.load() resolves a file's base in the default registry."""
        path = tmp_path / "city.toml"
        path.write_text('name = "city"\nbase = "mof-2020-project"\ngrades = "85/75/60"\n', encoding="utf-8")
        s = schemes.load(path)

        assert s.base == "mof-2020-project"
        assert s.rules == schemes.get("mof-2020-project").rules
        assert str(s.grades.grades[0].lower) == "85"

    def test_an_overlay_in_your_own_registry(self, registry):
        """SchemeRegistry.load_file() looks the base up in that registry."""
        registry.register(Scheme(name="mine", title="mine"))
        s = registry.from_data({"name": "child", "base": "mine"})

        assert s.title == "mine"
        with pytest.raises(InvalidInputError, match=r"^base: unknown scheme 'mof-2020-project'; known schemes: mine$"):
            registry.from_data({"name": "child2", "base": "mof-2020-project"})


class TestRegressions:
    def test_bands_params_read_back(self):
        """BandsRule.params() used to write bands that rule_from_params could not read (#3)."""
        from perfrules._rule_params import rule_from_params

        rule = schemes.get("hunan-yueyang-department").indicator_rules["预算调整率"]

        assert rule_from_params(rule.params()) == rule

    def test_a_choice_error_names_its_parameter(self):
        """An attrs choice error read "'when' must be in", without its place (#3)."""
        from perfrules._rule_params import rule_from_params

        with pytest.raises(InvalidInputError, match=r"^when: expected one of above, below, got 'over'$"):
            rule_from_params({"kind": "deduction", "points": "1", "when": "over"})

    def test_name_matching_ignores_quotes(self):
        """“三公”经费控制率 and "三公经费"控制率 name the same indicator."""
        s = schemes.get("hunan-yueyang-department")
        ind = perfrules.Indicator(name="“三公”经费控制率", weight=Fixed(6), target=perfrules.parse_value("≤100%"))

        assert s.rule_for(ind) == s.indicator_rules['"三公经费"控制率']
