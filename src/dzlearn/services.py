"""Services the screens use, built once by the composition root (app.py). No Qt here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dzlearn.learning.progress import (
    LESSON_COMPLETED,
    STEP_COMPLETED,
    LessonProgress,
    project_progress,
)
from dzlearn.learning.typing import TypingExercise
from dzlearn.lessons.audio import AudioLibrary
from dzlearn.lessons.loader import Library, load_library
from dzlearn.lessons.models import Lesson, Pack
from dzlearn.paths import DataLocation
from dzlearn.storage import Database, Event, EventLog, LearnerStore


class ProgressService:
    """Records lesson activity as events and answers "how far is this learner?" from them."""

    def __init__(self, events: EventLog) -> None:
        self._events = events

    def for_learner(self, learner_id: str) -> dict[tuple[str, str], LessonProgress]:
        return project_progress(self._events.for_learner(learner_id))

    def record_step(
        self,
        learner_id: str,
        pack: Pack,
        lesson: Lesson,
        step_id: str,
        exercise: TypingExercise | None,
        duration_ms: int,
    ) -> Event:
        payload: dict[str, object] = {
            "pack_id": pack.id,
            "pack_version": pack.version,
            "lesson_id": lesson.id,
            "step_id": step_id,
            "duration_ms": duration_ms,
        }
        if exercise is not None:
            payload |= {
                "target": exercise.target,
                "keystrokes": exercise.keystrokes,
                "mistakes": sum(exercise.mistakes.values()),
                "missed": dict(exercise.mistakes),
            }
        return self._events.append(learner_id, STEP_COMPLETED, payload)

    def record_lesson_completed(self, learner_id: str, pack: Pack, lesson: Lesson) -> Event:
        payload = {"pack_id": pack.id, "pack_version": pack.version, "lesson_id": lesson.id}
        return self._events.append(learner_id, LESSON_COMPLETED, payload)


@dataclass
class Services:
    location: DataLocation
    resources: Path
    db: Database
    events: EventLog
    learners: LearnerStore
    progress: ProgressService
    library: Library
    audio: AudioLibrary

    @classmethod
    def build(cls, location: DataLocation, resources: Path, db: Database) -> Services:
        """Called off the UI thread at start-up: storage is open; load content beside it."""
        from dzlearn.packs.install import installed_pack_dirs, recover_interrupted

        recover_interrupted(location.root)
        events = EventLog(db)
        return cls(
            location=location,
            resources=resources,
            db=db,
            events=events,
            learners=LearnerStore(db, events),
            progress=ProgressService(events),
            library=load_library(
                resources / "lessons", installed_pack_dirs(location.root, "lessons")
            ),
            audio=AudioLibrary.load(
                resources / "assets" / "audio", *installed_pack_dirs(location.root, "audio")
            ),
        )
