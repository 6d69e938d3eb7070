"""Top-1 / top-5 accuracy of the input method on (as-typed Latin, expected Dzongkha) pairs.

Shared by ``benchmarks/ime.py`` (which prints the figures) and ``tests/ime/test_eval.py`` (which
guards them against regressions). File format: ``typed<TAB>expected<TAB>topic`` per line; blank
lines and lines starting with ``#`` are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dzlearn.ime.engine import InputMethod
from dzlearn.script.letters import SHAD, TSHEG
from dzlearn.script.normalize import normalize


@dataclass(frozen=True, slots=True)
class EvalPair:
    typed: str
    expected: str
    topic: str


@dataclass
class Tally:
    total: int = 0
    top1: int = 0
    top5: int = 0

    def add(self, rank: int | None) -> None:
        self.total += 1
        self.top1 += rank == 0
        self.top5 += rank is not None and rank < 5

    @property
    def top1_rate(self) -> float:
        return self.top1 / self.total if self.total else 0.0

    @property
    def top5_rate(self) -> float:
        return self.top5 / self.total if self.total else 0.0


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    by_topic: dict[str, Tally] = field(default_factory=dict)
    misses: list[tuple[EvalPair, list[str]]] = field(default_factory=list)  # not first


def read_pairs(path: Path) -> list[EvalPair]:
    """The pairs in ``path``; ``ValueError`` naming the line of a malformed one."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].strip() or not fields[1].strip():
            raise ValueError(f"{path}:{number}: expected typed<TAB>expected<TAB>topic")
        topic = fields[2].strip() if len(fields) > 2 and fields[2].strip() else "-"
        pairs.append(EvalPair(fields[0], fields[1].strip(), topic))
    return pairs


def canonical(dz: str) -> str:
    """Tibetan text as compared: canonical form, no trailing tsheg, shad or space."""
    return normalize(dz).strip().rstrip(TSHEG + SHAD + " ")


def evaluate(ime: InputMethod, pairs: Sequence[EvalPair], top: int = 5) -> Report:
    report = Report()
    for pair in pairs:
        texts = [canonical(c.text) for c in ime.candidates(pair.typed, top=top)]
        expected = canonical(pair.expected)
        rank = texts.index(expected) if expected in texts else None
        report.overall.add(rank)
        report.by_topic.setdefault(pair.topic, Tally()).add(rank)
        if rank != 0:
            report.misses.append((pair, texts))
    return report
