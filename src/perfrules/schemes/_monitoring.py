"""
Monitoring settings of a scheme (绩效运行监控): how expected progress is reckoned, the traffic
lights' thresholds and custom milestones.

No national figure is known for the tolerance; the default (a red light beyond 10 percentage
points behind the expected progress) is an inference, documented as such, and a setting.

>>> p = MonitoringPolicy()
>>> p.progress, str(p.red), [str(c.percent) for c in p.checkpoints]
('days', '10', ['25', '50', '58.33', '75', '100'])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs

from perfrules._monitoring_model import CHECKPOINTS, parse_at
from perfrules._quantity import Fixed
from perfrules.errors import InvalidInputError, InvalidValueError

__all__ = ["Checkpoint", "Milestone", "MonitoringPolicy", "policy_from_data", "policy_to_data"]

_HUNDRED = Fixed(100)


def _month_day(value: object) -> tuple[int | None, int, int]:
    """``"MM-DD"``, ``"YYYY-MM-DD"`` (or a TOML date) or a checkpoint name → (year or None, month, day)."""
    if isinstance(value, str) and _MONTH_DAY.match(value.strip()):
        # 2000 is a leap year, so 02-29 is accepted; Checkpoint.on() handles common years.
        d = parse_at(f"2000-{value.strip()}", 2000)
        return None, d.month, d.day
    if isinstance(value, str) and not _FULL_DATE.match(value.strip()):
        d = parse_at(value, 2000)  # a checkpoint name, or an error naming the accepted forms
        return None, d.month, d.day
    d = parse_at(value, 2000)
    return d.year, d.month, d.day


_MONTH_DAY = re.compile(r"^\d{2}-\d{2}$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@attrs.frozen
class Checkpoint:
    """A fixed checkpoint: on and after (month, day) the expected progress is ``percent``."""

    month: int
    day: int
    percent: Fixed

    def on(self, year: int) -> date:
        """The checkpoint's date in *year* (02-29 falls back to 02-28 in common years)."""
        if (self.month, self.day) == (2, 29) and not _leap(year):
            return date(year, 2, 28)
        return date(year, self.month, self.day)


def _standard_checkpoints() -> tuple[Checkpoint, ...]:
    percents = ("25", "50", "58.33", "75", "100")
    return tuple(Checkpoint(m, d, Fixed.parse(p)) for (m, d), p in zip(CHECKPOINTS.values(), percents, strict=True))


