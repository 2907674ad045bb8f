"""The batch engine's contract: inputs, statuses, order, counts, outputs, Dask and the CLI."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import batch
from perfrules.cli import main
from perfrules.errors import InvalidValueError

ROWS = {
    "evaluation": ["a", "a", "b"],
    "weight": ["60", "30", "90"],
    "target": ["≥100", "≤10天", "达成"],
    "actual": ["95", "12天", "部分达成"],
}
BUDGET = {"evaluation": ["a", "b"], "planned": ["100 万元", "80"], "executed": ["98 万元", "80"]}


def _score(rows: object, budget: object = BUDGET, **kw: object) -> batch.BatchResult:
    kw.setdefault("scheme", "mof-2020-project")
    kw.setdefault("year", 2022)
    return batch.score_table(rows, budget, **kw)  # type: ignore[arg-type]


class TestInputs:
    @pytest.mark.parametrize("kind", ["dict", "pandas", "arrow"])
    def test_same_result_from_every_table_kind(self, kind: str) -> None:
        """A dict of arrays, a DataFrame and an Arrow table give the same totals."""
        rows = {k: np.array(v, dtype=object) for k, v in ROWS.items()}
        table = {"dict": rows, "pandas": pd.DataFrame(ROWS), "arrow": pa.table(ROWS)}[kind]
        budget = {"dict": BUDGET, "pandas": pd.DataFrame(BUDGET), "arrow": pa.table(BUDGET)}[kind]
        out = _score(table, budget)

        assert out.evaluations["total"] == [Decimal("91.80"), Decimal("82.00")]

    def test_decimal128_and_integer_columns(self) -> None:
        """Exact Arrow decimals and integers are read in place."""
        t = pa.table({
            "evaluation": pa.array([7, 7], pa.int64()),
            "weight": pa.array([Decimal("45.00"), Decimal("45.00")], pa.decimal128(9, 2)),
            "target": pa.array([Decimal(100), Decimal(10)], pa.decimal128(9, 0)),
            "actual": pa.array([Decimal("95.5"), Decimal("12.0")], pa.decimal128(9, 1)),
            "direction": ["≥", "≤"],
        })  # fmt: skip
        out = _score(
            t,
            {"evaluation": np.array([7]), "planned": np.array([100]), "executed": np.array([100])},
        )

        assert out.indicators["points"] == [Decimal("42.98"), Decimal("37.50")]
        assert out.evaluations["evaluation"] == [7]

    def test_float_column_is_refused(self) -> None:
        """Floats are not exact: refused, naming the column."""
        with pytest.raises(InvalidValueError, match=r"indicators\.weight: a float column"):
            _score({**ROWS, "weight": np.array([60.0, 30.0, 90.0])})

    def test_allow_float_rounds_half_up_and_says_so(self) -> None:
        """allow_float: the float's shortest repr, half-up to 4 decimals, noted in the result."""
        out = _score(
            {
                **ROWS,
                "weight": np.array([60.0, 30.0, 90.0]),
                "actual": np.array([95.00005, 12.0, np.nan], dtype=object),
            },
            allow_float=True,
        )

        assert out.indicators["points"][0] == Decimal("57.00")
        assert out.floats_rounded == 5
        assert any("float" in n for n in out.notes)

    def test_missing_column(self) -> None:
        with pytest.raises(InvalidValueError, match="missing column"):
            batch.score_table({"evaluation": [1]}, scheme="mof-2020-project")

    def test_no_scheme(self) -> None:
        with pytest.raises(InvalidValueError, match="no scoring scheme"):
            batch.score_table(ROWS)


