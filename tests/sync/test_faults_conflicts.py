"""Conflicts are reported where a facilitator looks, kept whole on both sides, never dropped.

Two ways the same slot or id gets two contents: a progress file copied onto a second stick
(both copies carry on under one device id, so their next events share device sequence numbers),
and an event id that turns up again with other content from another device (a hand-repaired or
damaged file). Everything runs through the commands a facilitator types, against a real hub
over loopback HTTP.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import device_fixtures
import pytest
from device_fixtures import LiveHub

from dzlearn.cli import main
from dzlearn.storage import Database, EventLog, LearnerStore, merge_events
from dzlearn.sync.device import DeviceSyncState

live_hub = device_fixtures.live_hub


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out


def _enrol(capsys: pytest.CaptureFixture[str], data: Path, live_hub: LiveHub) -> None:
    code = live_hub.store.new_enrol_code()
    status, _ = _run(capsys, "--data", str(data), "device", "enrol", "--hub", live_hub.url,
                     "--code", code, "--name", data.name)  # fmt: skip
    assert status == 0


def _practise(data: Path, learner: str, step: str, count: int) -> list[str]:
    with Database.open(data / "dzlearn.sqlite") as db:
        log = EventLog(db)
        payload = {"pack_id": "p", "lesson_id": "l1", "step_id": step, "mistakes": 1}
        return [log.append(learner, "lesson.step_completed", payload).event_id
                for _ in range(count)]  # fmt: skip


def _held(data: Path) -> dict[str, dict]:
    with Database.open(data / "dzlearn.sqlite") as db:
        return {e.event_id: e.payload for e in EventLog(db).since(db.device_id, 0, 1000)}


def _hub_conflicts(capsys: pytest.CaptureFixture[str], live_hub: LiveHub) -> tuple[str, list]:
    status, text = _run(capsys, "hub", "conflicts", "--db", live_hub.store.url)
    assert status == 0
    status, lines = _run(capsys, "hub", "conflicts", "--db", live_hub.store.url, "--json")
    assert status == 0
    return text, [json.loads(line) for line in lines.splitlines()]


def test_a_copied_stick_is_reported_by_every_command_and_nothing_is_dropped(
    tmp_path: Path, live_hub: LiveHub, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    with Database.open(a / "dzlearn.sqlite") as db:
        learner = LearnerStore(db, EventLog(db)).create("Pema", "yak").learner_id
    _practise(a, learner, "s1", 2)
    _enrol(capsys, a, live_hub)
    assert _run(capsys, "--data", str(a), "sync")[0] == 0
    b.mkdir()
    shutil.copyfile(a / "dzlearn.sqlite", b / "dzlearn.sqlite")  # the second stick

    on_a = _practise(a, learner, "s2", 2)  # seq 4-5 on the first stick...
    on_b = _practise(b, learner, "s3", 3)  # ...and 4-6, other events, on the copy
    status, out = _run(capsys, "--data", str(a), "sync")
    assert status == 0 and out.startswith("pushed 2 (0 already there)")
    status, out = _run(capsys, "--data", str(b), "sync")
    # seq 4-5 are taken; seq 6 is free, so the hub cannot tell the copy's from the original's
    assert status == 0 and out.startswith("pushed 1 (0 already there), pulled 0, 2 conflicts")
    assert out.count("  conflict: ") == 2 and "seq 4 already holds another event" in out
    (late_a,) = _practise(a, learner, "s4", 1)  # the first stick's own seq 6
    status, out = _run(capsys, "--data", str(a), "sync")
    assert status == 0 and "1 conflict," in out and "seq 6 already holds another event" in out

    for data, count in ((b, 2), (a, 1)):
        _, status_text = _run(capsys, "--data", str(data), "device", "status")
        assert f"Conflicts kept for a facilitator to look at: {count}" in status_text
        shown = json.loads(_run(capsys, "--data", str(data), "device", "status", "--json")[1])
        assert (shown["conflicts"], shown["pending"], shown["last_error"]) == (count, 0, None)
    text, rows = _hub_conflicts(capsys, live_hub)
    refused = [*on_b[:2], late_a]
    assert all(event_id in text for event_id in refused) and "already holds another" in text
    assert {row["event_id"]: row["event"]["payload"]["step_id"] for row in rows} == {
        on_b[0]: "s3",
        on_b[1]: "s3",
        late_a: "s4",
    }  # each refused event kept whole on the hub

    # nothing dropped: each stick keeps all it recorded; a third device gets what the hub
    # took first for each slot
    assert {*on_b} <= set(_held(b)) and {*on_a, late_a} <= set(_held(a))
    _enrol(capsys, c, live_hub)
    assert _run(capsys, "--data", str(c), "sync")[0] == 0
    with Database.open(c / "dzlearn.sqlite") as db:
        pulled = {e.event_id for e in EventLog(db).for_learner(learner)}
    assert {*on_a, on_b[2]} <= pulled and not {on_b[0], on_b[1], late_a} & pulled
    for data, expected in ((b, on_b[:2]), (a, [late_a])):
        with Database.open(data / "dzlearn.sqlite") as db:
            kept = DeviceSyncState(db).conflicts()
        assert sorted(k.event_id for k in kept) == sorted(expected)
        assert {k.source for k in kept} == {"push"}
    # a later sync neither reports them again nor loses them
    status, out = _run(capsys, "--data", str(b), "sync")
    assert status == 0 and "0 conflicts" in out
    _, status_text = _run(capsys, "--data", str(b), "device", "status")
    assert "Conflicts kept for a facilitator to look at: 2" in status_text


def test_an_event_id_reused_with_other_content_is_a_conflict_on_both_sides(
    tmp_path: Path, live_hub: LiveHub, capsys: pytest.CaptureFixture[str]
) -> None:
    a, d = tmp_path / "a", tmp_path / "d"
    with Database.open(a / "dzlearn.sqlite") as db:
        learner = LearnerStore(db, EventLog(db)).create("Dorji", "yak").learner_id
    (first, *_rest) = _practise(a, learner, "s1", 3)
    _enrol(capsys, a, live_hub)
    assert _run(capsys, "--data", str(a), "sync")[0] == 0

    with Database.open(a / "dzlearn.sqlite") as db:
        (original,) = [e for e in EventLog(db).for_learner(learner) if e.event_id == first]
    with Database.open(d / "dzlearn.sqlite") as db:
        forged = dataclasses.replace(
            original, device_id=db.device_id, device_seq=1, payload={"pack_id": "p", "x": 1}
        )
        merge_events(db, [forged])  # the same id, another device, other content
    later = _practise(d, learner, "s9", 2)  # seq 2-3 on d: must still get through
    _enrol(capsys, d, live_hub)

    status, out = _run(capsys, "--data", str(d), "sync")
    assert status == 0 and "2 conflicts" in out  # one refused by the hub, one on the way back
    assert f"event id {first} is already stored with different content" in out
    assert "another event is stored under this id" in out
    shown = json.loads(_run(capsys, "--data", str(d), "device", "status", "--json")[1])
    assert (shown["conflicts"], shown["pending"]) == (2, 0)
    with Database.open(d / "dzlearn.sqlite") as db:
        kept = {(k.source, k.event["device_id"]) for k in DeviceSyncState(db).conflicts()}
        assert kept == {("push", db.device_id), ("pull", original.device_id)}
        mine = {e.event_id: e.payload for e in EventLog(db).since(db.device_id, 0, 100)}
    assert mine[first] == {"pack_id": "p", "x": 1}  # d keeps its version
    assert set(later) <= set(mine)

    text, rows = _hub_conflicts(capsys, live_hub)
    assert first in text and "already stored with different content" in text
    assert [row["event"]["payload"] for row in rows] == [{"pack_id": "p", "x": 1}]
    assert _run(capsys, "--data", str(a), "sync")[0] == 0  # a's version stands; a gets the rest
    with Database.open(a / "dzlearn.sqlite") as db:
        held = {e.event_id: e for e in EventLog(db).for_learner(learner)}
    assert held[first] == original and set(later) <= set(held)
