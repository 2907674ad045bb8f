"""
The ``perfrules`` command. Exit codes: 0 ok, 1 findings of severity error, 2 bad input.

Each sub-command lives in its own module and uses the public API only.
"""

from __future__ import annotations

import click

from perfrules.cli._batch import batch_cmd
from perfrules.cli._check import check_cmd
from perfrules.cli._common import main
from perfrules.cli._import_xlsx import import_xlsx_cmd
from perfrules.cli._monitor import monitor_cmd
from perfrules.cli._parse import parse_cmd
from perfrules.cli._report import report_cmd
from perfrules.cli._scheme import scheme_cmd
from perfrules.cli._score import schema_cmd, schemes_cmd, score_cmd

__all__ = ["main"]

main.add_command(score_cmd)
main.add_command(schemes_cmd)
main.add_command(schema_cmd)
main.add_command(scheme_cmd)
main.add_command(monitor_cmd)
main.add_command(check_cmd)
main.add_command(report_cmd)
main.add_command(import_xlsx_cmd)
main.add_command(parse_cmd)
main.add_command(batch_cmd)

_ = click
