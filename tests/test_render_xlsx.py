"""The 自评表 workbook: export, reload without repair, import back, located errors."""

from __future__ import annotations

import io
from pathlib import Path
from typing import ClassVar

import attrs
import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given, reject, settings
from hypothesis import strategies as st
from tests.strategies import evaluations

import perfrules
from perfrules import Evaluation, Fixed, Result, parse_value
from perfrules._render._xlsx import target_text, xml_safe
from perfrules.cli import main
from perfrules.errors import InvalidInputError, InvalidValueError

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "panyu-2021.toml"


@pytest.fixture(name="seed")
def _seed() -> tuple[Evaluation, Result]:
    ev = perfrules.load(SEED)
    return ev, perfrules.score(ev)


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def table_part(ev: Evaluation, result: Result) -> Evaluation:
    """
    What a 自评表 holds of *ev*: the unit's name, the year, the kind and the scheme, the budget,
    the indicator rows (得分 is the computed points, read back as the declared score), the total,
    the grade, the execution points and the execution rate (to 0.01%) as declared. Narrative,
    rule overrides and deductions are not columns of the form.
    """
    lines = {ln.index: ln for ln in result.lines}
    indicators = []
    for i, ind in enumerate(ev.indicators):
        points = lines[i].points
        target = parse_value(target_text(ind))
        indicators.append(
            perfrules.Indicator(
                name=ind.name, weight=ind.weight, target=target,
                actual=None if ind.actual is None else parse_value(ind.actual.text, unit=target.unit),
                level1=ind.level1, level2=ind.level2, direction=ind.direction,
                declared_score=points, reason=ind.reason, not_applicable=ind.not_applicable,
            )
        )  # fmt: skip
    execution = result.execution.points if result.execution is not None else None
    rate = result.execution.rate if result.execution is not None else None
    budget = tuple(
        attrs.evolve(b, name=b.name or f"budget {k + 1}") for k, b in enumerate(ev.budget)
    )
    return Evaluation(
        year=ev.year,
        department=perfrules.Department(ev.department.name),
        scheme=result.scheme.name,
        kind=ev.kind,
        budget=budget,
        indicators=tuple(indicators),
        declared=perfrules.Declared(
            total=result.total,
            grade=result.grade.label,
            execution_score=execution if ev.budget else None,
            execution_rate=rate.percent_fixed(2) if ev.budget and rate is not None else None,
        ),
    )


class TestExport:
    def test_reloads_with_the_form_layout(self, seed):
        """The workbook reloads, with merged level cells, headers, number formats, total and grade."""
        ws = _book(perfrules.render(*seed, format="xlsx")).active

        assert ws.title == "自评表"
        assert ws["A1"].value == "2021年度部门整体支出绩效自评表"
        assert ws["B2"].value == "中国共产党广州市番禺区委员会老干部局"
        assert [ws.cell(row=5, column=c).value for c in range(1, 8)] == [
            "预算项目",
            "年初预算数（元）",
            "全年预算数（元）",
            "全年执行数（元）",
            "分值",
            "执行率",
            "得分",
        ]
        assert ws["C6"].value == 20662200
        assert ws["C6"].number_format == "#,##0.00"
        assert ws["F6"].value == pytest.approx(0.9835)
        assert ws["F6"].number_format == "0.00%"
        assert ws["G6"].value == pytest.approx(9.83)
        header = [ws.cell(row=8, column=c).value for c in range(1, 9)]
        assert header == [
            "一级指标",
            "二级指标",
            "三级指标",
            "分值",
            "年度指标值",
            "实际完成值",
            "得分",
            "偏差原因分析及改进措施",
        ]
        merged = {str(r) for r in ws.merged_cells.ranges}
        assert {"A9:A15", "B9:B12", "A16:A18", "B16:B17"} <= merged
        assert ws["E13"].value == "=100%"
        assert ws["E13"].data_type == "s"
        assert ws["G11"].value == pytest.approx(7.5)
        assert ws["G11"].number_format == "#,##0.00"
        assert ws["A20"].value == "总分"
        assert ws["D20"].value == 100
        assert ws["G20"].value == pytest.approx(94.16)
        assert (ws["A21"].value, ws["G21"].value) == ("等级", "优")
        assert ws.column_dimensions["C"].width == 30

    def test_english_headers(self, seed):
        """The English workbook reads in English, data as written."""
        ws = _book(perfrules.render(*seed, format="xlsx", locale="en")).active

        assert ws["A8"].value == "Level-1 indicator"
        assert ws["A9"].value == "产出指标"
        assert ws["G21"].value == "excellent"

    def test_xml_safe(self):
        """Characters XML cannot hold are replaced, so Excel never asks to repair."""
        assert xml_safe("a\x0bb\ufffe") == "a\ufffdb\ufffd"


