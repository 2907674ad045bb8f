"""
The self-evaluation report as a :class:`Document`, following the structure of published reports:

一、基本情况 (部门概况, 年度总体工作和重点工作任务, 部门整体收支情况, 部门整体绩效管理情况),
二、综合评价分析 (自评结论, 绩效目标完成情况, 重点任务, 主要工作成效), 三、存在的主要问题,
四、下一步改进措施, then the scoring table and the findings.

Every computed number (amounts, execution rate, points, total, grade) comes from the Result;
narrative fields come from the Evaluation, and a section or paragraph whose field is empty is
left out (sections are numbered after that, so the numbering has no gaps).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from perfrules._engine import Result
from perfrules._model import Evaluation, Finding, Severity
from perfrules._quantity import Fixed, Money, Ratio
from perfrules._render._context import Context
from perfrules._render._document import (
    Bar,
    Block,
    Chart,
    Document,
    Heading,
    Item,
    ItemList,
    Numbering,
    Paragraph,
    Scorecard,
    Table,
)
from perfrules._render._i18n import N_
from perfrules._render._monitoring import monitoring_blocks
from perfrules._render._scoring import group_sums, scoring_rows, weight_total

__all__ = ["build", "merged_findings"]

#: Standard framework names, translated in the English report ("Outputs (产出指标)").
TERMS = {
    "产出指标": N_("Outputs"),
    "效益指标": N_("Outcomes"),
    "满意度指标": N_("Satisfaction"),
    "数量指标": N_("Quantity"),
    "质量指标": N_("Quality"),
    "时效指标": N_("Timeliness"),
    "成本指标": N_("Cost"),
    "经济效益指标": N_("Economic benefits"),
    "社会效益指标": N_("Social benefits"),
    "生态效益指标": N_("Ecological benefits"),
    "可持续影响指标": N_("Sustainable impact"),
    "服务对象满意度指标": N_("Beneficiary satisfaction"),
}

_SEVERITY = {
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.INFO: N_("info"),
}


def merged_findings(result: Result, extra: Iterable[Finding] = ()) -> list[Finding]:
    """The result's findings then *extra* ones, each (code, location, message) once."""
    seen: set[tuple[str, str | None, str]] = set()
    out = []
    for f in (*result.findings, *extra):
        key = (f.code, f.location, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


class _Builder:
    def __init__(self, evaluation: Evaluation, result: Result, ctx: Context) -> None:
        self.ev, self.res, self.ctx = evaluation, result, ctx
        self.blocks: list[Block] = []
        self.n = 0  # the current section
        self.m = 0  # the current subsection

    def term(self, name: str, *, short: bool = False) -> str:
        """A framework name; in English with its translation first (alone if *short*)."""
        if self.ctx.en and name in TERMS:
            english = self.ctx.gettext(TERMS[name])
            return english if short else f"{english} ({name})"
        return name

    def section(self, title: str) -> None:
        self.n += 1
        self.m = 0
        self.blocks.append(Heading(2, self.ctx.section(self.n, title)))

    def subsection(self, title: str, blocks: Sequence[Block]) -> None:
        """A subsection, only when it has something to say."""
        if not blocks:
            return
        self.m += 1
        self.blocks += [Heading(3, self.ctx.subsection(self.n, self.m, title)), *blocks]

    # 一、基本情况 -------------------------------------------------------------------------
    def basic(self) -> None:
        _ = self.ctx.gettext
        self.section(_("Basic information"))
        self.subsection(
            _("Department profile") if self.ev.kind == "department" else _("Unit profile"),
            self.profile(),
        )
        self.subsection(_("Annual work and key tasks"), self.work())
        self.subsection(_("Overall budget and expenditure"), self.budget())
        self.subsection(_("Performance management"), self.management())
        snapshots = getattr(self.ev, "monitoring", ())
        if snapshots:
            self.m += 1
            title = self.ctx.subsection(self.n, self.m, _("Performance monitoring"))
            self.blocks += monitoring_blocks(self.ev, snapshots, self.ctx, title, self.res.scheme)

    def profile(self) -> list[Block]:
        _, dep = self.ctx.gettext, self.ev.department
        out: list[Block] = []
        facts = []
        if dep.rank:
            facts.append(Item(dep.rank, lead=_("Rank") + self.ctx.colon))
        if dep.supervisor:
            facts.append(Item(dep.supervisor, lead=_("Supervised by") + self.ctx.colon))
        if dep.units:
            n = len(dep.units)
            label = self.ctx.ngettext("{n} internal unit", "{n} internal units", n).format(n=n)
            facts.append(
                Item(
                    ("、" if not self.ctx.en else ", ").join(dep.units), lead=label + self.ctx.colon
                )
            )
        if dep.staff_authorized is not None:
            facts.append(
                Item(
                    self.ctx.fmt.integer(dep.staff_authorized),
                    lead=_("Authorized staff") + self.ctx.colon,
                )
            )
        if dep.staff_actual is not None:
            facts.append(
                Item(
                    self.ctx.fmt.integer(dep.staff_actual), lead=_("Staff in post") + self.ctx.colon
                )
            )
        if facts:
            out += [Paragraph(dep.name), ItemList(facts, Numbering.BULLET)]
        if dep.duties:
            out += [Paragraph("", label=_("Main duties:")), ItemList([Item(d) for d in dep.duties])]
        return out

    def work(self) -> list[Block]:
        _ = self.ctx.gettext
        out: list[Block] = []
        if self.ev.overall_work:
            out.append(Paragraph(self.ev.overall_work, label=_("Annual work:")))
        if self.ev.key_tasks:
            out += [
                Paragraph("", label=_("Key tasks:")),
                ItemList([Item(t) for t in self.ev.key_tasks]),
            ]
        return out

    def budget(self) -> list[Block]:
        _, ctx, ev = self.ctx.gettext, self.ctx, self.ev
        if not ev.budget:
            return []
        planned, executed = ev.planned, ev.executed
        if planned.fen > 0:
            text = _(
                "In {year} the full-year budget was {planned} and {executed} was spent, {rate} of the budget."
            )
            rate = ctx.fmt.rate(Ratio(executed.fen, planned.fen))
        else:
            text = _("In {year} the full-year budget was {planned} and {executed} was spent.")
            rate = ""
        out: list[Block] = [
            Paragraph(
                text.format(
                    year=ev.year,
                    planned=ctx.with_unit(planned),
                    executed=ctx.with_unit(executed),
                    rate=rate,
                )
            ),
        ]
        ex = self.res.execution
        if ex is not None:
            line = _("Budget execution score: {points} of {weight} points.")
            out.append(
                Paragraph(
                    line.format(points=ctx.fmt.points(ex.points), weight=ctx.fmt.points(ex.weight))
                )
            )
        has_initial = any(b.initial is not None for b in ev.budget)
        header = [_("Budget line")]
        if has_initial:
            header.append(ctx.amount_header(_("Initial budget")))
        header += [
            ctx.amount_header(_("Full-year budget")),
            ctx.amount_header(_("Executed")),
            _("Execution rate"),
        ]
        rows = [
            self._budget_row(b.name, b.initial, b.planned, b.executed, has_initial)
            for b in ev.budget
        ]
        footer = []
        if len(ev.budget) > 1:
            initial = (
                Money(sum(b.initial.fen for b in ev.budget if b.initial is not None))
                if has_initial
                else None
            )
            footer.append(self._budget_row(_("Total"), initial, planned, executed, has_initial))
        numeric = set(range(1, len(header)))
        out.append(Table(header, rows, numeric=numeric, footer=footer, kind="budget"))
        return out

    def _budget_row(
        self, name: str, initial: Money | None, planned: Money, executed: Money, has_initial: bool
    ) -> tuple[str, ...]:
        ctx = self.ctx
        rate = ctx.fmt.rate(Ratio(executed.fen, planned.fen)) if planned.fen > 0 else "—"
        cells = [name]
        if has_initial:
            cells.append(ctx.amount(initial) if initial is not None else "—")
        return (*cells, ctx.amount(planned), ctx.amount(executed), rate)

    def management(self) -> list[Block]:
        _ = self.ctx.gettext
        out: list[Block] = []
        if self.ev.targets:
            out += [
                Paragraph("", label=_("Performance targets:")),
                ItemList([Item(t.text) for t in self.ev.targets]),
            ]
        if self.ev.management:
            out.append(Paragraph(self.ev.management))
        return out

    # 二、综合评价分析 ---------------------------------------------------------------------
    def analysis(self) -> None:
        _ = self.ctx.gettext
        self.section(_("Overall evaluation"))
        self.subsection(_("Self-evaluation conclusion"), self.conclusion())
        self.subsection(_("Completion of performance targets"), self.targets())
        self.subsection(_("Key tasks"), self.tasks())
        if self.ev.results:
            self.subsection(_("Main results"), [ItemList([Item(r) for r in self.ev.results])])

    def conclusion(self) -> list[Block]:
        _, ctx, res = self.ctx.gettext, self.ctx, self.res
        total, grade = ctx.fmt.points(res.total), res.grade.localized(ctx.lang)
        text = _(
            "Scored against the indicators of the self-evaluation table, the {year} self-evaluation totals {total} points, grade “{grade}”."
        )
        # the scheme is named under the title; the card keeps to numbers
        facts = []
        if res.execution is not None and res.execution.rate is not None:
            facts.append((_("Budget execution rate"), ctx.fmt.rate(res.execution.rate)))
        card = Scorecard(total, grade, _("Total score"), _("Grade"), facts)
        out: list[Block] = [
            card,
            Paragraph(text.format(year=self.ev.year, total=total, grade=grade)),
        ]
        sums = group_sums(
            res, execution_label=_("Budget execution rate"), ungrouped_label=_("Other")
        )
        if sums:
            bars = [
                Bar(
                    self.term(g.name, short=True),
                    g.weight,
                    g.points,
                    ctx.fmt.points(g.weight.normalized()),
                    ctx.fmt.points(g.points),
                )
                for g in sums
            ]
            summary = f"{_('Total score')}{ctx.colon}{total} · {_('Grade')}{ctx.colon}{grade}"
            out.append(
                Chart(
                    bars,
                    _("Points earned vs weight by level-1 indicator"),
                    _("Points"),
                    _("Weight"),
                    summary,
                )
            )
            header = (_("Level-1 indicator"), _("Weight"), _("Points"), _("Score rate"))
            rows = [
                (
                    self.term(g.name),
                    b.weight_text,
                    b.points_text,
                    self._score_rate(b.points, b.weight),
                )
                for g, b in zip(sums, bars, strict=True)
            ]
            out.append(Table(header, rows, numeric={1, 2, 3}, kind="groups"))
        return out

    def _score_rate(self, points: Fixed, weight: Fixed) -> str:
        if weight.units <= 0:
            return "—"
        p = max(points.places, weight.places)
        return self.ctx.fmt.rate(Ratio(points.at(p), weight.at(p)))

    def targets(self) -> list[Block]:
        _ = self.ctx.gettext
        by_name = {ln.indicator.name: ln for ln in self.res.lines}
        items = []
        for t in self.ev.targets:
            points = []
            for name in t.indicators:
                ln = by_name.get(name)
                if ln is None:
                    continue
                earned = self.ctx.fmt.points(ln.points) if ln.points is not None else _("n/a")
                points.append(
                    f"{name}{self.ctx.colon}{earned} / {self.ctx.fmt.points(ln.indicator.weight)}"
                )
            text = t.result
            if points:
                text = (
                    (text + self.ctx.space if text else "")
                    + _("Indicators:")
                    + self.ctx.space
                    + ("；" if not self.ctx.en else "; ").join(points)
                )
            items.append(Item(text, lead=t.text))
        return [ItemList(items)] if items else []

    def tasks(self) -> list[Block]:
        ev = self.ev
        if not ev.task_results:
            return []
        paired = len(ev.key_tasks) == len(ev.task_results)
        items = [
            Item(r, lead=ev.key_tasks[i] if paired else "") for i, r in enumerate(ev.task_results)
        ]
        return [ItemList(items)]

    # 三、存在的主要问题 / 四、下一步改进措施 ------------------------------------------------
    def problems(self) -> None:
        _ = self.ctx.gettext
        if not self.ev.findings:
            return
        self.section(_("Main problems"))
        items = [Item(self.message(f)) for f in self.ev.findings]
        self.blocks.append(ItemList(items, Numbering.CN_PAREN))

    def measures(self) -> None:
        _ = self.ctx.gettext
        if not self.ev.measures:
            return
        self.section(_("Next steps"))
        items = []
        for ms in self.ev.measures:
            text = ms.text
            if ms.answers and self.ev.findings:
                refs = ("、" if not self.ctx.en else ", ").join(
                    self.ctx.item_number(a + 1) for a in ms.answers
                )
                text += self.ctx.space + _("(addresses problem {refs})").format(refs=refs)
            items.append(Item(text, points=ms.points))
        self.blocks.append(ItemList(items, Numbering.CN_PAREN))

    def message(self, f: Finding) -> str:
        return f.message_en if self.ctx.en and f.message_en else f.message

    # the scoring table and the findings ----------------------------------------------------
    def scoring(self) -> None:
        _, ctx, res = self.ctx.gettext, self.ctx, self.res
        self.section(_("Scoring table"))
        rate = res.execution.rate if res.execution is not None else None
        rows = []
        for r in scoring_rows(
            res,
            execution_label=_("Budget execution rate"),
            rate_text=ctx.fmt.rate(rate) if rate else "—",
        ):
            points = ctx.fmt.points(r.points) if r.points is not None else _("n/a")
            target = ctx.fmt.percent(Fixed(100)) if r.execution else r.target
            rows.append(
                (
                    self.term(r.level1),
                    self.term(r.level2),
                    r.name,
                    ctx.fmt.points(r.weight),
                    target,
                    r.actual or "—",
                    points,
                    r.reason,
                )
            )
        header = (
            _("Level-1 indicator"), _("Level-2 indicator"), _("Level-3 indicator"), _("Weight"),
            _("Annual target"), _("Actual"), _("Points"), _("Reason for deviation"),
        )  # fmt: skip
        footer = [
            (
                _("Total"),
                "",
                "",
                ctx.fmt.points(weight_total(res).normalized()),
                "",
                "",
                ctx.fmt.points(res.total),
                "",
            ),
            (_("Grade"), "", "", "", "", "", res.grade.localized(ctx.lang), ""),
        ]
        self.blocks.append(
            Table(header, rows, numeric={3, 6}, merge=(0, 1), footer=footer, kind="scoring")
        )

    def findings(self, extra: Iterable[Finding]) -> None:
        _ = self.ctx.gettext
        self.section(_("Findings"))
        found = merged_findings(self.res, extra)
        if not found:
            self.blocks.append(Paragraph(_("No findings.")))
            return
        header = (_("Severity"), _("Code"), _("Message"), _("Location"))
        rows = [
            (_(_SEVERITY[f.severity]), f.code, self.message(f), f.location or "—") for f in found
        ]
        self.blocks.append(
            Table(header, rows, kind="findings", classes=[f.severity.value for f in found])
        )


def build(
    evaluation: Evaluation,
    result: Result,
    ctx: Context,
    *,
    findings: Iterable[Finding] = (),
    date: dt.date | None = None,
) -> Document:
    """The report of *evaluation* scored as *result*, in the locale of *ctx*."""
    _ = ctx.gettext
    b = _Builder(evaluation, result, ctx)
    name, year = evaluation.department.name, evaluation.year
    if evaluation.kind == "project":
        title = _("{name}: {year} self-evaluation of project expenditure performance")
    else:
        title = _("{name}: {year} self-evaluation of overall departmental expenditure performance")
    meta = [_("Scheme: {scheme}").format(scheme=result.scheme.title or result.scheme.name)]
    if date is not None:
        meta.append(_("Report date: {date}").format(date=ctx.fmt.date(date)))
    b.basic()
    b.analysis()
    b.problems()
    b.measures()
    b.scoring()
    b.findings(findings)
    return Document(title.format(name=name, year=year), ctx.tag, b.blocks, meta)
