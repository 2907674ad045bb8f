"""Files: load and dump TOML and JSON, round trips, and the JSON Schema of the input format."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from tests.strategies import WHOLE_EVALUATIONS, evaluations

import perfrules
from perfrules import Evaluation
from perfrules._schema import input_schema
from perfrules.errors import InvalidInputError

SEED = Path("examples/panyu-2021.toml")


@pytest.fixture(name="seed")
def _seed() -> Evaluation:
    return perfrules.load(SEED)


class TestSeedFile:
    def test_facts(self, seed: Evaluation) -> None:
        """The example holds the seed's facts."""
        assert seed.year == 2021
        assert seed.department.rank == "正处级"
        assert str(seed.planned.yuan) == "20662200.00"
        assert str(seed.executed.yuan) == "20320300.00"
        assert len(seed.targets) == 4
        assert len(seed.findings) == 3
        assert len(seed.measures) == 4
        assert str(seed.declared.total) == "94.16"
        assert seed.declared.grade == "优"

    def test_actual_takes_target_unit(self, seed: Evaluation) -> None:
        """``≤202.6万元`` / ``132.9``: the actual is in 万元."""
        ind = next(i for i in seed.indicators if i.name == "学习活动场室改造修缮工程成本")

        assert ind.actual is not None
        assert ind.actual.unit == "万元"


class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["toml", "json"])
    def test_text(self, seed: Evaluation, fmt: str) -> None:
        """dumps then loads gives the same evaluation, in TOML and in JSON."""
        assert perfrules.loads(perfrules.dumps(seed, format=fmt), format=fmt) == seed

    @pytest.mark.parametrize("suffix", [".toml", ".json"])
    def test_file(self, seed: Evaluation, tmp_path: Path, suffix: str) -> None:
        """dump then load through a file; the suffix picks the format."""
        path = tmp_path / f"ev{suffix}"
        perfrules.dump(seed, path)

        assert perfrules.load(path) == seed
        if suffix == ".json":
            assert json.loads(path.read_text(encoding="utf-8"))["year"] == 2021
        else:
            assert tomllib.loads(path.read_text(encoding="utf-8"))["year"] == 2021

    def test_numbers_are_strings(self, seed: Evaluation) -> None:
        """Amounts and points are written as exact strings, never floats."""
        data = perfrules.to_data(seed)

        assert data["budget"][0]["planned"] == "20662200.00 元"
        assert data["declared"]["total"] == "94.16"
        assert all(isinstance(i["weight"], str) for i in data["indicators"])
        assert "float" not in {type(v).__name__ for v in _leaves(data)}

    def test_same_score_after_round_trip(self, seed: Evaluation) -> None:
        """The reread evaluation scores the same."""
        again = perfrules.loads(perfrules.dumps(seed))

        assert perfrules.score(again).total == perfrules.score(seed).total

    @WHOLE_EVALUATIONS
    @given(evaluations())
    def test_property_data(self, ev: Evaluation) -> None:
        """from_data(to_data(ev)) == ev for any evaluation."""
        assert perfrules.from_data(perfrules.to_data(ev)) == ev

    @WHOLE_EVALUATIONS
    @given(evaluations(max_indicators=2))
    def test_property_text(self, ev: Evaluation) -> None:
        """TOML and JSON text round-trip too."""
        assert perfrules.loads(perfrules.dumps(ev)) == ev
        assert perfrules.loads(perfrules.dumps(ev, format="json"), format="json") == ev


class TestLoadErrors:
    def test_missing_file(self, tmp_path: Path) -> None:
        """An unreadable file is an InvalidInputError naming it."""
        with pytest.raises(InvalidInputError, match=r"cannot read .*nope\.toml"):
            perfrules.load(tmp_path / "nope.toml")

    def test_toml_syntax(self) -> None:
        """A syntax error is an InvalidInputError."""
        with pytest.raises(InvalidInputError, match=r"^not valid TOML: "):
            perfrules.loads("year = ")

    def test_json_syntax(self) -> None:
        """A JSON syntax error is an InvalidInputError."""
        with pytest.raises(InvalidInputError, match=r"^not valid JSON: "):
            perfrules.loads("{", format="json")

    def test_every_error_at_once(self) -> None:
        """All bad values are reported together, each with its place."""
        with pytest.raises(InvalidInputError) as info:
            perfrules.from_data(
                {
                    "year": 2021,
                    "department": {"name": "某局"},
                    "indicators": [
                        {"name": "a", "weight": "-1", "target": "≥1"},
                        {"name": "b", "weight": "1", "target": "≥1", "colour": "red"},
                    ],
                    "budget": [{"name": "x", "planned": 1.5, "executed": "1"}],
                }
            )

        assert sorted(e.location or "" for e in info.value.errors) == [
            "budget[0].planned",
            "indicators[0].weight",
            "indicators[1].colour",
        ]


