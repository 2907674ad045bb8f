"""Properties of parse_report(): total on any text, exact amounts and rates, stable under conversion noise."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from perfrules import Fixed, Money, ReportFacts, parse_report
from perfrules.errors import ReportParseError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reports"
TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))}
FACTS = {name: parse_report(text).to_data() for name, text in TEXTS.items()}

# Pieces real reports are made of: numbering, section words, amounts, rates, masks, breaks.
PIECES = [
    "一、", "二、", "三、", "十一、", "(一)", "（二）", "1.", "2、", "3.", "(1)", "⑴", "①", "②", "一是", "二是", "第一部分", "第二,",
    "基本情况", "存在的主要问题", "存在问题：", "下一步改进措施", "改进措施", "自评结论", "综合评价", "部门整体支出", "项目支出",
    "绩效自评报告", "某某局", "全年预算数", "年初预算数", "执行数", "实际支出", "其中", "执行率", "完成预算的", "自评得分",
    "满分", "等级为", "“优”", "良好", "分", "万元", "元", "%", "％", "2021年", "二〇二二年", "2066.22", "２０３２．０３", "98.35",
    "1,234,567.89", "78.*", "****", "100", "0", "。", "，", "；", "：", ":", "|", "\n", "\n\n", " ", "\t", "- 3 -", "第2页", "(", ")",
    "无", "未发现问题", "≥", "≤", "\u3000", "\ufeff", "単", "x",
]  # fmt: skip


def outcome(text: str) -> ReportFacts | None:
    """The facts, or None for a ReportParseError; anything else escapes and fails the test."""
    try:
        facts = parse_report(text)
    except ReportParseError:
        return None
    assert isinstance(facts, ReportFacts)
    data = facts.to_data()
    assert data["findings"] == [
        {"code": f.code, "severity": f.severity.value, "message": f.message} for f in facts.findings
    ]
    return facts


class TestTotal:
    """Random and mutated texts: a ReportFacts or a ReportParseError, never anything else."""

    @given(st.text(max_size=400))
    @example("")
    @example("\x00")
    @example("(" * 5000)
    @example("1" * 20000 + "万元")
    @example("一、" * 3000)
    @example("1.1.1." * 3000)
    @example("全年预算数" + "9" * 60 + "万元，执行数0元，执行率100%")
    def test_any_text(self, text: str) -> None:
        outcome(text)

    @given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
    def test_report_like_text(self, text: str) -> None:
        outcome(text)

    @given(
        name=st.sampled_from(sorted(TEXTS)),
        cuts=st.lists(
            st.tuples(
                st.floats(0, 1),
                st.integers(0, 40),
                st.sampled_from(["delete", "insert", "duplicate", "stop", "swap"]),
                st.sampled_from(PIECES),
            ),
            max_size=6,
        ),
    )
    def test_mutated_reports(self, name: str, cuts: list[tuple[float, int, str, str]]) -> None:
        text = TEXTS[name]
        for where, size, how, piece in cuts:
            at = int(where * len(text))
            if how == "delete":
                text = text[:at] + text[at + size :]
            elif how == "insert":
                text = text[:at] + piece + text[at:]
            elif how == "duplicate":
                text = text[:at] + text[at : at + size] + text[at:]
            elif how == "stop":
                text = text[: max(at, 1)]
            else:
                lines = text.split("\n")
                i = int(where * (len(lines) - 1))
                lines[i], lines[-1 - i] = lines[-1 - i], lines[i]
                text = "\n".join(lines)
        outcome(text)


def yuan_text(fen: int, *, wan: bool, commas: bool, spaced: bool) -> str:
    """An amount as a report writes it."""
    if wan:
        whole, frac, unit = fen // 1_000_000, (fen // 10_000) % 100, "万元"
    else:
        whole, frac, unit = fen // 100, fen % 100, "元"
    digits = f"{whole:,}" if commas else str(whole)
    gap = " " if spaced else ""
    return f"{digits}.{frac:02d}{gap}{unit}"


def half_up_percent(num: int, den: int) -> Fixed:
    """The Fraction reference: num / den in percent, half-up to 2 decimals."""
    return Fixed.from_fraction(Fraction(num * 100, den), 2)


@st.composite
def amounts(draw: st.DrawFn) -> tuple[int, int, bool, bool, bool, bool]:
    """A budget and an executed amount up to twice it (in fen), each in 元 or whole 万分 (0.01 万元)."""
    wan_b, wan_e = draw(st.booleans()), draw(st.booleans())
    budget = draw(st.integers(1, 10**8)) * (10_000 if wan_b else 1)
    step = 10_000 if wan_e else 1
    executed = draw(st.integers(0, 2 * budget // step)) * step
    return budget, executed, wan_b, wan_e, draw(st.booleans()), draw(st.booleans())


class TestExact:
    """Amounts and rates against exact Fraction references."""

    @given(amounts())
    def test_amounts_and_rate(self, case: tuple[int, int, bool, bool, bool, bool]) -> None:
        """Amounts in 元 or 万元, with commas or spaces, read exactly; the stated rate of the amounts is silent."""
        budget, executed, wan_b, wan_e, commas, spaced = case
        reference = half_up_percent(executed, budget)
        text = (
            "某某局2022年部门整体支出绩效自评报告\n"
            f"全年预算数{yuan_text(budget, wan=wan_b, commas=commas, spaced=spaced)}，"
            f"执行数{yuan_text(executed, wan=wan_e, commas=commas, spaced=spaced)}，执行率{reference}%。\n"
            "三、存在的主要问题\n(一)某问题。"
        )
        facts = parse_report(text)

        assert (facts.budget, facts.executed) == (Money(budget), Money(executed))
        assert facts.execution_rate_computed == reference
        assert facts.execution_rate_stated == reference
        assert "report-rate-mismatch" not in [f.code for f in facts.findings]
        assert ("report-over-budget" in [f.code for f in facts.findings]) == (executed > budget)

    @given(amounts(), st.integers(1, 500))
    def test_wrong_rate_found(
        self, case: tuple[int, int, bool, bool, bool, bool], off: int
    ) -> None:
        """
        A stated rate beyond every rate the amounts allow is found: amounts written to the fen may
        be half a fen off, and the rate may be rounded half-up at its 2 decimals.
        """
        budget, executed = case[0] * 100, case[1] * 100  # written in 元 to the fen
        highest = Fraction(2 * executed + 1, 2 * budget - 1) * 100
        stated = Fixed.from_fraction(Fraction(executed * 100, budget), 2) + Fixed(off, 2)
        assume(stated.as_fraction() - Fraction(1, 200) > highest)
        text = f"某某局2022年部门整体支出绩效自评报告\n全年预算数{yuan_text(budget, wan=False, commas=False, spaced=False)}，执行数{yuan_text(executed, wan=False, commas=False, spaced=False)}，执行率{stated}%。"
        facts = parse_report(text)

        assert "report-rate-mismatch" in [f.code for f in facts.findings]


FULL = str.maketrans(
    {
        **{chr(ord("0") + i): chr(ord("０") + i) for i in range(10)},
        ".": "．",
        "%": "％",
        ":": "：",
        ",": "，",
        "(": "（",
        ")": "）",
    }
)


class TestNoise:
    """Conversion noise does not change the facts."""

    @pytest.mark.parametrize("name", sorted(TEXTS))
    def test_fullwidth(self, name: str) -> None:
        """Full-width digits and punctuation read as their ASCII forms."""
        assert parse_report(TEXTS[name].translate(FULL)).to_data() == FACTS[name]

    @settings(max_examples=100)  # 20 texts; more examples only repeat them
    @given(name=st.sampled_from(sorted(TEXTS)), seed=st.randoms(use_true_random=False))
    def test_spaces_between_digits_and_cjk(self, name: str, seed: object) -> None:
        """Spaces between a digit and a CJK character, as PDF conversions leave them, change nothing."""
        import random

        assert isinstance(seed, random.Random)
        text = TEXTS[name]
        out = []
        for a, b in zip(text, text[1:] + " ", strict=True):
            out.append(a)
            if (a.isdigit() and "\u4e00" <= b <= "\u9fff") or (
                "\u4e00" <= a <= "\u9fff" and b.isdigit()
            ):
                out.append(" " * seed.randint(0, 2))
        assert parse_report("".join(out)).to_data() == FACTS[name]

    @settings(max_examples=60)  # 20 texts; the page number hardly matters
    @given(name=st.sampled_from(sorted(TEXTS)), page=st.integers(1, 99))
    def test_page_number_lines(self, name: str, page: int) -> None:
        """A decorated page number between any two lines changes nothing."""
        lines = TEXTS[name].split("\n")
        middle = len(lines) // 2
        text = "\n".join([*lines[:middle], f"- {page} -", *lines[middle:]])

        assert parse_report(text).to_data() == FACTS[name]


def wrapped(text: str, width: int) -> str:
    """Every line cut at *width* characters, as a fixed-width PDF conversion does."""
    out = []
    for line in text.split("\n"):
        out += [line[i : i + width] for i in range(0, len(line), width)] or [""]
    return "\n".join(out)


# Tables with | are not wrapped by conversions; a wrap inside letter-spaced digits is beyond repair.
PROSE = sorted(set(TEXTS) - {"project-table-pipes", "letter-spaced-title"})


class TestWrapped:
    """Hard line wrapping at any width (mid-word, mid-number) changes no fact."""

    @settings(max_examples=100)
    @given(name=st.sampled_from(PROSE), width=st.integers(22, 60))
    def test_wrapped(self, name: str, width: int) -> None:
        data = parse_report(wrapped(TEXTS[name], width)).to_data()
        expected = FACTS[name]

        for key in ("problems", "measures"):  # a wrap may leave a space where a title was guessed
            assert [x.replace(" ", "") for x in data.pop(key)] == [
                x.replace(" ", "") for x in expected[key]
            ]
        assert data == {k: v for k, v in expected.items() if k not in ("problems", "measures")}


def score_text(hundredths: int, places: int) -> str:
    """A score as written, with 0 to 2 decimals (hundredths divisible accordingly)."""
    value = Fixed.from_fraction(Fraction(hundredths, 100), places)
    return str(value)


# Wordings of a self-score S beside the full marks M, as published reports put them.
FULL_MARKS = [
    "自评得分{s}分（满分{m}分），等级为{g}。",
    "自评得分为{s}分，满分{m}分。",
    "综合得分{s}分，满分{m}分。",
    "满分{m}分，自评得分{s}分。",
    "本次评价满分为{m}分，经自评得分为{s}分。",
    "自评得分（满分{m}分）：{s}分。",
    "得分{s}分（满分{m}分）。",
    "总分{m}分，自评得分{s}分。",
    "自评得分{s}分，总分{m}分。",
    "得分{s}分，总分{m}分。",
    "自评得分：满分{m}分，实得{s}分。",
    "自评总分为{s}分（总分值{m}分）。",
    "自评得分满分{m}分中的{s}分。",
    "自评得分为满分{m}分中的{s}分，等级为{g}。",
    "综合评分为{s}分（满分{m}分）。",
    "经评价，该项目自评得{s}分（满分{m}分）。",
]


class TestScoreNotMaximum:
    """The self-score is the score, never the full marks written beside it."""

    @given(
        wording=st.sampled_from(FULL_MARKS),
        full=st.integers(1, 100),
        share=st.fractions(0, 1),
        places=st.integers(0, 2),
        conclusion=st.booleans(),
    )
    @example(wording=FULL_MARKS[7], full=100, share=Fraction(24, 25), places=0, conclusion=False)
    def test_any_score_beside_any_full_marks(
        self, wording: str, full: int, share: Fraction, places: int, conclusion: bool
    ) -> None:
        score = Fixed.from_fraction(full * share, places)
        assume(score.as_fraction() <= full)
        text = (
            "某某局2022年部门整体支出绩效自评报告\n"
            + ("二、自评结论\n" if conclusion else "")
            + wording.format(s=score, m=full, g="优")
        )

        assert parse_report(text).self_score == score

    @given(
        full=st.integers(1, 100),
        wording=st.sampled_from(
            [
                "自评得分为满分{m}分。",
                "自评得分是满分{m}分，等级为优。",
                "经自评，得分为满分{m}分。",
            ]
        ),
    )
    def test_full_marks_as_the_score(self, full: int, wording: str) -> None:
        """ "得分为满分M分": the score is M."""
        assert parse_report(
            "某某局2022年部门整体支出绩效自评报告\n" + wording.format(m=full)
        ).self_score == Fixed(full)


# Wordings of funds received (到位), which are neither the executed amount nor its rate.
RECEIVED = [
    "实际到位资金{r}",
    "资金到位{r}",
    "到位资金{r}",
    "上级拨付到位资金{r}",
    "财政拨付到位{r}",
    "预算资金到位{r}",
    "下达到位资金{r}",
    "资金到位率{p}%",
    "到位率为{p}%",
    "到位资金执行率{p}%",
]


class TestReceivedNotExecuted:
    """到位 (funds received) is never read as the executed amount or the execution rate."""

    @given(
        case=amounts(),
        received=st.integers(1, 10**8),
        rate=st.integers(0, 10000),
        wordings=st.lists(st.sampled_from(RECEIVED), min_size=1, max_size=3),
        where=st.integers(0, 2),
    )
    def test_received_beside_the_facts(
        self,
        case: tuple[int, int, bool, bool, bool, bool],
        received: int,
        rate: int,
        wordings: list[str],
        where: int,
    ) -> None:
        """Any 到位 wording anywhere around the stated facts changes none of them."""
        budget, executed, wan_b, wan_e, commas, spaced = case
        reference = half_up_percent(executed, budget)
        said = [
            w.format(
                r=yuan_text(received * 100, wan=False, commas=commas, spaced=spaced),
                p=Fixed(rate, 2),
            )
            for w in wordings
        ]
        facts = [
            f"全年预算数{yuan_text(budget, wan=wan_b, commas=commas, spaced=spaced)}",
            f"执行数{yuan_text(executed, wan=wan_e, commas=commas, spaced=spaced)}",
            f"执行率{reference}%",
        ]
        clauses = [*facts[:where], *said, *facts[where:]]
        text = (
            "某某局2022年部门整体支出绩效自评报告\n"
            + "，".join(clauses)
            + "。\n三、存在的主要问题\n(一)某问题。"
        )
        got = parse_report(text)

        assert (got.budget, got.executed) == (Money(budget), Money(executed))
        assert got.execution_rate_stated == reference

    @given(
        received=st.integers(1, 10**8),
        rate=st.integers(0, 10000),
        wordings=st.lists(st.sampled_from(RECEIVED), min_size=1, max_size=3),
    )
    def test_received_alone(self, received: int, rate: int, wordings: list[str]) -> None:
        """With only 到位 stated, there is no executed amount and no execution rate."""
        said = [
            w.format(
                r=yuan_text(received * 100, wan=False, commas=False, spaced=False), p=Fixed(rate, 2)
            )
            for w in wordings
        ]
        facts = parse_report("某某局2022年部门整体支出绩效自评报告\n" + "，".join(said) + "。")

        assert (facts.executed, facts.execution_rate_stated) == (None, None)


class TestLetterGrades:
    """A letter grade is read as written and only checked under a scale that knows it."""

    @given(
        letter=st.sampled_from("ABCD"),
        score=st.integers(0, 10000),
        wording=st.sampled_from(
            [
                "等级为{l}",
                "评价等级：{l}级",
                '自评等级为"{l}"',
                "自评等级为“{l}”",
                "评价结果为“{l}”级",
                "评定为{l}等",
                "绩效评价等级为{l}级",
            ]
        ),
    )
    def test_letter_as_written(self, letter: str, score: int, wording: str) -> None:
        text = f"某某局2022年部门整体支出绩效自评报告\n二、自评结论\n自评得分{Fixed(score, 2)}分，{wording.format(l=letter)}。"
        facts = parse_report(text)

        assert facts.grade == letter
        assert "report-grade-mismatch" not in [f.code for f in facts.findings]

    @given(
        letter=st.sampled_from("ABCDabcd"),
        sign=st.sampled_from(["", "+", "-"]),
        wording=st.sampled_from(
            [
                "等级为{l}",
                "评价等级：{l}级",
                "自评等级为“{l}”",
                "评价结果为{l}",
                "自评等级为“{l}”级",
            ]
        ),
    )
    def test_signs_and_case(self, letter: str, sign: str, wording: str) -> None:
        """A+, B-, lowercase a: read in capitals with the sign, as written."""
        facts = parse_report(
            f"某某局2022年部门整体支出绩效自评报告\n二、自评结论\n自评得分90分，{wording.format(l=letter + sign)}。"
        )

        assert facts.grade == letter.upper() + sign

    @given(
        letter=st.sampled_from("ABCD"),
        word=st.sampled_from(["优秀", "良好", "中等", "较差", "优", "良", "中", "差"]),
        score=st.integers(0, 10000),
        after=st.sampled_from(["", "级", "等"]),
    )
    def test_letter_with_its_word(self, letter: str, word: str, score: int, after: str) -> None:
        """A letter glossed by a word grade, "等级为A（优秀）", is that word: checked under the default scale."""
        text = f"某某局2022年部门整体支出绩效自评报告\n自评得分{Fixed(score, 2)}分，等级为{letter}{after}（{word}）。"
        facts = parse_report(text)
        expected = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}.get(word, word)
        by_score = (
            "优" if score >= 9000 else "良" if score >= 8000 else "中" if score >= 6000 else "差"
        )

        assert facts.grade == expected
        assert ("report-grade-mismatch" in [f.code for f in facts.findings]) == (
            expected != by_score
        )


class TestUnfilledTotal:
    """A total row left at zero over 其中 rows with amounts: not read, and reported."""

    @given(
        parts=st.lists(
            st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6)),
            min_size=1,
            max_size=3,
        ),
        label=st.sampled_from(["年度资金总额", "合计", "资金总额"]),
        flattened=st.booleans(),
    )
    def test_zero_total_over_parts(
        self, parts: list[tuple[int, int, int]], label: str, flattened: bool
    ) -> None:
        """report-total-unfilled fires exactly when a part carries an amount; the amounts are null then, zeros otherwise."""
        names = ["其中：当年财政拨款", "上年结转资金", "其他资金"]
        header = ["年初预算数", "全年预算数", "全年执行数"]
        rows = [(label, (0, 0, 0)), *zip(names, parts, strict=False)]
        if flattened:
            body = "\n".join(
                ["年度资金总额(万元)", *header]
                + [x for name, cells in rows for x in (name, *map(str, cells))]
            )
        else:
            body = (
                "单位：万元\n"
                + "|".join(["项目", *header])
                + "\n"
                + "\n".join("|".join([name, *map(str, cells)]) for name, cells in rows)
            )
        facts = parse_report("某某局2022年部门整体支出绩效自评报告\n" + body)
        filled = any(any(cells) for _, cells in rows)
        codes = [f.code for f in facts.findings]

        assert ("report-total-unfilled" in codes) == filled
        assert (facts.budget, facts.executed) == ((None, None) if filled else (Money(0), Money(0)))
        if filled:
            assert f"“{label}”" in facts.findings[codes.index("report-total-unfilled")].message


UNIT = st.tuples(
    st.text(alphabet="东南西北江河山湖城乡安平新和民康", min_size=2, max_size=6),
    st.sampled_from(["局", "中心", "人民政府", "办公室", "委员会"]),
).map("".join)
WAN = st.integers(1, 10**8)  # hundredths of 万元


def wan_text(hundredths: int) -> str:
    return f"{hundredths // 100}.{hundredths % 100:02d}"


class TestFormLayouts:
    """Rules for web pages and 自评表 forms as real reports publish them (issue 5)."""

    @given(
        unit=UNIT,
        other=UNIT,
        path=st.lists(
            st.sampled_from(["工作动态", "通知公告", "政务公开", "财政资金"]),
            min_size=1,
            max_size=3,
        ),
        wrap=st.booleans(),
    )
    def test_breadcrumb_is_no_title(
        self, unit: str, other: str, path: list[str], wrap: bool
    ) -> None:
        """A breadcrumb ending with a report's name is neither the title nor the unit, even when a wrap cuts it."""
        crumb = "您现在的位置: 首页 > " + " > ".join(path) + f" > {other}部门整体支出绩效评价报告"
        if wrap:
            crumb = crumb[:20] + "\n" + crumb[20:]
        title = f"{unit}2022年度部门整体支出绩效自评报告"
        facts = parse_report(f"欢迎访问!\n{crumb}\n\n{title}\n一、基本情况\n略。")

        assert (facts.title, facts.department) == (title, unit)

    @given(
        project=st.text(alphabet="社保缴费工资发放运转经费专项", min_size=2, max_size=8),
        unit=UNIT,
        sealed=st.sampled_from(["", "(盖章)", "（公章）"]),
    )
    def test_fields_run_together(self, project: str, unit: str, sealed: str) -> None:
        """A form's cells run together, each label before its value and the next label: the values."""
        text = f"项目支出绩效自评表(2022年度) 项目名称{project}主管部门{unit}实施单位{sealed}{unit}项目资金(万元)"
        facts = parse_report(text)

        assert (facts.project, facts.department, facts.year) == (project, unit, 2022)

    @given(unit=UNIT, day=st.dates().map(lambda d: f"{d.year}.{d.month}.{d.day}"))
    def test_field_value_stops_at_the_next_label(self, unit: str, day: str) -> None:
        """ "单位名称:某镇政府 填报日期:…" squeezed to one word: the unit stops where the next label starts."""
        assert (
            parse_report(
                f"2020年度部门整体支出绩效自评表\n单位名称:{unit} 填报日期:{day}\n"
            ).department
            == unit
        )

    @given(
        budget=WAN,
        executed=st.one_of(st.none(), WAN),
        rate=st.integers(0, 10000),
        score=st.integers(0, 20),
    )
    def test_header_notes_and_a_short_row(
        self, budget: int, executed: int | None, rate: int, score: int
    ) -> None:
        """
        Header cells with bracketed notes (`预算数(A)`, `得分 (20分*执行率)`) are columns; a row one
        cell short has its percentage under 执行率 and the cell before it blank.
        """
        cells = [
            wan_text(budget),
            *([wan_text(executed)] if executed is not None else []),
            f"{Fixed(rate, 2)}%",
            str(score),
        ]
        text = (
            "2020年度部门整体支出绩效自评表\n"
            "预算执行情况(万元) (20分) | 预算数(A) | 执行数(B) | 执行率(B/A) | 得分 (20分*执行率)\n"
            f"部门整体支出总额 | {' | '.join(cells)}\n"
            "年度目标1:(80分) | 增强政府工作效率\n"
        )
        facts = parse_report(text)

        assert facts.budget == Money(budget * 100 * 100)
        assert facts.executed == (Money(executed * 100 * 100) if executed is not None else None)
        assert facts.execution_rate_stated == Fixed(rate, 2)

    @given(
        title=st.sampled_from(["改进措施", "改进措施及结果应用方案", "下一步改进措施", "整改措施"]),
        none=st.sampled_from(["无", "暂无", "无。"]),
        notes=st.integers(0, 3),
    )
    def test_row_title_saying_none(self, title: str, none: str, notes: int) -> None:
        """A form row `改进措施 | 无` is a measures section of its own row that lists none; the notes below are not measures."""
        below = "".join(f"\n{i + 1}.备注第{i + 1}条。" for i in range(notes))
        facts = parse_report(
            f"2020年度部门整体支出绩效自评表\n总分 | 100分 |\n{title} | {none} |\n备注:{below}"
        )

        assert facts.measures == ()
        assert [s.key for s in facts.sections] == ["measures"]

    @given(
        conclusion=st.sampled_from(["及时、足额缴纳。", "目标全部完成。"]),
        problems=st.sampled_from(["存在问题", "存在的问题", "主要问题"]),
        measures=st.sampled_from(["改进措施", "整改措施", "改进建议"]),
        none=st.sampled_from(["无", "暂无"]),
        footer=st.sampled_from(["项目负责人:财务负责人:", "填报人:", ""]),
    )
    def test_none_cells_run_together(
        self, conclusion: str, problems: str, measures: str, none: str, footer: str
    ) -> None:
        """`存在问题暂无改进措施暂无项目负责人:`: the problems are denied and there are no measures."""
        facts = parse_report(
            f"项目支出绩效自评表(2022年度) 合计100 评价结论{conclusion}{problems}{none}{measures}{none}{footer}"
        )

        assert (facts.problems, facts.problems_denied, facts.measures) == ((), True, ())

    @given(
        amounts=st.tuples(WAN, WAN, WAN),
        weight=st.integers(1, 20),
        rate=st.integers(0, 100),
        score=st.integers(0, 20),
    )
    def test_table_on_one_line(
        self, amounts: tuple[int, int, int], weight: int, rate: int, score: int
    ) -> None:
        """
        The funds header and its row on one line, cells parted by single spaces: read by column
        (`10 100%` is a score and a rate, not 10100%).
        """
        initial, budget, executed = amounts
        row = (
            f"{wan_text(initial)} {wan_text(budget)} {wan_text(executed)} {weight} {rate}% {score}"
        )
        text = f"项目支出绩效自评表(2022年度) 项目资金(万元)年初预算数全年预算数全年执行数分值执行率得分 年度资金总额{row} 其中:当年财政拨款{row}"
        facts = parse_report(text)

        assert (facts.initial, facts.budget, facts.executed) == tuple(
            Money(x * 100 * 100) for x in (initial, budget, executed)
        )
        assert facts.execution_rate_stated == Fixed(rate)
        assert facts.title == "项目支出绩效自评表（2022年度）"


