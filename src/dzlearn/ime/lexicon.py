"""The bundled Dzongkha lexicon: words and phrases with spelling, sound, meaning and provenance.

One JSON object per line in ``data/lexicon.jsonl`` (fast to load, easy to diff and review). Every
entry says where it came from and whether a native speaker has reviewed it: the lexicon teaches
spelling, so an unreviewed entry must be visible as such, never passed off as checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "lexicon.jsonl"
TOPICS = frozenset(
    {
        "greeting", "courtesy", "number", "family", "body", "health", "food", "time", "date",
        "place", "dzongkhag", "town", "name", "e-service", "life-event", "id", "pension",
        "business", "hospital", "bank", "payment", "security", "phone", "internet", "computer",
        "language", "country", "currency", "everyday", "education", "religion", "nature",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    dz: str  # Dzongkha script, syllables separated by tsheg, no trailing tsheg
    ewts: str
    roman: str  # official Roman Dzongkha (lower case)
    gloss: str  # English
    topics: tuple[str, ...]
    weight: float  # relative frequency/usefulness, > 0; higher ranks first
    source: str  # short source id, described in docs/lexicon.md
    reviewed: bool  # checked by a native Dzongkha speaker
    note: str = ""


class LexiconError(ValueError):
    pass


def parse_entry(line: str, where: str) -> LexiconEntry:
    try:
        raw = json.loads(line)
        entry = LexiconEntry(
            dz=raw["dz"],
            ewts=raw["ewts"],
            roman=raw["roman"],
            gloss=raw["gloss"],
            topics=tuple(raw["topics"]),
            weight=float(raw["weight"]),
            source=raw["source"],
            reviewed=bool(raw["reviewed"]),
            note=raw.get("note", ""),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise LexiconError(f"{where}: not a lexicon entry ({exc})") from exc
    unknown = set(entry.topics) - TOPICS
    if unknown:
        raise LexiconError(f"{where}: unknown topic(s) {sorted(unknown)}")
    if not entry.dz or not entry.roman or entry.weight <= 0:
        raise LexiconError(f"{where}: empty dz/roman or non-positive weight")
    return entry


def load_lexicon(path: Path = LEXICON_PATH) -> list[LexiconEntry]:
    with path.open(encoding="utf-8") as f:
        return [
            parse_entry(line, f"{path}:{n}") for n, line in enumerate(f, start=1) if line.strip()
        ]


def entry_to_json(entry: LexiconEntry) -> str:
    data = {
        "dz": entry.dz, "ewts": entry.ewts, "roman": entry.roman, "gloss": entry.gloss,
        "topics": list(entry.topics), "weight": entry.weight, "source": entry.source,
        "reviewed": entry.reviewed,
    }  # fmt: skip
    if entry.note:
        data["note"] = entry.note
    return json.dumps(data, ensure_ascii=False)