@attrs.frozen
class Milestone:
    """
    A custom milestone: by ``(month, day)`` (of ``year`` only, if given) the named budget lines
    (all lines if none are named) must have executed at least ``percent``. Example (岳阳):
    「春节前下达全部专项资金的50%」 is ``Milestone("春节前下达50%", 2, 11, Fixed(50), year=2021)``.
    """

    name: str
    month: int
    day: int
    percent: Fixed
    year: int | None = None
    budget: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    def on(self, year: int) -> date | None:
        """The milestone's date in *year*, or ``None`` if it does not apply that year."""
        if self.year is not None and self.year != year:
            return None
        if (self.month, self.day) == (2, 29) and not _leap(year):
            return date(year, 2, 28)
        return date(year, self.month, self.day)

    def applies_to(self, line: str) -> bool:
        """Whether the milestone binds the budget line named *line*."""
        return not self.budget or line in self.budget


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@attrs.frozen
class MonitoringPolicy:
    """
    How monitoring judges progress.

    ``progress`` is ``"days"`` (序时进度 = days elapsed / days in the year, leap years counted)
    or ``"checkpoints"`` (the expected progress steps up at each checkpoint: 25/50/58.33/75/100
    by default). Lights compare a lag (expected − actual, in percentage points): a lag above
    ``yellow`` is yellow, above ``red`` is red (the tolerance; 10 points is inferred, not
    official).

    .. versionadded:: 0.2.0
    """

    progress: str = attrs.field(default="days", validator=attrs.validators.in_(("days", "checkpoints")))
    checkpoints: tuple[Checkpoint, ...] = attrs.field(factory=_standard_checkpoints, converter=tuple)
    yellow: Fixed = attrs.field(factory=lambda: Fixed(0))
    red: Fixed = attrs.field(factory=lambda: Fixed(10))
    milestones: tuple[Milestone, ...] = attrs.field(default=(), converter=tuple)

    def __attrs_post_init__(self) -> None:
        errors: list[InvalidValueError] = []
        if not Fixed(0) <= self.yellow <= self.red:
            errors.append(InvalidValueError(f"need 0 ≤ yellow ≤ red, got yellow {self.yellow}, red {self.red}", ("red",)))
        previous: Checkpoint | None = None
        for i, c in enumerate(self.checkpoints):
            if not Fixed(0) <= c.percent <= _HUNDRED:
                errors.append(InvalidValueError(f"percent must lie in [0, 100], got {c.percent}", ("checkpoints", i, "percent")))
            if previous is not None and (c.month, c.day) <= (previous.month, previous.day):
                errors.append(InvalidValueError("checkpoints must be in date order, without repeats", ("checkpoints", i, "at")))
            if previous is not None and c.percent < previous.percent:
                errors.append(InvalidValueError(f"percent must not fall: {c.percent} after {previous.percent}", ("checkpoints", i, "percent")))
            previous = c
        for i, ms in enumerate(self.milestones):
            if not Fixed(0) <= ms.percent <= _HUNDRED:
                errors.append(InvalidValueError(f"percent must lie in [0, 100], got {ms.percent}", ("milestones", i, "percent")))
        if errors:
            raise InvalidInputError(errors)


def _fixed(v: object) -> Fixed:
    return Fixed.parse(v)  # type: ignore[arg-type]


def _str(v: object) -> str:
    if not isinstance(v, str):
        raise InvalidValueError(f"expected a string, got {v!r}")
    return v


def _table(v: object, allowed: set[str], errors: list[InvalidValueError], *path: str | int) -> Mapping[str, Any]:
    if not isinstance(v, Mapping):
        errors.append(InvalidValueError(f"expected a table, got {type(v).__name__}", path))
        return {}
    errors += [InvalidValueError(f"unknown key; known keys: {', '.join(sorted(allowed))}", (*path, k)) for k in sorted(set(v) - allowed)]
    errors += [InvalidValueError("missing", (*path, k)) for k in sorted(allowed - {"budget", "name"} - set(v))]
    return v


def policy_from_data(data: object, *, base: MonitoringPolicy | None = None) -> MonitoringPolicy:
    """
    The ``[monitoring]`` table of a scheme file; keys not given keep *base*'s values.

    >>> p = policy_from_data({"progress": "checkpoints", "red": "15",
    ...     "milestones": [{"name": "春节前下达50%", "at": "2021-02-11", "percent": "50", "budget": ["专项资金"]}]})
    >>> p.progress, str(p.red), p.milestones[0].year
    ('checkpoints', '15', 2021)

    Raises:
        InvalidInputError: every mistake, located under the table (``checkpoints[1].percent: …``).
    """
    start = base or MonitoringPolicy()
    if not isinstance(data, Mapping):
        raise InvalidInputError([InvalidValueError(f"expected a table, got {type(data).__name__}")])
    known = {"progress", "checkpoints", "yellow", "red", "milestones"}
    errors = [InvalidValueError(f"unknown key; known keys: {', '.join(sorted(known))}", (k,)) for k in sorted(set(data) - known)]
    table: Mapping[str, Any] = data
    kwargs: dict[str, Any] = {}

    def run(fn: Any, *path: str | int) -> Any:
        try:
            return fn()
        except InvalidInputError as e:
            errors.extend(x.at(*path) for x in e.errors)
        except InvalidValueError as e:
            errors.append(e.at(*path))
        except ValueError as e:
            errors.append(InvalidValueError(str(e), path))
        return None

    if "progress" in table:
        kwargs["progress"] = run(lambda: _progress(table["progress"]), "progress")
    for key in ("yellow", "red"):
        if key in table:
            kwargs[key] = run(lambda key=key: _fixed(table[key]), key)
    if "checkpoints" in table:
        kwargs["checkpoints"] = _list(table["checkpoints"], errors, "checkpoints", lambda t, i: _checkpoint(t, errors, i))
    if "milestones" in table:
        kwargs["milestones"] = _list(table["milestones"], errors, "milestones", lambda t, i: _milestone(t, errors, i))
    if errors:
        raise InvalidInputError(errors)
    policy = run(lambda: attrs.evolve(start, **kwargs))
    if errors:
        raise InvalidInputError(errors)
    assert isinstance(policy, MonitoringPolicy)
    return policy


