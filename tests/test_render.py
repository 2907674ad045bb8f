"""Reports people read: render() to Markdown and HTML, formatting, catalogs, golden files, CLI."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from pathlib import Path

import attrs
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner

import perfrules
from perfrules import Finding, Fixed, Money, Ratio, Severity
from perfrules._render._context import cn_numeral
from perfrules._render._format import Formatter, exact_places
from perfrules._render._i18n import LOCALEDIR, LOCALES, normalize_locale
from perfrules._render._markdown import escape
from perfrules.cli import main
from perfrules.errors import InvalidValueError

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SEED = ROOT / "examples" / "panyu-2021.toml"


@pytest.fixture(name="seed")
def _seed() -> tuple[perfrules.Evaluation, perfrules.Result]:
    ev = perfrules.load(SEED)
    return ev, perfrules.score(ev)


class TestFormatter:
    def test_exact_values_are_not_rounded_again(self):
        """Babel never re-rounds: 2.125 stays 2.125 (babel alone would give 2.12, half-even)."""
        f = Formatter("en")

        assert f.number(Fixed.parse("2.125")) == "2.125"
        assert f.number(Fixed.parse("1234567.005")) == "1,234,567.005"
        assert f.points(Fixed(1000, 2)) == "10.00"

    def test_percent_of_an_exact_ratio_is_half_up(self):
        """The execution rate is rounded half-up before babel sees it: 2/3 → 66.67%, 1/8 → 12.50%."""
        f = Formatter("zh_CN")

        assert f.rate(Ratio(2, 3)) == "66.67%"
        assert f.rate(Ratio(1, 8)) == "12.50%"
        assert f.rate(Ratio(203203000, 206622000)) == "98.35%"
        assert f.rate(Ratio(1, 800)) == "0.13%"  # 0.125 → 0.13, where half-even gives 0.12

    def test_amounts_in_yuan_and_wan(self):
        """万元 is exact: two decimals, or as many more as the fen need."""
        f = Formatter("zh_CN")

        assert f.wan(Money.parse("2066.22万元")) == "2,066.22"
        assert f.wan(Money.parse("10050元")) == "1.005"
        assert f.wan(Money(1)) == "0.000001"
        assert f.yuan(Money.parse("387664.62 元")) == "387,664.62"

    def test_dates(self):
        """Dates in the locale's long form."""
        day = dt.date(2022, 3, 1)

        assert Formatter("zh").date(day) == "2022年3月1日"
        assert Formatter("en_US").date(day) == "March 1, 2022"

    def test_exact_places_refuses_a_repeating_decimal(self):
        """1/3 has no finite decimal form."""
        from fractions import Fraction

        with pytest.raises(ValueError, match="not a finite decimal"):
            exact_places(Fraction(1, 3))


class TestLocale:
    @pytest.mark.parametrize(
        ("given", "expected"),
        [("zh", "zh_CN"), ("zh_CN", "zh_CN"), ("zh-Hans", "zh_CN"), ("en", "en"), ("en_GB", "en")],
    )
    def test_normalize(self, given, expected):
        """Locale tags map to a catalog."""
        assert normalize_locale(given) == expected

    def test_unknown_locale_is_located(self, seed):
        """A locale without a catalog is an error at ``locale``."""
        with pytest.raises(InvalidValueError, match=r"^locale: no report catalog for locale 'fr'"):
            perfrules.render(*seed, locale="fr")

    def test_unknown_format_is_located(self, seed):
        """An unknown format is an error at ``format``."""
        with pytest.raises(InvalidValueError, match=r"^format: unknown report format 'pdf'"):
            perfrules.render(*seed, format="pdf")

    def test_chinese_numerals(self):
        """Section numbers as reports write them."""
        assert [cn_numeral(n) for n in (1, 4, 10, 11, 20, 21, 100)] == [
            "一",
            "四",
            "十",
            "十一",
            "二十",
            "二十一",
            "100",
        ]


class TestCatalogs:
    def _messages(self) -> set[str | tuple[str, str]]:
        found = extract_from_dir(str(ROOT / "src" / "perfrules" / "_render"))
        return {m[2] if isinstance(m[2], str) else (m[2][0], m[2][1]) for m in found}

    @pytest.mark.parametrize("locale", LOCALES)
    def test_catalog_misses_no_message(self, locale):
        """Every message the code marks is translated in every catalog (pybabel extract finds them)."""
        with (LOCALEDIR / locale / "LC_MESSAGES" / "perfrules.po").open("rb") as f:
            catalog = read_po(f, locale=locale)
        translated = {
            m.id
            for m in catalog
            if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])
        }
        missing = self._messages() - translated

        assert missing == set()

    @pytest.mark.parametrize("locale", LOCALES)
    def test_compiled_catalog_matches_po(self, locale):
        """The shipped .mo says what the .po says (run ``pybabel compile`` after editing a .po)."""
        with (LOCALEDIR / locale / "LC_MESSAGES" / "perfrules.po").open("rb") as f:
            catalog = read_po(f, locale=locale)
        with (LOCALEDIR / locale / "LC_MESSAGES" / "perfrules.mo").open("rb") as f:
            compiled = gettext.GNUTranslations(f)
        for m in catalog:
            if not m.id:
                continue
            if isinstance(m.id, tuple):
                assert compiled.ngettext(m.id[0], m.id[1], 1) == m.string[0]
            else:
                assert compiled.gettext(m.id) == m.string, m.id

    def test_placeholders_survive_translation(self):
        """A translation keeps the {placeholders} of its message id."""
        with (LOCALEDIR / "zh_CN" / "LC_MESSAGES" / "perfrules.po").open("rb") as f:
            catalog = read_po(f, locale="zh_CN")
        for m in catalog:
            if m.id and isinstance(m.id, str):
                assert set(re.findall(r"\{\w+\}", m.id)) == set(re.findall(r"\{\w+\}", m.string)), (
                    m.id
                )


