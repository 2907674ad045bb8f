"""
The JSON Schema of the scheme file format, and the reference page generated from it.

The rule kinds' parameters are read from the rule classes themselves, so a parameter added to
a kind shows up here; ``docs/reference/scheme-format.md`` is this module's output, and a test
fails when the page and the schema differ (rewrite it with
``pytest tests/test_schemes_cli.py --update-golden``).

>>> s = scheme_schema()
>>> s["required"], [v["properties"]["kind"]["const"] for v in s["$defs"]["Rule"]["anyOf"][1:4]]
(['name'], ['bands', 'deduction', 'equal'])
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from perfrules._model import Severity
from perfrules._rules import rule_kinds

__all__ = ["reference_page", "scheme_schema"]

_DECIMAL: dict[str, Any] = {
    "type": ["string", "integer"],
    "description": 'an exact decimal, e.g. "12.5" (floats are refused)',
}
_YEAR: dict[str, Any] = {"type": "integer", "minimum": 1900, "maximum": 2200}


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def _obj(
    properties: dict[str, Any], description: str, required: list[str] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "description": description,
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out


def _described(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {**schema, "description": description}


def _param_schema(field: attrs.Attribute[Any]) -> dict[str, Any]:
    options = getattr(field.validator, "options", None)
    if field.alias == "bands":
        return {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/Band"},
            "description": "the steps, first match wins",
        }
    if options is not None:
        return {"enum": list(options), "description": f"default {field.default!r}"}
    if "Fixed" in str(field.type):
        return _DECIMAL
    return {"type": "string"}


def _rule_schema() -> dict[str, Any]:
    kinds = {k: c for k, c in rule_kinds().items() if c.__module__ == "perfrules._rules"}
    variants = []
    for kind, cls in sorted(kinds.items()):
        fields = attrs.fields(cls)
        props: dict[str, Any] = {"kind": {"const": kind}}
        props.update({f.alias: _param_schema(f) for f in fields})
        required = ["kind", *(f.alias for f in fields if f.default is attrs.NOTHING)]
        doc = " ".join((cls.__doc__ or "").split())
        variants.append(_obj(props, doc, required))
    by_name = {
        "type": "string",
        "description": "a rule kind's name: the kind with its default parameters",
    }
    custom = {
        "type": "object",
        "description": "a kind registered with @rule_kind, with its own parameters",
        "properties": {"kind": {"type": "string", "not": {"enum": sorted(kinds)}}},
        "required": ["kind"],
    }
    return {
        "description": "a rule: a kind's name, or a table with kind and its parameters",
        "anyOf": [by_name, *variants, custom],
    }


def _group(level: int) -> dict[str, Any]:
    props: dict[str, Any] = {
        "name": _text("the group's name as forms print it"),
        "weight": _described(_DECIMAL, "the group's weight"),
        "aliases": {
            "type": "array",
            "items": {"type": "string"},
            "description": "other names forms use for it",
        },
    }
    if level == 1:
        props["groups"] = {
            "type": "array",
            "items": {"$ref": "#/$defs/Group2"},
            "description": "its level-2 groups (二级指标), whose weights add up to its weight",
        }
    return _obj(
        props,
        "a level-1 group (一级指标)" if level == 1 else "a level-2 group (二级指标)",
        ["name", "weight"],
    )


def scheme_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scheme file (TOML, or the same keys in JSON)."""
    from perfrules._derived import DERIVED

    directions = ["≥", "≤", "=", "定性"]
    props: dict[str, Any] = {
        "name": _text("the registry name, kebab-case (required)"),
        "title": _text("a title for people"),
        "edition": _text("which edition this is"),
        "from_year": _described(_YEAR, "the first year this edition is in force (none: always)"),
        "to_year": _described(
            _YEAR,
            "the last year in force (none: open-ended); an overlay naming from_year or to_year starts a new range",
        ),
        "status": {
            "enum": ["official", "provisional"],
            "description": "provisional: no official form seen; scoring adds a provisional-scheme warning",
        },
        "kind": _text('"project" (项目支出) or "department" (部门整体)'),
        "jurisdiction": _text("where it applies"),
        "source": _text("where its rules come from"),
        "base": _text(
            "an overlay: the scheme this one inherits from; only what this file names changes"
        ),
        "base_year": _described(
            _YEAR, "the year whose edition of base is inherited (default: from_year)"
        ),
        "not_applicable": {
            "enum": ["rescale", "zero"],
            "description": "N/A rows: rescale the total to the applicable weights, or score 0",
        },
        "grades": {
            "description": 'a preset "a/b/c" for 优/良/中/差, or the grades from best to worst',
            "oneOf": [
                {"type": "string", "pattern": r"^[0-9.]+/[0-9.]+/[0-9.]+$"},
                {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/Grade"}},
            ],
        },
        "execution": {
            "description": "the budget execution score (预算执行率), or false for none",
            "oneOf": [{"const": False}, {"$ref": "#/$defs/Execution"}],
        },
        "rounding": {"$ref": "#/$defs/Rounding"},
        "weights": {"$ref": "#/$defs/Weights"},
        "thresholds": {"$ref": "#/$defs/Thresholds"},
        "monitoring": {
            "type": "object",
            "description": "monitoring settings (progress, checkpoints, yellow, red, milestones); see the monitoring how-to",
        },
        "framework": {
            "type": "array",
            "items": {"$ref": "#/$defs/Group1"},
            "description": "the level-1 groups; with execution, their weights add up to weights.total",
        },
        "rules": {
            "type": "object",
            "description": "the rule for each direction; an overlay replaces only the directions it names",
            "propertyNames": {"enum": directions},
            "additionalProperties": {"$ref": "#/$defs/Rule"},
        },
        "named_rules": {
            "type": "object",
            "description": "rules an indicator can name in its rule key",
            "additionalProperties": {"$ref": "#/$defs/Rule"},
        },
        "indicators": {
            "type": "object",
            "description": "the indicators the scheme defines, by name (quotes and spaces in names are ignored when matching)",
            "additionalProperties": {"$ref": "#/$defs/Indicator"},
        },
    }
    defs: dict[str, Any] = {
        "Thresholds": _obj(
            {
                "over_achievement": _described(
                    _DECIMAL, "B/A in percent at or above which a reason is expected (default 130)"
                ),
                "execution_below": _described(
                    _DECIMAL,
                    "an execution rate in percent below which a reason is expected (default 90)",
                ),
                "over_achievement_zero_target": _described(
                    _DECIMAL, "B at or above which a reason is expected when A = 0 (default 30)"
                ),
            },
            "when a deviation reason (偏差原因) is expected",
        ),
        "Weights": _obj(
            {
                "total": _described(_DECIMAL, "Σ weights, execution included (default 100)"),
                "severity": {
                    "enum": [s.value for s in Severity],
                    "description": "of a weights finding (default warning)",
                },
                "groups": {
                    "type": "boolean",
                    "description": "also check each level-1 group's Σ (default true)",
                },
            },
            "the weight checks",
        ),
        "Rounding": _obj(
            {
                "places": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 6,
                    "description": "each row is rounded half-up to this many decimals (default 2)",
                },
                "total_places": {
                    "type": "integer",
                    "minimum": 0,
                    "maximum": 6,
                    "description": "the total is rounded half-up to this many decimals, ≤ places (default 2)",
                },
            },
            "where rounding happens",
        ),
        "Grade": _obj(
            {
                "label": _text("e.g. 优"),
                "lower": _described(
                    _DECIMAL, "inclusive lower bound; bounds decrease, the last is 0"
                ),
                "label_en": _text("e.g. excellent"),
            },
            "one grade",
            ["label", "lower"],
        ),
        "Execution": _obj(
            {
                "weight": _described(_DECIMAL, "points for a 100% execution rate (default 10)"),
                "round_rate": {
                    "type": "boolean",
                    "description": "round the rate half-up first (default false)",
                },
                "rate_places": {
                    "type": "integer",
                    "description": "decimals of the ratio the rate is rounded to (4: 0.01%)",
                },
                "cap": {"type": "boolean", "description": "cap the rate at 100% (default true)"},
            },
            "the budget execution score: weight × executed / planned",
        ),
        "Group1": _group(1),
        "Group2": _group(2),
        "Indicator": _obj(
            {
                "rule": {"$ref": "#/$defs/Rule"},
                "level1": _text("its level-1 group"),
                "level2": _text("its level-2 group"),
                "weight": _described(_DECIMAL, "its weight"),
                "direction": {"enum": directions, "description": "which way a value is good"},
                "definition": _text("its definition or formula, as forms print it"),
                "derive": {
                    "enum": list(DERIVED),
                    "description": "take the actual value from the budget and facts",
                },
            },
            "one indicator the scheme defines; an overlay changes only the fields it names",
        ),
        "Band": _obj(
            {
                "points": _described(_DECIMAL, "the points of this step (at most the weight)"),
                "range": _text('an interval: "[80, 90)", "(0, 10]", "[90, +∞)", "=0"'),
                "min": _described(_DECIMAL, "inclusive lower bound (instead of range)"),
                "max": _described(_DECIMAL, "exclusive upper bound (instead of range)"),
            },
            "one step of a bands rule",
            ["points"],
        ),
        "Rule": _rule_schema(),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "perfrules scheme file",
        "type": "object",
        "properties": props,
        "required": ["name"],
        "additionalProperties": False,
        "$defs": defs,
    }


