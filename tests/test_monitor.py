"""
Performance monitoring (绩效运行监控), issue 7: expected progress, gaps, lights, findings, the
snapshot input format, the scheme's monitoring settings and ``perfrules monitor``.

Expected progress figures below are computed by hand: day-of-year / days in the year.
"""

from __future__ import annotations

import json
import pickle
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import perfrules
from perfrules import schemes
from perfrules._monitor import expected_progress
from perfrules.cli import main
from perfrules.errors import InvalidInputError, InvalidValueError
from perfrules.schemes import Checkpoint, Milestone, MonitoringPolicy

EXAMPLE = "examples/panyu-2021-monitoring.toml"


def _days_in(year: int) -> int:
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def _data(**extra: Any) -> dict[str, Any]:
    """A small evaluation: two budget lines (one with planned 0) and four indicators."""
    data: dict[str, Any] = {
        "year": 2021,
        "department": {"name": "某局"},
        "budget": [
            {"name": "基本支出", "planned": "1000 元", "executed": "990 元"},
            {"name": "预备费", "planned": "0 元", "executed": "0 元"},
        ],
        "indicators": [
            {"name": "培训人次", "weight": "10", "target": "≥200人次", "actual": "200"},
            {"name": "满意度", "weight": "10", "target": "≥95%", "actual": "96%"},
            {"name": "成本", "weight": "10", "target": "≤100万元", "actual": "90"},
            {"name": "制度建设", "weight": "10", "target": "有效", "actual": "达成"},
        ],
    }
    data.update(extra)
    return data


def _snap(at: str, budget: list[dict[str, Any]] | None = None, indicators: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"at": at}
    if budget is not None:
        out["budget"] = budget
    if indicators is not None:
        out["indicators"] = indicators
    return out


def _ev(*snaps: dict[str, Any], **extra: Any) -> perfrules.Evaluation:
    return perfrules.from_data(_data(monitoring=list(snaps), **extra))


def _codes(result: perfrules.MonitorResult) -> list[str]:
    return [f.code for f in result.findings]


class TestExpectedProgress:
    @pytest.mark.parametrize(
        ("day", "expected", "percent"),
        [
            pytest.param(date(2021, 7, 31), Fraction(212, 365), "58.08", id="1-7月-2021"),
            pytest.param(date(2020, 7, 31), Fraction(213, 366), "58.20", id="1-7月-leap-2020"),
            pytest.param(date(2021, 1, 1), Fraction(1, 365), "0.27", id="jan-1"),
            pytest.param(date(2020, 2, 29), Fraction(60, 366), "16.39", id="feb-29-leap"),
            pytest.param(date(2021, 3, 1), Fraction(60, 365), "16.44", id="mar-1-common"),
            pytest.param(date(2020, 3, 1), Fraction(61, 366), "16.67", id="mar-1-leap"),
            pytest.param(date(2021, 3, 31), Fraction(90, 365), "24.66", id="Q1"),
            pytest.param(date(2021, 6, 30), Fraction(181, 365), "49.59", id="H1"),
            pytest.param(date(2021, 9, 30), Fraction(273, 365), "74.79", id="Q3"),
            pytest.param(date(2021, 12, 31), Fraction(1), "100.00", id="year-end"),
            pytest.param(date(2020, 12, 31), Fraction(1), "100.00", id="year-end-leap"),
            pytest.param(date(2100, 3, 1), Fraction(60, 365), "16.44", id="2100-not-leap"),
            pytest.param(date(2000, 3, 1), Fraction(61, 366), "16.67", id="2000-leap"),
        ],
    )
    def test_days(self, day: date, expected: Fraction, percent: str) -> None:
        """序时进度 is days elapsed (the day itself included) over the days of the year."""
        got = expected_progress(MonitoringPolicy(), day)

        assert (expected, percent) == (got, perfrules.Ratio(got.numerator, got.denominator).percent(2))

    @pytest.mark.parametrize(
        ("day", "percent"),
        [
            pytest.param(date(2021, 1, 1), Fraction(0), id="before-Q1"),
            pytest.param(date(2021, 3, 30), Fraction(0), id="day-before-Q1"),
            pytest.param(date(2021, 3, 31), Fraction(25), id="Q1"),
            pytest.param(date(2021, 6, 29), Fraction(25), id="day-before-H1"),
            pytest.param(date(2021, 6, 30), Fraction(50), id="H1"),
            pytest.param(date(2021, 7, 30), Fraction(50), id="day-before-1-7月"),
            pytest.param(date(2021, 7, 31), Fraction(5833, 100), id="1-7月"),
            pytest.param(date(2021, 9, 30), Fraction(75), id="Q3"),
            pytest.param(date(2021, 12, 30), Fraction(75), id="day-before-year-end"),
            pytest.param(date(2021, 12, 31), Fraction(100), id="year-end"),
        ],
    )
    def test_checkpoints(self, day: date, percent: Fraction) -> None:
        """Fixed checkpoints step up on their day and hold until the next one."""
        assert percent / 100 == expected_progress(MonitoringPolicy(progress="checkpoints"), day)

    def test_custom_checkpoints_reach_100_at_year_end(self) -> None:
        """Custom checkpoints that stop short of 100% still give 100% on 12-31."""
        policy = MonitoringPolicy(progress="checkpoints", checkpoints=[Checkpoint(6, 30, perfrules.Fixed(40))])

        assert (Fraction(0), Fraction(2, 5), Fraction(1)) == (
            expected_progress(policy, date(2021, 6, 29)),
            expected_progress(policy, date(2021, 12, 30)),
            expected_progress(policy, date(2021, 12, 31)),
        )

    def test_feb_29_checkpoint_in_a_common_year(self) -> None:
        """A 02-29 checkpoint falls on 02-28 in a common year."""
        policy = MonitoringPolicy(progress="checkpoints", checkpoints=[Checkpoint(2, 29, perfrules.Fixed(10))])

        assert (Fraction(1, 10), Fraction(0), Fraction(1, 10)) == (
            expected_progress(policy, date(2021, 2, 28)),
            expected_progress(policy, date(2020, 2, 28)),
            expected_progress(policy, date(2020, 2, 29)),
        )


