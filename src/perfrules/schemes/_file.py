"""
Schemes as data: read a scheme from a TOML file or a mapping, with every mistake located.

The built-in schemes are TOML files read by this same code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from perfrules._grades import GradeScale
from perfrules._model import Severity
from perfrules._quantity import Fixed
from perfrules._rules import Rule, rule_from_params
from perfrules.errors import InvalidInputError, InvalidValueError
from perfrules.schemes._monitoring import policy_from_data, policy_to_data
from perfrules.schemes._scheme import ExecutionPolicy, Group, Rounding, Scheme, Thresholds, WeightPolicy

__all__ = ["scheme_from_data", "scheme_from_file", "scheme_to_data"]

_TOP = {
    "name", "title", "edition", "from_year", "to_year", "status", "kind", "jurisdiction", "source",
    "framework", "execution", "rules", "indicators", "named_rules", "grades", "rounding",
    "not_applicable", "weights", "thresholds", "monitoring", "base",
}  # fmt: skip


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


def _policy(err: _Errors, data: Mapping[str, Any], key: str, cls: type[Any], conv: Mapping[str, Callable[[Any], Any]], base: Any) -> Any:
    if key not in data:
        return base
    table = _keys(err, data[key], set(conv), key)
    kwargs = {}
    for k, v in table.items():
        if k in conv:
            got = err.run(lambda c=conv[k], v=v: c(v), key, k)
            if got is not None:
                kwargs[k] = got
    return err.run(lambda: attrs.evolve(base, **kwargs) if base is not None else cls(**kwargs), key)


def _rules(err: _Errors, table: object, *path: str | int) -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    if not isinstance(table, Mapping):
        err.add("expected a table of rules", *path)
        return out
    for k, v in table.items():
        r = err.run(lambda v=v: rule_from_params(v), *path, k)
        if r is not None:
            out[k] = r
    return out


def scheme_from_data(data: Mapping[str, Any], *, base: Scheme | None = None) -> Scheme:
    """
    Build a scheme from a mapping in the scheme file format (see the reference docs).

    With *base* (an overlay), only what *data* names changes: rule tables merge key by key,
    every other key present replaces the base's value.

    Raises:
        InvalidInputError: every mistake, each with its place (``rounding.places: …``).
    """
    err = _Errors()
    _keys(err, data, _TOP)
    if "name" not in data:
        err.add("missing: every scheme needs a name", "name")
    start = base if base is not None else Scheme(name=str(data.get("name", "?")))
    kwargs: dict[str, Any] = {}
    for key in ("name", "title", "edition", "status", "kind", "jurisdiction", "source", "not_applicable"):
        if key in data:
            kwargs[key] = err.run(lambda v=data[key]: _str(v), key)
    for key in ("from_year", "to_year"):
        if key in data:
            kwargs[key] = err.run(lambda v=data[key]: _int(v), key)
    if "framework" in data:
        groups = []
        if not isinstance(data["framework"], list):
            err.add("expected a list of groups ([[framework]])", "framework")
        else:
            for i, g in enumerate(data["framework"]):
                t = _keys(err, g, {"name", "weight", "aliases"}, "framework", i)
                if t and "name" not in t:
                    err.add("missing", "framework", i, "name")
                w = err.run(lambda t=t: _fixed(t.get("weight", 0)), "framework", i, "weight")
                aliases = err.run(lambda t=t: tuple(_str(a) for a in t.get("aliases", [])), "framework", i, "aliases")
                if t and "name" in t and w is not None and aliases is not None:
                    groups.append(Group(str(t["name"]), w, aliases))
        kwargs["framework"] = tuple(groups)
    if "execution" in data and data["execution"] is False:
        kwargs["execution"] = None
    else:
        kwargs["execution"] = _policy(err, data, "execution", ExecutionPolicy, {"weight": _fixed, "round_rate": _bool, "rate_places": _int, "cap": _bool}, start.execution or ExecutionPolicy())
    kwargs["rounding"] = _policy(err, data, "rounding", Rounding, {"places": _int, "total_places": _int}, start.rounding)
    kwargs["weights"] = _policy(err, data, "weights", WeightPolicy, {"total": _fixed, "severity": Severity, "groups": _bool}, start.weights)
    kwargs["thresholds"] = _policy(err, data, "thresholds", Thresholds, {k: _fixed for k in ("over_achievement", "execution_below", "over_achievement_zero_target")}, start.thresholds)
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
        table = data["indicators"]
        if not isinstance(table, Mapping):
            err.add("expected a table keyed by indicator name", "indicators")
        else:
            for name, spec in table.items():
                t = _keys(err, spec, {"rule"}, "indicators", name)
                if "rule" in t:
                    r = err.run(lambda t=t: rule_from_params(t["rule"]), "indicators", name, "rule")
                    if r is not None:
                        per[name] = r
        kwargs["indicator_rules"] = {**start.indicator_rules, **per}
    if base is not None:
        kwargs["base"] = base.name
    if err.items:
        raise InvalidInputError(err.items)
    kwargs = {k: v for k, v in kwargs.items() if v is not None or k == "execution"}
    scheme = err.run(lambda: attrs.evolve(start, **kwargs))
    if err.items:
        raise InvalidInputError(err.items)
    assert isinstance(scheme, Scheme)
    return scheme


def scheme_from_file(path: str | Path, *, base: Scheme | None = None) -> Scheme:
    """
    Read a scheme from a TOML file.

    Raises:
        InvalidInputError: a TOML syntax error or any mistake in the scheme, located.
    """
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise InvalidInputError([InvalidValueError(f"{p.name}: not valid TOML: {e}")]) from None
    return scheme_from_data(data, base=base)


def scheme_to_data(scheme: Scheme) -> dict[str, Any]:
    """The scheme in the file format (for ``perfrules schemes show``)."""
    out: dict[str, Any] = {
        k: getattr(scheme, k)
        for k in ("name", "title", "edition", "status", "kind", "jurisdiction", "source", "not_applicable")
        if getattr(scheme, k)
    }
    for k in ("from_year", "to_year", "base"):
        if getattr(scheme, k) is not None:
            out[k] = getattr(scheme, k)
    out["grades"] = [{"label": g.label, "lower": str(g.lower), "label_en": g.label_en} for g in scheme.grades.grades]
    out["execution"] = False if scheme.execution is None else {
        "weight": str(scheme.execution.weight), "round_rate": scheme.execution.round_rate,
        "rate_places": scheme.execution.rate_places, "cap": scheme.execution.cap,
    }  # fmt: skip
    out["rounding"] = attrs.asdict(scheme.rounding)
    out["weights"] = {"total": str(scheme.weights.total), "severity": scheme.weights.severity.value, "groups": scheme.weights.groups}
    out["thresholds"] = {k: str(v) for k, v in attrs.asdict(scheme.thresholds, recurse=False).items()}
    out["monitoring"] = policy_to_data(scheme.monitoring)
    out["framework"] = [{"name": g.name, "weight": str(g.weight), "aliases": list(g.aliases)} for g in scheme.framework]
    out["rules"] = {k: r.params() for k, r in scheme.rules.items()}
    if scheme.named_rules:
        out["named_rules"] = {k: r.params() for k, r in scheme.named_rules.items()}
    if scheme.indicator_rules:
        out["indicators"] = {k: {"rule": r.params()} for k, r in scheme.indicator_rules.items()}
    return out
