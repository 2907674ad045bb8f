"""
Numbers, percents, amounts and dates for people, with babel, at the edge.

Every value arrives exactly rounded (``Fixed`` with its places, ``Money`` in fen, a percent
already rounded half-up by :meth:`Ratio.percent_fixed`). Babel only adds the locale's grouping
and symbols: the pattern always has exactly the value's number of decimals and
``decimal_quantization=False``, so babel's own half-even rounding never runs.

>>> zh, en = Formatter("zh_CN"), Formatter("en")
>>> zh.points(Fixed.parse("94.16")), en.points(Fixed.parse("1234.5"))
('94.16', '1,234.5')
>>> zh.wan(Money.parse("2066.22万元")), en.yuan(Money.parse("2066.22万元"))
('2,066.22', '20,662,200.00')
>>> zh.percent(Fixed.parse("98.35"))
'98.35%'
>>> import datetime as dt
>>> zh.date(dt.date(2022, 3, 1)), en.date(dt.date(2022, 3, 1))
('2022年3月1日', 'March 1, 2022')
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from perfrules._quantity import Fixed, Money, Ratio
from perfrules._render._i18n import normalize_locale

__all__ = ["Formatter", "exact_places"]


def exact_places(value: Fraction, *, minimum: int = 0) -> Fixed:
    """
    *value* written exactly with at least *minimum* decimals.

    Raises:
        ValueError: *value* is not a finite decimal (its denominator has a factor other than 2 and 5).
    """
    places = minimum
    while (value * 10**places).denominator != 1:
        places += 1
        if places > 40:
            raise ValueError(f"{value} is not a finite decimal")
    return Fixed(int(value * 10**places), places)


def _pattern(places: int, suffix: str = "") -> str:
    return "#,##0" + ("." + "0" * places if places else "") + suffix


class Formatter:
    """Locale-aware formatting of exact values (the locale is normalized to a catalog locale)."""

    def __init__(self, locale: str) -> None:
        self.locale = normalize_locale(locale)

    def number(self, value: Fixed) -> str:
        """A decimal with grouping, exactly its own places."""
        return format_decimal(
            Decimal(str(value)),
            format=_pattern(value.places),
            locale=self.locale,
            decimal_quantization=False,
        )

    def points(self, value: Fixed) -> str:
        """Points (or a weight) as computed: the places the scheme rounded to."""
        return self.number(value)

    def percent(self, percent: Fixed) -> str:
        """A percent already rounded (``Fixed.parse("98.35")`` → ``98.35%``)."""
        fraction = Decimal(str(percent)).scaleb(-2)
        return format_percent(
            fraction,
            format=_pattern(percent.places, "%"),
            locale=self.locale,
            decimal_quantization=False,
        )

    def rate(self, ratio: Ratio, places: int = 2) -> str:
        """An exact ratio in percent, rounded half-up to *places* first."""
        return self.percent(ratio.percent_fixed(places))

    def yuan(self, money: Money) -> str:
        """An amount in 元 with two decimals (exact: money is whole fen)."""
        return self.number(money.yuan)

    def wan(self, money: Money) -> str:
        """An amount in 万元: exact, with two decimals or as many more as the fen need."""
        return self.number(exact_places(Fraction(money.fen, 1_000_000), minimum=2))

    def integer(self, value: int) -> str:
        """A whole number with grouping."""
        return format_decimal(value, format="#,##0", locale=self.locale)

    def date(self, value: dt.date) -> str:
        """A date in the locale's long form."""
        return format_date(value, format="long", locale=self.locale)
