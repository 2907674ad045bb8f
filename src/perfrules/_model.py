"""
The domain model: frozen attrs classes for what a self-evaluation states.

Model objects hold parsed, exact values (``Money``, ``Fixed``, ``Value``); parsing and every input
check live in :mod:`perfrules._load`. Change an object with :func:`attrs.evolve`.

>>> from perfrules._quantity import Money, Fixed, parse_value
>>> line = BudgetLine("年度资金总额", planned=Money.parse("2066.22万元"), executed=Money.parse("2032.03万元"))
>>> line.rate.percent(2)
'98.35'
>>> ind = Indicator(name="网络课程", weight=Fixed(10), target=parse_value("≥9门"), actual=parse_value("9门"))
>>> ind.direction
<Direction.GE: '≥'>
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import attrs

from perfrules._monitoring_model import Snapshot
from perfrules._quantity import Direction, Fixed, Money, Ratio, Value

__all__ = [
    "BudgetLine",
    "Declared",
    "Department",
    "Evaluation",
    "Facts",
    "Finding",
    "Indicator",
    "Measure",
    "Severity",
    "Target",
]


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    # Not generic: mypy's attrs plugin cannot bind a converter's TypeVar, so a generic one made
    # Department(duties=("…",)) a type error in users' code (tests/typing/api.py).
    return tuple(value)


def _snapshots(value: Iterable[Snapshot]) -> tuple[Snapshot, ...]:
    # Not generic: mypy's attrs plugin cannot solve a generic converter's type variable.
    return tuple(value)


class Severity(StrEnum):
    """How much a finding matters: an error changes a score or a grade."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen
class Department:
    """
    The unit evaluated (部门 or 单位).
    """

    name: str
    rank: str = ""  #: 级别, e.g. 正处级
    supervisor: str = ""  #: 归口管理 / 主管部门
    duties: tuple[str, ...] = attrs.field(default=(), converter=_tuple)  #: 主要职责
    units: tuple[str, ...] = attrs.field(default=(), converter=_tuple)  #: 内设机构
    staff_authorized: int | None = None  #: 编制数
    staff_actual: int | None = None  #: 实际在职人员数


@attrs.frozen
class BudgetLine:
    """
    One budget line: 年初预算数 (initial), 全年预算数 (planned, after adjustment) and 全年执行数.
    """

    name: str
    planned: Money
    executed: Money
    initial: Money | None = None

    @property
    def rate(self) -> Ratio:
        """Execution rate executed / planned (exact); planned must be positive."""
        return Ratio(self.executed.fen, self.planned.fen)


@attrs.frozen
class Indicator:
    """
    One row of the scoring table (三级指标 with its level-1 and level-2 groups).

    ``direction`` is the target's direction when it carries one, else the one given, else ≥
    for numbers and 定性 for texts.
    """

    name: str
    weight: Fixed
    target: Value
    actual: Value | None = None
    level1: str = ""
    level2: str = ""
    direction: Direction = attrs.field()
    rule: str | None = None  #: a rule name overriding the scheme's choice
    declared_score: Fixed | None = None  #: the self-score as published
    reason: str = ""  #: 偏差原因分析
    not_applicable: bool = False
    deduction: Fixed | None = None  #: a manual deduction (调减分值), subtracted and floored at 0
    core: bool = False  #: 是否核心指标

    @direction.default
    def _direction(self) -> Direction:
        if self.target.direction is not None:
            return self.target.direction
        return Direction.QUAL if self.target.is_qualitative else Direction.GE


@attrs.frozen
class Target:
    """
    A performance target (绩效目标): its text and the names of the indicators that measure it.
    """

    text: str
    indicators: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    result: str = ""  #: 完成情况, as the report states it


@attrs.frozen
class Finding:
    """
    A problem: stated by a report (存在的主要问题) or found by perfrules.

    ``location`` is the path of the place in the input (``indicators[2].declared_score``), or
    ``None`` for the evaluation as a whole.
    """

    code: str
    severity: Severity
    message: str
    location: str | None = None
    message_en: str = ""


