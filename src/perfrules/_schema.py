"""
The JSON Schema of the evaluation input format, generated from the model so it cannot drift.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from typing import Any

import attrs

from perfrules._model import Evaluation, Finding, Measure, Severity
from perfrules._monitoring_model import DeviationReason, Likelihood
from perfrules._quantity import Direction, Fixed, Money, Value

__all__ = ["input_schema"]

_DECIMAL = {"type": ["string", "integer"], "pattern": r"^\s*[+-]?[0-9０-９,，]+([.．][0-9０-９]+)?\s*$", "description": 'an exact decimal, e.g. "12.5"'}
_LEAF: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    Fixed: _DECIMAL,
    Money: {"type": ["string", "integer"], "description": 'an amount with its unit, e.g. "2066.22 万元"; integers are yuan'},
    Value: {"type": ["string", "integer"], "description": 'a value as written in a form, e.g. "≥735 人次", "≤202.6万元", "有效"'},
    Direction: {"type": "string", "description": "≥ ≤ = 定性 (also >= <= 正向 反向)"},
    Severity: {"enum": [s.value for s in Severity]},
    date: {"type": "string", "description": 'a date "2021-07-31" or a checkpoint: Q1, H1, 1-7月, Q3, year-end'},
    DeviationReason: {"enum": [r.value for r in DeviationReason]},
    Likelihood: {"enum": [x.value for x in Likelihood]},
}


def _type(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if tp in _LEAF:
        return dict(_LEAF[tp])
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _type(args[0], defs) if len(args) == 1 else {"anyOf": [_type(a, defs) for a in args]}
    if origin is tuple:
        item = _type(typing.get_args(tp)[0], defs)
        return {"type": "array", "items": item}
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            hints = typing.get_type_hints(tp)
            fields = attrs.fields(tp)
            props = {f.name: _type(hints[f.name], defs) for f in fields}
            required = [f.name for f in fields if f.default is attrs.NOTHING]
            obj: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
            if required:
                obj["required"] = required
            if tp.__doc__:
                obj["description"] = " ".join(tp.__doc__.split())
            if tp in (Finding, Measure):
                obj = {"anyOf": [{"type": "string"}, obj]}
            defs[name] = obj
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no JSON Schema for {tp!r}")


def input_schema() -> dict[str, Any]:
    """
    The JSON Schema (draft 2020-12) of an evaluation file.

    >>> s = input_schema()
    >>> s["$defs"]["Indicator"]["required"]
    ['name', 'weight', 'target']
    """
    defs: dict[str, Any] = {}
    root = _type(Evaluation, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "perfrules evaluation",
        **defs.pop("Evaluation"),
        "$defs": defs,
    } if root else {}
