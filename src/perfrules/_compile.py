"""
A generic rule kernel compiled to straight-line Python for one row.

:func:`perfrules.score` runs the built-in kinds on one row of Python ints (:data:`~perfrules._ops.ONE`),
where the cost is the calls, not the arithmetic: a proportional row makes a dozen calls into the
namespace of column operations. :func:`compiled` runs the kernel once on symbols instead, records
every operation it makes, and writes them out as one Python function of the row's ints, with
conditional expressions where the kernel called ``where``, ``maximum`` or ``minimum``.

Every operator is written out as the kernel applies it, so on ints it means what it meant there.
Where the kernel branches on its data (``if not xp.any(too_big)``), the symbol's truth is not
known: the kernel is run again for each answer and the function gets an ``if``. Every path the
kernel can take on one row is in the function, so it computes what the kernel computes on
:data:`~perfrules._ops.ONE`, operation for operation (the property tests compare the two on every
row). A kernel that does anything else with its data (``int(x)``, a numpy call, too many
branches) is not compiled: :func:`compiled` returns None and the kernel runs as it is.

>>> from perfrules._rules import ProportionalRule
>>> k = compiled(ProportionalRule(), 2)
>>> k(1000, 100, 80, 0, -1, -1, 0)  # weight, target, actual, exp, declared, band, direction
(800, 0)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from perfrules._ops import _POW10_LIST
from perfrules._rules import Rows, Rule

__all__ = ["RowKernel", "compiled", "function_of"]

#: points and status of one row from (weight, target, actual, exp, declared, band, direction)
RowKernel = Callable[[int, int, int, int, int, int, int], tuple[int, int]]

_ARGS = ("w", "t", "a", "exp", "dec", "band", "d")
_MAX_PATHS = 64  #: more paths than this: not compiled (the function would be too long)


# Both derive from BaseException: a kernel's own ``except Exception`` must not swallow them.
class _Untraceable(BaseException):
    """The kernel did something with a symbol that has no one-row expression."""


class _Fork(BaseException):
    """The kernel asked the truth of a symbol no answer was given for."""

    def __init__(self, name: str, at: int) -> None:
        super().__init__(name)
        self.name, self.at = name, at


class _Tape:
    """The statements of one run, and the answers to give the kernel's questions, in order."""

    def __init__(self, answers: list[bool]) -> None:
        self.lines: list[str] = []
        self.answers = answers
        self.asked = 0

    def emit(self, expr: str) -> _Sym:
        name = f"v{len(self.lines)}"
        self.lines.append(f"{name} = {expr}")
        return _Sym(self, name)

    def truth(self, sym: _Sym) -> bool:
        if self.asked < len(self.answers):
            self.asked += 1
            return self.answers[self.asked - 1]
        raise _Fork(sym.name, len(self.lines))


def _term(tape: _Tape, x: object) -> str:
    if isinstance(x, _Sym):
        if x.tape is not tape:
            raise _Untraceable("a symbol of another run")
        return x.name
    if type(x) is bool or type(x) is int:
        return repr(x)
    raise _Untraceable(f"a constant of type {type(x).__name__}")


