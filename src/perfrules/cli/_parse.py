"""``perfrules parse``: the facts of a published self-evaluation report text."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import perfrules
from perfrules.cli._common import EXIT_FINDINGS, bad_input, echo_json, lang_option
from perfrules.errors import ReportParseError

__all__ = ["parse_cmd"]


def read_text(path: Path) -> str:
    """
    The text of a report file: UTF-8 (with or without BOM), else GB18030 (GBK, GB2312).

    Raises:
        ReportParseError: the file cannot be read, or decodes as neither.
    """
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as e:
        raise ReportParseError(f"{path}: cannot read it ({e.strerror or e})") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportParseError(f"{path}: not a text file (neither UTF-8 nor GB18030)")


def _human(facts: perfrules.ReportFacts, lang: str) -> str:
    en = lang == "en"
    data = facts.to_data(lang)
    labels = (
        ("department", "部门/单位"),
        ("year", "年度"),
        ("kind", "类型"),
        ("budget_yuan", "预算数（元）"),
        ("executed_yuan", "执行数（元）"),
        ("execution_rate_stated", "所述执行率（%）"),
        ("execution_rate_computed", "计算执行率（%）"),
        ("self_score", "自评得分"),
        ("grade", "等级"),
    )
    none = "—"
    out = [f"{key if en else zh}: {none if data[key] is None else data[key]}" for key, zh in labels]
    for key, zh in (("problems", "存在的问题"), ("measures", "改进措施")):
        out.append(f"{key if en else zh} ({len(data[key])}):")
        out += [f"  {i}. {text}" for i, text in enumerate(data[key], 1)]
    if facts.truncated:
        out.append("the text stops mid-sentence" if en else "文本在句中中断")
    out += [f"[{f['severity']}] {f['code']}: {f['message']}" for f in data["findings"]]
    return "\n".join(out)


@click.command("parse")
@click.argument("report", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (DESIGN.md contract).")
@lang_option
def parse_cmd(report: Path, as_json: bool, lang: str) -> None:
    """Read the facts of a self-evaluation REPORT text (.txt; - for stdin) and check them."""
    with bad_input():
        facts = perfrules.parse_report(read_text(report))
    if as_json:
        echo_json(facts.to_data(lang))
    else:
        click.echo(_human(facts, lang))
    if any(f.severity == perfrules.Severity.ERROR for f in facts.findings):
        sys.exit(EXIT_FINDINGS)
