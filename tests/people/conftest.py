from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from dzlearn.storage import Database, Event, EventLog, LearnerStore


class LogBuilder:
    """Events as devices would make them: per-device sequence numbers, a clock we control."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self._seq: dict[str, int] = {}
        self._ids = itertools.count(1)
        self._clock = itertools.count(1)

    def add(
        self,
        type: str,
        payload: dict | None = None,
        learner_id: str | None = None,
        device: str = "pc-a",
        at: str | None = None,
    ) -> Event:
        seq = self._seq[device] = self._seq.get(device, 0) + 1
        stamp = at or f"2026-03-01T10:00:{next(self._clock):02d}.000000Z"
        event = Event(
            event_id=f"e{next(self._ids)}",
            device_id=device,
            device_seq=seq,
            learner_id=learner_id,
            type=type,
            payload=payload or {},
            schema_version=1,
            occurred_at=stamp,
            recorded_at=stamp,
        )
        self.events.append(event)
        return event

    def learner(self, learner_id: str, name: str = "Pema", picture: str = "tree") -> None:
        self.add("learner.created", {"display_name": name, "picture": picture}, learner_id)


@pytest.fixture
def log() -> LogBuilder:
    return LogBuilder()


@pytest.fixture
def storage(tmp_path) -> Iterator[tuple[Database, EventLog, LearnerStore]]:
    db = Database.open(tmp_path / "centre" / "dzlearn.sqlite")
    events = EventLog(db)
    yield db, events, LearnerStore(db, events)
    db.close()
