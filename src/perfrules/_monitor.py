"""
Performance monitoring (绩效运行监控): ``monitor(evaluation, at=None) -> MonitorResult``.

At a date, the expected progress (序时进度 by days, or the scheme's fixed checkpoints, raised by
custom milestones) is set against each budget line's execution to date and each indicator's
value to date and year-end forecast, giving gaps, traffic lights and warnings as findings.
Every number is exact (:class:`~perfrules.Ratio`); rounding happens only when printed.

>>> import perfrules
>>> ev = perfrules.load("examples/panyu-2021-monitoring.toml")
>>> m = perfrules.monitor(ev, at="1-7月")
>>> m.expected_progress.percent(2), m.budget[0].rate.percent(2), m.budget[0].light.value
('58.08', '54.21', 'yellow')
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from fractions import Fraction

import attrs

from perfrules._catalogue import finding
from perfrules._model import BudgetLine, Evaluation, Finding, Indicator
from perfrules._monitoring_model import IndicatorProgress, Likelihood, Snapshot, parse_at
from perfrules._quantity import Direction, Money, Ratio, Value, unit_scale
from perfrules._rules import QualitativeRule
from perfrules.errors import InvalidValueError
from perfrules.schemes import Scheme
from perfrules.schemes._monitoring import MonitoringPolicy

__all__ = ["BudgetStatus", "IndicatorStatus", "Light", "MonitorResult", "expected_progress", "monitor"]


class Light(StrEnum):
    """A traffic light: on track, lagging within the tolerance, beyond it."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    def localized(self, lang: str = "zh") -> str:
        """``绿灯`` / ``green``…"""
        return self.value if lang.startswith("en") else {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}[self.value]


_ORDER = {None: 0, Light.GREEN: 1, Light.YELLOW: 2, Light.RED: 3}


def _worst(*lights: Light | None) -> Light | None:
    return max(lights, key=lambda x: _ORDER[x])


def _ratio(x: Fraction) -> Ratio:
    return Ratio(x.numerator, x.denominator)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def expected_progress(policy: MonitoringPolicy, at: date) -> Fraction:
    """
    The expected progress at the end of day *at*, as an exact fraction of the year's target.

    ``days``: days elapsed (``at`` included) / days in the year (366 in leap years).
    ``checkpoints``: the percent of the last checkpoint on or before ``at`` (0 before the first);
    the year-end is always 100%.

    >>> p = MonitoringPolicy()
    >>> expected_progress(p, date(2021, 7, 31)), expected_progress(p, date(2020, 7, 31))
    (Fraction(212, 365), Fraction(71, 122))
    >>> q = MonitoringPolicy(progress="checkpoints")
    >>> expected_progress(q, date(2021, 3, 30)), expected_progress(q, date(2021, 3, 31))
    (Fraction(0, 1), Fraction(1, 4))
    """
    if policy.progress == "days":
        return Fraction(at.timetuple().tm_yday, 366 if _leap(at.year) else 365)
    if (at.month, at.day) == (12, 31):
        return Fraction(1)
    reached = [c.percent.as_fraction() for c in policy.checkpoints if c.on(at.year) <= at]
    return max(reached, default=Fraction(0)) / 100


@attrs.frozen
class BudgetStatus:
    """
    One budget line at the date: executed to date, the exact rate, the gap to its expected
    progress (positive: ahead) and its light. ``None`` where the snapshot gives no figure or the
    planned amount is 0.
    """

    index: int  #: position in ``evaluation.budget``
    line: BudgetLine
    expected: Ratio  #: the time progress, raised by milestones binding this line
    executed: Money | None
    rate: Ratio | None
    gap: Ratio | None
    light: Light | None

    @property
    def name(self) -> str:
        """The budget line's name."""
        return self.line.name


