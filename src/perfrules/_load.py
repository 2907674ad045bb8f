"""
Plain data (TOML / JSON) to the model and back, with cattrs.

Every input check lives here: unknown keys, floats, malformed amounts and values are errors
that name their place (``indicators[3].target: …``), and all of them are reported at once.
"""

from __future__ import annotations

import json
import tomllib
import typing
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import cattrs
import tomli_w
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from perfrules._model import (
    BudgetLine,
    Declared,
    Department,
    Evaluation,
    Facts,
    Finding,
    Indicator,
    Measure,
    Severity,
    Target,
)
from perfrules._monitoring_model import (
    BudgetProgress,
    DeviationReason,
    IndicatorProgress,
    Likelihood,
    Snapshot,
    parse_at,
)
from perfrules._quantity import Direction, Fixed, Money, Value, parse_points, parse_value
from perfrules.errors import InvalidInputError, InvalidValueError

__all__ = ["converter", "dump", "dumps", "from_data", "load", "loads", "to_data"]

converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)


def _str(v: object, _: object = None) -> str:
    if not isinstance(v, str):
        raise InvalidValueError(f"expected a string, got {type(v).__name__} {v!r}")
    return v


def _int(v: object, _: object = None) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        if isinstance(v, str) and v.strip().isdigit():
            return int(v)
        raise InvalidValueError(f"expected a whole number, got {type(v).__name__} {v!r}")
    return v


def _bool(v: object, _: object = None) -> bool:
    if not isinstance(v, bool):
        raise InvalidValueError(f"expected true or false, got {v!r}")
    return v


converter.register_structure_hook(str, _str)
converter.register_structure_hook(int, _int)
converter.register_structure_hook(bool, _bool)
converter.register_structure_hook(Money, lambda v, _: Money.parse(v))
converter.register_structure_hook(Fixed, lambda v, _: Fixed.parse(v))
converter.register_structure_hook(Direction, lambda v, _: Direction.parse(_str(v)))
converter.register_structure_hook(Severity, lambda v, _: Severity(_str(v)))
converter.register_structure_hook(Value, lambda v, _: parse_value(v))
converter.register_unstructure_hook(Money, lambda m: f"{m.yuan} 元")
converter.register_unstructure_hook(Fixed, str)
converter.register_unstructure_hook(Value, lambda v: v.text)
converter.register_unstructure_hook(Direction, lambda d: d.value)
converter.register_unstructure_hook(Severity, lambda s: s.value)


def _is_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple


def _tuple(v: object, tp: Any) -> tuple[Any, ...]:
    """A list in the file; a string or a table is an error, never split into characters or keys."""
    if not isinstance(v, (list, tuple)):
        raise InvalidValueError(f"expected a list, got {type(v).__name__}")
    item = typing.get_args(tp)[0]
    out: list[Any] = []
    errors: list[InvalidValueError] = []
    for i, x in enumerate(v):
        try:
            out.append(converter.structure(x, item))
        except Exception as e:  # noqa: BLE001 -- converted to located errors or re-raised
            errors += _errors(e, (i,))
    if errors:
        raise InvalidInputError(errors)
    return tuple(out)


converter.register_structure_hook_func(_is_tuple, _tuple)

for _cls in (Department, BudgetLine, Target, Measure, Declared, Facts):
    converter.register_structure_hook(_cls, make_dict_structure_fn(_cls, converter, _cattrs_forbid_extra_keys=True))

_INDICATOR_KEYS = {f.name for f in attrs.fields(Indicator)}


def _indicator(data: object, _: object = None) -> Indicator:
    """Indicators are read by hand: the actual takes its unit from the target, and the direction
    may come from the target's sign or from its own key."""
    if not isinstance(data, Mapping):
        raise InvalidValueError(f"expected a table, got {type(data).__name__}")
    errors: list[InvalidValueError] = [InvalidValueError("unknown key", (k,)) for k in sorted(set(data) - _INDICATOR_KEYS)]
    errors += [InvalidValueError("missing", (k,)) for k in ("name", "weight", "target") if k not in data]
    out: dict[str, Any] = {}

    def field(key: str, fn: Any) -> None:
        if key in data:
            try:
                out[key] = fn(data[key])
            except InvalidValueError as e:
                errors.append(e.at(key))

    for key in ("name", "level1", "level2", "reason", "rule"):
        field(key, _str)
    for key in ("not_applicable", "core"):
        field(key, _bool)
    field("weight", parse_points)
    field("declared_score", parse_points)
    field("deduction", parse_points)
    field("direction", lambda v: Direction.parse(_str(v)))
    field("target", parse_value)
    if "target" in out:
        field("actual", lambda v: parse_value(v, unit=out["target"].unit))
    _check_indicator(out, errors)
    if errors:
        raise InvalidInputError(errors)
    return Indicator(**out)


