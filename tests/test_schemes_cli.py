"""
``perfrules scheme check|show|schema``, ``perfrules schemes`` and ``perfrules score --scheme-file``;
the scheme-format reference page is current (issue #3).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfrules import schemes
from perfrules.cli import main
from perfrules.schemes._format import reference_page

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "reference" / "scheme-format.md"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, text: str, name: str = "scheme.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


class TestSchemeCheck:
    def test_a_sound_scheme(self, tmp_path):
        """Exit 0 and a summary."""
        code, out, _ = run("scheme", "check", write(tmp_path, 'name = "city"\nbase = "mof-2020-project"\ngrades = "85/75/60"\n'))

        assert code == 0
        assert "scheme 'city'" in out
        assert "overlay of mof-2020-project" in out
        assert out.rstrip().endswith("ok")

    def test_every_builtin_file_checks(self):
        """The shipped data files are sound."""
        for path in sorted((ROOT / "src" / "perfrules" / "schemes" / "data").glob("*.toml")):
            code, out, err = run("scheme", "check", str(path))
            assert (code, err) == (0, ""), out

    def test_a_malformed_scheme_exits_2_with_the_places(self, tmp_path):
        """Every mistake on stderr, located."""
        text = 'name = "x"\nstatus = "draft"\n[indicators."三公经费控制率"]\nrule = { kind = "deduction", points = "1", per_unit = "1" }\n'
        code, _, err = run("scheme", "check", write(tmp_path, text))

        assert code == 2
        assert "perfrules: error: status: expected one of official, provisional, got 'draft'" in err
        assert 'perfrules: error: indicators."三公经费控制率".rule.per_unit: unknown parameter for rule kind \'deduction\'' in err

    def test_a_scheme_that_does_not_add_up_exits_1(self, tmp_path):
        """Groups that miss weights.total are a problem, located."""
        text = 'name = "x"\n[[framework]]\nname = "产出"\nweight = "50"\n'
        code, out, _ = run("scheme", "check", write(tmp_path, text))

        assert code == 1
        assert "problem: framework: the groups (and the execution weight) add up to 60, not weights.total 100" in out

    def test_json(self, tmp_path):
        """--json: name, years, status, base, problems."""
        code, out, _ = run("scheme", "check", "--json", write(tmp_path, 'name = "x"\nfrom_year = 2022\nstatus = "provisional"\n'))

        assert code == 0
        assert json.loads(out) == {"name": "x", "years": "2022–", "status": "provisional", "base": None, "problems": [], "laws": None}

    def test_laws(self, tmp_path):
        """--laws property-tests the scheme."""
        code, out, _ = run("scheme", "check", "--laws", write(tmp_path, 'name = "x"\nbase = "pmkpi-80-70-60"\n'))

        assert code == 0
        assert "laws: ok" in out

    def test_examples_must_be_positive(self, tmp_path):
        """--examples 0 is a usage error, not a run that checks nothing."""
        code, _, _ = run("scheme", "check", "--laws", "--examples", "0", write(tmp_path, 'name = "x"\nbase = "pmkpi-80-70-60"\n'))

        assert code == 2

    def test_broken_laws_exit_1(self, tmp_path):
        """A scheme breaking a law is reported."""
        text = 'name = "x"\n[weights]\ntotal = "150"\n'
        code, out, _ = run("scheme", "check", "--laws", write(tmp_path, text))

        assert code == 1
        assert "laws: " in out
        assert "outside [0, 100]" in out


class TestScoreWithASchemeFile:
    def test_an_overlay_file(self, tmp_path):
        """--scheme-file with base: the seed scores 94.16 under any grade bands; 95/85/60 makes it 良."""
        path = write(tmp_path, 'name = "strict"\nbase = "mof-2020-project"\ngrades = "95/85/60"\n')
        code, out, _ = run("score", "--json", "--scheme-file", path, "examples/panyu-2021.toml")
        data = json.loads(out)

        assert (data["scheme"], data["total"], data["grade"]) == ("strict", "94.16", "良")
        assert code == 1  # the declared grade 优 now differs: an error finding

    def test_a_bad_scheme_file(self, tmp_path):
        """A malformed scheme file is bad input: exit 2, located."""
        path = write(tmp_path, 'name = "x"\nbase = "nope"\n')
        code, _, err = run("score", "--scheme-file", path, "examples/panyu-2021.toml")

        assert code == 2
        assert "perfrules: error: base: unknown scheme 'nope'" in err


class TestListAndShow:
    def test_schemes_columns(self):
        """perfrules schemes --json: name, title, jurisdiction, years, status, source for every edition."""
        code, out, _ = run("schemes", "--json")
        rows = json.loads(out)

        assert code == 0
        assert all(set(r) == {"name", "title", "jurisdiction", "years", "status", "source"} for r in rows)
        assert {r["years"] for r in rows if r["name"] == "guangzhou-department"} == {"2019–2021", "2022–"}

    def test_schemes_table_shows_the_source(self):
        """The text listing carries the source under each scheme."""
        _, out, _ = run("schemes")

        assert "source: http://nyj.dazhou.gov.cn/xxgk-show-16453.html" in out

    def test_show_reads_back(self):
        """scheme show prints TOML that loads back to the same scheme."""
        code, out, _ = run("scheme", "show", "guangzhou-department", "--year", "2021")

        assert code == 0
        assert schemes.from_data(tomllib.loads(out)) == schemes.get("guangzhou-department", 2021)

    def test_show_unknown(self):
        """An unknown name: exit 2 with the known names."""
        code, _, err = run("scheme", "show", "nope")

        assert code == 2
        assert "unknown scheme 'nope'; known schemes: guangzhou-department" in err

    def test_schema(self):
        """scheme schema prints the JSON Schema."""
        code, out, _ = run("scheme", "schema")

        assert code == 0
        assert json.loads(out) == schemes.file_schema()


class TestFormatReference:
    def test_the_page_is_current(self, update_golden):
        """docs/reference/scheme-format.md is generated from the JSON Schema (--update-golden rewrites it)."""
        page = reference_page()
        if update_golden:
            PAGE.write_text(page, encoding="utf-8")

        assert PAGE.read_text(encoding="utf-8") == page

    def test_the_builtin_files_match_the_schema(self):
        """Every shipped scheme file validates against the JSON Schema."""
        jsonschema = pytest.importorskip("jsonschema")
        validator = jsonschema.Draft202012Validator(schemes.file_schema())
        for path in sorted((ROOT / "src" / "perfrules" / "schemes" / "data").glob("*.toml")):
            errors = [e.message for e in validator.iter_errors(tomllib.loads(path.read_text(encoding="utf-8")))]
            assert errors == [], path.name

    def test_the_schema_rejects_what_the_loader_rejects(self):
        """An unknown key and a bad rule parameter fail both."""
        jsonschema = pytest.importorskip("jsonschema")
        validator = jsonschema.Draft202012Validator(schemes.file_schema())

        assert not validator.is_valid({"name": "x", "colour": "red"})
        assert not validator.is_valid({"name": "x", "rules": {"≤": {"kind": "reverse", "variant": "cubic"}}})
        assert validator.is_valid({"name": "x", "rules": {"≤": {"kind": "reverse", "variant": "linear"}}})