class TestStatuses:
    def test_bad_rows_are_reported_and_counts_add_up(self) -> None:
        """Each bad row gets its code; its evaluation gets no total; nothing is dropped."""
        rows = {
            "evaluation": ["a", "a", "b", None, "c", "d"],
            "weight": ["10", "x", "10", "10", "10", "10.123"],
            "target": ["≥1", "≥1", "≥", "≥1", "≥1", "≥1"],
            "actual": ["1", "1", "1", "1", None, "1"],
        }
        out = _score(rows, None)
        status = out.indicators["status"]

        assert status == [
            "ok",
            "bad-weight",
            "bad-target",
            "missing-evaluation",
            "no-actual",
            "bad-weight",
        ]
        s = out.summary()
        assert s["rows"] == 6 == sum(s["row_status"].values())
        assert s["rows_in_error"] == 4
        assert out.evaluations["evaluation"] == ["a", "b", "c", "d"]
        assert out.evaluations["status"] == [
            "rows-in-error",
            "rows-in-error",
            "ok",
            "rows-in-error",
        ]
        assert out.evaluations["total"][2] is not None
        assert s["evaluations"] == s["evaluations_scored"] + 3

    def test_decimal128_beyond_int64_is_overflow(self) -> None:
        """A value beyond exact int64 is refused with status overflow, never wrapped."""
        big = Decimal(2**70)
        t = pa.table(
            {
                "evaluation": [1, 1],
                "weight": ["10", "10"],
                "target": ["1", "1"],
                "actual": pa.array([big, Decimal(1)], pa.decimal128(38, 0)),
            }
        )
        out = _score(t, None)

        assert out.indicators["status"] == ["overflow", "ok"]
        assert out.evaluations["status"] == ["rows-in-error"]

    def test_mixed_schemes_and_order(self) -> None:
        """A scheme column scores each evaluation with its own scheme; evaluations in first-row order."""
        rows = {
            "evaluation": ["z", "y", "z", "y", "x"],
            "scheme": [
                "mof-2020-project",
                "mof-2013-department",
                "mof-2020-project",
                "mof-2020-project",
                "nope",
            ],
            "year": [2022] * 5,
            "weight": ["50", "50", "40", "50", "1"],
            "target": ["≥1"] * 5,
            "actual": ["1"] * 5,
        }
        out = batch.score_table(rows)

        assert out.evaluations["evaluation"] == ["z", "y", "x"]
        assert out.evaluations["scheme"][:2] == ["mof-2020-project", "mof-2013-department"]
        assert out.indicators["status"] == ["ok", "ok", "ok", "mixed-scheme", "unknown-scheme"]
        assert out.evaluations["status"] == ["ok", "rows-in-error", "unknown-scheme"]

    def test_not_applicable_rescales_like_score(self) -> None:
        """An N/A row is dropped and the total rescaled, as score() does."""
        rows = {**ROWS, "evaluation": ["a"] * 3, "not_applicable": np.array([False, True, False])}
        out = _score(rows, {"evaluation": ["a"], "planned": ["1"], "executed": ["1"]})

        assert out.indicators["status"] == ["ok", "not-applicable", "ok"]
        assert out.indicators["points"][1] is None
        assert out.evaluations["total"] == [
            Decimal("86.88")
        ]  # (57 + 72 + 10) · 100 / (60 + 90 + 10) = 86.875


class TestOutputs:
    def test_arrow_decimal128_and_pandas(self) -> None:
        """Points and totals are exact decimal128 in Arrow and in pandas."""
        out = _score(ROWS)
        ev = out.evaluations.to_arrow()

        assert pa.types.is_decimal128(ev.schema.field("total").type)
        assert pa.types.is_decimal128(out.indicators.to_arrow().schema.field("points").type)
        df = out.evaluations.to_pandas()
        assert str(df["total"].iloc[0]) == "91.80"


@pytest.mark.parametrize("kind", ["arrow", "pandas"])
def test_a_column_named_twice_is_refused(kind: str) -> None:
    """Two columns of one name: which is meant is not guessed."""
    cols = [["a"], ["10"], ["20"], ["≥1"]]
    names = ["evaluation", "weight", "weight", "target"]
    table: object = pa.table(cols, names=names) if kind == "arrow" else pd.DataFrame(dict(enumerate(cols))).set_axis(names, axis=1)
    with pytest.raises(InvalidValueError, match=r"^indicators: column\(s\) named more than once: weight$"):
        batch.score_table(table, scheme="mof-2020-project")


