"""The input method: Latin typed by sound → ranked Dzongkha candidates.

Input may be in any case, with or without spaces (spaces are hints, not requirements), in the
loose spellings people text in. Candidates come from one lattice (:mod:`dzlearn.ime.lattice`):
the whole input as one lexicon word or phrase, segmentations into several words, and a
syllable-by-syllable fallback so that any common syllable can be typed even when no word has it.
Input starting with a backslash (or ``mode="ewts"``) is exact EWTS instead. What a learner picks
is remembered (:mod:`dzlearn.ime.history`) and ranks first for that input next time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from dzlearn.ime.history import EWTS_PREFIX, ChoiceHistory
from dzlearn.ime.index import PhoneticIndex
from dzlearn.ime.lattice import DELETED, Edge, Lattice, edges_of
from dzlearn.ime.lexicon import LexiconEntry
from dzlearn.ime.phonetic import Folded, edit_distance, fold, light
from dzlearn.ime.syllabary import Spelling
from dzlearn.script.ewts import Transliterator, default_transliterator
from dzlearn.script.letters import TSHEG, is_tibetan
from dzlearn.script.roman import romanize

Source = Literal["word", "phrase", "segmented", "syllables", "completion", "ewts"]
Mode = Literal["phonetic", "ewts"]

MAX_KEY_LETTERS = 100  # longer input (a pasted paragraph) gets no candidates
FINE_COST = 0.4  # per letter the typed text differs from a candidate's official Roman form
SPELLING_COST = 0.4  # per place a syllable's spelling is below the likeliest one
SPELLINGS_SHOWN = 6  # spellings offered per fallback syllable
LEARNED_COST = 2.0  # a text chosen once for this input moves up by this much
WORD_LEARNED_COST = 0.4  # per time a word was chosen for any input …
MAX_WORD_LEARNED = 4  # … counting at most this many times
REPEAT_FIRST = 2  # chosen this often for an input: it ranks first


@dataclass(frozen=True, slots=True)
class Candidate:
    """One reading of the input. ``score`` is higher for a better candidate; it is comparable
    only among the candidates of one input."""

    text: str
    ewts: str
    roman: str
    gloss: str
    source: Source
    score: float


# One way of writing one edge: extra cost, Tibetan script, EWTS ("" until a candidate is
# made: converting costs more than ranking), Roman, gloss.
_Part = tuple[float, str, str, str, str]


class InputMethod:
    """Candidates for one learner. ``history`` holds what this learner chose before."""

    def __init__(
        self,
        lexicon_entries: Iterable[LexiconEntry],
        history: ChoiceHistory | None = None,
        transliterator: Transliterator | None = None,
    ) -> None:
        self.index = PhoneticIndex(list(lexicon_entries))
        self.history = history if history is not None else ChoiceHistory()
        self._transliterator = transliterator
        self._lattice = Lattice(self.index)
        self._ewts: dict[str, str] = {}
        self._distances: dict[tuple[str, str], int] = {}
        self._edge_options: dict[tuple[int, str, str, bool], list[_Part]] = {}
        if len(self.history):
            self._reweigh()

    # --- public API -------------------------------------------------------------------------

    def candidates(self, text: str, top: int = 9, mode: Mode = "phonetic") -> list[Candidate]:
        """The best ``top`` candidates for ``text``, best first; [] if there is none."""
        if not isinstance(text, str) or top < 1 or not text.strip():
            return []
        stripped = text.strip()
        if mode == "ewts" or stripped.startswith(EWTS_PREFIX):
            try:
                return [self.convert_ewts(stripped.removeprefix(EWTS_PREFIX))]
            except ValueError:
                return []
        folded = fold(text)
        if not folded.key or len(folded.key) > MAX_KEY_LETTERS:
            return []
        ranked = self._rank(folded, top)
        return self._apply_learning(text, ranked)[:top]

    def convert_ewts(self, ewts: str) -> Candidate:
        """Exact EWTS → Tibetan script; ``ValueError`` saying what is not valid EWTS."""
        if not ewts.strip():
            raise ValueError("empty EWTS")
        dz = self._translit().to_unicode(ewts.strip()).strip()
        if not any(is_tibetan(ch) for ch in dz):
            raise ValueError(f"not valid EWTS: {ewts!r} gives no Tibetan text")
        entry = self._entry_for(dz)
        try:
            roman = romanize(dz)
        except ValueError:
            roman = ""
        return Candidate(dz, ewts.strip(), roman, entry.gloss if entry else "", "ewts", 0.0)

    def syllable_choices(self, typed: str) -> list[Candidate]:
        """Every syllable spelling that sounds like ``typed`` (one syllable), likeliest first,
        for paging through when the right one is not among the top candidates."""
        folded = fold(typed)
        spellings = self.index.syllabary.spellings(folded.key)
        surface = light(typed)
        ranked = sorted(
            enumerate(spellings),
            key=lambda pair: (self._distance(surface, light(pair[1].roman)), pair[0]),
        )
        return [
            Candidate(s.text, self._ewts_of(s.text), s.roman, "", "syllables", -float(rank))
            for rank, (_, s) in enumerate(ranked)
        ]

    def record_choice(self, typed: str, chosen: str) -> None:
        """Remember that the learner picked ``chosen`` for ``typed`` (the UI also appends the
        ``ime.choice`` event, so the choice survives a restart)."""
        before = self.history.times_chosen(chosen)
        self.history.record(typed, chosen)
        if chosen in self.index.by_dz and before < MAX_WORD_LEARNED:
            self._reweigh()  # the word itself ranks higher everywhere

    # --- ranking ----------------------------------------------------------------------------

    def _rank(self, folded: Folded, top: int) -> list[tuple[float, Candidate]]:
        chain = self._lattice.columns(folded)
        paths = self._lattice.readings(chain, folded, completions=True)
        found: dict[str, tuple[float, list[_Part], Source]] = {}
        bound = math.inf  # the top-th best total so far: no path costing more can enter
        for cost, _, link in paths:
            if cost > bound:
                break
            every = edges_of(link)
            edges = [edge for edge in every if edge[2] != DELETED]
            if not edges:
                continue
            options = [self._options(folded, edge) for edge in edges]
            source = _source(self.index, edges, passed_over=len(edges) < len(every))
            best = [opts[0] for opts in options]
            base = cost + sum(part[0] for part in best)
            _keep(found, base, best, source)
            for k, opts in enumerate(options):
                for other in opts[1:]:
                    total = base - opts[0][0] + other[0]
                    if total > bound:
                        break
                    _keep(found, total, best[:k] + [other] + best[k + 1 :], source)
            if len(found) >= top:
                bound = sorted(item[0] for item in found.values())[top - 1]
        ranked = sorted(found.items(), key=lambda item: (item[1][0], item[0]))[:top]
        return [
            (total, self._candidate(text, total, parts, source))
            for text, (total, parts, source) in ranked
        ]

    def _options(self, folded: Folded, edge: Edge) -> list[_Part]:
        start, end, e, syllable, _, completion = edge
        surface = folded.surface(start, end)
        cache_key = (e, syllable, surface, completion)
        options = self._edge_options.get(cache_key)
        if options is not None:
            return options
        if len(self._edge_options) > 50_000:
            self._edge_options.clear()
        typed = light(surface)
        if e >= 0:
            entry = self.index.entries[e]
            extra = 0.0 if completion else FINE_COST * self._distance(typed, light(entry.roman))
            options = [(extra, entry.dz, entry.ewts, entry.roman, entry.gloss)]
        else:
            spellings = self.index.syllabary.spellings(syllable)[: 2 * SPELLINGS_SHOWN]
            options = self._spelling_parts(spellings, typed, completion)
        self._edge_options[cache_key] = options
        return options

    def _spelling_parts(
        self, spellings: tuple[Spelling, ...], surface: str, completion: bool
    ) -> list[_Part]:
        distance = [0 if completion else self._distance(surface, light(s.roman)) for s in spellings]
        order = sorted(range(len(spellings)), key=lambda k: (distance[k], k))[:SPELLINGS_SHOWN]
        return [
            (
                FINE_COST * distance[k] + SPELLING_COST * rank,
                spellings[k].text,
                "",
                spellings[k].roman,
                "",
            )
            for rank, k in enumerate(order)
        ]

    # --- learning ---------------------------------------------------------------------------

    def _reweigh(self) -> None:
        boosts: dict[int, float] = {}
        for text, times in self.history.chosen_texts.items():
            for n in self.index.by_dz.get(text, ()):
                boosts[n] = WORD_LEARNED_COST * min(times, MAX_WORD_LEARNED)
        self.index.reweigh(boosts)
        self._lattice.clear()

    def _apply_learning(self, typed: str, ranked: list[tuple[float, Candidate]]) -> list[Candidate]:
        """Texts chosen for this input before move up: once by LEARNED_COST, REPEAT_FIRST times
        or more to the front (the most chosen first). Scores are made to match the order."""
        chosen = self.history.choices_for(typed)
        if not chosen:
            return [candidate for _, candidate in ranked]
        costs = {candidate.text: (cost, candidate) for cost, candidate in ranked}
        best = min((cost for cost, _ in ranked), default=0.0)
        worst = max((cost for cost, _ in ranked), default=0.0)
        for text in sorted(chosen):
            if text not in costs:
                made = self._candidate_for(text)
                if made is not None:
                    costs[text] = (worst, made)
        adjusted = []
        for text, (cost, candidate) in costs.items():
            times = chosen.get(text, 0)
            if times >= REPEAT_FIRST:
                cost = best - times
            elif times:
                cost -= LEARNED_COST
            adjusted.append((cost, text, candidate))
        adjusted.sort(key=lambda item: (item[0], item[1]))
        return [replace(candidate, score=round(-cost, 4)) for cost, _, candidate in adjusted]

    def _candidate_for(self, text: str) -> Candidate | None:
        """A candidate for a text chosen earlier but not found now (the lexicon changed)."""
        entry = self._entry_for(text)
        if entry is not None:
            source: Source = "phrase" if " " in entry.roman.strip() else "word"
            return Candidate(entry.dz, entry.ewts, entry.roman, entry.gloss, source, 0.0)
        try:
            ewts = self._translit().to_ewts(text)
            roman = romanize(text)
        except ValueError:
            return None
        source = "syllables" if TSHEG not in text else "segmented"
        return Candidate(text, ewts, roman, "", source, 0.0)

    # --- helpers ----------------------------------------------------------------------------

    def _entry_for(self, dz: str) -> LexiconEntry | None:
        found = self.index.by_dz.get(dz.strip().strip(TSHEG + "།"))
        return (
            min((self.index.entries[n] for n in found), key=lambda e: -e.weight) if found else None
        )

    def _translit(self) -> Transliterator:
        if self._transliterator is None:
            self._transliterator = default_transliterator()
        return self._transliterator

    def _candidate(self, text: str, total: float, parts: list[_Part], source: Source) -> Candidate:
        return Candidate(
            text,
            " ".join(part[2] or self._ewts_of(part[1]) for part in parts),
            " ".join(part[3] for part in parts),
            _gloss(parts),
            source,
            round(-total, 4),
        )

    def _ewts_of(self, syllable: str) -> str:
        found = self._ewts.get(syllable)
        if found is None:
            try:
                found = self._translit().to_ewts(syllable)
            except ValueError:
                found = ""
            self._ewts[syllable] = found
        return found

    def _distance(self, a: str, b: str) -> int:
        found = self._distances.get((a, b))
        if found is None:
            if len(self._distances) > 100_000:
                self._distances.clear()
            found = self._distances[(a, b)] = edit_distance(a, b)
        return found


def _keep(
    found: dict[str, tuple[float, list[_Part], Source]],
    total: float,
    parts: list[_Part],
    source: Source,
) -> None:
    text = TSHEG.join(part[1] for part in parts)
    old = found.get(text)
    if old is None or total < old[0]:
        found[text] = (total, parts, source)


def _gloss(parts: list[_Part]) -> str:
    """One part's gloss; for several, each in turn with "?" for a syllable not in the lexicon."""
    if len(parts) == 1:
        return parts[0][4]
    glosses = [part[4] or "?" for part in parts]
    return "" if all(g == "?" for g in glosses) else " + ".join(glosses)


def _source(index: PhoneticIndex, edges: list[Edge], passed_over: bool) -> Source:
    """What kind of reading a path is (``passed_over``: it leaves a typed letter unread)."""
    if edges[-1][5]:
        return "completion"
    if all(edge[2] < 0 for edge in edges):
        return "syllables"
    if len(edges) > 1 or passed_over:
        return "segmented"
    return "phrase" if index.is_phrase[edges[0][2]] else "word"
