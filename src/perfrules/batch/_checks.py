"""
The checks on a chunk's rows before any is scored: each row's first error code (0: none), and
what the checks read on the way — the row's scheme, direction and rule, the scheme's point
places, and the weight, declared score and deduction at those places.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
import numpy as np
import numpy.typing as npt

from perfrules._rules import Rule
from perfrules.batch import _status as st
from perfrules.batch._values import _POW10, BIG, FLOAT, OK, places_up, quantize

if TYPE_CHECKING:
    from perfrules.batch._rows import _Prepared

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Index = npt.NDArray[np.intp]


@attrs.define(eq=False)
class Checked:
    """A chunk's rows after the checks (see :func:`check_rows`)."""

    idx: slice  #: the chunk's rows
    m: int
    code: I64  #: the first error of each row (a :mod:`._status` code), 0 for none
    tc: npt.NDArray[np.integer]  #: codes into the target and actual value tables (-1: none)
    ac: npt.NDArray[np.integer]
    a_ok: Bools
    ti: Index  #: the codes as gather indices (none → 0)
    ai: Index
    t_qual: Bools  #: the target is a text (no number)
    sid: I64  #: scheme id (-1: none)
    d: I64  #: direction code 0 ≥, 1 ≤, 2 =, 3 定性
    rid: I64  #: rule id (-1: none)
    rules: list[tuple[Rule, int]]  #: the rules by id (and their point places)
    places: I64  #: the scheme's point places
    wu: I64  #: the weight as written: units and places
    wpl: I64
    w_units: I64  #: the weight at the point places
    d_has: Bools  #: a declared score, and it at the point places (-1: none)
    declared: I64
    x_has: Bools  #: a manual deduction, and it at the point places
    xq: I64
    na: Bools  #: not applicable

    def flag(self, cond: Bools, c: int) -> None:
        """Give error *c* to the rows where *cond* holds that have none yet."""
        if cond.any():
            self.code[(self.code == 0) & cond] = c


