"""``perfrules score``, ``perfrules schemes`` and ``perfrules schema``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

import perfrules
from perfrules import schemes
from perfrules.cli._common import EXIT_FINDINGS, bad_input, echo_json, finding_json, lang_option

__all__ = ["schema_cmd", "schemes_cmd", "score_cmd"]


def result_json(result: perfrules.Result, lang: str) -> dict[str, Any]:
    """The ``score --json`` contract of DESIGN.md."""
    ex = result.execution
    rate = ex.rate if ex else None
    return {
        "scheme": result.scheme.name,
        "year": result.evaluation.year,
        "total": str(result.total),
        "grade": result.grade.localized(lang),
        "execution": {
            "rate": rate.percent(2) if rate else None,
            "points": str(ex.points) if ex else None,
        },
        "indicators": [
            {
                "name": ln.indicator.name,
                "weight": str(ln.indicator.weight),
                "target": ln.indicator.target.text,
                "actual": ln.indicator.actual.text if ln.indicator.actual else None,
                "points": None if ln.points is None else str(ln.points),
                "rule": ln.rule.kind,
                "explanation": ln.explain(lang),
            }
            for ln in result.lines
        ],
        "findings": [finding_json(f, lang) for f in result.findings],
    }


def _table(result: perfrules.Result, lang: str) -> str:
    en = lang == "en"
    head = ("indicator", "weight", "target", "actual", "points") if en else ("指标", "分值", "年度指标值", "实际完成值", "得分")
    rows = [head]
    if result.execution:
        ex = result.execution
        rate = ex.rate.percent(2) + "%" if ex.rate else "—"
        rows.append(("budget execution" if en else "预算执行率", str(ex.weight), "100%", rate, str(ex.points)))
    for ln in result.lines:
        ind = ln.indicator
        rows.append((ind.name, str(ind.weight), ind.target.text, ind.actual.text if ind.actual else "—", "—" if ln.points is None else str(ln.points)))
    widths = [max(_width(r[i]) for r in rows) for i in range(len(head))]
    out = ["  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    out.append(("total" if en else "总分") + f"  {result.total}  " + ("grade" if en else "等级") + f"  {result.grade.localized(lang)}")
    out += [f"[{f.severity.value}] {f.code}: {f.message_en if en and f.message_en else f.message}" + (f" ({f.location})" if f.location else "") for f in result.findings]
    return "\n".join(out)


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


@click.command("score")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--scheme", "scheme_name", help="A registry name overriding the file's scheme.")
@click.option("--scheme-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="A scheme TOML file.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (DESIGN.md contract).")
@lang_option
def score_cmd(file: Path, scheme_name: str | None, scheme_file: Path | None, as_json: bool, lang: str) -> None:
    """Score an evaluation FILE (.toml or .json)."""
    with bad_input():
        ev = perfrules.load(file)
        scheme: perfrules.Scheme | str | None = scheme_name
        if scheme_file is not None:
            # An overlay's base is looked up in the default registry (built-ins and plugins).
            scheme = schemes.load(scheme_file)
        result = perfrules.score(ev, scheme)
    if as_json:
        echo_json(result_json(result, lang))
    else:
        click.echo(_table(result, lang))
    if any(f.severity == perfrules.Severity.ERROR for f in result.findings):
        sys.exit(EXIT_FINDINGS)


@click.command("schemes")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def schemes_cmd(as_json: bool) -> None:
    """List the registered scoring schemes."""
    rows = []
    for name in schemes.names():
        for s in schemes.default_registry.editions(name):
            rows.append({"name": s.name, "title": s.title, "jurisdiction": s.jurisdiction, "years": s.years, "status": s.status, "source": s.source})
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        click.echo(f"{r['name']:<28} {r['years']:<10} {r['status']:<12} {r['jurisdiction']}  {r['title']}")
        if r["source"]:
            click.echo(f"{'':<28} source: {r['source']}")


@click.command("schema")
def schema_cmd() -> None:
    """Print the JSON Schema of the evaluation input format."""
    from perfrules._schema import input_schema

    click.echo(json.dumps(input_schema(), ensure_ascii=False, indent=2))
