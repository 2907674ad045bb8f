"""perfrules.check(): every check fires on a minimal example and stays silent on a consistent one."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.strategies import evaluations

import perfrules
from perfrules import CATALOGUE, Evaluation, Finding, Fixed, Severity
from perfrules._audit import AUDIT_CODES, exact_points
from perfrules.errors import InvalidValueError, NumericRangeError
from perfrules.schemes import Thresholds

SEED = "examples/panyu-2021.toml"
ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "reference" / "findings.md"
LOCATION = re.compile(r"^(indicators|budget)(\[\d+\](\.\w+)?)?$|^declared\.\w+$|^scheme$")


def ind(name: str = "指标", weight: str = "10", target: str = "≥10", actual: str | None = "10", **kw: Any) -> dict[str, Any]:
    """One indicator row as input data."""
    row: dict[str, Any] = {"level1": "产出指标", "name": name, "weight": weight, "target": target, **kw}
    if actual is not None:
        row["actual"] = actual
    return row


def ev(*rows: dict[str, Any], budget: list[dict[str, Any]] | None = None, declared: dict[str, Any] | None = None, scheme: str = "mof-2020-project") -> Evaluation:
    """A minimal evaluation: the rows, one budget line executed in full unless given."""
    data: dict[str, Any] = {
        "year": 2021,
        "scheme": scheme,
        "department": {"name": "测试局"},
        "indicators": list(rows) or [ind()],
        "budget": budget if budget is not None else [{"name": "总额", "planned": "100 万元", "executed": "100 万元"}],
    }
    if declared is not None:
        data["declared"] = declared
    return perfrules.from_data(data)


def codes(e: Evaluation, **kw: Any) -> list[str]:
    return [f.code for f in perfrules.check(e, **kw)]


def only(e: Evaluation, code: str) -> list[Finding]:
    return [f for f in perfrules.check(e) if f.code == code]


def budget(planned: str, executed: str) -> list[dict[str, Any]]:
    return [{"name": "总额", "planned": planned, "executed": executed}]


#: A consistent evaluation under mof-2020-project: 50/30/10 + 10, every declared figure right.
CONSISTENT = [
    ind("课程", "50", "≥10门", "10", declared_score="50"),
    ind("成效", "30", "≥95%", "95%", level1="效益指标", declared_score="30"),
    ind("满意度", "10", "≥90%", "92%", level1="满意度指标", declared_score="10"),
]
CONSISTENT_DECLARED = {"total": "100", "grade": "优", "execution_score": "10", "execution_rate": "100.00"}


class TestSeed:
    def test_no_error_on_the_seed(self) -> None:
        """The seed example has no error-severity finding."""
        found = perfrules.check(perfrules.load(SEED))

        assert [f for f in found if f.severity == Severity.ERROR] == []

    def test_seed_findings(self) -> None:
        """The seed gives a reason for every deviation: no finding at all."""
        found = perfrules.check(perfrules.load(SEED))

        assert found == []

    def test_seed_without_a_reason(self) -> None:
        """Without its reason, the partly achieved qualitative row of the seed is a warning."""
        e = perfrules.load(SEED)
        rows = list(e.indicators)
        rows[9] = attrs.evolve(rows[9], reason="")
        found = perfrules.check(attrs.evolve(e, indicators=tuple(rows)))

        assert [(f.code, f.severity, f.location) for f in found] == [("deviation-no-reason", Severity.WARNING, "indicators[9].reason")]

    def test_consistent_evaluation_is_silent(self) -> None:
        """An evaluation whose every declared figure follows the rules has no finding at all."""
        assert codes(ev(*CONSISTENT, declared=CONSISTENT_DECLARED)) == []

    def test_given_result_is_used(self) -> None:
        """A result passed in gives the same findings as scoring again."""
        e = perfrules.load(SEED)
        result = perfrules.score(e)

        assert perfrules.check(e, result) == perfrules.check(e)

    def test_result_of_another_evaluation(self) -> None:
        """A result that scores another evaluation is refused."""
        e = perfrules.load(SEED)
        other = perfrules.score(ev())

        with pytest.raises(ValueError, match="another evaluation"):
            perfrules.check(e, other)

    def test_result_under_another_scheme(self) -> None:
        """A scheme that contradicts the result's is refused."""
        e = perfrules.load(SEED)

        with pytest.raises(ValueError, match="scored under 'mof-2020-project'"):
            perfrules.check(e, perfrules.score(e), scheme="mof-2013-department")

    def test_scheme_by_name(self) -> None:
        """``scheme=`` scores under another scheme."""
        e = ev(*CONSISTENT, declared=CONSISTENT_DECLARED)

        assert "provisional-scheme" in codes(e, scheme="mof-2013-department")

    def test_unknown_scheme(self) -> None:
        """An unknown scheme name is a located error."""
        with pytest.raises(InvalidValueError, match=r"^scheme: "):
            perfrules.check(ev(), scheme="no-such-scheme")

    def test_findings_are_catalogued(self) -> None:
        """Every audit code is in the catalogue, with both messages."""
        for code in AUDIT_CODES:
            entry = CATALOGUE[code]

            assert entry.zh
            assert entry.en