_years = st.integers(1901, 2199)


@st.composite
def _policies(draw: st.DrawFn) -> MonitoringPolicy:
    if draw(st.booleans()):
        return MonitoringPolicy()
    days = sorted(draw(st.sets(st.integers(0, 364), max_size=6)))
    percents = sorted(draw(st.lists(st.integers(0, 10000), min_size=len(days), max_size=len(days))))
    cps = [Checkpoint((date(2021, 1, 1) + timedelta(d)).month, (date(2021, 1, 1) + timedelta(d)).day, perfrules.Fixed(p, 2)) for d, p in zip(days, percents, strict=True)]
    return MonitoringPolicy(progress="checkpoints", checkpoints=cps)


class TestExpectedProgressProperties:
    @given(_policies(), _years, st.integers(0, 365), st.integers(0, 365))
    def test_monotone(self, policy: MonitoringPolicy, year: int, a: int, b: int) -> None:
        """Expected progress never falls as the date advances, and stays within [0, 1]."""
        n = _days_in(year)
        d1, d2 = sorted((date(year, 1, 1) + timedelta(a % n), date(year, 1, 1) + timedelta(b % n)))
        p1, p2 = expected_progress(policy, d1), expected_progress(policy, d2)

        assert 0 <= p1 <= p2 <= 1

    @given(_policies(), _years)
    def test_year_end_is_100(self, policy: MonitoringPolicy, year: int) -> None:
        """Every policy expects 100% on the last day of the year."""
        assert Fraction(1) == expected_progress(policy, date(year, 12, 31))

    @given(_years, st.integers(0, 365))
    def test_days_reference(self, year: int, offset: int) -> None:
        """Day-based progress equals an independent date-difference reference."""
        day = date(year, 1, 1) + timedelta(offset % _days_in(year))
        reference = Fraction((day - date(year, 1, 1)).days + 1, _days_in(year))

        assert reference == expected_progress(MonitoringPolicy(), day)


