"""``perfrules monitor``: expected progress, gaps, traffic lights and warnings at a date."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from typing import Any

import click

import perfrules
from perfrules.cli._common import EXIT_FINDINGS, bad_input, echo_json, finding_json, lang_option

__all__ = ["monitor_cmd", "monitor_json"]


def _pct(r: perfrules.Ratio | None) -> str | None:
    return None if r is None else r.percent(2)


def _light(light: perfrules.Light | None) -> str | None:
    return None if light is None else light.value


def monitor_json(result: perfrules.MonitorResult, lang: str) -> dict[str, Any]:
    """
    The ``monitor --json`` contract: every number a decimal string in percent, ``null`` where
    there is no figure.
    """
    return {
        "at": result.at.isoformat(),
        "expected_progress": result.expected_progress.percent(2),
        "budget": [{"name": b.name, "executed_rate": _pct(b.rate), "gap": _pct(b.gap), "light": _light(b.light)} for b in result.budget],
        "indicators": [{"name": i.name, "progress": _pct(i.progress), "forecast": _pct(i.forecast), "light": _light(i.light)} for i in result.indicators],
        "findings": [finding_json(f, lang) for f in result.findings],
    }


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _rows(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]


def _text(result: perfrules.MonitorResult, lang: str) -> str:
    en = lang == "en"

    def p(r: perfrules.Ratio | None) -> str:
        return "—" if r is None else r.percent(2) + "%"

    def lt(x: perfrules.Light | None) -> str:
        return "—" if x is None else x.localized(lang)

    snap = result.snapshot
    source = (snap.at.isoformat() if snap else "—") if en else (snap.at.isoformat() if snap else "无")
    out = [
        f"at {result.at.isoformat()}  expected progress {p(result.expected_progress)}  (figures of the snapshot of {source})"
        if en
        else f"监控日期 {result.at.isoformat()}  序时进度 {p(result.expected_progress)}（数据取自 {source} 快照）"
    ]
    head = ("budget line", "executed", "expected", "gap", "light") if en else ("预算项目", "执行进度", "应达进度", "差距", "信号灯")
    out += _rows([head, *((b.name, p(b.rate), p(b.expected), "—" if b.gap is None else b.gap.percent(2), lt(b.light)) for b in result.budget)])
    head = ("indicator", "progress", "expected", "forecast", "light") if en else ("绩效指标", "完成进度", "应达进度", "全年预计", "信号灯")
    out += _rows([head, *((i.name, p(i.progress), "—" if i.indicator.target.is_qualitative else p(i.expected), p(i.forecast), lt(i.light)) for i in result.indicators)])
    out += [f"[{f.severity.value}] {f.code}: {f.message_en if en and f.message_en else f.message}" + (f" ({f.location})" if f.location else "") for f in result.findings]
    return "\n".join(out)


@click.command("monitor")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--at", "at", help="A date (2021-07-31) or a checkpoint (Q1, H1, 1-7月, Q3, year-end); default: the latest snapshot.")
@click.option("--scheme", "scheme_name", help="A registry name overriding the file's scheme.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@lang_option
def monitor_cmd(file: Path, at: str | None, scheme_name: str | None, as_json: bool, lang: str) -> None:
    """Monitor an evaluation FILE at a date: expected progress, gaps, lights (绩效运行监控)."""
    with bad_input():
        ev = perfrules.load(file)
        result = perfrules.monitor(ev, at, scheme=scheme_name)
    if as_json:
        echo_json(monitor_json(result, lang))
    else:
        click.echo(_text(result, lang))
    if any(f.severity == perfrules.Severity.ERROR for f in result.findings):
        sys.exit(EXIT_FINDINGS)
