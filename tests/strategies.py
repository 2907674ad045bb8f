"""
Hypothesis strategies: one per model class, exact values only (no floats anywhere).

Every strategy builds objects the loader accepts, so ``from_data(to_data(ev)) == ev`` holds for
whatever :func:`evaluations` draws. Values are built through :func:`parse_value` from text, the
way the loader builds them, so the text kept for the trace reads back identically.
"""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, settings
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
    "EXACT",
    "WHOLE_EVALUATIONS",
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

#: Settings for properties over whole evaluations. One evaluation costs ~170 draws, so these
#: run at most 300 examples even under the ``ci`` profile (1000): they exercise the loader and the
#: engine's plumbing, while the numeric properties (rules, rounding) run in full at kernel level.
WHOLE_EVALUATIONS = settings(
    max_examples=min(settings.default.max_examples, 300),
    suppress_health_check=[HealthCheck.too_slow],
)

#: Settings for the numeric properties checked against an exact reference (each rule kind, both
#: paths of a kernel, totals, half-up rounding): twice the profile's examples, 1000 under ``ci``
#: (500 for every other property), 400 under ``dev``.
EXACT = settings(max_examples=2 * settings.default.max_examples)

#: Strings that stress TOML and JSON writers: empty, CJK, full-width forms, quotes, backslashes,
#: newlines, tabs, TOML syntax and an astral-plane character. One draw each keeps generation fast;
#: ``free_texts`` draws arbitrary strings from the same characters where it matters most.
_TRICKY = [
    "",
    "a",
    "老干部局",
    "达成年度指标，有新进步。",
    "“引号”",
    "'",
    '"',
    "\\",
    "\n",
    "a\tb",
    "≥95％",
    "０１",
    "[x] = {y}",
    "# 注释",
    "  ",
    "😀",
]
_ALPHABET = "老干部局达成有效，。“”'\"\\\n\t ≥≤％０１aZ9-_#=[]{}😀"
free_texts = st.text(alphabet=_ALPHABET, max_size=8)
texts = st.sampled_from(_TRICKY) | free_texts
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


_NUMERIC_TEXT = st.builds(
    lambda sign, number, unit: sign + _numeral(number) + unit,
    _SIGNS,
    st.builds(Fixed, st.integers(0, 10**7), st.integers(0, 2)),
    _UNITS,
)
#: What people write in the value columns: ``≥95%``, ``132.9``, ``有效`` …
value_texts = _QUALITATIVE | _NUMERIC_TEXT


def values(*, unit: str = "") -> st.SearchStrategy[Value]:
    """A target or actual value as written in a form; a unitless number takes *unit*."""
    return value_texts.map(lambda text: parse_value(text, unit=unit))


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


def budget_lines() -> st.SearchStrategy[BudgetLine]:
    """A budget line with non-negative planned, executed and (optional) initial amounts."""
    return _BUDGET_LINES


_MONEYS = st.builds(Money, st.integers(0, 10**13))
_BUDGET_LINES = st.builds(BudgetLine, _names, _MONEYS, _MONEYS, st.none() | _MONEYS)
_WEIGHTS = st.builds(Fixed, st.integers(0, 2000), st.just(2)) | st.builds(Fixed, st.integers(0, 20))
_DEDUCTIONS = st.none() | st.builds(Fixed, st.integers(0, 500), st.integers(0, 2))
_DIRECTIONS = st.sampled_from([Direction.GE, Direction.LE, Direction.EQ])
_LEVEL1 = st.sampled_from(["", "产出指标", "效益指标", "满意度指标"])
_LEVEL2 = st.sampled_from(["", "数量指标", "质量指标"])
_RULES = st.none() | st.sampled_from(["proportional", "threshold"])
_FRACTION_OF_WEIGHT = st.none() | st.integers(0, 1000)  # declared score, per mille of the weight


@st.composite
def indicators(draw: st.DrawFn, *, name: str | None = None) -> Indicator:
    """An indicator row: a weight, a target, maybe an actual, a direction consistent with them."""
    weight = draw(_WEIGHTS)
    target = parse_value(draw(value_texts))
    actual_text = draw(st.none() | value_texts)
    actual = None if actual_text is None else parse_value(actual_text, unit=target.unit)
    if target.is_qualitative:
        direction = Direction.QUAL
    elif target.direction is not None:
        direction = target.direction
    else:
        direction = draw(_DIRECTIONS)
    per_mille = draw(_FRACTION_OF_WEIGHT)
    return Indicator(
        name=name if name is not None else draw(_names),
        weight=weight,
        target=target,
        actual=actual,
        level1=draw(_LEVEL1),
        level2=draw(_LEVEL2),
        direction=direction,
        rule=draw(_RULES),
        declared_score=None if per_mille is None else Fixed(weight.at(2) * per_mille // 1000, 2),
        reason=draw(texts),
        not_applicable=draw(st.booleans()),
        deduction=draw(_DEDUCTIONS),
        core=draw(st.booleans()),
    )


_PICKS = st.lists(st.integers(0, 15), max_size=3)


def targets(names: list[str] | None = None) -> st.SearchStrategy[Target]:
    """A performance target naming some of *names* (indicator names)."""
    pool = names or []

    def pick(idx: list[int]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(pool[i % len(pool)] for i in idx)) if pool else ()

    return st.builds(Target, texts, _PICKS.map(pick), texts)


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
    answers = _PICKS.map(lambda idx: tuple(i % n_findings for i in idx) if n_findings else ())
    return st.builds(Measure, texts, _TEXT_TUPLES, answers)


_TEXT_TUPLES = st.lists(texts, max_size=2).map(tuple)


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
    inds = tuple(attrs.evolve(draw(_INDICATORS), name=n) for n in names)
    found = tuple(draw(_FINDING_LISTS))
    return Evaluation(
        year=draw(st.integers(1990, 2100)),
        department=draw(_DEPARTMENTS),
        scheme=draw(st.none() | st.just("mof-2020-project")),
        kind=draw(st.sampled_from(["department", "project"])),
        overall_work=draw(texts),
        key_tasks=draw(_TEXT_TUPLES),
        task_results=draw(_TEXT_TUPLES),
        management=draw(texts),
        budget=tuple(draw(st.lists(_BUDGET_LINES, max_size=2))),
        targets=tuple(draw(st.lists(targets(names), max_size=2))),
        indicators=inds,
        results=draw(_TEXT_TUPLES),
        findings=found,
        measures=tuple(draw(st.lists(measures(len(found)), max_size=2))),
        declared=draw(_DECLARED),
    )


_INDICATORS = indicators()
_FINDING_LISTS = st.lists(findings(), max_size=3)
_DEPARTMENTS = departments()
_DECLARED = declared()