class TestRoundTrip:
    @pytest.mark.parametrize("locale", ["zh_CN", "en"])
    def test_seed(self, seed, locale):
        """export → import → the same evaluation (what the form holds of it)."""
        ev, result = seed
        back = perfrules.read_xlsx(
            io.BytesIO(perfrules.render(ev, result, format="xlsx", locale=locale))
        )
        expected = table_part(ev, result)
        if locale == "en":
            expected = attrs.evolve(
                expected, declared=attrs.evolve(expected.declared, grade="excellent")
            )

        assert expected == back
        assert perfrules.score(back).total == result.total

    @settings(max_examples=40)  # each example writes and reads a workbook (~0.2 s)
    @given(evaluations(), st.sampled_from(["zh_CN", "en"]))
    def test_any_evaluation(self, ev, locale):
        """The round trip holds for every evaluation hypothesis builds (texts a workbook can hold)."""
        texts = [ev.department.name, *(b.name for b in ev.budget)]
        for ind in ev.indicators:
            texts += [
                ind.name,
                ind.level1,
                ind.level2,
                ind.reason,
                ind.target.text,
                ind.actual.text if ind.actual else "",
            ]
        if any(xml_safe(t) != t or t != t.strip() for t in texts):
            reject()
        try:
            result = perfrules.score(ev, "mof-2020-project")
        except InvalidValueError:
            reject()
        data = perfrules.render(ev, result, format="xlsx", locale=locale)
        try:
            back = perfrules.read_xlsx(io.BytesIO(data))
        except InvalidInputError:
            reject()  # e.g. an empty unit name or row name: the form has no cell that says ""
        expected = table_part(ev, result)
        if locale == "en":
            expected = attrs.evolve(
                expected, declared=attrs.evolve(expected.declared, grade=result.grade.label_en)
            )

        assert expected == back


