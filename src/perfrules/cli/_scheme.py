"""``perfrules scheme check FILE``, ``perfrules scheme show NAME`` and ``perfrules scheme schema``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from perfrules import schemes
from perfrules.cli._common import EXIT_FINDINGS, bad_input, echo_json

__all__ = ["scheme_cmd"]


@click.group("scheme")
def scheme_cmd() -> None:
    """Check, show and describe scoring scheme files."""


@scheme_cmd.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--laws", is_flag=True, help="Also property-test the scheme's laws (needs perfrules[testing]).")
@click.option(
    "--examples", type=click.IntRange(min=1), default=100, show_default=True,
    help="Examples hypothesis draws per law with --laws (more: slower, more thorough).",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def check_cmd(file: Path, laws: bool, examples: int, as_json: bool) -> None:
    """
    Validate a scheme FILE: every mistake with its place (exit 2), then what does not add up
    in the scheme (exit 1); exit 0 when the scheme is sound.
    """
    with bad_input():
        scheme = schemes.load(file)
    problems = [str(p) for p in scheme.problems()]
    broken = ""
    if laws:
        try:
            from perfrules.testing import check_scheme
        except ImportError:  # pragma: no cover - hypothesis is a test dependency
            click.echo("perfrules: error: --laws needs hypothesis: pip install perfrules[testing]", err=True)
            sys.exit(2)
        try:
            check_scheme(scheme, max_examples=examples)
        except AssertionError as e:
            broken = str(e).strip().splitlines()[0] if str(e).strip() else "a law is broken"
    if as_json:
        echo_json({"name": scheme.name, "years": scheme.years, "status": scheme.status, "base": scheme.base, "problems": problems, "laws": None if not laws else (broken or "ok")})
    else:
        base = f", overlay of {scheme.base}" if scheme.base else ""
        click.echo(f"{file}: scheme {scheme.name!r} ({scheme.title or 'untitled'}), years {scheme.years}, {scheme.status}{base}")
        for p in problems:
            click.echo(f"problem: {p}")
        if laws:
            click.echo(f"laws: {broken or 'ok'}")
        if not problems and not broken:
            click.echo("ok")
    if problems or broken:
        sys.exit(EXIT_FINDINGS)


@scheme_cmd.command("show")
@click.argument("name")
@click.option("--year", type=int, help="The edition in force that year (default: the latest).")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of TOML.")
def show_cmd(name: str, year: int | None, as_json: bool) -> None:
    """Print a registered scheme NAME in the scheme file format (overlays fully resolved)."""
    import tomli_w

    with bad_input():
        scheme = schemes.get(name, year)
    data = schemes.to_data(scheme)
    if as_json:
        echo_json(data)
    else:
        click.echo(tomli_w.dumps(data), nl=False)


@scheme_cmd.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the scheme file format."""
    click.echo(json.dumps(schemes.file_schema(), ensure_ascii=False, indent=2))
