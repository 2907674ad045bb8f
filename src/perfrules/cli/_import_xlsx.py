"""``perfrules import-xlsx``: a 自评表 workbook back into the input format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import perfrules
from perfrules.cli._common import EXIT_FINDINGS, bad_input, finding_json, lang_option

__all__ = ["import_xlsx_cmd"]


@click.command("import-xlsx")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The evaluation file to write (.toml or .json); standard output (TOML) when omitted.",
)
@click.option("--sheet", help="The sheet to read (default: the first with an indicator table).")
@click.option(
    "--unit",
    "amount_unit",
    type=click.Choice(["元", "万元", "亿元"]),
    default="万元",
    show_default=True,
    help="Unit of budget amounts whose header names none.",
)
@click.option("--year", type=int, help="The year, when the workbook does not say.")
@click.option("--scheme", "scheme_name", help="The scheme name, when the workbook does not say.")
@lang_option
def import_xlsx_cmd(
    file: Path,
    output: Path | None,
    *,
    sheet: str | None,
    amount_unit: str,
    year: int | None,
    scheme_name: str | None,
    lang: str,
) -> None:
    """
    Read a 自评表 FILE (.xlsx) into the input format.

    What the form states against itself (a 执行率 that is not its amounts') is written into the
    evaluation as findings and printed on stderr, one a line with its cell.

    Exit status: 0 no finding of severity error, 1 at least one (the evaluation is written all the
    same), 2 unreadable cells, reported with their place (自评表!E7: …).
    """
    with bad_input():
        ev = perfrules.read_xlsx(
            file, sheet=sheet, amount_unit=amount_unit, year=year, scheme=scheme_name
        )
    if output is None:
        click.echo(perfrules.dumps(ev), nl=False)
    else:
        perfrules.dump(ev, output)
    for f in ev.findings:
        msg = finding_json(f, lang)["message"]
        where = f" ({f.location})" if f.location else ""
        click.echo(f"[{f.severity.value}] {f.code}: {msg}{where}", err=True)
    if any(f.severity == perfrules.Severity.ERROR for f in ev.findings):
        sys.exit(EXIT_FINDINGS)
