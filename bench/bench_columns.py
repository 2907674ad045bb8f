"""
Benchmark of how the batch engine reads its value columns: the same numbers as dictionary-encoded
texts (``"95.50"``, as the main benchmark gives them) and as a ``decimal128`` column (as a
database or a Parquet file with typed columns gives them), timed in the same run.

The workload is the main benchmark's (``bench_batch.py``) with the actual column swapped; the
qualitative rows' actual is null in both tables, since a decimal column cannot hold 达成.

    python bench/bench_columns.py              # 1M rows
    python bench/bench_columns.py --rows 200000
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).parent))
import bench_batch as bb  # the main benchmark's workload

from perfrules import batch


def best(fn: Callable[[], object], repeat: int = 3) -> float:
    """The best of *repeat* timings (the machine is shared)."""
    out = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000, help="rows (a multiple of 20)")
    args = ap.parse_args()
    w = bb.workload(args.rows // bb.K)
    ind, bud = bb.arrow_tables(w)
    sch = bb.bench_scheme()
    qual = w["kind"] == bb.KINDS.index("qualitative")
    units = np.where(qual, 0, w["actual"])
    numbers = bb._dec128(units, 2)  # noqa: SLF001 -- the main benchmark's helper
    numbers = pa.Array.from_buffers(numbers.type, len(numbers), [pa.array(~qual).buffers()[1], numbers.buffers()[1]])
    i = ind.schema.get_field_index("actual")
    texts = ind.column("actual").combine_chunks()
    texts = pa.DictionaryArray.from_arrays(
        pa.array(texts.indices.to_numpy(zero_copy_only=False), mask=qual), texts.dictionary
    )
    as_texts, as_numbers = ind.set_column(i, "actual", texts), ind.set_column(i, "actual", numbers)
    a = batch.score_table(as_texts, bud, scheme=sch)
    b = batch.score_table(as_numbers, bud, scheme=sch)
    assert a.indicators.to_arrow().equals(b.indicators.to_arrow()), "the two tables score differently"
    t_text = best(lambda: batch.score_table(as_texts, bud, scheme=sch))
    t_num = best(lambda: batch.score_table(as_numbers, bud, scheme=sch))
    print(f"{args.rows:,} rows, the same results from both tables")
    print(f"  actual as dictionary texts  {t_text:8.3f} s")
    print(f"  actual as decimal128        {t_num:8.3f} s   {t_num / t_text:5.2f}× the texts' time")


if __name__ == "__main__":
    main()