@attrs.frozen
class IndicatorStatus:
    """
    One indicator at the date. ``progress`` is value to date / target, ``forecast`` the year-end
    forecast / target (both in the target's unit); ``gap`` is progress − expected for ≥ and =
    targets, expected − progress for ≤ targets (positive: on the good side).
    """

    index: int  #: position in ``evaluation.indicators``
    indicator: Indicator
    reported: IndicatorProgress | None
    expected: Ratio  #: the time progress; 100% for rates (%) and ≤ targets, which are levels
    progress: Ratio | None
    forecast: Ratio | None
    gap: Ratio | None
    light: Light | None

    @property
    def name(self) -> str:
        """The indicator's name."""
        return self.indicator.name


@attrs.frozen
class MonitorResult:
    """
    The monitoring picture at one date.

    .. versionadded:: 0.2.0
    """

    evaluation: Evaluation
    policy: MonitoringPolicy
    at: date
    snapshot: Snapshot | None  #: the latest snapshot on or before ``at``
    expected_progress: Ratio
    budget: tuple[BudgetStatus, ...]
    indicators: tuple[IndicatorStatus, ...]
    findings: tuple[Finding, ...]


def _policy(evaluation: Evaluation, scheme: Scheme | str | None) -> MonitoringPolicy:
    if scheme is None and evaluation.scheme is None:
        return MonitoringPolicy()
    from perfrules._engine import resolve_scheme

    return resolve_scheme(evaluation, scheme).monitoring


def _date(evaluation: Evaluation, at: date | str | None) -> date:
    if at is None:
        if not evaluation.monitoring:
            raise InvalidValueError("no monitoring snapshot: add a [[monitoring]] table or give a date", ("monitoring",))
        return max(s.at for s in evaluation.monitoring)
    try:
        day = parse_at(at, evaluation.year)
    except InvalidValueError as e:
        raise e.at("at") from None
    if day.year != evaluation.year:
        raise InvalidValueError(f"{day.isoformat()} is outside the evaluation's year {evaluation.year}", ("at",))
    return day


def monitor(evaluation: Evaluation, at: date | str | None = None, *, scheme: Scheme | str | None = None) -> MonitorResult:
    """
    Monitor *evaluation* at the date *at* (a date, ``"2021-07-31"`` or a checkpoint name ``Q1``,
    ``H1``, ``1-7月``, ``Q3``, ``year-end``); by default, at its latest snapshot.

    The figures are those of the latest snapshot on or before *at*. The monitoring settings come
    from *scheme* (an object or a registry name), else the evaluation's scheme, else the
    defaults of :class:`~perfrules.schemes.MonitoringPolicy`.

    Raises:
        InvalidValueError: no snapshot and no date, a date outside the evaluation's year, or an
            unknown scheme.

    .. versionadded:: 0.2.0
    """
    policy = _policy(evaluation, scheme)
    day = _date(evaluation, at)
    base = expected_progress(policy, day)
    findings: list[Finding] = []
    chosen = [(i, s) for i, s in enumerate(evaluation.monitoring) if s.at <= day]
    k, snap = max(chosen, key=lambda p: p[1].at) if chosen else (-1, None)
    if snap is None:
        findings.append(finding("monitor-no-snapshot", location="monitoring", at=day.isoformat()))
    elif snap.at != day:
        findings.append(finding("monitor-earlier-snapshot", location=f"monitoring[{k}].at", snapshot=snap.at.isoformat(), at=day.isoformat()))
    if snap is not None:
        findings += _unknown_names(evaluation, snap, k)
        # A section left out (a budget-only quarterly check) is said once, not row by row.
        findings += [
            finding("monitor-section-missing", location=f"monitoring[{k}]", at=snap.at.isoformat(), section=zh, section_en=en)
            for rows, wanted, zh, en in ((snap.budget, evaluation.budget, "预算执行", "budget"), (snap.indicators, evaluation.indicators, "绩效指标", "indicators"))
            if wanted and not rows
        ]
    ctx = _Context(policy, day, base, snap, k, findings)
    budget = tuple(_budget(ctx, i, line) for i, line in enumerate(evaluation.budget))
    indicators = tuple(_indicator(ctx, i, ind) for i, ind in enumerate(evaluation.indicators))
    return MonitorResult(evaluation, policy, day, snap, _ratio(base), budget, indicators, tuple(findings))


