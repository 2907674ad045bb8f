"""The scoring engine: the seed example, rescaling, deductions, findings and the trace."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import WHOLE_EVALUATIONS, evaluations

import perfrules
from perfrules import Evaluation, Fixed, Result, Scheme, schemes
from perfrules._rule_params import rule_from_params
from perfrules._rules import Status
from perfrules.errors import InvalidValueError, NumericRangeError
from perfrules.schemes import ExecutionPolicy, SchemeRegistry

SEED = "examples/panyu-2021.toml"

#: A scheme without execution score or framework, so a test controls every point.
PLAIN = Scheme(name="plain", execution=None)


def evaluation(*indicators: dict[str, Any], **top: Any) -> Evaluation:
    """A small evaluation from plain data, the way a file would give it."""
    return perfrules.from_data(
        {"year": 2021, "department": {"name": "某局"}, "indicators": list(indicators), **top}
    )


def codes(result: Result) -> list[str]:
    return [f.code for f in result.findings]


def row_findings(result: Result) -> list[tuple[str, str | None]]:
    """(code, location) of the findings other than the weight totals these small examples trip."""
    return [(f.code, f.location) for f in result.findings if f.code != "weights-total"]


@pytest.fixture(name="seed")
def _seed() -> Result:
    return perfrules.score(perfrules.load(SEED))


class TestSeed:
    def test_total_and_grade(self, seed: Result) -> None:
        """The seed report's declared 94.16 (优) is what the rules give."""
        assert (str(seed.total), seed.grade.label) == ("94.16", "优")
        assert seed.scheme.name == "mof-2020-project"

    def test_execution(self, seed: Result) -> None:
        """2032.03 / 2066.22 万元 = 98.35%, scored 9.83 (the exact rate times 10)."""
        assert seed.execution is not None
        assert seed.execution.rate is not None

        assert seed.execution.rate.percent(2) == "98.35"
        assert str(seed.execution.points) == "9.83"
        assert seed.execution.rate.as_fraction() == Fraction(203_203_000, 206_622_000)

    def test_execution_rate_rounded_first(self) -> None:
        """A scheme rounding the rate to 98.35% first scores 9.84 and the total 94.17."""
        base = schemes.get("mof-2020-project", 2021)
        assert base.execution is not None
        rounded = attrs.evolve(base, execution=attrs.evolve(base.execution, round_rate=True))
        result = perfrules.score(perfrules.load(SEED), rounded)

        assert result.execution is not None
        assert str(result.execution.points) == "9.84"
        assert str(result.total) == "94.17"
        assert "declared-total" in codes(result)

    def test_no_findings(self, seed: Result) -> None:
        """Weights add to 100, groups match the framework, declared total and grade agree."""
        assert seed.findings == ()

    def test_rows(self, seed: Result) -> None:
        """Each row's points equal its declared score, and the total is Σ rows + execution."""
        for line in seed.lines:
            assert line.points == line.indicator.declared_score, line.indicator.name
            assert line.status == Status.OK
        assert seed.subtotal == seed.total

    def test_explain(self, seed: Result) -> None:
        """The whole trace reads in zh and in en."""
        zh, en = seed.explain("zh"), seed.explain("en")

        assert zh.splitlines()[0].startswith("预算执行率：")
        assert "98.35%" in zh
        assert zh.splitlines()[-1] == "总分 94.16 → 优"
        assert en.splitlines()[0].startswith("budget execution: ")
        assert en.splitlines()[-1] == "total 94.16 → excellent"
        assert "网络课程: 7.50 — actual 9 below target 12: 10 × 9 / 12 = 7.50" in en
        assert len(zh.splitlines()) == len(seed.lines) + 2

    def test_line_explain(self, seed: Result) -> None:
        """A line explains its own points in both languages."""
        line = next(ln for ln in seed.lines if ln.indicator.name == "学习活动场室改造修缮工程成本")

        assert line.explain("zh") == "完成值 132.9 不高于目标 202.6，得满分 5"
        assert line.explain("en") == "actual 132.9 within target 202.6: full 5"