class TestWeights:
    def test_total_fires(self) -> None:
        """Σ weights 110 on a 100-point scheme."""
        rows = [*CONSISTENT, ind("多余", "10", "≥1", "1", declared_score="10")]
        found = only(ev(*rows), "weights-total")

        assert [f.location for f in found] == ["indicators"]
        assert "110" in found[0].message

    def test_group_split_fires(self) -> None:
        """产出 60 / 效益 20 breaks the 50/30/10 split."""
        rows = [ind("课程", "60", "≥10门", "10"), ind("成效", "20", level1="效益指标"), ind("满意度", "10", level1="满意度指标")]
        found = only(ev(*rows), "weights-group")

        assert {f.message for f in found} == {"一级指标“产出指标”权重合计 60，方案规定 50", "一级指标“效益指标”权重合计 20，方案规定 30"}

    def test_group_missing_fires(self) -> None:
        """No 满意度 indicator at all."""
        rows = [ind("课程", "60", "≥10门", "10"), ind("成效", "30", level1="效益指标")]
        found = only(ev(*rows), "group-missing")

        assert [(f.severity, f.message_en) for f in found] == [(Severity.INFO, "the framework's level-1 group '满意度指标' (10 points) has no indicator")]

    def test_weights_silent(self) -> None:
        """A 50/30/10 + 10 split has no weight finding."""
        assert not {"weights-total", "weights-group", "group-missing"} & set(codes(ev(*CONSISTENT)))

    def test_group_missing_silent_without_framework_names(self) -> None:
        """Rows that use no level-1 name of the framework get group-unknown, not group-missing."""
        assert "group-missing" not in codes(ev(ind(level1="别的")))


class TestDeclaredScore:
    def test_fires_with_both_numbers(self) -> None:
        """9 of 12 on a weight of 10 is 7.50, not 7.8."""
        found = only(ev(ind("课程", "10", "≥12门", "9", declared_score="7.8")), "declared-score")

        assert [(f.location, f.message, f.message_en) for f in found] == [
            ("indicators[0].declared_score", "自评分 7.8 与按规则计算的 7.50 不一致", "declared score 7.8 differs from the rule's 7.50")
        ]

    def test_silent_when_equal(self) -> None:
        """7.5 equals 7.50."""
        assert "declared-score" not in codes(ev(ind("课程", "10", "≥12门", "9", declared_score="7.5")))

    def test_reverse_rule(self) -> None:
        """≤100 with 120 scores 10·100/120 = 8.33; 8.00 is the linear variant, not this scheme's."""
        found = only(ev(ind("成本", "10", "≤100万元", "120", declared_score="8")), "declared-score")

        assert [f.message_en for f in found] == ["declared score 8 differs from the rule's 8.33"]

    def test_qualitative_row_not_compared(self) -> None:
        """A qualitative declared score outside its band is the engine's qualitative-out-of-band only."""
        found = codes(ev(ind("建设", "10", "有新进步", "部分达成", declared_score="9", reason="疫情")))

        assert "qualitative-out-of-band" in found
        assert "declared-score" not in found

    def test_missing_actual_not_compared(self) -> None:
        """A row the engine could not score is reported by the engine, not as a declared difference."""
        found = codes(ev(ind("课程", actual=None, declared_score="10")))

        assert "actual-missing" in found
        assert "declared-score" not in found