@pytest.mark.parametrize("text_type", [pa.string(), pa.large_string(), pa.string_view()], ids=str)
def test_every_arrow_text_type_reads_alike(text_type: pa.DataType) -> None:
    """string, large_string and string_view (as Polars writes texts) give one result."""
    t = pa.table({k: pa.array(v, text_type) for k, v in ROWS.items()})
    out = batch.score_table(t, pa.table(BUDGET), scheme="mof-2020-project", year=2022)

    assert out.evaluations["total"] == [Decimal("91.80"), Decimal("82.00")]


def test_any_table_that_speaks_arrow() -> None:
    """A table of another library with the Arrow PyCapsule interface (Polars, DuckDB) is read through it."""

    class Foreign:  # what Polars and DuckDB offer: __arrow_c_stream__
        def __init__(self, t: pa.Table) -> None:
            self.t = t

        def __arrow_c_stream__(self, requested_schema: object = None) -> object:
            return self.t.__arrow_c_stream__(requested_schema)

    out = batch.score_table(Foreign(pa.table(ROWS)), Foreign(pa.table(BUDGET)), scheme="mof-2020-project", year=2022)

    assert out.evaluations["total"] == [Decimal("91.80"), Decimal("82.00")]


class TestDask:
    def test_split_evaluations_equal_single_machine(self) -> None:
        """Evaluations cut across partitions get exactly score_table's result."""
        dd = pytest.importorskip("dask.dataframe")
        from perfrules.batch import dask as batch_dask

        rng = np.random.default_rng(1)
        n = 60
        df = pd.DataFrame({
            "evaluation": np.repeat(np.arange(6), 10),
            "weight": ["9"] * n,
            "target": [f"≥{v}" for v in rng.integers(1, 100, n)],
            "actual": [str(v) for v in rng.integers(0, 120, n)],
        })  # fmt: skip
        budget = pd.DataFrame(
            {
                "evaluation": np.arange(6),
                "planned": ["100"] * 6,
                "executed": [str(v) for v in range(90, 96)],
            }
        )
        single = batch.score_table(df, budget, scheme="mof-2020-project", year=2022)
        dist = batch_dask.score(
            dd.from_pandas(df, npartitions=7), budget, scheme="mof-2020-project", year=2022
        )

        assert dist.evaluations.to_pylist() == single.evaluations.to_pylist()
        assert dist.indicators["points"] == single.indicators["points"]

    def test_blank_derived_rows_equal_single_machine(self) -> None:
        """Derived department indicators are filled in each partition from the whole budget and facts."""
        dd = pytest.importorskip("dask.dataframe")
        from perfrules.batch import dask as batch_dask

        df = pd.DataFrame({
            "evaluation": [0, 0, 1, 1, 2, 2],
            "name": ["预算完成率", "“三公”经费控制率"] * 3,
            "weight": ["10"] * 6,
            "target": ["≥100%", "≤90%"] * 3,
            "actual": [None] * 6,
        })  # fmt: skip
        budget = pd.DataFrame({"evaluation": [0, 1, 1, 2], "planned": ["300"] * 4, "executed": ["200", "100", "150", "300"]})
        facts = pd.DataFrame({"evaluation": [0, 2], "three_public_budget": ["50", "50"], "three_public_actual": ["40", "55"]})
        kw = {"scheme": "mof-2013-department", "facts": facts}
        single = batch.score_table(df, budget, **kw)  # type: ignore[arg-type]
        dist = batch_dask.score(dd.from_pandas(df, npartitions=3), budget, **kw)  # type: ignore[arg-type]

        assert dist.evaluations.to_pylist() == single.evaluations.to_pylist()
        assert dist.indicators["points"] == single.indicators["points"]
        assert [str(p) for p in single.indicators["points"]] == ["6.67", "10.00", "4.17", "0.00", "10.00", "8.18"]
        assert dist.notes == single.notes


