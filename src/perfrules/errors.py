"""
Every exception perfrules raises.

The tree::

    PerfrulesError
     ├── InvalidValueError (ValueError)      one bad value, with the path of its place
     │    └── NumericRangeError              beyond what int64 arithmetic holds exactly
     ├── InvalidInputError (ValueError)      one or more InvalidValueError, all at once
     ├── UnknownSchemeError (KeyError)       a scheme name (or year) the registry does not know
     ├── DuplicateSchemeError (ValueError)   a second registration of a name
     └── ReportParseError (ValueError)       a report text that cannot be read at all

A *path* is a tuple of keys and indexes, rendered the way the input file is written:
``("indicators", 3, "target")`` reads ``indicators[3].target``.

>>> str(InvalidValueError("must not be negative", ("indicators", 3, "weight")))
'indicators[3].weight: must not be negative'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = [
    "DuplicateSchemeError",
    "InvalidInputError",
    "InvalidValueError",
    "NumericRangeError",
    "PerfrulesError",
    "ReportParseError",
    "UnknownSchemeError",
    "render_path",
]

Path = tuple[str | int, ...]

_BARE_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def render_path(path: Sequence[str | int]) -> str:
    """
    Render a path as it reads in the input file.

    >>> render_path(("indicators", 3, "target"))
    'indicators[3].target'
    >>> render_path(("indicators", "三公经费控制率", "rule", "per_unit"))
    'indicators."三公经费控制率".rule.per_unit'
    >>> render_path(())
    '$'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = part if _BARE_KEY.match(part) else f'"{part}"'
            out += f".{key}" if out else key
    return out or "$"


class PerfrulesError(Exception):
    """
    Base class of every perfrules exception.
    """


class InvalidValueError(PerfrulesError, ValueError):
    """
    One value is wrong; *path* says where it is.
    """

    def __init__(self, reason: str, path: Sequence[str | int] = ()) -> None:
        super().__init__(reason, tuple(path))
        self.reason = reason
        self.path: Path = tuple(path)

    def __str__(self) -> str:
        if not self.path:
            return self.reason
        return f"{render_path(self.path)}: {self.reason}"

    @property
    def location(self) -> str | None:
        """
        The rendered path, or ``None`` for the input as a whole.
        """
        return render_path(self.path) if self.path else None

    def at(self, *prefix: str | int) -> InvalidValueError:
        """
        The same error, one or more levels further out.
        """
        return type(self)(self.reason, (*prefix, *self.path))


class NumericRangeError(InvalidValueError):
    """
    A number is beyond what exact int64 arithmetic can hold.
    """


class InvalidInputError(PerfrulesError, ValueError):
    """
    The input has one or more wrong values; all of them are in *errors*.
    """

    def __init__(self, errors: Iterable[InvalidValueError]) -> None:
        errs = tuple(errors)
        super().__init__(errs)
        self.errors: tuple[InvalidValueError, ...] = errs

    def __str__(self) -> str:
        return "; ".join(str(e) for e in self.errors)

    def at(self, *prefix: str | int) -> InvalidInputError:
        """
        The same errors, one or more levels further out.
        """
        return InvalidInputError(e.at(*prefix) for e in self.errors)


class UnknownSchemeError(PerfrulesError, KeyError):
    """
    The registry has no scheme of that name (or none in force that year).
    """

    def __init__(self, name: str, known: Sequence[str] = (), year: int | None = None) -> None:
        super().__init__(name, tuple(known), year)
        self.name = name
        self.known = tuple(known)
        self.year = year

    def __str__(self) -> str:
        where = f" in force in {self.year}" if self.year is not None else ""
        known = ", ".join(self.known) or "none"
        return f"unknown scheme {self.name!r}{where}; known schemes: {known}"


class DuplicateSchemeError(PerfrulesError, ValueError):
    """
    A scheme of that name and edition is already registered.
    """


class ReportParseError(PerfrulesError, ValueError):
    """
    A report text cannot be read (empty, not text, or not a self-evaluation report).
    """
