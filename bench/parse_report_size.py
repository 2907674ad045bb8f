"""
Measure parse_report() on 1 MB texts: a realistic report repeated, and hostile inputs.

Run from the repository root: ``python bench/parse_report_size.py``. It prints the CPU seconds of
the first parse and the best of three per case; it asserts nothing (timings depend on the machine).
"""

from __future__ import annotations

import time
from pathlib import Path

from perfrules import parse_report
from perfrules.errors import ReportParseError

MB = 1_000_000
REPORT = (Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "reports" / "seed-lookalike.txt").read_text(encoding="utf-8")


def utf8_mb(unit: str) -> str:
    """*unit* repeated to 1 MB of UTF-8."""
    return unit * (MB // len(unit.encode()) + 1)


CASES = {
    "report text, 1 MB UTF-8": utf8_mb(REPORT),
    "report text, 1M characters": (REPORT * (MB // len(REPORT) + 1))[:MB],
    "one line of digits": "1" * MB,
    "digits then 万元": ("9" * 50 + "万元") * (MB // 52),
    "open brackets": "(" * MB,
    "(一) repeated, no line break": utf8_mb("(一)"),
    "1.1.1. repeated": "1.1." * (MB // 4),
    "一是 repeated": utf8_mb("一是"),
    "masks": "*" * MB,
    "prose with no line break": utf8_mb("全年预算数为2066.22万元,执行数"),
    "numbered title lines": utf8_mb("".join(f"{i % 20 + 1}.问题\n" for i in range(1000))),
    "nested headings": utf8_mb("一、基本情况\n(一)部门概况\n1.职责\n"),
    "table header lines": utf8_mb("全年预算数\n"),
}

def run(text: str) -> tuple[float, str]:
    """CPU seconds of one parse, and what it returned."""
    start = time.process_time()
    try:
        parse_report(text)
        outcome = "ReportFacts"
    except ReportParseError:
        outcome = "ReportParseError"
    return time.process_time() - start, outcome


print(f"{'case':32} {'size':>8} {'chars':>8} {'first':>7} {'best of 3':>9}")
for name, text in CASES.items():
    first, outcome = run(text)
    best = min([first, run(text)[0], run(text)[0]])
    print(f"{name:32} {len(text.encode()) / MB:5.2f} MB {len(text):8d} {first:6.2f}s {best:8.2f}s  {outcome}")