class TestReport:
    def test_numbers_come_from_the_result(self, seed):
        """Amounts, execution rate, points, total and grade as the Result computed them."""
        md = perfrules.render(*seed)

        assert "2021 年全年预算数 2,066.22 万元，执行数 2,032.03 万元，完成预算的 98.35%。" in md
        assert "预算执行率得分 9.83 分（分值 10 分）。" in md
        assert "2021 年绩效自评结果为 94.16 分，达到“优”等级。" in md
        assert "| **合计** |  |  | 100 |  |  | 94.16 |  |" in md
        assert "| 网络课程 | 10 | ≥12门 | 9 | 7.50 | 受疫情影响，部分课程延后开设。 |" in md

    def test_the_seed_structure(self, seed):
        """The sections of the seed report, in order."""
        md = perfrules.render(*seed)
        heads = [line for line in md.splitlines() if line.startswith("## ")]

        assert heads == [
            "## 一、基本情况",
            "## 二、综合评价分析",
            "## 三、存在的主要问题",
            "## 四、下一步改进措施",
            "## 五、绩效自评表",
            "## 六、核查发现",
        ]
        assert "### （三）部门整体收支情况" in md
        assert "### （一）自评结论综述" in md

    def test_english(self, seed):
        """The English report: translated texts, English grade label, amounts in yuan."""
        md = perfrules.render(*seed, locale="en")

        assert "## 1. Basic information" in md
        assert (
            "In 2021 the full-year budget was 20,662,200.00 yuan and 20,320,300.00 yuan was spent, 98.35% of the budget."
            in md
        )
        assert "totals 94.16 points, grade “excellent”." in md
        assert (
            "| Outputs (产出指标) | Quantity (数量指标) | 老干部国内外形势报告会 | 5 | ≥2次 | 2 | 5.00 |  |"
            in md
        )

    def test_absent_narrative_is_left_out(self, seed):
        """Without narrative fields the sections that need them disappear and the rest renumber."""
        ev, _ = seed
        bare = attrs.evolve(
            ev,
            department=perfrules.Department("某局"),
            overall_work="", key_tasks=(), task_results=(), management="", targets=(),
            results=(), findings=(), measures=(),
        )  # fmt: skip
        md = perfrules.render(bare, perfrules.score(bare))
        heads = [line for line in md.splitlines() if line.startswith("#")]

        assert heads == [
            "# 某局 2021 年部门整体支出绩效自评报告",
            "## 一、基本情况",
            "### （一）部门整体收支情况",
            "## 二、综合评价分析",
            "### （一）自评结论综述",
            "## 三、绩效自评表",
            "## 四、核查发现",
        ]
        assert "主要职责" not in md
        assert "None" not in md

    def test_extra_findings_are_listed_once(self, seed):
        """Findings passed in are listed after the result's own; a repeat is shown once."""
        ev, result = seed
        extra = Finding(
            "declared-score",
            Severity.ERROR,
            "自评分 8 与按规则计算的 7.50 不一致",
            "indicators[2].declared_score",
            "declared score 8 differs",
        )
        md = perfrules.render(ev, result, findings=[extra, extra], locale="en")

        assert md.count("declared score 8 differs") == 1
        assert (
            "| error | declared-score | declared score 8 differs | indicators\\[2\\].declared\\_score |"
            in md
        )
        assert "No findings." not in md

    def test_report_date(self, seed):
        """The report date, when given, formatted for the locale."""
        md = perfrules.render(*seed, date=dt.date(2022, 3, 31))

        assert "报告日期：2022年3月31日" in md

    def test_monitoring_extension_point(self, seed):
        """An evaluation with a non-empty ``monitoring`` attribute gets a monitoring section."""
        ev, result = seed
        snapshot = perfrules.Snapshot(
            dt.date(2021, 7, 31),
            budget=[perfrules.BudgetProgress("部门整体支出", Money.parse("1200 万元"))],
        )

        class WithMonitoring:
            """An evaluation carrying snapshots, whatever the model calls them."""

            def __init__(self, ev: perfrules.Evaluation) -> None:
                self._ev = ev
                self.monitoring = (snapshot,)

            def __getattr__(self, name: str) -> object:
                return getattr(self._ev, name)

        md = perfrules.render(WithMonitoring(ev), result)  # type: ignore[arg-type]

        assert "### （五）绩效运行监控情况" in md
        assert "| 1-7月 | 2021年7月31日 | 1,200.00 | 58.08% |" in md

    def test_monitoring_snapshots_of_the_input(self):
        """The monitoring example's snapshots appear as the 绩效运行监控情况 subsection."""
        ev = perfrules.load(ROOT / "examples" / "panyu-2021-monitoring.toml")
        md = perfrules.render(ev, perfrules.score(ev))

        assert "### （五）绩效运行监控情况" in md
        assert "| 监控节点 | 日期 | 累计执行数（万元） | 占全年预算比例 | 序时进度 | 信号灯 |" in md
        # 1120 / 2066.22 = 54.21% executed against 212/365 = 58.08% expected: 3.87 points behind,
        # within the 10-point tolerance, so yellow.
        assert "| 1-7月 | 2021年7月31日 | 1,120.00 | 54.21% | 58.08% | 黄灯 |" in md

    def test_project_title(self, seed):
        """A project evaluation is titled as one, in both languages."""
        ev = attrs.evolve(seed[0], kind="project")
        result = perfrules.score(ev)

        assert perfrules.render(ev, result).startswith(
            "# 中国共产党广州市番禺区委员会老干部局 2021 年项目支出绩效自评报告\n"
        )
        assert "2021 self-evaluation of project expenditure performance" in perfrules.render(
            ev, result, locale="en"
        )

    def test_markdown_escapes_prose(self):
        """A department's prose cannot break a table or start a heading."""
        assert escape("# a | b*c_") == "\\# a \\| b\\*c\\_"

    def test_html_is_self_contained(self, seed):
        """One file: no script, no external reference; the chart is inline SVG."""
        page = perfrules.render(*seed, format="html")

        assert page.startswith("<!DOCTYPE html>")
        assert '<html lang="zh-CN">' in page
        assert "<script" not in page
        assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)
        assert "@import" not in page
        assert page.count("<svg") == 1
        assert '<span class="v" id="total">94.16</span>' in page
        assert '<span class="v" id="grade">优</span>' in page
        assert 'rowspan="7"' in page  # 产出指标 spans its seven rows

    def test_html_escapes_text(self, seed):
        """Text from the evaluation is escaped."""
        ev, _ = seed
        ev = attrs.evolve(ev, department=perfrules.Department("<b>局</b>&"))
        page = perfrules.render(ev, perfrules.score(ev), format="html")

        assert "&lt;b&gt;局&lt;/b&gt;&amp;" in page
        assert "<b>局" not in page


