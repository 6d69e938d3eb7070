"""The Tibetan-script letters and signs Dzongkha spelling is built from.

One place names them so the syllable parser, the romanizer and the tests agree on what a
"consonant", a "subjoined letter" or a "vowel sign" is. Source: docs/dzongkha.md (Unicode block
U+0F00–U+0FFF; subjoined letters are the base letter + 0x50).
"""

from __future__ import annotations

import unicodedata
from types import MappingProxyType

TSHEG = "\u0f0b"  # ་ syllable separator
NBSP_TSHEG = "\u0f0c"  # ༌ non-breaking tsheg
SHAD = "\u0f0d"  # ། end of a clause

# The thirty letters of the Dzongkha alphabet, in dictionary order.
CONSONANTS = "ཀཁགངཅཆཇཉཏཐདནཔཕབམཙཚཛཝཞཟའཡརལཤསཧཨ"

PREFIXES = "གདབམའ"
SUPERSCRIPTS = "རལས"
SUBSCRIPTS = "\u0fb1\u0fb2\u0fb3\u0fad"  # ྱ ྲ ླ ྭ (ya, ra, la, wa-zur)
SUFFIXES = "གངདནབམའརལས"
SECOND_SUFFIXES = "སད"  # ད only in archaic spelling

VOWEL_I, VOWEL_U, VOWEL_E, VOWEL_O = "\u0f72", "\u0f74", "\u0f7a", "\u0f7c"
VOWELS = VOWEL_I + VOWEL_U + VOWEL_E + VOWEL_O
A_CHUNG = "\u0f71"  # ཱ subjoined a-chung (long vowel mark); Dzongkha writes it in ཨཱ

# Marks hunspell-dz ignores (and so do we): annotation signs written under a syllable.
IGNORED_MARKS = "\u0f35\u0f37"

_SUBJOINED_OFFSET = 0x0F90 - 0x0F40


def subjoined(letter: str) -> str:
    """The stacked-below form of a base letter (ཀ → ྐ)."""
    return chr(ord(letter) + _SUBJOINED_OFFSET)


_FIXED_FORMS = MappingProxyType({"\u0fba": "ཝ", "\u0fbb": "ཡ", "\u0fbc": "ར"})


def base_of(mark: str) -> str:
    """The base letter of a subjoined letter (ྐ → ཀ); fixed forms (U+0FBA–0FBC) map to ཝ ཡ ར."""
    return _FIXED_FORMS.get(mark) or chr(ord(mark) - _SUBJOINED_OFFSET)


def is_base_letter(ch: str) -> bool:
    """A Tibetan letter that starts a stack (U+0F40–U+0F6C)."""
    return "\u0f40" <= ch <= "\u0f6c"


def is_subjoined_letter(ch: str) -> bool:
    """A letter stacked below another (U+0F8D–U+0FBC)."""
    return "\u0f8d" <= ch <= "\u0fbc"


def is_tibetan(ch: str) -> bool:
    return "\u0f00" <= ch <= "\u0fff"


def is_syllable_char(ch: str) -> bool:
    """A character that belongs inside a syllable: a letter or a combining sign.

    Everything else in the block (tsheg, shad, digits, astrological symbols) separates syllables.
    """
    return is_tibetan(ch) and unicodedata.category(ch) in ("Lo", "Mn", "Mc")


def is_tibetan_digit(ch: str) -> bool:
    return "\u0f20" <= ch <= "\u0f29"


DZONGKHA_SYLLABLE_CHARS = frozenset(
    CONSONANTS + "".join(subjoined(c) for c in CONSONANTS) + VOWELS + A_CHUNG
)