class TestBudget:
    def test_worked_example_seed(self) -> None:
        """1120.00 of 2066.22 万元 on 2021-07-31: 54.21% against 58.08%, gap −3.88 (exact), yellow."""
        m = perfrules.monitor(perfrules.load(EXAMPLE), "1-7月")
        b = m.budget[0]
        exact = Fraction(112000, 206622) - Fraction(212, 365)

        assert ("58.08", "54.21", "-3.88", perfrules.Light.YELLOW) == (m.expected_progress.percent(2), b.rate.percent(2), b.gap.percent(2), b.light)  # type: ignore[union-attr]
        assert exact == b.gap.as_fraction()  # type: ignore[union-attr]

    def test_zero_planned_line(self) -> None:
        """A line planned at 0 has no rate, gap or light, and says so at budget[1].planned."""
        m = perfrules.monitor(_ev(_snap("H1", [{"name": "基本支出", "executed": "500 元"}, {"name": "预备费", "executed": "10 元"}])))
        zero = m.budget[1]

        assert (zero.rate, zero.gap, zero.light, zero.executed) == (None, None, None, perfrules.Money(1000))
        assert [("monitor-planned-zero", "budget[1].planned")] == [(f.code, f.location) for f in m.findings if f.code == "monitor-planned-zero"]

    @pytest.mark.parametrize(
        ("executed_fen", "light"),
        [
            pytest.param(49_590, perfrules.Light.YELLOW, id="just-behind"),
            pytest.param(39_600, perfrules.Light.YELLOW, id="behind-exactly-10-points-at-boundary"),
            pytest.param(39_500, perfrules.Light.RED, id="beyond-tolerance"),
            pytest.param(49_700, perfrules.Light.GREEN, id="ahead"),
        ],
    )
    def test_light_thresholds(self, executed_fen: int, light: perfrules.Light) -> None:
        """With planned 1000 元 and a flat 50% checkpoint, lags of ≤ 10 points are yellow, > 10 red."""
        scheme = schemes.Scheme(name="t", monitoring=MonitoringPolicy(progress="checkpoints", checkpoints=[Checkpoint(6, 30, perfrules.Fixed(4960, 2))]))
        ev = _ev(_snap("H1", [{"name": "基本支出", "executed": f"{executed_fen // 100}.{executed_fen % 100:02d} 元"}]))

        assert light == perfrules.monitor(ev, scheme=scheme).budget[0].light

    def test_red_budget_line_is_a_finding(self) -> None:
        """A red budget line is a warning located at the snapshot row."""
        m = perfrules.monitor(_ev(_snap("H1", [{"name": "基本支出", "executed": "100 元"}])))
        red = [f for f in m.findings if f.code == "monitor-red"]

        assert [("monitoring[0].budget[0].executed", perfrules.Severity.WARNING)] == [(f.location, f.severity) for f in red]
        assert "49.59" in red[0].message

    @given(st.integers(1, 10**12), st.integers(0, 2 * 10**12), st.integers(0, 364), st.integers(0, 30), st.integers(0, 30))
    def test_gap_and_light_reference(self, planned: int, executed: int, offset: int, yellow: int, extra: int) -> None:
        """rate, gap and light agree with an exact Fraction reference."""
        day = date(2021, 1, 1) + timedelta(offset)
        policy = MonitoringPolicy(yellow=perfrules.Fixed(yellow), red=perfrules.Fixed(yellow + extra))
        ev = perfrules.Evaluation(
            2021,
            perfrules.Department("某局"),
            budget=[perfrules.BudgetLine("a", perfrules.Money(planned), perfrules.Money(planned))],
            monitoring=[perfrules.Snapshot(day, [perfrules.BudgetProgress("a", perfrules.Money(executed))])],
        )
        b = perfrules.monitor(ev, scheme=schemes.Scheme(name="t", monitoring=policy)).budget[0]
        rate = Fraction(executed, planned)
        lag = (Fraction(offset + 1, 365) - rate) * 100
        light = perfrules.Light.RED if lag > yellow + extra else perfrules.Light.YELLOW if lag > yellow else perfrules.Light.GREEN

        assert (rate, rate - Fraction(offset + 1, 365), light) == (b.rate.as_fraction(), b.gap.as_fraction(), b.light)  # type: ignore[union-attr]