def _sheet_with(rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class TestImport:
    HEAD: ClassVar[list[str]] = [
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "年度指标值",
        "实际完成值",
        "得分",
        "偏差原因分析及改进措施",
    ]

    def test_a_hand_made_form(self):
        """A plain form: title with the year, numbers as numbers, a percent cell, blank levels."""
        data = _sheet_with([
            ["2022年度项目支出绩效自评表"],
            ["项目名称", "某项目"],
            ["单位名称", "某某局"],
            ["预算项目", "年初预算数", "全年预算数（万元）", "全年执行数（万元）", "分值", "执行率", "得分"],
            ["年度资金总额", None, 40, 38.766462, 10, 0.9692, 9.69],
            self.HEAD,
            ["产出指标", "数量指标", "学生受资助人数", 10, "≥735人次", 735, 10, None],
            [None, None, "资助资金发放及时率", 10, "≥95%", 0.93, 9.79, "个别学生信息变更"],
            ["总分", None, None, 100, None, None, 88.5],
            ["注：得分最高不能超过该指标分值上限"],
        ])  # fmt: skip
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        sheet["F8"].number_format = "0%"
        buf = io.BytesIO()
        sheet.parent.save(buf)
        ev = perfrules.read_xlsx(io.BytesIO(buf.getvalue()), scheme="mof-2020-project")

        assert (ev.year, ev.kind, ev.department.name, ev.scheme) == (
            2022,
            "project",
            "某某局",
            "mof-2020-project",
        )
        assert ev.budget[0].planned == perfrules.Money.parse("40万元")
        assert ev.budget[0].executed == perfrules.Money.parse("387664.62元")
        assert ev.declared.execution_score == Fixed.parse("9.69")
        assert ev.declared.total == Fixed.parse("88.5")
        first, second = ev.indicators
        assert (first.level1, first.weight, first.actual.text) == ("产出指标", Fixed(10), "735")
        assert (second.level1, second.actual.text, second.reason) == ("", "93%", "个别学生信息变更")

    def test_errors_name_their_cells(self):
        """Every unreadable cell is reported at once, by its reference."""
        data = _sheet_with([
            ["2021年度部门整体支出绩效自评表"],
            ["部门名称", "某局"],
            self.HEAD,
            ["产出指标", "数量指标", "网络课程", "十分", "≥12门", "9", None, None],
            ["产出指标", "数量指标", "课程", 5, "≥1次", True, None, None],
            ["产出指标", "数量指标", None, 5, "≥1次", "1", 6, None],
        ])  # fmt: skip
        with pytest.raises(InvalidInputError) as info:
            perfrules.read_xlsx(io.BytesIO(data))
        messages = [str(e) for e in info.value.errors]

        assert "Sheet1!F5: expected a number or a text, got True" in messages
        assert "Sheet1!D4: not a number of points: '十分'" in messages
        assert "Sheet1!C6: missing" in messages
        assert "Sheet1!G6: 6 is above the weight 5 (得分不能大于分值)" in messages

    def test_no_table(self):
        """A workbook without the indicator header says what it looked for."""
        with pytest.raises(InvalidInputError, match="no indicator table"):
            perfrules.read_xlsx(io.BytesIO(_sheet_with([["hello"]])))

    def test_not_a_workbook(self, tmp_path):
        """A file that is not .xlsx is an input error, not a crash."""
        bad = tmp_path / "x.xlsx"
        bad.write_bytes(b"not a zip")

        with pytest.raises(InvalidInputError, match=r"cannot read .*x\.xlsx as an \.xlsx workbook"):
            perfrules.read_xlsx(bad)

    def test_unknown_sheet(self):
        """Naming a missing sheet lists the sheets there are."""
        with pytest.raises(InvalidInputError, match="no sheet 'X'; the workbook has Sheet1"):
            perfrules.read_xlsx(io.BytesIO(_sheet_with([self.HEAD])), sheet="X")

    def test_no_year(self):
        """Without a year anywhere, the error says how to give one."""
        data = _sheet_with(
            [["部门名称", "某局"], self.HEAD, ["产出指标", "", "课程", 5, "≥1次", "1", 5, None]]
        )

        with pytest.raises(InvalidInputError, match="no year in the workbook"):
            perfrules.read_xlsx(io.BytesIO(data))
        assert perfrules.read_xlsx(io.BytesIO(data), year=2023).year == 2023


class TestCli:
    def test_report_then_import(self, tmp_path, seed):
        """``perfrules report --format xlsx`` then ``perfrules import-xlsx`` gives the form's evaluation."""
        book, toml = tmp_path / "t.xlsx", tmp_path / "t.toml"
        runner = CliRunner()
        out = runner.invoke(main, ["report", str(SEED), "--format", "xlsx", "-o", str(book)])
        assert out.exit_code == 0, out.output
        out = runner.invoke(main, ["import-xlsx", str(book), "-o", str(toml)])
        assert out.exit_code == 0, out.output

        assert perfrules.load(toml) == table_part(*seed)

    def test_import_errors_exit_2(self, tmp_path):
        """Unreadable cells: located messages on stderr and exit code 2."""
        book = tmp_path / "bad.xlsx"
        book.write_bytes(
            _sheet_with(
                [
                    ["2021 自评表"],
                    ["部门名称", "某局"],
                    TestImport.HEAD,
                    ["产出", "", "课程", "x", "≥1次", "1", None, None],
                ]
            )
        )
        out = CliRunner().invoke(main, ["import-xlsx", str(book)])

        assert out.exit_code == 2
        assert "perfrules: error: Sheet1!D4: not a number: 'x'" in out.output
