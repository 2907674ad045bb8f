"""
Report intelligence: read a published self-evaluation report text (自评报告).

The parts, each one idea: ``_text`` (normalisation, page numbers, joining broken lines),
``_lines`` (what a line is: a marker, a title, a field), ``_outline`` (numbering, sections,
numbered items), ``_names`` (title, unit, project, year, kind), ``_amounts`` (amounts and
rates in prose), ``_tables`` (budget tables), ``_scores`` (the self-score and the grade),
``_facts`` (the facts put together), ``_report`` (:class:`ReportFacts`, :func:`parse_report`
and the consistency checks).
"""

from __future__ import annotations

from perfrules._parse._outline import Section
from perfrules._parse._report import LOW_EXECUTION, ReportFacts, parse_report

__all__ = ["LOW_EXECUTION", "ReportFacts", "Section", "parse_report"]