class TestMilestones:
    def _scheme(self) -> schemes.Scheme:
        milestone = Milestone("春节前下达专项资金的50%", 2, 11, perfrules.Fixed(50), year=2021, budget=["基本支出"])
        return schemes.Scheme(name="t", monitoring=MonitoringPolicy(milestones=[milestone]))

    def test_milestone_raises_expected_progress_of_its_lines(self) -> None:
        """After the milestone date its line must reach 50% (40% is 10 points behind: yellow); the other line keeps the time progress."""
        ev = _ev(_snap("2021-02-28", [{"name": "基本支出", "executed": "400 元"}, {"name": "预备费", "executed": "0 元"}]))
        m = perfrules.monitor(ev, scheme=self._scheme())

        assert (Fraction(1, 2), Fraction(59, 365)) == (m.budget[0].expected.as_fraction(), m.budget[1].expected.as_fraction())
        assert (perfrules.Light.YELLOW, ["monitor-milestone-missed"]) == (m.budget[0].light, [c for c in _codes(m) if c.startswith(("monitor-milestone", "monitor-red"))])

    def test_milestone_before_its_date_or_in_another_year(self) -> None:
        """Before its date, or in another year, a milestone binds nothing."""
        before = perfrules.monitor(_ev(_snap("2021-02-10", [{"name": "基本支出", "executed": "1 元"}])), scheme=self._scheme())
        other = perfrules.monitor(_ev(_snap("2022-03-01", [{"name": "基本支出", "executed": "1 元"}]), year=2022), scheme=self._scheme())

        assert (Fraction(41, 365), Fraction(60, 365)) == (before.budget[0].expected.as_fraction(), other.budget[0].expected.as_fraction())
        assert "monitor-milestone-missed" not in _codes(before) + _codes(other)


class TestIndicators:
    def _one(self, row: dict[str, Any], at: str = "2021-07-31") -> tuple[perfrules.IndicatorStatus, list[perfrules.Finding]]:
        m = perfrules.monitor(_ev(_snap(at, [], [row])))
        status = next(i for i in m.indicators if i.name == row["name"])
        return status, [f for f in m.findings if f.code != "monitor-not-reported"]

    def test_cumulative_indicator_against_time_progress(self) -> None:
        """100 of ≥200人次 on 07-31: progress 50% vs 58.08%, yellow; lagging with a reason is fine."""
        s, findings = self._one({"name": "培训人次", "value": "100", "forecast": "200", "reason": "经费保障", "likelihood": "确定能"})

        assert ("50.00", "100.00", "-8.08", perfrules.Light.YELLOW) == (s.progress.percent(2), s.forecast.percent(2), s.gap.percent(2), s.light)  # type: ignore[union-attr]
        assert [] == [f.code for f in findings if f.code != "monitor-section-missing"]

    def test_lagging_without_reason(self) -> None:
        """A lagging indicator without a reason is a warning at its reason."""
        _, findings = self._one({"name": "培训人次", "value": "100"})

        assert [("monitor-no-reason", "monitoring[0].indicators[0].reason")] == [(f.code, f.location) for f in findings if f.code == "monitor-no-reason"]

    def test_forecast_below_target_with_certain(self) -> None:
        """A forecast below target with 确定能 contradicts itself; it also needs a reason."""
        s, findings = self._one({"name": "培训人次", "value": "150", "forecast": "180", "likelihood": "确定能"})

        assert perfrules.Light.YELLOW == s.light
        assert ["monitor-forecast-certain", "monitor-no-reason"] == [f.code for f in findings if f.code.startswith(("monitor-forecast", "monitor-no-reason"))]

    def test_impossible_is_red(self) -> None:
        """完全不可能 turns the light red whatever the progress, and a red light is a finding."""
        s, findings = self._one({"name": "培训人次", "value": "150", "forecast": "150", "reason": "人员保障", "likelihood": "完全不可能"})

        assert perfrules.Light.RED == s.light
        assert ["monitor-red"] == [f.code for f in findings if f.code == "monitor-red"]

    def test_rate_is_a_level(self) -> None:
        """A % target is a level: 92% of ≥95% compares with 100%, not with the time progress."""
        s, _ = self._one({"name": "满意度", "value": "92%", "reason": "其他"})

        assert ("100.00", "96.84", "-3.16", perfrules.Light.YELLOW) == (s.expected.percent(2), s.progress.percent(2), s.gap.percent(2), s.light)  # type: ignore[union-attr]

    def test_cap_indicator(self) -> None:
        """A ≤ target is a cap: 80万 of ≤100万 leaves 20 points of headroom (green); over the cap is red."""
        under, _ = self._one({"name": "成本", "value": "80"})
        over, _ = self._one({"name": "成本", "value": "115万元", "reason": "其他"})

        assert ("80.00", "20.00", perfrules.Light.GREEN) == (under.progress.percent(2), under.gap.percent(2), under.light)  # type: ignore[union-attr]
        assert ("-15.00", perfrules.Light.RED) == (over.gap.percent(2), over.light)  # type: ignore[union-attr]

    @pytest.mark.parametrize(
        ("value", "forecast", "light", "codes"),
        [
            pytest.param("0", "0", perfrules.Light.GREEN, [], id="none-so-far"),
            pytest.param("1", "1", perfrules.Light.RED, ["monitor-no-reason", "monitor-red"], id="one-already"),
            pytest.param("0", "2", perfrules.Light.YELLOW, ["monitor-no-reason"], id="forecast-misses"),
        ],
    )
    def test_zero_cap(self, value: str, forecast: str, light: perfrules.Light, codes: list[str]) -> None:
        """A ≤0 target (安全事故 ≤0起) has no ratio: a value above 0 is red, a forecast above 0 misses."""
        ev = _ev(_snap("H1", [], [{"name": "安全事故", "value": value, "forecast": forecast}]), indicators=[{"name": "安全事故", "weight": "10", "target": "≤0起"}])
        m = perfrules.monitor(ev)

        assert (None, light) == (m.indicators[0].progress, m.indicators[0].light)
        assert codes == [f.code for f in m.findings if f.code in ("monitor-red", "monitor-no-reason", "monitor-value-unusable")]

    @pytest.mark.parametrize(
        ("value", "light"),
        [
            pytest.param("达成阶段目标", perfrules.Light.GREEN, id="达成"),
            pytest.param("部分达成", perfrules.Light.YELLOW, id="部分达成"),
            pytest.param("未达成", perfrules.Light.RED, id="未达成"),
        ],
    )
    def test_qualitative_bands(self, value: str, light: perfrules.Light) -> None:
        """Qualitative lights follow the bands: 达成 green, 部分达成 yellow, 未达成 red."""
        s, _ = self._one({"name": "制度建设", "value": value, "reason": "制度保障"})

        assert (None, light) == (s.progress, s.light)

    def test_unusable_value(self) -> None:
        """A text value for a numeric target is reported, not dropped."""
        s, findings = self._one({"name": "培训人次", "value": "正在组织"})

        assert (None, None) == (s.progress, s.light)
        assert ["monitoring[0].indicators[0].value"] == [f.location for f in findings if f.code == "monitor-value-unusable"]


