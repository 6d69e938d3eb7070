"""Phonetic keys: the folded form in which typed Latin and Roman Dzongkha are compared.

Learners spell by ear ("kuzuzangpo", "kadrinche", "tashi delek"), so the Roman Dzongkha the rules
give ("kuzukzangpo", "kadrinchhe", "trashi delek") and what people type must meet in one form.
Folding: lower case; ü ö ä → u o e, v q → w k; every non-letter is dropped (a separator is
remembered as a *hint* for the next letter); ``ue``/``oe`` → u/o; an aspirate ``h`` after
k t p c l d b g or ``ts`` is dropped (chh/ch/c → c, tsh → ts, lh → l, but sh and zh stay);
``r`` after t/d is dropped (tr → t, dr → d, thr → t); doubled letters collapse. Each letter's
fold depends only on the letters before it, so the key of a prefix of the input is a prefix of
the key of the whole input: the engine can
keep its work from one keystroke to the next.

A syllable-final k or g (often dropped in speech) cannot be folded that way, since whether a k is
final depends on what follows; instead lexicon keys omit it (:func:`entry_key`) and the engine's
matcher may skip a typed k or g after a vowel.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

VOWELS = frozenset("aeiou")
_H_DROPPED_AFTER = frozenset("ktpcldbg")
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
# Typed letters that are not in Roman Dzongkha but stand for one of its sounds.
_SPECIAL = {"ü": "u", "ö": "o", "ä": "e", "v": "w", "q": "k"}
# Within a word these are no boundary: the apostrophe marks a high tone ('lopdra).
_TRANSPARENT = frozenset("'ʼ’‘`´")
# Official Roman Dzongkha has no kl, kr, gl, gr onsets (those letters are said l, tr, dr): a k or
# g after a vowel ends a syllable unless a vowel follows; before y it may start ky or gy.
_CODA_KG = re.compile(r"(?<=[aeiou])[kg](?=$|[^aeiouy])")
_CODA_KG_BEFORE_Y = re.compile(r"(?<=[aeiou])[kg](?=y)")


@lru_cache(maxsize=4096)
def _letter(ch: str) -> str:
    """The a–z letter ``ch`` folds to, or "" if it is not a letter."""
    low = ch.lower()
    if low in _SPECIAL:
        return _SPECIAL[low]
    if low in _LETTERS:
        return low
    base = unicodedata.normalize("NFD", low)[:1]
    return _SPECIAL.get(base, base) if base in _LETTERS or base in _SPECIAL else ""


_COMMON = {chr(c): _letter(chr(c)) for c in range(128)} | {c: _letter(c) for c in "üöäÜÖÄ"}


def _letter_of(raw: str) -> str:
    found = _COMMON.get(raw)
    return _letter(raw) if found is None else found


@dataclass(frozen=True, slots=True)
class Folded:
    """``key[k]`` came from ``text[src[k]]``; ``hints[k]``: a separator came just before it."""

    text: str
    key: str
    src: tuple[int, ...]
    hints: tuple[bool, ...]

    def surface(self, start: int, end: int) -> str:
        """The typed text behind ``key[start:end]`` (with letters folded away at its end)."""
        if start >= end:
            return ""
        stop = self.src[end] if end < len(self.src) else len(self.text)
        return self.text[self.src[start] : stop]


def fold(text: str) -> Folded:
    """Fold typed or official Latin text to its phonetic key (see the module docstring)."""
    key: list[str] = []
    src: list[int] = []
    hints: list[bool] = []
    pending_hint = False
    adjacent = False  # the previous character was a letter (or a tone apostrophe)
    for i, raw in enumerate(text):
        ch = _letter_of(raw)
        if not ch:
            if raw in _TRANSPARENT:
                continue
            pending_hint = pending_hint or bool(key)
            adjacent = False
            continue
        prev = key[-1] if key else ""
        if adjacent:
            if ch == "h" and (
                prev in _H_DROPPED_AFTER or (prev == "s" and len(key) > 1 and key[-2] == "t")
            ):
                continue
            if (ch == "e" and prev in "uo") or (ch == "r" and prev in "td"):
                continue
        adjacent = True
        if ch == prev:
            continue
        key.append(ch)
        src.append(i)
        hints.append(pending_hint)
        pending_hint = False
    return Folded(text, "".join(key), tuple(src), tuple(hints))


def phonetic_key(text: str) -> str:
    """``fold(text).key``, faster (the index folds every lexicon entry while it loads)."""
    out: list[str] = []
    prev = prev2 = ""
    adjacent = False
    for raw in text:
        ch = _COMMON.get(raw)
        if ch is None:
            ch = _letter(raw)
        if not ch:
            if raw not in _TRANSPARENT:
                adjacent = False
            continue
        if adjacent and (
            (ch == "h" and (prev in _H_DROPPED_AFTER or (prev == "s" and prev2 == "t")))
            or (ch == "e" and prev in "uo")
            or (ch == "r" and prev in "td")
        ):
            continue
        adjacent = True
        if ch != prev:
            out.append(ch)
            prev2, prev = prev, ch
    return "".join(out)


def entry_keys(roman: str) -> tuple[str, ...]:
    """The keys a lexicon word is indexed under: folded, without syllable-final k/g.

    A k or g before y may end one syllable (luk·yik) or start the next (ka·kyi), so such a word
    gets a second key without it. Spaces in a phrase are ignored (so doubled letters across them
    collapse, as in typing).
    """
    key = _CODA_KG.sub("", phonetic_key(roman.replace(" ", "")))
    if "y" not in key:
        return (key,)
    other = _CODA_KG_BEFORE_Y.sub("", key)
    return (key,) if other == key else (key, other)


def entry_key(roman: str) -> str:
    """The main key of a lexicon word (see :func:`entry_keys`)."""
    return entry_keys(roman)[0]


def light(text: str) -> str:
    """Lower-case letters only, ü ö ä spelt ue oe e: the form typed text is compared in
    letter by letter (to prefer, among words with one key, the one spelt as typed)."""
    out = []
    for raw in text.lower():
        if raw in _LETTERS:
            out.append(raw)
        elif raw in "üöä":
            out.append({"ü": "ue", "ö": "oe", "ä": "e"}[raw])
    return "".join(out)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance; the strings are a few letters long."""
    if a == b:
        return 0
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    a, b = a[start:], b[start:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a or not b:
        return len(a) + len(b)
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
