"""Build the bundled Dzongkha lexicon, src/dzlearn/ime/data/lexicon.jsonl, from its sources.

    .venv/bin/python tools/lexicon/build.py            # regenerate the lexicon, print a report
    .venv/bin/python tools/lexicon/build.py --check    # fail if the committed file is stale

Sources (docs/lexicon.md describes each, its licence, and the filters):
  cldr            CLDR's Dzongkha locale data through babel (cldr.py)
  debian-l10n:X   Debian's Dzongkha gettext catalog X, downloaded with apt-get (debian_l10n.py)
  lo-config:X     LibreOffice's Dzongkha configuration strings, component X (lo_config.py)
  dzlearn-draft   the team's hand-written list of very common words (draft.tsv)

Every candidate must pass the same gate: its Dzongkha is cut into syllables, each syllable must
pass dzlearn's checker and the hunspell-dz oracle (one batched run), and the EWTS transliterator
and romanizer must accept it. Entries with the same Dzongkha are merged. An entry is
reviewed only if src/dzlearn/ime/data/reviews.tsv has a record for it (none yet).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

import catalog_filter  # noqa: E402
import cldr  # noqa: E402
import debian_l10n  # noqa: E402
import lo_config  # noqa: E402
import validate  # noqa: E402

from dzlearn.ime.lexicon import LEXICON_PATH, TOPICS, LexiconEntry, entry_to_json  # noqa: E402
from dzlearn.script.ewts import default_transliterator  # noqa: E402
from dzlearn.script.roman import romanize  # noqa: E402

DRAFT_TSV = HERE / "draft.tsv"
REVIEWS_TSV = LEXICON_PATH.parent / "reviews.tsv"
DRAFT_NOTE = "draft from general knowledge; needs native review"

# How much a learner needs each topic first (issue: greetings, numbers, family, body and health,
# food, time and dates, dzongkhags and towns, names, e-services and life events).
TOPIC_PRIORITY = {
    "greeting": 10, "courtesy": 10, "number": 9, "e-service": 9, "id": 9, "life-event": 9,
    "pension": 9, "hospital": 9, "health": 8, "bank": 8, "payment": 8, "security": 8,
    "phone": 8, "business": 8, "dzongkhag": 8, "family": 8, "internet": 7, "body": 7, "food": 7,
    "time": 7, "date": 7, "town": 6, "name": 6, "everyday": 6, "computer": 5, "place": 5,
    "education": 5, "language": 4, "religion": 4, "nature": 4, "currency": 3, "country": 3,
}  # fmt: skip
assert set(TOPIC_PRIORITY) == TOPICS, "every topic needs a priority"


@dataclass(frozen=True)
class Candidate:
    text: str  # Dzongkha as the source wrote it
    gloss: str
    topics: tuple[str, ...]
    source: str  # source id written to the entry ("cldr", "debian-l10n:gtk30", ...)
    note: str = ""
    official_roman: str = ""


@dataclass
class Stats:
    considered: Counter = field(default_factory=Counter)  # per source family
    filtered: Counter = field(default_factory=Counter)  # catalog pairs the filters left out
    dropped: Counter = field(default_factory=Counter)  # candidates the spelling gate rejected
    dropped_draft: list[str] = field(default_factory=list)
    catalogs: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (package, version)
    official: list[tuple[str, str, str]] = field(default_factory=list)


def family(source: str) -> str:
    return source.split(":")[0]


# --- sources ---------------------------------------------------------------------------------


def draft_candidates(path: Path = DRAFT_TSV) -> list[Candidate]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) not in (3, 4):
            raise SystemExit(f"{path}:{n}: expected 3 or 4 tab-separated columns")
        topics = tuple(t.strip() for t in cols[2].split(",") if t.strip())
        unknown = set(topics) - TOPICS
        if unknown or not topics:
            raise SystemExit(f"{path}:{n}: bad topics {sorted(unknown) or topics}")
        official = cols[3].strip() if len(cols) == 4 else ""
        out.append(Candidate(cols[0].strip(), cols[1].strip(), topics, "dzlearn-draft",
                             DRAFT_NOTE, official))  # fmt: skip
    return out


def cldr_candidates() -> list[Candidate]:
    return [Candidate(i.dz, i.gloss, i.topics, "cldr", i.note) for i in cldr.items()]


def catalog_candidates(stats: Stats) -> list[Candidate]:
    """Pairs of the localisation sources (gettext catalogs and LibreOffice's configuration),
    filtered together: the alignment check uses every source's stand-alone translations."""
    roots = debian_l10n.fetch()
    lo_roots = lo_config.fetch()
    pairs = list(debian_l10n.pairs(roots)) + list(lo_config.pairs(lo_roots))
    roots.update(lo_roots)
    for pair in pairs:
        version = debian_l10n.package_version(roots[pair.package])
        stats.catalogs[pair.source] = (pair.package, version)
        stats.considered[pair.family] += 1
    kept = catalog_filter.keep(pairs, stats.filtered)
    return [Candidate(p.dz, gloss, topics, p.source) for p, gloss, topics in kept]


# --- the spelling gate -----------------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    candidate: Candidate
    dz: str
    syllables: tuple[str, ...]
    ewts: str
    roman: str


def gate(candidates: Iterable[Candidate], stats: Stats) -> list[Checked]:
    split: list[tuple[Candidate, list[str]]] = []
    for cand in candidates:
        syllables = validate.split_dz(cand.text)
        if syllables is None:
            _drop(stats, cand, "not pure Tibetan syllables (digits, Latin or punctuation inside)")
            continue
        split.append((cand, syllables))
    unique = {s for _, syls in split for s in syls}
    checker_bad = {s for s in unique if validate.checker_rejects(s)}
    hunspell_bad = validate.hunspell_rejected(unique)
    translit = default_transliterator()
    kept: list[Checked] = []
    for cand, syls in split:
        by_checker = bool(checker_bad.intersection(syls))
        by_hunspell = bool(hunspell_bad.intersection(syls))
        if by_checker and by_hunspell:
            _drop(stats, cand, "syllable rejected by both check() and hunspell-dz")
            continue
        if by_hunspell:
            _drop(stats, cand, "syllable rejected by hunspell-dz only")
            continue
        if by_checker:
            _drop(stats, cand, "syllable rejected by check() only")
            continue
        dz = validate.join_dz(syls)
        try:
            ewts = translit.to_ewts(dz)
            back = translit.to_unicode(ewts)
        except ValueError:
            _drop(stats, cand, "EWTS transliterator rejects it")
            continue
        if back != dz:
            _drop(stats, cand, "EWTS does not convert back to the same Dzongkha")
            continue
        try:
            roman = romanize(dz)
        except ValueError:
            _drop(stats, cand, "romanizer rejects it")
            continue
        kept.append(Checked(cand, dz, tuple(syls), ewts, roman))
    return kept


def _drop(stats: Stats, cand: Candidate, reason: str) -> None:
    stats.dropped[(family(cand.source), reason)] += 1
    if cand.source == "dzlearn-draft":
        stats.dropped_draft.append(f"{cand.text} ({cand.gloss}): {reason}")


# --- merging and weights ---------------------------------------------------------------------


def weight(topics: Iterable[str], n_sources: int, n_syllables: int) -> float:
    """Topic priority × agreement between independent sources × shortness (deterministic)."""
    priority = max(TOPIC_PRIORITY[t] for t in topics)
    agreement = 1 + 0.25 * math.log2(n_sources)
    shortness = 1 / (1 + 0.15 * (n_syllables - 1))
    return round(priority * agreement * shortness, 3)


def reviewed_dz(path: Path = REVIEWS_TSV) -> set[str]:
    """Dzongkha that a native speaker has reviewed (one record per line; # comments)."""
    if not path.exists():
        return set()
    lines = path.read_text(encoding="utf-8").splitlines()
    return {
        validate.join_dz(validate.split_dz(line.split("\t")[0]) or [])
        for line in lines
        if line.strip() and not line.startswith("#")
    }


def merge(checked: list[Checked], stats: Stats) -> list[LexiconEntry]:
    reviewed = reviewed_dz()
    groups: dict[str, list[Checked]] = defaultdict(list)
    for item in checked:
        groups[item.dz].append(item)
    entries = []
    for dz, items in groups.items():
        support: Counter = Counter()  # gloss → number of sources giving it
        spelled: dict[str, str] = {}
        for item in items:
            for part in item.candidate.gloss.split("; "):
                key = part.casefold()
                spelled.setdefault(key, part)
                support[key] += 1
        glosses = sorted(support, key=lambda k: (-support[k], k))
        sources = sorted({i.candidate.source for i in items}, key=_source_order)
        topics = tuple(sorted({t for i in items for t in i.candidate.topics}))
        notes = sorted({i.candidate.note for i in items if i.candidate.note})
        roman = items[0].roman
        officials = sorted({i.candidate.official_roman for i in items} - {""})
        if len(officials) > 1:
            raise SystemExit(f"{dz}: conflicting official forms {officials}")
        if officials and officials[0] != roman:
            notes.append(f"roman is the official form; romanize() gives {roman!r}")
            stats.official.append((dz, officials[0], roman))
            roman = officials[0]
        entries.append(
            LexiconEntry(
                dz=dz,
                ewts=items[0].ewts,
                roman=roman,
                gloss="; ".join(spelled[k] for k in glosses),
                topics=topics,
                weight=weight(topics, len(sources), len(items[0].syllables)),
                source=",".join(sources),
                reviewed=dz in reviewed,
                note="; ".join(notes),
            )
        )
    return sorted(entries, key=lambda e: (e.dz, e.roman))


def _source_order(source: str) -> tuple[int, str]:
    return ({"dzlearn-draft": 0, "cldr": 1}.get(source, 2), source)


# --- report -------------------------------------------------------------------------------------

# The e-service and life-event words issue #3 names, looked up in the glosses (docs/lexicon.md).
ISSUE_WORDS = (
    "birth", "birthdate", "birthplace", "birth registration", "citizenship", "citizen",
    "nationality", "identity card", "ID card", "marital status", "pension", "retirement",
    "salary", "business licence", "licence", "license", "hospital", "bank", "account number",
    "mobile payment", "payment", "OTP", "one-time password", "password", "phone",
    "mobile number", "SMS", "message", "internet",
)  # fmt: skip


def _gloss_has(gloss: str, word: str) -> bool:
    padded = f" {gloss.lower().replace(';', ' ')} "
    return f" {word.lower()} " in padded or f" {word.lower()}s " in padded


def report(entries: list[LexiconEntry], stats: Stats) -> str:
    lines = [f"entries: {len(entries)}", "", "entries citing each source family:"]
    fams: Counter = Counter()
    only: Counter = Counter()
    per_catalog: Counter = Counter()
    for e in entries:
        srcs = e.source.split(",")
        found = {family(s) for s in srcs}
        fams.update(found)
        if len(found) == 1:
            only[next(iter(found))] += 1
        per_catalog.update(s for s in srcs if s in stats.catalogs)
    for fam in sorted(fams):
        lines.append(f"  {fam:15} {fams[fam]:5}  (only this family: {only[fam]})")
    lines += ["", "entries citing each localisation source (markdown table for docs/lexicon.md):"]
    lines += ["| source id | Debian package (version) | licence | entries |", "|---|---|---|---|"]
    for cat, n in sorted(per_catalog.items(), key=lambda x: (-x[1], x[0])):
        package, version = stats.catalogs[cat]
        licence = debian_l10n.LICENCES[package]
        lines.append(f"| `{cat}` | {package} ({version}) | {licence} | {n} |")
    copyleft_only = sum(
        1
        for e in entries
        if all(
            s in stats.catalogs and "GPL" in debian_l10n.LICENCES[stats.catalogs[s][0]]
            for s in e.source.split(",")
        )
    )
    lines += ["", f"entries whose only sources are (L)GPL catalogs: {copyleft_only}"]
    topic_counts = Counter(t for e in entries for t in e.topics)
    lines += ["", "entries per topic:"]
    lines += [f"  {t:12} {topic_counts.get(t, 0):5}" for t in sorted(TOPICS)]
    lines += ["", "localisation pairs left out by the filters (source family, reason):"]
    lines += [f"  {n:6}  {f}: {r}" for (f, r), n in sorted(stats.filtered.items())]
    lines += ["", "issue vocabulary (entries whose gloss has the word; 0 = still missing):"]
    for word in ISSUE_WORDS:
        found = [e.dz for e in entries if _gloss_has(e.gloss, word)]
        lines.append(f"  {word:22} {len(found):4}  {' '.join(found[:4])}")
    lines += ["", "candidates dropped by the spelling gate (source family, reason):"]
    lines += [f"  {n:6}  {f}: {r}" for (f, r), n in sorted(stats.dropped.items())]
    lines += ["", "draft entries dropped:"] + [f"  {d}" for d in stats.dropped_draft]
    lines += ["", "official roman differs from romanize():"]
    lines += [f"  {dz}  {o!r}  (romanize: {r!r})" for dz, o, r in sorted(stats.official)]
    return "\n".join(lines)


def build() -> tuple[list[LexiconEntry], Stats]:
    stats = Stats()
    candidates = draft_candidates() + cldr_candidates()
    for cand in candidates:
        stats.considered[family(cand.source)] += 1
    candidates += catalog_candidates(stats)
    return merge(gate(candidates, stats), stats), stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=LEXICON_PATH)
    parser.add_argument("--check", action="store_true", help="compare, don't write")
    parser.add_argument("--quiet", action="store_true", help="no report")
    args = parser.parse_args(argv)
    entries, stats = build()
    text = "".join(entry_to_json(e) + "\n" for e in entries)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run tools/lexicon/build.py", file=sys.stderr)
            return 1
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    if not args.quiet:
        print(report(entries, stats))
        print(f"\nsources considered: {dict(stats.considered)}; CLDR: {cldr.version()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