def _check_indicator(out: dict[str, Any], errors: list[InvalidValueError]) -> None:
    weight: Fixed | None = out.get("weight")
    if weight is not None and weight.units < 0:
        errors.append(InvalidValueError(f"must not be negative, got {weight}", ("weight",)))
    for key in ("declared_score", "deduction"):
        v: Fixed | None = out.get(key)
        if v is not None and v.units < 0:
            errors.append(InvalidValueError(f"must not be negative, got {v}", (key,)))
        if v is not None and weight is not None and key == "declared_score" and v > weight:
            errors.append(InvalidValueError(f"{v} is above the weight {weight} (得分不能大于分值)", (key,)))
    target: Value | None = out.get("target")
    given: Direction | None = out.get("direction")
    # A qualitative target carries no sign: its direction 定性 is checked below, once.
    if target is not None and given is not None and target.direction is not None and not target.is_qualitative and target.direction != given:
        errors.append(InvalidValueError(f"direction {given.value} contradicts the target's sign {target.direction.value}", ("direction",)))
    if target is not None and given is not None and given != Direction.QUAL and target.is_qualitative:
        errors.append(InvalidValueError(f"direction {given.value} needs a numeric target, got {target.text!r}", ("direction",)))


def _finding(data: object, _: object = None) -> Finding:
    """A stated problem: a plain string, or a table whose code and severity default to
    ``stated`` and ``info``."""
    if isinstance(data, str):
        return Finding("stated", Severity.INFO, data)
    if not isinstance(data, Mapping):
        raise InvalidValueError(f"expected a string or a table, got {type(data).__name__}")
    found: Finding = _finding_fn({"code": "stated", "severity": "info", **data}, Finding)
    return found


def _measure(data: object, _: object = None) -> Measure:
    if isinstance(data, str):
        return Measure(data)
    if not isinstance(data, Mapping):
        raise InvalidValueError(f"expected a string or a table, got {type(data).__name__}")
    found: Measure = _measure_fn(data, Measure)
    return found


_finding_fn = make_dict_structure_fn(Finding, converter, _cattrs_forbid_extra_keys=True)
_measure_fn = converter.get_structure_hook(Measure)
converter.register_structure_hook(Indicator, _indicator)
converter.register_structure_hook(Finding, _finding)
converter.register_structure_hook(Measure, _measure)
_evaluation_fn = make_dict_structure_fn(Evaluation, converter, _cattrs_forbid_extra_keys=True)


def _evaluation(data: object, _: object = None) -> Evaluation:
    """The evaluation; its monitoring snapshots are read by hand, since a checkpoint name
    (``at = "Q1"``) needs the year and a value takes its unit from the indicator's target."""
    if not isinstance(data, Mapping) or "monitoring" not in data:
        plain: Evaluation = _evaluation_fn(data, Evaluation)  # type: ignore[arg-type]  # cattrs reports a non-table
        return plain
    errors: list[InvalidValueError] = []
    ev: Evaluation | None = None
    try:
        ev = _evaluation_fn({k: v for k, v in data.items() if k != "monitoring"}, Evaluation)
    except Exception as e:  # noqa: BLE001 -- converted to located errors or re-raised
        errors += _errors(e)
    year = ev.year if ev is not None else data.get("year")
    units = {i.name: i.target.unit for i in ev.indicators} if ev is not None else {}
    snapshots = _snapshots(data["monitoring"], year if isinstance(year, int) else None, units, errors)
    if errors or ev is None:
        raise InvalidInputError(errors)
    return attrs.evolve(ev, monitoring=snapshots)


def _snapshots(raw: object, year: int | None, units: Mapping[str, str], errors: list[InvalidValueError]) -> tuple[Snapshot, ...]:
    """``[[monitoring]]`` tables; every mistake is collected with its place (``monitoring[1].at``)."""
    if not isinstance(raw, list):
        errors.append(InvalidValueError("expected a list of tables ([[monitoring]])", ("monitoring",)))
        return ()
    out: list[Snapshot] = []
    seen: dict[object, int] = {}
    for k, table in enumerate(raw):
        path: tuple[str | int, ...] = ("monitoring", k)
        t = _table(table, {"at", "budget", "indicators"}, {"at"}, errors, path)
        at = _run(errors, lambda t=t: parse_at(t["at"], year or 2000), *path, "at") if "at" in t else None
        if at is not None and year is not None and at.year != year:
            errors.append(InvalidValueError(f"{at.isoformat()} is outside the evaluation's year {year}", (*path, "at")))
        if at is not None and at in seen:
            errors.append(InvalidValueError(f"monitoring[{seen[at]}] has the same date {at.isoformat()}", (*path, "at")))
        if at is not None:
            seen.setdefault(at, k)
        budget = [_budget_progress(r, errors, (*path, "budget", j)) for j, r in enumerate(_rows(t, "budget", errors, path))]
        inds = [_indicator_progress(r, units, errors, (*path, "indicators", j)) for j, r in enumerate(_rows(t, "indicators", errors, path))]
        for key, rows in (("budget", budget), ("indicators", inds)):
            names = [r.name for r in rows if r is not None]
            errors += [InvalidValueError(f"{n!r} appears twice in this snapshot", (*path, key, j, "name")) for j, n in enumerate(names) if n in names[:j]]
        if at is not None and (year is None or at.year == year):
            out.append(Snapshot(at, [b for b in budget if b is not None], [i for i in inds if i is not None]))
    return tuple(out)


