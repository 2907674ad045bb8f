"""
What every part of the report builder needs: the catalog, the formatter and the locale's
conventions (section numbering, the unit amounts are shown in).
"""

from __future__ import annotations

from perfrules._quantity import Money
from perfrules._render._format import Formatter
from perfrules._render._i18n import normalize_locale, translations

__all__ = ["Context", "cn_numeral"]

_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """
    A number from 1 to 99 in Chinese numerals, as section numbers are written.

    >>> cn_numeral(1), cn_numeral(10), cn_numeral(12), cn_numeral(40), cn_numeral(99)
    ('一', '十', '十二', '四十', '九十九')
    """
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


class Context:
    """The locale of one rendering: gettext, babel formatting, numbering and amount units."""

    def __init__(self, locale: str) -> None:
        self.locale = normalize_locale(locale)
        self.en = self.locale == "en"
        self.lang = "en" if self.en else "zh"
        self.tag = "en" if self.en else "zh-CN"
        self._t = translations(self.locale)
        self.fmt = Formatter(self.locale)

    def gettext(self, message: str) -> str:
        """The message in this locale."""
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural message for *n*, in this locale."""
        return self._t.ngettext(singular, plural, n)

    @property
    def colon(self) -> str:
        """The colon after a label: full-width in Chinese."""
        return ": " if self.en else "："

    @property
    def space(self) -> str:
        """The space between two sentences or a label and its text: none in Chinese."""
        return " " if self.en else ""

    def section(self, n: int, title: str) -> str:
        """A section heading: ``一、基本情况`` or ``1. Basic information``."""
        return f"{n}. {title}" if self.en else f"{cn_numeral(n)}、{title}"

    def subsection(self, n: int, m: int, title: str) -> str:
        """A subsection heading: ``（一）部门概况`` or ``1.1 Department profile``."""
        return f"{n}.{m} {title}" if self.en else f"（{cn_numeral(m)}）{title}"

    def item_number(self, m: int) -> str:
        """A reference to a numbered problem: ``（一）`` or ``(1)``."""
        return f"({m})" if self.en else f"（{cn_numeral(m)}）"

    def amount(self, money: Money) -> str:
        """An amount in this locale's unit: 万元 in Chinese (as reports write it), yuan in English."""
        return self.fmt.yuan(money) if self.en else self.fmt.wan(money)

    def amount_header(self, label: str) -> str:
        """A column label with the amount unit."""
        unit = self.gettext("yuan") if self.en else self.gettext("10,000 yuan")
        return f"{label} ({unit})" if self.en else f"{label}（{unit}）"

    def with_unit(self, money: Money) -> str:
        """An amount followed by its unit."""
        unit = self.gettext("yuan") if self.en else self.gettext("10,000 yuan")
        return f"{self.amount(money)} {unit}"