class TestReconciliation:
    """RULES.md §6: why a declared score differs from the rule's."""

    def test_truncated(self) -> None:
        """700 of 735 on 10 points is 9.5238…; 9 is its integer part."""
        found = only(ev(ind("慰问", "10", "≥735人次", "700", declared_score="9", reason="外出")), "score-truncated")

        assert [(f.severity, f.message) for f in found] == [(Severity.INFO, "慰问：自评分 9 是规则得分 9.5238… 截断到 0 位小数的结果")]

    def test_rounded_coarse(self) -> None:
        """7.3 declared as 7: half-up to an integer."""
        found = codes(ev(ind("课程", "10", "≥10", "7.3", declared_score="7", reason="疫情")))

        assert "score-rounded-coarse" in found
        assert "score-truncated" not in found

    def test_rounded_up(self) -> None:
        """7.3 declared as 8: rounded up."""
        found = only(ev(ind("课程", "10", "≥10", "7.3", declared_score="8", reason="疫情")), "score-rounded-up")

        assert [(f.severity, f.location) for f in found] == [(Severity.WARNING, "indicators[0].declared_score")]

    def test_full_marks_below_target(self) -> None:
        """6 of 12 declared at full marks 10; the rule gives 5.00."""
        found = only(ev(ind("课程", "10", "≥12", "6", declared_score="10", reason="疫情")), "full-marks-below-target")

        assert [f.message for f in found] == ["课程：未达到目标却自评满分 10，按规则应得 5.00"]

    def test_full_marks_and_rounding(self) -> None:
        """9.5238… declared as 10: both the rounding and the full marks are reported."""
        found = codes(ev(ind("慰问", "10", "≥735人次", "700", declared_score="10", reason="外出")))

        assert {"declared-score", "score-rounded-coarse", "full-marks-below-target"} <= set(found)

    def test_deduction_although_met(self) -> None:
        """The target met, 4 of 5 declared, no deduction recorded."""
        found = only(ev(ind("报告会", "5", "≥2次", "2", declared_score="4")), "deduction-although-met")

        assert [f.message_en for f in found] == ["报告会: 4 declared (of 5) although the target was met, and no deduction is recorded"]

    def test_recorded_deduction_is_silent(self) -> None:
        """A manual deduction recorded in the input explains the declared score."""
        assert codes(ev(ind("报告会", "5", "≥2次", "2", declared_score="4", deduction="1"))) == codes(ev(ind("报告会", "5", "≥2次", "2")))

    def test_recorded_deduction_other_score(self) -> None:
        """With a deduction recorded, a different declared score is a difference but not 'although met'."""
        found = codes(ev(ind("报告会", "5", "≥2次", "2", declared_score="4.5", deduction="1")))

        assert "declared-score" in found
        assert "deduction-although-met" not in found

    def test_silent_without_difference(self) -> None:
        """No reconciliation when the declared score is the rule's."""
        found = set(codes(ev(ind("慰问", "10", "≥735人次", "700", declared_score="9.52", reason="外出"))))

        assert not found & {"score-truncated", "score-rounded-coarse", "score-rounded-up", "full-marks-below-target", "deduction-although-met"}