def _progress(v: object) -> str:
    s = _str(v)
    if s not in ("days", "checkpoints"):
        raise InvalidValueError(f"unknown progress mode {s!r}; use days or checkpoints")
    return s


def _list(v: object, errors: list[InvalidValueError], key: str, item: Any) -> tuple[Any, ...]:
    if not isinstance(v, list):
        errors.append(InvalidValueError(f"expected a list of tables ([[monitoring.{key}]])", (key,)))
        return ()
    return tuple(x for x in (item(t, i) for i, t in enumerate(v)) if x is not None)


def _located(errors: list[InvalidValueError], fn: Any, *path: str | int) -> Any:
    try:
        return fn()
    except InvalidValueError as e:
        errors.append(e.at(*path))
    return None


def _checkpoint(t: object, errors: list[InvalidValueError], i: int) -> Checkpoint | None:
    table = _table(t, {"at", "percent"}, errors, "checkpoints", i)
    at = _located(errors, lambda: _month_day(table["at"]), "checkpoints", i, "at") if "at" in table else None
    pct = _located(errors, lambda: _fixed(table["percent"]), "checkpoints", i, "percent") if "percent" in table else None
    if at is None or pct is None:
        return None
    if at[0] is not None:
        errors.append(InvalidValueError('a checkpoint is a month and day ("03-31") or a name (Q1), not a full date', ("checkpoints", i, "at")))
        return None
    return Checkpoint(at[1], at[2], pct)


def _milestone(t: object, errors: list[InvalidValueError], i: int) -> Milestone | None:
    table = _table(t, {"name", "at", "percent", "budget"}, errors, "milestones", i)
    at = _located(errors, lambda: _month_day(table["at"]), "milestones", i, "at") if "at" in table else None
    pct = _located(errors, lambda: _fixed(table["percent"]), "milestones", i, "percent") if "percent" in table else None
    name = _located(errors, lambda: _str(table.get("name", "")), "milestones", i, "name")
    lines = _located(errors, lambda: tuple(_str(x) for x in table.get("budget", [])), "milestones", i, "budget")
    if at is None or pct is None or name is None or lines is None:
        return None
    return Milestone(name, at[1], at[2], pct, year=at[0], budget=lines)


def policy_to_data(policy: MonitoringPolicy) -> dict[str, Any]:
    """The policy in the scheme file format (``policy_from_data(policy_to_data(p)) == p``)."""
    out: dict[str, Any] = {
        "progress": policy.progress,
        "yellow": str(policy.yellow),
        "red": str(policy.red),
        "checkpoints": [{"at": f"{c.month:02d}-{c.day:02d}", "percent": str(c.percent)} for c in policy.checkpoints],
    }
    if policy.milestones:
        out["milestones"] = [
            {
                "name": m.name,
                "at": (f"{m.year:04d}-" if m.year is not None else "") + f"{m.month:02d}-{m.day:02d}",
                "percent": str(m.percent),
                **({"budget": list(m.budget)} if m.budget else {}),
            }
            for m in policy.milestones
        ]
    return out
