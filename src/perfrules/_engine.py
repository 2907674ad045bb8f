"""
The scoring engine: ``score(evaluation, scheme=None) -> Result``, with a trace per indicator.

The engine turns indicators into integer rows (:func:`indicator_row`) and runs each rule's kernel
on them: a built-in kind (:attr:`Rule.generic`) on each row as Python ints, any other kind once
on numpy columns of the rows it scores. Either way it is the code the batch engine runs on
millions of rows. Rounding happens only where the scheme says.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from fractions import Fraction
from itertools import chain
from typing import Any

import attrs
import numpy as np

from perfrules._catalogue import finding
from perfrules._compile import RowKernel, compiled, function_of
from perfrules._derived import Derived, canonical, fill
from perfrules._fast import maker
from perfrules._grades import Grade
from perfrules._model import Evaluation, Finding, Indicator
from perfrules._ops import ONE
from perfrules._quantity import INT_LIMIT, Direction, Fixed, Money, Ratio, quantized_units, trimmed
from perfrules._rules import QualitativeRule, Rows, Rule, Status, execution_points
from perfrules._totals import grade_index, scheme_totals
from perfrules.errors import InvalidValueError, NumericRangeError, UnknownSchemeError
from perfrules.schemes import Scheme, SchemeRegistry, default_registry
from perfrules.schemes._scheme import ExecutionPolicy, Group

__all__ = ["ExecutionLine", "Line", "Result", "indicator_row", "resolve_scheme", "score"]

_DIR_CODE = {Direction.GE: 0, Direction.LE: 1, Direction.EQ: 2, Direction.QUAL: 3}


#: An exact value as a Fraction or a decimal (a Fixed).
Exact = Fraction | Fixed | None


def _fraction(x: Exact) -> Fraction | None:
    return x.as_fraction() if isinstance(x, Fixed) else x


@attrs.frozen
class Line:
    """
    One scored indicator: its points (``None`` when not applicable), the rule, a status, and the
    exact target and actual (in the target's unit) for the trace.
    """

    index: int
    indicator: Indicator
    rule: Rule
    points: Fixed | None
    status: Status
    # The exact values as the engine has them, a Fraction or a decimal (a Fixed): building
    # a Fraction per row costs more than scoring it, and most traces are never read.
    _target: Exact = attrs.field(default=None, alias="target", eq=False, repr=False)
    _actual: Exact = attrs.field(default=None, alias="actual", eq=False, repr=False)
    rule_points: Fixed | None = None  #: the rule's points before a manual deduction
    derived: Derived | None = None  #: where a derived actual value came from

    @property
    def target(self) -> Fraction | None:
        """The exact target value, or ``None`` when it is not a number."""
        return _fraction(self._target)

    @property
    def actual(self) -> Fraction | None:
        """The exact actual value in the target's unit, or ``None`` when it is not a number."""
        return _fraction(self._actual)

    def explain(self, lang: str = "zh") -> str:
        """
        How the points were earned, in ``zh`` or ``en``.
        """
        en = lang.startswith("en")
        ind = self.indicator
        if self.points is None:
            return "not applicable: dropped" if en else "不适用，不计分"
        if self.status in (Status.NO_ACTUAL, Status.NOT_A_NUMBER, Status.UNIT_MISMATCH, Status.NEEDS_SCORE, Status.OVERFLOW):
            return f"{self.status.name.lower().replace('_', ' ')}: 0" if en else f"无法按规则计分（{self.status.name}），得 0 分"
        raw = self.rule_points if self.rule_points is not None else self.points
        text = self.rule.explain(ind.weight, self.target, self.actual, raw, lang)
        if self.derived is not None:
            text = self.derived.explain(lang) + ("; " if en else "；") + text
        if ind.deduction:
            text += f"; manual deduction {ind.deduction} → {self.points}" if en else f"；调减 {ind.deduction} 分 → {self.points}"
        return text


@attrs.frozen
class ExecutionLine:
    """The budget execution score: Σ executed / Σ planned × weight."""

    weight: Fixed
    planned: Money
    executed: Money
    points: Fixed
    status: Status

    @property
    def rate(self) -> Ratio | None:
        """The exact execution rate, or ``None`` without a positive planned amount."""
        return Ratio(self.executed.fen, self.planned.fen) if self.planned.fen > 0 else None

    def explain(self, lang: str = "zh") -> str:
        """How the execution points were earned."""
        rate = self.rate
        if rate is None:
            return "no planned budget: 0" if lang.startswith("en") else "无预算数，得 0 分"
        pct = rate.percent(2)
        if lang.startswith("en"):
            return f"execution {self.executed} / {self.planned} yuan = {pct}%: {self.weight} × rate = {self.points}"
        return f"执行率 = {self.executed} / {self.planned} 元 = {pct}%，得分 = {self.weight} × 执行率 = {self.points}"


@attrs.frozen
class Result:
    """
    The score of one evaluation: lines, execution, total, grade and the findings met on the way.
    """

    scheme: Scheme
    evaluation: Evaluation
    lines: tuple[Line, ...]
    execution: ExecutionLine | None
    total: Fixed
    grade: Grade
    findings: tuple[Finding, ...]

    @property
    def subtotal(self) -> Fixed:
        """Σ row points and execution points, before any rescaling."""
        p = self.scheme.rounding.places
        units = sum(ln.points.at(p) for ln in self.lines if ln.points is not None)
        units += self.execution.points.at(p) if self.execution else 0
        return Fixed(units, p)

    def explain(self, lang: str = "zh") -> str:
        """The whole trace, one line per row."""
        out = [f"{ln.indicator.name}: {ln.points} — {ln.explain(lang)}" for ln in self.lines]
        if self.execution:
            out.insert(0, ("budget execution: " if lang.startswith("en") else "预算执行率：") + self.execution.explain(lang))
        out.append(f"total {self.total} → {self.grade.localized(lang)}" if lang.startswith("en") else f"总分 {self.total} → {self.grade.label}")
        return "\n".join(out)


def resolve_scheme(evaluation: Evaluation, scheme: Scheme | str | None, registry: SchemeRegistry | None = None) -> Scheme:
    """
    The scheme to score *evaluation* with: *scheme* itself, a name looked up for the
    evaluation's year, or the evaluation's own ``scheme`` name.

    Raises:
        InvalidValueError: no scheme given anywhere, or an unknown name (located at ``scheme``).
    """
    if isinstance(scheme, Scheme):
        return scheme
    reg = registry or default_registry
    name = scheme or evaluation.scheme
    if not name:
        raise InvalidValueError("no scoring scheme: name one in the file or pass scheme=", ("scheme",))
    try:
        return reg.get(name, evaluation.year)
    except UnknownSchemeError as e:
        raise InvalidValueError(str(e).strip('"'), ("scheme",)) from None


def _places(x: Fraction) -> int | None:
    """Decimals needed to write *x* exactly, or None if it is not a finite decimal."""
    d, k = x.denominator, 0
    while d % 10 == 0:
        d //= 10
        k += 1
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    return None if d != 1 else k + max(twos, fives)


def indicator_row(ind: Indicator, rule: Rule, places: int) -> tuple[tuple[int, ...], Fraction | None, Fraction | None]:
    """
    One indicator as the integers a kernel reads: ``(weight, target, actual, exp, declared,
    band, direction, status)``, plus the exact target and actual for the trace.
    """
    w, t, a, exp, dec, band, st, ea, eb = _row(ind, rule.value_places(), isinstance(rule, QualitativeRule), places)
    return (w, t, a, exp, dec, band, _DIR_CODE[ind.direction], st), _fraction(ea), _fraction(eb)


_POW10 = [10**k for k in range(40)]
# The statuses a row is built with, looked up once (an enum member lookup is slow per row).
_OK, _NO_ACTUAL, _NOT_A_NUMBER, _OVERFLOW, _UNIT_MISMATCH = Status.OK, Status.NO_ACTUAL, Status.NOT_A_NUMBER, Status.OVERFLOW, Status.UNIT_MISMATCH


def _row(ind: Indicator, vp: int, qualitative: bool, places: int) -> tuple[int, int, int, int, int, int, int, Exact, Exact]:
    """
    :func:`indicator_row` with the rule's value places and kind known: ``(weight, target,
    actual, exp, declared, band, status, exact target, exact actual)``, flat (this runs per row).
    """
    wt = ind.weight
    if wt.places <= places:  # Fixed.at without the call
        w = wt.units * _POW10[places - wt.places]
    else:
        try:
            w = wt.at(places)
        except InvalidValueError as e:
            raise e.at("weight") from None
    ds = ind.declared_score
    declared = -1 if ds is None else ds.units * _POW10[places - ds.places] if ds.places <= places else quantized_units(ds, places)
    if qualitative:
        return w, 0, 0, 0, declared, QualitativeRule.band(ind.target, ind.actual), _OK, None, None
    # Rows the rule does not score still carry the exponent its constants need, so a kernel
    # never scales a constant (per = 2.5) to 0 on them.
    target, actual = ind.target, ind.actual
    tn = target.number
    if actual is None:
        return w, 0, 0, vp, declared, -1, _NO_ACTUAL, tn, None
    an = actual.number
    if tn is None or an is None:
        return w, 0, 0, vp, declared, -1, _NOT_A_NUMBER, tn, None
    tu, au = target.unit, actual.unit
    a: Exact
    b: Exact
    if not au or not tu or au == tu:
        # The same unit: no conversion, so the exponent comes straight from the decimals.
        tu_, tp = tn.units, tn.places
        if tp and not tu_ % 10:
            tu_, tp = trimmed(tu_, tp)
        au_, ap = an.units, an.places
        if ap and not au_ % 10:
            au_, ap = trimmed(au_, ap)
        exp = max(tp, ap, vp)
        if exp > 18:
            return w, 0, 0, vp, declared, -1, _OVERFLOW, tn, an
        ai, bi = tu_ * _POW10[exp - tp], au_ * _POW10[exp - ap]
        a, b = tn, an
    else:
        af = tn.as_fraction()
        bf = actual.in_unit_of(target)
        if bf is None:
            return w, 0, 0, vp, declared, -1, _UNIT_MISMATCH, af, None
        pa, pb = _places(af), _places(bf)
        if pa is None or pb is None:  # not reachable from decimal input; a unit factor like 1/3
            return w, 0, 0, vp, declared, -1, _UNIT_MISMATCH, af, bf
        exp = max(pa, pb, vp)
        ai, bi = int(af * 10**exp), int(bf * 10**exp)
        a, b = af, bf
    if not (-INT_LIMIT < ai < INT_LIMIT and -INT_LIMIT < bi < INT_LIMIT) or exp > 18:
        return w, 0, 0, vp, declared, -1, _OVERFLOW, a, b
    return w, ai, bi, exp, declared, -1, _OK, a, b


def score(evaluation: Evaluation, scheme: Scheme | str | None = None, *, registry: SchemeRegistry | None = None) -> Result:
    """
    Score *evaluation* under *scheme* (a Scheme, a registry name, or the evaluation's own).

    >>> import perfrules
    >>> ev = perfrules.load("examples/panyu-2021.toml")
    >>> result = perfrules.score(ev)
    >>> str(result.total), result.grade.label, result.execution.rate.percent(2)
    ('94.16', '优', '98.35')

    Raises:
        InvalidValueError: no usable scheme (at ``scheme``).
        NumericRangeError: a value beyond exact int64 arithmetic (at its indicator).
    """
    sch = resolve_scheme(evaluation, scheme, registry)
    plan = _plan(sch)
    # Derived department indicators (预算完成率 …) get their actual from the budget and facts.
    scored, derived = fill(evaluation, plan.derives)
    places = plan.places
    findings: list[Finding] = []
    if sch.status == "provisional":
        findings.append(finding("provisional-scheme", scheme=sch.name))

    inds = scored.indicators
    lines: list[Line] = []
    # Rows of a rule kind that takes numpy columns only, scored together after the loop.
    deferred: dict[int, tuple[Rule, list[int]]] = {}
    raw: dict[int, tuple[tuple[int, ...], int, Exact, Exact]] = {}
    rule_of = plan.rule_of
    get_derived = derived.get if derived else _nothing  # most evaluations derive no value
    remembered, by_direction = plan.rules.get, plan.by_direction
    points, points_get = plan.points, plan.points.get
    has_na = refused = False
    units = applicable = 0
    # Σ weights per level-1 name at the points' places, for the weight checks; None when a
    # row not applicable has a weight finer than that.
    weights: dict[str, int] | None = {}
    for i, ind in enumerate(inds):
        # plan.rule_of(ind), its lookup inline
        found = remembered(ind.direction if by_direction and ind.rule is None else (ind.rule, ind.name, ind.direction))
        rule, vp, qualitative, d, kernel = found if found is not None else rule_of(ind)
        if ind.not_applicable:
            lines.append(Line(i, ind, rule, None, Status.NOT_APPLICABLE))
            has_na = True
            wt = ind.weight
            if weights is not None and wt.places <= places:
                weights[ind.level1] = weights.get(ind.level1, 0) + wt.units * _POW10[places - wt.places]
            else:
                weights = None
            continue
        try:
            w, t, av, exp, dec, band, st, a, b = _row(ind, vp, qualitative, places)
        except InvalidValueError as e:
            raise e.at("indicators", i) from None
        applicable += w
        if weights is not None:
            weights[ind.level1] = weights.get(ind.level1, 0) + w
        if not rule.generic:
            raw[i] = (w, t, av, exp, dec, band, d), st, a, b
            deferred.setdefault(id(rule), (rule, []))[1].append(i)
            lines.append(None)  # type: ignore[arg-type] # filled below
            continue
        # A row already refused (no actual, not a number …) scores 0 whatever the kernel says.
        if st:
            refused = True
            line = _line(i, ind, rule, 0, st, a, b, get_derived(i), places)
        else:
            p, code = kernel(w, t, av, exp, dec, band, d)
            if code or ind.deduction is not None:
                refused = refused or bool(code)
                line = _line(i, ind, rule, p, code, a, b, get_derived(i), places)
            else:  # the common case, inline; the points of a few hundred values are shared
                pf = points_get(p)
                if pf is None:
                    pf = _new_fixed(p, places)
                    if len(points) < _MAX_POINTS:
                        points[p] = pf
                lines.append(_new_line(i, ind, rule, pf, _OK, a, b, pf, get_derived(i)))
                units += p
                continue
        lines.append(line)
        units += line.points.units  # type: ignore[union-attr]
    for rule, idx in deferred.values():
        m = len(idx)
        c = np.fromiter(chain.from_iterable([raw[i][0] for i in idx]), dtype=np.int64, count=7 * m).reshape(m, 7).T
        pts, status = (x.tolist() for x in rule.points(Rows(c[0], c[1], c[2], c[3], c[4], c[5], c[6], places)))
        for k, i in enumerate(idx):
            _, st, a, b = raw[i]
            line = lines[i] = _line(i, inds[i], rule, pts[k], st or status[k], a, b, get_derived(i), places)
            units += line.points.units  # type: ignore[union-attr]
            refused = refused or bool(line.status)
    if refused:  # a row's status other than OK says what is wrong with it
        for line in lines:
            if line.status and line.points is not None:  # not OK, not N/A
                _row_findings(findings, line, sch)
    execution = _execution(evaluation, sch, findings, plan.execution)
    total, grade = _total(units, applicable, has_na, execution, plan)
    _weight_findings(findings, evaluation, sch, plan, weights)
    _declared_findings(findings, evaluation, total, grade)
    return Result(sch, evaluation, tuple(lines), execution, total, grade, tuple(findings))


def _line(  # noqa: PLR0917 -- one row's pieces, called per row
    i: int, ind: Indicator, rule: Rule, p: int, code: int, a: Exact, b: Exact, derived: Derived | None, places: int) -> Line:
    """The line of a row the kernel gave *p* points and status *code*; a manual deduction applies."""
    st = _STATUS[code]
    if code in _ZERO_CODES:
        if st is Status.OVERFLOW:
            raise NumericRangeError("beyond exact int64 arithmetic", ("indicators", i, "actual"))
        pf = _ZERO_POINTS[places] if places < len(_ZERO_POINTS) else Fixed(0, places)
        return _new_line(i, ind, rule, pf, st, a, b, pf, derived)
    pf = before = _new_fixed(p, places)
    if ind.deduction is not None:
        pf = Fixed(max(p - quantized_units(ind.deduction, places), 0), places)
    return _new_line(i, ind, rule, pf, st, a, b, before, derived)


_ZERO_POINTS = [Fixed(0, k) for k in range(8)]


def _nothing(_: int) -> None:
    return None


# Line and Fixed built field by field, without attrs' __init__ (see perfrules._fast): per row.
_new_line, _new_fixed = maker(Line), maker(Fixed)


def _derives(sch: Scheme, ind: Indicator) -> str | None:
    spec = sch.spec_for(ind.name)
    if spec is not None and spec.derive:
        return spec.derive
    return canonical(ind.name)


_STATUS = {int(s): s for s in Status}


class _Plan:
    """
    What score() looks up in a scheme, remembered per scheme object (schemes are frozen): the
    rule of each (rule, name, direction) with its value places, the framework group of each
    level-1 name, and the decimal places the weight sums need.
    """

    __slots__ = ("by_direction", "derives", "execution", "groups", "places", "points", "rules", "scheme", "totals", "weight_places")

    def __init__(self, sch: Scheme) -> None:
        self.scheme = sch
        self.places = sch.rounding.places
        self.weight_places = max([sch.weights.total.places, sch.execution.weight.places if sch.execution else 0, *(g.weight.places for g in sch.framework)])
        self.rules: dict[tuple[str | None, str, Direction] | Direction, tuple[Rule, int, bool, int, RowKernel]] = {}
        self.by_direction = not sch.indicator_rules
        self.points: dict[int, Fixed] = {}  #: points (units at the scheme's places), shared by the lines
        self.groups: dict[str, Group | None] = {}
        self.derives: Callable[[Indicator], str | None] = functools.partial(_derives, sch)
        self.execution = _execution_kernel(sch.execution) if sch.execution is not None else None
        self.totals = _totals_kernel(sch)

    def rule_of(self, ind: Indicator) -> tuple[Rule, int, bool, int, RowKernel]:
        """
        ``sch.rule_for(ind)``, its value places, whether it is qualitative, the direction code,
        and its kernel for one row of ints (a :attr:`Rule.generic` kind's).
        """
        # Under a scheme with no rules by indicator name, the rule depends on the direction alone
        # (every evaluation names its indicators differently).
        key = ind.direction if ind.rule is None and self.by_direction else (ind.rule, ind.name, ind.direction)
        found = self.rules.get(key)
        if found is None:
            if len(self.rules) >= _MAX_RULES:  # names seen in a long-running process: bounded
                self.rules.clear()
            rule = self.scheme.rule_for(ind)
            kernel = compiled(rule, self.places) if rule.generic else None
            if kernel is None:
                kernel = functools.partial(_one_row, rule, self.places)
            found = self.rules[key] = (rule, rule.value_places(), isinstance(rule, QualitativeRule), _DIR_CODE[ind.direction], kernel)
        return found

    def group_of(self, level1: str) -> Group | None:
        """``sch.group_of(level1)``."""
        try:
            return self.groups[level1]
        except KeyError:
            g = self.groups[level1] = self.scheme.group_of(level1)
            return g


_MAX_RULES = 4096
_MAX_POINTS = 4096


def _one_row(rule: Rule, places: int, *row: int) -> tuple[int, int]:
    """The kernel on one row of ints, as written (a generic kernel :func:`compiled` could not write out)."""
    w, t, a, exp, dec, band, d = row
    return rule.points(Rows.one(w, t, a, exp, dec, band, d, places))  # type: ignore[return-value] # ints on one row


_PLANS: dict[int, _Plan] = {}


def _plan(sch: Scheme) -> _Plan:
    plan = _PLANS.get(id(sch))
    if plan is None or plan.scheme is not sch:
        if len(_PLANS) > 64:
            _PLANS.clear()
        plan = _PLANS[id(sch)] = _Plan(sch)
    return plan


_ZERO = (Status.NO_ACTUAL, Status.NOT_A_NUMBER, Status.UNIT_MISMATCH, Status.NEEDS_SCORE, Status.OVERFLOW)
_ZERO_CODES = frozenset(int(s) for s in _ZERO)


def _execution(ev: Evaluation, sch: Scheme, findings: list[Finding], kernel: Callable[[int, int, int], tuple[int, int]] | None) -> ExecutionLine | None:
    pol = sch.execution
    if pol is None or kernel is None:
        return None
    places = sch.rounding.places
    pf = ef = 0  # ev.planned and ev.executed in one pass
    for line in ev.budget:
        pf += line.planned.fen
        ef += line.executed.fen
    if not ev.budget:
        findings.append(finding("execution-no-budget", location="budget"))
    elif pf <= 0:
        findings.append(finding("execution-planned-zero", location="budget"))
    for v, where in ((pf, "planned"), (ef, "executed")):
        if abs(v) >= INT_LIMIT:
            raise NumericRangeError("amount beyond exact int64 arithmetic", ("budget", where))
    planned, executed = Money(pf), Money(ef)
    pts, status = kernel(pol.weight.at(places), ef, pf)
    st = _STATUS[status]
    if st is Status.OVERFLOW:
        raise NumericRangeError("amounts beyond exact int64 arithmetic for the execution score", ("budget",))
    return ExecutionLine(pol.weight, planned, executed, Fixed(pts, places), st)


def _execution_kernel(pol: ExecutionPolicy) -> Callable[[int, int, int], tuple[int, int]]:
    """:func:`execution_points` for one evaluation's ints (weight, executed, planned), compiled."""

    def run(xp: Any, w: Any, executed: Any, planned: Any) -> tuple[object, ...]:
        return execution_points(w, executed, planned, round_rate=pol.round_rate, rate_places=pol.rate_places, cap=pol.cap, xp=xp)

    fn = function_of(("execution", pol.round_rate, pol.rate_places, pol.cap), "execution", ("w", "executed", "planned"), run)
    return fn if fn is not None else functools.partial(run, ONE)  # type: ignore[return-value]


def _totals_kernel(sch: Scheme) -> Callable[[int, int, int, bool], tuple[int, bool, int]]:
    """
    :func:`scheme_totals` and :func:`grade_index` for one evaluation's ints (Σ points, execution
    points, Σ applicable weights, whether a row is not applicable), compiled: the total, whether
    it fits in int64, and the index of its grade.
    """
    tp = sch.rounding.total_places

    def run(xp: Any, units: Any, ex: Any, applicable: Any, has_na: Any) -> tuple[object, ...]:
        t, ok = scheme_totals(sch, units, ex, applicable, has_na, xp=xp)
        return t, ok, grade_index(sch.grades, t, tp, xp=xp)

    # Everything the two functions read from the scheme.
    places = sch.rounding.places
    key = (
        "totals", places, tp, sch.not_applicable, sch.weights.total.at(places),
        sch.execution.weight.at(places) if sch.execution is not None else 0,
        tuple((g.lower.units, g.lower.places) for g in sch.grades.grades),
    )  # fmt: skip
    fn = function_of(key, "totals", ("units", "ex", "applicable", "has_na"), run)
    return fn if fn is not None else functools.partial(run, ONE)  # type: ignore[return-value]


def _total(units: int, applicable: int, has_na: bool, execution: ExecutionLine | None, plan: _Plan) -> tuple[Fixed, Grade]:
    """
    The total and its grade from Σ row points and Σ weights of the applicable rows (units),
    by the functions the batch engine uses (:mod:`perfrules._totals`), compiled for one evaluation.
    """
    sch = plan.scheme
    places, tp = plan.places, sch.rounding.total_places
    ex = execution.points.at(places) if execution else 0
    if max(units, applicable, ex) >= INT_LIMIT:
        raise NumericRangeError("the total is beyond exact int64 arithmetic", ("indicators",))
    t, ok, g = plan.totals(units, ex, applicable, has_na)
    if not ok:
        raise NumericRangeError("the total is beyond exact int64 arithmetic", ("indicators",))
    return Fixed(t, tp), sch.grades.grades[g]


def _row_findings(out: list[Finding], line: Line, sch: Scheme) -> None:
    ind, st, loc = line.indicator, line.status, f"indicators[{line.index}]"
    actual = ind.actual.text if ind.actual else ""
    if st == Status.NO_ACTUAL:
        out.append(finding("actual-missing", location=f"{loc}.actual"))
    elif st == Status.NOT_A_NUMBER:
        out.append(finding("actual-not-number", location=f"{loc}.actual", actual=actual))
    elif st == Status.UNIT_MISMATCH:
        out.append(finding("unit-mismatch", location=f"{loc}.actual", actual=ind.actual.unit if ind.actual else "", target=ind.target.unit))
    elif st == Status.NEEDS_SCORE:
        out.append(finding("qualitative-needs-score", location=f"{loc}.declared_score", actual=actual))
    elif st == Status.BAND_UNKNOWN:
        out.append(finding("qualitative-band-unknown", location=f"{loc}.actual", actual=actual, declared=ind.declared_score))
    elif st == Status.OUT_OF_BAND and isinstance(line.rule, QualitativeRule):
        _band_finding(out, line, line.rule, sch)


def _band_finding(out: list[Finding], line: Line, rule: QualitativeRule, sch: Scheme) -> None:
    ind = line.indicator
    places = sch.rounding.places
    w = ind.weight.at(places)
    hi, lo = (int(x) for x in rule.bounds(w))  # type: ignore[arg-type] # one row of ints
    band = rule.band(ind.target, ind.actual)
    low, high = [(hi, w), (lo, hi), (0, lo)][band]
    names = [("达成", "achieved"), ("部分达成", "partly achieved"), ("未达成", "not achieved")][band]
    out.append(finding(
        "qualitative-out-of-band", location=f"indicators[{line.index}].declared_score",
        declared=ind.declared_score, band=names[0], band_en=names[1],
        low=Fixed(low, places), high=Fixed(high, places), points=line.points,
    ))  # fmt: skip


def _weight_findings(out: list[Finding], ev: Evaluation, sch: Scheme, plan: _Plan, weights: dict[str, int] | None) -> None:
    """
    The weight checks; *weights* is Σ weights per level-1 name at the points' places, as
    :func:`score` added them up (None: add them up here).
    """
    inds = ev.indicators
    if not inds:
        return
    # Σ in integers at the finest places in play, per level-1 name first (a few distinct names).
    places = plan.places
    if weights is not None:
        p = max(plan.weight_places, places)
        up = _POW10[p - places]
        by_level1 = {k: v * up for k, v in weights.items()}
    else:
        p = max(plan.weight_places, *[ind.weight.places for ind in inds])
        by_level1 = {}
        for ind in inds:
            w = ind.weight
            by_level1[ind.level1] = by_level1.get(ind.level1, 0) + (w.units if w.places == p else w.at(p))
    total = sum(by_level1.values()) + (sch.execution.weight.at(p) if sch.execution is not None else 0)
    if total != sch.weights.total.at(p):
        out.append(finding("weights-total", severity=sch.weights.severity, location="indicators", total=Fixed(total, p).normalized(), expected=sch.weights.total))
    if not (sch.weights.groups and sch.framework):
        return
    sums: dict[str, int] = {}
    unknown = False
    for level1, u in by_level1.items():
        g = plan.group_of(level1)
        if g is None:
            unknown = unknown or bool(level1)
        else:
            sums[g.name] = sums.get(g.name, 0) + u
    if unknown:
        out.extend(
            finding("group-unknown", location=f"indicators[{i}].level1", group=ind.level1)
            for i, ind in enumerate(inds)
            if ind.level1 and plan.group_of(ind.level1) is None
        )
    for g in sch.framework:
        if g.name in sums and sums[g.name] != g.weight.at(p):
            out.append(finding("weights-group", severity=sch.weights.severity, location="indicators", group=g.name, total=Fixed(sums[g.name], p).normalized(), expected=g.weight))


def _declared_findings(out: list[Finding], ev: Evaluation, total: Fixed, grade: Grade) -> None:
    d = ev.declared
    if d.total is not None and d.total != total:
        out.append(finding("declared-total", location="declared.total", declared=d.total, computed=total))
    if d.grade is not None and d.grade not in (grade.label, grade.label_en):
        out.append(finding("declared-grade", location="declared.grade", declared=d.grade, computed=grade.label))