class TestExecutionScore:
    SEED_BUDGET = budget("2066.22 万元", "2032.03 万元")

    def test_fires(self) -> None:
        """2032.03 / 2066.22 × 10 = 9.83, not 9.84 (rate rounded first is another scheme's choice)."""
        found = only(ev(budget=self.SEED_BUDGET, declared={"execution_score": "9.84"}), "declared-execution-score")

        assert [(f.location, f.message) for f in found] == [("declared.execution_score", "预算执行率自评分 9.84 与按规则计算的 9.83 不一致")]

    def test_silent(self) -> None:
        """9.83 is right."""
        assert "declared-execution-score" not in codes(ev(budget=self.SEED_BUDGET, declared={"execution_score": "9.83"}))

    def test_integer_truncation(self) -> None:
        """An execution score printed as 9."""
        found = codes(ev(budget=self.SEED_BUDGET, declared={"execution_score": "9"}))

        assert {"declared-execution-score", "score-truncated"} <= set(found)

    def test_full_marks(self) -> None:
        """Full 10 at 98.35%."""
        found = codes(ev(budget=self.SEED_BUDGET, declared={"execution_score": "10"}))

        assert "full-marks-below-target" in found

    def test_zero_at_full_execution(self) -> None:
        """An execution score printed as 0 at 100% execution (a template glitch)."""
        found = codes(ev(declared={"execution_score": "0"}))

        assert "declared-execution-score" in found
        assert "deduction-although-met" in found


class TestDeclaredTotal:
    def test_rows_total_fires(self) -> None:
        """Rows 50 + 30 + 10 and execution 10 make 100, not 96."""
        found = only(ev(*CONSISTENT, declared={**CONSISTENT_DECLARED, "total": "96"}), "declared-rows-total")

        assert [(f.location, f.message) for f in found] == [("declared.total", "各指标自评分合计 90 加预算执行率得分 10 为 100，与自评总分 96 不一致")]

    def test_rows_total_uses_computed_execution(self) -> None:
        """Without a declared execution score, the computed one completes the sum (the seed's case)."""
        e = perfrules.load(SEED)

        assert "declared-rows-total" not in codes(e)
        assert "declared-rows-total" in codes(attrs.evolve(e, declared=attrs.evolve(e.declared, total=Fixed.parse("94.15"))))

    def test_rows_total_skipped_when_rows_undeclared(self) -> None:
        """Not every row declares a score: the sum is not checked."""
        rows = [*CONSISTENT[:2], ind("满意度", "10", "≥90%", "92%", level1="满意度指标")]

        assert "declared-rows-total" not in codes(ev(*rows, declared={"total": "96"}))

    def test_rows_total_rescaled(self) -> None:
        """With a row not applicable, the declared rows are rescaled to 100 like the computed total."""
        rows = [*CONSISTENT, ind("不适用", "10", "≥1", "1", not_applicable=True, level1="产出指标")]
        rows[0] = ind("课程", "40", "≥10门", "10", declared_score="40")
        found = codes(ev(*rows, declared={**CONSISTENT_DECLARED, "total": "100"}))

        assert "declared-rows-total" not in found
        assert "declared-rows-total" in codes(ev(*rows, declared={**CONSISTENT_DECLARED, "total": "90"}))

    def test_rows_total_rescaled_rounds_like_the_scheme(self) -> None:
        """89 of 90 applicable points rescaled to 100 is 98.888…: 98.89 at the scheme's two decimals."""
        rows = [
            ind("课程", "40", "≥10门", "9.75", declared_score="39", reason="疫情"),
            *CONSISTENT[1:],
            ind("不适用", "10", "≥1", "1", not_applicable=True),
        ]
        found = codes(ev(*rows, declared={**CONSISTENT_DECLARED, "total": "98.89", "grade": "优"}))

        assert found == []
        assert "declared-rows-total" in codes(ev(*rows, declared={**CONSISTENT_DECLARED, "total": "98.88", "grade": "优"}))

    def test_computed_total_and_grade(self) -> None:
        """The engine's comparison of the computed total and grade with the declared ones is kept."""
        found = codes(ev(*CONSISTENT, declared={"total": "89", "grade": "良"}))

        assert {"declared-total", "declared-grade"} <= set(found)

    def test_total_grade_fires(self) -> None:
        """89.99 is 良, not 优."""
        found = only(ev(declared={"total": "89.99", "grade": "优"}), "declared-total-grade")

        assert [(f.location, f.message_en) for f in found] == [("declared.grade", "the declared total 89.99 is 'good' under the scheme, but the declared grade is '优'")]

    @pytest.mark.parametrize(("total", "grade"), [("90", "优"), ("89.99", "良"), ("60", "中"), ("59.99", "差"), ("95", "excellent")])
    def test_total_grade_silent(self, total: str, grade: str) -> None:
        """Inclusive lower bounds (90 is 优); English labels are accepted."""
        assert "declared-total-grade" not in codes(ev(declared={"total": total, "grade": grade}))

    def test_unknown_grade(self) -> None:
        """A grade the scheme does not have."""
        found = only(ev(declared={"total": "95", "grade": "优秀"}), "grade-unknown")

        assert [f.message for f in found] == ["自评等级“优秀”不是方案的等级（优 / 良 / 中 / 差）"]


