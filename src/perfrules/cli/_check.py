"""``perfrules check``: verify a declared self-evaluation (复核)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

import perfrules
from perfrules.cli._common import EXIT_FINDINGS, bad_input, echo_json, finding_json, lang_option

__all__ = ["check_cmd", "check_json"]


def check_json(result: perfrules.Result, findings: list[perfrules.Finding], lang: str) -> dict[str, Any]:
    """The ``check --json`` contract of DESIGN.md: the computed total and grade, and the findings."""
    return {
        "total": str(result.total),
        "grade": result.grade.localized(lang),
        "findings": [finding_json(f, lang) for f in findings],
    }


def _text(result: perfrules.Result, findings: list[perfrules.Finding], lang: str) -> str:
    en = lang == "en"
    head = f"total {result.total}  grade {result.grade.localized(lang)}" if en else f"总分 {result.total}  等级 {result.grade.label}"
    out = [head]
    for f in findings:
        msg = f.message_en if en and f.message_en else f.message
        out.append(f"[{f.severity.value}] {f.code}: {msg}" + (f" ({f.location})" if f.location else ""))
    if not findings:
        out.append("no findings" if en else "未发现问题")
    return "\n".join(out)


@click.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--scheme", "scheme_name", help="A registry name overriding the file's scheme.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (DESIGN.md contract).")
@lang_option
def check_cmd(file: Path, scheme_name: str | None, as_json: bool, lang: str) -> None:
    """
    Verify an evaluation FILE (.toml or .json): declared scores, totals, grade, execution rate
    and deviation reasons against the scheme's rules.

    Exit status: 0 no finding of severity error, 1 at least one, 2 bad input.
    """
    with bad_input():
        ev = perfrules.load(file)
        result = perfrules.score(ev, scheme_name)
        findings = perfrules.check(ev, result)
    if as_json:
        echo_json(check_json(result, findings, lang))
    else:
        click.echo(_text(result, findings, lang))
    if any(f.severity == perfrules.Severity.ERROR for f in findings):
        sys.exit(EXIT_FINDINGS)