class TestRescaling:
    ROWS = (
        {"name": "a", "weight": "30", "target": "≥3", "actual": "1"},  # 10.00
        {"name": "b", "weight": "30", "target": "≥3", "actual": "3"},  # 30.00
        {"name": "c", "weight": "40", "target": "≥3", "actual": "3", "not_applicable": True},
    )

    def test_dropped_and_rescaled(self) -> None:
        """N/A rows are dropped and the total rescaled to 100: 40 × 100 / 60 = 66.67."""
        result = perfrules.score(evaluation(*self.ROWS), PLAIN)

        assert [str(ln.points) for ln in result.lines] == ["10.00", "30.00", "None"]
        assert result.lines[2].status == Status.NOT_APPLICABLE
        assert str(result.total) == "66.67"
        assert result.lines[2].explain("en") == "not applicable: dropped"

    def test_zero_policy(self) -> None:
        """With not_applicable = "zero" nothing is rescaled."""
        result = perfrules.score(evaluation(*self.ROWS), attrs.evolve(PLAIN, not_applicable="zero"))

        assert str(result.total) == "40.00"

    def test_execution_counts_as_applicable(self) -> None:
        """The execution weight is part of the applicable weights: (5 + 10) × 100 / 15."""
        ev = evaluation(
            {"name": "a", "weight": "5", "target": "≥1", "actual": "1"},
            {"name": "b", "weight": "85", "target": "≥1", "actual": "1", "not_applicable": True},
            budget=[{"name": "x", "planned": "100", "executed": "100"}],
        )
        result = perfrules.score(ev, Scheme(name="t"))

        assert str(result.total) == "100.00"


class TestDeduction:
    @pytest.mark.parametrize(
        ("deduction", "points"),
        [
            pytest.param("1.5", "3.50", id="partial"),
            pytest.param("5", "0.00", id="all"),
            pytest.param("7", "0.00", id="floored-at-zero"),
            pytest.param("0", "5.00", id="none"),
        ],
    )
    def test_floored_at_zero(self, deduction: str, points: str) -> None:
        """A manual deduction (调减分值) is subtracted and floored at 0."""
        result = perfrules.score(
            evaluation(
                {"name": "a", "weight": "5", "target": "≥1", "actual": "1", "deduction": deduction}
            ),
            PLAIN,
        )
        line = result.lines[0]

        assert str(line.points) == points
        assert str(line.rule_points) == "5.00"
        assert str(result.total) == points

    def test_explained(self) -> None:
        """The trace names the deduction."""
        result = perfrules.score(
            evaluation(
                {"name": "a", "weight": "5", "target": "≥1", "actual": "1", "deduction": "7"}
            ),
            PLAIN,
        )

        assert result.lines[0].explain("en").endswith("; manual deduction 7 → 0.00")
        assert result.lines[0].explain("zh").endswith("；调减 7 分 → 0.00")


