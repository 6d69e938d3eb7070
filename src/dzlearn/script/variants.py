"""The loose Latin spellings people type for a Roman Dzongkha word.

Bhutanese texting in Latin letters spells the same word many ways ("kadrinchhe", "kadrinche",
"kuzu zangpo", "tashi" for trashi); an input method that only knew the official romanization would
miss most of them. :func:`informal_variants` lists the likely spellings so that a typed word can
be looked up. The set is bounded and its order of growth fixed (fewest changes first), so the
same word always gives the same set.
"""

from __future__ import annotations

import heapq
from itertools import product
from types import MappingProxyType

MAX_PER_SYLLABLE = 64

VOWEL_LETTERS = frozenset("aeiouäöü")
ONSETS = frozenset(
    "k kh g ng c ch chh j ny t th d n p ph b m ts tsh dz w zh z y r l sh s h lh ky gy tr thr dr"
    " shr hr f".split()
)
CODAS = frozenset(["", "k", "g", "ng", "n", "p", "m", "l", "r"])

# Alternatives for each part, the written form first. Each alternative costs one change.
ONSET_VARIANTS = MappingProxyType(
    {
        "chh": ("chh", "ch", "c"), "ch": ("ch", "chh", "c"), "c": ("c", "ch"),
        "kh": ("kh", "k"), "th": ("th", "t"), "ph": ("ph", "p"), "tsh": ("tsh", "ts"),
        "dr": ("dr", "d"), "tr": ("tr", "t"), "thr": ("thr", "tr", "th"),
    }
)  # fmt: skip
NUCLEUS_VARIANTS = MappingProxyType(
    {
        "ue": ("ue", "ü", "u"), "ü": ("ü", "ue", "u"), "oe": ("oe", "ö", "o"),
        "ö": ("ö", "oe", "o"), "e": ("e", "ä", "a"), "ä": ("ä", "e", "a"),
    }
)  # fmt: skip
CODA_VARIANTS = MappingProxyType({"k": ("k", "", "g"), "g": ("g", "", "k")})


def _split_cluster(cluster: str) -> tuple[str, str]:
    """Coda of one syllable and onset of the next; the next syllable gets all it can take."""
    for cut in range(len(cluster) + 1):
        if cluster[:cut] in CODAS and cluster[cut:] in ONSETS:
            return cluster[:cut], cluster[cut:]
    for cut in range(len(cluster) + 1):
        if cluster[cut:] in ONSETS:
            return cluster[:cut], cluster[cut:]
    return cluster, ""


def syllabify(word: str) -> list[tuple[str, str, str]]:
    """A romanized word as (onset, nucleus, coda) triples: "kadrinche" → ka·drin·che."""
    runs: list[str] = []
    for ch in word:
        if runs and (ch in VOWEL_LETTERS) == (runs[-1][0] in VOWEL_LETTERS):
            runs[-1] += ch
        else:
            runs.append(ch)
    if not any(ch in VOWEL_LETTERS for ch in word):
        return [(word, "", "")] if word else []
    if runs[0][0] in VOWEL_LETTERS:
        runs.insert(0, "")
    if runs[-1][0] in VOWEL_LETTERS:
        runs.append("")
    sylls: list[tuple[str, str, str]] = []
    onset = runs[0]
    for i in range(1, len(runs), 2):
        nucleus, cluster = runs[i], runs[i + 1]
        last = i + 2 >= len(runs)
        coda, next_onset = (cluster, "") if last else _split_cluster(cluster)
        sylls.append((onset, nucleus, coda))
        onset = next_onset
    return sylls


def _syllable_variants(onset: str, nucleus: str, coda: str) -> list[str]:
    options = []
    for choices in product(
        ONSET_VARIANTS.get(onset, (onset,)),
        NUCLEUS_VARIANTS.get(nucleus, (nucleus,)),
        CODA_VARIANTS.get(coda, (coda,)),
    ):
        cost = sum(
            1 for got, was in zip(choices, (onset, nucleus, coda), strict=True) if got != was
        )
        options.append((cost, "".join(choices)))
    options.sort(key=lambda item: item[0])  # stable: written order within a cost
    return list(dict.fromkeys(text for _, text in options))[:MAX_PER_SYLLABLE]


def _fewest_changes_first(parts: list[list[str]], limit: int) -> list[str]:
    """Combinations of per-part options, ordered by total option index (a k-best walk)."""
    start = (0,) * len(parts)
    heap = [(0, start)]
    seen = {start}
    out: list[str] = []
    while heap and len(out) < limit:
        cost, picks = heapq.heappop(heap)
        out.append("".join(options[i] for options, i in zip(parts, picks, strict=True)))
        for k in range(len(parts)):
            if picks[k] + 1 < len(parts[k]):
                nxt = picks[:k] + (picks[k] + 1,) + picks[k + 1 :]
                if nxt not in seen:
                    seen.add(nxt)
                    heapq.heappush(heap, (cost + 1, nxt))
    return out


def _collapse_doubles(text: str) -> str:
    return "".join(ch for i, ch in enumerate(text) if i == 0 or ch != text[i - 1] or ch == " ")


def informal_variants(roman: str) -> set[str]:
    """Lower-case spellings a person might type for ``roman`` (a syllable, word or words).

    Covers ch/chh/c, ue/ü/u, oe/ö/o, e/ä/a, a final k or g dropped or swapped, dr/d, tr/t, the
    aspirate h left out (kh/k, th/t, ph/p, tsh/ts), doubled letters collapsed, and a final vowel
    doubled. At most :data:`MAX_PER_SYLLABLE` spellings per syllable.
    """
    parts: list[list[str]] = []
    for n, word in enumerate(roman.lower().split()):
        if n:
            parts.append([" "])
        sylls = syllabify(word)
        parts += [_syllable_variants(*s) for s in sylls]
    syllable_count = sum(1 for p in parts if p != [" "])
    if not syllable_count:
        return set()
    limit = MAX_PER_SYLLABLE * syllable_count
    found: dict[str, None] = {}
    for variant in _fewest_changes_first(parts, limit):
        extras = [variant, _collapse_doubles(variant)]
        if variant[-1] in VOWEL_LETTERS:
            extras.append(variant + variant[-1])
        for extra in extras:
            if len(found) < limit:
                found[extra] = None
    return set(found)
