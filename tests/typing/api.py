"""
Embedding code that ``mypy --strict`` must accept: the public API as a user's program calls it.

Nothing runs at import; ``tests/test_typing.py`` (or CI's mypy step) type-checks this file.
"""

from __future__ import annotations

from pathlib import Path

import attrs

import perfrules
from perfrules import (
    BudgetLine,
    Department,
    Evaluation,
    Fixed,
    Grade,
    GradeScale,
    Indicator,
    Money,
    Result,
    Scheme,
    SchemeRegistry,
    errors,
    parse_value,
    schemes,
)


def score_file(path: str | Path) -> tuple[str, str]:
    """Load, score, read the total and the grade."""
    ev: Evaluation = perfrules.load(path)
    result: Result = perfrules.score(ev)
    total: Fixed = result.total
    grade: Grade = result.grade
    return str(total), grade.localized("en")


def trace(result: Result) -> list[str]:
    """Every row's points and explanation, and the execution line."""
    out = [f"{line.indicator.name}: {line.points} {line.explain('zh')}" for line in result.lines]
    if result.execution is not None and result.execution.rate is not None:
        out.append(result.execution.rate.percent(2))
    out += [f"{f.code} {f.severity.value} {f.location or ''} {f.message}" for f in result.findings]
    return out


def build_in_code() -> Evaluation:
    """An evaluation built without a file, then changed with evolve."""
    dept = Department(name="某局", rank="正处级", duties=("职责一",))
    line = BudgetLine(
        "年度资金总额", planned=Money.parse("2066.22 万元"), executed=Money.parse("2032.03万元")
    )
    ind = Indicator(
        name="网络课程", weight=Fixed(10), target=parse_value("≥12门"), actual=parse_value("9")
    )
    ev = Evaluation(
        year=2021, department=dept, budget=(line,), indicators=(ind,), scheme="mof-2020-project"
    )
    return attrs.evolve(ev, indicators=(attrs.evolve(ind, weight=Fixed.parse("90")),))


def own_registry() -> SchemeRegistry:
    """An embedding program keeps its own registry and schemes."""
    registry = SchemeRegistry()
    base = schemes.get("mof-2020-project", year=2021)
    registry.register(attrs.evolve(base, name="mine", grades=GradeScale.preset("80/70/60")))

    @registry.register
    def other() -> Scheme:
        return Scheme(name="other", execution=None)

    _ = other
    return registry


def score_with(ev: Evaluation, registry: SchemeRegistry) -> Fixed | None:
    """Errors are typed; a bad input names its place."""
    try:
        return perfrules.score(ev, "mine", registry=registry).total
    except errors.InvalidValueError as e:
        where: str | None = e.location
        print(where, e.reason)
    except errors.UnknownSchemeError as e:
        print(e.known)
    return None


def read_text(text: str) -> Evaluation | None:
    """Loading text; every error of a bad file at once."""
    try:
        return perfrules.loads(text, format="toml")
    except errors.InvalidInputError as e:
        for err in e.errors:
            print(err.location, err.reason)
        return None


def round_trip(ev: Evaluation) -> bool:
    """Plain data and text both ways."""
    data = perfrules.to_data(ev)
    return (
        perfrules.from_data(data) == ev
        and perfrules.loads(perfrules.dumps(ev, format="json"), format="json") == ev
    )


def my_scheme(path: str, year: int) -> Scheme:
    """A scheme file (an overlay is resolved), its problems, the edition in force in a year (#3)."""
    scheme = schemes.load(path)
    for problem in scheme.problems():
        print(problem.location, problem.reason)
    registry = SchemeRegistry()
    registry.register(scheme)
    return registry.get(scheme.name, year)


def derived_rate(ev: Evaluation) -> str:
    """A derived department indicator, exact, with its formula (#3)."""
    d: perfrules.Derived = perfrules.derive(ev, "预算完成率")
    facts: perfrules.Facts = ev.facts
    print(facts.three_public_budget)
    return f"{d.percent(2)} {d.explain('en')}"


def check_my_scheme(scheme: Scheme) -> None:
    """A scheme author's property test (#3)."""
    from perfrules.testing import check_scheme

    check_scheme(scheme, max_examples=10, batch=True)
