"""One learner's numbers, replayed from their events (see rules.py for what each one means)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from dzlearn.lessons.loader import Library

from . import rules
from .events import LESSON_COMPLETED, STEP_COMPLETED, TYPING_DRILL, EventLike, parse_time
from .formatting import percent_of, share_percent

LessonKey = tuple[str, str]  # (pack id, lesson id)
ServiceKey = tuple[str, str, str]  # (pack id, lesson id, step id)

INDEPENDENT, WITH_HELP, NOT_CORRECT = "independent", "with help", "not correct"


@dataclass(frozen=True)
class ServiceInfo:
    key: ServiceKey
    en: str
    dz: str


@dataclass(frozen=True)
class Curriculum:
    """What the installed packs hold, in teaching order."""

    lessons: tuple[LessonKey, ...]
    assessments: dict[LessonKey, tuple[tuple[str, ...], float]]
    services: dict[ServiceKey, ServiceInfo]

    @classmethod
    def from_library(cls, library: Library) -> Curriculum:
        lessons: list[LessonKey] = []
        assessments: dict[LessonKey, tuple[tuple[str, ...], float]] = {}
        services: dict[ServiceKey, ServiceInfo] = {}
        for pack in library.packs:
            for lesson in pack.lessons():
                key = (pack.id, lesson.id)
                lessons.append(key)
                if lesson.assessment is not None:
                    steps = tuple(lesson.assessment.steps)
                    assessments[key] = (steps, lesson.assessment.pass_mark)
                for step in lesson.steps:
                    if step.kind == "eservice":
                        skey = (pack.id, lesson.id, step.id)
                        services[skey] = ServiceInfo(skey, step.service.en, step.service.dz)
        return cls(tuple(lessons), assessments, services)


@dataclass(frozen=True)
class Attempt:
    service: ServiceKey
    at: datetime
    correct: bool
    independent: bool

    @property
    def status(self) -> str:
        if self.correct and self.independent:
            return INDEPENDENT
        return WITH_HELP if self.correct else NOT_CORRECT


@dataclass(frozen=True)
class TypingSample:
    at: datetime
    accuracy: float  # 0..1
    keystrokes: int  # 0 when unknown (then the sample weighs as one keystroke)
    speed: float | None  # syllables per minute; drills only
    source: str  # "drill" or "lesson"


@dataclass(frozen=True)
class Flag:
    code: str  # "inactive", "eservice", "typing"
    reason: str


@dataclass
class LearnerReport:
    learner_id: str
    name: str
    group_ids: tuple[str, ...]
    group_label: str
    centres: tuple[str, ...]
    joined: datetime | None
    last_active: datetime | None = None
    lessons_done: int = 0
    lessons_total: int = 0
    assessments_passed: int = 0
    assessments_total: int = 0
    typing: list[TypingSample] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def progress_percent(self) -> int | None:
        return percent_of(self.lessons_done, self.lessons_total)

    def count(self, status: str) -> int:
        return sum(1 for a in self.attempts if a.status == status)

    @property
    def typing_accuracy(self) -> float | None:
        return weighted_accuracy(self.typing[-rules.TYPING_WINDOW :])

    @property
    def typing_speed(self) -> float | None:
        speeds = [s.speed for s in self.typing if s.speed is not None][-rules.TYPING_WINDOW :]
        return statistics.median(speeds) if speeds else None

    @property
    def accuracy_change(self) -> int | None:
        """Percentage points between the first and the last window of exercises."""
        n = rules.TYPING_WINDOW
        if len(self.typing) < 2 * n:
            return None
        first = weighted_accuracy(self.typing[:n])
        last = weighted_accuracy(self.typing[-n:])
        if first is None or last is None:
            return None
        return (share_percent(last) or 0) - (share_percent(first) or 0)


def weighted_accuracy(samples: Sequence[TypingSample]) -> float | None:
    if not samples:
        return None
    weights = [max(s.keystrokes, 1) for s in samples]
    return sum(s.accuracy * w for s, w in zip(samples, weights, strict=True)) / sum(weights)


def week_of(moment: datetime) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday())


def _number(payload: dict[str, Any], key: str) -> float | None:
    value = payload.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _typing_sample(event: EventLike, at: datetime) -> TypingSample | None:
    p = event.payload
    if event.type == TYPING_DRILL:
        keystrokes, errors = _number(p, "keystrokes"), _number(p, "errors")
        accuracy = _number(p, "accuracy")
        if keystrokes and errors is not None:
            accuracy = (keystrokes - errors) / keystrokes
        elif accuracy is not None and accuracy > 1:
            accuracy /= 100  # given as a percentage
        speed = _number(p, "spm")
        syllables, duration = _number(p, "syllables"), _number(p, "duration_ms")
        if speed is None and syllables is not None and duration:
            speed = syllables / (duration / 60000)
        if accuracy is None:
            return None
        return TypingSample(at, min(max(accuracy, 0.0), 1.0), int(keystrokes or 0), speed, "drill")
    if p.get("kind") == "keyboard":
        keystrokes, mistakes = _number(p, "keystrokes"), _number(p, "mistakes")
        if not keystrokes or mistakes is None:
            return None
        accuracy = min(max((keystrokes - mistakes) / keystrokes, 0.0), 1.0)
        return TypingSample(at, accuracy, int(keystrokes), None, "lesson")
    return None


def _attempt(event: EventLike, at: datetime) -> Attempt | None:
    p = event.payload
    if p.get("kind") != "eservice":
        return None
    key = (str(p.get("pack_id")), str(p.get("lesson_id")), str(p.get("step_id")))
    correct = p.get("correct") is True
    return Attempt(key, at, correct, correct and p.get("independent") is True)


def _passed(scores: dict[str, float], steps: tuple[str, ...], pass_mark: float) -> bool:
    if not steps or any(s not in scores for s in steps):
        return False
    return sum(scores[s] for s in steps) / len(steps) >= pass_mark - 1e-9


def build_learner(
    base: LearnerReport,
    events: Iterable[EventLike],
    curriculum: Curriculum,
    assigned: Sequence[LessonKey],
    as_of: datetime,
) -> LearnerReport:
    """Fill ``base`` (identity and groups) from the learner's events, in log order."""
    report = base
    completed: set[LessonKey] = set()
    scores: dict[LessonKey, dict[str, float]] = {}
    for event in events:
        at = parse_time(event.occurred_at)
        if at is None or event.type not in (STEP_COMPLETED, LESSON_COMPLETED, TYPING_DRILL):
            continue
        report.last_active = at if report.last_active is None else max(report.last_active, at)
        p = event.payload
        key = (str(p.get("pack_id")), str(p.get("lesson_id")))
        if event.type == LESSON_COMPLETED:
            completed.add(key)
            continue
        sample = _typing_sample(event, at)
        if sample is not None:
            report.typing.append(sample)
        if event.type == STEP_COMPLETED:
            attempt = _attempt(event, at)
            if attempt is not None:
                report.attempts.append(attempt)
            score = _number(p, "score")
            if score is not None:
                scores.setdefault(key, {})[str(p.get("step_id"))] = score
    lessons = list(assigned) or list(curriculum.lessons)
    report.lessons_total = len(lessons)
    report.lessons_done = sum(1 for k in lessons if k in completed)
    assessed = [k for k in lessons if k in curriculum.assessments]
    report.assessments_total = len(assessed)
    report.assessments_passed = sum(
        1 for k in assessed if _passed(scores.get(k, {}), *curriculum.assessments[k])
    )
    report.flags = needs_help(report, as_of)
    return report


