"""The ``perfrules score``, ``schemes`` and ``schema`` commands: exit codes, the --json contract."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfrules.cli import main

SEED = "examples/panyu-2021.toml"
DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")

SMALL = """
scheme = "mof-2020-project"
year = 2021
[department]
name = "某局"
[[budget]]
name = "x"
planned = "100 元"
executed = "100 元"
[[indicators]]
level1 = "产出指标"
name = "a"
weight = "90"
target = "≥10"
actual = "5"
"""


@pytest.fixture(name="runner")
def _runner() -> CliRunner:
    return CliRunner()


def write(tmp_path: Path, text: str, name: str = "ev.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


class TestScore:
    def test_seed_table(self, runner: CliRunner) -> None:
        """The human table ends with the total and the grade; exit 0."""
        res = runner.invoke(main, ["score", SEED])

        assert res.exit_code == 0, res.output
        lines = res.output.splitlines()
        assert lines[0].split() == ["指标", "分值", "年度指标值", "实际完成值", "得分"]
        assert lines[1].split() == ["预算执行率", "10", "100%", "98.35%", "9.83"]
        assert lines[-1] == "总分  94.16  等级  优"

    def test_seed_table_en(self, runner: CliRunner) -> None:
        """--lang en translates the headings and the grade."""
        res = runner.invoke(main, ["score", SEED, "--lang", "en"])

        assert res.exit_code == 0
        assert res.output.splitlines()[0].split() == [
            "indicator",
            "weight",
            "target",
            "actual",
            "points",
        ]
        assert res.output.splitlines()[-1] == "total  94.16  grade  excellent"

    def test_json_contract(self, runner: CliRunner) -> None:
        """--json writes DESIGN.md's keys, every number a decimal string."""
        res = runner.invoke(main, ["score", SEED, "--json"])
        data = json.loads(res.output)

        assert res.exit_code == 0
        assert list(data) == [
            "scheme",
            "year",
            "total",
            "grade",
            "execution",
            "indicators",
            "findings",
        ]
        assert (data["scheme"], data["year"], data["total"], data["grade"]) == (
            "mof-2020-project",
            2021,
            "94.16",
            "优",
        )
        assert data["execution"] == {"rate": "98.35", "points": "9.83"}
        assert data["findings"] == []
        assert len(data["indicators"]) == 11
        for row in data["indicators"]:
            assert list(row) == [
                "name",
                "weight",
                "target",
                "actual",
                "points",
                "rule",
                "explanation",
            ]
            assert DECIMAL.match(row["weight"])
            assert DECIMAL.match(row["points"])
        first = data["indicators"][2]
        assert (first["name"], first["points"], first["rule"]) == (
            "网络课程",
            "7.50",
            "proportional",
        )
        assert first["explanation"] == "完成值 9 低于目标 12，得分 = 10 × 9 / 12 = 7.50"

    def test_json_en(self, runner: CliRunner) -> None:
        """--json --lang en: the grade label and explanations in English."""
        data = json.loads(runner.invoke(main, ["score", SEED, "--json", "--lang", "en"]).output)

        assert data["grade"] == "excellent"
        assert (
            data["indicators"][2]["explanation"] == "actual 9 below target 12: 10 × 9 / 12 = 7.50"
        )

    def test_findings_exit_1(self, runner: CliRunner, tmp_path: Path) -> None:
        """An error finding (here a declared total that differs) exits 1; the output still comes."""
        path = write(tmp_path, SMALL + '[declared]\ntotal = "100"\n')
        res = runner.invoke(main, ["score", path, "--json"])
        data = json.loads(res.output)

        assert res.exit_code == 1
        assert data["total"] == "55.00"
        by_code = {f["code"]: f for f in data["findings"]}
        assert by_code["declared-total"] == {
            "code": "declared-total",
            "severity": "error",
            "message": "自评总分 100 与按规则计算的 55.00 不一致",
            "location": "declared.total",
        }

    def test_warnings_exit_0(self, runner: CliRunner, tmp_path: Path) -> None:
        """Warnings alone (weights not summing) do not fail the command."""
        res = runner.invoke(
            main,
            ["score", write(tmp_path, SMALL.replace('weight = "90"', 'weight = "80"')), "--json"],
        )

        assert res.exit_code == 0
        assert {f["severity"] for f in json.loads(res.output)["findings"]} == {"warning"}

    def test_findings_in_table(self, runner: CliRunner, tmp_path: Path) -> None:
        """The table lists findings with their place."""
        res = runner.invoke(
            main, ["score", write(tmp_path, SMALL + '[declared]\ntotal = "100"\n'), "--lang", "en"]
        )

        assert res.exit_code == 1
        assert (
            "[error] declared-total: declared total 100 differs from the computed 55.00 (declared.total)"
            in res.output
        )

    def test_bad_input_exit_2(self, runner: CliRunner, tmp_path: Path) -> None:
        """Bad input: exit 2 and one line on stderr naming the place."""
        res = runner.invoke(
            main, ["score", write(tmp_path, SMALL.replace('weight = "90"', 'weight = "-9"'))]
        )

        assert res.exit_code == 2
        assert res.stdout == ""
        assert (
            res.stderr == "perfrules: error: indicators[0].weight: must not be negative, got -9\n"
        )

    def test_unknown_scheme_exit_2(self, runner: CliRunner) -> None:
        """An unknown --scheme is bad input, located at scheme."""
        res = runner.invoke(main, ["score", SEED, "--scheme", "nope"])

        assert res.exit_code == 2
        assert res.stderr.startswith("perfrules: error: scheme: unknown scheme 'nope'")

    def test_missing_file_exit_2(self, runner: CliRunner, tmp_path: Path) -> None:
        """A file that does not exist is a usage error (exit 2)."""
        res = runner.invoke(main, ["score", str(tmp_path / "nope.toml")])

        assert res.exit_code == 2
        assert "does not exist" in res.stderr

    def test_json_input(self, runner: CliRunner, tmp_path: Path) -> None:
        """A .json evaluation scores like its TOML twin."""
        from perfrules import dumps, load

        path = write(tmp_path, dumps(load(SEED), format="json"), "ev.json")
        data = json.loads(runner.invoke(main, ["score", path, "--json"]).output)

        assert (data["total"], data["grade"]) == ("94.16", "优")

    def test_scheme_option(self, runner: CliRunner) -> None:
        """--scheme picks another registry scheme; a provisional one says so."""
        res = runner.invoke(main, ["score", SEED, "--json", "--scheme", "mof-2013-department"])
        data = json.loads(res.output)

        assert data["scheme"] == "mof-2013-department"
        assert data["execution"] == {"rate": None, "points": None}
        assert "provisional-scheme" in [f["code"] for f in data["findings"]]


