"""The one canonical form dzlearn compares Tibetan-script text in.

The same syllable reaches the app in several byte sequences: precomposed vowels that Unicode
discourages (U+0F73 ཱི, U+0F75 ཱུ, U+0F81 ཱྀ, U+0F77 ྲཱྀ, U+0F79 ླཱྀ), precomposed stacks (U+0F43 གྷ),
and combining marks typed in a different order. A learner who types the right letters must not be
marked wrong because their keyboard or a lesson author's editor chose another sequence, so every
comparison goes through :func:`normalize`.

The form is Unicode NFD with the two compatibility-only decompositions (U+0F77, U+0F79) applied as
well. NFD's canonical ordering sorts each run of combining marks by combining class, stably, which
gives the stable order of marks (a-chung ཱ before ི/ེ/ོ before ུ). Subjoined letters have class 0, so
a subjoined letter typed after a vowel stays there: that is a different (misspelt) text, and it
renders differently, so it must not compare equal.
"""

from __future__ import annotations

import unicodedata

# Unicode gives these only compatibility decompositions, which NFD does not apply.
_DISCOURAGED = str.maketrans(
    {
        "\u0f77": "\u0fb2\u0f71\u0f80",  # ཷ → ྲ ཱ ྀ
        "\u0f79": "\u0fb3\u0f71\u0f80",  # ཹ → ླ ཱ ྀ
    }
)


def normalize(text: str) -> str:
    """Return ``text`` in dzlearn's canonical form (NFD, no discouraged precomposed signs)."""
    return unicodedata.normalize("NFD", text.translate(_DISCOURAGED))
