"""Why a word sounds as it does: plain-English notes on its silent letters and sound rules.

A learner who types "kuzuzangpo" and gets སྐུ་གཟུགས་བཟང་པོ sees letters they did not type; the notes
say which letters are silent and why, by the same official rules :mod:`dzlearn.script.roman`
applies (docs/dzongkha.md), so an explanation never disagrees with the romanization shown.
"""

from __future__ import annotations

from dataclasses import replace

from dzlearn.script.letters import SHAD, TSHEG, is_subjoined_letter
from dzlearn.script.normalize import normalize
from dzlearn.script.roman import (
    ENDING_SOUNDS,
    EXCEPTIONS,
    RA_SUBSCRIPT,
    SUFFIX_SOUNDS,
    UMLAUT,
    UMLAUT_ENDINGS,
    UMLAUT_SUFFIXES,
    VOWEL_SOUNDS,
    YA_SUBSCRIPT,
    romanize_syllable,
    romanize_word,
)
from dzlearn.script.syllables import Syllable, check, tokenize

YA, RA, LA, WA = "\u0fb1", "\u0fb2", "\u0fb3", "\u0fad"
_SPELT_AS = {"ཆ": "ཆ is written chh (an aspirated ch)", "ཅ": "ཅ is written ch"}


def _initial(s: Syllable) -> str:
    bare = replace(s, suffix="", second_suffix="", ending="")
    return romanize_syllable(bare)[: -len(VOWEL_SOUNDS.get(s.vowel, "a"))]


def _onset_notes(s: Syllable, initial: str) -> list[str]:
    notes: list[str] = []
    subs = [sub for sub in s.subscripts if sub != WA]
    if s.prefix == "ད" and s.root == "བ" and not s.superscript and subs == [YA]:
        notes.append("དབྱ is said y: the prefix ད and the root བ under a ya-subscript give y")
    elif s.prefix == "ད" and s.root == "བ" and not s.superscript and not subs and not s.vowel:
        notes.append("the prefix ད before བ with the vowel a is said w")
    elif s.prefix:
        notes.append(f"{s.prefix} is a silent prefix")
    if s.superscript == "ལ" and s.root == "ཧ":
        notes.append("ལ over ཧ is said lh")
    elif s.superscript:
        notes.append(f"{s.superscript} is a silent superscript")
    if WA in s.subscripts:
        notes.append("the wa-zur ྭ under the root is silent")
    if s.root == "ཧ" and s.subscripts == ("\u0fa5",):
        notes.append("ཧ with ཕ under it is the borrowed sound f")
    elif subs == [YA] and s.prefix != "ད":
        rule = "the ya-subscript ྱ"
        said = YA_SUBSCRIPT.get(s.root)
        notes.append(f"{s.root} with {rule} is said {said or initial}")
    elif subs == [RA]:
        said = RA_SUBSCRIPT.get(s.root, initial)
        notes.append(f"{s.root} with the ra-subscript ྲ is said {said}")
    elif subs == [LA]:
        if s.root == "ཟ":
            notes.append("ཟ with the la-subscript ླ is said d")
        else:
            notes.append(f"with the la-subscript ླ only the l is said; {s.root} is silent")
    elif not subs and not s.superscript and s.root in _SPELT_AS:
        notes.append(_SPELT_AS[s.root])
    if s.root in "ཨའ" and not s.prefix and not s.superscript:
        notes.append(f"{s.root} carries the vowel and is not said itself")
    return notes


def _tail_notes(s: Syllable) -> list[str]:
    notes: list[str] = []
    suffix, ending = s.suffix, s.ending
    if not suffix and len(ending) > 1 and is_subjoined_letter(ending[1]):
        notes.append(
            f"{ending[0]} closes this syllable like a suffix: {ending} is a Sanskrit stack"
        )
        return notes
    vowel = VOWEL_SOUNDS.get(s.vowel, "a")
    umlaut_by = suffix if suffix and suffix in UMLAUT_SUFFIXES else ""
    if ending in UMLAUT_ENDINGS:
        umlaut_by = ending
    if umlaut_by and vowel in UMLAUT:
        notes.append(f"{umlaut_by} after the vowel changes {vowel} to {UMLAUT[vowel]} (umlaut)")
    if suffix:
        sound = SUFFIX_SOUNDS.get(suffix, "")
        if not sound:
            notes.append(f"the suffix {suffix} is silent")
        elif suffix == "ག":
            notes.append("the suffix ག is said k (often dropped in speech)")
        elif suffix == "བ":
            notes.append("the suffix བ is said p")
    if s.second_suffix:
        notes.append(f"the second suffix {s.second_suffix} is silent")
    if ending in ENDING_SOUNDS:
        notes.append(f"{ending} is a particle written joined to the syllable")
    elif ending in UMLAUT_ENDINGS:
        notes.append(f"{ending} is the genitive ending written joined to the syllable")
    return notes


def explain_syllable(
    syllable: str, sound: str | None = None, context: list[str] | None = None
) -> list[str]:
    """Notes on one syllable, each starting with the syllable and its sound (``sound`` and
    ``context`` notes when the neighbouring syllables change it)."""
    result = check(syllable)
    if result.parts is None:
        return [f"{syllable}: not a correctly spelt syllable ({result.problem})"]
    s = result.parts
    said = sound or romanize_syllable(s)
    notes = (context or []) + _onset_notes(s, _initial(s)) + _tail_notes(s)
    if not notes:
        notes = ["said as it is spelt"]
    return [f"{syllable} ({said}): {note}" for note in notes]


def _word_notes(syllables: list[str]) -> list[str]:
    notes: list[str] = []
    word = TSHEG.join(syllables)
    for listed, official in EXCEPTIONS.items():
        if normalize(listed) in word:
            rules = romanize_word(listed.split(TSHEG), exceptions={})
            notes.append(
                f"{listed} is officially {official}; the spelling rules alone give {rules}"
            )
    return notes


def explain(dz_text: str) -> list[str]:
    """Short notes on every syllable of ``dz_text``: silent letters, sound changes, exceptions.

    A misspelt syllable gets a note saying what is wrong; non-Tibetan text is passed over.
    """
    notes: list[str] = []
    word: list[str] = []

    def finish() -> None:
        if not word:
            return
        for n, syllable in enumerate(word):
            sound, context = None, []
            result = check(syllable)
            if n and result.parts is not None and _is_bare_ba(result.parts):
                previous = check(word[n - 1]).parts
                if previous and romanize_syllable(previous)[-1:] in "aeiou":
                    sound = "w" + romanize_syllable(result.parts)[1:]
                    context.append("བ after a vowel is said w")
            notes.extend(explain_syllable(syllable, sound, context))
        notes.extend(_word_notes(word))
        word.clear()

    for token in tokenize(normalize(dz_text)):
        if token.kind == "syllable":
            word.append(token.text)
        elif token.kind != "tsheg" or token.text == SHAD:
            finish()
    finish()
    return notes


def _is_bare_ba(s: Syllable) -> bool:
    return s.root == "བ" and not (s.prefix or s.superscript or s.subscripts)