class TestExecutionRate:
    SEED_BUDGET = budget("2066.22 万元", "2032.03 万元")

    @pytest.mark.parametrize("stated", ["98.35", "98.3", "98", "98.345"])
    def test_silent(self, stated: str) -> None:
        """2032.03 / 2066.22 = 98.3453…%: right at every number of decimals stated."""
        found = perfrules.check(ev(budget=self.SEED_BUDGET, declared={"execution_rate": stated}))

        assert [f.code for f in found if f.location == "declared.execution_rate"] == []

    def test_fires(self) -> None:
        """98.36% stated."""
        found = only(ev(budget=self.SEED_BUDGET, declared={"execution_rate": "98.36"}), "execution-rate")

        assert [(f.location, f.message) for f in found] == [("declared.execution_rate", "所述预算执行率 98.36% 与执行数 20320300.00 / 预算数 20662200.00 元 = 98.35% 不一致")]

    def test_truncated_is_info(self) -> None:
        """98.34% is 98.3453…% truncated: a remark, not an error."""
        found = perfrules.check(ev(budget=self.SEED_BUDGET, declared={"execution_rate": "98.34"}))

        assert [(f.severity, f.message) for f in found if f.location == "declared.execution_rate"] == [
            (Severity.INFO, "所述预算执行率 98.34% 是执行数 / 预算数 = 98.3453…% 截断（而非四舍五入）的结果")
        ]

    def test_fires_at_one_decimal(self) -> None:
        """98.4% is not 98.3453…% at one decimal."""
        assert "execution-rate" in codes(ev(budget=self.SEED_BUDGET, declared={"execution_rate": "98.4"}))