def check_rows(prep: _Prepared, lo: int, hi: int, ev: I64, eval_sid: I64, *, ev_sorted: bool) -> Checked:
    """
    Check rows ``lo:hi`` of *prep*: *ev* are their evaluation codes, *eval_sid* each
    evaluation's scheme; *ev_sorted*: the codes never decrease and none is -1.
    """
    idx = slice(lo, hi)
    m = hi - lo
    code = np.zeros(m, dtype=np.int64)

    def flag(cond: Bools, c: int) -> None:
        if cond.any():  # one pass when no row has it, the common case
            code[(code == 0) & cond] = c

    tv, av = prep.target, prep.actual
    tc, ac = tv.codes[idx], av.codes[idx]
    t_ok, a_ok = tc >= 0, ac >= 0
    # as intp: numpy converts int32 indices at every gather otherwise
    ti, ai = np.maximum(tc, 0).astype(np.intp), np.maximum(ac, 0).astype(np.intp)
    w, dec, ded = prep.weight, prep.declared, prep.deduction
    if not ev_sorted:
        flag(ev < 0, st.MISSING_EVALUATION)
    for nums in (w, dec, ded):  # only where the column has such a cell
        if FLOAT in nums.errors:
            flag(nums.err[idx] == FLOAT, st.FLOAT)
    t_err, a_err = (bool((vt.err[:-1] != OK).any()) for vt in (tv, av))  # [-1]: no value
    for vt, ok_, i_, any_err in ((tv, t_ok, ti, t_err), (av, a_ok, ai, a_err)):
        if any_err and (vt.err == FLOAT).any():  # per distinct value first: rows only when one is
            flag(ok_ & (vt.err[i_] == FLOAT), st.FLOAT)
    flag(prep.key_err[idx] == 1, st.BAD_YEAR)
    sid = prep.schemes_of(idx)
    flag(sid < 0, st.UNKNOWN_SCHEME)
    if not prep.one_scheme and len(eval_sid):  # else every row's scheme is its evaluation's (or none has one)
        esid = eval_sid[np.maximum(ev, 0)]
        flag((ev >= 0) & (sid != esid), st.MIXED_SCHEME)
    flag(~t_ok | (tv.err[ti] != OK) if t_err else ~t_ok, st.BAD_TARGET)
    if a_err:
        flag(a_ok & (av.err[ai] != OK), st.BAD_ACTUAL)
    wu, wpl = w.units[idx], w.places[idx]
    flag(~w.valid[idx] | (wu < 0), st.BAD_WEIGHT)
    if BIG in w.errors:
        flag(w.err[idx] == BIG, st.OVERFLOW)
    du, dpl, d_has = dec.units[idx], dec.places[idx], dec.valid[idx]
    if dec.errors:
        flag(dec.err[idx] != OK, st.BAD_DECLARED)
    flag(d_has & (du < 0), st.BAD_DECLARED)
    # declared > weight, compared exactly at the larger places
    if d_has.any():
        p_cmp = np.maximum(dpl, wpl)
        d_at, d_big = places_up(du, dpl, p_cmp)
        w_at, w_big = places_up(wu, wpl, p_cmp)
        flag(d_has & (d_big | w_big | (d_at > w_at)), st.BAD_DECLARED)
    xu, xpl, x_has = ded.units[idx], ded.places[idx], ded.valid[idx]
    if ded.errors:
        flag(ded.err[idx] != OK, st.BAD_DEDUCTION)
    flag(x_has & (xu < 0), st.BAD_DEDUCTION)
    # direction: the column's, else the target's sign, else 定性 for a text and ≥ for a number
    given = prep.direction_or_none.take(prep.direction_codes[idx])  # code -1 reads the last: -1
    t_qual = ~tv.has_number[ti]
    flag(given == -2, st.BAD_DIRECTION)
    if (tv.direction[:-1] >= 0).any():  # some target has a sign
        t_dir = tv.direction[ti]
        flag(
            t_ok
            & (given >= 0)
            & (((t_dir >= 0) & (t_dir != given)) | ((given != 3) & t_qual)),
            st.BAD_DIRECTION,
        )
        d = np.where(given >= 0, given, np.where(t_dir >= 0, t_dir, np.where(t_qual, 3, 0)))
    else:
        flag(t_ok & (given >= 0) & (given != 3) & t_qual, st.BAD_DIRECTION)
        d = np.where(given >= 0, given, np.where(t_qual, 3, 0))
    na = prep.na[idx]
    flag(prep.na_bad[idx], st.BAD_NOT_APPLICABLE)
    rid = prep._rule_ids(sid, d, idx)  # noqa: SLF001 -- the rows' own table
    flag(rid < 0, st.UNKNOWN_RULE)
    rules = prep.rules[:]  # every rule of this chunk is in by now; other chunks may add more
    places_of = np.array([s.rounding.places for s in prep.schemes] + [0], dtype=np.int64)
    places = places_of[sid]
    # the weight at the scheme's places (applicable rows only, as the scalar engine)
    w_units, w_over = places_up(wu, wpl, places)
    flag(~na & (wpl <= places) & w_over, st.OVERFLOW)
    if (wpl > places).any():  # weights finer than the points: exact only when they divide
        down = np.clip(wpl - places, 0, 18)
        w_div = np.where(wpl > places, wu // _POW10[down], w_units)
        w_exact = (wpl <= places) | (wu % _POW10[down] == 0)
        flag(~na & ~w_exact, st.BAD_WEIGHT)
        w_units = np.where(w_exact, w_div, 0)
    declared = np.full(m, -1, dtype=np.int64)
    if d_has.any():
        dq, dq_big = quantize(np.maximum(du, 0), dpl, places)
        flag(d_has & dq_big, st.OVERFLOW)
        declared = np.where(d_has, dq, -1)
    xq = np.zeros(m, dtype=np.int64)
    if x_has.any():
        xq, xq_big = quantize(np.maximum(xu, 0), xpl, places)
        flag(x_has & xq_big, st.OVERFLOW)

    return Checked(
        idx, m, code, tc, ac, a_ok, ti, ai, t_qual, sid, d, rid, rules, places, wu, wpl, w_units, d_has, declared, x_has, xq, na,
    )  # fmt: skip
