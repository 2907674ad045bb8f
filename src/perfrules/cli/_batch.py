"""``perfrules batch INPUT -o OUT``: score many evaluations at once with :mod:`perfrules.batch`."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import click

import perfrules
from perfrules import batch
from perfrules.cli._common import EXIT_BAD_INPUT, EXIT_FINDINGS, bad_input
from perfrules.errors import InvalidValueError, PerfrulesError

__all__ = ["batch_cmd"]


def _read_table(path: Path) -> Any:
    """
    A Parquet file, or a CSV file read with every column as text (numbers stay exact), in UTF-8
    (with or without a BOM) or GB18030/GBK, as Chinese spreadsheets save it.

    Raises:
        InvalidValueError: not a table this reads, naming the file.
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    suffix = path.suffix.lower()
    if suffix not in (".parquet", ".csv"):
        raise click.BadParameter(
            f"{path}: expected a .parquet or .csv file, or a folder of .toml/.json evaluations"
        )
    try:
        if suffix == ".parquet":
            return pq.read_table(path)
        encoding = _csv_encoding(path)
        with path.open(encoding=encoding, newline="") as f:
            names = [h.strip() for h in next(csv.reader(f), [])]
        if not names or not any(names):
            raise InvalidValueError("an empty CSV file: the first line names the columns", (str(path),))
        opts = pcsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True
        )
        read = pcsv.ReadOptions(encoding="utf8" if encoding == "utf-8-sig" else encoding)
        return pcsv.read_csv(path, read_options=read, convert_options=opts)
    except (pa.ArrowException, OSError, UnicodeDecodeError, csv.Error) as e:
        raise InvalidValueError(f"cannot read it: {e}", (str(path),)) from None


def _csv_encoding(path: Path, sample: int = 1 << 20) -> str:
    """UTF-8 when the file's first MiB reads as UTF-8 (a character cut at its end aside), else GB18030."""
    with path.open("rb") as f:
        head = f.read(sample)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 3:  # not a character cut by the sample's end
            return "gb18030"
    return "utf-8-sig"


def _check_output(path: Path | None, hint: str) -> None:
    """Refuse an output that cannot be written before anything is scored."""
    if path is None:
        return
    if path.suffix.lower() not in (".parquet", ".csv"):
        raise click.BadParameter(f"{path}: the output is a .parquet or .csv file", param_hint=hint)
    if not path.parent.is_dir():
        raise click.BadParameter(f"{path}: no such folder: {path.parent}", param_hint=hint)


def _write_table(table: Any, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    try:
        if path.suffix.lower() == ".parquet":
            pq.write_table(table, path)
        else:
            cols = [
                c.dictionary_decode() if pa.types.is_dictionary(c.type) else c
                for c in (col.combine_chunks() for col in table.columns)
            ]
            pcsv.write_csv(pa.table(cols, names=table.column_names), path)
    except (pa.ArrowException, OSError) as e:
        raise InvalidValueError(f"cannot write it: {e}", (str(path),)) from None


def _folder(path: Path, scheme: str | None, year: int | None) -> tuple[dict[str, Any], dict[str, Any], list[tuple[str, str]]]:
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".toml", ".json"))
    good, bad = [], []
    for p in files:
        try:
            good.append((p.name, perfrules.load(p)))
        except PerfrulesError as e:
            bad.append((p.name, str(e).replace("\n", "; ")))
    rows, budget = batch.columns_of(good, scheme=scheme, year=year)
    return rows, budget, bad


