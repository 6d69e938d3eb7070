"""Source 1: Unicode CLDR locale data for Dzongkha, read through the ``babel`` package.

Every item pairs CLDR's ``dz`` string with the ``en`` string for the same key, so the English
gloss is CLDR's own. One correction: CLDR's Dzongkha weekday names are assigned to the wrong days
(shifted by one, see docs/dzongkha.md); the names themselves are right, so each name is glossed
with the day it really means, from the list in docs/dzongkha.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import babel
import babel.core
from babel import Locale

from dzlearn.script.normalize import normalize

# docs/dzongkha.md, "Locale data": the correct Dzongkha weekday names.
CORRECT_WEEKDAYS = {
    "གཟའ་ཟླ་བ": "Monday",
    "གཟའ་མིག་དམར": "Tuesday",
    "གཟའ་ལྷག་པ": "Wednesday",
    "གཟའ་ཕུར་བུ": "Thursday",
    "གཟའ་པ་སངས": "Friday",
    "གཟའ་སྤེན་པ": "Saturday",
    "གཟའ་ཉི་མ": "Sunday",
}
WEEKDAY_NOTE = (
    "CLDR gives this name to the wrong weekday (its dz weekdays are shifted by one day); "
    "the gloss follows docs/dzongkha.md"
)

# Relative-day names CLDR has in Dzongkha (date_fields day/relative), with English glosses.
RELATIVE_DAYS = {
    -2: "day before yesterday",
    -1: "yesterday",
    0: "today",
    1: "tomorrow",
    2: "day after tomorrow",
}
# Duration units with a Dzongkha name, and their English gloss.
DURATION_UNITS = {
    "duration-year": "year",
    "duration-month": "month",
    "duration-week": "week",
    "duration-day": "day",
    "duration-hour": "hour",
    "duration-minute": "minute",
    "duration-second": "second",
}
DAY_PERIODS = {"am": "AM (morning, before noon)", "pm": "PM (afternoon, after noon)"}
QUARTERS = {1: "first quarter", 2: "second quarter", 3: "third quarter", 4: "fourth quarter"}
_ORDINALS = {
    5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth", 10: "tenth", 11: "eleventh",
    12: "twelfth",
}  # fmt: skip


@dataclass(frozen=True)
class Item:
    dz: str
    gloss: str
    topics: tuple[str, ...]
    kind: str  # which CLDR table
    note: str = ""


def version() -> str:
    return f"babel {babel.__version__}, CLDR {babel.core.get_cldr_version()}"


def _tibetan(text: str) -> bool:
    return any("\u0f00" <= ch <= "\u0fff" for ch in text)


def items() -> Iterator[Item]:
    dz, en = Locale("dz"), Locale("en")
    for code, name in sorted(dz.territories.items()):
        topics = ("place",) if code.isdigit() else ("country", "place")
        if code in en.territories and _tibetan(name):
            yield Item(name, en.territories[code], topics, "territory")
    for code, name in sorted(dz.languages.items()):
        if code in en.languages and _tibetan(name):
            yield Item(name, f"{en.languages[code]} (language)", ("language",), "language")
    for code, name in sorted(dz.scripts.items()):
        if code in en.scripts and _tibetan(name):
            yield Item(name, f"{en.scripts[code]} (script)", ("language",), "script")
    for code, name in sorted(dz.currencies.items()):
        if code in en.currencies and _tibetan(name):
            yield Item(name, en.currencies[code], ("currency",), "currency")
    for context in ("format", "stand-alone"):
        for number, name in sorted(dz.months[context]["wide"].items()):
            gloss = en.months["stand-alone"]["wide"][number]
            ordinal = QUARTERS.get(number, "").split(" ")[0] or _ORDINALS[number]
            gloss = (
                f"{gloss}; {ordinal} month"
                if context == "format"
                else f"{gloss} (Gregorian calendar)"
            )
            yield Item(name, gloss, ("date",), f"month-{context}")
    weekdays = {normalize(name).rstrip("\u0f0b") for name in dz.days["format"]["wide"].values()}
    weekdays |= {normalize(n).rstrip("\u0f0b") for n in dz.days["stand-alone"]["wide"].values()}
    for name in sorted(weekdays):
        yield Item(name, CORRECT_WEEKDAYS[name], ("date",), "weekday", WEEKDAY_NOTE)
    for number, name in sorted(dz.quarters["format"]["wide"].items()):
        yield Item(name, QUARTERS[number], ("date",), "quarter")
    relative = dz._data["date_fields"]["day"]["relative"]
    for offset, gloss in RELATIVE_DAYS.items():
        if offset in relative and _tibetan(relative[offset]):
            yield Item(relative[offset], gloss, ("date", "time"), "relative-day")
    units = dz._data["unit_display_names"]
    for key, gloss in DURATION_UNITS.items():
        name = units[key]["long"]
        if _tibetan(name):
            topics = ("date", "time") if key in ("duration-day", "duration-week") else ("time",)
            if key in ("duration-year", "duration-month"):
                topics = ("date",)
            yield Item(name, gloss, topics, "unit")
    periods = dz._data["day_periods"]["format"]["abbreviated"]
    for key, gloss in DAY_PERIODS.items():
        if key in periods and _tibetan(periods[key]):
            yield Item(periods[key], gloss, ("time",), "day-period")
