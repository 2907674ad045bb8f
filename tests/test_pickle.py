"""Model objects, results, schemes and every error class survive pickling; evolve never mutates."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import (
    WHOLE_EVALUATIONS,
    budget_lines,
    declared,
    departments,
    evaluations,
    findings,
    fixeds,
    indicators,
    measures,
    targets,
    values,
)

import perfrules
from perfrules import Evaluation, Fixed, Money, Ratio, errors, schemes

MODEL_OBJECTS = st.one_of(
    departments(),
    budget_lines(),
    indicators(),
    targets(["a", "b"]),
    findings(),
    measures(2),
    declared(),
    values(),
    fixeds(),
    st.builds(Money, st.integers(0, 10**12)),
    st.builds(Ratio, st.integers(0, 10**9), st.integers(1, 10**9)),
)


def round_trip(obj: Any) -> Any:
    return pickle.loads(pickle.dumps(obj))


class TestModel:
    @given(MODEL_OBJECTS)
    def test_parts(self, obj: Any) -> None:
        """Every model class pickles to an equal object."""
        assert round_trip(obj) == obj

    @WHOLE_EVALUATIONS
    @given(evaluations())
    def test_evaluation(self, ev: Evaluation) -> None:
        """A whole evaluation pickles to an equal one."""
        assert round_trip(ev) == ev

    def test_result_and_scheme(self) -> None:
        """A scored result, with its scheme, lines and grade, pickles."""
        result = perfrules.score(perfrules.load("examples/panyu-2021.toml"))
        again = round_trip(result)

        assert again == result
        assert str(again.total) == "94.16"

    @pytest.mark.parametrize("name", schemes.names())
    def test_builtin_schemes(self, name: str) -> None:
        """Every built-in scheme edition pickles (regression: its rule tables were mappingproxy)."""
        for scheme in schemes.default_registry.editions(name):
            assert round_trip(scheme) == scheme


ERRORS = [
    errors.PerfrulesError("boom"),
    errors.InvalidValueError("must not be negative", ("indicators", 3, "weight")),
    errors.NumericRangeError("beyond exact int64 arithmetic", ("indicators", 0, "actual")),
    errors.InvalidInputError(
        [
            errors.InvalidValueError("missing", ("department", "name")),
            errors.InvalidValueError("unknown key", ("colour",)),
        ]
    ),
    errors.UnknownSchemeError("nope", ["mof-2020-project"], 2021),
    errors.DuplicateSchemeError("scheme 'x' is already registered"),
    errors.ReportParseError("not a self-evaluation report"),
]


class TestErrors:
    def test_every_class_is_covered(self) -> None:
        """The list below holds an instance of every exception class perfrules.errors defines."""
        defined = {
            v
            for v in vars(errors).values()
            if isinstance(v, type) and issubclass(v, Exception) and v.__module__ == errors.__name__
        }

        assert defined <= {type(e) for e in ERRORS}

    @pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
    def test_round_trip(self, error: Exception) -> None:
        """An error pickles to one of the same class, message and attributes."""
        again = round_trip(error)

        assert type(again) is type(error)
        assert str(again) == str(error)
        assert repr(again.args) == repr(error.args)  # exceptions do not compare by value
        for attr in ("reason", "path", "name", "known", "year"):
            assert getattr(again, attr, None) == getattr(error, attr, None)
        inner = [(type(e), e.args) for e in getattr(error, "errors", ())]
        assert [(type(e), e.args) for e in getattr(again, "errors", ())] == inner

    def test_located_message_survives(self) -> None:
        """The rendered place comes back too."""
        err = round_trip(errors.InvalidValueError("not a number: 'x'", ("budget", 1, "planned")))

        assert str(err) == "budget[1].planned: not a number: 'x'"
        assert err.location == "budget[1].planned"


class TestEvolve:
    @given(indicators(), fixeds(min_units=0, max_units=2000, max_places=2))
    def test_leaves_original_alone(self, ind: perfrules.Indicator, weight: Fixed) -> None:
        """attrs.evolve returns a changed copy; the original keeps its value."""
        before = round_trip(ind)
        changed = attrs.evolve(ind, weight=weight)

        assert ind == before
        assert changed.weight == weight
        assert changed is not ind

    def test_evaluation(self) -> None:
        """Evolving an evaluation's indicators leaves the loaded one alone."""
        ev = perfrules.load("examples/panyu-2021.toml")
        first = ev.indicators[0]
        other = attrs.evolve(ev, indicators=ev.indicators[1:], year=2022)

        assert ev.indicators[0] is first
        assert len(ev.indicators) == 11
        assert (other.year, len(other.indicators)) == (2022, 10)

    def test_frozen(self) -> None:
        """Model objects refuse assignment."""
        ev = perfrules.load("examples/panyu-2021.toml")

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            ev.year = 2022  # type: ignore[misc]