class TestCli:
    def test_folder_of_evaluations(self, tmp_path: Path) -> None:
        """A folder of TOML files: each scored, a bad file reported, exit 1."""
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / "panyu.toml").write_text(
            Path("examples/panyu-2021.toml").read_text(encoding="utf-8"), encoding="utf-8"
        )
        (folder / "bad.toml").write_text('year = "x"\n', encoding="utf-8")
        result = CliRunner().invoke(
            main, ["batch", str(folder), "-o", str(tmp_path / "out.parquet")]
        )

        assert result.exit_code == 1
        assert "evaluations scored: 1 of 2" in result.output
        rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
        assert [(r["evaluation"], r["status"], r["total"]) for r in rows] == [
            ("panyu.toml", "ok", Decimal("94.16")),
            ("bad.toml", "bad-input", None),
        ]

    def test_csv_in_csv_out(self, tmp_path: Path) -> None:
        """CSV is read as text (exact) and written back; the summary names the grades."""
        pd.DataFrame(ROWS).to_csv(tmp_path / "rows.csv", index=False)
        pd.DataFrame(BUDGET).to_csv(tmp_path / "budget.csv", index=False)
        args = [
            "batch",
            str(tmp_path / "rows.csv"),
            "--budget",
            str(tmp_path / "budget.csv"),
            "-o",
            str(tmp_path / "out.csv"),
            "--scheme",
            "mof-2020-project",
            "--year",
            "2022",
        ]
        result = CliRunner().invoke(main, args)

        assert result.exit_code == 0, result.output
        assert "grades: 优 1 · 良 1" in result.output
        assert "91.80" in (tmp_path / "out.csv").read_text(encoding="utf-8")

    @pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
    def test_csv_as_chinese_spreadsheets_save_it(self, tmp_path: Path, encoding: str) -> None:
        """GBK / GB18030 or UTF-8 with a BOM, a quoted header with a comma: read as the same table."""
        text = '"evaluation","weight",target,actual,"note, unread"\n' + "".join(
            f"{e},{w},{t},{a},x\n" for e, w, t, a in zip(*ROWS.values(), strict=True)
        )
        (tmp_path / "rows.csv").write_bytes(text.encode(encoding))
        pd.DataFrame(BUDGET).to_csv(tmp_path / "budget.csv", index=False, encoding="gbk")
        args = ["batch", str(tmp_path / "rows.csv"), "--budget", str(tmp_path / "budget.csv"), "-o", str(tmp_path / "out.csv"), "--scheme", "mof-2020-project", "--year", "2022"]
        result = CliRunner().invoke(main, args)

        assert result.exit_code == 0, result.output
        assert "grades: 优 1 · 良 1" in result.output
        assert "columns not read: note, unread" in result.output

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("rows.csv", b'a,b\n"x\n', "cannot read it: CSV parse error"),
            ("rows.csv", b"", "an empty CSV file"),
            ("rows.parquet", b"not parquet", "cannot read it"),
        ],
    )
    def test_unreadable_table_is_bad_input(self, tmp_path: Path, name: str, content: bytes, message: str) -> None:
        """A file that is no table: one line naming it, exit 2, no traceback."""
        (tmp_path / name).write_bytes(content)
        result = CliRunner().invoke(main, ["batch", str(tmp_path / name), "-o", str(tmp_path / "o.csv")])

        assert result.exit_code == 2
        assert message in result.output
        assert str(tmp_path / name) in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)

    def test_output_that_cannot_be_written_is_refused_first(self, tmp_path: Path) -> None:
        """-o into a missing folder or with another suffix: exit 2 before anything is scored."""
        pd.DataFrame(ROWS).to_csv(tmp_path / "rows.csv", index=False)
        base = ["batch", str(tmp_path / "rows.csv"), "--scheme", "mof-2020-project"]
        for out, message in ((tmp_path / "no" / "o.csv", "no such folder"), (tmp_path / "o.txt", ".parquet or .csv")):
            result = CliRunner().invoke(main, [*base, "-o", str(out)])
            assert result.exit_code == 2, result.output
            assert message in result.output
            assert "evaluations scored" not in result.output

    def test_threads_option(self, tmp_path: Path) -> None:
        """--threads 1 writes what the default writes; 0 threads is refused as bad input."""
        pd.DataFrame(ROWS).to_csv(tmp_path / "rows.csv", index=False)
        base = [
            "batch", str(tmp_path / "rows.csv"), "--scheme", "mof-2020-project", "--year", "2022",
        ]  # fmt: skip
        one = CliRunner().invoke(main, [*base, "-o", str(tmp_path / "one.csv"), "--threads", "1"])
        default = CliRunner().invoke(main, [*base, "-o", str(tmp_path / "all.csv")])
        zero = CliRunner().invoke(main, [*base, "-o", str(tmp_path / "z.csv"), "--threads", "0"])

        assert (one.exit_code, default.exit_code, zero.exit_code) == (0, 0, 2)
        assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "all.csv").read_bytes()


