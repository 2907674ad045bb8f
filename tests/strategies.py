"""
Hypothesis strategies: one per model class, exact values only (no floats anywhere).

Every strategy builds objects the loader accepts, so ``from_data(to_data(ev)) == ev`` holds for
whatever :func:`evaluations` draws. Values are built through :func:`parse_value` from text, the
way the loader builds them, so the text kept for the trace reads back identically.
"""

from __future__ import annotations

from hypothesis import strategies as st

from perfrules import (
    BudgetLine,
    Declared,
    Department,
    Direction,
    Evaluation,
    Finding,
    Fixed,
    Indicator,
    Measure,
    Money,
    Severity,
    Target,
    Value,
    parse_value,
)

__all__ = [
    "budget_lines",
    "declared",
    "departments",
    "evaluations",
    "findings",
    "fixeds",
    "indicators",
    "measures",
    "moneys",
    "targets",
    "texts",
    "values",
]

#: Printable text without surrogates or control characters (TOML and JSON both carry it).
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")),
    max_size=12,
)
_names = st.text(alphabet="指标课程人次满意度率abcxyz0123456789 ", min_size=1, max_size=10)


def fixeds(
    *, min_units: int = -(10**9), max_units: int = 10**9, max_places: int = 4
) -> st.SearchStrategy[Fixed]:
    """An exact decimal ``units / 10**places``."""
    return st.builds(Fixed, st.integers(min_units, max_units), st.integers(0, max_places))


def moneys(*, max_fen: int = 10**13) -> st.SearchStrategy[Money]:
    """A non-negative amount in fen (up to 1000 亿元 by default)."""
    return st.builds(Money, st.integers(0, max_fen))


_UNITS = st.sampled_from(["", "%", "人次", "个", "米", "厘米", "天", "万元", "元", "门", "次"])
_SIGNS = st.sampled_from(["", "≥", "≤", "=", "≧", "≦", "＞", ">=", "<="])
_QUALITATIVE = st.sampled_from(
    ["有效", "显著提升", "效果明显", "合规", "及时", "达成", "部分达成", "未达成", "有新进步"]
)


def _numeral(f: Fixed) -> str:
    return str(f)


@st.composite
def values(draw: st.DrawFn, *, unit: str = "", qualitative: bool | None = None) -> Value:
    """A target or actual value as written in a form: ``≥95%``, ``132.9``, ``有效`` …"""
    qual = draw(st.booleans()) if qualitative is None else qualitative
    if qual:
        return parse_value(draw(_QUALITATIVE))
    number = draw(fixeds(min_units=0, max_units=10**7, max_places=2))
    text = draw(_SIGNS) + _numeral(number) + draw(_UNITS)
    return parse_value(text, unit=unit)


def departments() -> st.SearchStrategy[Department]:
    """The unit evaluated."""
    return st.builds(
        Department,
        name=_names,
        rank=st.sampled_from(["", "正处级", "副处级"]),
        supervisor=texts,
        duties=st.lists(texts, max_size=3).map(tuple),
        units=st.lists(texts, max_size=3).map(tuple),
        staff_authorized=st.none() | st.integers(0, 500),
        staff_actual=st.none() | st.integers(0, 500),
    )


@st.composite
def budget_lines(draw: st.DrawFn) -> BudgetLine:
    """A budget line with non-negative planned, executed and (optional) initial amounts."""
    return BudgetLine(draw(_names), draw(moneys()), draw(moneys()), draw(st.none() | moneys()))


@st.composite
def indicators(draw: st.DrawFn, *, name: str | None = None) -> Indicator:
    """An indicator row: a weight, a target, maybe an actual, a direction consistent with them."""
    weight = draw(fixeds(min_units=0, max_units=2000, max_places=2))
    target = draw(values())
    actual = draw(st.none() | values(unit=target.unit))
    if target.is_qualitative:
        direction = Direction.QUAL
    elif target.direction is not None:
        direction = target.direction
    else:
        direction = draw(st.sampled_from([Direction.GE, Direction.LE, Direction.EQ]))
    declared_units = draw(st.none() | st.integers(0, weight.at(2)))
    return Indicator(
        name=name if name is not None else draw(_names),
        weight=weight,
        target=target,
        actual=actual,
        level1=draw(st.sampled_from(["", "产出指标", "效益指标", "满意度指标"])),
        level2=draw(st.sampled_from(["", "数量指标", "质量指标"])),
        direction=direction,
        rule=draw(st.none() | st.sampled_from(["proportional", "threshold"])),
        declared_score=None if declared_units is None else Fixed(declared_units, 2),
        reason=draw(texts),
        not_applicable=draw(st.booleans()),
        deduction=draw(st.none() | fixeds(min_units=0, max_units=500, max_places=2)),
        core=draw(st.booleans()),
    )


def targets(names: list[str] | None = None) -> st.SearchStrategy[Target]:
    """A performance target naming some of *names* (indicator names)."""
    pick = st.lists(st.sampled_from(names), max_size=3, unique=True) if names else st.just([])
    return st.builds(Target, texts, pick.map(tuple), texts)


def findings() -> st.SearchStrategy[Finding]:
    """A problem, stated or found."""
    return st.builds(
        Finding,
        code=st.sampled_from(["stated", "declared-total", "weights-total"]),
        severity=st.sampled_from(list(Severity)),
        message=texts,
        location=st.none()
        | st.sampled_from(["indicators[0].weight", "declared.total", "budget[0].executed"]),
        message_en=texts,
    )


def measures(n_findings: int = 0) -> st.SearchStrategy[Measure]:
    """An improvement measure answering some of the first *n_findings* findings."""
    answers = st.lists(st.integers(0, n_findings - 1), max_size=3) if n_findings else st.just([])
    return st.builds(Measure, texts, st.lists(texts, max_size=3).map(tuple), answers.map(tuple))


def declared() -> st.SearchStrategy[Declared]:
    """What a report claims."""
    return st.builds(
        Declared,
        total=st.none() | fixeds(min_units=0, max_units=10000, max_places=2),
        grade=st.none() | st.sampled_from(["优", "良", "中", "差"]),
        execution_score=st.none() | fixeds(min_units=0, max_units=1000, max_places=2),
        execution_rate=st.none() | fixeds(min_units=0, max_units=20000, max_places=2),
        execution_reason=texts,
    )


@st.composite
def evaluations(draw: st.DrawFn, *, max_indicators: int = 4) -> Evaluation:
    """A whole evaluation whose cross-references (target → indicator, measure → finding) hold."""
    names = draw(st.lists(_names, max_size=max_indicators, unique=True))
    inds = tuple(draw(indicators(name=n)) for n in names)
    found = tuple(draw(st.lists(findings(), max_size=3)))
    return Evaluation(
        year=draw(st.integers(1990, 2100)),
        department=draw(departments()),
        scheme=draw(st.none() | st.just("mof-2020-project")),
        kind=draw(st.sampled_from(["department", "project"])),
        overall_work=draw(texts),
        key_tasks=tuple(draw(st.lists(texts, max_size=2))),
        task_results=tuple(draw(st.lists(texts, max_size=2))),
        management=draw(texts),
        budget=tuple(draw(st.lists(budget_lines(), max_size=2))),
        targets=tuple(draw(st.lists(targets(names), max_size=2))),
        indicators=inds,
        results=tuple(draw(st.lists(texts, max_size=2))),
        findings=found,
        measures=tuple(draw(st.lists(measures(len(found)), max_size=2))),
        declared=draw(declared()),
    )