class TestBudgetedExpenditure:
    """全年预算支出 is the budget of the expenditure, not an amount spent (issue 5)."""

    @given(
        amounts=st.tuples(WAN, WAN, WAN),
        word=st.sampled_from(["全年预算支出", "年度预算支出", "全年预算支出数", "预算支出数"]),
        spent=st.sampled_from(["实际支出", "全年执行数", "已支付"]),
        rate_word=st.sampled_from(["执行率", "支付进度", "支出进度"]),
        revenue_first=st.booleans(),
    )
    def test_budgeted_expenditure(
        self,
        amounts: tuple[int, int, int],
        word: str,
        spent: str,
        rate_word: str,
        revenue_first: bool,
    ) -> None:
        revenue, budget, executed = amounts
        parts = [
            f"{word}{wan_text(budget)}万元",
            f"{spent}{wan_text(executed)}万元",
            f"{rate_word}96.00%",
        ]
        if revenue_first:
            parts.insert(0, f"全年预算收入{wan_text(revenue)}万元")
        facts = parse_report(
            "某某局2022年部门整体支出绩效自评报告\n"
            + "，".join(parts)
            + "。\n三、存在的主要问题\n(一)某问题。"
        )

        assert (facts.budget, facts.executed) == (Money(budget * 10_000), Money(executed * 10_000))
        assert facts.execution_rate_stated == Fixed(9600, 2)