class TestSchemes:
    def test_lists_the_builtins(self, runner: CliRunner) -> None:
        """The built-in schemes are listed, one line each."""
        res = runner.invoke(main, ["schemes"])

        assert res.exit_code == 0
        names = {
            line.split()[0] for line in res.output.splitlines() if line and not line[0].isspace()
        }
        assert {"mof-2020-project", "mof-2013-department"} <= names

    def test_json(self, runner: CliRunner) -> None:
        """--json: one object per edition."""
        data = json.loads(runner.invoke(main, ["schemes", "--json"]).output)
        by_name = {row["name"]: row for row in data}

        assert {"name", "title", "jurisdiction", "years", "status", "source"} <= set(
            by_name["mof-2020-project"]
        )
        assert by_name["mof-2020-project"]["years"] == "2020–"
        assert by_name["mof-2020-project"]["status"] == "official"


class TestSchema:
    def test_prints_the_json_schema(self, runner: CliRunner) -> None:
        """`perfrules schema` prints the JSON Schema of the input format."""
        res = runner.invoke(main, ["schema"])
        data = json.loads(res.output)

        assert res.exit_code == 0
        assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert data["required"] == ["year", "department"]
        assert "Indicator" in data["$defs"]


def test_entry_point() -> None:
    """The installed `perfrules` script runs: exit 0 and the contract on stdout."""
    script = Path(sys.executable).with_name("perfrules")
    if not script.exists():  # pragma: no cover -- an install without scripts
        pytest.skip(f"no perfrules script next to {sys.executable}")
    proc = subprocess.run(
        [str(script), "score", SEED, "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )

    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"] == "94.16"
