"""The vectorized reading of plain decimals agrees with the scalar parser on any text."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from perfrules import batch, parse_value
from perfrules.batch._values import plain_decimals
from perfrules.errors import PerfrulesError

decimal_texts = st.builds(
    lambda i, f: i + ("." + f if f is not None else ""),
    st.text("0123456789", min_size=1, max_size=19),
    st.none() | st.text("0123456789", min_size=1, max_size=19),
)
any_texts = decimal_texts | st.text(alphabet="0123456789.-+ ,%\0\n９٣≥元", max_size=22)


@given(st.lists(any_texts | st.none() | st.integers(), max_size=30))
def test_plain_decimals_read_as_the_scalar_parser(values: list[object]) -> None:
    ok, units, places = plain_decimals(values)
    for v, o, u, p in zip(values, ok.tolist(), units.tolist(), places.tolist(), strict=True):
        if not o:
            continue  # left to the scalar parser itself
        assert isinstance(v, str)
        number = parse_value(v).number
        assert number is not None
        f = number.normalized()
        assert (u, p) == (f.units, f.places), v


@given(st.lists(any_texts | st.none(), max_size=30), st.integers(0, 3))
def test_plain_decimals_read_from_arrow_buffers_as_from_the_list(
    values: list[str | None], skip: int
) -> None:
    import pyarrow as pa

    for arr in (
        pa.array(["x"] * skip + values, pa.string())[skip:],
        pa.array(values, pa.large_string()),
    ):
        ok, units, places = plain_decimals(values, arr)
        ok_l, units_l, places_l = plain_decimals(values)
        if "\0" not in "".join(v for v in values if v):  # the list path leaves NULs to the parser
            assert ok.tolist() == ok_l.tolist()
        assert (units[ok_l & ok].tolist(), places[ok_l & ok].tolist()) == (
            units_l[ok_l & ok].tolist(),
            places_l[ok_l & ok].tolist(),
        )
        for v, o, u, p in zip(values, ok.tolist(), units.tolist(), places.tolist(), strict=True):
            if o:
                assert v is not None
                number = parse_value(v).number
                assert number is not None
                assert (u, p) == (number.normalized().units, number.normalized().places), v


@given(decimal_texts)
def test_short_plain_decimals_take_the_vector_path(text: str) -> None:
    digits = len(text.replace(".", ""))
    ok, _, _ = plain_decimals([text])
    assert bool(ok[0]) == (digits <= 18 and len(text) <= 19)


def test_a_decimal_beyond_int64_is_an_overflow_row_not_a_crash() -> None:
    out = batch.score_table(
        {
            "evaluation": ["a", "a"],
            "weight": ["45", "45"],
            "target": ["≥100", "≥100"],
            "actual": ["12345678901234567.12345678901234567", "99"],
        },
        scheme="mof-2020-project",
        year=2022,
    )
    rows = out.indicators.to_pylist()
    assert [r["status"] for r in rows] == ["overflow", "ok"]


def test_texts_that_are_not_plain_are_still_parsed() -> None:
    for text in ("９５", "95\n", " 95", "95%"):
        try:
            expected = parse_value(text).number
        except PerfrulesError:
            expected = None
        ok, _, _ = plain_decimals([text])
        assert not ok[0]
        assert expected is not None


@given(
    st.lists(
        st.integers(-(2**63), 2**63 - 1) | st.integers(-3, 3) | st.just(-(2**63)), min_size=1, max_size=30
    ),
    st.booleans(),
)
def test_integer_ids_number_in_order_of_first_row(ids: list[int], sort: bool) -> None:
    import numpy as np

    from perfrules.batch._columns import numpy_column
    from perfrules.batch._values import ids_of

    values = sorted(ids) if sort else ids
    coded = ids_of(numpy_column(np.array(values, dtype=np.int64)))
    got = [coded.uniques[c] for c in coded.codes.tolist()]
    assert got == values  # an id is a label: beyond exact arithmetic (±2**62) it is still itself
    if coded.first is not None:
        assert coded.first.tolist() == [values.index(v) for v in dict.fromkeys(values)]


@given(
    st.lists(
        st.none() | st.integers(-(2**63), 2**63 - 1) | st.integers(-1000, 1000),
        min_size=1,
        max_size=40,
    ),
    st.integers(0, 6),
)
@settings(max_examples=300)
def test_a_numeric_column_reads_as_its_decimal_texts(values: list[int | None], places: int) -> None:
    """Distinct values read straight from integers equal what parsing their texts gives, per row."""
    import numpy as np
    import pyarrow as pa

    from perfrules import Fixed
    from perfrules.batch._columns import arrow_column, numpy_column
    from perfrules.batch._values import parse_values

    if places:
        col = arrow_column(pa.array([None if v is None else Decimal(v).scaleb(-places) for v in values], pa.decimal128(38, places)))
    else:
        col = numpy_column(np.array([0 if v is None else v for v in values], dtype=np.int64))
        values = [0 if v is None else v for v in values]
    texts = [None if v is None else str(Fixed(v, places)) for v in values]  # a big cell too: its exact text
    direct = parse_values(col, False, {"": 0})
    parsed = parse_values(numpy_column(np.array(texts, dtype=object)), False, {"": 0})

    def per_row(t):  # type: ignore[no-untyped-def]
        c = np.where(t.codes >= 0, t.codes, len(t.units) - 1)
        return [
            (int(t.err[i]), bool(t.has_number[i]), bool(t.big[i]), int(t.direction[i]), int(t.unit[i]))
            + ((int(t.units[i]), int(t.places[i]), t.texts[i]) if t.has_number[i] and not t.big[i] else ())
            for i in c.tolist()
        ]

    assert [int(c) < 0 for c in direct.codes] == [v is None for v in texts]
    assert per_row(direct) == per_row(parsed)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),  # evaluation
            st.sampled_from(["≥", "≤", "="]),
            st.none() | st.integers(-(10**20), 10**20) | st.integers(0, 10**6),  # target units
            st.none() | st.integers(-(10**20), 10**20) | st.integers(0, 10**6),  # actual units
        ),
        min_size=1,
        max_size=25,
    ),
    st.integers(0, 4),
)
@example([(0, "≥", 0, 6_250_000_000_000_000_000)], 1)  # beyond int64 at scale 1, not once its ".0" is dropped
@settings(max_examples=200, deadline=None)  # two whole tables scored per example: CI time
def test_numeric_target_and_actual_columns_score_as_their_texts(rows: list[tuple[int, str, int | None, int | None]], places: int) -> None:
    """decimal128 target and actual columns give the rows and totals of the same values as text."""
    import pyarrow as pa

    def dec(v: int | None) -> Decimal | None:
        return None if v is None else Decimal(v).scaleb(-places)

    def text(v: int | None) -> str | None:
        return None if v is None else format(dec(v), "f")

    base = {"evaluation": [r[0] for r in rows], "direction": [r[1] for r in rows], "weight": ["10"] * len(rows)}
    as_numbers = pa.table({
        **base,
        "target": pa.array([dec(r[2]) for r in rows], pa.decimal128(38, places)),
        "actual": pa.array([dec(r[3]) for r in rows], pa.decimal128(38, places)),
    })  # fmt: skip
    as_texts = pa.table({**base, "target": [text(r[2]) for r in rows], "actual": [text(r[3]) for r in rows]})
    a = batch.score_table(as_numbers, scheme="mof-2020-project", year=2022)
    b = batch.score_table(as_texts, scheme="mof-2020-project", year=2022)

    assert a.indicators.to_pylist() == b.indicators.to_pylist()
    assert a.evaluations.to_pylist() == b.evaluations.to_pylist()