def _table(table: object, allowed: set[str], required: set[str], errors: list[InvalidValueError], path: tuple[str | int, ...]) -> Mapping[str, Any]:
    if not isinstance(table, Mapping):
        errors.append(InvalidValueError(f"expected a table, got {type(table).__name__}", path))
        return {}
    errors += [InvalidValueError("unknown key", (*path, k)) for k in sorted(set(table) - allowed)]
    errors += [InvalidValueError("missing", (*path, k)) for k in sorted(required - set(table))]
    return table


def _rows(t: Mapping[str, Any], key: str, errors: list[InvalidValueError], path: tuple[str | int, ...]) -> list[Any]:
    rows = t.get(key, [])
    if not isinstance(rows, list):
        errors.append(InvalidValueError(f"expected a list of tables ([[monitoring.{key}]])", (*path, key)))
        return []
    return rows


def _run(errors: list[InvalidValueError], fn: Any, *path: str | int) -> Any:
    try:
        return fn()
    except InvalidValueError as e:
        errors.append(e.at(*path))
    return None


def _budget_progress(row: object, errors: list[InvalidValueError], path: tuple[str | int, ...]) -> BudgetProgress | None:
    t = _table(row, {"name", "executed"}, {"name", "executed"}, errors, path)
    name = _run(errors, lambda: _str(t["name"]), *path, "name") if "name" in t else None
    executed = _run(errors, lambda: Money.parse(t["executed"]), *path, "executed") if "executed" in t else None
    if executed is not None and executed.fen < 0:
        errors.append(InvalidValueError("must not be negative", (*path, "executed")))
        return None
    return None if name is None or executed is None else BudgetProgress(name, executed)


def _indicator_progress(row: object, units: Mapping[str, str], errors: list[InvalidValueError], path: tuple[str | int, ...]) -> IndicatorProgress | None:
    t = _table(row, {"name", "value", "forecast", "reason", "likelihood"}, {"name"}, errors, path)
    name = _run(errors, lambda: _str(t["name"]), *path, "name") if "name" in t else None
    if name is None:
        return None
    out: dict[str, Any] = {}
    for key in ("value", "forecast"):
        if key in t:
            out[key] = _run(errors, lambda key=key: parse_value(t[key], unit=units.get(name, "")), *path, key)
    # An empty reason or likelihood is a blank cell of the form, not a mistake.
    if t.get("reason", ""):
        out["reason"] = _run(errors, lambda: DeviationReason.parse(_str(t["reason"])), *path, "reason")
    if t.get("likelihood", ""):
        out["likelihood"] = _run(errors, lambda: Likelihood.parse(_str(t["likelihood"])), *path, "likelihood")
    return IndicatorProgress(name, **out)


converter.register_structure_hook(Evaluation, _evaluation)
converter.register_unstructure_hook(date, date.isoformat)
converter.register_unstructure_hook(DeviationReason, lambda r: r.value)
converter.register_unstructure_hook(Likelihood, lambda x: x.value)
converter.register_unstructure_hook(BudgetProgress, make_dict_unstructure_fn(BudgetProgress, converter))
for _mcls in (IndicatorProgress, Snapshot):
    converter.register_unstructure_hook(_mcls, make_dict_unstructure_fn(_mcls, converter, _cattrs_omit_if_default=True))
converter.register_unstructure_hook(
    Indicator,
    make_dict_unstructure_fn(Indicator, converter, _cattrs_omit_if_default=True, direction=override(omit_if_default=False)),
)
for _ucls in (Department, BudgetLine, Target, Finding, Measure, Declared, Facts, Evaluation):
    converter.register_unstructure_hook(_ucls, make_dict_unstructure_fn(_ucls, converter, _cattrs_omit_if_default=True))


