"""
Build instances of a frozen, slotted attrs class in a hot loop without its ``__init__``.

A frozen attrs class sets each field through ``object.__setattr__``, a bound-method call per
field; :func:`maker` writes a function that allocates the instance and stores each field through
its slot directly, which takes about two thirds of the time. It is for the engine's own result
records (a :class:`~perfrules.Line` per scored row), whose fields need no converter, validator or
post-init step: :func:`maker` refuses a class that has any, so the instance it builds is the one
the class would.

>>> import attrs
>>> @attrs.frozen
... class P:
...     x: int
...     y: int = 0
>>> make = maker(P)
>>> make(1, 2) == P(1, 2), make(1, 2)
(True, P(x=1, y=2))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

__all__ = ["maker"]

T = TypeVar("T")


def maker(cls: type[T]) -> Callable[..., T]:
    """
    A function of the fields in order, all positional and required, that returns an instance of
    *cls* equal to ``cls(*fields)``.

    Raises:
        TypeError: *cls* is not a slotted attrs class, or a field has a converter or validator,
            or the class has a post-init step (the function would skip them).
    """
    if not attrs.has(cls) or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__} is not a slotted attrs class")
    if hasattr(cls, "__attrs_post_init__") or hasattr(cls, "__attrs_pre_init__"):
        raise TypeError(f"{cls.__name__} has an init hook")
    fields = attrs.fields(cls)
    if any(f.converter is not None or f.validator is not None or not f.init for f in fields):
        raise TypeError(f"{cls.__name__} has a converter, a validator or a field outside __init__")
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    args = [f"a{k}" for k in range(len(fields))]
    body = ["    o = _new(_cls)"]
    for k, f in enumerate(fields):
        # The slot's member descriptor lives on the class that declares the field.
        owner = next(c for c in cls.__mro__ if f.name in c.__dict__.get("__slots__", ()))
        scope[f"_s{k}"] = owner.__dict__[f.name].__set__
        body.append(f"    _s{k}(o, a{k})")
    source = f"def make_{cls.__name__}({', '.join(args)}):\n" + "\n".join(body) + "\n    return o\n"
    exec(compile(source, f"<perfrules maker {cls.__name__}>", "exec"), scope)  # noqa: S102 -- our own statements
    fn: Callable[..., T] = scope[f"make_{cls.__name__}"]
    return fn