class TestBudget:
    def test_executed_over_planned_fires(self) -> None:
        """The second line spends more than planned."""
        lines = [*budget("100 万元", "100 万元"), {"name": "专项", "planned": "10 万元", "executed": "10.01 万元"}]
        found = only(ev(budget=lines), "executed-over-planned")

        assert [(f.location, f.message) for f in found] == [("budget[1].executed", "预算项目“专项”执行数 100100.00 元超过全年预算数 100000.00 元")]

    def test_executed_equal_planned_silent(self) -> None:
        """Executed in full."""
        assert "executed-over-planned" not in codes(ev())

    def test_low_execution_fires(self) -> None:
        """89.99% executed with no reason."""
        found = only(ev(budget=budget("100 万元", "89.99 万元")), "execution-low-no-reason")

        assert [(f.location, f.message) for f in found] == [("declared.execution_reason", "预算执行率 89.99% 低于 90%，未说明原因")]

    @pytest.mark.parametrize(("executed", "reason"), [("90 万元", ""), ("50 万元", "项目延期")])
    def test_low_execution_silent(self, executed: str, reason: str) -> None:
        """90% exactly, or a reason given."""
        e = ev(budget=budget("100 万元", executed), declared={"execution_reason": reason})

        assert "execution-low-no-reason" not in codes(e)

    def test_low_execution_threshold_is_a_setting(self) -> None:
        """Under a scheme that asks for a reason below 95%, 94% needs one."""
        e = ev(budget=budget("100 万元", "94 万元"))
        sch = perfrules.schemes.get("mof-2020-project", 2021)
        strict = attrs.evolve(sch, thresholds=Thresholds(execution_below=Fixed(95)))

        assert "execution-low-no-reason" not in codes(e)
        assert "execution-low-no-reason" in codes(e, scheme=strict)


class TestDeviation:
    @pytest.mark.parametrize(
        ("target", "actual"),
        [
            pytest.param("≥12门", "9", id="below-ge"),
            pytest.param("≤100万元", "120", id="above-le"),
            pytest.param("=100%", "98%", id="off-eq"),
            pytest.param("有新进步", "部分达成", id="qualitative-partly"),
            pytest.param("有新进步", "未达成", id="qualitative-not"),
        ],
    )
    def test_fires(self, target: str, actual: str) -> None:
        """A missed target without a reason."""
        found = only(ev(ind("指标", "10", target, actual)), "deviation-no-reason")

        assert [(f.severity, f.location) for f in found] == [(Severity.WARNING, "indicators[0].reason")]

    @pytest.mark.parametrize(
        ("target", "actual", "reason"),
        [
            pytest.param("≥12门", "9", "疫情", id="reason-given"),
            pytest.param("≥12门", "12", "", id="met-ge"),
            pytest.param("≤100万元", "100", "", id="met-le"),
            pytest.param("=100%", "100%", "", id="met-eq"),
            pytest.param("有新进步", "达成年度指标", "", id="qualitative-achieved"),
            pytest.param("≥12门", "9", "  ", id="blank-reason-is-none"),
        ],
    )
    def test_silent_or_blank(self, target: str, actual: str, reason: str) -> None:
        """A reason given, or the target met; a blank reason counts as none."""
        found = "deviation-no-reason" in codes(ev(ind("指标", "10", target, actual, reason=reason)))

        assert found == (reason == "  ")

    def test_message(self) -> None:
        """The message names the indicator, the target and the actual."""
        found = only(ev(ind("课程", "10", "≥12门", "9")), "deviation-no-reason")

        assert [f.message_en for f in found] == ["indicator '课程' misses its target (≥12门, actual 9) and gives no deviation reason"]


class TestOverAchievement:
    def test_fires_at_threshold(self) -> None:
        """130 of 100 is 130%: a reason is needed."""
        found = only(ev(ind("课程", "10", "≥100", "130")), "over-achievement-no-reason")

        assert [(f.location, f.message) for f in found] == [("indicators[0].reason", "指标“课程”大幅超额完成（B/A = 130.00% ≥ 130%），未分析原因")]

    @pytest.mark.parametrize(("actual", "reason"), [("129.99", ""), ("200", "目标偏低")])
    def test_silent(self, actual: str, reason: str) -> None:
        """Below the threshold, or a reason given."""
        assert "over-achievement-no-reason" not in codes(ev(ind("课程", "10", "≥100", actual, reason=reason)))

    def test_zero_target(self) -> None:
        """With A = 0 the trigger is B ≥ 30."""
        assert "over-achievement-no-reason" in codes(ev(ind("事故", "10", "≥0", "30")))
        assert "over-achievement-no-reason" not in codes(ev(ind("事故", "10", "≥0", "29")))

    def test_only_for_ge(self) -> None:
        """A ≤ row far below its ceiling is good news, not over-achievement."""
        assert "over-achievement-no-reason" not in codes(ev(ind("成本", "10", "≤100万元", "10")))

    def test_threshold_is_a_setting(self) -> None:
        """Under a 150% threshold, 130% needs no reason."""
        e = ev(ind("课程", "10", "≥100", "130"))
        sch = perfrules.schemes.get("mof-2020-project", 2021)
        lax = attrs.evolve(sch, thresholds=Thresholds(over_achievement=Fixed(150)))

        assert "over-achievement-no-reason" not in codes(e, scheme=lax)


