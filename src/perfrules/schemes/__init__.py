"""
Scoring schemes and the registry.

>>> from perfrules import schemes
>>> "mof-2020-project" in schemes.names()
True
>>> schemes.get("mof-2020-project", year=2021).grades.labels()
('优', '良', '中', '差')
"""

from __future__ import annotations

from collections.abc import Callable

from perfrules.schemes._file import scheme_from_data, scheme_from_file, scheme_to_data
from perfrules.schemes._format import scheme_schema
from perfrules.schemes._monitoring import Checkpoint, Milestone, MonitoringPolicy
from perfrules.schemes._registry import (
    ENTRY_POINT_GROUP,
    PluginWarning,
    SchemeRegistry,
    default_registry,
)
from perfrules.schemes._scheme import (
    ExecutionPolicy,
    Group,
    IndicatorSpec,
    Rounding,
    Scheme,
    Thresholds,
    WeightPolicy,
)

__all__ = [
    "ENTRY_POINT_GROUP",
    "Checkpoint",
    "ExecutionPolicy",
    "Group",
    "IndicatorSpec",
    "Milestone",
    "MonitoringPolicy",
    "PluginWarning",
    "Rounding",
    "Scheme",
    "SchemeRegistry",
    "Thresholds",
    "WeightPolicy",
    "default_registry",
    "file_schema",
    "from_data",
    "get",
    "load",
    "names",
    "register",
    "to_data",
]


def get(name: str, year: int | None = None) -> Scheme:
    """The edition of *name* in force in *year* in the default registry."""
    return default_registry.get(name, year)


def names() -> list[str]:
    """The names in the default registry."""
    return default_registry.names()


def register(scheme: Scheme | Callable[[], Scheme], *, replace: bool = False) -> Scheme | Callable[[], Scheme]:
    """Register in the default registry; usable as a decorator on a function returning a Scheme."""
    return default_registry.register(scheme, replace=replace)


file_schema = scheme_schema
load = scheme_from_file
to_data = scheme_to_data
from_data = scheme_from_data
