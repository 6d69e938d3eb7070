"""Interface strings go through gettext, so one extraction tool (babel's pybabel) covers the app.

Qt's own ``tr()`` is not used. The catalogs live in ``dzlearn/locale`` (see docs/translations.md);
``set_language`` switches at run time and the window rebuilds its screens to pick the texts up.
Pure Python: no Qt here.
"""

from __future__ import annotations

import datetime as dt
import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "dzlearn"
LANGUAGES = ("dz", "en")
TIBETAN_DIGITS = str.maketrans("0123456789", "༠༡༢༣༤༥༦༧༨༩")
# CLDR (and Qt) shift the Dzongkha weekday names by a day; these are the right ones, Monday first.
DZONGKHA_WEEKDAYS = (
    "གཟའ་ཟླ་བ་",
    "གཟའ་མིག་དམར་",
    "གཟའ་ལྷག་པ་",
    "གཟའ་ཕུར་བུ་",
    "གཟའ་པ་སངས་",
    "གཟའ་སྤེན་པ་",
    "གཟའ་ཉི་མ་",
)
ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # fmt: skip  (not strftime: that follows the PC's locale)

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    return _translations.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks a string for extraction where it is defined; translate it with ``_`` where shown."""
    return message


def set_language(language: str) -> None:
    """Switch the interface language; a missing catalog falls back to English, never fails."""
    global _translations, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown interface language {language!r} (expected one of {LANGUAGES})")
    _language = language
    if language == "en":
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def current_language() -> str:
    return _language


def digits(value: object) -> str:
    """A number (or any text) with Tibetan digits in Dzongkha mode, unchanged in English."""
    text = str(value)
    return text.translate(TIBETAN_DIGITS) if _language == "dz" else text


def weekday_name(day: dt.date) -> str:
    names = DZONGKHA_WEEKDAYS if _language == "dz" else ENGLISH_WEEKDAYS
    return names[day.weekday()]


def format_date(day: dt.date) -> str:
    """The weekday and the date (day month year as numbers), for showing to a learner."""
    if _language == "dz":
        return f"{weekday_name(day)} {digits(day.day)}/{digits(day.month)}/{digits(day.year)}"
    return f"{weekday_name(day)} {day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"
