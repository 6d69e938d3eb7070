"""Events made elsewhere are added once, keep their identity, and never disturb our numbering."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from dzlearn.storage import Database, Event, EventLog, LearnerStore, merge_events


def _foreign(n: int, device: str = "f" * 32, learner: str | None = "far-learner") -> Event:
    return Event(
        event_id=f"{device[:8]}{n:024d}",
        device_id=device,
        device_seq=n,
        learner_id=learner,
        type="step.completed",
        payload={"n": n, "word": "ཀ"},
        schema_version=1,
        occurred_at=f"2024-01-0{1 + n % 9}T10:00:00.000000Z",
        recorded_at="2024-02-01T10:00:00.000000Z",
    )


def test_foreign_events_are_stored_exactly_and_only_once(db: Database, db_path: Path) -> None:
    log = EventLog(db)
    ours = log.append("here", "step.completed", {"n": 0})
    incoming = [_foreign(n) for n in range(1, 8)]

    first = merge_events(db, incoming, batch=3)
    again = merge_events(db, [*incoming, incoming[2]])

    assert first.inserted == [event.event_id for event in incoming]
    assert first.already_present == 0 and first.conflicts == []
    assert again.inserted == [] and again.already_present == 8 and again.conflicts == []
    assert log.for_learner("far-learner") == incoming  # every field as it was made
    assert log.count() == 8
    # our own numbering carries on from our own last event, untouched by the foreign ones
    assert log.append("here", "step.completed", {"n": 1}).device_seq == ours.device_seq + 1


def test_our_own_salvaged_events_are_not_renumbered(db: Database) -> None:
    mine = dataclasses.replace(_foreign(5, device=db.device_id), event_id="a" * 32)
    assert merge_events(db, [mine]).inserted == [mine.event_id]
    assert EventLog(db).append(None, "next", {}).device_seq == 6


def test_clashes_are_reported_never_stored_over_or_dropped_silently(db: Database) -> None:
    original = _foreign(1)
    merge_events(db, [original])
    same_id = dataclasses.replace(original, payload={"n": "changed"})
    same_slot = dataclasses.replace(original, event_id="b" * 32)
    result = merge_events(db, [same_id, same_slot, _foreign(2)])
    assert [c.event for c in result.conflicts] == [same_id, same_slot]
    assert "another event is stored under this id" in result.conflicts[0].reason
    assert f"number 1 is event {original.event_id}" in result.conflicts[1].reason
    assert result.inserted == [_foreign(2).event_id]
    assert EventLog(db).for_learner("far-learner") == [original, _foreign(2)]


def test_projections_follow_after_a_rebuild(db: Database) -> None:
    created = dataclasses.replace(
        _foreign(1, learner="l-1"),
        type="learner.created",
        payload={"display_name": "Pema", "picture": "yak"},
    )
    merge_events(db, [created])
    store = LearnerStore(db, EventLog(db))
    assert store.list() == []  # merging does not touch projections...
    store.rebuild_projection()  # ...the caller rebuilds them
    assert [learner.display_name for learner in store.list()] == ["Pema"]


def test_a_bad_payload_is_refused_before_anything_is_written(db: Database, db_path: Path) -> None:
    bad = dataclasses.replace(_foreign(2), payload={"x": float("nan")})
    with pytest.raises(ValueError):
        merge_events(db, [_foreign(1), bad])
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("SELECT count(*) FROM events").fetchone() == (0,)
    finally:
        raw.close()