def test_seed_through_columns() -> None:
    """The seed as columns: 94.16 优, like perfrules.score()."""
    ev = perfrules.load("examples/panyu-2021.toml")
    out = batch.score_table(*batch.columns_of([(0, ev)]))

    assert (out.evaluations["total"], out.evaluations["grade"]) == ([Decimal("94.16")], ["优"])


def test_dictionary_ids_in_first_row_order() -> None:
    """A Parquet-style dictionary whose order is not the rows' order: evaluations follow the rows."""
    ids = pa.DictionaryArray.from_arrays(pa.array([1, 0, 1], pa.int32()), pa.array(["x", "y"]))
    t = pa.table({"evaluation": ids, "weight": ["50", "40", "50"], "target": ["≥1", "≥1", "≥1"], "actual": ["1", "1", "1"]})
    out = batch.score_table(t, scheme="mof-2020-project", year=2022)

    assert out.evaluations["evaluation"] == ["y", "x"]
    assert out.evaluations["rows"] == [2, 1]


@pytest.mark.parametrize("kind", ["numpy", "arrow", "uint64"])
def test_big_integer_ids_stay_distinct(kind: str) -> None:
    """64-bit hashed ids span all of int64: each is its own evaluation, −2**63 included."""
    ids = [-(2**63), 2**62 + 1, 2**62 + 2, 2**63 - 1]
    col: object = np.array(ids, dtype=np.int64)
    if kind == "arrow":
        col = pa.array(ids, pa.int64())
    elif kind == "uint64":
        ids = [2**64 - 1, 2**63, 5, 2**63]
        col = np.array(ids, dtype=np.uint64)
    rows = {"evaluation": col, "weight": ["100"] * 4, "target": ["≥1"] * 4, "actual": ["1"] * 4}
    out = batch.score_table(rows, scheme="mof-2020-project", year=2022)

    assert out.evaluations["evaluation"] == list(dict.fromkeys(ids))
    assert out.indicators["evaluation"] == ids
    assert set(out.indicators["status"]) == {"ok"}