def _unknown_names(evaluation: Evaluation, snap: Snapshot, k: int) -> list[Finding]:
    lines = {b.name for b in evaluation.budget}
    inds = {i.name for i in evaluation.indicators}
    out = [finding("monitor-unknown-budget", location=f"monitoring[{k}].budget[{j}].name", name=b.name) for j, b in enumerate(snap.budget) if b.name not in lines]
    out += [finding("monitor-unknown-indicator", location=f"monitoring[{k}].indicators[{j}].name", name=r.name) for j, r in enumerate(snap.indicators) if r.name not in inds]
    return out


def _light(lag: Fraction, policy: MonitoringPolicy) -> Light:
    """The light for a lag in fractions of the target (positive: behind)."""
    points = lag * 100
    if points > policy.red.as_fraction():
        return Light.RED
    if points > policy.yellow.as_fraction():
        return Light.YELLOW
    return Light.GREEN


def _pct(x: Fraction) -> str:
    return _ratio(x).percent(2)


@attrs.frozen
class _Context:
    """What every row is judged against: the settings, the date, the snapshot and its index."""

    policy: MonitoringPolicy
    day: date
    base: Fraction
    snap: Snapshot | None
    k: int
    findings: list[Finding]


def _budget(ctx: _Context, i: int, line: BudgetLine) -> BudgetStatus:
    policy, day, base, snap, k, findings = ctx.policy, ctx.day, ctx.base, ctx.snap, ctx.k, ctx.findings
    binding = [m for m in policy.milestones if m.applies_to(line.name) and (on := m.on(day.year)) is not None and on <= day]
    expected = max([base, *(m.percent.as_fraction() / 100 for m in binding)])
    rows = [(j, r) for j, r in enumerate(snap.budget) if r.name == line.name] if snap else []
    if not rows:
        if snap is not None and snap.budget:
            findings.append(finding("monitor-not-reported", location=f"monitoring[{k}].budget", kind="预算项目", kind_en="budget line", name=line.name))
        return BudgetStatus(i, line, _ratio(expected), None, None, None, None)
    j, row = rows[0]
    where = f"monitoring[{k}].budget[{j}].executed"
    if line.planned.fen <= 0:
        findings.append(finding("monitor-planned-zero", location=f"budget[{i}].planned", name=line.name))
        return BudgetStatus(i, line, _ratio(expected), row.executed, None, None, None)
    rate = Fraction(row.executed.fen, line.planned.fen)
    gap = rate - expected
    light = _light(-gap, policy)
    for m in binding:
        if rate < m.percent.as_fraction() / 100:
            findings.append(finding("monitor-milestone-missed", location=where, name=line.name, milestone=m.name, required=str(m.percent), rate=_pct(rate)))
    if light is Light.RED:
        findings.append(finding("monitor-red", location=where, kind="预算项目", kind_en="budget line", name=line.name, progress=_pct(rate), expected=_pct(expected), lag=_pct(-gap)))
    return BudgetStatus(i, line, _ratio(expected), row.executed, _ratio(rate), _ratio(gap), light)


def _share(value: Value | None, target: Value) -> Fraction | None:
    """value / target in the target's unit, or None (no value, text, other units, target 0)."""
    if value is None or target.number is None or target.number.units == 0:
        return None
    v = value.in_unit_of(target)
    return None if v is None else v / target.number.as_fraction()