def needs_help(report: LearnerReport, as_of: datetime) -> list[Flag]:
    flags: list[Flag] = []
    since = report.last_active or report.joined
    if since is not None:
        idle = (as_of - since).days
        if idle >= rules.INACTIVE_DAYS:
            reason = (
                f"No practice for {idle} days"
                if report.last_active is not None
                else f"Has not started ({idle} days since joining)"
            )
            flags.append(Flag("inactive", reason))
    recent = report.attempts[-rules.ESERVICE_WINDOW :]
    if len(recent) >= rules.ESERVICE_MIN_ATTEMPTS:
        right = sum(1 for a in recent if a.correct)
        if right < rules.ESERVICE_MIN_CORRECT * len(recent):
            flags.append(
                Flag("eservice", f"E-services: {right} of the last {len(recent)} practices correct")
            )
    window = report.typing[-rules.TYPING_WINDOW :]
    accuracy = weighted_accuracy(window)
    if len(window) >= rules.TYPING_MIN_SAMPLES and accuracy is not None:
        shown = share_percent(accuracy)  # the rule uses the percentage people see
        if shown is not None and shown < share_percent(rules.TYPING_MIN_ACCURACY):
            flags.append(
                Flag("typing", f"Typing accuracy {shown}% over the last {len(window)} exercises")
            )
    return flags
