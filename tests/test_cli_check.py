"""``perfrules check FILE [--json] [--lang zh|en] [--scheme NAME]``: output contract and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from perfrules.cli import main

SEED = "examples/panyu-2021.toml"

BAD_ROWS = """
scheme = "mof-2020-project"
year = 2021

[department]
name = "测试局"

[[budget]]
name = "总额"
planned = "100 万元"
executed = "100 万元"

[[indicators]]
level1 = "产出指标"
name = "课程"
weight = "10"
target = "≥12门"
actual = "9"
declared_score = "10"

[declared]
total = "20"
grade = "优"
"""


@pytest.fixture(name="runner")
def _runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(name="bad_file")
def _bad_file(tmp_path: Path) -> Path:
    p = tmp_path / "bad.toml"
    p.write_text(BAD_ROWS, encoding="utf-8")
    return p


class TestCheckCommand:
    def test_seed_json(self, runner: CliRunner) -> None:
        """The seed: 94.16 优, no finding, exit 0."""
        res = runner.invoke(main, ["check", SEED, "--json"])
        data = json.loads(res.output)

        assert res.exit_code == 0
        assert list(data) == ["total", "grade", "findings"]
        assert (data["total"], data["grade"]) == ("94.16", "优")
        assert data["findings"] == []

    def test_seed_text(self, runner: CliRunner) -> None:
        """Text output: the total and grade, then a line saying nothing was found."""
        res = runner.invoke(main, ["check", SEED])

        assert res.exit_code == 0
        assert res.output.splitlines() == ["总分 94.16  等级 优", "未发现问题"]

    def test_errors_exit_1(self, runner: CliRunner, bad_file: Path) -> None:
        """Error findings: exit 1, each located."""
        res = runner.invoke(main, ["check", str(bad_file), "--json"])
        data = json.loads(res.output)
        by_code = {f["code"]: f for f in data["findings"]}

        assert res.exit_code == 1
        assert by_code["declared-score"]["location"] == "indicators[0].declared_score"
        assert by_code["declared-score"]["message"] == "自评分 10 与按规则计算的 7.50 不一致"
        assert by_code["full-marks-below-target"]["severity"] == "warning"
        assert by_code["declared-total"]["location"] == "declared.total"
        assert by_code["declared-total-grade"]["location"] == "declared.grade"
        assert by_code["weights-total"]["location"] == "indicators"

    def test_english(self, runner: CliRunner, bad_file: Path) -> None:
        """--lang en: English grade label and messages."""
        res = runner.invoke(main, ["check", str(bad_file), "--json", "--lang", "en"])
        data = json.loads(res.output)
        by_code = {f["code"]: f for f in data["findings"]}

        assert data["grade"] == "poor"
        assert by_code["declared-score"]["message"] == "declared score 10 differs from the rule's 7.50"

    def test_english_text(self, runner: CliRunner) -> None:
        """--lang en in text output."""
        res = runner.invoke(main, ["check", SEED, "--lang", "en"])

        assert res.output.splitlines()[0] == "total 94.16  grade excellent"

    def test_scheme_option(self, runner: CliRunner) -> None:
        """--scheme scores under another registered scheme."""
        res = runner.invoke(main, ["check", SEED, "--json", "--scheme", "mof-2013-department"])
        data = json.loads(res.output)

        assert "provisional-scheme" in [f["code"] for f in data["findings"]]
        assert data["findings"][0]["location"] is None

    def test_no_findings(self, runner: CliRunner, tmp_path: Path) -> None:
        """A consistent file: no finding, exit 0."""
        p = tmp_path / "ok.toml"
        p.write_text(BAD_ROWS.replace('weight = "10"', 'weight = "90"').replace('actual = "9"', 'actual = "12"').replace('declared_score = "10"', 'declared_score = "90"').replace('total = "20"', 'total = "100"'), encoding="utf-8")
        p.write_text(p.read_text(encoding="utf-8").replace('level1 = "产出指标"\n', ""), encoding="utf-8")
        res = runner.invoke(main, ["check", str(p)])

        assert res.exit_code == 0, res.output
        assert res.output.splitlines()[-1] == "未发现问题"


class TestBadInput:
    def test_unknown_key(self, runner: CliRunner, tmp_path: Path) -> None:
        """An unknown key: exit 2, the place on stderr."""
        p = tmp_path / "x.toml"
        p.write_text(BAD_ROWS + "\n[extra]\nx = 1\n", encoding="utf-8")
        res = runner.invoke(main, ["check", str(p)])

        assert res.exit_code == 2
        assert "perfrules: error: extra: unknown key" in res.stderr

    def test_bad_value(self, runner: CliRunner, tmp_path: Path) -> None:
        """A bad declared rate: exit 2, located."""
        p = tmp_path / "x.toml"
        p.write_text(BAD_ROWS.replace('grade = "优"', 'grade = "优"\nexecution_rate = "-5"'), encoding="utf-8")
        res = runner.invoke(main, ["check", str(p)])

        assert res.exit_code == 2
        assert "declared.execution_rate: must not be negative" in res.stderr

    def test_unknown_scheme(self, runner: CliRunner) -> None:
        """An unknown --scheme: exit 2, naming the place and the known schemes."""
        res = runner.invoke(main, ["check", SEED, "--scheme", "nope"])

        assert res.exit_code == 2
        assert "scheme: unknown scheme 'nope'" in res.stderr

    def test_missing_file(self, runner: CliRunner) -> None:
        """A file that does not exist: click's usage error, exit 2."""
        res = runner.invoke(main, ["check", "no/such/file.toml"])

        assert res.exit_code == 2
