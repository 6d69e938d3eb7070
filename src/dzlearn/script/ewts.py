"""EWTS (Extended Wylie) ⇄ Tibetan script, through the ``pyewts`` package (BDRC, Apache-2.0).

EWTS is the lossless Latin transliteration lesson authors and scholars type (``sku gzugs bzang po``
⇄ སྐུ་གཟུགས་བཟང་པོ). pyewts only *warns* about bad input and then returns something anyway; a
lesson pack or a learner's input converted wrongly in silence would teach a wrong spelling, so
here every warning becomes a ``ValueError`` that names the bad part. Output is in the canonical
form of :func:`dzlearn.script.normalize.normalize`. No phonetics here: see :mod:`roman`.
"""

from __future__ import annotations

import re
from functools import cache

import pyewts

from dzlearn.script.letters import is_tibetan
from dzlearn.script.normalize import normalize

_LINE_PREFIX = re.compile(r"^line \d+: ")
_AMBIGUOUS = "Ambiguous syllable found"
# Word processors turn ' into these; they are never anything but the a-chung apostrophe.
_APOSTROPHES = str.maketrans(dict.fromkeys("ʼʹ‘’ʾ", "'"))


def _problems(warnings: list[str]) -> str:
    return "; ".join(dict.fromkeys(_LINE_PREFIX.sub("", w) for w in warnings))


class Transliterator:
    """One pyewts converter, owned by whoever needs transliteration (pass it in; don't share
    it through a global). Converting is pure; the converter only holds its options."""

    def __init__(self) -> None:
        self._converter = pyewts.pyewts()

    def to_unicode(self, ewts: str) -> str:
        """EWTS → Tibetan script. ``ValueError`` if any part is not valid EWTS."""
        if not ewts.strip():
            return ewts
        # Strict: pyewts's "sloppy" mode guesses (K → k, x → ྾) and cuts text after a leading M.
        warnings: list[str] = []
        text = self._converter.toUnicode(ewts.translate(_APOSTROPHES), warnings, sloppy=False)
        if warnings:
            raise ValueError(f"not valid EWTS: {ewts!r}: {_problems(warnings)}")
        if "[" not in ewts:  # outside [escapes], anything left in Latin was not understood
            stray = [ch for ch in text if not is_tibetan(ch) and not ch.isspace()]
            if stray:
                raise ValueError(f"not valid EWTS: {ewts!r}: unexpected character {stray[0]!r}")
        return normalize(text)

    def to_ewts(self, text: str) -> str:
        """Tibetan script → EWTS. ``ValueError`` if the text holds a sign pyewts cannot place."""
        text = normalize(text)
        warnings: list[str] = []
        ewts = self._converter.toWylie(text, warnings)
        # pyewts warns when its table does not say which letter of a three-letter syllable is
        # the root (གནད), then guesses the middle one; the guess stands if it converts back.
        doubts = [w for w in warnings if _AMBIGUOUS in w]
        if doubts and len(doubts) == len(warnings) and self._round_trips(ewts, text):
            warnings = []
        if warnings:
            raise ValueError(f"cannot transliterate {text!r}: {_problems(warnings)}")
        return ewts

    def _round_trips(self, ewts: str, text: str) -> bool:
        check: list[str] = []
        return normalize(self._converter.toUnicode(ewts, check, sloppy=False)) == text and not check


@cache
def default_transliterator() -> Transliterator:
    """A shared instance, created on first use, for callers without one passed in (scripts,
    the CLI). It is the module's only state and holds no data that changes."""
    return Transliterator()
