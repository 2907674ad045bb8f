"""
The operations a rule kernel uses, for two kinds of columns: numpy int64 arrays (:data:`ARRAY`,
the batch path and any rule kind) and one row of Python ints (:data:`ONE`, the single-evaluation
path for the built-in kinds).

A kernel written against :class:`Ops` with the arithmetic and comparison operators (``+ - * //``,
``< <= == >= >``, ``&`` and ``|`` on conditions) runs unchanged on both: the same source scores
a province in numpy and one evaluation in plain integers, where a numpy call on a one-element
array costs more than the arithmetic. Two things differ and are avoided in kernels: ``~`` (on a
Python bool it is not a negation: use :meth:`Ops.not_`) and mutating a column in place.

Python ints never overflow and numpy int64 wraps, so a kernel must flag a row before it leaves
int64; the property tests compare both paths, so a missing check shows as a difference.

>>> import numpy as np
>>> ARRAY.where(np.array([True, False]), np.array([1, 2]), 0).tolist(), ONE.where(False, 1, 0)
([1, 0], 0)
>>> ARRAY.not_(np.array([True])).tolist(), ONE.not_(True), ONE.pow10(3), ARRAY.pow10(np.array([20, -1])).tolist()
([False], False, 1000, [1000000000000000000, 1])
>>> ARRAY.top(np.array([3, -7])), ONE.top(-7)
(7, 7)
"""

from __future__ import annotations

from typing import Any, Protocol, overload

import numpy as np
import numpy.typing as npt

__all__ = ["ARRAY", "ONE", "Ops"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_POW10 = np.array([10**k for k in range(19)], dtype=np.int64)
_POW10_LIST = [10**k for k in range(19)]


class Ops(Protocol):
    """The namespace a kernel calls; typed for numpy columns (:data:`ONE` takes ints the same way)."""

    @overload
    def where(self, cond: Bools, a: Bools, b: Bools, /) -> Bools: ...
    @overload
    def where(self, cond: Bools, a: I64 | int, b: I64 | int, /) -> I64: ...
    def where(self, cond: Bools, a: Any, b: Any, /) -> Any:
        """*a* where *cond*, else *b*."""
        ...

    def maximum(self, a: I64 | int, b: I64 | int, /) -> I64:
        """The larger of *a* and *b*, per row."""
        ...

    def minimum(self, a: I64 | int, b: I64 | int, /) -> I64:
        """The smaller of *a* and *b*, per row."""
        ...

    def not_(self, cond: Bools, /) -> Bools:
        """Logical not (``~`` on a Python bool is arithmetic)."""
        ...

    def any(self, cond: Bools, /) -> bool:
        """Whether *cond* holds on any row."""
        ...

    def top(self, x: I64, /) -> int:
        """The largest magnitude in *x*, as a Python int (0 for no rows): a bound for a column."""
        ...

    def pow10(self, k: I64 | int, /) -> I64:
        """``10**k`` for *k* clipped to [0, 18]."""
        ...

    def zeros(self, like: I64, /) -> I64:
        """A column of zeros, one per row of *like*."""
        ...

    def false(self, like: I64, /) -> Bools:
        """A condition that holds nowhere, one per row of *like*."""
        ...


class _Array:
    """numpy int64 columns."""

    @staticmethod
    def where(cond: Bools, a: Any, b: Any, /) -> Any:
        return np.where(cond, a, b)

    @staticmethod
    def maximum(a: I64 | int, b: I64 | int, /) -> I64:
        out: I64 = np.maximum(a, b)
        return out

    @staticmethod
    def minimum(a: I64 | int, b: I64 | int, /) -> I64:
        out: I64 = np.minimum(a, b)
        return out

    @staticmethod
    def not_(cond: Bools, /) -> Bools:
        return np.logical_not(cond)

    @staticmethod
    def any(cond: Bools, /) -> bool:
        return bool(np.count_nonzero(cond))

    @staticmethod
    def top(x: I64, /) -> int:
        return max(int(x.max()), -int(x.min())) if len(x) else 0

    @staticmethod
    def pow10(k: I64 | int, /) -> I64:
        out: I64 = _POW10[np.clip(k, 0, 18)]
        return out

    @staticmethod
    def zeros(like: I64, /) -> I64:
        return np.zeros(len(like), dtype=np.int64)

    @staticmethod
    def false(like: I64, /) -> Bools:
        return np.zeros(len(like), dtype=bool)


class _One:
    """One row of Python ints (and bools for conditions); conditional expressions beat max/min calls."""

    @staticmethod
    def where(cond: Any, a: Any, b: Any, /) -> Any:
        return a if cond else b

    @staticmethod
    def maximum(a: Any, b: Any, /) -> Any:
        return a if a >= b else b  # noqa: FURB136

    @staticmethod
    def minimum(a: Any, b: Any, /) -> Any:
        return a if a <= b else b  # noqa: FURB136

    @staticmethod
    def not_(cond: Any, /) -> Any:
        return not cond

    @staticmethod
    def any(cond: Any, /) -> bool:
        return bool(cond)

    @staticmethod
    def top(x: Any, /) -> int:
        return x if x >= 0 else -x  # type: ignore[no-any-return]

    @staticmethod
    def pow10(k: Any, /) -> Any:
        return _POW10_LIST[0 if k < 0 else 18 if k > 18 else k]  # noqa: FURB136

    @staticmethod
    def zeros(_like: Any, /) -> Any:
        return 0

    @staticmethod
    def false(_like: Any, /) -> Any:
        return False


#: numpy int64 columns: the batch path, and any rule kind on the single-evaluation path.
ARRAY: Ops = _Array()
#: One row of Python ints: the built-in kinds on the single-evaluation path.
ONE: Ops = _One()
