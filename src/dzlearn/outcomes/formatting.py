"""How numbers are written, once: the screen, the CSV and the PDF all show these strings."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

NONE = "—"


def percent_of(part: int, whole: int) -> int | None:
    """A whole-number percentage, rounded half up (so 12.5 % is 13 %, as people expect)."""
    if whole <= 0:
        return None
    return int((Decimal(100 * part) / Decimal(whole)).quantize(Decimal(1), ROUND_HALF_UP))


def share_percent(value: float | None) -> int | None:
    if value is None:
        return None
    return int(Decimal(str(value * 100)).quantize(Decimal(1), ROUND_HALF_UP))


def pct(value: int | None) -> str:
    return NONE if value is None else f"{value}%"


def points(value: int | None) -> str:
    """A change in percentage points, always signed."""
    if value is None:
        return NONE
    return f"+{value} pts" if value > 0 else f"{value} pts" if value < 0 else "0 pts"


def speed(value: float | None) -> str:
    return NONE if value is None else f"{value:.1f}"


def count(value: int) -> str:
    return str(value)


def fraction(done: int, total: int) -> str:
    return f"{done} / {total}"


def day(value: date) -> str:
    return value.isoformat()
