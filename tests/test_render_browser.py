"""The HTML report in a real browser: headless Chromium (Debian's ``chromium``)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import perfrules

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "panyu-2021.toml"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium)"
    ),
]

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # the page must need no network: make sure it has none
    "--enable-logging=stderr",
    "--v=0",
    "--log-level=0",
)


def chromium(page: Path, profile: Path, *extra: str) -> tuple[str, list[str]]:
    """Run Chromium on *page*: its standard output and the console messages it logged."""
    assert CHROMIUM is not None
    run = subprocess.run(
        [CHROMIUM, *_FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line]
    return run.stdout, console


@pytest.fixture(name="pages", scope="module")
def _pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    ev = perfrules.load(SEED)
    result = perfrules.score(ev)
    out = {}
    for locale in ("zh_CN", "en"):
        page = tmp_path_factory.mktemp("html") / f"report.{locale}.html"
        page.write_text(
            perfrules.render(ev, result, format="html", locale=locale), encoding="utf-8"
        )
        out[locale] = page
    return out


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_rendered_page(pages, locale, tmp_path):
    """Chromium renders the page: title, total, grade and chart are there, and the console is silent."""
    dom, console = chromium(pages[locale], tmp_path / "profile", "--dump-dom")

    title = (
        "中国共产党广州市番禺区委员会老干部局 2021 年部门整体支出绩效自评报告"
        if locale == "zh_CN"
        else "中国共产党广州市番禺区委员会老干部局: 2021 self-evaluation of overall departmental expenditure performance"
    )
    assert f"<title>{title}</title>" in dom
    assert re.search(r'id="total">94\.16<', dom)
    assert re.search(r'id="grade">(优|excellent)<', dom)
    assert '<svg class="chart"' in dom
    assert dom.count('<g class="bar">') == 4
    assert console == []


@pytest.mark.parametrize(("name", "size"), [("desktop", "1000,2400"), ("phone", "390,2400")])
def test_screenshot(pages, name, size, tmp_path):
    """A screenshot of the Chinese report is saved as a test artifact (desktop and phone widths)."""
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"report-panyu-2021.zh_CN.{name}.png"
    shot.unlink(missing_ok=True)
    _, console = chromium(
        pages["zh_CN"], tmp_path / "profile", f"--window-size={size}", f"--screenshot={shot}"
    )

    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000
    assert console == []


def test_console_errors_are_seen(tmp_path):
    """The console check is real: a page that logs an error is caught."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><title>x</title><script>console.error('boom'); nosuch();</script>",
        encoding="utf-8",
    )
    _, console = chromium(page, tmp_path / "profile", "--dump-dom")

    assert any("boom" in line for line in console)
    assert any("nosuch is not defined" in line for line in console)
