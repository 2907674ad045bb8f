"""Rendering never fails on a valid evaluation: every format, every locale."""

from __future__ import annotations

import io

import openpyxl
from hypothesis import given, reject, settings
from hypothesis import strategies as st
from tests.strategies import evaluations

import perfrules
from perfrules.errors import InvalidValueError


def _scored(ev: perfrules.Evaluation) -> perfrules.Result:
    try:
        return perfrules.score(ev, "mof-2020-project")
    except InvalidValueError:
        reject()  # not scorable (e.g. a weight finer than the scheme's points): nothing to render


@settings(max_examples=300)  # each example scores and renders a whole report
@given(evaluations(), st.sampled_from(["zh_CN", "en"]), st.sampled_from(["md", "html"]))
def test_text_reports_never_fail(ev, locale, fmt):
    """Markdown and HTML render for every scorable evaluation, with the total in them."""
    result = _scored(ev)
    out = perfrules.render(ev, result, format=fmt, locale=locale)

    assert isinstance(out, str)
    assert str(result.total) in out.replace(",", "")
    if fmt == "html":
        assert out.rstrip().endswith("</html>")
        assert out.count("<svg") == 1


@settings(max_examples=40)  # each example writes and reloads a workbook
@given(evaluations(), st.sampled_from(["zh_CN", "en"]))
def test_workbooks_never_fail(ev, locale):
    """The 自评表 writes for every scorable evaluation and reloads cleanly."""
    result = _scored(ev)
    data = perfrules.render(ev, result, format="xlsx", locale=locale)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active

    assert ws.max_row >= 8 + len(ev.indicators)