@click.command("batch")
@click.argument("source", metavar="INPUT", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Per-evaluation results: a .parquet or .csv file.",
)
@click.option(
    "--budget",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Budget lines (evaluation, planned, executed) for a Parquet/CSV INPUT.",
)
@click.option(
    "--facts",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Facts for derived department indicators (evaluation, three_public_budget, …, staff_actual) for a Parquet/CSV INPUT.",
)
@click.option(
    "--rows",
    "rows_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the per-row results (points, rule, status).",
)
@click.option(
    "--scheme",
    help="A scheme name for every row (else each row's scheme column, or each file's scheme).",
)
@click.option("--year", type=int, help="The year, where the input has no year column.")
@click.option(
    "--allow-float", is_flag=True, help="Accept float cells, rounded half-up to 4 decimals."
)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    help="Chunks scored at once (default: the number of cores); the result is the same.",
)
def batch_cmd(
    *,
    source: Path,
    output: Path,
    budget: Path | None,
    facts: Path | None,
    rows_out: Path | None,
    scheme: str | None,
    year: int | None,
    allow_float: bool,
    threads: int | None,
) -> None:
    """
    Score every evaluation of INPUT: a Parquet or CSV file of indicator rows (the columnar
    contract), or a folder of evaluation files (.toml / .json).

    Writes one row per evaluation to OUTPUT and prints a summary on stderr.
    Exit codes: 0 all scored, 1 rows or evaluations in error, 2 bad input.
    """
    try:
        import pyarrow as pa
    except ImportError:  # pragma: no cover - pyarrow is in the test environment
        click.echo(
            "perfrules: error: perfrules batch needs pyarrow: pip install 'perfrules[arrow]'",
            err=True,
        )
        sys.exit(EXIT_BAD_INPUT)
    _check_output(output, "-o")
    _check_output(rows_out, "--rows")
    bad_files: list[tuple[str, str]] = []
    table: Any
    budget_table: Any
    facts_table: Any = None
    with bad_input():
        if source.is_dir():
            if facts is not None:
                raise click.BadParameter(
                    "--facts is for a Parquet/CSV INPUT: a folder's evaluations carry their own [facts]",
                    param_hint="--facts",
                )
            table, budget_table, bad_files = _folder(source, scheme, year)
            n = len(table["evaluation"])
        else:
            table = _read_table(source)
            budget_table = _read_table(budget) if budget else None
            facts_table = _read_table(facts) if facts else None
            n = table.num_rows
        if sys.stderr.isatty():
            with click.progressbar(length=n, label="scoring", file=sys.stderr) as bar:
                out = batch.score_table(
                    table,
                    budget_table,
                    facts=facts_table,
                    scheme=scheme,
                    year=year,
                    allow_float=allow_float,
                    progress=bar.update,
                    threads=threads,
                )
        else:
            out = batch.score_table(
                table,
                budget_table,
                facts=facts_table,
                scheme=scheme,
                year=year,
                allow_float=allow_float,
                threads=threads,
            )
        evaluations = out.evaluations.to_arrow()
        if bad_files:
            extra = pa.table(
                {"evaluation": [f for f, _ in bad_files], "status": ["bad-input"] * len(bad_files)}
            )
            evaluations = pa.concat_tables(
                [evaluations.cast(_plain_schema(evaluations.schema)), extra],
                promote_options="default",
            )
        _write_table(evaluations, output)
        if rows_out is not None:
            _write_table(out.indicators.to_arrow(), rows_out)
    s = out.summary()
    bad_ev = s["evaluations"] - s["evaluations_scored"]
    click.echo(
        f"evaluations scored: {s['evaluations_scored']:,} of {s['evaluations'] + len(bad_files):,}"
        + (
            f" ({bad_ev:,} not scored: {_counts({k: v for k, v in s['evaluation_status'].items() if k != 'ok'})})"
            if bad_ev
            else ""
        ),
        err=True,
    )
    errors = {k: v for k, v in s["row_status"].items() if k is not None and k in batch.ERROR_CODES}
    click.echo(
        f"rows: {s['rows']:,}, in error: {s['rows_in_error']:,}"
        + (f" ({_counts(errors)})" if errors else ""),
        err=True,
    )
    click.echo("grades: " + (_counts(s["grades"]) or "none"), err=True)
    for name, message in bad_files:
        click.echo(f"perfrules: {name}: {message}", err=True)
    for note in out.notes:
        click.echo(f"note: {note}", err=True)
    if s["rows_in_error"] or bad_ev or bad_files:
        sys.exit(EXIT_FINDINGS)


def _plain_schema(schema: Any) -> Any:
    import pyarrow as pa

    return pa.schema(
        [
            pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type)
            for f in schema
        ]
    )


def _counts(counts: dict[Any, int]) -> str:
    return " · ".join(f"{k} {v:,}" for k, v in counts.items())