@attrs.frozen
class Measure:
    """
    An improvement measure (改进措施) with its sub-points (一是, 二是…) and the indexes of the
    findings it answers.
    """

    text: str
    points: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    answers: tuple[int, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Declared:
    """
    What a report claims: the total, the grade, the execution score, the execution rate in
    percent as stated (``"98.35"``), and the reason given for a low execution rate (the
    偏差原因 cell of the form's 预算执行率 row).
    """

    total: Fixed | None = None
    grade: str | None = None
    execution_score: Fixed | None = None
    execution_rate: Fixed | None = None  #: percent, as stated
    execution_reason: str = ""  #: 预算执行率偏差原因


@attrs.frozen
class Facts:
    """
    Department-level amounts the budget lines do not carry, from which the derived indicators
    of a department evaluation are computed (``perfrules.derive``). Every one is optional;
    an indicator whose facts are missing is simply not derived. Staff counts are
    :attr:`Department.staff_actual` and :attr:`Department.staff_authorized`.

    Input keys (``[facts]`` table): ``three_public_budget`` (本年度"三公经费"预算数),
    ``three_public_budget_last_year`` (上年度"三公经费"预算数), ``three_public_actual``
    ("三公经费"实际支出数), ``operating_budget`` (预算安排公用经费总额), ``operating_actual``
    (实际支出公用经费总额), ``procurement_budget`` (政府采购预算数), ``procurement_actual``
    (实际政府采购金额), ``carryover`` (结转结余总额; default Σ max(全年预算数 − 执行数, 0)),
    ``carryover_last_year`` (上年度累计结转结余资金总额), ``adjustment`` (预算调整数; default
    Σ |全年预算数 − 年初预算数|).

    .. versionadded:: 0.2.0
    """

    three_public_budget: Money | None = None
    three_public_budget_last_year: Money | None = None
    three_public_actual: Money | None = None
    operating_budget: Money | None = None
    operating_actual: Money | None = None
    procurement_budget: Money | None = None
    procurement_actual: Money | None = None
    carryover: Money | None = None
    carryover_last_year: Money | None = None
    adjustment: Money | None = None


@attrs.frozen
class Evaluation:
    """
    A self-evaluation: everything a 自评报告 and its 自评表 state.
    """

    year: int
    department: Department
    scheme: str | None = None
    kind: str = "department"  #: "department" (部门整体) or "project" (项目支出)
    overall_work: str = ""  #: 年度总体工作
    key_tasks: tuple[str, ...] = attrs.field(default=(), converter=_tuple)  #: 重点工作任务
    task_results: tuple[str, ...] = attrs.field(default=(), converter=_tuple)  #: 重点任务完成情况
    management: str = ""  #: 部门整体绩效管理情况 (e.g. how monitoring was done)
    budget: tuple[BudgetLine, ...] = attrs.field(default=(), converter=_tuple)
    targets: tuple[Target, ...] = attrs.field(default=(), converter=_tuple)
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_tuple)
    results: tuple[str, ...] = attrs.field(default=(), converter=_tuple)  #: 主要工作成效
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_tuple)  #: 存在的主要问题
    measures: tuple[Measure, ...] = attrs.field(default=(), converter=_tuple)  #: 改进措施
    declared: Declared = attrs.field(factory=Declared)
    monitoring: tuple[Snapshot, ...] = attrs.field(default=(), converter=_snapshots)  #: 绩效运行监控 snapshots
    facts: Facts = attrs.field(factory=Facts)  #: amounts for the derived department indicators

    @property
    def planned(self) -> Money:
        """Σ planned (全年预算数) over the budget lines."""
        return Money(sum(b.planned.fen for b in self.budget))

    @property
    def executed(self) -> Money:
        """Σ executed (全年执行数) over the budget lines."""
        return Money(sum(b.executed.fen for b in self.budget))
