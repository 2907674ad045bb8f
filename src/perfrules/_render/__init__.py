"""
Reports people read: the self-evaluation report (Markdown, HTML) and the 自评表 (.xlsx), in
``zh_CN`` or ``en``.

>>> import perfrules
>>> ev = perfrules.load("examples/panyu-2021.toml")
>>> md = perfrules.render(ev, perfrules.score(ev), format="md", locale="en")
>>> print(md.splitlines()[0])
# 中国共产党广州市番禺区委员会老干部局: 2021 self-evaluation of overall departmental expenditure performance
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal, overload

from perfrules._engine import Result
from perfrules._model import Evaluation, Finding
from perfrules.errors import InvalidValueError

__all__ = ["FORMATS", "render"]

#: The output formats of :func:`render`.
FORMATS = ("md", "html", "xlsx")


@overload
def render(
    evaluation: Evaluation,
    result: Result,
    *,
    format: Literal["md", "html"] = ...,
    locale: str = ...,
    findings: Iterable[Finding] = ...,
    date: dt.date | None = ...,
) -> str: ...
@overload
def render(
    evaluation: Evaluation,
    result: Result,
    *,
    format: Literal["xlsx"],
    locale: str = ...,
    findings: Iterable[Finding] = ...,
    date: dt.date | None = ...,
) -> bytes: ...
@overload
def render(
    evaluation: Evaluation,
    result: Result,
    *,
    format: str,
    locale: str = ...,
    findings: Iterable[Finding] = ...,
    date: dt.date | None = ...,
) -> str | bytes: ...
def render(
    evaluation: Evaluation,
    result: Result,
    *,
    format: str = "md",  # noqa: A002 -- the natural name
    locale: str = "zh_CN",
    findings: Iterable[Finding] = (),
    date: dt.date | None = None,
) -> str | bytes:
    """
    Render *evaluation*, scored as *result*, as a report people read.

    Args:
        evaluation: the self-evaluation; its narrative fields fill the report, and a section
            whose field is empty is left out.
        result: ``perfrules.score(evaluation)``; every computed number comes from it.
        format: ``"md"`` (Markdown text), ``"html"`` (one self-contained page with a chart) or
            ``"xlsx"`` (the 自评表 as workbook bytes; needs the ``perfrules[excel]`` extra).
        locale: ``"zh_CN"`` (or ``"zh"``) or ``"en"``.
        findings: more findings to list after the result's own (e.g. from ``perfrules.check``);
            a finding equal in code, location and message to one already listed is shown once.
        date: the report date to print; left out when ``None``.

    Returns:
        ``str`` for ``md`` and ``html``, ``bytes`` for ``xlsx``.

    Raises:
        InvalidValueError: an unknown format or locale (at ``format`` / ``locale``).

    .. versionadded:: 0.2.0
    """
    from perfrules._render._context import Context

    if format not in FORMATS:
        raise InvalidValueError(
            f"unknown report format {format!r}; use one of {', '.join(FORMATS)}", ("format",)
        )
    ctx = Context(locale)
    extra = tuple(findings)
    if format == "xlsx":
        from perfrules._render._xlsx import write_xlsx

        return write_xlsx(evaluation, result, ctx, findings=extra, date=date)
    from perfrules._render._report import build

    doc = build(evaluation, result, ctx, findings=extra, date=date)
    if format == "html":
        from perfrules._render._html import write_html

        return write_html(doc)
    from perfrules._render._markdown import write_markdown

    return write_markdown(doc)