def _indicator(ctx: _Context, i: int, ind: Indicator) -> IndicatorStatus:
    policy, base, snap, k, findings = ctx.policy, ctx.base, ctx.snap, ctx.k, ctx.findings
    level = ind.direction is Direction.LE or unit_scale(ind.target.unit)[0] == "%"
    expected = Fraction(1) if level else base
    rows = [(j, r) for j, r in enumerate(snap.indicators) if r.name == ind.name] if snap else []
    if not rows or ind.not_applicable:
        if snap is not None and snap.indicators and not ind.not_applicable:
            findings.append(finding("monitor-not-reported", location=f"monitoring[{k}].indicators", kind="绩效指标", kind_en="indicator", name=ind.name))
        return IndicatorStatus(i, ind, rows[0][1] if rows else None, _ratio(expected), None, None, None, None)
    j, row = rows[0]
    where = f"monitoring[{k}].indicators[{j}]"
    progress, forecast = _share(row.value, ind.target), _share(row.forecast, ind.target)
    gap: Fraction | None = None
    if ind.direction is Direction.QUAL or ind.target.is_qualitative:
        light = _band_light(ind.target, row.value)
        misses = _band_light(ind.target, row.forecast) not in (None, Light.GREEN)
        lagging = light not in (None, Light.GREEN)
    elif ind.target.number is not None and ind.target.number.units == 0:
        # A zero target (≤0起 accidents): no ratio; any value on the wrong side of 0 is red.
        light, misses = _zero_target(ind, row)
        lagging = light is Light.RED
    else:
        for key, v, share in (("value", row.value, progress), ("forecast", row.forecast, forecast)):
            if v is not None and share is None and ind.target.number is not None and ind.target.number.units != 0:
                findings.append(finding("monitor-value-unusable", location=f"{where}.{key}", name=ind.name, value=v.text, target=ind.target.text))
        if progress is not None:
            gap = expected - progress if ind.direction is Direction.LE else progress - expected
        light = None if gap is None else _light(-gap, policy)
        lagging = light not in (None, Light.GREEN)
        misses = forecast is not None and (forecast > 1 if ind.direction is Direction.LE else forecast < 1)
    if misses:
        light = _worst(light, Light.YELLOW)
    if row.likelihood is Likelihood.POSSIBLE:
        light = _worst(light, Light.YELLOW)
    if row.likelihood is Likelihood.IMPOSSIBLE:
        light = Light.RED
    if misses and row.likelihood is Likelihood.CERTAIN:
        findings.append(finding("monitor-forecast-certain", location=f"{where}.likelihood", name=ind.name, forecast=row.forecast.text if row.forecast else "", target=ind.target.text))
    if (lagging or misses) and row.reason is None:
        findings.append(finding("monitor-no-reason", location=f"{where}.reason", name=ind.name))
    if light is Light.RED:
        findings.append(
            finding("monitor-red", location=where, kind="绩效指标", kind_en="indicator", name=ind.name, progress="—" if progress is None else _pct(progress), expected=_pct(expected), lag="—" if gap is None else _pct(-gap))
        )
    return IndicatorStatus(i, ind, row, _ratio(expected), None if progress is None else _ratio(progress), None if forecast is None else _ratio(forecast), None if gap is None else _ratio(gap), light)


def _zero_target(ind: Indicator, row: IndicatorProgress) -> tuple[Light | None, bool]:
    """The light of the value and whether the forecast misses, for a target of 0."""

    def wrong(v: Value | None) -> bool | None:
        x = None if v is None else v.in_unit_of(ind.target)
        if x is None:
            return None
        return x > 0 if ind.direction is Direction.LE else x < 0

    now = wrong(row.value)
    return (None if now is None else Light.RED if now else Light.GREEN), bool(wrong(row.forecast))


def _band_light(target: Value, value: Value | None) -> Light | None:
    """Qualitative lights (vendor practice): 达成 green, 部分达成 yellow, 未达成 red."""
    band = QualitativeRule.band(target, value)
    return {0: Light.GREEN, 1: Light.YELLOW, 2: Light.RED}.get(band)
