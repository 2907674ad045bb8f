"""
Batch scoring: many evaluations at once, in columns (DESIGN.md, "Columnar contract (batch)").

The rows go through the same rule kernels, rounding, rescaling and grading as
:func:`perfrules.score`; only the way in differs. pandas and pyarrow are imported only when the
input or the output asks for them; :mod:`perfrules.batch.dask` needs the ``dask`` extra.

>>> from perfrules import batch
>>> out = batch.score_table(
...     {"evaluation": [1, 1], "weight": ["50", "40"], "target": ["≥95%", "有效"], "actual": ["99%", "有效"]},
...     {"evaluation": [1], "planned": ["100"], "executed": ["90"]},
...     scheme="mof-2020-project", year=2023)
>>> out.evaluations["total"], out.evaluations["grade"]
([Decimal('99.00')], ['优'])
"""

from __future__ import annotations

from perfrules.batch._convert import columns_of
from perfrules.batch._result import BatchResult, Table
from perfrules.batch._score import score_table
from perfrules.batch._status import ERROR_CODES

__all__ = ["ERROR_CODES", "BatchResult", "Table", "columns_of", "score_table"]
