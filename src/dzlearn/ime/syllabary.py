"""The syllabary: every common Dzongkha syllable shape, found by its sound.

A learner must be able to type any correctly spelt syllable, not only the words in the lexicon, so
the input method falls back to syllables: prefix × stack (every stack and prefix the spelling
tables allow) × vowel × tail (no suffix, one suffix, or a suffix with the second suffix ས). That is
about 19,000 spellings; enumerating and romanizing them all would cost a quarter of a second, so
they are grouped instead by the sound of their two halves (the initial, and vowel + suffix),
which the official rules give independently (docs/dzongkha.md). A sound key lists the pairs of
halves that make it, and the spellings behind a key are only built when one is asked for.
The spellings the tables list whole (wa-zur words such as གྲྭ) are added by sound; fused
particles and endings are typed as separate syllables, as lexicon words, or in EWTS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

from dzlearn.ime.phonetic import phonetic_key
from dzlearn.script.letters import PREFIXES, SUBSCRIPTS, SUPERSCRIPTS, VOWELS, base_of
from dzlearn.script.orthography import LEXICON as LISTED_SPELLINGS
from dzlearn.script.orthography import STACK_PREFIXES, TAILS
from dzlearn.script.roman import (
    SUFFIX_SOUNDS,
    UMLAUT,
    UMLAUT_SUFFIXES,
    VOWEL_SOUNDS,
    romanize_syllable,
)
from dzlearn.script.syllables import Syllable, check

VOWEL_CHOICES = ("", *VOWELS)
TAIL_CHOICES = ("", "ག", "ང", "ད", "ན", "བ", "མ", "འ", "ར", "ལ", "ས", "གས", "ངས", "བས", "མས")
_SILENT_TAIL_COST = 2  # a silent ད ས འ or second suffix: the rarer spelling of a sound


@dataclass(frozen=True, slots=True)
class Spelling:
    text: str  # one syllable in Tibetan script
    roman: str  # its official sound
    complexity: int  # letters beyond the root and vowel: fewer is the likelier guess


@dataclass(frozen=True, slots=True)
class _Onset:
    text: str  # prefix + stack
    bare_prefixed: bool  # a prefix on a single letter: with no vowel it needs a suffix
    complexity: int


@dataclass(frozen=True, slots=True)
class _Tables:
    # initial sound (for the inherent vowel a / any other vowel) → onsets
    onsets: Mapping[tuple[str, bool], tuple[_Onset, ...]]
    # vowel + tail sound → (vowel, tail)
    rhymes: Mapping[str, tuple[tuple[str, str], ...]]
    # phonetic key → (initial sound, vowel is a, rhyme sound)
    keys: Mapping[str, tuple[tuple[str, bool, str], ...]]
    # phonetic key → spellings listed whole in the spelling tables (wa-zur words, ཨཱ …)
    listed: Mapping[str, tuple[Spelling, ...]]


def rhyme_sound(vowel: str, tail: str) -> str:
    """Vowel and suffix sound by the official rules (umlaut before ད ན ལ ས)."""
    sound = VOWEL_SOUNDS[vowel]
    suffix = tail[:1]
    if suffix and suffix in UMLAUT_SUFFIXES:
        sound = UMLAUT.get(sound, sound)
    return sound + SUFFIX_SOUNDS.get(suffix, "")


def _stack_parts(stack: str) -> tuple[str, str, tuple[str, ...]]:
    """Superscript, root and subscripts of a stack from the spelling tables."""
    if len(stack) > 1 and stack[0] in SUPERSCRIPTS and stack[1] not in SUBSCRIPTS:
        if stack != "ཧྥ":
            return stack[0], base_of(stack[1]), tuple(stack[2:])
    return "", stack[0], tuple(stack[1:])


def _onsets() -> list[tuple[_Onset, str, str]]:
    """Each onset with its initial sound before a and before another vowel."""
    found = []
    for stack, prefixes in STACK_PREFIXES.items():
        sup, root, subs = _stack_parts(stack)
        for prefix in ("", *prefixes):
            text = prefix + stack
            parts = Syllable(text, prefix, sup, root, subs, "\u0f72", "", "")
            with_a = romanize_syllable(replace(parts, vowel=""))[:-1]
            with_i = romanize_syllable(parts)[:-1]
            complexity = len(text) - 1
            found.append(
                (_Onset(text, bool(prefix) and len(stack) == 1, complexity), with_a, with_i)
            )
    return found


@cache
def _tables() -> _Tables:
    onsets: dict[tuple[str, bool], list[_Onset]] = {}
    for onset, with_a, with_i in _onsets():
        onsets.setdefault((with_a, True), []).append(onset)
        onsets.setdefault((with_i, False), []).append(onset)
    rhymes: dict[str, list[tuple[str, str]]] = {}
    for vowel in VOWEL_CHOICES:
        for tail in TAIL_CHOICES:
            rhymes.setdefault(rhyme_sound(vowel, tail), []).append((vowel, tail))
    keys: dict[str, list[tuple[str, bool, str]]] = {}
    for rhyme, pairs in rhymes.items():
        for is_a in {vowel == "" for vowel, _ in pairs}:
            for initial, a in onsets:
                if a == is_a:
                    keys.setdefault(phonetic_key(initial + rhyme), []).append((initial, a, rhyme))
    listed: dict[str, list[Spelling]] = {}
    for stem in LISTED_SPELLINGS:
        try:
            sound = romanize_syllable(stem)
        except ValueError:
            continue
        listed.setdefault(phonetic_key(sound), []).append(Spelling(stem, sound, len(stem)))
    return _Tables(
        {k: tuple(v) for k, v in onsets.items()},
        {k: tuple(v) for k, v in rhymes.items()},
        {k: tuple(sorted(v)) for k, v in keys.items()},
        {k: tuple(v) for k, v in listed.items()},
    )


def _ambiguous(onset: _Onset) -> bool:
    """A bare letter that could be a prefix, or a prefix on a bare letter: with no vowel, the
    tail may make the rules read it another way (འགས is prefix འ + root ག, བགས root བ)."""
    return onset.bare_prefixed or (len(onset.text) == 1 and onset.text in PREFIXES)


def _read_otherwise(text: str, onset: _Onset) -> bool:
    parts = check(text).parts
    prefix = onset.text[0] if onset.bare_prefixed else ""
    return parts is None or parts.prefix != prefix or parts.root != onset.text[-1]


class Syllabary:
    """Spellings by sound key, likeliest first: attested in the lexicon (by weight), then simplest.

    ``attested`` maps a syllable (Tibetan script) to how much the lexicon uses it.
    """

    def __init__(self, attested: Mapping[str, float] | None = None) -> None:
        self._tables = _tables()
        self._attested = dict(attested or {})
        self._spellings: dict[str, tuple[Spelling, ...]] = {}

    @property
    def keys(self) -> set[str]:
        """Every phonetic key some syllable sounds like."""
        return set(self._tables.keys) | set(self._tables.listed)

    def spellings(self, key: str) -> tuple[Spelling, ...]:
        """The syllables whose sound folds to ``key``, likeliest first; () if none."""
        found = self._spellings.get(key)
        if found is None:
            found = self._spellings[key] = self._build(key)
        return found

    def _build(self, key: str) -> tuple[Spelling, ...]:
        tables = self._tables
        out: dict[str, Spelling] = {}
        for initial, is_a, rhyme in tables.keys.get(key, ()):
            for vowel, tail in tables.rhymes[rhyme]:
                if (vowel == "") != is_a:
                    continue
                silent = tail[1:] or (tail and not SUFFIX_SOUNDS.get(tail[0]))
                for onset in tables.onsets[(initial, is_a)]:
                    class_b = onset.bare_prefixed and not vowel
                    if tail not in TAILS["B" if class_b else "A"]:
                        continue
                    text = onset.text + vowel + tail
                    if not vowel and tail and _ambiguous(onset) and _read_otherwise(text, onset):
                        continue
                    cost = onset.complexity + len(tail) + (_SILENT_TAIL_COST if silent else 0)
                    if text not in out or out[text].complexity > cost:
                        out[text] = Spelling(text, initial + rhyme, cost)
        for spelling in tables.listed.get(key, ()):
            out.setdefault(spelling.text, spelling)
        attested = self._attested
        return tuple(
            sorted(out.values(), key=lambda s: (-attested.get(s.text, 0.0), s.complexity, s.text))
        )
