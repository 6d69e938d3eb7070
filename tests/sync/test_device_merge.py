"""Merging a pulled page in chunks judges every event as if it had arrived on its own."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dzlearn.storage import Database, Event, EventLog, MergeResult, merge
from dzlearn.storage.merge import merge_into

DEVICES = ("d1", "d2")


def _event(event_id: str, device: str, seq: int, n: int) -> Event:
    return Event(
        event_id=event_id, device_id=device, device_seq=seq, learner_id="l", type="t",
        payload={"n": n}, schema_version=1, occurred_at="2030-01-01T00:00:00Z",
        recorded_at="2030-01-01T00:00:00Z",
    )  # fmt: skip


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database at the current schema, copied for each example (migrating costs ~0.5 s)."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    Database.open(path).close()
    return path


# few ids, slots and payloads, so repeats, clashes and conflicts within a page are common
events_strategy = st.builds(
    _event,
    st.sampled_from([f"e{i}" for i in range(6)]),
    st.sampled_from(DEVICES),
    st.integers(1, 4),
    st.integers(0, 1),
)


def _one_at_a_time(stored: list[Event], incoming: list[Event]) -> tuple[list, int, list, dict]:
    """The reference: each event judged against everything stored before it."""
    by_id = {e.event_id: e for e in stored}
    slots = {(e.device_id, e.device_seq) for e in stored}
    inserted, present, conflicts = [], 0, []
    for event in incoming:
        if event.event_id in by_id:
            if by_id[event.event_id] == dataclasses.replace(
                event, recorded_at="2030-01-01T00:00:00Z"
            ):
                present += 1
            else:
                conflicts.append(event)
        elif (event.device_id, event.device_seq) in slots:
            conflicts.append(event)
        else:
            by_id[event.event_id] = event
            slots.add((event.device_id, event.device_seq))
            inserted.append(event.event_id)
    return inserted, present, conflicts, by_id


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    stored=st.lists(events_strategy, max_size=4),
    incoming=st.lists(events_strategy, max_size=14),
    chunk=st.integers(1, 5),
)
def test_chunked_merge_matches_one_event_at_a_time(
    tmp_path_factory: pytest.TempPathFactory, empty_db: Path, stored, incoming, chunk: int
) -> None:
    path = tmp_path_factory.mktemp("merge") / "d.sqlite"
    shutil.copyfile(empty_db, path)
    with Database.open(path) as db:
        first = MergeResult()
        with db.writing() as connection:
            merge_into(connection, stored, first)
        *_, kept = _one_at_a_time([], stored)
        assert first.inserted == list(kept)
        result = MergeResult()
        original = merge._CHUNK
        merge._CHUNK = chunk
        try:
            with db.writing() as connection:
                merge_into(connection, incoming, result)
        finally:
            merge._CHUNK = original
        inserted, present, conflicts, ids = _one_at_a_time(list(kept.values()), incoming)
        assert result.inserted == inserted
        assert result.already_present == present
        assert [c.event for c in result.conflicts] == conflicts
        log = EventLog(db)
        held = [e for device in DEVICES for e in log.since(device, 0, 100)]
        assert sorted(e.event_id for e in held) == sorted(ids)