@pytest.mark.parametrize(
    ("locale", "fmt"), [("zh_CN", "md"), ("en", "md"), ("zh_CN", "html"), ("en", "html")]
)
def test_golden(locale, fmt, seed, update_golden):
    """The seed example's report, reviewed by eye once, then compared (``--update-golden`` rewrites)."""
    actual = perfrules.render(*seed, format=fmt, locale=locale)
    expected_file = GOLDEN / f"report-panyu-2021.{locale}.{fmt}"
    if update_golden:
        expected_file.write_text(actual, encoding="utf-8")

    assert expected_file.read_text(encoding="utf-8") == actual


class TestCli:
    def test_markdown_to_stdout(self):
        """``perfrules report FILE`` prints Markdown."""
        out = CliRunner().invoke(main, ["report", str(SEED), "--lang", "en"])

        assert out.exit_code == 0, out.output
        assert "# 中国共产党广州市番禺区委员会老干部局: 2021 self-evaluation" in out.output

    def test_html_to_file(self, tmp_path):
        """``-o`` writes the page."""
        target = tmp_path / "report.html"
        out = CliRunner().invoke(main, ["report", str(SEED), "--format", "html", "-o", str(target)])

        assert out.exit_code == 0, out.output
        assert (
            "<title>中国共产党广州市番禺区委员会老干部局 2021 年部门整体支出绩效自评报告</title>"
            in target.read_text(encoding="utf-8")
        )

    def test_xlsx_needs_an_output_file(self):
        """Workbook bytes are not printed."""
        out = CliRunner().invoke(main, ["report", str(SEED), "--format", "xlsx"])

        assert out.exit_code == 2
        assert "--format xlsx needs -o" in out.output

    def test_bad_input_exits_2(self, tmp_path):
        """A bad file is a located error on stderr and exit code 2."""
        bad = tmp_path / "bad.toml"
        bad.write_text('year = 2021\n[department]\nname = "x"\ncolour = 1\n', encoding="utf-8")
        out = CliRunner().invoke(main, ["report", str(bad)])

        assert out.exit_code == 2
        assert "department.colour: unknown key" in out.output

    def test_error_findings_exit_1(self, tmp_path):
        """The report is written, and error findings give exit code 1."""
        text = SEED.read_text(encoding="utf-8").replace('total = "94.16"', 'total = "96"')
        src = tmp_path / "ev.toml"
        src.write_text(text, encoding="utf-8")
        target = tmp_path / "r.md"
        out = CliRunner().invoke(main, ["report", str(src), "-o", str(target)])

        assert out.exit_code == 1
        assert "declared-total" in target.read_text(encoding="utf-8")
