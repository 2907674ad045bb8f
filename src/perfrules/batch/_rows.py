"""
The rows of a table prepared once (parsed values, rules and groups by scheme) and scored chunk by
chunk with the rule kernels of :func:`perfrules.score`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from perfrules._engine import indicator_row
from perfrules._model import Indicator
from perfrules._quantity import INT_LIMIT, Direction, Fixed, parse_points, parse_value
from perfrules._rules import (
    BandsRule,
    DeductionRule,
    EqualRule,
    ProportionalRule,
    QualitativeRule,
    ReverseRule,
    Rows,
    Rule,
    Status,
    ThresholdRule,
)
from perfrules.batch import _status as st
from perfrules.batch._checks import check_rows
from perfrules.batch._columns import Coded, Codes, Column, factorize
from perfrules.batch._sums import _Acc, chunk_sums
from perfrules.batch._values import (
    _POW10,
    OK,
    Nums,
    ValueTable,
    bools,
    const,
    numbers,
    parse_values,
    places_up,
    texts,
    unit_info,
)
from perfrules.errors import InvalidInputError, InvalidValueError, UnknownSchemeError
from perfrules.schemes import Scheme, SchemeRegistry

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_DIRS = [Direction.GE, Direction.LE, Direction.EQ, Direction.QUAL]
_DIR_CODE = {d: i for i, d in enumerate(_DIRS)}
_DUMMY = parse_value("0")
#: By status code: the rule outcomes that score 0, and those that come with a finding.
_IS_ZERO = np.isin(np.arange(64), [int(s) for s in st.ZERO])
_IS_FINDING = np.isin(np.arange(64), [int(s) for s in st.ROW_FINDINGS])




def _at_places(v: ValueTable, places: int) -> I64 | None:
    """Every value's units at *places* decimals, or None when one does not fit in int64."""
    shift = places - v.places
    lim = (INT_LIMIT - 1) // _POW10[shift]
    if bool((np.abs(v.units) > lim).any()):
        return None
    return v.units * _POW10[shift]


#: Rule kinds whose points do not depend on the exponent the values are written at, as long
#: as the values fit in it (their kernels flag what does not fit).
_SCALE_FREE = frozenset(
    {ProportionalRule, ReverseRule, EqualRule, ThresholdRule, BandsRule, DeductionRule, QualitativeRule}
)


def _at_row_exponent(
    tv: ValueTable, av: ValueTable, ti: I64, ai: I64, vp: I64 | int
) -> tuple[I64, I64, I64, Bools]:
    """Target and actual at each row's exponent max(places of both, *vp*), and where that overflows."""
    pa, pb = tv.places[ti], av.places[ai]
    exp = np.maximum(np.maximum(pa, pb), vp)
    a_int, a_big = places_up(tv.units[ti], pa, exp)
    b_int, b_big = places_up(av.units[ai], pb, exp)
    return exp, a_int, b_int, a_big | b_big | (exp > 18)


def _kernel(rule: Rule, p: int, rows: Rows) -> tuple[I64, I64]:
    try:
        return rule.points(rows)
    except InvalidValueError as exc:  # a rule constant finer than the scheme's points
        raise InvalidValueError(
            f"rule {rule.kind!r} cannot score at {p} decimal places: {exc.reason}", ("scheme",)
        ) from None


