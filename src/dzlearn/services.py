"""Services the screens use, built once by the composition root (app.py). No Qt here."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dzlearn.ime.engine import InputMethod
from dzlearn.ime.history import CHOICE_EVENT, choice_payload, history_from_events
from dzlearn.ime.lexicon import LexiconEntry, load_lexicon
from dzlearn.learning.progress import (
    LESSON_COMPLETED,
    STEP_COMPLETED,
    LessonProgress,
    project_progress,
)
from dzlearn.lessons.audio import AudioLibrary
from dzlearn.lessons.loader import Library, load_library
from dzlearn.lessons.models import Lesson, Pack, Step
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
        step: Step,
        result: Mapping[str, Any] | None,
        duration_ms: int,
    ) -> Event:
        """One finished step; ``result`` is what the step's view measured (score, hints…)."""
        payload: dict[str, Any] = {
            **(result or {}),
            "pack_id": pack.id,
            "pack_version": pack.version,
            "lesson_id": lesson.id,
            "step_id": step.id,
            "kind": step.kind,
            "duration_ms": duration_ms,
        }
        return self._events.append(learner_id, STEP_COMPLETED, payload)

    def record_lesson_completed(self, learner_id: str, pack: Pack, lesson: Lesson) -> Event:
        payload = {"pack_id": pack.id, "pack_version": pack.version, "lesson_id": lesson.id}
        return self._events.append(learner_id, LESSON_COMPLETED, payload)


class InputMethods:
    """One phonetic input method per learner, knowing that learner's past choices.

    The lexicon is loaded once, on first use (off the UI thread); every choice a learner makes
    is appended to the event log, so what the input method learned survives a restart and
    travels with the learner's other events.
    """

    def __init__(self, events: EventLog) -> None:
        self._events = events
        self._entries: list[LexiconEntry] | None = None
        self._by_learner: dict[str, InputMethod] = {}
        self._lock = threading.Lock()

    def for_learner(self, learner_id: str) -> InputMethod:
        with self._lock:
            if learner_id not in self._by_learner:
                if self._entries is None:
                    self._entries = load_lexicon()
                history = history_from_events(self._events.for_learner(learner_id))
                self._by_learner[learner_id] = InputMethod(self._entries, history)
            return self._by_learner[learner_id]

    def save_choice(self, learner_id: str, typed: str, chosen: str) -> Event:
        """Append the choice to the event log. The caller also tells the learner's live
        ``InputMethod`` (on the thread that uses it), so ranking changes at once."""
        return self._events.append(learner_id, CHOICE_EVENT, choice_payload(typed, chosen))


@dataclass
class Services:
    """Everything the screens use, built once at start-up."""

    location: DataLocation
    resources: Path
    db: Database
    events: EventLog
    learners: LearnerStore
    progress: ProgressService
    library: Library
    audio: AudioLibrary
    input_methods: InputMethods
    instance_lock: Any = None  # storage.InstanceLock held while the app runs

    @classmethod
    def build(cls, location: DataLocation, resources: Path, db: Database) -> Services:
        """Called off the UI thread at start-up: storage is open; load content beside it."""
        from dzlearn.packs.install import installed_pack_dirs, recover_interrupted
        from dzlearn.speech.folders import audio_folders

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
            audio=AudioLibrary.load(*audio_folders(resources, location.root)),
            input_methods=InputMethods(events),
        )

    def close(self, backup: bool = True) -> str | None:
        """At exit: a backup (``VACUUM INTO``), then close storage and free the data folder.
        Returns why the backup was skipped, if it was; closing happens regardless."""
        from dzlearn.storage import StorageError

        skipped = None
        if backup:
            try:
                self.db.backup()
            except StorageError as exc:
                skipped = str(exc)
        self.db.close()
        if self.instance_lock is not None:
            self.instance_lock.release()
        return skipped

    def pack_folder(self, pack_id: str) -> Path | None:
        return self.library.folders.get(pack_id)
