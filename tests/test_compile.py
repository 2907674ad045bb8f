"""
Kernels compiled for one row (:mod:`perfrules._compile`): the same points and status as the
kernel run on one row of Python ints, on every path the kernel can take; anything the compiler
cannot write out is left to the kernel itself.

The built-in kinds are compared on every row of their own property tests (``tests/test_rules.py``,
``run``); here, kernels of one's own with branches on their data, and the fallbacks.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import perfrules
from perfrules import Fixed, parse_value, schemes
from perfrules._compile import compiled
from perfrules._rule_params import rule_from_params
from perfrules._rules import Rows, Rule

ints = st.integers(-(2**70), 2**70) | st.integers(-5, 5)


@attrs.frozen
class Branchy(Rule):
    """A kernel that asks questions of its data: ``if``, ``and``, ``or``, ``max``, ``abs``."""

    generic = True

    def points(self, rows: Rows) -> Any:
        xp = rows.xp
        w, a, b = rows.weight, rows.target, rows.actual
        if b > a > 0:  # b > a and a > 0: two questions
            pts = w * a // b
        elif b == a or (rows.band >= 0 and not rows.declared < 0):
            pts = w
        else:
            pts = max(w - abs(b - a), 0)
        for k in range(2):  # a loop on constants: its statements twice
            if rows.direction == k:
                pts = xp.minimum(pts + k, w)
        return pts, xp.where(pts > w, 4, 0)  # 4: out of band, never here


@attrs.frozen
class Operators(Rule):
    """Every operator Python ints have, each as the kernel on ints computes it."""

    generic = True

    def points(self, rows: Rows) -> Any:
        w, a, b = rows.weight, rows.target, rows.actual
        x = (w % 7) + (a % -3) + (b ** 2 // (abs(a) + 1)) + ((w << 2) >> 1) + (a ^ b) + ~b + (+a) - (-w)
        y = 5 % (abs(b) + 1) + 2 ** (w % 4) + (3 ^ a)
        return x + y, (b / (abs(a) + 1) > 1) * 1


@attrs.frozen
class AsInt(Rule):
    """Turns a row value into a Python int: nothing to write out."""

    generic = True

    def points(self, rows: Rows) -> Any:
        try:
            n = int(rows.actual)
        except Exception:  # noqa: BLE001 -- the compiler's signal must not be swallowed
            n = 0
        return n, 0


@attrs.frozen
class Numpy(Rule):
    """Calls numpy on its columns: not generic in fact, even if it says so."""

    generic = True

    def points(self, rows: Rows) -> Any:
        return np.where(rows.actual > 0, rows.weight, 0), 0


@attrs.frozen
class ManyPaths(Rule):
    """Twelve questions in a row: 4,096 paths, too many to write out."""

    generic = True

    def points(self, rows: Rows) -> Any:
        pts = 0
        for k in range(12):
            if rows.actual > k:
                pts = pts + 1
        return pts, 0


@attrs.frozen
class Refuses(Rule):
    """Raises for its parameters, as a rule whose constants are finer than the points does."""

    generic = True

    def points(self, rows: Rows) -> Any:
        raise perfrules.errors.InvalidValueError("cannot score at these places", ("scheme",))


@given(st.tuples(ints, ints, ints, ints, st.integers(-1, 10), st.integers(-1, 2), st.integers(0, 3)))
def test_every_path_of_a_branching_kernel(row: tuple[int, int, int, int, int, int, int]) -> None:
    """Branches on the data become ``if``s: the compiled kernel agrees with the kernel on ints."""
    kernel = compiled(Branchy(), 2)
    assert kernel is not None
    assert kernel(*row) == Branchy().points(Rows.one(*row, 2))


@given(st.tuples(ints, ints, ints, ints, st.integers(-1, 10), st.integers(-1, 2), st.integers(0, 3)))
def test_every_operator_means_what_it_means_on_ints(row: tuple[int, int, int, int, int, int, int]) -> None:
    kernel = compiled(Operators(), 2)
    assert kernel is not None
    assert kernel(*row) == Operators().points(Rows.one(*row, 2))


@pytest.mark.parametrize("rule", [AsInt(), Numpy(), ManyPaths(), Refuses()], ids=type)
def test_what_cannot_be_written_out_is_not_compiled(rule: Rule) -> None:
    assert compiled(rule, 2) is None


@attrs.frozen
class NotGeneric(Branchy):
    """Writable out, but it says it wants numpy columns."""

    generic = False


def test_a_kind_that_is_not_generic_is_not_compiled() -> None:
    assert compiled(Branchy(), 2) is not None
    assert compiled(NotGeneric(), 2) is None


def test_compiled_kernels_are_remembered_per_rule_and_places() -> None:
    r = rule_from_params({"kind": "deduction", "points": "0.5"})
    assert compiled(r, 2) is compiled(rule_from_params({"kind": "deduction", "points": "0.5"}), 2)
    assert compiled(r, 2) is not compiled(r, 3)


def test_equal_rules_written_with_other_places_get_their_own_kernels() -> None:
    """Fixed(1) == Fixed("1.0"), but the constant's places set the row's exponent: two kernels."""
    one = rule_from_params({"kind": "deduction", "points": "1", "per": "1", "partial": "ceil"})
    one_point_o = rule_from_params({"kind": "deduction", "points": "1.0", "per": "1.0", "partial": "ceil"})
    assert one == one_point_o
    assert compiled(one, 2) is not compiled(one_point_o, 2)
    for rule in (one, one_point_o):  # rows built at the rule's own value places, as both engines do
        row = (0, 0, 0, rule.value_places(), -1, -1, 0)
        assert compiled(rule, 2)(*row) == rule.points(Rows.one(*row, 2))  # type: ignore[misc]


def test_score_runs_a_kernel_that_does_not_compile_as_written() -> None:
    """score() falls back to the kernel on one row of ints: the points are the same."""
    base = schemes.get("mof-2020-project", 2022)
    sch = attrs.evolve(base, named_rules={"as-int": AsInt(), "branchy": Branchy()})
    ev = perfrules.load("examples/panyu-2021.toml")
    extra = tuple(
        perfrules.Indicator(name=f"x{i}", weight=Fixed(10), target=parse_value("≥5"), actual=parse_value(v), rule=r, level1="产出指标")
        for i, (r, v) in enumerate([("as-int", "7"), ("branchy", "9")])
    )
    result = perfrules.score(attrs.evolve(ev, indicators=ev.indicators + extra), sch)
    points = {line.indicator.name: str(line.points) for line in result.lines}
    assert points["x0"] == "0.07"  # the actual 7 at exponent 0, as units: what AsInt computes on ints
    assert points["x1"] == "5.55"  # b = 9 > a = 5 > 0: 1000 · 5 // 9 = 555 units
