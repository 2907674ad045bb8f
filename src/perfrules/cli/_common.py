"""Shared pieces of the CLI: the group, bad-input handling, JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

import perfrules
from perfrules.errors import InvalidInputError, InvalidValueError, PerfrulesError

__all__ = ["EXIT_BAD_INPUT", "EXIT_FINDINGS", "bad_input", "echo_json", "finding_json", "lang_option", "main"]

EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2

_F = TypeVar("_F", bound=Callable[..., Any])


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(perfrules.__version__, prog_name="perfrules")
def main() -> None:
    """Exact, explainable scoring of budget performance self-evaluations (预算绩效自评)."""


def lang_option(fn: _F) -> _F:
    """``--lang zh|en``."""
    return click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of labels and messages.")(fn)


@contextmanager
def bad_input() -> Iterator[None]:
    """Turn perfrules' input errors into one line on stderr and exit code 2."""
    try:
        yield
    except InvalidInputError as e:
        for err in e.errors:
            click.echo(f"perfrules: error: {err}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except (InvalidValueError, PerfrulesError) as e:
        click.echo(f"perfrules: error: {e}", err=True)
        sys.exit(EXIT_BAD_INPUT)


def echo_json(data: Any) -> None:
    """Print *data* as JSON (UTF-8, not escaped)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def finding_json(f: perfrules.Finding, lang: str) -> dict[str, Any]:
    """A finding as the JSON contracts write it."""
    msg = f.message_en if lang == "en" and f.message_en else f.message
    return {"code": f.code, "severity": f.severity.value, "message": msg, "location": f.location}