class TestEngineChecks:
    def test_qualitative_out_of_band(self) -> None:
        """部分达成 declared at 9 of 10 (band [6, 8))."""
        found = only(ev(ind("建设", "10", "有新进步", "部分达成", declared_score="9", reason="疫情")), "qualitative-out-of-band")

        assert [f.location for f in found] == ["indicators[0].declared_score"]

    def test_qualitative_in_band_silent(self) -> None:
        """部分达成 declared at 7.63."""
        assert "qualitative-out-of-band" not in codes(ev(ind("建设", "10", "有新进步", "部分达成", declared_score="7.63", reason="疫情")))

    def test_provisional_scheme(self) -> None:
        """The 2013 department framework is provisional."""
        assert "provisional-scheme" in codes(ev(scheme="mof-2013-department"))
        assert "provisional-scheme" not in codes(ev())


def _row_evaluation(direction: str, weight: int, target: int, actual: int, exp: int) -> Evaluation:
    a, b = Fixed(target, exp), Fixed(actual, exp)
    return ev(ind("指标", str(Fixed(weight, 2)), f"{direction}{a}", str(b), reason="x"))


@given(
    direction=st.sampled_from(["≥", "≤", "="]),
    weight=st.integers(0, 10000),
    target=st.integers(0, 10**6),
    actual=st.integers(-(10**6), 10**6),
    exp=st.integers(0, 3),
)
def test_exact_points_round_to_the_engine(direction: str, weight: int, target: int, actual: int, exp: int) -> None:
    """The audit's exact points, rounded half-up, are the kernel's points."""
    result = perfrules.score(_row_evaluation(direction, weight, target, actual, exp))
    line = result.lines[0]
    exact = exact_points(line)

    assert line.points == Fixed.from_fraction(exact, 2)
    assert Fraction(0) <= exact <= line.indicator.weight.as_fraction()


@given(
    weight=st.integers(1, 10000),
    target=st.integers(1, 10**5),
    actual=st.integers(0, 10**5),
    declared=st.integers(0, 10000),
)
def test_declared_score_fires_iff_different(weight: int, target: int, actual: int, declared: int) -> None:
    """declared-score fires exactly when the declared score differs from the rule's."""
    declared = min(declared, weight)
    e = ev(ind("指标", str(Fixed(weight, 2)), f"≥{target}", str(actual), declared_score=str(Fixed(declared, 2)), reason="x"))
    result = perfrules.score(e)
    fired = "declared-score" in codes(e)

    assert fired == (result.lines[0].points != Fixed(declared, 2))


# Whole random evaluations are slow to draw (about 40 ms each): a fixed budget keeps CI fast,
# while the exactness properties above run the profile's full count.
@settings(max_examples=150)
@given(evaluations())
def test_any_evaluation(e: Evaluation) -> None:
    """check() returns catalogued, located findings or raises perfrules' own errors."""
    e = attrs.evolve(e, year=2021)
    try:
        found = perfrules.check(e, scheme="mof-2020-project")
    except NumericRangeError:
        return
    for f in found:
        assert f.code in CATALOGUE
        assert f.location is None or LOCATION.match(f.location), f.location
        assert f.message
        assert f.message_en


