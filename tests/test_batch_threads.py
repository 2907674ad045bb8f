"""Chunks scored on several threads give the result of one thread, whatever the chunk size."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from perfrules import batch

TARGETS = ["≥100", "≤10天", "=100%", "达成", "≥95%", "有效", "≥2.5", "bad", None]
ACTUALS = ["95", "12天", "100%", "部分达成", "96.25%", "未达成", "3", "达成", "x", None, "12345678901234567.5"]

rows = st.lists(
    st.tuples(
        st.integers(0, 12),  # evaluation, unsorted and repeating
        st.sampled_from(["10", "22.5", "0", "-1", "9.001", None]),
        st.sampled_from(TARGETS),
        st.sampled_from(ACTUALS),
        st.sampled_from(["mof-2020-project", "hunan-yueyang-department", "nope"]),
    ),
    min_size=1,
    max_size=80,
)


@settings(deadline=None, max_examples=60)
@given(rows, st.integers(1, 9), st.integers(2, 4))
def test_threads_and_chunks_do_not_change_the_result(
    data: list[tuple[int, str | None, str | None, str | None, str]], chunk: int, threads: int
) -> None:
    table = {
        "evaluation": [f"e{r[0]}" for r in data],
        "weight": [r[1] for r in data],
        "target": [r[2] for r in data],
        "actual": [r[3] for r in data],
        "scheme": [r[4] for r in data],
    }
    budget = {
        "evaluation": [f"e{i}" for i in range(0, 14, 2)],
        "planned": ["100"] * 7,
        "executed": ["98.5"] * 7,
    }
    one = batch.score_table(table, budget, year=2022, threads=1, chunk_rows=1 << 16)
    many = batch.score_table(table, budget, year=2022, threads=threads, chunk_rows=chunk)
    assert many.indicators.to_pylist() == one.indicators.to_pylist()
    assert many.evaluations.to_pylist() == one.evaluations.to_pylist()
    assert len(one.indicators.to_pylist()) == len(data)  # nothing dropped