def _errors(exc: BaseException, path: tuple[str | int, ...] = ()) -> list[InvalidValueError]:
    """Flatten cattrs' exception groups into located errors."""
    if isinstance(exc, ForbiddenExtraKeysError):
        return [InvalidValueError("unknown key", (*path, k)) for k in sorted(exc.extra_fields)]
    if isinstance(exc, (ClassValidationError, IterableValidationError)):
        out = []
        for sub in exc.exceptions:
            p = path
            for note in getattr(sub, "__notes__", []):
                name = getattr(note, "name", None)
                index = getattr(note, "index", None)
                if name is not None:
                    p = (*path, name)
                elif index is not None:
                    p = (*path, index)
            out += _errors(sub, p)
        return out
    if isinstance(exc, InvalidInputError):
        return [e.at(*path) for e in exc.errors]
    if isinstance(exc, InvalidValueError):
        return [exc.at(*path)]
    if isinstance(exc, KeyError):
        return [InvalidValueError("missing", path)]
    if isinstance(exc, (TypeError, ValueError, AttributeError)):
        return [InvalidValueError(f"invalid value ({exc})", path)]
    raise exc


def from_data(data: Mapping[str, Any]) -> Evaluation:
    """
    Build an Evaluation from plain data in the input format (DESIGN.md).

    >>> ev = from_data({"year": 2021, "department": {"name": "某局"}, "scheme": "mof-2020-project"})
    >>> ev.department.name, ev.year
    ('某局', 2021)
    >>> from_data({"year": 2021, "department": {"name": "某局"}, "colour": "red"})
    Traceback (most recent call last):
    ...
    perfrules.errors.InvalidInputError: colour: unknown key

    Raises:
        InvalidInputError: every bad value, each with its place.
    """
    if not isinstance(data, Mapping):
        raise InvalidInputError([InvalidValueError(f"expected a table at the top, got {type(data).__name__}")])
    try:
        ev = converter.structure(data, Evaluation)
    except Exception as e:  # noqa: BLE001 -- converted to located errors or re-raised
        raise InvalidInputError(_errors(e)) from None
    _check_evaluation(ev)
    return ev


def _check_evaluation(ev: Evaluation) -> None:
    errors = []
    names = {i.name for i in ev.indicators}
    for t, target in enumerate(ev.targets):
        errors += [InvalidValueError(f"no indicator named {n!r}", ("targets", t, "indicators", k)) for k, n in enumerate(target.indicators) if n not in names]
    for m, measure in enumerate(ev.measures):
        errors += [InvalidValueError(f"no finding number {a}", ("measures", m, "answers", k)) for k, a in enumerate(measure.answers) if not 0 <= a < len(ev.findings)]
    for b, line in enumerate(ev.budget):
        errors += [InvalidValueError("must not be negative", ("budget", b, k)) for k in ("planned", "executed") if getattr(line, k).fen < 0]
    for key in ("total", "execution_score", "execution_rate"):
        v = getattr(ev.declared, key)
        if v is not None and v.units < 0:
            errors.append(InvalidValueError(f"must not be negative, got {v}", ("declared", key)))
    if not 1900 <= ev.year <= 2200:
        errors.append(InvalidValueError(f"not a plausible year: {ev.year}", ("year",)))
    if errors:
        raise InvalidInputError(errors)


def to_data(evaluation: Evaluation) -> dict[str, Any]:
    """The evaluation as plain data in the input format (``from_data(to_data(ev)) == ev``)."""
    out: dict[str, Any] = converter.unstructure(evaluation)
    out.setdefault("year", evaluation.year)
    return out


def loads(text: str, *, format: str = "toml") -> Evaluation:  # noqa: A002 -- the natural name
    """
    Read an evaluation from TOML or JSON text.

    Raises:
        InvalidInputError: a syntax error or any bad value, located.
    """
    try:
        data = tomllib.loads(text) if format == "toml" else json.loads(text, parse_float=_no_float)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as e:
        raise InvalidInputError([InvalidValueError(f"not valid {format.upper()}: {e}")]) from None
    except InvalidValueError as e:
        raise InvalidInputError([e]) from None
    return from_data(data)


def _no_float(text: str) -> str:
    # JSON numbers with a decimal point are kept as their exact text; quoting them is preferred.
    return text


def load(path: str | Path) -> Evaluation:
    """
    Read an evaluation file: ``.toml`` or ``.json``.

    Raises:
        InvalidInputError: unreadable file, syntax error or bad value, located.
    """
    p = Path(path)
    fmt = "json" if p.suffix.lower() == ".json" else "toml"
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInputError([InvalidValueError(f"cannot read {p}: {e}")]) from None
    return loads(text, format=fmt)


def dumps(evaluation: Evaluation, *, format: str = "toml") -> str:  # noqa: A002
    """The evaluation as TOML or JSON text."""
    data = to_data(evaluation)
    if format == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return tomli_w.dumps(data)


def dump(evaluation: Evaluation, path: str | Path) -> None:
    """Write the evaluation to a ``.toml`` or ``.json`` file."""
    p = Path(path)
    p.write_text(dumps(evaluation, format="json" if p.suffix.lower() == ".json" else "toml"), encoding="utf-8")
