"""
What a budget block's numbers may mean as the form shows them: a stated 执行率 (a number under
``0.00%`` rounded to the format's decimals, a text exactly, a bare number a percent or a fraction
of 1), the bounds of an amount known to half its last shown digit, and whether a stated rate can
be the rate of amounts within those bounds. Exact arithmetic only.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from perfrules._quantity import Fixed
from perfrules._render._xlsx_formats import rounded_to, shown, shown_value
from perfrules._render._xlsx_sheet import _key, _Reader
from perfrules.errors import InvalidValueError

__all__: list[str] = []


class _Rate(NamedTuple):
    """A stated execution rate: as the form shows it, and what it may mean in percent."""

    text: str
    percents: tuple[Fixed, ...]  #: one, or two when a bare number may be a fraction of 1
    general: bool  #: a number shown as typed (General): it may be a formula's binary result


def _stated_rate(reader: _Reader, row: int, col: int, *, percent_header: bool) -> _Rate | None:
    """
    The rate a cell states, as Excel shows it: a number under ``0.00%`` rounded half-up to the
    format's decimals, a text ``98.35%`` exactly. A bare number (``0.9835``, ``98.35``) is a
    percent under a ``执行率（%）`` header, else either a fraction of 1 or a percent.
    """
    cell = reader.ws.cell(row=row, column=col)
    v = cell.value
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        how = shown(str(cell.number_format))
        d = shown_value(v, how)
        if how.decimals is not None:
            d = rounded_to(d, how.decimals)
        number, percent = format(d, "f"), how.percent
        text = number + ("%" if percent else "")
    elif isinstance(v, str):
        text = v.strip()
        number = _key(text).rstrip("%")
        percent = number != _key(text)
    else:
        return None
    try:
        value = Fixed.parse(number)
    except InvalidValueError:
        return None
    general = not isinstance(v, str) and shown(str(cell.number_format)).decimals is None
    if percent or percent_header:
        return _Rate(text, (value,), general)
    return _Rate(text, (value, Fixed(value.units * 100, value.places)), general)


_UNIT_FEN = {"元": 100, "千元": 10**5, "万元": 10**6, "亿元": 10**10}


def _shown_amount(value: object, number_format: str, unit: str) -> tuple[Fraction, Fraction] | None:
    """
    The bounds, in fen, of the amount a cell shows in *unit* (or in its text's own unit).

    Forms show amounts rounded (2066.22 万元) and compute the rate from the exact yuan: an amount
    written with k decimals is known to ±½·10⁻ᵏ of its unit. The decimals are the ones Excel
    shows: the number format's (``0.00``), for General those of the number as typed; a text's
    as written. The bounds are about the number shown, rounded half-up to the format's decimals.

    >>> _shown_amount(2066.22, "General", "万元") == (Fraction(2066215000), Fraction(2066225000))
    True
    >>> _shown_amount("120元", "General", "万元") == (Fraction(11950), Fraction(12050))
    True
    """
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        how = shown(number_format)
        if how.percent:
            return None
        d = shown_value(value, how)
        if how.decimals is None:
            places = max(-int(d.normalize().as_tuple().exponent), 0)
        else:
            places = how.decimals
            d = rounded_to(d, places)
        number = Fraction(d)
    elif isinstance(value, str):
        k = _key(value).lstrip("¥￥")
        own = next((u for u in ("万元", "亿元", "千元", "元") if k.endswith(u)), None)
        if own is not None:
            k, unit = k.removesuffix(own), own
        try:
            fixed = Fixed.parse(k)
        except InvalidValueError:
            return None
        number, places = fixed.as_fraction(), fixed.places
    else:
        return None
    if unit not in _UNIT_FEN:
        return None
    half = Fraction(_UNIT_FEN[unit], 2 * 10**places)
    return number * _UNIT_FEN[unit] - half, number * _UNIT_FEN[unit] + half