class TestFindings:
    def test_weights_not_summing(self) -> None:
        """Σ weights + execution ≠ 100 is a warning located at indicators."""
        ev = evaluation(
            {"name": "a", "weight": "80", "target": "≥1", "actual": "1"},
            budget=[{"name": "x", "planned": "1", "executed": "1"}],
        )
        result = perfrules.score(ev, "mof-2020-project")
        found = [f for f in result.findings if f.code == "weights-total"]

        assert len(found) == 1
        assert found[0].location == "indicators"
        assert found[0].severity == perfrules.Severity.WARNING
        assert found[0].message == "权重合计 90 不等于 100"
        assert found[0].message_en == "weights sum to 90, not 100"

    def test_group_weights(self) -> None:
        """A level-1 group off its framework weight is a finding naming the group."""
        ev = evaluation(
            {"name": "a", "level1": "产出指标", "weight": "60", "target": "≥1", "actual": "1"},
            {"name": "b", "level1": "效益指标", "weight": "20", "target": "≥1", "actual": "1"},
            {"name": "c", "level1": "满意度指标", "weight": "10", "target": "≥1", "actual": "1"},
            budget=[{"name": "x", "planned": "1", "executed": "1"}],
        )
        result = perfrules.score(ev, "mof-2020-project")

        assert codes(result).count("weights-group") == 2
        assert "weights-total" not in codes(result)

    def test_declared_total_mismatch(self) -> None:
        """A declared total differing from the computed one is an error at declared.total."""
        ev = evaluation(
            {"name": "a", "weight": "100", "target": "≥2", "actual": "1"},
            declared={"total": "96", "grade": "优"},
        )
        result = perfrules.score(ev, PLAIN)
        by_code = {f.code: f for f in result.findings}

        assert str(result.total) == "50.00"
        assert by_code["declared-total"].location == "declared.total"
        assert by_code["declared-total"].message == "自评总分 96 与按规则计算的 50.00 不一致"
        assert by_code["declared-total"].severity == perfrules.Severity.ERROR
        assert by_code["declared-grade"].location == "declared.grade"

    def test_declared_total_equal_value_other_places(self) -> None:
        """94.2 declared and 94.20 computed agree (exact values, not strings)."""
        ev = evaluation(
            {"name": "a", "weight": "100", "target": "≥1000", "actual": "942"},
            declared={"total": "94.2"},
        )

        assert perfrules.score(ev, PLAIN).findings == ()

    @pytest.mark.parametrize(
        ("actual", "declared", "points", "band"),
        [
            pytest.param("部分达成", "9", "7.99", "部分达成", id="partly-above-band"),
            pytest.param("达成", "7", "8.00", "达成", id="achieved-below-band"),
            pytest.param("未达成", "6", "5.99", "未达成", id="not-achieved-above-band"),
        ],
    )
    def test_qualitative_out_of_band(
        self, actual: str, declared: str, points: str, band: str
    ) -> None:
        """A declared qualitative score outside its band is clamped into it, with a finding."""
        ev = evaluation(
            {
                "name": "q",
                "weight": "10",
                "target": "有效",
                "actual": actual,
                "declared_score": declared,
            }
        )
        result = perfrules.score(ev, PLAIN)
        (found,) = [f for f in result.findings if f.code == "qualitative-out-of-band"]

        assert str(result.lines[0].points) == points
        assert result.lines[0].status == Status.OUT_OF_BAND
        assert found.location == "indicators[0].declared_score"
        assert f"“{band}”档" in found.message
        assert f"按 {points} 计" in found.message

    def test_qualitative_inside_band(self) -> None:
        """A declared score inside its band is taken as is; without one, the band's top."""
        result = perfrules.score(
            evaluation(
                {
                    "name": "q",
                    "weight": "10",
                    "target": "显著丰富",
                    "actual": "部分达成",
                    "declared_score": "7.63",
                },
                {"name": "r", "weight": "10", "target": "有效", "actual": "有效"},
                {"name": "s", "weight": "10", "target": "有效", "actual": "基本达成"},
            ),
            PLAIN,
        )

        assert [str(ln.points) for ln in result.lines] == ["7.63", "10.00", "8.00"]
        assert row_findings(result) == []

    def test_qualitative_needs_score(self) -> None:
        """An actual perfrules cannot place in a band, without a declared score, scores 0 with an error."""
        result = perfrules.score(
            evaluation({"name": "q", "weight": "10", "target": "有效", "actual": "受疫情影响"}),
            PLAIN,
        )

        assert str(result.lines[0].points) == "0.00"
        assert row_findings(result) == [("qualitative-needs-score", "indicators[0].declared_score")]

    def test_unit_mismatch(self) -> None:
        """An actual whose unit does not convert to the target's scores 0, with an error."""
        result = perfrules.score(
            evaluation({"name": "a", "weight": "10", "target": "≥5人次", "actual": "3米"}), PLAIN
        )
        (found,) = [f for f in result.findings if f.code == "unit-mismatch"]

        assert str(result.lines[0].points) == "0.00"
        assert result.lines[0].status == Status.UNIT_MISMATCH
        assert row_findings(result) == [("unit-mismatch", "indicators[0].actual")]
        assert (
            found.message_en == "actual unit '米' does not convert to target unit '人次': scores 0"
        )
        assert result.lines[0].explain("en") == "unit mismatch: 0"

    def test_units_convert(self) -> None:
        """万元 and 元 convert: 150000 元 against ≤20万元 is full marks."""
        result = perfrules.score(
            evaluation({"name": "a", "weight": "10", "target": "≤20万元", "actual": "150000元"}),
            PLAIN,
        )

        assert str(result.lines[0].points) == "10.00"

    def test_missing_actual(self) -> None:
        """No actual value: 0 points and an error at the actual."""
        result = perfrules.score(evaluation({"name": "a", "weight": "10", "target": "≥5"}), PLAIN)

        assert row_findings(result) == [("actual-missing", "indicators[0].actual")]

    def test_no_budget(self) -> None:
        """A scheme scoring execution without budget lines says so."""
        result = perfrules.score(
            evaluation({"name": "a", "weight": "90", "target": "≥5", "actual": "5"}),
            Scheme(name="t"),
        )

        assert "execution-no-budget" in codes(result)

    def test_provisional_scheme(self) -> None:
        """Scoring with a provisional scheme warns."""
        result = perfrules.score(evaluation(), attrs.evolve(PLAIN, status="provisional"))

        assert codes(result) == ["provisional-scheme"]


