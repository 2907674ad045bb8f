"""
:func:`parse_report`: the facts of a published self-evaluation report text, and the findings of
the consistency checks on them.
"""

from __future__ import annotations

from typing import Any

import attrs

from perfrules._catalogue import finding
from perfrules._grades import GradeScale
from perfrules._model import (
    BudgetLine,
    Declared,
    Department,
    Evaluation,
    Finding,
    Measure,
    Severity,
)
from perfrules._parse._amounts import fits
from perfrules._parse._facts import Facts, read_facts
from perfrules._parse._outline import Section, outline
from perfrules._parse._text import clean_lines, display, drop_page_numbers
from perfrules._quantity import Fixed, Money, Ratio
from perfrules.errors import InvalidInputError, InvalidValueError, ReportParseError

__all__ = ["ReportFacts", "Section", "parse_report"]

#: Below this execution rate (percent) a report is expected to name problems (RULES §1.7).
LOW_EXECUTION = Fixed(90)

_KIND_LABELS = {"department": "部门整体支出", "project": "项目支出"}


def _tuple(value: Any) -> tuple[Any, ...]:
    return tuple(value)


@attrs.frozen
class ReportFacts:
    """
    What a published self-evaluation report (自评报告) states, as :func:`parse_report` read it.

    Every fact is ``None`` where the text does not say it (or masks it). Amounts are exact
    :class:`~perfrules.Money`; rates are in percent.

    .. versionadded:: 0.2.0
    """

    department: str | None = None  #: the department or unit (部门 / 单位)
    year: int | None = None
    kind: str | None = None  #: ``"department"`` (部门整体支出) or ``"project"`` (项目支出)
    budget: Money | None = None  #: 全年预算数 (年初预算数 when the text gives no other)
    executed: Money | None = None  #: 全年执行数
    initial: Money | None = None  #: 年初预算数
    execution_rate_stated: Fixed | None = None  #: the rate as written, in percent
    self_score: Fixed | None = None
    #: 优 / 良 / 中 / 差 (优秀 reads 优…), or another label as written (A / B+ / 合格; letters in capitals)
    grade: str | None = None
    title: str | None = None
    project: str | None = None  #: the project's name, for a project report
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_tuple)
    #: 存在的主要问题, one per numbered item
    problems: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    #: 改进措施, one per numbered item
    measures: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    #: each measure's sub-points (一是, 二是…)
    measure_points: tuple[tuple[str, ...], ...] = attrs.field(default=(), converter=_tuple)
    problems_denied: bool = False  #: the problems section says there are none
    truncated: bool = False  #: the text stops in the middle of a sentence
    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_tuple)

    @property
    def execution_rate(self) -> Ratio | None:
        """executed / budget, exactly; ``None`` without both amounts or with a zero budget."""
        if self.budget is None or self.executed is None or self.budget.fen <= 0:
            return None
        return Ratio(self.executed.fen, self.budget.fen)

    @property
    def execution_rate_computed(self) -> Fixed | None:
        """The rate of the amounts in percent, rounded half-up to 2 decimals."""
        rate = self.execution_rate
        return rate.percent_fixed(2) if rate is not None else None

    def section(self, key: str) -> Section | None:
        """The first section holding *key* (``problems``, ``measures``, ``conclusion``, ``basic``…)."""
        return next((s for s in self.sections if s.key == key), None)

    def to_data(self, lang: str = "zh") -> dict[str, Any]:
        """
        The ``perfrules parse --json`` contract of DESIGN.md: decimal strings, ``null`` where the
        text does not say.
        """
        en = lang.startswith("en")

        def s(value: object) -> str | None:
            return None if value is None else str(value)

        return {
            "department": self.department,
            "year": self.year,
            "kind": self.kind,
            "budget_yuan": s(self.budget),
            "executed_yuan": s(self.executed),
            "execution_rate_stated": s(self.execution_rate_stated),
            "execution_rate_computed": s(self.execution_rate_computed),
            "self_score": s(self.self_score),
            "grade": self.grade,
            "problems": list(self.problems),
            "measures": list(self.measures),
            "findings": [
                {
                    "code": f.code,
                    "severity": f.severity.value,
                    "message": f.message_en if en and f.message_en else f.message,
                }
                for f in self.findings
            ],
        }

    def to_evaluation(
        self, *, year: int | None = None, department: str | None = None, scheme: str | None = None
    ) -> Evaluation:
        """
        An :class:`~perfrules.Evaluation` skeleton with what the report states: the unit, the
        year, the kind, one budget line, the problems (as findings of code ``stated``), the
        measures and the declared total and grade. Add the indicators (the 自评表) and score it.

        *year* and *department* fill in what the text does not say.

        Raises:
            InvalidInputError: the year or the unit is neither in the text nor given.
        """
        errors = []
        year = self.year if year is None else year
        name = department or self.department
        if year is None:
            errors.append(
                InvalidValueError("the report does not state the year; pass year=", ("year",))
            )
        if not name:
            errors.append(
                InvalidValueError(
                    "the report does not name the unit; pass department=", ("department", "name")
                )
            )
        if errors:
            raise InvalidInputError(errors)
        assert year is not None
        assert name is not None
        budget: tuple[BudgetLine, ...] = ()
        if self.budget is not None and self.executed is not None:
            budget = (
                BudgetLine(
                    _KIND_LABELS.get(self.kind or "", "年度资金总额"),
                    self.budget,
                    self.executed,
                    self.initial,
                ),
            )
        return Evaluation(
            year=year,
            department=Department(name),
            scheme=scheme,
            kind=self.kind or "department",
            budget=budget,
            findings=[Finding("stated", Severity.INFO, p) for p in self.problems],
            measures=[
                Measure(m, list(points))
                for m, points in zip(self.measures, self.measure_points, strict=True)
            ],
            declared=Declared(total=self.self_score, grade=self.grade),
        )


