"""
Totals and grades for many evaluations at once: Σ row points + execution points, rescaled when
rows are not applicable, rounded half-up to the scheme's total places, then graded.

The single-evaluation engine calls these functions on Python ints (``xp=ONE``, see
:mod:`perfrules._ops`), the batch engine on arrays of millions, so both paths round, rescale and
grade with the same code.

>>> import numpy as np
>>> from perfrules import schemes
>>> sch = schemes.get("mof-2020-project", year=2021)
>>> units = np.array([8433, 8433]); execution = np.array([983, 983])
>>> applicable = np.array([9000, 8000]); na = np.array([False, True])  # + execution weight 10
>>> total, ok = scheme_totals(sch, units, execution, applicable, na)
>>> total.tolist(), grade_index(sch.grades, total, 2).tolist()  # 94.16; 94.16·100/90 = 104.62…
([9416, 10462], [0, 0])
>>> from perfrules._ops import ONE
>>> scheme_totals(sch, 8433, 983, 8000, True, xp=ONE)
(10462, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
import numpy.typing as npt

from perfrules._ops import ARRAY, ONE, Ops
from perfrules._quantity import INT_LIMIT, round_half_up

if TYPE_CHECKING:
    from perfrules._grades import GradeScale
    from perfrules.schemes import Scheme

__all__ = ["grade_index", "scheme_totals", "totals"]

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def totals(
    units: I64,
    applicable: I64,
    has_na: Bools,
    *,
    places: int,
    total_places: int,
    rescale: bool,
    weights_total: int,
    xp: Ops = ARRAY,
) -> tuple[I64, Bools]:
    """
    The totals in units of ``10**-total_places`` and a flag per evaluation that is False where
    the total does not fit in int64.

    *units* is Σ row points plus execution points, in units of ``10**-places``; when *rescale*
    and a row is not applicable, the total is ``units · weights_total / applicable`` (Σ weights
    of the applicable rows and of the execution score), as the template notes say
    (按百分制折算). Rounding is half-up, once. With ``xp=ONE`` the columns are one Python int
    (bool) each.
    """
    scale = 10 ** (places - total_places)
    ok = xp.not_(xp.false(units))
    if rescale and xp.any(has_na):  # with no row dropped, a rescale divides by 1
        use = has_na & (applicable > 0)
        den = xp.where(use, applicable, 1)
        big = use & (units > (INT_LIMIT - 1) // max(weights_total, 1))
        num = xp.where(use & xp.not_(big), units * weights_total, units)
        big = big | (use & (den > (INT_LIMIT - 1) // scale))
        if xp.any(big):
            if xp is ARRAY:  # int64 would wrap: those rows in Python ints
                return _exact_rows(units, den, use, scale=scale, weights_total=weights_total)
            # ONE (and perfrules._compile's trace of it) computes in Python ints already.
            return _exact(xp, units, den, use, scale=scale, weights_total=weights_total)
        return round_half_up(num, den * scale), ok
    return round_half_up(units, scale), ok


def _exact(xp: Ops, units: I64, den: I64, use: Bools, *, scale: int, weights_total: int) -> tuple[I64, Bools]:
    """One total beyond int64 products, in Python integers (exact either way), and whether it fits."""
    t = round_half_up(units * xp.where(use, weights_total, 1), den * scale)
    fits = t < INT_LIMIT
    return xp.where(fits, t, 0), fits


def _exact_rows(units: I64, den: I64, use: Bools, *, scale: int, weights_total: int) -> tuple[I64, Bools]:
    out = np.zeros(len(units), dtype=np.int64)
    ok = np.ones(len(units), dtype=bool)
    for i in range(len(units)):
        out[i], ok[i] = _exact(ONE, int(units[i]), int(den[i]), bool(use[i]), scale=scale, weights_total=weights_total)  # type: ignore[arg-type] # one row of ints
    return out, ok


def scheme_totals(
    sch: Scheme, units: I64 | int, execution: I64 | int, applicable: I64 | int, has_na: Bools | bool, *, xp: Ops = ARRAY
) -> tuple[I64, Bools]:
    """:func:`totals` with the scheme's rounding and N/A policy; *execution* is added to *units*."""
    places, tp = sch.rounding.places, sch.rounding.total_places
    applicable = applicable + (sch.execution.weight.at(places) if sch.execution is not None else 0)
    # On one row the "columns" are ints; typed as the numpy columns they stand for.
    return totals(
        cast("I64", units + execution), cast("I64", applicable), cast("Bools", has_na),
        places=places, total_places=tp, rescale=sch.not_applicable == "rescale",
        weights_total=sch.weights.total.at(places), xp=xp,
    )  # fmt: skip


def grade_index(scale: GradeScale, total: I64, total_places: int, *, xp: Ops = ARRAY) -> I64:
    """
    The index in ``scale.grades`` of each total's grade: the first whose lower bound it reaches.
    """
    out = xp.zeros(total) + (len(scale.grades) - 1)
    for i in range(len(scale.grades) - 1, -1, -1):
        lower = scale.grades[i].lower
        p = max(lower.places, total_places)
        lhs = total if p == total_places else total * 10 ** (p - total_places)
        out = xp.where(lhs >= lower.units * 10 ** (p - lower.places), i, out)
    return out
