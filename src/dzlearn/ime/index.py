"""The phonetic index: a trie from phonetic keys to lexicon words and to syllable sounds.

One trie holds both, so a single walk over the typed letters finds the words and the fallback
syllables a stretch of input can be. Each node also remembers the cheapest word or syllable below
it, so a half-typed word can be completed without searching its subtree.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Sequence

from dzlearn.ime.lexicon import LexiconEntry
from dzlearn.ime.phonetic import entry_keys
from dzlearn.ime.syllabary import Syllabary
from dzlearn.script.letters import TSHEG

WORD_COST = 1.0  # every word in a segmentation costs this, so fewer, longer words win
WEIGHT_SCALE = 0.5  # cost per factor e of weight below the heaviest entry
MAX_WEIGHT_COST = 3.0
SYLLABLE_COST = 3.0  # a fallback syllable: worse than any lexicon word
COMPLETION_PER_LETTER = 0.35  # completing a half-typed word: per letter still to type


class PhoneticIndex:
    """Lexicon words and syllable sounds by phonetic key (see :mod:`dzlearn.ime.phonetic`).

    The trie is flat: node ``n`` (the root is 0) has ``children[n]`` (letter → node),
    ``entries_at[n]`` (lexicon entry indices, cheapest first), ``syllable_at[n]`` (the syllable
    sound key ending there, or None), ``letter[n]`` (the letter leading to it) and
    ``best_below[n]``: the cheapest (cost + letters to go × COMPLETION_PER_LETTER, entry index or
    -1, syllable key) strictly below it. Dicts of letters to numbers and tuples of numbers are
    invisible to Python's cycle collector, which would otherwise walk all 30,000 nodes again
    and again while a learner types.
    """

    def __init__(self, entries: Sequence[LexiconEntry]) -> None:
        # Building makes tens of thousands of objects, none of them garbage yet; collecting
        # while building would only scan them over and over.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._build(entries)
        finally:
            if collecting:
                gc.enable()

    def _build(self, entries: Sequence[LexiconEntry]) -> None:
        # a fixed order, so that ties rank the same whatever order the lexicon lists entries in
        self.entries = sorted(entries, key=lambda e: (e.dz, e.roman, -e.weight, e.gloss))
        heaviest = max((e.weight for e in self.entries), default=1.0)
        self.base_cost = [
            WORD_COST + min(MAX_WEIGHT_COST, WEIGHT_SCALE * math.log(heaviest / e.weight))
            for e in self.entries
        ]
        self.cost = list(self.base_cost)
        self.is_phrase = [" " in e.roman.strip() for e in self.entries]
        self.by_dz: dict[str, list[int]] = {}
        self.children: list[dict[str, int]] = [{}]
        self.letter: list[str] = [""]
        attested: dict[str, float] = {}
        found: dict[int, list[int]] = {}
        for n, entry in enumerate(self.entries):
            self.by_dz.setdefault(entry.dz, []).append(n)
            for syllable in entry.dz.split(TSHEG):
                attested[syllable] = attested.get(syllable, 0.0) + entry.weight
            for key in entry_keys(entry.roman):
                if key:
                    found.setdefault(self._insert(key), []).append(n)
        self.syllabary = Syllabary(attested)
        syllables = {self._insert(key): key for key in self.syllabary.keys}
        self._found = {node: tuple(entries) for node, entries in found.items()}
        self.syllable_at: list[str | None] = [syllables.get(n) for n in range(len(self.letter))]
        # node → the nodes reached by passing over a letter the typist left out (lattice.py)
        self.left_out: dict[int, tuple[tuple[int, float], ...]] = {}
        self._place_entries()

    def _insert(self, key: str) -> int:
        children, letter = self.children, self.letter
        node = 0
        for ch in key:
            child = children[node].get(ch)
            if child is None:
                child = children[node][ch] = len(letter)
                children.append({})
                letter.append(ch)
            node = child
        return node

    def _place_entries(self) -> None:
        cost = self.cost
        self.entries_at: list[tuple[int, ...]] = [()] * len(self.letter)
        for node, entries in self._found.items():
            self.entries_at[node] = tuple(sorted(entries, key=lambda n: (cost[n], n)))
        self._fill_best_below()

    def _fill_best_below(self) -> None:
        children, entries_at, syllable_at, cost = (
            self.children, self.entries_at, self.syllable_at, self.cost
        )  # fmt: skip
        best_below: list[tuple[float, int, str] | None] = [None] * len(self.letter)
        # a child is always numbered after its parent: children come first in reverse order
        for node in range(len(self.letter) - 1, -1, -1):
            best: tuple[float, int, str] | None = None
            for child in children[node].values():
                option = best_below[child]
                if entries_at[child]:
                    e = entries_at[child][0]
                    if option is None or (cost[e], e, "") < option:
                        option = (cost[e], e, "")
                syllable = syllable_at[child]
                if syllable and (option is None or (SYLLABLE_COST, -1, "") < option):
                    option = (SYLLABLE_COST, -1, syllable)
                if option is not None and (best is None or option < best):
                    best = option
            if best is not None:
                best_below[node] = (best[0] + COMPLETION_PER_LETTER, best[1], best[2])
        self.best_below = best_below

    def reweigh(self, boosts: dict[int, float]) -> None:
        """Lower the cost of the given entries (learned choices) from their base cost."""
        self.cost = [c - boosts.get(n, 0.0) for n, c in enumerate(self.base_cost)]
        self._place_entries()

    def lookup(self, key: str) -> int | None:
        """The node ``key`` leads to, or None."""
        node: int | None = 0
        for ch in key:
            node = self.children[node].get(ch)
            if node is None:
                return None
        return node