class TestSnapshotChoice:
    def test_unknown_names_are_error_findings(self) -> None:
        """Rows naming no budget line or indicator are errors located at their name."""
        m = perfrules.monitor(_ev(_snap("Q1", [{"name": "专项经费", "executed": "1 元"}], [{"name": "不存在", "value": "1"}])))
        found = [(f.code, f.severity, f.location) for f in m.findings if f.code.startswith("monitor-unknown")]

        assert [
            ("monitor-unknown-budget", perfrules.Severity.ERROR, "monitoring[0].budget[0].name"),
            ("monitor-unknown-indicator", perfrules.Severity.ERROR, "monitoring[0].indicators[0].name"),
        ] == found

    def test_latest_snapshot_by_default(self) -> None:
        """Without a date, the latest snapshot is used (snapshots need not be in order)."""
        m = perfrules.monitor(_ev(_snap("Q3", []), _snap("Q1", [])))

        assert (date(2021, 9, 30), date(2021, 9, 30)) == (m.at, m.snapshot.at)  # type: ignore[union-attr]

    def test_date_between_snapshots(self) -> None:
        """Between snapshots, the earlier one's figures meet the date's expected progress, said as info."""
        m = perfrules.monitor(_ev(_snap("H1", [{"name": "基本支出", "executed": "500 元"}])), "2021-08-15")

        assert (Fraction(227, 365), date(2021, 6, 30)) == (m.expected_progress.as_fraction(), m.snapshot.at)  # type: ignore[union-attr]
        assert "monitor-earlier-snapshot" in _codes(m)

    def test_date_before_every_snapshot(self) -> None:
        """Before every snapshot only the expected progress is known."""
        m = perfrules.monitor(_ev(_snap("H1", [])), "Q1")

        assert (None, None, ["monitor-no-snapshot"]) == (m.snapshot, m.budget[0].light, _codes(m))

    def test_section_missing_said_once(self) -> None:
        """A budget-only snapshot gets one info finding for its indicators, not one per row."""
        m = perfrules.monitor(_ev(_snap("Q1", [{"name": "基本支出", "executed": "250 元"}, {"name": "预备费", "executed": "0 元"}])))

        assert ["monitor-section-missing"] == [c for c in _codes(m) if c != "monitor-planned-zero"]

    def test_no_snapshot_no_date(self) -> None:
        """With neither a snapshot nor a date there is nothing to monitor."""
        with pytest.raises(InvalidValueError, match=r"^monitoring: no monitoring snapshot"):
            perfrules.monitor(_ev())

    @pytest.mark.parametrize("at", ["2022-01-01", date(2020, 12, 31)])
    def test_date_outside_year(self, at: str | date) -> None:
        """A date outside the evaluation's year is refused, naming the date."""
        with pytest.raises(InvalidValueError, match=r"^at: .* is outside the evaluation's year 2021"):
            perfrules.monitor(_ev(), at)

    def test_pickle(self) -> None:
        """A result pickles and compares equal."""
        m = perfrules.monitor(perfrules.load(EXAMPLE), "1-7月")

        assert m == pickle.loads(pickle.dumps(m))