class TestSchemes:
    def test_scheme_by_name_and_year(self) -> None:
        """A name is looked up for the evaluation's year in the given registry."""
        registry = SchemeRegistry()
        registry.register(attrs.evolve(PLAIN, from_year=2020))
        result = perfrules.score(evaluation(scheme="plain"), registry=registry)

        assert result.scheme.name == "plain"

    def test_no_scheme(self) -> None:
        """No scheme anywhere is a located error."""
        with pytest.raises(InvalidValueError, match=r"^scheme: no scoring scheme"):
            perfrules.score(evaluation())

    def test_unknown_scheme(self) -> None:
        """An unknown name is located at scheme and lists the known ones."""
        with pytest.raises(
            InvalidValueError,
            match=r"^scheme: unknown scheme 'nope'.*known schemes: .*mof-2020-project",
        ):
            perfrules.score(evaluation(scheme="nope"))

    def test_rule_override(self) -> None:
        """An indicator's own rule wins over its direction's."""
        ev = evaluation(
            {"name": "a", "weight": "10", "target": "≥5", "actual": "4", "rule": "threshold"}
        )

        assert str(perfrules.score(ev, PLAIN).lines[0].points) == "0.00"

    def test_execution_policy(self) -> None:
        """The execution weight comes from the scheme."""
        ev = evaluation(budget=[{"name": "x", "planned": "200", "executed": "150"}])
        result = perfrules.score(ev, Scheme(name="t", execution=ExecutionPolicy(weight=Fixed(20))))

        assert result.execution is not None
        assert str(result.execution.points) == "15.00"
        assert (
            result.execution.explain("en")
            == "execution 150.00 / 200.00 yuan = 75.00%: 20 × rate = 15.00"
        )


class TestLocatedErrors:
    def test_weight_finer_than_the_point_unit(self) -> None:
        """A weight with more decimals than the scheme's point unit is refused at its place."""
        ev = evaluation({"name": "a", "weight": "10.005", "target": "≥1", "actual": "1"})

        with pytest.raises(
            InvalidValueError,
            match=r"^indicators\[0\]\.weight: 10\.005 has more than 2 decimal places$",
        ):
            perfrules.score(ev, PLAIN)


class TestOverflow:
    def test_actual_beyond_int64(self) -> None:
        """A value beyond exact int64 arithmetic is refused at its place."""
        ev = evaluation(
            {"name": "a", "weight": "10", "target": "≥1", "actual": "10000000000000000000"}
        )

        with pytest.raises(
            NumericRangeError, match=r"^indicators\[0\]\.actual: beyond exact int64 arithmetic"
        ):
            perfrules.score(ev, PLAIN)

    def test_band_ratio_beyond_int64(self) -> None:
        """Regression: a ratio band on a huge actual wrapped silently and scored 0."""
        rule = rule_from_params(
            {"kind": "bands", "on": "ratio", "bands": [{"points": "10", "range": "[90,)"}]}
        )
        scheme = attrs.evolve(PLAIN, indicator_rules={"a": rule})
        ev = evaluation(
            {"name": "a", "weight": "10", "target": "≥1", "actual": "100000000000000000"}
        )

        with pytest.raises(NumericRangeError, match=r"^indicators\[0\]\.actual: "):
            perfrules.score(ev, scheme)


def _points(result: Result) -> list[int]:
    return [ln.points.at(2) for ln in result.lines if ln.points is not None]


class TestProperties:
    @WHOLE_EVALUATIONS
    @given(evaluations())
    def test_points_within_weight_and_total_adds_up(self, ev: Evaluation) -> None:
        """For any evaluation: every row in [0, w]; the total is Σ rows (rescaled), rounded half-up."""
        result = perfrules.score(ev, PLAIN)
        applicable = [ln for ln in result.lines if ln.points is not None]
        for ln in applicable:
            assert ln.points is not None
            assert Fixed(0) <= ln.points <= ln.indicator.weight
        raw = Fraction(sum(_points(result)), 100)
        weights = sum((ln.indicator.weight.as_fraction() for ln in applicable), Fraction(0))
        if len(applicable) < len(result.lines) and weights > 0:
            raw = raw * 100 / weights
        expected = Fixed.from_fraction(raw, 2)

        assert result.total == expected
        assert len(result.lines) == len(ev.indicators)


