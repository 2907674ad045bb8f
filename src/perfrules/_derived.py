"""
Department-level indicators derived from the budget rather than typed in (RULES.md §3.1):
预算完成率, 预算调整率, 结转结余率, 结转结余变动率, 公用经费控制率, "三公经费"控制率,
"三公经费"变动率, 政府采购执行率 and 在职人员控制率.

Each is an exact ratio of integers (fen, or persons) from the evaluation's budget lines, its
department's staff counts and its :class:`~perfrules.Facts`; its explanation shows the formula
with the numbers put in. When an indicator of an evaluation has no actual value and the scheme
(or its name) says it is derived, the engine fills the actual in, in percent rounded half-up to
0.01% as forms print rates, and the line's explanation starts with the formula.

>>> import perfrules
>>> ev = perfrules.load("examples/panyu-2021.toml")
>>> d = derive(ev, "预算完成率")
>>> d.percent()
Fixed(units=9835, places=2)
>>> print(d.explain())
预算完成率 = 预算完成数 / 预算数 × 100% = 20320300.00 / 20662200.00 × 100% = 98.35%（四舍五入至 0.01%）
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

import attrs

from perfrules._model import Evaluation, Indicator
from perfrules._quantity import Fixed, Money, Value, div_half_up, parse_value
from perfrules.errors import InvalidValueError

__all__ = ["DERIVED", "Derivation", "Derived", "canonical", "derive", "derive_all", "fill"]

#: A derivation's inputs: (numerator, denominator, how each reads) or an error at a place.
_Parts = tuple[int, int, str, str]


@attrs.frozen
class Derived:
    """
    A derived indicator's exact value, ``numerator / denominator`` (× 100 in percent), with the
    formula it came from and the numbers that went in.
    """

    name: str
    numerator: int
    denominator: int
    formula: str  #: e.g. ``预算完成数 / 预算数``
    formula_en: str
    numbers: str  #: the formula with the numbers put in, e.g. ``20320300.00 / 20662200.00``

    @property
    def value(self) -> Fraction:
        """The exact ratio (not in percent)."""
        return Fraction(self.numerator, self.denominator)

    def percent(self, places: int = 2) -> Fixed:
        """The value in percent, rounded half-up (away from zero) to *places* decimals."""
        return Fixed(div_half_up(self.numerator * 100 * 10**places, self.denominator), places)

    def as_value(self, places: int = 2) -> Value:
        """The value as an actual value ``"98.35%"`` would be read from a form."""
        return parse_value(f"{self.percent(places)}%")

    def explain(self, lang: str = "zh", places: int = 2) -> str:
        """The formula, the numbers and the result."""
        pct = self.percent(places)
        exact = pct.as_fraction() == self.value * 100
        if lang.startswith("en"):
            note = "" if exact else f" (rounded half-up to {Fixed(1, places)}%)"
            return f"{self.name} = {self.formula_en} × 100% = {self.numbers} × 100% = {pct}%{note}"
        note = "" if exact else f"（四舍五入至 {Fixed(1, places)}%）"
        return f"{self.name} = {self.formula} × 100% = {self.numbers} × 100% = {pct}%{note}"


@attrs.frozen
class Derivation:
    """How one derived indicator is computed: its name, formula and a function of the evaluation."""

    name: str
    formula: str
    formula_en: str
    parts: Callable[[Evaluation], _Parts]
    aliases: tuple[str, ...] = ()


def _fact(ev: Evaluation, key: str, name: str) -> Money:
    v: Money | None = getattr(ev.facts, key)
    if v is None:
        raise InvalidValueError(f"missing: {name} needs it", ("facts", key))
    return v


def _budget(ev: Evaluation, name: str) -> None:
    if not ev.budget:
        raise InvalidValueError(f"no budget lines: {name} needs them", ("budget",))


def _approved(ev: Evaluation) -> int:
    """预算数: Σ 年初预算数, a line without one counting its 全年预算数 (no adjustment)."""
    return sum((b.initial if b.initial is not None else b.planned).fen for b in ev.budget)


def _carryover(ev: Evaluation) -> int:
    if ev.facts.carryover is not None:
        return ev.facts.carryover.fen
    return sum(max(b.planned.fen - b.executed.fen, 0) for b in ev.budget)


def _m(fen: int) -> str:
    return str(Money(fen))


def _completion(ev: Evaluation) -> _Parts:
    _budget(ev, "预算完成率")
    return ev.executed.fen, _approved(ev), _m(ev.executed.fen), _m(_approved(ev))


def _adjustment(ev: Evaluation) -> _Parts:
    _budget(ev, "预算调整率")
    if ev.facts.adjustment is not None:
        adj = ev.facts.adjustment.fen
    else:
        adj = sum(abs(b.planned.fen - b.initial.fen) for b in ev.budget if b.initial is not None)
    return adj, _approved(ev), _m(adj), _m(_approved(ev))


def _carryover_rate(ev: Evaluation) -> _Parts:
    _budget(ev, "结转结余率")
    c = _carryover(ev)
    return c, ev.planned.fen, _m(c), _m(ev.planned.fen)


def _carryover_change(ev: Evaluation) -> _Parts:
    last = _fact(ev, "carryover_last_year", "结转结余变动率").fen
    if ev.facts.carryover is None:
        _budget(ev, "结转结余变动率")
    c = _carryover(ev)
    return c - last, last, f"({_m(c)} − {_m(last)})", _m(last)


def _ratio_of(num_key: str, den_key: str, name: str) -> Callable[[Evaluation], _Parts]:
    def parts(ev: Evaluation) -> _Parts:
        num, den = _fact(ev, num_key, name).fen, _fact(ev, den_key, name).fen
        return num, den, _m(num), _m(den)

    return parts


def _three_public_change(ev: Evaluation) -> _Parts:
    name = '"三公经费"变动率'
    now, last = _fact(ev, "three_public_budget", name).fen, _fact(ev, "three_public_budget_last_year", name).fen
    return now - last, last, f"({_m(now)} − {_m(last)})", _m(last)


def _staff(ev: Evaluation) -> _Parts:
    dep = ev.department
    for key, v in (("staff_actual", dep.staff_actual), ("staff_authorized", dep.staff_authorized)):
        if v is None:
            raise InvalidValueError("missing: 在职人员控制率 needs it", ("department", key))
    assert dep.staff_actual is not None
    assert dep.staff_authorized is not None
    return dep.staff_actual, dep.staff_authorized, str(dep.staff_actual), str(dep.staff_authorized)


_LIST = (
    Derivation("预算完成率", "预算完成数 / 预算数", "budget completed / approved budget", _completion),
    Derivation("预算调整率", "预算调整数 / 预算数", "budget adjustments / approved budget", _adjustment),
    Derivation("结转结余率", "结转结余总额 / 支出预算数", "carry-over / expenditure budget", _carryover_rate),
    Derivation("结转结余变动率", "(本年度累计结转结余资金总额 − 上年度累计结转结余资金总额) / 上年度累计结转结余资金总额", "(carry-over − last year's) / last year's", _carryover_change),
    Derivation("公用经费控制率", "实际支出公用经费总额 / 预算安排公用经费总额", "operating expenses spent / budgeted", _ratio_of("operating_actual", "operating_budget", "公用经费控制率")),
    Derivation('"三公经费"控制率', '"三公经费"实际支出数 / "三公经费"预算安排数', "three public expenses spent / budgeted", _ratio_of("three_public_actual", "three_public_budget", '"三公经费"控制率')),
    Derivation('"三公经费"变动率', '(本年度"三公经费"预算数 − 上年度"三公经费"预算数) / 上年度"三公经费"预算数', "(three public budget − last year's) / last year's", _three_public_change),
    Derivation("政府采购执行率", "实际政府采购金额 / 政府采购预算数", "procurement spent / procurement budget", _ratio_of("procurement_actual", "procurement_budget", "政府采购执行率")),
    Derivation("在职人员控制率", "实际在职人员数 / 编制数", "staff in post / authorized posts", _staff, ("财政供养人员控制率",)),
)

#: The derived indicators by name.
DERIVED: Mapping[str, Derivation] = {d.name: d for d in _LIST}


def canonical(name: str) -> str | None:
    """
    The derived indicator *name* stands for (quotes, spaces and known aliases aside), or None.

    >>> canonical("“三公”经费控制率"), canonical("财政供养人员控制率"), canonical("满意度")
    ('"三公经费"控制率', '在职人员控制率', None)
    """
    from perfrules.schemes._scheme import name_key

    key = name_key(name)
    for d in _LIST:
        if key in (name_key(d.name), *map(name_key, d.aliases)):
            return d.name
    return None


def derive(evaluation: Evaluation, name: str) -> Derived:
    """
    Compute the derived indicator *name* for *evaluation*.

    Raises:
        KeyError: *name* is not a derived indicator.
        InvalidValueError: an input is missing, or the denominator is zero, at its place
            (``facts.three_public_budget: missing: "三公经费"控制率 needs it``).
    """
    key = canonical(name)
    if key is None:
        raise KeyError(f"not a derived indicator: {name!r}; known: {', '.join(DERIVED)}")
    d = DERIVED[key]
    num, den, num_s, den_s = d.parts(evaluation)
    if den <= 0:
        raise InvalidValueError(f"the denominator of {d.name} ({d.formula}) is {den_s}: the rate is undefined")
    return Derived(d.name, num, den, d.formula, d.formula_en, f"{num_s} / {den_s}")


def derive_all(evaluation: Evaluation) -> dict[str, Derived]:
    """Every derived indicator the evaluation has the inputs for, by name."""
    out = {}
    for name in DERIVED:
        try:
            out[name] = derive(evaluation, name)
        except InvalidValueError:
            continue
    return out


def fill(evaluation: Evaluation, derives: Callable[[Indicator], str | None], places: int = 2) -> tuple[Evaluation, dict[int, Derived]]:
    """
    The evaluation with the actual value of each derivable indicator filled in, and the
    derivations by indicator index. An indicator is derivable when it has no actual value,
    is applicable, has a percent (or unitless) target, *derives* names a derived indicator for
    it, and the inputs are there; every other indicator is left as it is.
    """
    done: dict[int, Derived] = {}
    inds = list(evaluation.indicators)
    for i, ind in enumerate(inds):
        if ind.actual is not None or ind.not_applicable or ind.target.unit not in ("%", ""):
            continue
        name = derives(ind)
        if name is None:
            continue
        try:
            d = derive(evaluation, name)
        except InvalidValueError:
            continue
        done[i] = d
        inds[i] = attrs.evolve(ind, actual=d.as_value(places))
    if not done:
        return evaluation, done
    return attrs.evolve(evaluation, indicators=inds), done
