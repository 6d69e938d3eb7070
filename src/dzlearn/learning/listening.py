"""Listen, then type: hear a word (or see its picture), type it, and learn its spelling.

Words come from the lexicon only. A picture stands for a word when the lexicon's own gloss says
so (ཉི་མ "sun", ཉ "fish" …); the steaming cup is tea (ཇ). Each word's recording is looked up by a
stable segment id (``trainer.word.<roman>``), so an audio pack can add recordings later; until
then the screen says plainly that there is no recording yet.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from dzlearn.ime.lexicon import LexiconEntry
from dzlearn.script.letters import SHAD, TSHEG
from dzlearn.script.normalize import normalize

LISTEN_EVENT = "typing.listen"
Mode = Literal["sound", "keyboard"]
MODES: tuple[Mode, ...] = ("sound", "keyboard")

PICTURE_WORDS: dict[str, str] = {
    "sun": "ཉི་མ", "star": "སྐར་མ", "tree": "ཤིང", "flower": "མེ་ཏོག", "mountain": "རི",
    "house": "ཁྱིམ", "fish": "ཉ", "bird": "བྱ", "drop": "ཆུ", "cup": "ཇ",
}  # fmt: skip
WORD_TOPICS = frozenset({"greeting", "courtesy", "family", "food", "body", "nature", "everyday"})
MAX_SYLLABLES = 3
MAX_WORDS = 40


@dataclass(frozen=True)
class ListenWord:
    dz: str
    roman: str
    gloss: str
    picture: str | None
    segment: str  # the recording's id in the audio manifest


def segment_for(dz: str, ewts: str) -> str:
    """A stable, unique recording id: readable (from the EWTS) and told apart by a short
    checksum of the spelling (EWTS loses its apostrophes in an id: 'bras and bras)."""
    slug = re.sub(r"[^a-z0-9]+", "-", ewts.lower()).strip("-")[:40] or "word"
    digest = hashlib.sha256(normalize(dz).encode("utf-8")).hexdigest()[:8]
    return f"trainer.word.{slug}.{digest}"


def listen_words(
    entries: Iterable[LexiconEntry], pictures: Iterable[str] = PICTURE_WORDS
) -> list[ListenWord]:
    """Words with a picture first, then short everyday words, the most useful first."""
    by_dz: dict[str, LexiconEntry] = {}
    for entry in entries:
        old = by_dz.get(entry.dz)
        if old is None or entry.weight > old.weight:
            by_dz[entry.dz] = entry
    available = set(pictures)
    words: list[ListenWord] = []
    for picture, dz in PICTURE_WORDS.items():
        entry = by_dz.get(dz)
        if entry is not None and picture in available:
            words.append(_word(entry, picture))
    chosen = {w.dz for w in words}
    everyday = sorted(
        (
            e
            for e in by_dz.values()
            if WORD_TOPICS.intersection(e.topics)
            and len(e.dz.split(TSHEG)) <= MAX_SYLLABLES
            and e.dz not in chosen
        ),
        key=lambda e: (-e.weight, e.dz),
    )
    words += [_word(e, None) for e in everyday[: MAX_WORDS - len(words)]]
    return words


def _word(entry: LexiconEntry, picture: str | None) -> ListenWord:
    gloss = entry.gloss
    if picture:  # "tree; wood" under the tree picture is "tree"
        parts = [g.strip() for g in gloss.split(";")]
        gloss = next((g for g in parts if picture in g), parts[-1])
    return ListenWord(entry.dz, entry.roman, gloss, picture, segment_for(entry.dz, entry.ewts))


def clean_answer(text: str) -> str:
    """What counts when comparing: NFD-normalised, no spaces, no tsheg or shad at the ends."""
    return normalize(text).replace(" ", "").strip(TSHEG + SHAD)


def is_right(target: str, answer: str) -> bool:
    return bool(clean_answer(answer)) and clean_answer(answer) == clean_answer(target)


def listen_payload(word: str, mode: Mode, correct: bool, attempts: int) -> dict[str, Any]:
    """The ``typing.listen`` event: one word, how it was typed, whether it ended right, and in
    how many answers (1 = right first time)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if attempts < 1:
        raise ValueError("a listen-and-type result needs at least one answer")
    return {"word": word, "mode": mode, "correct": bool(correct), "attempts": int(attempts)}


def first_try_counts(payloads: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Per word, how often it was right at the first answer (words to revisit score low)."""
    counts: dict[str, int] = {}
    for p in payloads:
        word = p.get("word")
        if isinstance(word, str):
            right = p.get("correct") is True and p.get("attempts") == 1
            counts[word] = counts.get(word, 0) + int(right)
    return counts


def next_word(words: list[ListenWord], done: Mapping[str, int], turn: int) -> ListenWord:
    """The word least often right first time; ties go round in list order from ``turn``."""
    if not words:
        raise ValueError("no words to practise")
    n = len(words)
    order = [(done.get(w.dz, 0), (i - turn) % n, w) for i, w in enumerate(words)]
    return min(order, key=lambda t: (t[0], t[1]))[2]
