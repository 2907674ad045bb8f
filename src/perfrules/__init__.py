"""
perfrules: exact, explainable scoring of Chinese budget performance self-evaluations (预算绩效自评).

>>> import perfrules
>>> ev = perfrules.load("examples/panyu-2021.toml")
>>> result = perfrules.score(ev)
>>> str(result.total), result.grade.label
('94.16', '优')
"""

# No `from __future__ import annotations` here: it would add a public name, `annotations`,
# and break the law that the public names are exactly __all__ (tests/test_exported_members.py).
from perfrules import errors, schemes
from perfrules._audit import check
from perfrules._catalogue import CATALOGUE
from perfrules._derived import Derived, derive
from perfrules._engine import ExecutionLine, Line, Result, score
from perfrules._grades import Grade, GradeScale
from perfrules._load import dump, dumps, from_data, load, loads, to_data
from perfrules._model import (
    BudgetLine,
    Declared,
    Department,
    Evaluation,
    Facts,
    Finding,
    Indicator,
    Measure,
    Severity,
    Target,
)
from perfrules._monitor import BudgetStatus, IndicatorStatus, Light, MonitorResult, monitor
from perfrules._monitoring_model import (
    BudgetProgress,
    DeviationReason,
    IndicatorProgress,
    Likelihood,
    Snapshot,
)
from perfrules._parse import ReportFacts, parse_report
from perfrules._quantity import Direction, Fixed, Money, Ratio, Value, parse_value
from perfrules._render import render
from perfrules._render._xlsx_import import read_xlsx
from perfrules._rules import Rule, rule_kind
from perfrules.schemes import Scheme, SchemeRegistry

__version__ = "0.1.0"

__all__ = [
    "CATALOGUE",
    "BudgetLine",
    "BudgetProgress",
    "BudgetStatus",
    "Declared",
    "Department",
    "Derived",
    "DeviationReason",
    "Direction",
    "Evaluation",
    "ExecutionLine",
    "Facts",
    "Finding",
    "Fixed",
    "Grade",
    "GradeScale",
    "Indicator",
    "IndicatorProgress",
    "IndicatorStatus",
    "Light",
    "Likelihood",
    "Line",
    "Measure",
    "Money",
    "MonitorResult",
    "Ratio",
    "ReportFacts",
    "Result",
    "Rule",
    "Scheme",
    "SchemeRegistry",
    "Severity",
    "Snapshot",
    "Target",
    "Value",
    "check",
    "derive",
    "dump",
    "dumps",
    "errors",
    "from_data",
    "load",
    "loads",
    "monitor",
    "parse_report",
    "parse_value",
    "read_xlsx",
    "render",
    "rule_kind",
    "schemes",
    "score",
    "to_data",
]