def _type(s: dict[str, Any]) -> str:
    if "$ref" in s:
        name = s["$ref"].rsplit("/", 1)[1]
        return f"[{name}](#{name.lower()})"
    if "const" in s:
        return f"`{json.dumps(s['const'], ensure_ascii=False)}`"
    if "enum" in s:
        return " \\| ".join(f"`{v}`" for v in s["enum"])
    if "oneOf" in s:
        return " or ".join(_type(x) for x in s["oneOf"])
    t = s.get("type", "")
    if t == "array":
        return f"list of {_type(s['items'])}"
    if (
        t == "object"
        and "additionalProperties" in s
        and isinstance(s["additionalProperties"], dict)
    ):
        return f"table of {_type(s['additionalProperties'])}"
    if isinstance(t, list):
        return " or ".join(t)
    return str(t)


def _table(props: dict[str, Any], required: list[str]) -> list[str]:
    out = ["| key | type | meaning |", "|---|---|---|"]
    for key, s in props.items():
        req = " (required)" if key in required else ""
        desc = str(s.get("description", "")).replace("|", "\\|")
        out.append(f"| `{key}`{req} | {_type(s)} | {desc} |")
    return out


def reference_page() -> str:
    """The Markdown of ``docs/reference/scheme-format.md``."""
    schema = scheme_schema()
    lines = [
        "# Scheme file format",
        "",
        "<!-- Generated by perfrules.schemes._format from the JSON Schema; do not edit by hand. -->",
        "",
        "A scheme file is TOML (the same keys work as JSON). Unknown keys are errors, and every",
        'mistake is reported with its place, e.g. `indicators."三公经费控制率".rule.per: must be positive`.',
        "Check a file with `perfrules scheme check FILE`; print this schema with `perfrules scheme schema`.",
        "",
        "## Top level",
        "",
        *_table(schema["properties"], schema["required"]),
    ]
    for name, d in schema["$defs"].items():
        lines += ["", f"## {name}", ""]
        if name == "Rule":
            lines += [
                'A rule is a kind name (`"proportional"`) or a table with `kind` and the kind\'s parameters.',
                "The built-in kinds:",
            ]
            for v in d["anyOf"]:
                if "const" not in v.get("properties", {}).get("kind", {}):
                    continue
                kind = v["properties"]["kind"]["const"]
                lines += ["", f"### `{kind}`", "", v["description"], ""]
                params = {k: p for k, p in v["properties"].items() if k != "kind"}
                lines += _table(params, v.get("required", [])) if params else ["No parameters."]
            continue
        if "description" in d:
            lines += [d["description"][0].upper() + d["description"][1:] + ".", ""]
        lines += _table(d.get("properties", {}), d.get("required", []))
    return "\n".join(lines) + "\n"

