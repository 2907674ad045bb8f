"""
A scoring scheme: the indicator framework, the rule for each indicator, the grade scale and the
policies (rounding, not-applicable rows, execution score, validation, explanation thresholds).

Everything uncertain in the domain rules is a setting here, never a constant in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from perfrules._grades import GradeScale
from perfrules._model import Indicator, Severity
from perfrules._quantity import Direction, Fixed
from perfrules._rules import EqualRule, ProportionalRule, QualitativeRule, ReverseRule, Rule, rule_from_params
from perfrules.schemes._monitoring import MonitoringPolicy

__all__ = ["ExecutionPolicy", "Group", "Rounding", "Scheme", "Thresholds", "WeightPolicy"]


def _frozen_map(value: Mapping[str, Rule]) -> Mapping[str, Rule]:
    return MappingProxyType(dict(value))


@attrs.frozen
class Group:
    """A level-1 group of the framework (一级指标) and its weight."""

    name: str
    weight: Fixed
    aliases: tuple[str, ...] = attrs.field(default=(), converter=tuple)  #: other names used in forms


@attrs.frozen
class ExecutionPolicy:
    """
    How the budget execution rate (预算执行率) scores: w · executed / planned.

    ``round_rate`` rounds the rate half-up to ``rate_places`` decimals of the ratio first
    (4 → 0.01%); ``cap`` caps the rate at 100%.
    """

    weight: Fixed = attrs.field(factory=lambda: Fixed(10))
    round_rate: bool = False
    rate_places: int = 4
    cap: bool = True


@attrs.frozen
class Rounding:
    """
    Where rounding happens: each row half-up to ``places`` decimals (the point unit), and the
    total half-up to ``total_places`` (≤ ``places``).
    """

    places: int = attrs.field(default=2, validator=attrs.validators.in_(range(7)))
    total_places: int = attrs.field(default=2, validator=attrs.validators.in_(range(7)))

    def __attrs_post_init__(self) -> None:
        if self.total_places > self.places:
            raise ValueError("total_places cannot exceed places")


@attrs.frozen
class WeightPolicy:
    """Σ weights (execution included) must equal ``total``; a difference is a finding of ``severity``."""

    total: Fixed = attrs.field(factory=lambda: Fixed(100))
    severity: Severity = Severity.WARNING
    groups: bool = True  #: also compare each level-1 group's Σ with the framework's weight


@attrs.frozen
class Thresholds:
    """When a reason (偏差原因) is expected; values are percent."""

    over_achievement: Fixed = attrs.field(factory=lambda: Fixed(130))  #: B/A at or above this
    execution_below: Fixed = attrs.field(factory=lambda: Fixed(90))  #: execution rate below this
    over_achievement_zero_target: Fixed = attrs.field(factory=lambda: Fixed(30))  #: B at or above this when A = 0


def _default_rules() -> Mapping[str, Rule]:
    return _frozen_map(
        {
            Direction.GE.value: ProportionalRule(),
            Direction.LE.value: ReverseRule(),
            Direction.EQ.value: EqualRule(),
            Direction.QUAL.value: QualitativeRule(),
        }
    )


@attrs.frozen
class Scheme:
    """
    A scoring scheme. Build one in code, or from a TOML file with :func:`perfrules.schemes.load`.

    >>> from perfrules import schemes
    >>> s = schemes.get("mof-2020-project", year=2021)
    >>> s.execution.weight, [g.name for g in s.framework]
    (Fixed(units=10, places=0), ['产出指标', '效益指标', '满意度指标'])
    """

    name: str
    title: str = ""
    edition: str = ""
    from_year: int | None = None
    to_year: int | None = None
    status: str = attrs.field(default="official", validator=attrs.validators.in_(("official", "provisional")))
    kind: str = "project"
    jurisdiction: str = ""
    source: str = ""
    framework: tuple[Group, ...] = attrs.field(default=(), converter=tuple)
    execution: ExecutionPolicy | None = attrs.field(factory=ExecutionPolicy)
    rules: Mapping[str, Rule] = attrs.field(factory=_default_rules, converter=_frozen_map)
    indicator_rules: Mapping[str, Rule] = attrs.field(factory=dict, converter=_frozen_map)
    named_rules: Mapping[str, Rule] = attrs.field(factory=dict, converter=_frozen_map)
    grades: GradeScale = attrs.field(factory=lambda: GradeScale.preset("90/80/60"))
    rounding: Rounding = attrs.field(factory=Rounding)
    not_applicable: str = attrs.field(default="rescale", validator=attrs.validators.in_(("rescale", "zero")))
    weights: WeightPolicy = attrs.field(factory=WeightPolicy)
    thresholds: Thresholds = attrs.field(factory=Thresholds)
    monitoring: MonitoringPolicy = attrs.field(factory=MonitoringPolicy)  #: 绩效运行监控 settings
    base: str | None = None  #: the scheme this one was derived from (an overlay)

    def in_force(self, year: int) -> bool:
        """Whether this edition applies in *year*."""
        return (self.from_year is None or self.from_year <= year) and (self.to_year is None or year <= self.to_year)

    def rule_for(self, indicator: Indicator) -> Rule:
        """
        The rule that scores *indicator*: its own ``rule`` (a named rule of the scheme or a rule
        kind), else the scheme's rule for its name, else the default for its direction.
        """
        if indicator.rule is not None:
            if indicator.rule in self.named_rules:
                return self.named_rules[indicator.rule]
            return rule_from_params(indicator.rule)
        if indicator.name in self.indicator_rules:
            return self.indicator_rules[indicator.name]
        return self.rules[indicator.direction.value]

    def group_of(self, level1: str) -> Group | None:
        """The framework group named (or aliased) *level1*."""
        for g in self.framework:
            if level1 == g.name or level1 in g.aliases:
                return g
        return None

    @property
    def years(self) -> str:
        """The years in force, e.g. ``2020–`` or ``2013–2019``."""
        lo = "" if self.from_year is None else str(self.from_year)
        hi = "" if self.to_year is None else str(self.to_year)
        return f"{lo}–{hi}" if lo or hi else "all"
