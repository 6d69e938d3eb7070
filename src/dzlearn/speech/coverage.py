"""Which spoken prompts have a human voice yet: per lesson, for the studio and ``audio report``.

A segment counts as *recorded* only when a person's Dzongkha recording of its current text is on
disk; a synthetic stand-in never counts, it is shown separately. Every segment is exactly one
of recorded, stale (recorded from text that has since changed) or missing, so the three add up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from pydantic import BaseModel

from dzlearn.lessons.audio import AudioLibrary, AudioState, PromptAudio, split_key
from dzlearn.lessons.loader import Library
from dzlearn.lessons.models import Prompt, Text


@dataclass(frozen=True)
class LessonRef:
    pack: str
    unit: str
    lesson: str


@dataclass(frozen=True)
class Segment:
    """One spoken prompt; ``lessons`` lists every lesson that speaks it (usually one).

    ``role`` is "sound" for a choice's sound (the learner must tell it apart, so only a person
    may voice it: no English stand-in) and "instruction" for everything else."""

    id: str
    text: Text
    lessons: tuple[LessonRef, ...]
    role: str = "instruction"

    @property
    def segment(self) -> str:
        return self.id


def spoken_in(node: Any, role: str = "instruction") -> Iterator[tuple[Prompt, str]]:
    """Every Prompt inside a lesson model and its role: step prompts, quiz questions, choices'
    sounds, and whatever a future step kind adds, without a list of fields to keep up to date."""
    if isinstance(node, Prompt):
        yield node, role
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from spoken_in(getattr(node, name), "sound" if name == "sound" else role)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from spoken_in(item, role)


def prompts_in(node: Any) -> Iterator[Prompt]:
    return (prompt for prompt, _role in spoken_in(node))


def _walk(library: Library) -> Iterator[tuple[LessonRef, Prompt, str]]:
    for pack in library.packs:
        for unit in pack.units:
            for lesson in unit.lessons:
                ref = LessonRef(pack.id, unit.id, lesson.id)
                for prompt, role in spoken_in(lesson):
                    yield ref, prompt, role


def segments_of(library: Library) -> list[Segment]:
    """Distinct segments in lesson order. If an id is reused with other text the first text
    counts (``check_consistency`` reports the clash)."""
    texts: dict[str, Text] = {}
    lessons: dict[str, list[LessonRef]] = {}
    roles: dict[str, str] = {}
    for ref, prompt, role in _walk(library):
        texts.setdefault(prompt.segment, prompt.text)
        if role == "sound" or prompt.segment not in roles:
            roles[prompt.segment] = role
        refs = lessons.setdefault(prompt.segment, [])
        if ref not in refs:
            refs.append(ref)
    return [Segment(sid, texts[sid], tuple(lessons[sid]), roles[sid]) for sid in texts]


@dataclass(frozen=True)
class SegmentStatus:
    segment: Segment
    dz: PromptAudio
    en: PromptAudio

    @property
    def recorded(self) -> bool:
        return self.dz.playable and not self.dz.synthetic

    @property
    def approved(self) -> bool:
        return self.recorded and self.dz.approved

    @property
    def stale(self) -> bool:
        return self.dz.state is AudioState.STALE

    @property
    def missing(self) -> bool:
        return not self.recorded and not self.stale

    @property
    def synthetic(self) -> bool:
        """A synthetic voice stands in for it (a labelled placeholder, not a recording)."""
        return (self.dz.playable and self.dz.synthetic) or (self.en.playable and self.en.synthetic)


def status_of(segment: Segment, audio: AudioLibrary) -> SegmentStatus:
    return SegmentStatus(
        segment,
        audio.lookup_text(segment.id, segment.text, "dz"),
        audio.lookup_text(segment.id, segment.text, "en"),
    )


@dataclass
class Counts:
    segments: int = 0
    recorded: int = 0
    approved: int = 0
    stale: int = 0
    missing: int = 0
    synthetic: int = 0

    def add(self, status: SegmentStatus) -> None:
        self.segments += 1
        self.recorded += status.recorded
        self.approved += status.approved
        self.stale += status.stale
        self.missing += status.missing
        self.synthetic += status.synthetic

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class LessonCoverage:
    ref: LessonRef
    title: Text
    counts: Counts
    segments: list[str] = field(default_factory=list)


@dataclass
class Coverage:
    lessons: list[LessonCoverage]
    totals: Counts  # over distinct segments: one shared by two lessons counts once
    statuses: dict[str, SegmentStatus]
    problems: list[str]

    def to_json(self) -> dict[str, Any]:
        """The stable shape printed by ``dzlearn audio report --json``."""
        return {
            "lessons": [
                {"pack": lc.ref.pack, "unit": lc.ref.unit, "lesson": lc.ref.lesson}
                | lc.counts.as_dict()
                for lc in self.lessons
            ],
            "totals": self.totals.as_dict(),
            "problems": list(self.problems),
        }

    def lesson(self, pack: str, lesson: str) -> LessonCoverage | None:
        return next(
            (lc for lc in self.lessons if lc.ref.pack == pack and lc.ref.lesson == lesson), None
        )


def coverage(library: Library, audio: AudioLibrary) -> Coverage:
    segments = segments_of(library)
    statuses = {s.id: status_of(s, audio) for s in segments}
    totals = Counts()
    for status in statuses.values():
        totals.add(status)
    lessons: list[LessonCoverage] = []
    for pack in library.packs:
        for unit in pack.units:
            for lesson in unit.lessons:
                ref = LessonRef(pack.id, unit.id, lesson.id)
                ids = list(dict.fromkeys(p.segment for p in prompts_in(lesson)))
                counts = Counts()
                for sid in ids:
                    counts.add(statuses[sid])
                lessons.append(LessonCoverage(ref, lesson.title, counts, ids))
    return Coverage(lessons, totals, statuses, check_consistency(library, audio, segments))


def check_consistency(
    library: Library, audio: AudioLibrary, segments: list[Segment] | None = None
) -> list[str]:
    """Problems a facilitator or pack author should fix; none of them stops a lesson."""
    problems = list(audio.problems)
    first: dict[str, tuple[LessonRef, Text]] = {}
    for ref, prompt, _role in _walk(library):
        seen = first.setdefault(prompt.segment, (ref, prompt.text))
        if seen[1].dz != prompt.text.dz or seen[1].en != prompt.text.en:
            problems.append(
                f"segment {prompt.segment!r} has different text in {ref.pack}/{ref.lesson} "
                f"than in {seen[0].pack}/{seen[0].lesson}: one id, one text"
            )
    known = {s.id for s in (segments if segments is not None else segments_of(library))}
    for folder, rec in audio.entries():
        where = folder / rec.file
        if split_key(rec.segment)[0] not in known:
            problems.append(
                f"{folder}: recording {rec.segment!r} belongs to no prompt in the installed "
                "lessons (an orphan)"
            )
        if not where.is_file():
            problems.append(
                f"{folder}: recording {rec.segment!r} lists {rec.file}, which is missing"
            )
    return problems
