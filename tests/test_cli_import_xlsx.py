"""``perfrules import-xlsx FILE [-o OUT] [--lang zh|en]``: the form's findings on stderr, exit codes."""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

import perfrules
from perfrules.cli import main

HEAD = ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
INDICATORS = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "培训人次", "≥200人次", 210, 90, 90],
]


def _book(tmp_path, rate: str):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in [
        ["2023年度项目支出绩效自评表"],
        HEAD,
        ["年度资金总额", 120, 150, 142.5, 10, rate, 9.5],
        [],
        *INDICATORS,
    ]:
        ws.append(row)
    path = tmp_path / "form.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "zh",
            "Sheet1!F3：表中执行率 96.12% 与执行数 1425000.00 元 / 预算数 1500000.00 元 = 95.00% 不一致",
        ),
        (
            "en",
            "Sheet1!F3: the stated execution rate 96.12% differs from executed 1425000.00 / planned 1500000.00 yuan = 95.00%",
        ),
    ],
)
def test_findings_on_stderr_exit_1(tmp_path, lang, message):
    """An error finding: one line on stderr with its cell, in --lang; the evaluation still written; exit 1."""
    out_file = tmp_path / "form.toml"
    result = CliRunner().invoke(
        main, ["import-xlsx", str(_book(tmp_path, "96.12%")), "-o", str(out_file), "--lang", lang]
    )

    assert result.exit_code == 1, result.output
    assert result.stderr == f"[error] xlsx-rate-mismatch: {message} (Sheet1!F3)\n"
    assert [f.code for f in perfrules.load(out_file).findings] == ["xlsx-rate-mismatch"]


def test_stdout_is_the_evaluation_only(tmp_path):
    """Without -o the TOML goes to stdout, the findings to stderr: stdout loads as the evaluation."""
    result = CliRunner().invoke(main, ["import-xlsx", str(_book(tmp_path, "96.12%"))])

    assert result.exit_code == 1
    assert perfrules.loads(result.stdout).findings[0].location == "Sheet1!F3"
    assert result.stderr.startswith("[error] xlsx-rate-mismatch: ")


def test_no_findings_exit_0(tmp_path):
    """A form that agrees with itself: nothing on stderr, exit 0."""
    result = CliRunner().invoke(main, ["import-xlsx", str(_book(tmp_path, "95.00%"))])

    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "it is an Excel 97-2003 workbook (.xls): save it as .xlsx",
            id="excel-97-2003",
        ),
        pytest.param(
            "\ufeff<html><table><tr><td>项目支出绩效自评表</td></tr></table></html>".encode(),
            "it is a web page (an HTML table) with an Excel name",
            id="html-saved-as-xls",
        ),
    ],
)
def test_xls_is_a_located_error_not_a_traceback(tmp_path, content, says):
    """
    Published forms are often .xls, or web pages saved as .xls: exit 2 with how to convert
    them (openpyxl's InvalidFileException escaped as a traceback).
    """
    path = tmp_path / "自评表.xls"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["import-xlsx", str(path)])

    assert result.exit_code == 2
    assert "cannot read" in result.stderr
    assert says in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_xlsx_named_xls_reads(tmp_path):
    """An .xlsx workbook saved with an .xls name reads by its content."""
    path = _book(tmp_path, "95.00%").rename(tmp_path / "form.xls")
    result = CliRunner().invoke(main, ["import-xlsx", str(path)])

    assert (result.exit_code, result.stderr) == (0, "")
    assert perfrules.loads(result.stdout).budget[0].name == "年度资金总额"
