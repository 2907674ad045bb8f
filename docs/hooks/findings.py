"""
MkDocs hook: the findings catalogue on ``reference/findings.md``, generated from
``perfrules.CATALOGUE`` at every build, so the page cannot drift from the code.

The page holds the marker ``<!-- findings-catalogue -->``; this hook replaces it with one table row
per code, in the catalogue's order.

>>> table = catalogue_markdown()
>>> table.splitlines()[0]
'| code | severity | message (zh) | message (en) | when |'
>>> any(line.startswith("| <a id=\\"declared-score\\"></a>`declared-score` | error |") for line in table.splitlines())
True
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- findings-catalogue -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def catalogue_markdown() -> str:
    """The catalogue as a Markdown table: code (with an anchor), severity, both messages, meaning."""
    from perfrules import CATALOGUE

    rows = [
        "| code | severity | message (zh) | message (en) | when |",
        "|---|---|---|---|---|",
    ]
    for code, e in CATALOGUE.items():
        rows.append(f'| <a id="{code}"></a>`{code}` | {e.severity.value} | {_cell(e.zh)} | {_cell(e.en)} | {_cell(e.doc)} |')
    rows.append("")
    rows.append(f"{len(CATALOGUE)} codes.")
    return "\n".join(rows)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    """Replace the marker with the generated table."""
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, catalogue_markdown())