def test_engine_findings_come_first() -> None:
    """check() keeps the engine's findings, in their order, before its own."""
    e = ev(ind("课程", "60", "≥12门", "9", declared_score="9"), scheme="mof-2013-department")
    result = perfrules.score(e)

    assert perfrules.check(e, result)[: len(result.findings)] == list(result.findings)


class TestFindingsPage:
    """docs/reference/findings.md is generated from the catalogue by an MkDocs hook: it cannot drift."""

    @staticmethod
    def hook() -> Any:
        import importlib.util

        path = ROOT / "docs" / "hooks" / "findings.py"
        spec = importlib.util.spec_from_file_location("findings_hook", path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def test_page_has_the_marker(self) -> None:
        """The page keeps the place the table is generated into."""
        hook = self.hook()
        page = PAGE.read_text(encoding="utf-8")

        assert hook.MARKER in page

    def test_every_code_is_documented(self) -> None:
        """The generated page has one row per catalogue code, with its severity and both messages."""
        hook = self.hook()
        page = hook.on_page_markdown(PAGE.read_text(encoding="utf-8"), page=None)

        assert hook.MARKER not in page
        for code, entry in CATALOGUE.items():
            row = next(line for line in page.splitlines() if line.startswith(f'| <a id="{code}"></a>`{code}` |'))

            assert f"| {entry.severity.value} |" in row
            assert entry.zh.replace("|", "\\|") in row
            assert entry.en.replace("|", "\\|") in row

    def test_every_audit_code_is_in_the_check_table(self) -> None:
        """The page's table of checks names every code check() adds."""
        page = PAGE.read_text(encoding="utf-8")

        assert [c for c in AUDIT_CODES if f"`{c}`" not in page] == []

    def test_other_pages_untouched(self) -> None:
        """Pages without the marker pass through unchanged."""
        assert self.hook().on_page_markdown("# x\n", page=None) == "# x\n"


def test_catalogue_numbers_written_as_the_template_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """A number is written once for both messages only where both write it plainly: {x!r} keeps its repr."""
    from perfrules import _catalogue

    monkeypatch.setitem(_catalogue.CATALOGUE, "test-repr", _catalogue.Entry(perfrules.Severity.INFO, "{x} {y!r}", "{x} {y}", ""))
    f = _catalogue.finding("test-repr", x=Fixed(125, 2), y=Fixed(5, 1))

    assert f.message == "1.25 Fixed(units=5, places=1)"
    assert f.message_en == "1.25 0.5"


_FIELD = st.tuples(st.sampled_from(["a", "b", "total", "名"]), st.sampled_from(["", "!r", "!s", "!a"]), st.sampled_from(["", ":>4", ":<3", ":^5"]))
_PIECE = st.one_of(st.text(st.characters(blacklist_categories=["Cs"]), max_size=5).map(lambda t: t.replace("{", "{{").replace("}", "}}")), _FIELD.map(lambda f: "{" + "".join(f) + "}"))
_TEMPLATE = st.lists(_PIECE, max_size=6).map("".join)


@given(_TEMPLATE, _TEMPLATE, st.dictionaries(st.sampled_from(["a", "b", "total", "名", "extra"]), st.text(max_size=4) | st.integers(), min_size=5, max_size=5))
def test_compiled_messages_are_str_format(zh: str, en: str, params: dict[str, object]) -> None:
    """The catalogue's compiled templates write what str.format writes, for any template."""
    from perfrules._catalogue import Entry, _renderer

    e = Entry(Severity.INFO, zh, en, "")
    assert _renderer(e)(**params) == (zh.format(**params), en.format(**params))


def test_malformed_template_fails_as_str_format_does() -> None:
    """A template str.format rejects is rejected the same way when the finding is made, not before."""
    from perfrules._catalogue import Entry, _renderer

    render = _renderer(Entry(Severity.INFO, "{x!z}", "{x}", ""))
    with pytest.raises(ValueError, match="Unknown conversion"):
        render(x=1)
