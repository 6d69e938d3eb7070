"""Lesson progress, derived from the event log (screens read this, never the raw events)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from dzlearn.lessons.models import Lesson

log = logging.getLogger(__name__)

STEP_COMPLETED = "lesson.step_completed"
LESSON_COMPLETED = "lesson.completed"


class EventLike(Protocol):
    type: str
    payload: dict[str, Any]


@dataclass
class LessonProgress:
    """``current_run`` holds the steps done since the lesson was last finished."""

    pack_id: str
    lesson_id: str
    current_run: set[str] = field(default_factory=set)
    times_completed: int = 0
    mistakes: int = 0

    def next_step_index(self, lesson: Lesson) -> int:
        """Where to resume: the first step of this run not yet done."""
        for i, step in enumerate(lesson.steps):
            if step.id not in self.current_run:
                return i
        return 0

    def steps_done(self, lesson: Lesson) -> int:
        return sum(1 for s in lesson.steps if s.id in self.current_run)


def project_progress(events: Iterable[EventLike]) -> dict[tuple[str, str], LessonProgress]:
    """(pack id, lesson id) → progress, replaying a learner's events in order."""
    progress: dict[tuple[str, str], LessonProgress] = {}
    for event in events:
        if event.type not in (STEP_COMPLETED, LESSON_COMPLETED) or not _well_formed(event):
            continue
        key = (str(event.payload["pack_id"]), str(event.payload["lesson_id"]))
        entry = progress.setdefault(key, LessonProgress(*key))
        if event.type == STEP_COMPLETED:
            entry.current_run.add(str(event.payload["step_id"]))
            entry.mistakes += _count(event.payload.get("mistakes", 0))
        else:
            entry.times_completed += 1
            entry.current_run = set()
    return progress


def _well_formed(event: EventLike) -> bool:
    """Events can arrive from other PCs (sync) or older versions; one that lacks what progress
    needs is left out (and logged) rather than breaking the learner's home screen."""
    needed = (
        ("pack_id", "lesson_id", "step_id")
        if event.type == STEP_COMPLETED
        else ("pack_id", "lesson_id")
    )
    payload = event.payload if isinstance(event.payload, dict) else {}
    if all(isinstance(payload.get(key), str) for key in needed):
        return True
    log.warning("left out a %s event without %s: %r", event.type, "/".join(needed), payload)
    return False


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0
