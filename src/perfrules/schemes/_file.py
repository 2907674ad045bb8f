"""
Schemes as data: read a scheme from a TOML file or a mapping, with every mistake located.

The built-in schemes are TOML files read by this same code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from perfrules._grades import GradeScale
from perfrules._model import Severity
from perfrules._quantity import Direction, Fixed
from perfrules._rule_params import rule_from_params
from perfrules._rules import Rule
from perfrules.errors import InvalidInputError, InvalidValueError, UnknownSchemeError
from perfrules.schemes._monitoring import policy_from_data, policy_to_data
from perfrules.schemes._scheme import (
    ExecutionPolicy,
    Group,
    IndicatorSpec,
    Rounding,
    Scheme,
    Thresholds,
    WeightPolicy,
)

if TYPE_CHECKING:
    from perfrules.schemes._registry import SchemeRegistry

__all__ = ["scheme_from_data", "scheme_from_file", "scheme_to_data"]

_TOP = {
    "name", "title", "edition", "from_year", "to_year", "status", "kind", "jurisdiction", "source",
    "framework", "execution", "rules", "indicators", "named_rules", "grades", "rounding",
    "not_applicable", "weights", "thresholds", "monitoring", "base", "base_year",
}  # fmt: skip
_GROUP_KEYS = {"name", "weight", "aliases", "groups"}
_INDICATOR_KEYS = {"rule", "level1", "level2", "weight", "direction", "definition", "derive"}
_STATUS = ("official", "provisional")
_NOT_APPLICABLE = ("rescale", "zero")


class _Errors:
    def __init__(self) -> None:
        self.items: list[InvalidValueError] = []

    def add(self, reason: str, *path: str | int) -> None:
        self.items.append(InvalidValueError(reason, path))

    def run(self, fn: Callable[[], Any], *path: str | int) -> Any:
        try:
            return fn()
        except InvalidInputError as e:
            self.items += [x.at(*path) for x in e.errors]
        except InvalidValueError as e:
            self.items.append(e.at(*path))
        except (TypeError, ValueError) as e:
            self.items.append(InvalidValueError(str(e), path))
        return None


def _keys(err: _Errors, table: object, allowed: set[str], *path: str | int) -> Mapping[str, Any]:
    if not isinstance(table, Mapping):
        err.add(f"expected a table, got {type(table).__name__}", *path)
        return {}
    for k in sorted(set(table) - allowed):
        err.add(f"unknown key; known keys: {', '.join(sorted(allowed))}", *path, k)
    return table


def _fixed(v: object) -> Fixed:
    return Fixed.parse(v)  # type: ignore[arg-type]


def _bool(v: object) -> bool:
    if not isinstance(v, bool):
        raise InvalidValueError(f"expected true or false, got {v!r}")
    return v


def _int(v: object) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise InvalidValueError(f"expected a whole number, got {v!r}")
    return v


def _str(v: object) -> str:
    if not isinstance(v, str):
        raise InvalidValueError(f"expected a string, got {v!r}")
    return v


def _one_of(options: tuple[str, ...]) -> Callable[[object], str]:
    def conv(v: object) -> str:
        if _str(v) not in options:
            raise InvalidValueError(f"expected one of {', '.join(options)}, got {v!r}")
        return str(v)

    return conv


def _places(v: object) -> int:
    n = _int(v)
    if not 0 <= n <= 6:
        raise InvalidValueError(f"expected a whole number from 0 to 6, got {n}")
    return n


def _severity(v: object) -> Severity:
    return Severity(_one_of(tuple(x.value for x in Severity))(v))


def _group(err: _Errors, raw: object, depth: int, *path: str | int) -> Group | None:
    t = _keys(err, raw, _GROUP_KEYS if depth == 1 else _GROUP_KEYS - {"groups"}, *path)
    if not t:
        return None
    name = err.run(lambda: _str(t["name"]), *path, "name") if "name" in t else None
    if "name" not in t:
        err.add("missing", *path, "name")
    if "weight" not in t:
        err.add("missing", *path, "weight")
    w = err.run(lambda: _fixed(t["weight"]), *path, "weight") if "weight" in t else None
    if w is not None and w.units < 0:
        err.add(f"must not be negative, got {w}", *path, "weight")
    aliases = err.run(lambda: tuple(_str(a) for a in _list(t.get("aliases", []))), *path, "aliases")
    children: list[Group] = []
    if "groups" in t:
        if not isinstance(t["groups"], list):
            err.add("expected a list of level-2 groups ([[framework.groups]])", *path, "groups")
        else:
            for i, c in enumerate(t["groups"]):
                g = _group(err, c, depth + 1, *path, "groups", i)
                if g is not None:
                    children.append(g)
    if name is None or w is None or aliases is None:
        return None
    return Group(name, w, aliases, children)


def _list(v: object) -> list[Any]:
    if not isinstance(v, list):
        raise InvalidValueError(f"expected a list, got {v!r}")
    return v


def _spec(err: _Errors, name: str, t: Mapping[str, Any], start: IndicatorSpec | None, *path: str | int) -> IndicatorSpec | None:
    kw: dict[str, Any] = {}
    for key in ("level1", "level2", "definition", "derive"):
        if key in t:
            kw[key] = err.run(partial(_str, t[key]), *path, key)
    if "weight" in t:
        kw["weight"] = err.run(lambda: _fixed(t["weight"]), *path, "weight")
        if kw["weight"] is not None and kw["weight"].units < 0:
            err.add(f"must not be negative, got {kw['weight']}", *path, "weight")
    if "direction" in t:
        kw["direction"] = err.run(lambda: Direction.parse(_str(t["direction"])), *path, "direction")
    if "derive" in t and kw.get("derive") is not None:
        from perfrules._derived import DERIVED, canonical

        if canonical(kw["derive"]) is None:
            err.add(f"not a derived indicator; known: {', '.join(DERIVED)}", *path, "derive")
    if any(v is None for v in kw.values()):
        return None
    # An overlay changes only the fields it names.
    return attrs.evolve(start, **kw) if start is not None else IndicatorSpec(name, **kw)


def _resolve_base(err: _Errors, data: Mapping[str, Any], registry: SchemeRegistry | None) -> Scheme | None:
    from perfrules.schemes._registry import default_registry

    name = err.run(lambda: _str(data["base"]), "base")
    year = data.get("base_year", data.get("from_year"))
    if name is None:
        return None
    try:
        return (registry or default_registry).get(name, year if isinstance(year, int) and not isinstance(year, bool) else None)
    except UnknownSchemeError as e:
        err.add(str(e).strip('"'), "base")
        return None


def _policy(err: _Errors, data: Mapping[str, Any], key: str, cls: type[Any], conv: Mapping[str, Callable[[Any], Any]], base: Any) -> Any:  # noqa: PLR0917 -- one flat call per policy table
    if key not in data:
        return base
    table = _keys(err, data[key], set(conv), key)
    kwargs = {}
    for k, v in table.items():
        if k in conv:
            got = err.run(partial(conv[k], v), key, k)
            if got is not None:
                kwargs[k] = got
    return err.run(lambda: attrs.evolve(base, **kwargs) if base is not None else cls(**kwargs), key)


def _rules(err: _Errors, table: object, *path: str | int) -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    if not isinstance(table, Mapping):
        err.add("expected a table of rules", *path)
        return out
    for k, v in table.items():
        r = err.run(partial(rule_from_params, v), *path, k)
        if r is not None:
            out[k] = r
    return out


def scheme_from_data(data: Mapping[str, Any], *, base: Scheme | None = None, registry: SchemeRegistry | None = None) -> Scheme:
    """
    Build a scheme from a mapping in the scheme file format (see the reference docs).

    An overlay names its ``base`` (looked up in *registry*, by default the default registry, for
    ``base_year`` or else the overlay's ``from_year``), or is given one as *base*. Only what *data*
    names changes: the ``rules``, ``named_rules`` and ``indicators`` tables merge key by key (and
    an indicator's fields one by one), every other key present replaces the base's value; the
    years are one setting (an overlay naming ``from_year`` or ``to_year`` starts a new range).

    Raises:
        InvalidInputError: every mistake, each with its place (``rounding.places: …``).
    """
    err = _Errors()
    if not isinstance(data, Mapping):
        raise InvalidInputError([InvalidValueError(f"expected a table at the top, got {type(data).__name__}")])
    _keys(err, data, _TOP)
    if "name" not in data:
        err.add("missing: every scheme needs a name", "name")
    if "base_year" in data and "base" not in data:
        err.add("base_year needs a base", "base_year")
    if base is None and "base" in data:
        base = _resolve_base(err, data, registry)
    start = base if base is not None else Scheme(name=str(data.get("name", "?")))
    kwargs: dict[str, Any] = {}
    for key in ("name", "title", "edition", "kind", "jurisdiction", "source"):
        if key in data:
            kwargs[key] = err.run(partial(_str, data[key]), key)
    if "status" in data:
        kwargs["status"] = err.run(lambda: _one_of(_STATUS)(data["status"]), "status")
    if "not_applicable" in data:
        kwargs["not_applicable"] = err.run(lambda: _one_of(_NOT_APPLICABLE)(data["not_applicable"]), "not_applicable")
    for key in ("from_year", "to_year", "base_year"):
        if key in data:
            got = err.run(partial(_int, data[key]), key)
            if key != "base_year":
                kwargs[key] = got
    if "from_year" in data or "to_year" in data:
        # The years are one setting: an overlay naming either starts a new range.
        kwargs.setdefault("from_year", None)
        kwargs.setdefault("to_year", None)
    lo = kwargs.get("from_year", start.from_year)
    hi = kwargs.get("to_year", start.to_year)
    if lo is not None and hi is not None and hi < lo:
        err.add(f"the edition ends ({hi}) before it starts (from_year {lo})", "to_year")
    if "framework" in data:
        groups = []
        if not isinstance(data["framework"], list):
            err.add("expected a list of groups ([[framework]])", "framework")
        else:
            for i, g in enumerate(data["framework"]):
                got_group = _group(err, g, 1, "framework", i)
                if got_group is not None:
                    groups.append(got_group)
        # An overlay's groups replace the base's groups of the same name, in place; new names
        # are added at the end. So an overlay changing one weight names one group.
        # A replaced group keeps the base's aliases and level-2 groups unless it names its own.
        raw = {str(g.get("name")): g for g in data["framework"] if isinstance(g, Mapping)} if isinstance(data["framework"], list) else {}
        mine = {g.name: g for g in groups}
        merged = []
        for old in start.framework if base is not None else ():
            new = mine.pop(old.name, None)
            if new is not None:
                given = raw.get(new.name, {})
                new = attrs.evolve(new, aliases=new.aliases if "aliases" in given else old.aliases, groups=new.groups if "groups" in given else old.groups)
            merged.append(new or old)
        kwargs["framework"] = (*merged, *(g for g in groups if g.name in mine))
    if "execution" in data and data["execution"] is False:
        kwargs["execution"] = None
    elif "execution" not in data:
        kwargs["execution"] = start.execution  # an overlay keeps its base's (even none)
    else:
        kwargs["execution"] = _policy(err, data, "execution", ExecutionPolicy, {"weight": _fixed, "round_rate": _bool, "rate_places": _int, "cap": _bool}, start.execution or ExecutionPolicy())
    if isinstance(data.get("rounding"), Mapping):
        r = data["rounding"]
        places = r.get("places", start.rounding.places)
        tp = r.get("total_places", start.rounding.total_places)
        if isinstance(places, int) and isinstance(tp, int) and tp > places:
            err.add(f"cannot exceed places ({places}): the total is rounded from the rows", "rounding", "total_places")
            data = {k: v for k, v in data.items() if k != "rounding"}  # reported once, here
    kwargs["rounding"] = _policy(err, data, "rounding", Rounding, {"places": _places, "total_places": _places}, start.rounding)
    kwargs["weights"] = _policy(err, data, "weights", WeightPolicy, {"total": _fixed, "severity": _severity, "groups": _bool}, start.weights)
    kwargs["thresholds"] = _policy(err, data, "thresholds", Thresholds, dict.fromkeys(("over_achievement", "execution_below", "over_achievement_zero_target"), _fixed), start.thresholds)
    if "monitoring" in data:
        kwargs["monitoring"] = err.run(lambda: policy_from_data(data["monitoring"], base=start.monitoring), "monitoring")
    if "grades" in data:
        kwargs["grades"] = err.run(lambda: GradeScale.from_data(data["grades"]), "grades")
    if "rules" in data:
        rules = _rules(err, data["rules"], "rules")
        for k in rules:
            if k not in start.rules:
                err.add(f"unknown direction; use one of {', '.join(start.rules)}", "rules", k)
        kwargs["rules"] = {**start.rules, **rules}
    if "named_rules" in data:
        kwargs["named_rules"] = {**start.named_rules, **_rules(err, data["named_rules"], "named_rules")}
    if "indicators" in data:
        per = {}
        specs = {}
        table = data["indicators"]
        if not isinstance(table, Mapping):
            err.add("expected a table keyed by indicator name", "indicators")
        else:
            for name, spec in table.items():
                t = _keys(err, spec, _INDICATOR_KEYS, "indicators", name)
                if "rule" in t:
                    r = err.run(partial(rule_from_params, t["rule"]), "indicators", name, "rule")
                    if r is not None:
                        per[name] = r
                if set(t) - {"rule"}:
                    got_spec = _spec(err, name, t, start.indicators.get(name), "indicators", name)
                    if got_spec is not None:
                        specs[name] = got_spec
        kwargs["indicator_rules"] = {**start.indicator_rules, **per}
        kwargs["indicators"] = {**start.indicators, **specs}
    if base is not None:
        kwargs["base"] = base.name
        kwargs["base_year"] = base.from_year
    if err.items:
        raise InvalidInputError(err.items)
    kwargs = {k: v for k, v in kwargs.items() if v is not None or k in ("execution", "from_year", "to_year", "base_year")}
    scheme = err.run(lambda: attrs.evolve(start, **kwargs))
    if err.items:
        raise InvalidInputError(err.items)
    assert isinstance(scheme, Scheme)
    return scheme


def scheme_from_file(path: str | Path, *, base: Scheme | None = None, registry: SchemeRegistry | None = None) -> Scheme:
    """
    Read a scheme from a TOML file (an overlay's ``base`` is looked up in *registry*).

    Raises:
        InvalidInputError: a TOML syntax error or any mistake in the scheme, located.
    """
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise InvalidInputError([InvalidValueError(f"{p.name}: not valid TOML: {e}")]) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInputError([InvalidValueError(f"cannot read {p}: {e}")]) from None
    return scheme_from_data(data, base=base, registry=registry)


def _group_data(g: Group) -> dict[str, Any]:
    out: dict[str, Any] = {"name": g.name, "weight": str(g.weight)}
    if g.aliases:
        out["aliases"] = list(g.aliases)
    if g.groups:
        out["groups"] = [_group_data(c) for c in g.groups]
    return out


def scheme_to_data(scheme: Scheme) -> dict[str, Any]:
    """
    The scheme in the file format (for ``perfrules schemes show``); reading it back gives the
    same scheme.

    >>> from perfrules import schemes
    >>> s = schemes.get("hunan-yueyang-department")
    >>> schemes.from_data(scheme_to_data(s)) == s
    True
    """
    out: dict[str, Any] = {
        k: getattr(scheme, k)
        for k in ("name", "title", "edition", "status", "kind", "jurisdiction", "source", "not_applicable")
        if getattr(scheme, k)
    }
    for k in ("from_year", "to_year", "base"):
        if getattr(scheme, k) is not None:
            out[k] = getattr(scheme, k)
    if scheme.base is not None and scheme.base_year is not None:
        out["base_year"] = scheme.base_year
    out["grades"] = [{"label": g.label, "lower": str(g.lower), "label_en": g.label_en} for g in scheme.grades.grades]
    out["execution"] = False if scheme.execution is None else {
        "weight": str(scheme.execution.weight), "round_rate": scheme.execution.round_rate,
        "rate_places": scheme.execution.rate_places, "cap": scheme.execution.cap,
    }  # fmt: skip
    out["rounding"] = attrs.asdict(scheme.rounding)
    out["weights"] = {"total": str(scheme.weights.total), "severity": scheme.weights.severity.value, "groups": scheme.weights.groups}
    out["thresholds"] = {k: str(v) for k, v in attrs.asdict(scheme.thresholds, recurse=False).items()}
    out["monitoring"] = policy_to_data(scheme.monitoring)
    out["framework"] = [_group_data(g) for g in scheme.framework]
    out["rules"] = {k: r.params() for k, r in scheme.rules.items()}
    if scheme.named_rules:
        out["named_rules"] = {k: r.params() for k, r in scheme.named_rules.items()}
    indicators: dict[str, dict[str, Any]] = {}
    for name, spec in scheme.indicators.items():
        d: dict[str, Any] = {k: getattr(spec, k) for k in ("level1", "level2", "definition", "derive") if getattr(spec, k)}
        if spec.weight is not None:
            d["weight"] = str(spec.weight)
        if spec.direction is not None:
            d["direction"] = spec.direction.value
        indicators[name] = d
    for name, rule in scheme.indicator_rules.items():
        indicators.setdefault(name, {})["rule"] = rule.params()
    if indicators:
        out["indicators"] = indicators
    return out
