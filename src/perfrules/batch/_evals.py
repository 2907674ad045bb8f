"""
Evaluation ids: each row's evaluation as a dense code, in the order evaluations first appear.
"""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from perfrules.batch._columns import Codes, Column, factorize
from perfrules.batch._values import (
    ids_of,
)

I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@attrs.frozen(eq=False)
class Evals:
    """Evaluation codes per row (-1: none), ids in order of first row, and each first row."""

    codes: I64
    ids: list[Any]
    first: I64
    n_rows: int
    sorted: bool = False  #: the codes never decrease and none is -1


def _evaluations(col: Column, n: int) -> Evals:
    coded = ids_of(col)
    k = len(coded.uniques)
    if coded.first is not None:  # sorted integer ids: codes and first rows known
        codes = np.asarray(coded.codes, dtype=np.int64)
        first = np.asarray(coded.first, dtype=np.int64)
        return Evals(codes, list(coded.uniques), first, n, sorted=True)
    if len(coded.codes) > 1 and k and coded.codes[0] == 0 and coded.codes[-1] == k - 1:
        step = np.diff(coded.codes)
        if int(step.min()) >= 0 and int(step.max()) <= 1:  # sorted ids numbered 0, 1, 2 …
            first = np.flatnonzero(step) + 1
            codes = np.asarray(coded.codes, dtype=np.int64)
            first = np.r_[0, first].astype(np.int64)
            return Evals(codes, list(coded.uniques), first, n, sorted=True)
    if _in_first_order(coded.codes, len(coded.uniques)):  # pandas and Arrow number them so already
        codes = np.asarray(coded.codes, dtype=np.int64)
        return Evals(codes, list(coded.uniques), _first_rows(codes, len(coded.uniques)), n)
    codes, order = factorize(coded.codes)
    # factorize numbers the codes in order of first appearance; -1 (no id) may take a number too.
    ids = [coded.uniques[int(c)] if c >= 0 else None for c in order]
    null = [i for i, c in enumerate(order) if c < 0]
    codes = np.asarray(codes, dtype=np.int64)
    if null:
        k = null[0]
        ids.pop(k)
        codes = np.where(codes == k, -1, np.where(codes > k, codes - 1, codes))
    first = _first_rows(codes, len(ids))
    return Evals(codes, ids, first, n)


def _in_first_order(codes: Codes, k: int) -> bool:
    """Whether codes 0..k-1 first appear in increasing order (-1: no id), each of them used."""
    if len(codes) == 0:
        return k == 0
    run = np.maximum.accumulate(codes)
    step = np.diff(run)
    return bool(run[0] <= 0 and run[-1] == k - 1 and (step.size == 0 or step.max() <= 1))


def _first_rows(codes: I64, k: int) -> I64:
    if k == 0:
        return np.zeros(0, dtype=np.int64)
    run = np.maximum.accumulate(codes)
    new = np.empty(len(codes), dtype=bool)
    new[0] = codes[0] >= 0
    new[1:] = run[1:] > run[:-1]
    return np.flatnonzero(new)
