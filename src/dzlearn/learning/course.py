"""The Dzongkha keyboard course: its stages, and the real text each stage may be drilled with.

The order follows how Bhutanese readers learn the script — the thirty letters in rows of four
(ka kha ga nga …), then the four vowel signs, then letters written below (Shift on the DDC
keyboard) and above — and ends with whole syllables, words and phrases. Inside that order keys
arrive one at a time, keybr-style (:mod:`dzlearn.learning.drills` decides when).

Drill text is never invented. It is made of syllables and words from the lexicon, and of the
primer syllables every Dzongkha reader recites (a bare letter such as ཀ, a letter with a vowel
such as ཀི, a bare stack such as སྐ). Every syllable passes the syllable checker, which agrees
with the hunspell-dz oracle.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from dzlearn.ime.lexicon import LexiconEntry
from dzlearn.script import letters as L
from dzlearn.script.keyboard import KEY_BY_CODE, SPACE_CODE, Keystroke, keystrokes_for
from dzlearn.script.syllables import check

TSHEG = L.TSHEG
SHAD = L.SHAD
SPACE = " "
SUBSCRIPT_MARKS = "\u0fb1\u0fb2\u0fb3"  # ྱ ྲ ླ: the letters written below that the course teaches

TextKind = Literal["letters", "syllables", "words", "phrases"]


@dataclass(frozen=True)
class Stage:
    """A part of the course. ``units`` are the keys (one character) or letter stacks (several)
    it introduces, in order; ``kind`` says what the drill text is made of."""

    id: str
    title: str
    units: tuple[str, ...]
    kind: TextKind = "letters"


def _row(n: int, letters: str) -> Stage:
    return Stage(f"row-{n}", f"Alphabet row {n}: {' '.join(letters)}", tuple(letters))


SUPERSCRIPT_STACKS = (
    "སྐ", "སྒ", "སྔ", "སྟ", "སྡ", "སྣ", "སྤ", "སྦ",
    "རྐ", "རྒ", "རྙ", "རྟ", "རྡ", "རྣ", "རྩ", "རྫ",
    "ལྟ", "ལྡ", "ལྷ",
)  # fmt: skip

STAGES: tuple[Stage, ...] = (
    Stage("row-1", "Alphabet row 1: ཀ ཁ ག ང and the tsheg", ("ཀ", "ཁ", "ག", "ང", TSHEG)),
    _row(2, "ཅཆཇཉ"),
    _row(3, "ཏཐདན"),
    _row(4, "པཕབམ"),
    _row(5, "ཙཚཛཝ"),
    _row(6, "ཞཟའཡ"),
    _row(7, "རལཤས"),
    _row(8, "ཧཨ"),
    Stage("vowels", "Vowel signs: ི ུ ེ ོ", tuple(L.VOWELS)),
    Stage("subscripts", "Letters below (Shift): ya, ra, la", tuple(SUBSCRIPT_MARKS)),
    Stage("superscripts", "Letters above: ra, la, sa", SUPERSCRIPT_STACKS),
    Stage("syllables", "Whole syllables", (), "syllables"),
    Stage("words", "Words", (), "words"),
    Stage("phrases", "Phrases: the shad ། and a space", (SHAD, SPACE), "phrases"),
)

ITEMS_PER_DRILL: dict[TextKind, int] = {"letters": 8, "syllables": 8, "words": 5, "phrases": 2}
WORD_SYLLABLES = (1, 3)  # a "word" item has this many syllables
PHRASE_SYLLABLES = (3, 6)
EVERYDAY_TOPICS = frozenset(
    {"greeting", "courtesy", "everyday", "family", "food", "health", "place", "time", "number",
     "nature", "e-service", "dzongkhag", "town", "body", "life-event"}
)  # fmt: skip
COURTESY_TOPICS = frozenset({"greeting", "courtesy"})
PHRASE_TOPICS = frozenset({"greeting", "courtesy", "everyday", "e-service", "health", "family"})


@dataclass(frozen=True)
class Step:
    """One unlock: a new unit, or (``unit`` None) moving on to a stage that adds no key."""

    stage: int
    unit: str | None


@dataclass(frozen=True)
class DrillItem:
    """A syllable, word or phrase a drill may use; ``requires`` lists the course units needed
    to type it."""

    text: str
    weight: float
    requires: frozenset[str]


def requirements(text: str) -> frozenset[str] | None:
    """The course units typing ``text`` needs; None if it needs something the course never
    teaches (a Sanskrit stack, the wa-zur, the a-chung, a letter above that is not taught)."""
    needs: set[str] = set()
    taught_stacks = set(SUPERSCRIPT_STACKS)
    units: list[str] = []
    for ch in text:
        if units and (L.is_subjoined_letter(ch) or _sign(ch)):
            units[-1] += ch
        else:
            units.append(ch)
    for unit in units:
        base, rest = unit[0], unit[1:]
        below = "".join(ch for ch in rest if L.is_subjoined_letter(ch))
        signs = "".join(ch for ch in rest if not L.is_subjoined_letter(ch))
        if base in (TSHEG, SHAD, SPACE) or base in L.CONSONANTS:
            needs.add(base)
        else:
            return None
        plain_below = below.rstrip(SUBSCRIPT_MARKS)
        if plain_below:
            if len(plain_below) > 1 or base + plain_below not in taught_stacks:
                return None
            needs.add(base + plain_below)
        for mark in below[len(plain_below) :]:
            needs.add(mark)
        for sign in signs:
            if sign not in L.VOWELS:
                return None
            needs.add(sign)
    return frozenset(needs)


def _sign(ch: str) -> bool:
    return ch in L.VOWELS or ch == L.A_CHUNG


def shad_ended(phrase: str) -> str:
    """A phrase closed with the shad; after ང a tsheg stays before it (ང་།), as Dzongkha writes."""
    return phrase + (TSHEG + SHAD if phrase.endswith("ང") else SHAD)


def _valid_syllables(text: str) -> bool:
    return all(check(s).valid for s in text.split(TSHEG))


def _primer_syllables() -> list[str]:
    primer = list(L.CONSONANTS)
    primer += [c + v for c in L.CONSONANTS for v in L.VOWELS]
    for root in L.CONSONANTS:
        primer += [root + mark for mark in SUBSCRIPT_MARKS]
    primer += list(SUPERSCRIPT_STACKS)
    return [s for s in primer if check(s).valid]


class Course:
    """The course with the drill material found for it in a lexicon."""

    def __init__(
        self,
        syllables: Sequence[DrillItem],
        primer: Sequence[DrillItem],
        words: Sequence[DrillItem],
        phrases: Sequence[DrillItem],
        stages: Sequence[Stage] = STAGES,
    ) -> None:
        self.stages = tuple(stages)
        self.syllables, self.primer = tuple(syllables), tuple(primer)
        self.words, self.phrases = tuple(words), tuple(phrases)
        self.initial_level = len(self.stages[0].units)
        steps = [Step(0, unit) for unit in self.stages[0].units]
        for n, stage in enumerate(self.stages[1:], start=1):
            steps += [Step(n, unit) for unit in stage.units] or [Step(n, None)]
        self.steps: tuple[Step, ...] = tuple(steps)
        self.units: tuple[str, ...] = tuple(s.unit for s in steps if s.unit is not None)
        self._pools: dict[int, tuple[DrillItem, ...]] = {}

    @classmethod
    def from_lexicon(cls, entries: Iterable[LexiconEntry]) -> Course:
        frequency: dict[str, float] = {}
        words: dict[str, DrillItem] = {}
        phrases: dict[str, DrillItem] = {}
        for entry in entries:
            text = entry.dz.strip().strip(TSHEG)
            parts = text.split(TSHEG)
            needs = requirements(text)
            if not text or needs is None or not typeable(text) or not _valid_syllables(text):
                continue
            for syllable in parts:
                frequency[syllable] = frequency.get(syllable, 0.0) + entry.weight
            everyday = bool(EVERYDAY_TOPICS.intersection(entry.topics))
            weight = entry.weight * (3.0 if everyday else 1.0)
            if WORD_SYLLABLES[0] <= len(parts) <= WORD_SYLLABLES[1]:
                _keep(words, DrillItem(text, weight, needs))
            phrase_topic = bool(PHRASE_TOPICS.intersection(entry.topics))
            if phrase_topic and PHRASE_SYLLABLES[0] <= len(parts) <= PHRASE_SYLLABLES[1]:
                phrase = shad_ended(text)
                courteous = bool(COURTESY_TOPICS.intersection(entry.topics))
                _keep(phrases, DrillItem(phrase, weight * (5 if courteous else 1), needs | {SHAD}))
        syllables = [
            DrillItem(s, 1.0 + math.log1p(w), needs)
            for s, w in sorted(frequency.items())
            if (needs := requirements(s)) is not None
        ]
        primer = [
            DrillItem(s, 1.0, needs)
            for s in _primer_syllables()
            if s not in frequency and (needs := requirements(s)) is not None
        ]
        return cls(syllables, primer, sorted(words.values(), key=_by_text), phrases.values())

    # --- where a learner is -----------------------------------------------------------------

    def clamp(self, level: int) -> int:
        return max(self.initial_level, min(level, len(self.steps)))

    def stage_at(self, level: int) -> Stage:
        """The stage of the newest unlocked step."""
        return self.stages[self.steps[self.clamp(level) - 1].stage]

    def active_units(self, level: int) -> tuple[str, ...]:
        """Units unlocked so far, in the order they came."""
        return tuple(s.unit for s in self.steps[: self.clamp(level)] if s.unit is not None)

    def next_step(self, level: int) -> Step | None:
        level = self.clamp(level)
        return self.steps[level] if level < len(self.steps) else None

    def finished(self, level: int) -> bool:
        return self.clamp(level) >= len(self.steps)

    def pool(self, level: int) -> tuple[DrillItem, ...]:
        """What a drill at this level may use: items whose every requirement is unlocked."""
        level = self.clamp(level)
        if level not in self._pools:
            active = set(self.active_units(level))
            kind = self.stage_at(level).kind
            if kind == "letters":
                source: Sequence[DrillItem] = self.syllables + self.primer
            elif kind == "syllables":
                source = self.syllables
            elif kind == "words":
                source = self.words
            else:
                source = self.phrases
            active.add(TSHEG)
            pool = tuple(item for item in source if item.requires <= active)
            if not pool and kind != "letters":
                pool = tuple(i for i in self.syllables + self.primer if i.requires <= active)
            self._pools[level] = pool
        return self._pools[level]


def _keep(found: dict[str, DrillItem], item: DrillItem) -> None:
    old = found.get(item.text)
    if old is None or item.weight > old.weight:
        found[item.text] = item


def _by_text(item: DrillItem) -> str:
    return item.text


def join_items(items: Sequence[str], kind: TextKind) -> str:
    """Drill text from items: syllables and words each end with a tsheg; phrases (already
    closed with a shad) are separated by a space, as Dzongkha is written."""
    if kind == "phrases":
        return SPACE.join(items)
    return "".join(item + TSHEG for item in items)


FINGER_NAMES = {
    "L4": "left little finger", "L3": "left ring finger", "L2": "left middle finger",
    "L1": "left index finger", "R1": "right index finger", "R2": "right middle finger",
    "R3": "right ring finger", "R4": "right little finger", "T": "thumb",
}  # fmt: skip


def finger_for(stroke: Keystroke) -> str:
    """Touch-typing finger for a key: "L1".."L4", "R1".."R4" or "T" (the space bar)."""
    if stroke.code == SPACE_CODE:
        return "T"
    key = KEY_BY_CODE.get(stroke.code)
    return key.finger if key else "T"


def finger_hint(stroke: Keystroke) -> str:
    """Which finger presses the key, and which hand holds Shift (the other hand's little finger,
    as touch typists do)."""
    finger = finger_for(stroke)
    hint = f"use your {FINGER_NAMES[finger]}"
    if stroke.shift:
        shift_hand = "left" if finger.startswith("R") else "right"
        hint = f"hold Shift with your {shift_hand} little finger, then {hint}"
    return hint


def typeable(text: str) -> bool:
    """Whether every character of ``text`` has a key on the DDC layout."""
    try:
        keystrokes_for(text)
    except ValueError:
        return False
    return True


def cluster_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the letter cluster (a letter with what is written above and below it)
    holding ``pos``. Screens colour whole clusters: a colour change inside one would break the
    stack apart when it is drawn."""
    if not 0 <= pos < len(text):
        return pos, pos
    start = pos
    while start > 0 and _mark(text[start]):
        start -= 1
    end = start + 1
    while end < len(text) and _mark(text[end]):
        end += 1
    return start, end


def _mark(ch: str) -> bool:
    return L.is_subjoined_letter(ch) or _sign(ch)
