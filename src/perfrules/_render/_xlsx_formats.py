"""
How an Excel number format shows a number: the percent sign, the power of ten a format scales
by (``0.00%``, ``#,##0.00,``, ``0!.0000`` showing yuan as 万元), the decimals shown, and the
number Excel shows for a cell's value, exactly.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import NamedTuple

__all__ = ["Shown", "shown"]


class Shown(NamedTuple):
    """How a number format shows a number."""

    percent: bool  #: a percent sign is shown
    exponent: int  #: the number shown is the cell's number × 10**exponent
    decimals: int | None  #: digits shown after the decimal point; None for General


#: The tokens of a number format: quoted text, escaped characters (\x, !x), padding (_x),
#: fills (*x), brackets ([Red], [$-804], [>=100]), or one character.
_FORMAT_TOKEN = re.compile(r'"[^"]*"|[\\!_*].|\[[^\]]*\]|.', re.DOTALL)


def shown(number_format: str) -> Shown:
    """
    How *number_format* shows a number; the first section (positive numbers) decides.

    A ``%`` outside quotes and escapes scales by 100 (``0.00%``); a quoted or escaped one
    (``0"%"``, ``0\\%``) is only shown. Commas after the last digit scale by 1/1000 each
    (``#,##0.00,``), and a literal point between digits shows the number shifted by the digits
    after it: ``0!.0000`` and ``0"."0000`` show yuan as 万元 (12345678 as 1234.5678).

    >>> shown("0.00%"), shown('0"."0000')
    (Shown(percent=True, exponent=2, decimals=2), Shown(percent=False, exponent=-4, decimals=4))
    >>> shown("#,##0.00,,"), shown("General")
    (Shown(percent=False, exponent=-6, decimals=2), Shown(percent=False, exponent=0, decimals=None))
    """
    percent, exponent = False, 0
    digits = point = shifted = commas = 0
    for part in _FORMAT_TOKEN.findall(number_format.split(";", maxsplit=1)[0]):
        literal = part[1:-1] if part[0] == '"' else part[1:] if part[0] in "\\!" else None
        if literal is not None:
            percent = percent or "%" in literal
            if literal == "." and digits and not point:
                shifted = -1  # digits placed from here on are after the literal point
            continue
        if part in "0#?":
            digits += 1
            commas = 0
            if point:
                point += 1
            elif shifted:
                shifted -= 1
        elif part == "%":
            percent, exponent = True, exponent + 2
        elif part == "." and not point:
            point = 1
        elif part == ",":
            commas += 1
        elif part in "Ee@" or part.lower() == "g":
            return Shown(percent, exponent, None)  # General, text or scientific: as typed
    shift = -shifted - 1 if shifted else 0
    decimals = (max(point - 1, 0) + shift) if digits else None
    return Shown(percent, exponent - 3 * commas - shift, decimals)


def shown_value(value: float | Decimal, how: Shown) -> Decimal:
    """
    The number Excel shows for a numeric cell, exactly: a float through its shortest repr,
    scaled by the format (``%``, ``0!.0000``), before rounding to the shown decimals
    (:func:`rounded_to`).
    """
    return (value if isinstance(value, Decimal) else Decimal(repr(value))).scaleb(how.exponent)


def rounded_to(d: Decimal, decimals: int) -> Decimal:
    """
    *d* rounded half-up to *decimals*, as Excel displays it, with as many digits as that takes
    (``1e308`` under ``0.00%`` too); an infinity stays as it is.

    >>> rounded_to(Decimal("98.345"), 2), rounded_to(Decimal("1e30"), 2)
    (Decimal('98.35'), Decimal('1000000000000000000000000000000.00'))
    """
    if not d.is_finite():
        return d
    digits = max(d.adjusted(), 0) + decimals + 2
    return d.quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=Context(prec=max(digits, 28))
    )


def _number_text(value: float | Decimal, how: Shown) -> str:
    """The number Excel shows for *value*, exactly (not rounded to the shown decimals)."""
    d = shown_value(value, how)
    s = format(d.normalize(), "f") if d != 0 else "0"
    return s + ("%" if how.percent else "")