class TestLoad:
    @pytest.mark.parametrize(
        ("at", "expected"),
        [
            ("Q1", date(2021, 3, 31)),
            ("H1", date(2021, 6, 30)),
            ("1-7月", date(2021, 7, 31)),
            ("1–7月", date(2021, 7, 31)),
            ("Q3", date(2021, 9, 30)),
            ("year-end", date(2021, 12, 31)),
            ("上半年", date(2021, 6, 30)),
            ("2021-05-20", date(2021, 5, 20)),
            (date(2021, 5, 20), date(2021, 5, 20)),
        ],
    )
    def test_at_forms(self, at: str | date, expected: date) -> None:
        """`at` is an ISO date, a TOML date or a checkpoint name of the evaluation's year."""
        assert expected == _ev({"at": at}).monitoring[0].at

    def test_outside_year_is_located(self) -> None:
        """A snapshot dated outside the year is an error at monitoring[1].at."""
        with pytest.raises(InvalidInputError, match=r"^monitoring\[1\]\.at: 2022-03-31 is outside the evaluation's year 2021$"):
            _ev({"at": "Q1"}, {"at": "2022-03-31"})

    def test_every_mistake_at_once(self) -> None:
        """Bad keys, dates, amounts and enums are all reported with their places."""
        with pytest.raises(InvalidInputError) as info:
            _ev(
                {"at": "H2", "colour": 1},
                {"at": "Q1", "budget": [{"name": "基本支出"}, {"name": "预备费", "executed": "-1 元"}]},
                {"at": "2021-03-31", "indicators": [{"name": "培训人次", "value": 1.5, "reason": "天气", "likelihood": "大概"}]},
                indicators=[{"name": "x", "weight": "-1", "target": "≥1"}],
            )
        places = [e.location for e in info.value.errors]

        assert [
            "indicators[0].weight",
            "monitoring[0].colour",
            "monitoring[0].at",
            "monitoring[1].budget[0].executed",
            "monitoring[1].budget[1].executed",
            "monitoring[2].at",
            "monitoring[2].indicators[0].value",
            "monitoring[2].indicators[0].reason",
            "monitoring[2].indicators[0].likelihood",
        ] == places

    def test_duplicate_rows(self) -> None:
        """A snapshot naming a budget line twice is an error at the second name."""
        with pytest.raises(InvalidInputError, match=r"monitoring\[0\]\.budget\[1\]\.name: '基本支出' appears twice"):
            _ev({"at": "Q1", "budget": [{"name": "基本支出", "executed": "1 元"}, {"name": "基本支出", "executed": "2 元"}]})

    def test_value_takes_the_target_unit(self) -> None:
        """A bare value takes its indicator's unit, like an actual value."""
        ev = _ev({"at": "Q1", "indicators": [{"name": "成本", "value": "80", "forecast": "95万元"}]})

        assert ("万元", "万元") == (ev.monitoring[0].indicators[0].value.unit, ev.monitoring[0].indicators[0].forecast.unit)  # type: ignore[union-attr]

    def test_round_trip(self) -> None:
        """to_data / from_data and TOML / JSON dumps keep the snapshots."""
        ev = perfrules.load(EXAMPLE)

        assert ev == perfrules.from_data(perfrules.to_data(ev))
        assert ev == perfrules.loads(perfrules.dumps(ev))
        assert ev == perfrules.loads(perfrules.dumps(ev, format="json"), format="json")

    def test_evolve_leaves_the_original(self) -> None:
        """Snapshots are frozen; evolve makes a changed copy."""
        ev = perfrules.load(EXAMPLE)
        snap = ev.monitoring[0]
        moved = attrs.evolve(snap, at=date(2021, 4, 1))

        assert (date(2021, 3, 31), date(2021, 4, 1), "Q1", None) == (snap.at, moved.at, snap.checkpoint, moved.checkpoint)