def _leaves(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [x for v in data.values() for x in _leaves(v)]
    if isinstance(data, list):
        return [x for v in data for x in _leaves(v)]
    return [data]


# A small validator for the JSON Schema keywords input_schema() uses (jsonschema is not a
# dependency). An unknown keyword fails the test, so the schema cannot outgrow the check.
_ANNOTATIONS = {"description", "title", "$schema", "$defs", "default"}
_TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}


def validate(doc: Any, schema: dict[str, Any], root: dict[str, Any], path: str = "$") -> list[str]:
    """The list of violations of *schema* by *doc* (empty when valid)."""
    unknown = (
        set(schema)
        - _ANNOTATIONS
        - {
            "$ref",
            "type",
            "properties",
            "additionalProperties",
            "required",
            "items",
            "anyOf",
            "enum",
            "pattern",
        }
    )
    assert not unknown, f"validator does not know {unknown} at {path}"
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return validate(doc, root["$defs"][name], root, path)
    if "anyOf" in schema:
        if any(not validate(doc, sub, root, path) for sub in schema["anyOf"]):
            return []
        return [f"{path}: matches none of anyOf"]
    errors = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        ok = any(
            isinstance(doc, _TYPES[t]) and not (t == "integer" and isinstance(doc, bool))
            for t in types
        )
        if not ok:
            return [f"{path}: not of type {types}"]
    if "enum" in schema and doc not in schema["enum"]:
        errors.append(f"{path}: not one of {schema['enum']}")
    if "pattern" in schema and isinstance(doc, str) and not re.search(schema["pattern"], doc):
        errors.append(f"{path}: does not match {schema['pattern']}")
    if isinstance(doc, dict):
        props = schema.get("properties", {})
        errors += [f"{path}.{k}: missing" for k in schema.get("required", []) if k not in doc]
        if schema.get("additionalProperties") is False:
            errors += [f"{path}.{k}: not allowed" for k in doc if k not in props]
        for k, v in doc.items():
            if k in props:
                errors += validate(v, props[k], root, f"{path}.{k}")
    if isinstance(doc, list) and "items" in schema:
        for i, v in enumerate(doc):
            errors += validate(v, schema["items"], root, f"{path}[{i}]")
    return errors


class TestSchema:
    def test_is_draft_2020_12(self) -> None:
        """The schema names its dialect and closes every object."""
        schema = input_schema()

        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["required"] == ["year", "department"]
        assert schema["additionalProperties"] is False
        assert schema["$defs"]["Indicator"]["required"] == ["name", "weight", "target"]
        assert schema["$defs"]["BudgetLine"]["required"] == ["name", "planned", "executed"]
        json.dumps(schema)  # serializable

    def test_validates_the_example(self) -> None:
        """The bundled example, as JSON data, is valid."""
        data = tomllib.loads(SEED.read_text(encoding="utf-8"))
        root = input_schema()

        assert validate(data, root, root) == []

    def test_validates_dumped_data(self, seed: Evaluation) -> None:
        """What to_data writes is valid too."""
        root = input_schema()

        assert validate(perfrules.to_data(seed), root, root) == []

    @pytest.mark.parametrize(
        ("patch", "error"),
        [
            pytest.param({"colour": "red"}, "$.colour: not allowed", id="unknown-key"),
            pytest.param({"department": {}}, "$.department.name: missing", id="missing-name"),
            pytest.param({"year": "2021"}, "$.year: not of type ['integer']", id="year-string"),
            pytest.param(
                {"indicators": [{"name": "a", "weight": 1.5, "target": "≥1"}]},
                "$.indicators[0].weight: not of type ['string', 'integer']",
                id="float-weight",
            ),
            pytest.param(
                {"indicators": [{"name": "a", "weight": "abc", "target": "≥1"}]},
                "$.indicators[0].weight: does not match",
                id="weight-not-a-number",
            ),
        ],
    )
    def test_rejects(self, patch: dict[str, Any], error: str) -> None:
        """The schema is not vacuous: malformed documents fail it."""
        root = input_schema()
        doc = {"year": 2021, "department": {"name": "某局"}, **patch}

        assert any(e.startswith(error) for e in validate(doc, root, root))