def parse_report(
    text: str, *, grades: GradeScale | None = None, low_execution: Fixed = LOW_EXECUTION
) -> ReportFacts:
    """
    Read a published self-evaluation report (部门整体支出 or 项目支出绩效自评报告) from its text.

    The text may be as a PDF or Word conversion leaves it: full-width characters, spaces inside
    numbers, lines broken mid-sentence, page numbers, run-together headings, tables flattened
    into lines. The result's ``findings`` are the consistency checks on the facts: the stated
    rate against the amounts, the grade against the self-score (*grades*, 90/80/60 by default),
    executed above budget, and a rate below *low_execution* percent with no problem listed.

    >>> facts = parse_report("某某局2022年部门整体支出绩效自评报告\\n一、基本情况\\n全年预算数 100 万元，执行数 85 万元，执行率 85%。\\n二、自评结论\\n自评得分 92 分，等级为“优”。\\n三、存在的主要问题\\n无。")
    >>> facts.department, facts.year, str(facts.execution_rate_computed), facts.grade
    ('某某局', 2022, '85.00', '优')
    >>> len(facts.findings), facts.findings[0].code
    (1, 'report-low-execution-no-problems')

    Raises:
        ReportParseError: not a string, empty, binary, or no fact of a report found at all.

    .. versionadded:: 0.2.0
    """
    lines = drop_page_numbers(clean_lines(text))
    if not lines:
        raise ReportParseError("the report text is empty")
    shape = outline(lines)
    conclusion = [
        span
        for section, span in zip(shape.sections, shape.spans, strict=True)
        if section.key == "conclusion"
    ]
    facts = read_facts(shape.text, conclusion, lines)
    found = [
        facts.department,
        facts.year,
        facts.budget_amount,
        facts.executed_amount,
        facts.score,
        facts.grade,
        facts.rate,
    ]
    if all(x is None for x in found) and not shape.sections:
        raise ReportParseError(
            "not a self-evaluation report: no unit, year, amount, score, grade or section found"
        )
    report = ReportFacts(
        department=display(facts.department) if facts.department else None,
        year=facts.year,
        kind=facts.kind,
        budget=facts.budget,
        executed=facts.executed,
        initial=facts.initial,
        execution_rate_stated=facts.rate,
        self_score=facts.score,
        grade=facts.grade,
        title=display(facts.title) if facts.title else None,
        project=display(facts.project) if facts.project else None,
        sections=(
            Section(display(s.title), s.key, s.level, display(s.text)) for s in shape.sections
        ),
        problems=(display(p) for p in shape.problems),
        measures=(display(m) for m in shape.measures),
        measure_points=(tuple(display(p) for p in points) for points in shape.measure_points),
        problems_denied=shape.problems_denied,
        truncated=shape.truncated,
    )
    findings = _checks(
        report,
        facts,
        shape.has_problems_section,
        grades or GradeScale.preset("90/80/60"),
        low_execution,
    )
    return attrs.evolve(report, findings=findings)


_FACT_NAMES = {
    "budget": ("预算数", "budget"),
    "executed": ("执行数", "executed amount"),
    "rate": ("预算执行率", "execution rate"),
    "score": ("自评得分", "self-score"),
}


def _checks(
    report: ReportFacts,
    facts: Facts,
    has_problems_section: bool,
    grades: GradeScale,
    low_execution: Fixed,
) -> list[Finding]:
    out = []
    for fact, text in facts.masked:
        zh, en = _FACT_NAMES[fact]
        out.append(finding("report-masked", fact=zh, fact_en=en, text=text))
    for row in facts.unfilled[:1]:
        out.append(finding("report-total-unfilled", row=row))
    budget, executed = report.budget, report.executed
    computed = report.execution_rate_computed
    stated = report.execution_rate_stated
    budget_amount, executed_amount = facts.budget_amount, facts.executed_amount
    if (
        stated is not None
        and computed is not None
        and budget_amount is not None
        and executed_amount is not None
        and not fits(stated, budget_amount, executed_amount)
    ):
        out.append(
            finding(
                "report-rate-mismatch",
                stated=stated,
                computed=computed,
                budget=budget,
                executed=executed,
            )
        )
    if budget is not None and executed is not None and executed.fen > budget.fen:
        out.append(finding("report-over-budget", budget=budget, executed=executed))
    if report.self_score is not None and report.grade in grades.labels():
        expected = grades.grade(report.self_score)
        if expected.label != report.grade:
            out.append(
                finding(
                    "report-grade-mismatch",
                    score=report.self_score,
                    expected=expected.label,
                    expected_en=expected.label_en or expected.label,
                    stated=report.grade,
                )
            )
    rate = computed if computed is not None else stated
    says_none = report.problems_denied or has_problems_section or not report.truncated
    if rate is not None and rate < low_execution and not report.problems and says_none:
        out.append(finding("report-low-execution-no-problems", rate=rate, threshold=low_execution))
    return out
