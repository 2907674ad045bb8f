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
