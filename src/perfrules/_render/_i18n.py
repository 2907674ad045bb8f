"""
The report's fixed texts: gettext catalogs for ``zh_CN`` and ``en`` under ``perfrules/locale``.

Message ids are English; ``pybabel extract`` finds them as ``_("…")`` calls in this package
(see docs/how-to/localize-reports.md). Catalogs are compiled ``.mo`` files shipped with the package.

>>> translations("zh").gettext("Basic information")
'基本情况'
>>> normalize_locale("en_US"), normalize_locale("zh-CN")
('en', 'zh_CN')
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from perfrules.errors import InvalidValueError

__all__ = ["DOMAIN", "LOCALEDIR", "LOCALES", "N_", "is_en", "normalize_locale", "translations"]

#: The gettext domain of perfrules' catalogs.
DOMAIN = "perfrules"
#: Where the catalogs live: ``<LOCALEDIR>/<locale>/LC_MESSAGES/perfrules.{po,mo}``.
LOCALEDIR = Path(__file__).resolve().parent.parent / "locale"
#: The locales with a catalog.
LOCALES = ("zh_CN", "en")


def normalize_locale(locale: str) -> str:
    """
    The catalog locale for *locale*: ``zh``, ``zh_CN``, ``zh-Hans`` → ``zh_CN``; ``en*`` → ``en``.

    Raises:
        InvalidValueError: a locale without a catalog (at ``locale``).
    """
    tag = locale.replace("-", "_").lower()
    if tag == "zh" or tag.startswith("zh_"):
        return "zh_CN"
    if tag == "en" or tag.startswith("en_"):
        return "en"
    raise InvalidValueError(
        f"no report catalog for locale {locale!r}; use one of {', '.join(LOCALES)}", ("locale",)
    )


def is_en(locale: str) -> bool:
    """True for the English catalog."""
    return normalize_locale(locale) == "en"


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """
    The compiled catalog of *locale*.

    Raises:
        InvalidValueError: no catalog for *locale*.
        FileNotFoundError: the package was installed without its compiled catalogs.
    """
    return gettext.translation(DOMAIN, LOCALEDIR, languages=[normalize_locale(locale)])


def N_(message: str) -> str:  # noqa: N802 -- the gettext convention pybabel extracts
    """Mark *message* for extraction; it is translated later, where it is shown."""
    return message
