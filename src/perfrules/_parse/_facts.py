"""
The facts a report states: its unit, year and kind (``_names``), the budget and executed
amounts and the stated execution rate (``_amounts``, else ``_tables``), the self-score and the
grade (``_scores``), each read where the text states it and put together here: the sentence that
states both amounts wins. Masked numbers (``78.*元``, ``****``) are not read; they are reported
instead.

>>> f = read_facts("某局2021年部门整体支出绩效自评报告\\n全年预算数2066.22万元,执行数2032.03万元,执行率98.35%。自评得分94.16分,等级为优。", ())
>>> f.department, f.year, f.kind, str(f.budget), str(f.executed), str(f.rate), str(f.score), f.grade
('某局', 2021, 'department', '20662200.00', '20320300.00', '98.35', '94.16', '优')
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import attrs

from perfrules._parse._amounts import Amount, Candidate, amounts, by_sentence, pick, rates
from perfrules._parse._names import (
    read_department,
    read_kind,
    read_project,
    read_title,
    read_year,
    split_unit,
)
from perfrules._parse._scores import grades, scores, written_number
from perfrules._parse._tables import tables
from perfrules._quantity import Fixed, Money

__all__ = ["Amount", "Facts", "read_facts"]


@attrs.frozen
class Facts:
    """What :func:`read_facts` found; ``None`` where the text does not say."""

    title: str | None = None
    department: str | None = None
    project: str | None = None
    year: int | None = None
    kind: str | None = None
    budget_amount: Amount | None = None
    executed_amount: Amount | None = None
    initial_amount: Amount | None = None
    rate: Fixed | None = None
    score: Fixed | None = None
    grade: str | None = None
    masked: tuple[tuple[str, str], ...] = ()
    unfilled: tuple[
        str, ...
    ] = ()  #: the labels of tables' total rows left at zero while their 其中 rows carry amounts

    @property
    def budget(self) -> Money | None:
        """全年预算数 (or 年初预算数 when the text gives no other)."""
        return self.budget_amount.money if self.budget_amount else None

    @property
    def executed(self) -> Money | None:
        """全年执行数."""
        return self.executed_amount.money if self.executed_amount else None

    @property
    def initial(self) -> Money | None:
        """年初预算数."""
        return self.initial_amount.money if self.initial_amount else None


# ----------------------------------------------------------------------------------- reading


def _merge(spans: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(spans):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _in(pos: int, merged: tuple[list[int], list[int]]) -> bool:
    i = bisect.bisect_right(merged[0], pos) - 1
    return i >= 0 and pos < merged[1][i]


def read_facts(
    text: str,
    conclusion: Sequence[tuple[int, int]],
    lines: Sequence[str] = (),
    paragraphs: Sequence[str] | None = None,
) -> Facts:
    """
    The facts of a report from its joined text; *conclusion* are the spans of its conclusion
    sections (where the self-score and grade are looked for first), *lines* its cleaned lines
    (for tables).
    """
    paras = paragraphs if paragraphs is not None else text.split("\n")
    title = read_title(paras)
    department, project = read_department(title, paras, text, lines)
    project = project or read_project(text, lines)
    if department is None and project:
        department = split_unit(project)[0]  # "项目名称:海南省平山医院卫生健康发展专项资金项目"
    masked: list[tuple[str, str]] = []

    # Amounts and the stated rate: the sentence that states both amounts wins.
    candidates = list(amounts(text))
    stated_rates = list(rates(text))
    budget = executed = initial = None
    rate_text: str | None = None
    best: tuple[tuple[int, int], list[Candidate], list[str]] | None = None
    for start, inside, found in by_sentence(text, candidates, stated_rates):
        roles = {"planned" if c.role == "final" else c.role for c in inside}
        if ("planned" in roles or "initial" in roles) and "executed" in roles:
            rank = (bool(found) + ("planned" in roles), -start)
            if best is None or rank > best[0]:
                best = (rank, inside, found)
    if best is not None:
        _, inside, found = best
        budget, executed, initial = pick(inside)
        rate_text = found[0] if found else None
    found_tables = list(tables(lines))
    if budget is None and executed is None:
        for t in found_tables:
            if "planned" in t.amounts or "executed" in t.amounts:
                budget, executed, initial = (
                    t.amounts.get("planned"),
                    t.amounts.get("executed"),
                    t.amounts.get("initial"),
                )
                rate_text = rate_text or t.rate
                break
    if budget is None and executed is None and candidates:
        budget, executed, initial = pick(candidates)
    if budget is None and initial is not None:
        budget = initial
    if rate_text is None:
        rate_text = next((r for _, r in stated_rates), None) or next(
            (t.rate for t in found_tables if t.rate), None
        )
    for name, amount in (("budget", budget), ("executed", executed)):
        if amount is not None and amount.money is None and "*" in amount.text:
            masked.append((name, amount.text))
    rate = written_number(rate_text) if rate_text else None
    if rate_text and rate is None:
        masked.append(("rate", rate_text + "%"))

    # The self-score and the grade: first in the conclusion, the strongest wording first.
    spans = _merge(conclusion)
    stated = sorted(scores(text), key=lambda s: (not _in(s[0], spans), -s[1], s[0]))
    score_text = stated[0][2] if stated else next((t.score for t in found_tables if t.score), None)
    score = written_number(score_text) if score_text else None
    if score is not None and score > Fixed(100):
        score = None
    if score_text and score is None and "*" in score_text:
        masked.append(("score", score_text))
    graded = sorted(grades(text), key=lambda g: (not _in(g[0], spans), g[0]))
    grade = graded[0][1] if graded else None

    return Facts(
        title=title,
        department=department,
        project=project,
        year=read_year(title, text),
        kind=read_kind(title, text)
        or ("project" if project else None),  # a report naming its project
        budget_amount=budget,
        executed_amount=executed,
        initial_amount=initial,
        rate=rate,
        score=score,
        grade=grade,
        masked=tuple(masked),
        unfilled=tuple(t.unfilled for t in found_tables if t.unfilled),
    )