class TestSchemeSettings:
    def test_from_data(self) -> None:
        """The [monitoring] table of a scheme file sets the mode, lights, checkpoints and milestones."""
        s = schemes.from_data(
            {
                "name": "t",
                "monitoring": {
                    "progress": "checkpoints",
                    "yellow": "5",
                    "red": "15",
                    "checkpoints": [{"at": "Q1", "percent": "20"}, {"at": "06-30", "percent": "45"}],
                    "milestones": [{"name": "春节前下达50%", "at": "2021-02-11", "percent": "50", "budget": ["专项资金"]}],
                },
            }
        )
        expected = MonitoringPolicy(
            progress="checkpoints",
            yellow=perfrules.Fixed(5),
            red=perfrules.Fixed(15),
            checkpoints=[Checkpoint(3, 31, perfrules.Fixed(20)), Checkpoint(6, 30, perfrules.Fixed(45))],
            milestones=[Milestone("春节前下达50%", 2, 11, perfrules.Fixed(50), year=2021, budget=["专项资金"])],
        )

        assert expected == s.monitoring
        assert s == schemes.from_data(schemes.to_data(s))

    def test_mistakes_located(self) -> None:
        """Scheme mistakes name their place under monitoring."""
        with pytest.raises(InvalidInputError) as info:
            schemes.from_data({"name": "t", "monitoring": {"progress": "weeks", "checkpoints": [{"at": "2021-03-31", "percent": "x"}], "colour": 1}})

        assert ["monitoring.colour", "monitoring.progress", "monitoring.checkpoints[0].percent"] == [e.location for e in info.value.errors]

    def test_validation_located(self) -> None:
        """Out-of-order checkpoints and red below yellow are refused, located."""
        with pytest.raises(InvalidInputError) as info:
            schemes.from_data({"name": "t", "monitoring": {"red": "1", "yellow": "2", "checkpoints": [{"at": "06-30", "percent": "50"}, {"at": "03-31", "percent": "25"}]}})

        assert ["monitoring.red", "monitoring.checkpoints[1].at", "monitoring.checkpoints[1].percent"] == [e.location for e in info.value.errors]

    def test_default_scheme_policy(self) -> None:
        """Built-in schemes monitor by days with a 10-point tolerance."""
        assert MonitoringPolicy() == schemes.get("mof-2020-project", 2021).monitoring


class TestCli:
    def test_json_contract(self) -> None:
        """``monitor --json`` gives exactly the contract's keys with decimal strings in percent."""
        out = CliRunner().invoke(main, ["monitor", EXAMPLE, "--at", "2021-07-31", "--json"])
        data = json.loads(out.output)

        assert 0 == out.exit_code
        assert ["at", "expected_progress", "budget", "indicators", "findings"] == list(data)
        assert ("2021-07-31", "58.08") == (data["at"], data["expected_progress"])
        assert [{"name": "部门整体支出", "executed_rate": "54.21", "gap": "-3.88", "light": "yellow"}] == data["budget"]
        assert {"name": "网络课程", "progress": "41.67", "forecast": "75.00", "light": "red"} == data["indicators"][2]
        assert {"code", "severity", "message", "location"} == set(data["findings"][0])

    def test_text_and_exit_codes(self) -> None:
        """Text output names the expected progress; an error finding exits 1; a bad date exits 2."""
        runner = CliRunner()
        text = runner.invoke(main, ["monitor", EXAMPLE, "--at", "Q3", "--lang", "en"])
        bad = runner.invoke(main, ["monitor", EXAMPLE, "--at", "2022-01-01"])

        assert (0, 2) == (text.exit_code, bad.exit_code)
        assert "expected progress 74.79%" in text.output
        assert "at: 2022-01-01 is outside the evaluation's year 2021" in bad.output

    def test_unknown_name_exits_1(self, tmp_path: Any) -> None:
        """A snapshot row naming no indicator is an error finding: exit code 1."""
        src = tmp_path / "e.json"
        src.write_text(json.dumps(_data(monitoring=[_snap("Q1", [], [{"name": "不存在"}])]), ensure_ascii=False), encoding="utf-8")

        assert 1 == CliRunner().invoke(main, ["monitor", str(src), "--json"]).exit_code