@pytest.mark.parametrize("kind", ["numpy", "arrow"])
def test_integer_values_beyond_exact_arithmetic_are_refused(kind: str) -> None:
    """An integer actual beyond ±2**62 is an overflow (a weight: a bad weight), never wrapped."""
    big = [-(2**63), 2**62, 100]
    col: object = np.array(big, dtype=np.int64) if kind == "numpy" else pa.array(big, pa.int64())
    rows = {"evaluation": ["a", "b", "c"], "weight": ["10"] * 3, "target": ["≥1"] * 3, "actual": col}
    out = batch.score_table(rows, scheme="mof-2020-project", year=2022)
    assert out.indicators["status"] == ["overflow", "overflow", "ok"]

    rows = {"evaluation": ["a", "b", "c"], "weight": col, "target": ["≥1"] * 3, "actual": ["1"] * 3}
    out = batch.score_table(rows, scheme="mof-2020-project", year=2022)
    assert out.indicators["status"] == ["bad-weight", "bad-weight", "ok"]  # as the text "2**62" is


def test_points_written_with_fen_as_the_scalar_reads_them() -> None:
    """Weights and declared scores written "10分" score in a batch as in perfrules.score()."""
    rows = {
        "evaluation": ["a", "a"],
        "weight": ["60分", "30 分"],
        "target": ["不低于95%", "≤10天"],
        "actual": ["96%（抽查）", "12天"],
        "declared_score": ["60分", "25"],
    }
    out = batch.score_table(rows, scheme="mof-2020-project", year=2022)
    ev = perfrules.loads(
        """
        scheme = "mof-2020-project"
        year = 2022
        [department]
        name = "某局"
        [[indicators]]
        name = "a"
        weight = "60分"
        target = "不低于95%"
        actual = "96%（抽查）"
        declared_score = "60分"
        [[indicators]]
        name = "b"
        weight = "30 分"
        target = "≤10天"
        actual = "12天"
        declared_score = "25"
        """,
        format="toml",
    )
    scalar = perfrules.score(ev)

    assert [r["points"] for r in out.indicators.to_pylist()] == [
        Decimal(str(ln.points)) for ln in scalar.lines
    ]
    assert [r["status"] for r in out.indicators.to_pylist()] == ["ok", "ok"]


_ODD_CELLS = st.sampled_from([
    None, float("nan"), float("inf"), 1.5, -0.0, 0, -1, 2**63 - 1, -(2**63), True, False, "", " ",
    "≥", "≥95%", "95", "达成", "1e5", "９５", Decimal("NaN"), Decimal("1.5"), Decimal("-Infinity"),
    b"x", [1], {"a": 1}, "10万元", "=0", "定性", "abc", "-5%", "9" * 30,
])  # fmt: skip
_COLUMNS = ["evaluation", "weight", "target", "actual", "direction", "rule", "scheme", "year", "level1", "name", "declared_score", "not_applicable", "deduction"]


@given(
    st.integers(1, 6).flatmap(
        lambda n: st.fixed_dictionaries(
            {c: st.lists(_ODD_CELLS, min_size=n, max_size=n) for c in _COLUMNS[:4]},
            optional={c: st.lists(_ODD_CELLS, min_size=n, max_size=n) for c in _COLUMNS[4:]},
        )
    ),
    st.sampled_from(["dict", "pandas"]),
    st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_odd_cells_never_end_in_a_traceback(cells: dict[str, list[object]], kind: str, allow_float: bool) -> None:
    """Any cell of any kind: a typed input error, or every row with its status and the counts adding up."""
    table: object = {k: np.array(v, dtype=object) for k, v in cells.items()} if kind == "dict" else pd.DataFrame(cells)
    budget = {k: np.array(cells[c][:2], dtype=object) for k, c in (("evaluation", "evaluation"), ("planned", "weight"), ("executed", "target"))}
    try:
        out = batch.score_table(table, budget, scheme=None if "scheme" in cells else "mof-2020-project", allow_float=allow_float)
    except perfrules.errors.PerfrulesError:
        return
    n = len(cells["evaluation"])
    assert len(out.indicators.to_arrow()) == n
    assert None not in out.indicators["status"]
    assert sum(out.evaluations.to_arrow().column("rows").to_pylist()) + out.indicators["status"].count("missing-evaluation") == n