class _Sym:
    """A value of the row, known by the name of the statement that computes it."""

    __slots__ = ("name", "tape")
    __hash__ = None  # type: ignore[assignment]  # == builds an expression

    def __init__(self, tape: _Tape, name: str) -> None:
        self.tape, self.name = tape, name

    def _op(self, op: str, other: object, *, swap: bool = False) -> _Sym:
        a, b = self.name, _term(self.tape, other)
        return self.tape.emit(f"{b} {op} {a}" if swap else f"{a} {op} {b}")

    def __add__(self, o: object) -> _Sym:
        return self._op("+", o)

    def __radd__(self, o: object) -> _Sym:
        return self._op("+", o, swap=True)

    def __sub__(self, o: object) -> _Sym:
        return self._op("-", o)

    def __rsub__(self, o: object) -> _Sym:
        return self._op("-", o, swap=True)

    def __mul__(self, o: object) -> _Sym:
        return self._op("*", o)

    def __rmul__(self, o: object) -> _Sym:
        return self._op("*", o, swap=True)

    def __floordiv__(self, o: object) -> _Sym:
        return self._op("//", o)

    def __rfloordiv__(self, o: object) -> _Sym:
        return self._op("//", o, swap=True)

    def __mod__(self, o: object) -> _Sym:
        return self._op("%", o)

    def __rmod__(self, o: object) -> _Sym:
        return self._op("%", o, swap=True)

    def __truediv__(self, o: object) -> _Sym:
        return self._op("/", o)

    def __rtruediv__(self, o: object) -> _Sym:
        return self._op("/", o, swap=True)

    def __pow__(self, o: object) -> _Sym:
        return self._op("**", o)

    def __rpow__(self, o: object) -> _Sym:
        return self._op("**", o, swap=True)

    def __lshift__(self, o: object) -> _Sym:
        return self._op("<<", o)

    def __rshift__(self, o: object) -> _Sym:
        return self._op(">>", o)

    def __xor__(self, o: object) -> _Sym:
        return self._op("^", o)

    def __rxor__(self, o: object) -> _Sym:
        return self._op("^", o, swap=True)

    def __and__(self, o: object) -> _Sym:
        return self._op("&", o)

    def __rand__(self, o: object) -> _Sym:
        return self._op("&", o, swap=True)

    def __or__(self, o: object) -> _Sym:
        return self._op("|", o)

    def __ror__(self, o: object) -> _Sym:
        return self._op("|", o, swap=True)

    def __lt__(self, o: object) -> _Sym:
        return self._op("<", o)

    def __le__(self, o: object) -> _Sym:
        return self._op("<=", o)

    def __gt__(self, o: object) -> _Sym:
        return self._op(">", o)

    def __ge__(self, o: object) -> _Sym:
        return self._op(">=", o)

    def __eq__(self, o: object) -> _Sym:  # type: ignore[override]
        return self._op("==", o)

    def __ne__(self, o: object) -> _Sym:  # type: ignore[override]
        return self._op("!=", o)

    def __neg__(self) -> _Sym:
        return self.tape.emit(f"-{self.name}")

    def __pos__(self) -> _Sym:
        return self.tape.emit(f"+{self.name}")

    def __invert__(self) -> _Sym:
        return self.tape.emit(f"~{self.name}")

    def __abs__(self) -> _Sym:
        return self.tape.emit(f"abs({self.name})")

    def __bool__(self) -> bool:
        return self.tape.truth(self)

    def __index__(self) -> int:
        raise _Untraceable("a row value used as a Python int")

    __int__ = __index__


class _Trace:
    """:class:`~perfrules._ops.Ops` on symbols: each call is a statement, written as :data:`ONE` computes it."""

    def __init__(self, tape: _Tape) -> None:
        self.tape = tape

    def _t(self, x: object) -> str:
        return _term(self.tape, x)

    def where(self, cond: object, a: object, b: object, /) -> Any:
        return self.tape.emit(f"{self._t(a)} if {self._t(cond)} else {self._t(b)}")

    def maximum(self, a: object, b: object, /) -> Any:
        x, y = self._t(a), self._t(b)
        return self.tape.emit(f"{x} if {x} >= {y} else {y}")

    def minimum(self, a: object, b: object, /) -> Any:
        x, y = self._t(a), self._t(b)
        return self.tape.emit(f"{x} if {x} <= {y} else {y}")

    def not_(self, cond: object, /) -> Any:
        return self.tape.emit(f"not {self._t(cond)}")

    def any(self, cond: object, /) -> Any:
        return self.tape.emit(f"bool({self._t(cond)})")

    def top(self, x: object, /) -> Any:
        v = self._t(x)
        return self.tape.emit(f"{v} if {v} >= 0 else -{v}")

    def pow10(self, k: object, /) -> Any:
        v = self._t(k)
        return self.tape.emit(f"_P10[0 if {v} < 0 else 18 if {v} > 18 else {v}]")

    def zeros(self, _like: object, /) -> Any:
        return 0

    def false(self, _like: object, /) -> Any:
        return False


