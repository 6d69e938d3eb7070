"""Candidate syllables, right and wrong, for comparing the checker with hunspell-dz.

:func:`candidates` is built from the letters alone (prefix × superscript × root × subscript ×
vowel × tail), plus the words hunspell-dz lists in its own dz.dic, plus seeded random junk, so that
the candidates do not come from the checker's tables they are meant to test.
:func:`valid_syllables` does use those tables: it feeds tests of other modules (EWTS round trips)
with correctly spelt syllables.
"""

from __future__ import annotations

import random
from itertools import product
from pathlib import Path

from hypothesis import strategies as st

from dzlearn.script.letters import CONSONANTS, VOWELS, subjoined
from dzlearn.script.orthography import LEXICON, STACK_PREFIXES
from dzlearn.script.orthography import TAILS as TAIL_TABLE

HUNSPELL_DZ = Path(__file__).resolve().parents[3] / "shared" / "data" / "hunspell-dz"

PREFIXES = ("", "ག", "ད", "བ", "མ", "འ")
SUPERSCRIPTS = ("", "ར", "ལ", "ས")
SUBSCRIPTS = ("", "\u0fb1", "\u0fb2", "\u0fb3", "\u0fad", "\u0fb2\u0fad", "\u0fb1\u0fad")
VOWEL_CHOICES = ("", *VOWELS, "\u0f71", "\u0f72\u0f74")
PARTICLES = ("ཝ", "བོ", "པ", "པོ", "མ", "མོ", "ན", "ནི")
ENDINGS = ("འ", "འི", "འོ", "འུ", "འིའོ", "འང", "འམ", "འབོ", "འཝ", "འམོ", "འེ")
SHORT_TAILS = ("", "འ", "ག", "ད", "གས", "ནས", "འི", "པོ", "ཀ", "ཝ")

# hunspell's word characters in the Tibetan block (probed with the CLI); the junk alphabet.
_WORD_CHARS = (
    [chr(c) for c in range(0x0F40, 0x0F6B) if c != 0x0F48]
    + [chr(c) for c in range(0x0F71, 0x0F85) if c != 0x0F7F]
    + [chr(c) for c in range(0x0F90, 0x0FBD) if c != 0x0F98]
    + ["\u0f35", "\u0f37", "\u0f39", "\u0f00"]
)
_COMMON = list(CONSONANTS) * 3 + list(VOWELS) * 3 + [subjoined(c) for c in "ཀགཡརལཝ"] * 2


def _tails() -> list[str]:
    letters = list(CONSONANTS)
    tails = ["", *letters, *ENDINGS, *PARTICLES]
    for first in "གངདནབམའརལས":
        tails += [first + second for second in "སདཀཔཝམནབ"]
        tails += [first + p for p in PARTICLES]
        tails += [first + "ས" + p for p in PARTICLES]
    return list(dict.fromkeys(tails))


TAILS = _tails()


def onsets() -> list[str]:
    """Every prefix × superscript × root × subscript spelling, legal or not."""
    return [p + s + (subjoined(r) if s else r) + b for p, s, r, b in
            product(PREFIXES, SUPERSCRIPTS, CONSONANTS, SUBSCRIPTS)]  # fmt: skip


def _tail_test_onsets() -> list[str]:
    """A spread of onsets whose every ending is tried: bare, prefixed, stacked, wrong."""
    chosen = ["ཀ", "ག", "ད", "བ", "ན", "ཨ", "འ", "ཝ", "ཧ", "ལ", "ཏ", "ཅ"]
    chosen += ["དཀ", "བཀ", "མཁ", "འག", "དམ", "གཡ", "བས", "གད", "དབ", "གཀ", "མཀ", "བཏ"]
    chosen += ["སྐ", "རྒྱ", "བསྒྲ", "ཀྲ", "ལྷ", "ཟླ", "དབྱ", "ཀྭ", "ཏྲ", "སྨྲ", "ལྐ", "ཅྲ"]
    return chosen


def lexicon_stems() -> list[str]:
    """The stems hunspell-dz's dz.dic lists (its own data, read here only to pick candidates)."""
    lines = (HUNSPELL_DZ / "dz.dic").read_text(encoding="utf-8").splitlines()[1:]
    return sorted({line.split("/")[0] for line in lines if line})


def junk(count: int, seed: int = 20260427) -> list[str]:
    """Seeded random strings of hunspell word characters, mostly common letters."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        pool = _COMMON if rng.random() < 0.7 else _WORD_CHARS
        out.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 6))))
    return out


def candidates() -> list[str]:
    """All candidates, deduplicated, in a fixed order."""
    found: list[str] = []
    for onset in onsets():
        for vowel, tail in product(VOWEL_CHOICES[:5], SHORT_TAILS):
            found.append(onset + vowel + tail)
    for onset in _tail_test_onsets():
        for vowel, tail in product(VOWEL_CHOICES, TAILS):
            found.append(onset + vowel + tail)
    for stem in lexicon_stems():
        for vowel, tail in product(("", "\u0f72", "\u0f7c"), TAILS):
            found.append(stem + vowel + tail)
    found += junk(40_000)
    return list(dict.fromkeys(found))


def built_syllables() -> st.SearchStrategy[str]:
    """Hypothesis strategy: a syllable assembled from parts, valid or not."""
    stack = st.tuples(st.sampled_from(SUPERSCRIPTS), st.sampled_from(CONSONANTS)).map(
        lambda sr: sr[0] + (subjoined(sr[1]) if sr[0] else sr[1])
    )
    return st.tuples(
        st.sampled_from(PREFIXES),
        stack,
        st.sampled_from(SUBSCRIPTS),
        st.sampled_from(VOWEL_CHOICES),
        st.sampled_from(TAILS),
    ).map("".join)


@st.composite
def valid_syllables(draw: st.DrawFn) -> str:
    """Hypothesis strategy: a correctly spelt syllable, assembled from the spelling tables."""
    if draw(st.integers(0, 9)) == 0:
        stem = draw(st.sampled_from(sorted(LEXICON)))
        return stem + draw(st.sampled_from(sorted(TAIL_TABLE[LEXICON[stem]])))
    stack = draw(st.sampled_from(sorted(STACK_PREFIXES)))
    prefix = draw(st.sampled_from(["", *STACK_PREFIXES[stack]]))
    vowel = draw(st.sampled_from(["", *VOWELS]))
    needs_ending = bool(prefix) and len(stack) == 1 and not vowel
    tail = draw(st.sampled_from(sorted(TAIL_TABLE["B" if needs_ending else "A"])))
    return prefix + stack + vowel + tail
