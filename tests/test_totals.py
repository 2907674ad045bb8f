"""
Totals and grades: numpy columns (the batch path) and Python ints (score()) against an exact
Fraction reference, for every built-in scheme edition and both N/A policies.
"""

from __future__ import annotations

from fractions import Fraction

import attrs
import numpy as np
from hypothesis import example, given
from hypothesis import strategies as st
from tests.strategies import EXACT

from perfrules import Scheme, schemes
from perfrules._engine import _totals_kernel
from perfrules._ops import ONE
from perfrules._quantity import INT_LIMIT
from perfrules._totals import grade_index, scheme_totals

EDITIONS = [e for name in schemes.default_registry.names() for e in schemes.default_registry.editions(name)]
_schemes = st.sampled_from(EDITIONS).flatmap(
    lambda s: st.sampled_from([s, attrs.evolve(s, not_applicable="zero" if s.not_applicable == "rescale" else "rescale")])
)
_units = st.integers(0, 20_000) | st.integers(0, INT_LIMIT // 2)


def reference(sch: Scheme, units: int, execution: int, applicable: int, has_na: bool) -> int | None:
    """The total in units of the total places, rounded half-up; None beyond int64."""
    places, tp = sch.rounding.places, sch.rounding.total_places
    app = applicable + (sch.execution.weight.at(places) if sch.execution else 0)
    x = Fraction(units + execution, 10**places)
    if sch.not_applicable == "rescale" and has_na and app > 0:
        x = x * sch.weights.total.at(places) / app
    whole, rest = divmod(x * 10**tp, 1)
    t = int(whole) + (1 if rest >= Fraction(1, 2) else 0)
    return t if t < INT_LIMIT else None


class TestTotals:
    @given(_schemes, _units, st.integers(0, 2_000), st.integers(0, 20_000) | _units, st.booleans())
    @example(schemes.get("mof-2020-project", 2021), 8433, 983, 8000, True)  # 94.16 → 104.62
    @EXACT
    def test_both_paths_equal_reference(self, sch: Scheme, units: int, execution: int, applicable: int, has_na: bool) -> None:
        """Σ points (+ execution), rescaled when a row is N/A, half-up once; the grade on both paths."""
        col = np.array([units]), np.array([execution]), np.array([applicable]), np.array([has_na])
        t_arr, ok_arr = scheme_totals(sch, *col)
        t_one, ok_one = scheme_totals(sch, units, execution, applicable, has_na, xp=ONE)
        compiled = _totals_kernel(sch)(units, execution, applicable, has_na)  # score()'s
        expected = reference(sch, units, execution, applicable, has_na)
        assert ok_one is (expected is not None)
        assert bool(ok_arr[0]) is ok_one
        if expected is None:
            assert not compiled[1]
            return
        assert t_one == int(t_arr[0]) == expected
        tp = sch.rounding.total_places
        g_one = grade_index(sch.grades, t_one, tp, xp=ONE)  # type: ignore[arg-type]
        assert g_one == int(grade_index(sch.grades, t_arr, tp)[0])
        assert compiled == (t_one, ok_one, g_one)
        # The grade is the first whose lower bound the total reaches.
        total = Fraction(expected, 10**tp)
        first = next(i for i, g in enumerate(sch.grades.grades) if total >= g.lower.as_fraction() or i == len(sch.grades.grades) - 1)
        assert g_one == first