@attrs.define
class _Prepared:
    """Everything parsed once: per-distinct-value tables, schemes, rules and groups."""

    n: int
    target: ValueTable
    actual: ValueTable
    unit_fam: I64
    unit_info: list[tuple[str, Any]]
    weight: Nums
    declared: Nums
    deduction: Nums
    na: Bools
    na_bad: Bools
    direction_codes: Codes  # per row code into direction uniques
    direction_or_none: I64  # per direction unique: 0..3 or -2 bad; then -1 for code -1 (none)
    rule_col: Coded
    name_col: Coded
    level1: Coded
    schemes: list[Scheme]
    sid_of_key: I64
    key_codes: I64  # per row code into scheme keys (-1: bad year)
    key_err: I64
    rules: list[tuple[Rule, int]]
    rule_cache: dict[tuple[int, int, int, int], int]
    groups: int
    weight_places: int
    floats: int
    norms: dict[str, int]
    row_places: I64 = attrs.field(factory=lambda: np.zeros(0, dtype=np.int64))
    tables: dict[str, I64] = attrs.field(factory=dict)  #: dense key → id tables, kept across chunks
    lock: threading.Lock = attrs.field(factory=threading.Lock)  #: held while filling what chunks share
    one_scheme: bool = False  #: one scheme, and every evaluation has it
    #: the decimals every target and actual fits at in int64 (None: some value does not)
    common_places: int | None = None
    target_at: I64 = attrs.field(factory=lambda: np.zeros(0, dtype=np.int64))  #: at common_places
    actual_at: I64 = attrs.field(factory=lambda: np.zeros(0, dtype=np.int64))
    any_big: bool = True  #: some target or actual is beyond int64

    @classmethod
    def build(
        cls,
        cols: Mapping[str, Column],
        n: int,
        *,
        scheme: Scheme | str | None,
        year: int | None,
        allow_float: bool,
        registry: SchemeRegistry,
    ) -> _Prepared:
        units: dict[str, int] = {"": 0}
        tgt = parse_values(cols["target"], allow_float, units)
        act_col = cols["actual"] if "actual" in cols else Coded(const(-1, n), [])
        tcol = cols["target"]
        if (
            isinstance(act_col, Coded)
            and isinstance(tcol, Coded)
            and (act_col.uniques is tcol.uniques or act_col.uniques == tcol.uniques)
        ):
            act = attrs.evolve(
                tgt, codes=act_col.codes
            )  # one dictionary for both columns: parsed once
        else:
            act = parse_values(act_col, allow_float, units)
        fam, info = unit_info(units)
        weight = numbers(cols["weight"], n, allow_float, parse=parse_points)
        declared = numbers(cols.get("declared_score"), n, allow_float, parse=parse_points)
        deduction = numbers(cols.get("deduction"), n, allow_float, parse=parse_points)
        na, na_bad = bools(cols.get("not_applicable"), n)
        dcol = texts(cols.get("direction"), n)
        dof = np.array([*(_dir_code(u) for u in dcol.uniques), -1], dtype=np.int64)
        schemes, sid_of_key, key_codes, key_err = _scheme_keys(
            cols, n, scheme, year, allow_float, registry
        )
        groups = max([len(s.framework) for s in schemes] or [0])
        wp = int(weight.places.max(initial=0)) if len(weight.places) else 0
        floats = tgt.floats + act.floats + weight.floats + declared.floats + deduction.floats
        prep = cls(
            n, tgt, act, fam, info, weight, declared, deduction, na, na_bad, dcol.codes, dof,
            texts(cols.get("rule"), n), texts(cols.get("name"), n), texts(cols.get("level1"), n),
            schemes, sid_of_key, key_codes, key_err, [], {}, groups, wp, floats, {},
        )  # fmt: skip
        prep.row_places = np.zeros(n, dtype=np.int8)
        prep.any_big = bool(tgt.big.any() or act.big.any())
        places = max(int(tgt.places.max(initial=0)), int(act.places.max(initial=0)))
        t_at, a_at = (_at_places(tgt, places), _at_places(act, places)) if places <= 18 else (None, None)
        if t_at is not None and a_at is not None:
            prep.common_places, prep.target_at, prep.actual_at = places, t_at, a_at
        return prep

    def schemes_of(self, idx: I64 | slice) -> I64:
        """The scheme id of rows (-1: none)."""
        return np.append(self.sid_of_key, -1)[self.key_codes[idx]]  # key -1 reads the last: -1

    def _rule_ids(self, sid: I64, d: I64, idx: slice) -> I64:
        """The rule group of each row (-1: unknown rule), each (scheme, rule, name, direction) resolved once."""
        r = self.rule_col.codes[idx]
        has_named = np.array([bool(s.indicator_rules) for s in self.schemes] + [False], dtype=bool)
        nr, nn = len(self.rule_col.uniques) + 1, len(self.name_col.uniques) + 1
        key = (((sid + 1) * nr + (r + 1)) * 4 + d) * nn
        if has_named.any():  # the indicator's name picks its rule: in the key
            key += np.where(has_named[sid], self.name_col.codes[idx], -1) + 1

        def resolve(kv: int) -> int:
            name_c, rest = kv % nn - 1, kv // nn
            dd, rest = rest % 4, rest // 4
            rule_c, s = rest % nr - 1, rest // nr - 1
            return self._rule(s, rule_c, name_c, dd)

        return self._lookup("rule", key, (len(self.schemes) + 1) * nr * 4 * nn, resolve)

    def _lookup(self, what: str, key: I64, space: int, resolve: Callable[[int], int]) -> I64:
        """
        ``resolve(k)`` for each row's key, each distinct key resolved once: through a dense
        table kept across chunks when the keys are few enough, else by factorizing the chunk.
        """
        if len(key) == 0:
            return np.zeros(0, dtype=np.int64)
        if space > 1 << 22:
            codes, uniq = factorize(key)
            with self.lock:
                ids = np.array([resolve(int(kv)) for kv in uniq], dtype=np.int64)
            return ids[codes]
        with self.lock:
            table = self.tables.get(what)
            if table is None:
                table = self.tables[what] = np.full(space, -9, dtype=np.int64)
        out = table[key]
        if int(out.min()) == -9:  # some key not resolved yet (ids are -2 or more)
            todo = out == -9
            with self.lock:
                for kv in np.unique(key[todo]).tolist():
                    if table[kv] == -9:
                        table[kv] = resolve(kv)
            out = table[key]
        return out

    def _rule(self, s: int, rule_c: int, name_c: int, d: int) -> int:
        key = (s, rule_c, name_c, d)
        if key in self.rule_cache:
            return self.rule_cache[key]
        out = -1
        if s >= 0:
            sch = self.schemes[s]
            name = self.name_col.uniques[name_c] if name_c >= 0 else ""
            rule_name = self.rule_col.uniques[rule_c] if rule_c >= 0 else None
            try:
                ind = Indicator(
                    name=name or "",
                    weight=Fixed(0),
                    target=_DUMMY,
                    direction=_DIRS[d],
                    rule=rule_name or None,
                )
                rule = sch.rule_for(ind)
            except (InvalidInputError, InvalidValueError, KeyError):
                rule = None
            if rule is not None:
                entry = (rule, sch.rounding.places)
                found = next(
                    (
                        i
                        for i, (r, p) in enumerate(self.rules)
                        if p == entry[1] and (r is rule or r == rule)
                    ),
                    None,
                )
                if found is None:
                    self.rules.append(entry)
                    found = len(self.rules) - 1
                out = found
        self.rule_cache[key] = out
        return out

    def _group_ids(self, sid: I64, idx: slice) -> I64:
        """Per row: the framework group index (≥ 0), -1 an unknown non-empty level1, -2 none or not checked."""
        nl = len(self.level1.uniques) + 1
        key = (sid + 1) * nl + (self.level1.codes[idx] + 1) if nl > 1 else sid + 1  # no level1: -1

        def resolve(kv: int) -> int:
            s, c = kv // nl - 1, kv % nl - 1
            g = -2
            if s >= 0:
                sch = self.schemes[s]
                level1 = self.level1.uniques[c] if c >= 0 else ""
                if sch.weights.groups and sch.framework:
                    grp = sch.group_of(level1 or "")
                    g = sch.framework.index(grp) if grp is not None else (-1 if level1 else -2)
            return g

        return self._lookup("group", key, (len(self.schemes) + 1) * nl, resolve)

    def score_rows(  # noqa: PLR0917 -- one call site, the chunk loop
        self,
        lo: int,
        hi: int,
        ev: I64,
        eval_sid: I64,
        out_points: I64,
        out_status: npt.NDArray[np.int8],
        out_rule: npt.NDArray[np.int16],
        *,
        ev_sorted: bool = False,
    ) -> tuple[int, _Acc] | None:
        """
        Score rows ``lo:hi`` into the output columns, and return their per-evaluation sums for
        the evaluations ``first, first + 1, …`` they touch as ``(first, sums)``; *ev_sorted*:
        the evaluation codes never decrease and none is -1.

        Chunks may run at once on threads: each writes only its own rows, and what is shared
        (the lookup tables filled on first use) is filled under a lock.
        """
        c = check_rows(self, lo, hi, ev, eval_sid, ev_sorted=ev_sorted)
        idx, m, code, flag, rules = c.idx, c.m, c.code, c.flag, c.rules
        tv, av = self.target, self.actual
        tc, ac, a_ok, ti, ai, t_qual = c.tc, c.ac, c.a_ok, c.ti, c.ai, c.t_qual
        sid, d, rid, places, na = c.sid, c.d, c.rid, c.places, c.na
        wu, wpl, w_units = c.wu, c.wpl, c.w_units
        d_has, declared, x_has, xq = c.d_has, c.declared, c.x_has, c.xq
        # per rule, then per row (rule -1 reads the last entry)
        qual_rule = np.array(
            [isinstance(r, QualitativeRule) for r, _ in rules] + [False], dtype=bool
        )[rid]
        rule_vp = np.array([r.value_places() for r, _ in rules] + [0], dtype=np.int64)
        # qualitative band from the actual's words, or equal texts
        band = np.full(m, -1, dtype=np.int64)
        q = np.flatnonzero(qual_rule & a_ok & (code == 0))
        if len(
            q
        ):  # the band from the actual's words, or equal texts; only where a qualitative rule reads it
            with self.lock:
                av.bands(ai[q], self.norms)
                tv.bands(ti[q], self.norms)
            aq, tq = ai[q], ti[q]
            band[q] = np.where(
                av.band_words[aq] != 0,
                av.band_words[aq],
                np.where(tv.norm[tq] == av.norm[aq], 0, av.band_rest[aq]),
            )
        # numeric rows: A and B as integers at a common exponent, or at the row exponent
        pre = np.zeros(m, dtype=np.int64)
        t_num, a_num = ~t_qual, av.has_number[ai]
        pre = np.where(
            ~a_ok, Status.NO_ACTUAL, np.where(~t_num | ~a_num, Status.NOT_A_NUMBER, Status.OK)
        )
        conv: Bools | None = None
        if len(self.unit_info) > 1:  # some value has a unit: compare them
            tu_id, au_id = tv.unit[ti], av.unit[ai]
            same = (tu_id == au_id) | (tu_id == 0) | (au_id == 0)
            fam_ok = self.unit_fam[tu_id] == self.unit_fam[au_id]
            # Each unit's size as the id of its exact value (sizes are Fractions or ints).
            ids: dict[Any, int] = {}
            sizes = np.array([ids.setdefault(s, len(ids)) for _, s in self.unit_info], dtype=np.int64)
            conv = ~same & fam_ok & (sizes[tu_id] != sizes[au_id])
            pre = np.where((pre == Status.OK) & ~same & ~fam_ok, Status.UNIT_MISMATCH, pre)
        live = (code == 0) & ~na
        slow = (
            np.flatnonzero(live & ~qual_rule & (pre == Status.OK) & conv)
            if conv is not None
            else np.zeros(0, dtype=np.int64)
        )
        common = self.common_places
        if len(slow) or int(rule_vp.max()) > 18:
            common = None  # rows scored one by one need their own exponent
        if self.any_big:
            over = tv.big[ti] | av.big[ai]
            pre = np.where(
                (pre == Status.OK) & over & (~conv if conv is not None else True),
                Status.OVERFLOW,
                pre,
            )
        if common is None:
            vp = rule_vp[rid]  # the rule's own places, per row
            exp, a_int, b_int, over = _at_row_exponent(tv, av, ti, ai, vp)
            if conv is not None:
                over &= ~conv
            pre = np.where((pre == Status.OK) & over, Status.OVERFLOW, pre)
        else:
            exp = a_int = b_int = np.zeros(0, dtype=np.int64)  # per rule, below
        pre *= ~qual_rule  # OK (0) on qualitative rows: a product, no branch per row
        for r in (
            slow.tolist()
        ):  # units that convert with a factor (厘米 → 米): the scalar path, row by row
            ind = Indicator(
                name="",
                weight=Fixed(int(w_units[r]), int(places[r])),
                target=tv.value(int(tc[r])),
                actual=av.value(int(ac[r])),
                direction=_DIRS[int(d[r])],
            )
            (_, ta, tb, te, _, _, _, row_status), _, _ = indicator_row(
                ind, rules[int(rid[r])][0], int(places[r])
            )
            a_int[r], b_int[r], exp[r], pre[r] = ta, tb, te, row_status
        if common is None:
            a_int = np.where(pre == Status.OK, a_int, 0)
            b_int = np.where(pre == Status.OK, b_int, 0)
            exp = np.where(
                pre == Status.OK, exp, vp
            )  # the rule's constants still scale on rows it does not score

        pts = np.zeros(m, dtype=np.int64)
        kst = np.zeros(m, dtype=np.int64)
        # as the scalar engine: every applicable row of a rule goes through its kernel
        run_rg = np.where(live, rid, -1)  # a row without a rule is in error: not live
        no_declared = not d_has.any()
        all_pre_ok = not pre.any()  # OK is 0: no row's own numbers to leave out
        for g in range(len(rules)):
            sel = np.flatnonzero(run_rg == g)
            if len(sel) == 0:
                continue
            rule, p = rules[g]
            is_qual = isinstance(rule, QualitativeRule)
            dec_s = np.full(len(sel), -1, dtype=np.int64) if no_declared else declared[sel]
            band_s = band[sel] if is_qual else np.full(len(sel), -1, dtype=np.int64)
            w_s, d_s = w_units[sel], d[sel]
            vp_g = rule.value_places()
            if common is None:
                rows = Rows(w_s, a_int[sel], b_int[sel], exp[sel], dec_s, band_s, d_s, p)
                kp, ks = _kernel(rule, p, rows)
            elif type(rule) not in _SCALE_FREE:  # a rule of its own: the row exponent
                ti_s, ai_s, pre_s = ti[sel], ai[sel], pre[sel]
                exp_s, a_s, b_s, over_s = _at_row_exponent(tv, av, ti_s, ai_s, vp_g)
                if not is_qual:
                    pre_s = np.where((pre_s == Status.OK) & over_s, Status.OVERFLOW, pre_s)
                    pre[sel] = pre_s
                ok_s = pre_s == Status.OK
                rows = Rows(
                    w_s, np.where(ok_s, a_s, 0), np.where(ok_s, b_s, 0),
                    np.where(ok_s, exp_s, vp_g), dec_s, band_s, d_s, p,
                )  # fmt: skip
                kp, ks = _kernel(rule, p, rows)
            else:
                # Exact rules give the same points at any exponent that holds the values: one
                # exponent for the rule's rows, max(common, the rule's own places), instead of
                # each row's; a row the kernel finds too big there is scored again at its own.
                e_g = max(common, vp_g)
                ti_s, ai_s = ti[sel], ai[sel]
                a_s, b_s = self.target_at[ti_s], self.actual_at[ai_s]
                if e_g > common:  # the rule's places: every row's exponent is e_g too
                    f = 10 ** (e_g - common)
                    lim = (INT_LIMIT - 1) // f
                    over_s = (np.abs(a_s) > lim) | (np.abs(b_s) > lim)
                    a_s, b_s = a_s * f, b_s * f
                    if not is_qual and over_s.any():
                        pre_s = pre[sel]
                        pre[sel] = np.where((pre_s == Status.OK) & over_s, Status.OVERFLOW, pre_s)
                        all_pre_ok = False
                ok_s = np.ones(len(sel), dtype=bool) if all_pre_ok else pre[sel] == Status.OK
                if not all_pre_ok and not ok_s.all():
                    a_s, b_s = np.where(ok_s, a_s, 0), np.where(ok_s, b_s, 0)
                exp_s = np.full(len(sel), e_g, dtype=np.int64)
                kp, ks = _kernel(rule, p, Rows(w_s, a_s, b_s, exp_s, dec_s, band_s, d_s, p))
                too_big = ks == Status.OVERFLOW
                redo = np.flatnonzero(too_big & ok_s) if e_g > vp_g and too_big.any() else ()
                if len(redo):  # too big at the common exponent: at the row's own
                    s2 = sel[redo]
                    exp2, a2, b2, _ = _at_row_exponent(tv, av, ti[s2], ai[s2], vp_g)
                    rows2 = Rows(
                        w_s[redo], a2, b2, exp2, dec_s[redo], band_s[redo], d_s[redo], p
                    )
                    kp2, ks2 = _kernel(rule, p, rows2)
                    kp, ks = kp.copy(), ks.copy()
                    kp[redo], ks[redo] = kp2, ks2
            pts[sel] = kp
            kst[sel] = ks
        status = np.where(pre != Status.OK, pre, kst)
        scored = status == Status.OK
        if scored.all():  # the common case: no rule outcome to look up
            zero = ~scored
            final_ok = True
        else:
            zero = _IS_ZERO[status]
            final_ok = False
        before = np.where(zero, 0, pts) if not final_ok else pts
        after = np.where(x_has & ~zero, np.maximum(before - xq, 0), before) if x_has.any() else before
        if not final_ok:
            flag(live & (status == Status.OVERFLOW), st.OVERFLOW)
        if code.any() or na.any():
            final = np.where(code != 0, code, np.where(na, Status.NOT_APPLICABLE, status))
            err = (final == st.OVERFLOW) | (final >= st.MISSING_EVALUATION)
            ok_row = ~err & ~na
            all_ok = False
        else:  # no row in error nor not applicable: each row's status is its rule's
            final, err, ok_row, all_ok = status, None, None, True
        points = after if all_ok else np.where(ok_row, after, 0)
        out_points[idx] = points
        out_status[idx] = final
        out_rule[idx] = rid
        self.row_places[idx] = places  # 0 without a scheme

        # per-evaluation sums (rows without an evaluation only count as rows in error)
        w_p, w_p_big = places_up(np.maximum(wu, 0), wpl, self.weight_places)
        if w_p_big.any():
            w_p = np.where(w_p_big, 0, w_p)
        finds = None
        if not final_ok or not all_ok:
            finds = _IS_FINDING[final] if all_ok else ok_row & _IS_FINDING[final]
        return chunk_sums(
            ev,
            ev_sorted=ev_sorted,
            groups=self.groups,
            errors=err,
            points=points,
            applicable=w_units if all_ok else np.where(ok_row, w_units, 0),
            not_applicable=None if err is None else na & ~err,
            findings=finds,
            weight=w_p,
            group_ids=(lambda: self._group_ids(sid, idx)) if self.groups else None,
        )