class TestWeightChecks:
    """The weight findings against Σ weights worked out with Fractions, rows not applicable included."""

    @WHOLE_EVALUATIONS
    @given(evaluations(max_indicators=6))
    def test_weight_findings_reference(self, ev: Evaluation) -> None:
        sch = schemes.get("mof-2020-project", year=2021)
        try:
            result = perfrules.score(ev, sch)
        except InvalidValueError:  # a weight finer than the points' places: refused, located
            return
        assert sch.execution is not None
        total = sum((i.weight.as_fraction() for i in ev.indicators), sch.execution.weight.as_fraction())
        found = {f.code: f for f in result.findings if f.code == "weights-total"}
        if ev.indicators and total != 100:
            assert Fixed.parse(found["weights-total"].message.split()[1]).as_fraction() == total
        else:
            assert not found
        groups: dict[str, Fraction] = {}
        for ind in ev.indicators:
            g = sch.group_of(ind.level1)
            if g is not None:
                groups[g.name] = groups.get(g.name, Fraction(0)) + ind.weight.as_fraction()
        expected = sorted(g.name for g in sch.framework if g.name in groups and groups[g.name] != g.weight.as_fraction())
        got = sorted(f.message.split("“")[1].split("”")[0] for f in result.findings if f.code == "weights-group")
        assert got == expected

    def test_not_applicable_row_finer_than_points(self) -> None:
        """A row not applicable may weigh 0.125 under 2-decimal points: its weight still counts."""
        ev = evaluation(
            {"name": "a", "weight": "89.875", "target": "≥1", "actual": "1", "not_applicable": True},
            {"name": "b", "weight": "0.125", "target": "≥1", "actual": "1"},
            budget=[{"name": "x", "planned": "1", "executed": "1"}],
        )
        with pytest.raises(InvalidValueError, match="weight"):
            perfrules.score(ev, "mof-2020-project")  # the applicable row's weight is refused
        ok = evaluation(
            {"name": "a", "weight": "89.875", "target": "≥1", "actual": "1", "not_applicable": True},
            {"name": "b", "weight": "0.12", "target": "≥1", "actual": "1"},
            budget=[{"name": "x", "planned": "1", "executed": "1"}],
        )
        found = [f for f in perfrules.score(ok, "mof-2020-project").findings if f.code == "weights-total"]
        assert [f.message for f in found] == ["权重合计 99.995 不等于 100"]


_EDITIONS = [e for name in schemes.default_registry.names() for e in schemes.default_registry.editions(name)]
_DEPARTMENT_NAMES = st.sampled_from(
    ["在职人员控制率", "在职人员 控制率", "“三公经费”变动率", '"三公经费"变动率', "预算调整率", "结转结余率", "结转结余变动率", "其他指标", "满意度"]
)


class TestRuleLookup:
    @WHOLE_EVALUATIONS
    @given(st.sampled_from(_EDITIONS), st.lists(st.tuples(_DEPARTMENT_NAMES, st.sampled_from(["≥90%", "≤100%", "=100%", "达成", "≥1"]), st.none() | st.sampled_from(["proportional", "threshold"])), min_size=1, max_size=6))
    def test_each_row_gets_the_schemes_rule(self, sch: Scheme, rows: list[tuple[str, str, str | None]]) -> None:
        """The rule of every line is Scheme.rule_for(row), whatever the engine remembered before."""
        ev = evaluation(*({"name": n, "weight": "10", "target": t, "actual": t.lstrip("≥≤="), **({"rule": r} if r else {})} for n, t, r in rows), year=2022)
        result = perfrules.score(ev, sch)
        assert [ln.rule for ln in result.lines] == [sch.rule_for(ind) for ind in ev.indicators]

    def test_rules_by_name_under_a_department_scheme(self) -> None:
        """Rows of the same direction get the scheme's rule for their name, the direction's otherwise."""
        ev = evaluation(
            {"name": "在职人员控制率", "weight": "10", "target": "≤100%", "actual": "90%"},
            {"name": "在职人员 控制率", "weight": "10", "target": "≤100%", "actual": "90%"},
            {"name": "其他", "weight": "10", "target": "≤100%", "actual": "90%"},
        )
        rules = [ln.rule for ln in perfrules.score(ev, "guangzhou-department").lines]
        sch = schemes.get("guangzhou-department", year=2021)
        assert rules[0] == rules[1] == sch.indicator_rules["在职人员控制率"]
        assert rules[2] == sch.rules["≤"]

    def test_remembered_rules_are_bounded(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A long-running process scoring ever new indicator names does not grow without bound."""
        from perfrules import _engine

        monkeypatch.setattr(_engine, "_MAX_RULES", 8)
        sch = schemes.get("guangzhou-department", year=2021)
        plan = _engine._plan(sch)
        for k in range(30):
            ev = evaluation({"name": f"指标{k}", "weight": "10", "target": "≥1", "actual": "1"})
            assert perfrules.score(ev, sch).lines[0].rule == sch.rules["≥"]
            assert len(plan.rules) <= 8
