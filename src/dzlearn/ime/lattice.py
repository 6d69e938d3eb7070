"""Segmentation of the typed letters into words and syllables, kept from keystroke to keystroke.

Dynamic programming over the folded input (:mod:`dzlearn.ime.phonetic`): column ``j`` holds the
cheapest few readings of ``key[:j]``, each a chain of edges (a lexicon word or a fallback syllable
covering ``key[i:j]``). Words are found by walking the index trie from every position where a
reading can end, allowing sound-alike letters (a/e, k/g …), typed letters that stand for
nothing (a final k) and letters the typist left out (ny typed n), each at a cost. A column
depends only on the letters (and space hints) before it, so columns are cached by that prefix:
a keystroke computes one new column, not the whole input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from operator import itemgetter

from dzlearn.ime.index import SYLLABLE_COST, PhoneticIndex
from dzlearn.ime.phonetic import VOWELS, Folded
from dzlearn.script.letters import TSHEG

# Typed letter → (indexed letters it may stand for, cost): sounds people confuse or spell two ways.
SUBSTITUTIONS: Mapping[str, tuple[tuple[str, float], ...]] = {
    "a": (("e", 0.5),),  # the umlaut: gyalpo for gyelpo
    "e": (("a", 0.5), ("i", 0.8), ("o", 0.7)),  # dendup for doendrup (oe)
    "i": (("e", 0.8), ("u", 0.7)),  # Kinley, Wangdi for kuenlek, wangdue (ue)
    "o": (("u", 0.8),),
    "u": (("o", 0.8), ("i", 0.7)),
    "k": (("g", 0.6), ("c", 0.6)),  # khyer for chher (ཁྱ)
    "g": (("k", 0.6),),
    "t": (("d", 0.7),),
    "d": (("t", 0.7),),
    "p": (("b", 0.7), ("c", 0.8)),  # phiru for chhiru (ཕྱ)
    "b": (("p", 0.7), ("w", 0.7)),
    "w": (("b", 0.7),),
    "j": (("c", 0.8),),
    "c": (("j", 0.8), ("ts", 0.8)),  # old spellings: Chirang, Samchi for Tsirang, Samtse
    "s": (("z", 0.8),),
    "z": (("s", 0.8),),
    "m": (("ng", 0.5),),  # zampo for zangpo: ng said m before p
}
# Typed letters that may stand for nothing, after a vowel / after a consonant / after one
# letter: a final k or g (dropped in speech, kept in spelling), y in -ey/-ay for e (Kinley,
# Sangay), a p or r said but not written (zhipchu, Urgyen), an h lengthening a vowel (Bohm),
# y after k/p/g (khyer, phyi), i in ei for e (Peima).
SKIP_AFTER_VOWEL: Mapping[str, float] = {
    "k": 0.05, "g": 0.05, "y": 0.1, "p": 0.3, "r": 0.5, "h": 0.3,
}  # fmt: skip
SKIP_AFTER_CONSONANT: Mapping[str, float] = {"y": 0.3}
SKIP_AFTER_LETTER: Mapping[str, float] = {"ei": 0.3}
# Indexed letters people leave out: (cost, letters it may follow; "" = at a word's start).
# ny → n (nima), gy/ky → g/k (Sangay, Deki), iy → i (Serbia), w, l, r after a vowel (geog,
# Namgay, datshi), dz → z (Tenzin), zh/sh → z/s (chuzi), an unstressed e between consonants
# (gadbe for gadebe).
LEFT_OUT: Mapping[str, tuple[float, str]] = {
    "y": (0.3, "kgnpci"),
    "h": (0.4, "sz"),
    "w": (0.4, "aeiou"),
    "l": (0.5, "aeiou"),
    "r": (0.5, "aeiou"),
    "d": (0.3, "aeioumngr"),
    "e": (0.8, "bcdgjklmnprstz"),
}
MAX_MATCH_COST = 1.6  # most sound-alike letters a word may differ by
EXACT = 0.3  # a fallback syllable must match its sound exactly (final k/g skips aside)
OVERLAP_COST = 0.3  # one typed letter ends a word and starts the next (kuen + nyi → "kunyi")
WORD_CROSS, PHRASE_CROSS, SYLLABLE_CROSS = 0.6, 0.15, 3.0  # per typed space inside an edge
DELETE_COST = 3.0  # a typed letter no reading can use is passed over
DELETED = -2  # the entry index of an edge that passes over a letter
COMPLETION_COST = 0.8  # plus COMPLETION_PER_LETTER (index.py) per letter not yet typed
BEAM = 10  # readings kept per column
COMPLETE_AFTER = 3  # a completion of the last word follows only the best readings before it
FANOUT = 6  # homophones tried per trie node
STATES_PER_WALK = 12  # trie nodes a walk from one start may be at, cheapest kept

# start, end, entry index (-1: a syllable, DELETED: a letter passed over), syllable key, cost,
# is a completion of the last letters
Edge = tuple[int, int, int, str, float, bool]
Link = tuple[Edge, "Link"] | None
Path = tuple[float, str, Link]  # cost, text (syllables as {key}) for deduplication, edges
_BY_COST = itemgetter(0)
_BY_STATE_COST = itemgetter(1, 0)


class Column:
    __slots__ = ("prev", "paths", "walks")

    def __init__(self, prev: Column | None, paths: list[Path], walks: list) -> None:
        self.prev = prev
        self.paths = paths
        self.walks: list[tuple[int, dict[int, float]]] = walks  # start → trie node → cost


def _advance(
    index: PhoneticIndex, states: dict[int, float], c: str, skip: float
) -> dict[int, float]:
    """The trie states after one more typed letter ``c`` (``skip``: the cost of letting it stand
    for nothing, 0 if it may not)."""
    all_children = index.children
    out: dict[int, float] = {}
    get = out.get
    subs = SUBSTITUTIONS.get(c, ())
    for node, cost in states.items():
        children = all_children[node]
        nxt = children.get(c)
        if nxt is not None:
            old = get(nxt)
            if old is None or cost < old:
                out[nxt] = cost
        for alt, extra in subs:
            nxt = children.get(alt[0])
            if nxt is not None and len(alt) > 1:
                nxt = all_children[nxt].get(alt[1])
            if nxt is not None:
                new = cost + extra
                if new <= MAX_MATCH_COST:
                    old = get(nxt)
                    if old is None or new < old:
                        out[nxt] = new
        if skip:
            new = cost + skip
            old = get(node)
            if old is None or new < old:
                out[node] = new
    out = _left_out(index, out)
    if len(out) > STATES_PER_WALK:
        out = dict(sorted(out.items(), key=_BY_STATE_COST)[:STATES_PER_WALK])
    return out


def _left_out(index: PhoneticIndex, states: dict[int, float]) -> dict[int, float]:
    """Add the states reached by passing over one indexed letter the typist left out."""
    skips = index.left_out
    extra: list[tuple[int, float]] = []
    for node, cost in states.items():
        options = skips.get(node)
        if options is None:
            options = skips[node] = _left_out_of(index, node)
        for child, price in options:
            if cost + price <= MAX_MATCH_COST:
                extra.append((child, cost + price))
    for node, cost in extra:
        old = states.get(node)
        if old is None or cost < old:
            states[node] = cost
    return states


def _left_out_of(index: PhoneticIndex, node: int) -> tuple[tuple[int, float], ...]:
    children, letter = index.children[node], index.letter[node]
    found = []
    for left_out, (price, after) in LEFT_OUT.items():
        child = children.get(left_out)
        if child is not None and letter in after:
            if left_out != "d" or "z" in index.children[child]:
                found.append((child, price))
    return tuple(found)


def _keep_best(found: list[tuple[float, Edge, str, Path]]) -> list[Path]:
    """The BEAM cheapest readings with distinct texts (ties in the order found)."""
    found.sort(key=_BY_COST)
    kept: list[Path] = []
    seen: set[str] = set()
    for total, edge, spelt, (_, text, link) in found:
        if spelt:
            text = text + TSHEG + spelt if text else spelt
        if text not in seen:
            seen.add(text)
            kept.append((total, text, (edge, link)))
            if len(kept) == BEAM:
                break
    return kept


class Lattice:
    """Readings of typed input, cached per prefix. Clear it when the index is reweighed."""

    MAX_CACHE = 4_000  # columns; a few minutes of typing, and few objects for the collector

    def __init__(self, index: PhoneticIndex) -> None:
        self.index = index
        self._start = Column(None, [(0.0, "", None)], [])
        self._init = _left_out(index, {0: 0.0})
        self._cache: dict[str, Column] = {}

    def clear(self) -> None:
        self._cache.clear()

    def columns(self, folded: Folded) -> list[Column]:
        """Columns 0..len(key) for this input."""
        key, hints = folded.key, folded.hints
        cuts = [0]
        marked = []
        for ch, hint in zip(key, hints, strict=True):
            if hint:
                marked.append("|")
            marked.append(ch)
            cuts.append(len(marked))
        spelled = "".join(marked)
        cache = self._cache
        found = 0
        column = self._start
        for j in range(len(key), 0, -1):
            cached = cache.get(spelled[: cuts[j]])
            if cached is not None:
                found, column = j, cached
                break
        chain = [column]
        while chain[-1].prev is not None:
            chain.append(chain[-1].prev)  # type: ignore[arg-type]
        chain.reverse()
        if found < len(key):
            if len(cache) > self.MAX_CACHE:
                cache.clear()
            crossings = [0]
            for hint in hints:
                crossings.append(crossings[-1] + hint)
            for j in range(found + 1, len(key) + 1):
                column = self._extend(chain, key, hints, j, crossings)
                cache[spelled[: cuts[j]]] = column
                chain.append(column)
        return chain

    def _extend(
        self, chain: list[Column], key: str, hints: Sequence[bool], j: int, crossings: list[int]
    ) -> Column:
        index = self.index
        last = chain[j - 1]
        c = key[j - 1]
        skip = 0.0
        if j >= 2:
            prev = key[j - 2]
            skip = SKIP_AFTER_LETTER.get(prev + c) or (
                SKIP_AFTER_VOWEL if prev in VOWELS else SKIP_AFTER_CONSONANT
            ).get(c, 0.0)
        walks = []
        for start, states in last.walks:
            new = _advance(index, states, c, skip)
            if new:
                walks.append((start, new))
        if last.paths:
            init = self._init
            # a doubled consonant, or a vowel doubled across a typed space, was typed once
            if j >= 2 and (key[j - 2] not in VOWELS or hints[j - 1]):
                over = index.children[0].get(key[j - 2])
                if over is not None:
                    init = init | {over: OVERLAP_COST}
            new = _advance(index, init, c, 0.0)
            if new:
                walks.append((j - 1, new))
        cost, entries, is_phrase = index.cost, index.entries, index.is_phrase
        entries_at, syllable_at = index.entries_at, index.syllable_at
        # (total cost, edge, what the edge spells, reading before it); texts are joined only
        # for the readings kept
        found: list[tuple[float, Edge, str, Path]] = []
        for start, states in walks:
            before = chain[start].paths
            if not before:
                continue
            crossing = crossings[j] - crossings[start + 1]
            for node, match in states.items():
                if entries_at[node]:
                    for e in entries_at[node][:FANOUT]:
                        edge_cost = cost[e] + match
                        if crossing:
                            edge_cost += crossing * (PHRASE_CROSS if is_phrase[e] else WORD_CROSS)
                        edge = (start, j, e, "", edge_cost, False)
                        dz = entries[e].dz
                        for path in before:
                            found.append((path[0] + edge_cost, edge, dz, path))
                syllable = syllable_at[node]
                if syllable is not None and match < EXACT:
                    edge_cost = SYLLABLE_COST + match + crossing * SYLLABLE_CROSS
                    edge = (start, j, -1, syllable, edge_cost, False)
                    mark = "{" + syllable + "}"
                    for path in before:
                        found.append((path[0] + edge_cost, edge, mark, path))
        edge = (j - 1, j, DELETED, "", DELETE_COST, False)
        for path in last.paths:
            found.append((path[0] + DELETE_COST, edge, "", path))
        return Column(last, _keep_best(found), walks)

    def readings(self, chain: Sequence[Column], folded: Folded, completions: bool) -> list[Path]:
        """The best readings of the whole input, cheapest first; with ``completions``, also
        readings whose last word or syllable only begins with the last letters typed (their text
        is left empty: the caller spells the readings it keeps)."""
        n = len(chain) - 1
        found = list(chain[n].paths)
        if completions:
            crossings = [0]
            for hint in folded.hints:
                crossings.append(crossings[-1] + hint)
            best_below = self.index.best_below
            for start, states in chain[n].walks:
                before = chain[start].paths[:COMPLETE_AFTER]
                crossing = crossings[n] - crossings[start + 1]
                for node, match in states.items():
                    best = best_below[node]
                    if best is None or not before:
                        continue
                    below, e, syllable = best
                    edge_cost = below + match + COMPLETION_COST + crossing * WORD_CROSS
                    edge = (start, n, e, syllable, edge_cost, True)
                    for total, _, link in before:
                        found.append((total + edge_cost, "", (edge, link)))
        found.sort(key=_BY_COST)  # stable: ties keep a fixed order
        return found


def edges_of(link: Link) -> list[Edge]:
    edges: list[Edge] = []
    while link is not None:
        edges.append(link[0])
        link = link[1]
    edges.reverse()
    return edges
