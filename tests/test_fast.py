"""perfrules._fast.maker: the instances it builds are the ones the class builds."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfrules import Finding, Fixed, Severity
from perfrules._engine import Line
from perfrules._fast import maker
from perfrules._rules import ProportionalRule, Status


@given(st.integers(-(10**30), 10**30), st.integers(0, 40))
def test_fixed(units: int, places: int) -> None:
    """Equal, the same fields, the same type, and as hashable as the class's own."""
    made, built = maker(Fixed)(units, places), Fixed(units, places)

    assert type(made) is Fixed
    assert made == built
    assert (made.units, made.places) == (built.units, built.places)
    assert hash(made) == hash(built)


@given(st.text(), st.sampled_from(Severity), st.text(), st.none() | st.text(), st.text())
def test_finding(
    code: str, severity: Severity, message: str, location: str | None, message_en: str
) -> None:
    made = maker(Finding)(code, severity, message, location, message_en)

    assert made == Finding(code, severity, message, location, message_en)
    assert repr(made) == repr(Finding(code, severity, message, location, message_en))


def test_line_with_private_fields() -> None:
    """Fields with a private name (_target, alias target) are stored in their own slot."""
    args = (3, None, ProportionalRule(), Fixed(5, 2), Status.OK, Fixed(1), Fixed(20, 1), Fixed(6, 2), None)
    made = maker(Line)(*args)

    assert made == Line(*args)
    assert made.target == 1
    assert made.actual == 2
    assert made.rule_points == Fixed(6, 2)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.points = Fixed(0)  # type: ignore[misc]


@attrs.frozen
class _Validated:
    x: int = attrs.field(validator=attrs.validators.instance_of(int))


@attrs.frozen
class _Converted:
    x: int = attrs.field(converter=int)


@attrs.frozen
class _PostInit:
    x: int

    def __attrs_post_init__(self) -> None:
        pass


@attrs.frozen(slots=False)
class _Dict:
    x: int


class _Plain:
    __slots__ = ("x",)


@pytest.mark.parametrize("cls", [_Validated, _Converted, _PostInit, _Dict, _Plain])
def test_refuses_what_it_would_skip(cls: type) -> None:
    """A validator, a converter, a post-init step would be skipped: such classes are refused."""
    with pytest.raises(TypeError):
        maker(cls)