def _dir_code(u: object) -> int:
    if u is None:
        return -1
    try:
        return _DIR_CODE[Direction.parse(str(u))]
    except InvalidValueError:
        return -2


def _scheme_keys(  # noqa: PLR0917 -- internal
    cols: Mapping[str, Column],
    n: int,
    scheme: Scheme | str | None,
    year: int | None,
    allow_float: bool,
    registry: SchemeRegistry,
) -> tuple[list[Scheme], I64, I64, I64]:
    """Schemes by (name, year) key: the schemes, the scheme of each key, each row's key, year errors."""
    # year per row: the column, else the argument, else none (the latest edition)
    yr = numbers(cols.get("year"), n, allow_float) if "year" in cols else None
    y_err = const(0, n)
    if yr is not None:
        whole = yr.places == 0
        bad = (yr.err != OK) | (yr.valid & (~whole | (yr.units < 1900) | (yr.units > 2200)))
        y_err = bad.astype(np.int64)
        years = np.where(yr.valid & ~bad, yr.units, -1)
    else:
        years = const(-1, n)
    if year is not None:
        years = np.where(years < 0, year, years)
    if isinstance(scheme, Scheme):
        return [scheme], np.array([0], dtype=np.int64), const(0, n), y_err
    if scheme is not None and yr is None:  # one scheme, one year: resolved once
        try:
            only = registry.get(scheme, year)
        except (UnknownSchemeError, KeyError):
            return [], np.array([-1], dtype=np.int64), const(0, n), y_err
        return [only], np.array([0], dtype=np.int64), const(0, n), y_err
    if scheme is not None:
        names = Coded(const(0, n), [scheme])
    elif "scheme" in cols:
        names = texts(cols["scheme"], n)
    else:
        raise InvalidValueError(
            "no scoring scheme: pass scheme= or give a scheme column", ("scheme",)
        )
    yk = np.where(years >= 0, years - 1899, 0)
    key = (names.codes.astype(np.int64) + 1) * 400 + yk
    codes, uniq = factorize(key)
    schemes: list[Scheme] = []
    sid = np.empty(len(uniq), dtype=np.int64)
    for j, kv in enumerate(uniq):
        c, y = int(kv) // 400 - 1, int(kv) % 400
        name = names.uniques[c] if c >= 0 else None
        try:
            if not name:
                raise UnknownSchemeError("", [])
            s = registry.get(name, y + 1899 if y else None)
        except (UnknownSchemeError, KeyError):
            sid[j] = -1
            continue
        found = next((i for i, x in enumerate(schemes) if x is s), None)
        if found is None:
            schemes.append(s)
            found = len(schemes) - 1
        sid[j] = found
    key_codes = np.where(y_err == 1, -1, codes).astype(np.int64)
    return schemes, sid if len(sid) else np.zeros(1, dtype=np.int64), key_codes, y_err
