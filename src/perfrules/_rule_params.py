"""
Rules as scheme files write them: a kind's table of parameters (``{kind = "reverse", variant =
"linear"}``, bands as interval strings) read into a :class:`~perfrules._rules.Rule`, with every
error at its place.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from perfrules._quantity import Fixed, normalize
from perfrules._rules import _KINDS, Band, Rule
from perfrules.errors import InvalidInputError, InvalidValueError

__all__ = ["rule_from_params"]


def _fixed(v: object, path: tuple[str | int, ...]) -> Fixed:
    try:
        return Fixed.parse(v)  # type: ignore[arg-type]
    except InvalidValueError as e:
        raise e.at(*path) from None


def _bands(raw: object) -> tuple[Band, ...]:
    if not isinstance(raw, list) or not raw:
        raise InvalidValueError("must be a non-empty list of bands", ("bands",))
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise InvalidValueError("a band is a table with points and a range", ("bands", i))
        unknown = set(item) - {"points", "range", "min", "max"}
        if unknown:
            raise InvalidValueError("unknown key; a band has points and range (or min/max)", ("bands", i, min(unknown)))
        if "points" not in item:
            raise InvalidValueError("missing", ("bands", i, "points"))
        pts = _fixed(item["points"], ("bands", i, "points"))
        if "range" in item:
            out.append(_interval(str(item["range"]), pts, ("bands", i, "range")))
        else:
            lo = _fixed(item["min"], ("bands", i, "min")) if "min" in item else None
            hi = _fixed(item["max"], ("bands", i, "max")) if "max" in item else None
            out.append(Band(pts, lo, hi))
    return tuple(out)


def _interval(text: str, pts: Fixed, path: tuple[str | int, ...]) -> Band:
    """``[80, 90)``, ``(0, 10]``, ``[90,)``, ``=0``."""
    s = normalize(text)
    if s.startswith("="):
        v = _fixed(s[1:].rstrip("%"), path)
        return Band(pts, v, v, True, True)
    if len(s) < 3 or s[0] not in "[(" or s[-1] not in "])" or "," not in s:
        raise InvalidValueError(f'not an interval: {text!r}; write it like "[80, 90)"', path)
    lo_s, hi_s = s[1:-1].split(",", 1)
    lo = _fixed(lo_s.rstrip("%"), path) if lo_s not in ("", "-∞", "-inf") else None
    hi = _fixed(hi_s.rstrip("%"), path) if hi_s not in ("", "+∞", "∞", "inf") else None
    if lo is not None and hi is not None and lo > hi:
        raise InvalidValueError(f"empty interval {text!r}", path)
    return Band(pts, lo, hi, s[0] == "[", s[-1] == "]")


def rule_from_params(params: Mapping[str, object] | str) -> Rule:
    """
    Build a rule from a scheme file's table (``{kind = "reverse", variant = "linear"}``) or a kind name.

    >>> rule_from_params({"kind": "deduction", "points": "0.5", "limit": "100"})
    DeductionRule(points_per=Fixed(units=5, places=1), per=Fixed(units=1, places=0), limit=Fixed(units=100, places=0), when='above', partial='proportional')

    Raises:
        InvalidInputError: an unknown kind or parameter, or a bad value, with its place.
    """
    if isinstance(params, str):
        params = {"kind": params}
    kind = params.get("kind")
    if not isinstance(kind, str) or kind not in _KINDS:
        known = ", ".join(sorted(_KINDS))
        raise InvalidInputError([InvalidValueError(f"unknown rule kind {kind!r}; known kinds: {known}", ("kind",))])
    cls = _KINDS[kind]
    args = {k: v for k, v in params.items() if k != "kind"}
    fields = {f.alias: f for f in attrs.fields(cls)}
    errors: list[InvalidValueError] = []
    kwargs: dict[str, object] = {}
    for key, raw in args.items():
        if key not in fields:
            errors.append(InvalidValueError(f"unknown parameter for rule kind {kind!r}; known: {', '.join(fields) or 'none'}", (key,)))
            continue
        try:
            if key == "bands":
                kwargs[key] = _bands(raw)
            elif fields[key].type in ("Fixed", "Fixed | None") or fields[key].type is Fixed:
                kwargs[key] = _fixed(raw, (key,))
            elif not isinstance(raw, str):
                errors.append(InvalidValueError(f"expected a string, got {raw!r}", (key,)))
            else:
                kwargs[key] = raw
        except InvalidValueError as e:
            errors.append(e if e.path[:1] == (key,) else e.at(key))
    if errors:
        raise InvalidInputError(errors)
    try:
        return cls(**kwargs)
    except InvalidValueError as e:
        raise InvalidInputError([e]) from None
    except (TypeError, ValueError) as e:
        if len(e.args) == 4 and isinstance(e.args[1], attrs.Attribute):
            # attrs' in_ validator: (message, attribute, options, value)
            options = ", ".join(map(str, e.args[2]))
            raise InvalidInputError([InvalidValueError(f"expected one of {options}, got {e.args[3]!r}", (e.args[1].alias or e.args[1].name,))]) from None
        raise InvalidInputError([InvalidValueError(str(e).split(" (")[0])]) from None
