"""
Monitoring snapshots (绩效运行监控): what a unit records at a checkpoint during the year.

A :class:`Snapshot` holds, at one date, the amount executed to date per budget line and, per
indicator, the value to date, the year-end forecast, a deviation reason and a likelihood of
meeting the target ("双监控": budget execution and target achievement).
Parsing and checks live in :mod:`perfrules._load`; the arithmetic in :mod:`perfrules._monitor`.

>>> from datetime import date
>>> from perfrules._quantity import Money, parse_value
>>> s = Snapshot(
...     date(2021, 7, 31),
...     budget=[BudgetProgress("部门整体支出", Money.parse("1200 万元"))],
...     indicators=[IndicatorProgress("网络课程", value=parse_value("5"), likelihood=Likelihood.POSSIBLE)],
... )
>>> s.checkpoint, s.budget[0].executed.yuan
('1-7月', Fixed(units=1200000000, places=2))
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

import attrs

from perfrules._quantity import Money, Value, normalize
from perfrules.errors import InvalidValueError

__all__ = [
    "CHECKPOINTS",
    "BudgetProgress",
    "DeviationReason",
    "IndicatorProgress",
    "Likelihood",
    "Snapshot",
    "parse_at",
]

class DeviationReason(StrEnum):
    """偏差原因分析: the categories of the central monitoring table."""

    FUNDING = "经费保障"
    RULES = "制度保障"
    STAFF = "人员保障"
    HARDWARE = "硬件条件保障"
    OTHER = "其他"

    @classmethod
    def parse(cls, text: str) -> DeviationReason:
        """
        Read a reason as written (full-width forms and spaces are folded).

        >>> DeviationReason.parse(" 经费保障 ")
        <DeviationReason.FUNDING: '经费保障'>
        """
        try:
            return cls(normalize(text))
        except ValueError:
            raise InvalidValueError(f"unknown deviation reason {text!r}; use one of {' / '.join(cls)}") from None


class Likelihood(StrEnum):
    """完成目标可能性: how likely the unit thinks the target is met by year-end."""

    CERTAIN = "确定能"
    POSSIBLE = "有可能"
    IMPOSSIBLE = "完全不可能"

    @classmethod
    def parse(cls, text: str) -> Likelihood:
        """
        Read a likelihood as written.

        >>> Likelihood.parse("有可能")
        <Likelihood.POSSIBLE: '有可能'>
        """
        try:
            return cls(normalize(text))
        except ValueError:
            raise InvalidValueError(f"unknown likelihood {text!r}; use one of {' / '.join(cls)}") from None


@attrs.frozen
class BudgetProgress:
    """One budget line in a snapshot: the amount executed to date (by the line's name)."""

    name: str
    executed: Money


@attrs.frozen
class IndicatorProgress:
    """
    One indicator in a snapshot (by the indicator's name): the value to date (执行情况), the
    year-end forecast (全年预计完成情况), the deviation reason and the likelihood.
    """

    name: str
    value: Value | None = None
    forecast: Value | None = None
    reason: DeviationReason | None = None
    likelihood: Likelihood | None = None


# Converters are not generic: mypy's attrs plugin cannot solve a generic converter's type variable.
def _budget_rows(rows: Iterable[BudgetProgress]) -> tuple[BudgetProgress, ...]:
    return tuple(rows)


def _indicator_rows(rows: Iterable[IndicatorProgress]) -> tuple[IndicatorProgress, ...]:
    return tuple(rows)


#: The standard checkpoints (month, day) and their names; the first name is the canonical one.
CHECKPOINTS: dict[str, tuple[int, int]] = {
    "Q1": (3, 31),
    "H1": (6, 30),
    "1-7月": (7, 31),
    "Q3": (9, 30),
    "year-end": (12, 31),
}
_ALIASES = {
    "q1": "Q1", "一季度": "Q1", "第一季度": "Q1", "1-3月": "Q1",
    "h1": "H1", "上半年": "H1", "1-6月": "H1", "q2": "H1",
    "1-7月": "1-7月", "1~7月": "1-7月", "1至7月": "1-7月",
    "q3": "Q3", "三季度": "Q3", "第三季度": "Q3", "1-9月": "Q3",
    "year-end": "year-end", "yearend": "year-end", "q4": "year-end", "年末": "year-end", "全年": "year-end", "1-12月": "year-end",
}  # fmt: skip
_DASHES = re.compile("[–—~～〜－]")


@attrs.frozen
class Snapshot:
    """
    The monitoring figures at one date (the end of that day).
    """

    at: date
    budget: tuple[BudgetProgress, ...] = attrs.field(default=(), converter=_budget_rows)
    indicators: tuple[IndicatorProgress, ...] = attrs.field(default=(), converter=_indicator_rows)

    @property
    def checkpoint(self) -> str | None:
        """The standard checkpoint name of the date (``"Q1"``, ``"1-7月"``…), if it is one."""
        for name, (m, d) in CHECKPOINTS.items():
            if (self.at.month, self.at.day) == (m, d):
                return name
        return None


def parse_at(value: object, year: int) -> date:
    """
    A snapshot date: an ISO date (string or TOML date) or a checkpoint name of *year*.

    Checkpoint names: ``Q1``, ``H1``, ``1-7月`` (also ``1–7月``), ``Q3``, ``year-end`` and
    their Chinese forms (一季度, 上半年, 三季度, 年末).

    >>> parse_at("1–7月", 2021), parse_at("2020-02-29", 2020)
    (datetime.date(2021, 7, 31), datetime.date(2020, 2, 29))

    Raises:
        InvalidValueError: neither a date nor a checkpoint name.
    """
    if isinstance(value, datetime):
        raise InvalidValueError(f"expected a date, not a date and time: {value.isoformat()}")
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InvalidValueError(f'expected a date such as "{year}-07-31" or a checkpoint name, got {type(value).__name__} {value!r}')
    key = _DASHES.sub("-", normalize(value)).lower()
    name = _ALIASES.get(key)
    if name is not None:
        m, d = CHECKPOINTS[name]
        return date(year, m, d)
    try:
        return date.fromisoformat(normalize(value))
    except ValueError:
        names = ", ".join(CHECKPOINTS)
        raise InvalidValueError(f"not a date (YYYY-MM-DD) nor a checkpoint ({names}): {value!r}") from None
