"""The rules people data must follow, checked before anything is hashed or written.

Each check returns the cleaned value or raises ValueError with a message a facilitator can read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date

LOCKOUT_AFTER = 5
"""A learner is locked out after this many wrong picture passwords in a row (counted since the
last right one or the last unlock) until a facilitator unlocks them."""

PICTURE_PASSWORD_LENGTH = 3
PICTURE_NAMES = (
    "bell",
    "bird",
    "cup",
    "drop",
    "fish",
    "flower",
    "house",
    "moon",
    "mountain",
    "star",
    "sun",
    "tree",
)
"""The grid of 12 a picture password is chosen from (the same pictures learners pick as
avatars). A picture may appear twice in a sequence: 12³ = 1,728 sequences."""

MIN_PASSPHRASE_LENGTH = 8
MAX_NAME_LENGTH = 60


def clean_name(text: object, what: str = "name") -> str:
    """A display name (Dzongkha or Latin) as it will be stored."""
    if not isinstance(text, str):
        raise ValueError(f"the {what} must be text")
    name = text.strip()
    if not name:
        raise ValueError(f"the {what} is empty")
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"the {what} is longer than {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise ValueError(f"the {what} contains control characters (such as a line break)")
    return name


def check_picture_sequence(pictures: Iterable[str]) -> tuple[str, ...]:
    sequence = tuple(pictures)
    if len(sequence) != PICTURE_PASSWORD_LENGTH:
        raise ValueError(
            f"a picture password is {PICTURE_PASSWORD_LENGTH} pictures, not {len(sequence)}"
        )
    unknown = [p for p in sequence if p not in PICTURE_NAMES]
    if unknown:
        raise ValueError(f"not one of the 12 pictures: {', '.join(map(str, unknown))}")
    return sequence


def check_new_passphrase(passphrase: str, again: str | None = None) -> str:
    """A facilitator's new passphrase; ``again`` is the second typing, when there is one."""
    if not isinstance(passphrase, str) or len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValueError(f"the passphrase must be at least {MIN_PASSPHRASE_LENGTH} characters long")
    if passphrase.strip() != passphrase:
        raise ValueError("the passphrase starts or ends with a space")
    if again is not None and again != passphrase:
        raise ValueError("the two passphrases are not the same")
    return passphrase


def clean_date(text: str) -> str:
    """A session date as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text).isoformat()
    except (TypeError, ValueError):
        raise ValueError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def clean_device_names(names: Iterable[str]) -> list[str]:
    """PC names typed by hand: trimmed, without blanks or repeats, in the order given."""
    cleaned: list[str] = []
    for raw in names:
        name = clean_name(raw, "PC name") if isinstance(raw, str) and raw.strip() else None
        if name is not None and name not in cleaned:
            cleaned.append(name)
    return cleaned
