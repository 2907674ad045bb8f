"""
perfrules.testing: the scheme laws hold for every built-in scheme, and check_scheme() catches a
scheme that breaks one (issue #3).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import Fixed, schemes, testing
from perfrules.schemes import Scheme

EDITIONS = [s for name in schemes.names() for s in schemes.default_registry.editions(name)]

#: Few examples per law and scheme, whatever the profile: seven editions × four laws.
FAST = 30


@pytest.mark.parametrize("scheme", EDITIONS, ids=lambda s: f"{s.name}@{s.years}")
def test_builtin_schemes_keep_the_laws(scheme):
    """Points in [0, w], monotone rows, total in [0, maximum], grades monotone, batch == scalar."""
    testing.check_scheme(scheme, max_examples=FAST)


def test_non_monotone_bands_are_caught():
    """A ≥ indicator whose bands pay more for less breaks monotonicity."""
    bad = schemes.from_data({
        "name": "bad-bands",
        "indicators": {"覆盖率": {"direction": "≥", "rule": {"kind": "bands", "bands": [
            {"range": "[0, 50)", "points": "5"},
            {"range": "[50, +∞)", "points": "1"},
        ]}}},
    })  # fmt: skip
    with pytest.raises(AssertionError, match=r"覆盖率 \(≥\): actual"):
        testing.check_scheme(bad, max_examples=200, batch=False, shrink=False)


def test_a_total_beyond_the_maximum_is_caught():
    """Weights adding up to 110 on a 100-point grade scale break the total law."""
    bad = schemes.from_data({"name": "too-much", "weights": {"total": "110"}, "execution": False})
    with pytest.raises(AssertionError, match=r"total .* outside \[0, 100\]"):
        testing.check_scheme(bad, max_examples=200, batch=False, shrink=False)


def test_a_deduction_on_a_positive_indicator_is_caught():
    """Deducting for an excess on a ≥ indicator: points fall as the actual rises."""
    bad = schemes.from_data({"name": "upside-down", "indicators": {"完成率": {"direction": "≥", "rule": {"kind": "deduction", "points": "1", "limit": "0"}}}})
    with pytest.raises(AssertionError, match=r"完成率 \(≥\)"):
        testing.check_scheme(bad, max_examples=200, batch=False, shrink=False)


def test_the_batch_hook_is_called(monkeypatch):
    """check_scheme runs every function in BATCH_CHECKS on the scored evaluations."""
    seen: list[int] = []

    def record(scheme: Scheme, results: Sequence[perfrules.Result]) -> None:
        seen.append(len(results))

    monkeypatch.setattr(testing, "BATCH_CHECKS", [record])
    testing.check_scheme(schemes.get("mof-2020-project"), max_examples=5)

    assert seen
    assert set(seen) == {1}


def test_the_batch_hook_can_be_skipped(monkeypatch):
    """batch=False leaves BATCH_CHECKS alone."""
    monkeypatch.setattr(testing, "BATCH_CHECKS", [lambda *_: pytest.fail("called")])
    testing.check_scheme(schemes.get("mof-2020-project"), max_examples=5, batch=False)


class TestStrategies:
    @settings(max_examples=50)
    @given(st.data())
    def test_evaluations_balance_the_weights(self, data):
        """evaluations(scheme) draws weights that, with execution, make the scheme's total."""
        scheme = data.draw(st.sampled_from(EDITIONS))
        ev = data.draw(testing.evaluations(scheme))
        total = sum((i.weight for i in ev.indicators), Fixed(0))
        if scheme.execution is not None:
            total = total + scheme.execution.weight

        assert total == scheme.weights.total
        assert scheme.in_force(ev.year)

    @settings(max_examples=50)
    @given(st.data())
    def test_indicators_load_back(self, data):
        """Drawn indicators survive the input format: to_data then from_data."""
        scheme = data.draw(st.sampled_from(EDITIONS))
        ev = data.draw(testing.evaluations(scheme))

        assert perfrules.from_data(perfrules.to_data(ev)) == ev

    @given(testing.budget_lines())
    def test_budget_lines_are_positive(self, line):
        """planned > 0 and executed ≥ 0: an execution rate exists."""
        assert line.planned.fen > 0
        assert line.executed.fen >= 0