def _body(run: _Run, names: tuple[str, ...], answers: list[bool], *, start: int, indent: str, paths: list[int]) -> list[str]:
    """
    The statements from statement *start* on, for the runs that answer the kernel's first
    questions with *answers*: a run to its next question, then an ``if`` on it with both answers.
    """
    tape = _Tape(answers)
    try:
        out = run(_Trace(tape), *(_Sym(tape, n) for n in names))
    except _Fork as fork:
        paths[0] += 1
        if paths[0] > _MAX_PATHS:
            raise _Untraceable("too many paths") from None
        lines = [indent + line for line in tape.lines[start : fork.at]]
        lines.append(f"{indent}if {fork.name}:")
        lines += _body(run, names, [*answers, True], start=fork.at, indent=indent + "    ", paths=paths)
        lines.append(f"{indent}else:")
        lines += _body(run, names, [*answers, False], start=fork.at, indent=indent + "    ", paths=paths)
        return lines
    ret = f"return {', '.join(_term(tape, x) for x in out)}"
    return [indent + line for line in tape.lines[start:]] + [indent + ret]


#: A kernel to compile: the outputs of ``run(xp, *args)``.
_Run = Callable[..., tuple[object, ...]]

_COUNTER = itertools.count()
_MISSING = object()
_CACHE: dict[tuple[object, ...], Callable[..., Any] | None] = {}


def compiled(rule: Rule, places: int) -> RowKernel | None:
    """
    *rule*'s kernel for one row of ints at *places* point decimals, or None when it cannot be
    compiled (then run ``rule.points(Rows.one(...))``). Remembered per rule, as written, and places.
    """
    if not rule.generic:
        return None
    # By repr, not equality: Fixed(1) == Fixed("1.0"), but a constant's places are part of the
    # kernel (the exponent a row is built with), so equal rules written differently differ here.
    key = (type(rule), repr(rule), places)

    def run(xp: Any, *row: Any) -> tuple[object, ...]:
        w, t, a, exp, dec, band, d = row
        return rule.points(Rows(w, t, a, exp, dec, band, d, places, xp))

    return function_of(key, type(rule).__name__, _ARGS, run)


def function_of(key: tuple[object, ...], name: str, args: tuple[str, ...], run: _Run) -> Callable[..., Any] | None:
    """
    ``run(xp, *args)`` compiled to a function of *args* as Python ints, or None when it cannot be
    (then run it with :data:`~perfrules._ops.ONE`). Remembered per *key*, which must say everything
    *run* depends on besides its arguments.
    """
    fn = _CACHE.get(key, _MISSING)
    if fn is not _MISSING:
        return fn  # type: ignore[return-value]
    fn = _CACHE[key] = _compile(name, args, run)
    if len(_CACHE) > 1024:
        _CACHE.clear()
    return fn


def _compile(name: str, args: tuple[str, ...], run: _Run) -> Callable[..., Any] | None:
    try:
        body = _body(run, args, [], start=0, indent="    ", paths=[0])
    except (_Untraceable, _Fork, Exception):  # noqa: BLE001 -- no trace: the kernel runs as written
        return None
    fname = f"_{name}_{next(_COUNTER)}"
    source = f"def {fname}({', '.join(args)}):\n" + "\n".join(body) + "\n"
    scope: dict[str, Any] = {"_P10": _POW10_LIST}
    exec(compile(source, f"<perfrules kernel {name}>", "exec"), scope)  # noqa: S102 -- our own statements
    fn: Callable[..., Any] = scope[fname]
    fn.__doc__ = source
    return fn
