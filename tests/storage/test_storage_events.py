"""The append-only event log."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from dzlearn.storage import Database, EventLog, StorageError

DZONGKHA = "ཀ་ཁ་ག་ང་"


def test_device_seq_counts_up_and_ids_are_unique(db: Database, log: EventLog) -> None:
    appended = [log.append("learner-1", "tick", {"n": n}) for n in range(25)]
    assert [event.device_seq for event in appended] == list(range(1, 26))
    assert len({event.event_id for event in appended}) == 25
    assert all(event.device_id == db.device_id for event in appended)
    assert log.count() == 25


def test_sequence_continues_after_reopen(db_path: Path) -> None:
    with Database.open(db_path) as db:
        EventLog(db).append(None, "a", {})
        EventLog(db).append(None, "a", {})
    with Database.open(db_path) as db:
        assert EventLog(db).append(None, "a", {}).device_seq == 3


def test_payload_round_trips_dzongkha(db_path: Path) -> None:
    payload = {"word": DZONGKHA, "nested": {"syllables": DZONGKHA.split("་")[:-1]}, "score": 0.5}
    with Database.open(db_path) as db:
        written = EventLog(db).append("learner-1", "typing.done", payload)
    assert written.payload == payload
    with Database.open(db_path) as db:
        (read,) = EventLog(db).for_learner("learner-1")
    assert read == written
    assert read.payload["word"] == DZONGKHA
    raw = sqlite3.connect(db_path)
    try:
        stored = raw.execute("SELECT payload FROM events").fetchone()[0]
    finally:
        raw.close()
    assert DZONGKHA in stored  # stored as readable UTF-8, not \u escapes


def test_event_fields(log: EventLog) -> None:
    event = log.append("learner-1", "lesson.started", {"lesson": "ka"})
    assert event.schema_version == 1
    assert len(event.event_id) == 32
    when = datetime.fromisoformat(event.occurred_at)
    assert when.utcoffset() is not None and when.utcoffset().total_seconds() == 0
    assert event.recorded_at >= event.occurred_at


@pytest.mark.parametrize("statement", ["UPDATE events SET type = 'edited'", "DELETE FROM events"])
def test_events_cannot_be_changed_or_deleted(db: Database, log: EventLog, statement: str) -> None:
    original = log.append("learner-1", "tick", {"n": 1})
    raw = sqlite3.connect(db.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute(statement)
    finally:
        raw.close()
    with pytest.raises(StorageError, match="append-only"):
        with db.writing() as connection:
            connection.execute(text(statement))
    assert log.for_learner("learner-1") == [original]


def test_failing_apply_writes_nothing(db: Database, log: EventLog) -> None:
    log.append("learner-1", "tick", {"n": 1})

    def project_then_fail(connection: Connection) -> None:
        connection.execute(
            text("INSERT INTO learners VALUES ('x', 'Half', 'yak', '2024-01-01T00:00:00Z')")
        )
        raise RuntimeError("projection bug")

    with pytest.raises(RuntimeError, match="projection bug"):
        log.append("learner-1", "tick", {"n": 2}, apply=project_then_fail)
    assert log.count() == 1
    with db.reading() as connection:
        assert connection.execute(text("SELECT count(*) FROM learners")).scalar() == 0
    assert log.append("learner-1", "tick", {"n": 3}).device_seq == 2


def test_apply_runs_in_the_same_transaction(db: Database, log: EventLog) -> None:
    seen: list[int] = []

    def project(connection: Connection) -> None:
        seen.append(connection.execute(text("SELECT count(*) FROM events")).scalar())

    log.append(None, "tick", {}, apply=project)
    assert seen == [1]  # the event is visible to the projection before commit


@pytest.mark.parametrize(
    "payload",
    [
        {"when": datetime(2024, 1, 1)},
        {"x": float("nan")},
        {1: "int key"},
        {"pair": (1, 2)},
        ["not", "a", "dict"],
    ],
)
def test_unserialisable_payload_is_refused(log: EventLog, payload: object) -> None:
    with pytest.raises(ValueError):
        log.append(None, "bad", payload)  # type: ignore[arg-type]
    assert log.count() == 0


def test_empty_type_is_refused(log: EventLog) -> None:
    with pytest.raises(ValueError):
        log.append(None, " ", {})


def test_for_learner_only_returns_that_learner(log: EventLog) -> None:
    for n in range(6):
        log.append(f"learner-{n % 2}", "tick", {"n": n})
    log.append(None, "device.event", {})
    mine = log.for_learner("learner-1")
    assert [event.payload["n"] for event in mine] == [1, 3, 5]
    assert [event.device_seq for event in mine] == [2, 4, 6]
    assert log.for_learner("nobody") == []


def test_since_pages_through_a_device(db: Database, log: EventLog) -> None:
    for n in range(12):
        log.append(None, "tick", {"n": n})
    pages = []
    after = 0
    while page := log.since(db.device_id, after, limit=5):
        pages.append([event.device_seq for event in page])
        after = page[-1].device_seq
    assert pages == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12]]
    assert log.since("other-device", 0) == []
    with pytest.raises(ValueError):
        log.since(db.device_id, 0, limit=0)
