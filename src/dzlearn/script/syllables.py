"""Split Tibetan-script text into syllables, and read and check a single syllable.

A learner typing Dzongkha needs to hear *what* is wrong with a syllable ("ཀ cannot take the prefix
ག"), not only that it is wrong, so the checker explains. Its verdicts agree with hunspell-dz (the
project's oracle, see :mod:`dzlearn.script.orthography`); tests/script/test_syllable_oracle.py
holds it to that.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dzlearn.script import letters as L
from dzlearn.script.normalize import normalize
from dzlearn.script.orthography import (
    AMBIGUOUS_ROOT,
    FUSED_PARTICLES,
    LEXICON,
    PARTICLES,
    SECOND_SUFFIX_AFTER,
    STACK_PREFIXES,
    SUBSCRIPT_ROOTS,
    SUPERSCRIPT_ROOTS,
    TAILS,
    TailParts,
)

TokenKind = Literal["syllable", "tsheg", "punctuation", "digits", "space", "other"]


@dataclass(frozen=True)
class Token:
    """A run of text of one kind; ``start`` indexes the text given to :func:`tokenize`."""

    text: str
    kind: TokenKind
    start: int


def _kind(ch: str) -> TokenKind:
    if ch in (L.TSHEG, L.NBSP_TSHEG):
        return "tsheg"
    if L.is_syllable_char(ch):
        return "syllable"
    if L.is_tibetan_digit(ch):
        return "digits"
    if L.is_tibetan(ch):
        return "punctuation"
    return "space" if ch.isspace() else "other"


def tokenize(text: str) -> list[Token]:
    """Cut text at tshegs, shads and other punctuation, spaces, digits and non-Tibetan runs.

    Each tsheg is its own token (a doubled tsheg is two), so a caller can rebuild the text.
    """
    tokens: list[Token] = []
    for i, ch in enumerate(text):
        kind = _kind(ch)
        if tokens and tokens[-1].kind == kind and kind != "tsheg":
            last = tokens[-1]
            tokens[-1] = Token(last.text + ch, kind, last.start)
        else:
            tokens.append(Token(ch, kind, i))
    return tokens


def syllables(text: str) -> list[str]:
    """The syllables of ``text`` in order, without tshegs or punctuation."""
    return [t.text for t in tokenize(text) if t.kind == "syllable"]


@dataclass(frozen=True)
class Syllable:
    """The parts of one syllable; an absent part is "".

    ``ending`` is what Dzongkha writes fused after the suffixes: a case ending (འི, འོ, འང, འམ),
    the diminutive འུ, or a particle (པ, པོ, བོ, ཝ, མ, མོ, ན, ནི) as in རྒྱལཔོ.
    """

    text: str
    prefix: str
    superscript: str
    root: str
    subscripts: tuple[str, ...]
    vowel: str
    suffix: str
    second_suffix: str
    ending: str = ""

    @property
    def stack(self) -> str:
        return (
            self.superscript
            + (L.subjoined(self.root) if self.superscript else self.root)
            + "".join(self.subscripts)
        )


@dataclass(frozen=True)
class SyllableCheck:
    """A verdict a learner can act on: ``problem`` says in plain words what is misspelt."""

    valid: bool
    problem: str | None
    parts: Syllable | None = None


def _units(text: str) -> list[str]:
    """Each base letter with the subjoined letters and signs written on it."""
    units: list[str] = []
    for ch in text:
        if L.is_base_letter(ch) or not units:
            units.append(ch)
        else:
            units[-1] += ch
    return units


def _stack_parts(stack: str) -> tuple[str, str, tuple[str, ...]]:
    top, below = stack[0], stack[1:]
    if below and below[0] not in L.SUBSCRIPTS and top in L.SUPERSCRIPTS and stack != "ཧྥ":
        return top, L.base_of(below[0]), tuple(below[1:])
    return "", top, tuple(below)


def _stack_problem(stack: str, sup: str, root: str, subs: tuple[str, ...]) -> str:
    if sup and root not in SUPERSCRIPT_ROOTS[sup]:
        return f"{root} cannot take the superscript {sup}"
    if not sup and subs and subs[0] not in L.SUBSCRIPTS:
        return f"{L.base_of(subs[0])} cannot be stacked under {root}"
    for sub in subs:
        if sub not in L.SUBSCRIPTS:
            return f"{L.base_of(sub)} cannot be stacked under {stack[: -len(subs)]}"
        if sub == "\u0fad":
            return f"{stack}: the wa-zur ྭ is written only in a few listed words"
        if root not in SUBSCRIPT_ROOTS[sub]:
            return f"{root} cannot take the subscript {sub}"
    if len(subs) > 1:
        return f"{stack} has too many letters stacked under {root}"
    return f"{stack} is not a Dzongkha letter stack"


def _tail_problem(tail: str, stem: str, needs_ending: bool) -> str:
    if needs_ending and not tail:
        return f"the prefixed root {stem} needs a vowel or a suffix"
    if needs_ending and tail in PARTICLES:
        return f"the prefixed root {stem} needs a vowel or a suffix before the particle {tail}"
    units = _units(tail)
    first = units[0]
    if len(first) > 1:
        if first[0] == "འ":
            return f"the ending {tail} is not used after {stem}"
        return f"{first} cannot follow {stem}: only suffixes come after the root and its vowel"
    if first == "འ":
        return f"a-chung འ follows only a prefixed root with no vowel (as in དགའ), not {stem}"
    if first not in L.SUFFIXES:
        return f"{first} cannot be a suffix"
    if len(units) == 1:
        return f"{tail} cannot end a syllable after {stem}"
    second = units[1]
    before = first
    if second == "ས":
        if first not in SECOND_SUFFIX_AFTER:
            return f"ས cannot be a second suffix after {first}"
        before, units = first + "ས", units[1:]
        if len(units) == 1:
            return f"{tail} cannot end a syllable after {stem}"
    elif second == "ད":
        if first in "ནརལ":
            return f"ད after {first} is an archaic second suffix; Dzongkha writes {stem}{first}"
        return f"ད cannot be a second suffix after {first}"
    particle = "".join(units[1:])
    allowed = FUSED_PARTICLES.get(before, ())
    if particle in PARTICLES:
        if particle not in allowed:
            return f"the particle {particle} is not written fused after {before}"
    elif len(units[1]) == 1 and before == first:
        return f"{units[1]} cannot be a second suffix after {first}"
    return f"{tail} cannot end a syllable after {stem}"


@dataclass(frozen=True)
class _Reading:
    """One way of reading the letters: which letter is the root decides the rest."""

    parts: Syllable | None
    problem: str | None
    prefix_ok: bool  # the prefix (if any) legally goes with the stack


def _read(text: str, prefix: str, unit: str, tail: str) -> _Reading:
    stack = unit[0]
    i = 1
    while i < len(unit) and L.is_subjoined_letter(unit[i]):
        stack += unit[i]
        i += 1
    vowel = unit[i:]
    sup, root, subs = _stack_parts(stack)
    if stack not in STACK_PREFIXES:
        return _Reading(None, _stack_problem(stack, sup, root, subs), False)
    if prefix and prefix not in STACK_PREFIXES[stack]:
        return _Reading(None, f"{stack} cannot take the prefix {prefix}", False)
    late = [ch for ch in vowel if L.is_subjoined_letter(ch)]
    if late:
        problem = f"{late[0]} is written after the vowel: stacked letters come before vowel signs"
        return _Reading(None, problem, True)
    if len(vowel) > 1:
        return _Reading(None, "two vowels", True)
    if vowel == L.A_CHUNG:
        return _Reading(None, "the long-vowel mark ཱ is written only in ཨཱ", True)
    needs_ending = bool(prefix) and len(stack) == 1 and not vowel
    tails = TAILS["B" if needs_ending else "A"]
    if tail not in tails:
        return _Reading(None, _tail_problem(tail, prefix + stack + vowel, needs_ending), True)
    suffix, second, ending = tails[tail]
    return _Reading(
        Syllable(text, prefix, sup, root, subs, vowel, suffix, second, ending), None, True
    )


def _loose_tail_parts(tail: str) -> TailParts:
    for tails in TAILS.values():
        if tail in tails:
            return tails[tail]
    units = _units(tail)
    if units and units[0] in L.SUFFIXES:
        second = units[1] if len(units) > 1 and units[1] == "ས" else ""
        return units[0], second, "".join(units[1 + len(second) :])
    return "", "", tail


def _lexical_parts(text: str) -> Syllable:
    """Best-effort parts of a listed word, for the romanizer."""
    units = _units(text)
    prefixed = (
        len(units) > 1
        and units[0] in L.PREFIXES
        and (len(units[1]) > 1 or units[0] in STACK_PREFIXES.get(units[1], ""))
    )
    prefix = units[0] if prefixed else ""
    unit = units[1] if prefixed else units[0]
    stack = unit[0] + "".join(ch for ch in unit[1:] if L.is_subjoined_letter(ch))
    sup, root, subs = _stack_parts(stack)
    vowel = "".join(ch for ch in unit[1:] if not L.is_subjoined_letter(ch))
    suffix, second, ending = _loose_tail_parts("".join(units[2 if prefixed else 1 :]))
    return Syllable(text, prefix, sup, root, subs, vowel, suffix, second, ending)


def _character_problem(text: str) -> str | None:
    for ch in text:
        if ch in L.DZONGKHA_SYLLABLE_CHARS:
            continue
        if not L.is_tibetan(ch):
            return f"not a Tibetan syllable: {ch!r} is not Tibetan script"
        if not L.is_syllable_char(ch):
            return f"{ch} (U+{ord(ch):04X}) separates syllables; check one syllable at a time"
        return f"{ch} (U+{ord(ch):04X}) is not used in Dzongkha spelling"
    if not L.is_base_letter(text[0]):
        return f"starts with {text[0]}: a syllable starts with a consonant, not a sign"
    return None


def check(syllable: str) -> SyllableCheck:
    """Is ``syllable`` (one syllable, no tsheg) correctly spelt Dzongkha, and if not, why?"""
    text = normalize(syllable)
    for mark in L.IGNORED_MARKS:
        text = text.replace(mark, "")
    if not text:
        return SyllableCheck(False, "not a Tibetan syllable: it is empty")
    problem = _character_problem(text)
    if problem:
        return SyllableCheck(False, problem)
    units = _units(text)
    plain = _read(text, "", units[0], "".join(units[1:]))
    prefixed = _Reading(None, None, False)
    if len(units) > 1 and units[0] in L.PREFIXES:
        prefixed = _read(text, units[0], units[1], "".join(units[2:]))
    if plain.parts and prefixed.parts:
        return SyllableCheck(True, None, _likelier(plain.parts, prefixed.parts))
    if plain.parts or prefixed.parts:
        return SyllableCheck(True, None, plain.parts or prefixed.parts)
    for cut in range(len(text), 0, -1):
        stem_class = LEXICON.get(text[:cut])
        if stem_class and text[cut:] in TAILS[stem_class]:
            return SyllableCheck(True, None, _lexical_parts(text))
    if prefixed.problem and (len(units[1]) > 1 or prefixed.prefix_ok or units[1] not in L.SUFFIXES):
        return SyllableCheck(False, prefixed.problem)  # the second letter is plainly the root
    return SyllableCheck(False, plain.problem)


def _likelier(plain: Syllable, prefixed: Syllable) -> Syllable:
    """Choose between two legal readings of the same letters (དགས: d-gas or dag-s?)."""
    root_index = AMBIGUOUS_ROOT.get(plain.text[:3])
    if root_index is not None:
        return prefixed if root_index == 1 else plain
    if plain.ending and not prefixed.ending:
        return prefixed  # a fused particle is the rarer reading: དངན is d-ngan
    return plain


def parse(syllable: str) -> Syllable:
    """The parts of a correctly spelt syllable; ``ValueError`` saying what is wrong otherwise."""
    result = check(syllable)
    if result.parts is None:
        raise ValueError(f"{syllable}: {result.problem}")
    return result.parts
