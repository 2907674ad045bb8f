"""``perfrules report``: the self-evaluation report as Markdown, HTML or the 自评表 (.xlsx)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import perfrules
from perfrules.cli._common import EXIT_FINDINGS, bad_input, lang_option

__all__ = ["report_cmd"]


def _checked(
    evaluation: perfrules.Evaluation, result: perfrules.Result
) -> tuple[perfrules.Finding, ...]:
    """The verification's findings when perfrules has ``check`` (it is listed after the score's own)."""
    check = getattr(perfrules, "check", None)
    if check is None:
        return ()
    return tuple(check(evaluation, result))


@click.command("report")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html", "xlsx"]),
    default="md",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Output file (standard output for md and html when omitted).",
)
@click.option("--scheme", "scheme_name", help="A registry name overriding the file's scheme.")
@lang_option
def report_cmd(
    file: Path, fmt: str, output: Path | None, scheme_name: str | None, lang: str
) -> None:
    """
    Write the report of an evaluation FILE (.toml or .json).

    Exit code 1 when the findings include errors (the report is written all the same).
    """
    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx needs -o FILE.xlsx")
    with bad_input():
        ev = perfrules.load(file)
        result = perfrules.score(ev, scheme_name)
        extra = _checked(ev, result)
        out = perfrules.render(ev, result, format=fmt, locale=lang, findings=extra)
    if output is None:
        click.echo(out, nl=False)
    elif isinstance(out, bytes):
        output.write_bytes(out)
    else:
        output.write_text(out, encoding="utf-8")
    if any(f.severity == perfrules.Severity.ERROR for f in (*result.findings, *extra)):
        sys.exit(EXIT_FINDINGS)
