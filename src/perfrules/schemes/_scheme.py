"""
A scoring scheme: the indicator framework, the rule for each indicator, the grade scale and the
policies (rounding, not-applicable rows, execution score, validation, explanation thresholds).

Everything uncertain in the domain rules is a setting here, never a constant in code.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

import attrs

from perfrules._grades import GradeScale
from perfrules._model import Indicator, Severity
from perfrules._quantity import Direction, Fixed, normalize
from perfrules._rule_params import rule_from_params
from perfrules._rules import (
    EqualRule,
    ProportionalRule,
    QualitativeRule,
    ReverseRule,
    Rule,
)
from perfrules.errors import InvalidValueError
from perfrules.schemes._monitoring import MonitoringPolicy

__all__ = ["ExecutionPolicy", "Group", "IndicatorSpec", "Rounding", "Scheme", "Thresholds", "WeightPolicy"]


_V = TypeVar("_V")


class FrozenMap(Mapping[str, _V]):
    """
    A read-only mapping that pickles (``MappingProxyType`` does not, which made every Scheme and
    Result unpicklable: no multiprocessing, no Dask workers).
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, _V]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> _V:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._data,))


def _frozen_map(value: Mapping[str, _V]) -> Mapping[str, _V]:
    return FrozenMap(value)


_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』〝〞")


def name_key(name: str) -> str:
    """
    An indicator name with quotes and spaces dropped, so ``“三公”经费控制率`` and
    ``"三公经费"控制率`` are the same indicator.

    >>> name_key("“三公”经费控制率") == name_key('"三公经费"控制率')
    True
    """
    return normalize(name).translate(_QUOTES)


def _groups(value: Iterable[Group]) -> tuple[Group, ...]:
    return tuple(value)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Group:
    """
    A group of the framework: a level-1 group (一级指标) and its weight, with its level-2
    groups (二级指标) when the scheme names them.
    """

    name: str
    weight: Fixed
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strs)  #: other names used in forms
    groups: tuple[Group, ...] = attrs.field(default=(), converter=_groups)  #: level-2 groups

    def child(self, name: str) -> Group | None:
        """The level-2 group named (or aliased) *name*."""
        return next((g for g in self.groups if name in (g.name, *g.aliases)), None)


@attrs.frozen
class IndicatorSpec:
    """
    A level-3 indicator the scheme defines (三级指标): where it sits, its weight, the direction of
    a good value, its definition (the formula the form prints) and, for an indicator computed
    from the budget, the derived indicator it takes its actual value from (see ``perfrules.derive``).

    Its rule, if any, is in :attr:`Scheme.indicator_rules`.
    """

    name: str
    level1: str = ""
    level2: str = ""
    weight: Fixed | None = None
    direction: Direction | None = None
    definition: str = ""
    derive: str | None = None  #: the derived indicator supplying the actual value


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
    indicators: Mapping[str, IndicatorSpec] = attrs.field(factory=dict, converter=_frozen_map)
    named_rules: Mapping[str, Rule] = attrs.field(factory=dict, converter=_frozen_map)
    grades: GradeScale = attrs.field(factory=lambda: GradeScale.preset("90/80/60"))
    rounding: Rounding = attrs.field(factory=Rounding)
    not_applicable: str = attrs.field(default="rescale", validator=attrs.validators.in_(("rescale", "zero")))
    weights: WeightPolicy = attrs.field(factory=WeightPolicy)
    thresholds: Thresholds = attrs.field(factory=Thresholds)
    monitoring: MonitoringPolicy = attrs.field(factory=MonitoringPolicy)  #: 绩效运行监控 settings
    base: str | None = None  #: the scheme this one was derived from (an overlay)
    base_year: int | None = None  #: the first year of the base's edition it was derived from

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
        key = name_key(indicator.name)
        for name, rule in self.indicator_rules.items():
            if name_key(name) == key:
                return rule
        return self.rules[indicator.direction.value]

    def spec_for(self, name: str) -> IndicatorSpec | None:
        """The scheme's definition of the indicator *name* (quotes and spaces ignored)."""
        if name in self.indicators:
            return self.indicators[name]
        key = name_key(name)
        return next((s for n, s in self.indicators.items() if name_key(n) == key), None)

    @property
    def maximum(self) -> Fixed:
        """The highest total a scored evaluation can reach (the grade scale's maximum)."""
        return self.grades.maximum

    def group_of(self, level1: str) -> Group | None:
        """The framework group named (or aliased) *level1*."""
        for g in self.framework:
            if level1 == g.name or level1 in g.aliases:
                return g
        return None

    def problems(self) -> list[InvalidValueError]:
        """
        What does not add up in the scheme itself, each at its place in the scheme file: the
        framework's Σ (plus the execution weight) against ``weights.total``, each group's level-2
        Σ against its weight, each defined indicator's group, and the Σ of the defined indicators'
        weights in a level-2 group against that group's weight. An empty list: consistent.

        >>> from perfrules import schemes
        >>> schemes.get("sichuan-dazhou-department").problems()
        []
        """
        out: list[InvalidValueError] = []
        if self.framework:
            total = sum((g.weight for g in self.framework), Fixed(0))
            if self.execution is not None:
                total = total + self.execution.weight
            if total != self.weights.total:
                out.append(InvalidValueError(f"the groups (and the execution weight) add up to {total.normalized()}, not weights.total {self.weights.total}", ("framework",)))
        for i, top in enumerate(self.framework):
            if top.groups:
                sub = sum((c.weight for c in top.groups), Fixed(0))
                if sub != top.weight:
                    out.append(InvalidValueError(f"the level-2 groups of {top.name!r} add up to {sub.normalized()}, not its weight {top.weight}", ("framework", i, "groups")))
        sums: dict[tuple[str, str], Fixed] = {}
        for name, spec in self.indicators.items():
            g = self.group_of(spec.level1) if spec.level1 else None
            if spec.level1 and self.framework and g is None:
                out.append(InvalidValueError(f"{spec.level1!r} is not a level-1 group of the framework", ("indicators", name, "level1")))
                continue
            c = g.child(spec.level2) if g is not None and spec.level2 else None
            if g is not None and g.groups and spec.level2 and c is None:
                out.append(InvalidValueError(f"{spec.level2!r} is not a level-2 group of {g.name!r}", ("indicators", name, "level2")))
            if g is not None and spec.weight is not None:
                key = (g.name, c.name if c is not None else "")
                sums[key] = sums.get(key, Fixed(0)) + spec.weight
        for (g1, g2), got in sums.items():
            grp = self.group_of(g1)
            assert grp is not None
            target = grp.child(g2) if g2 else grp
            assert target is not None
            where: tuple[str | int, ...] = ("framework", self.framework.index(grp))
            if g2:
                where = (*where, "groups", grp.groups.index(target))
            if got > target.weight:
                out.append(InvalidValueError(f"the indicators of {target.name!r} weigh {got.normalized()}, more than its weight {target.weight}", (*where, "weight")))
            elif g2 and got != target.weight and all(s.weight is not None for s in self.indicators.values() if s.level1 == g1 and s.level2 == g2):
                out.append(InvalidValueError(f"the indicators of {target.name!r} weigh {got.normalized()}, not its weight {target.weight}", (*where, "weight")))
        return out

    @property
    def years(self) -> str:
        """The years in force, e.g. ``2020–`` or ``2013–2019``."""
        lo = "" if self.from_year is None else str(self.from_year)
        hi = "" if self.to_year is None else str(self.to_year)
        return f"{lo}–{hi}" if lo or hi else "all"
