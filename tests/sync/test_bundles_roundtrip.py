"""USB bundles: a stick carries a device's events to the hub and the hub's reply back."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

import device_fixtures
import pytest
from bundle_helpers import (
    device_import,
    device_snapshot,
    export,
    hub_import,
    hub_snapshot,
    trip,
)
from device_fixtures import Device, Hub, own_events
from sqlalchemy import insert

from dzlearn.storage import merge_events
from dzlearn.storage.schema import events
from dzlearn.sync.bundle_device import export_bundles, find_return_bundles
from dzlearn.sync.bundle_hub import find_device_bundles, import_device_bundles, open_device_bundles
from dzlearn.sync.bundles import BundleError
from dzlearn.sync.device import DeviceSyncState
from dzlearn.sync.totals import progress_totals

inproc_hub = device_fixtures.inproc_hub
make_device = device_fixtures.make_device


def _activity(device: Device, name: str, steps: int = 3) -> str:
    learner = device.learners.create(name, "yak")
    for number in range(steps):
        payload = {"pack_id": "p", "lesson_id": "l1", "step_id": f"s{number}", "mistakes": 1}
        device.log.append(learner.learner_id, "lesson.step_completed", payload)
    return learner.learner_id


def test_a_stick_carries_events_to_the_hub_and_the_others_back(
    make_device, inproc_hub: Hub, tmp_path: Path
) -> None:
    a, b = make_device("a"), make_device("b")  # a has no network; b syncs over it
    _activity(a, "Pema")
    _activity(b, "ཀརྨ", steps=5)
    b.sync()
    outcome, summary = trip(a, inproc_hub, tmp_path / "stick")
    assert (outcome.events, outcome.stored, outcome.duplicates, outcome.conflicts) == (4, 4, 0, [])
    assert outcome.acked_seq == 4 and inproc_hub.event_count() == 4 + 6
    assert (summary.pushed, summary.pulled, summary.conflicts) == (4, 6, 0)
    assert sorted(learner.display_name for learner in a.learners.list()) == ["Pema", "ཀརྨ"]
    status = DeviceSyncState(a.db).status()
    assert status.pending == 0 and status.last_error is None and status.last_success_at
    b.sync()
    assert a.progress() == b.progress()
    assert progress_totals(a.db)["events"] == 10


def test_devices_on_one_stick_each_get_the_others_events(
    make_device, inproc_hub: Hub, tmp_path: Path
) -> None:
    a, b = make_device("a"), make_device("b")
    _activity(a, "Pema")
    _activity(b, "Dorji", steps=2)
    stick = tmp_path / "stick"
    export(a, stick)
    export(b, stick)
    found = find_device_bundles(stick)
    assert len(found) == 2
    outcomes = hub_import(inproc_hub, found)
    assert {o.device_id: o.returned for o in outcomes} == {a.db.device_id: 3, b.db.device_id: 4}
    assert find_device_bundles(stick) == found  # return bundles are not taken for device ones
    for device in (a, b):
        returns = find_return_bundles(stick, device.db.device_id)
        assert len(returns) == 1
        device_import(device, returns)
    assert a.progress() == b.progress()
    assert sorted(x["display_name"] for x in progress_totals(b.db)["learners"]) == [
        "Dorji",
        "Pema",
    ]


def test_a_bundle_imported_twice_changes_nothing(
    make_device, inproc_hub: Hub, tmp_path: Path
) -> None:
    a, b = make_device("a"), make_device("b")
    _activity(a, "Pema")
    _activity(b, "Dorji")
    b.sync()
    bundles = export(a, tmp_path / "stick")
    (first,) = hub_import(inproc_hub, bundles)
    on_hub = hub_snapshot(inproc_hub)
    (second,) = hub_import(inproc_hub, bundles)
    assert hub_snapshot(inproc_hub) == on_hub
    assert (second.stored, second.duplicates, second.acked_seq) == (0, 4, 4)
    reply = [path for path, _ in first.returns]
    device_import(a, reply)
    on_device = device_snapshot(a)
    again = device_import(a, reply)
    assert device_snapshot(a) == on_device
    assert (again.pulled, again.conflicts) == (0, 0)
    device_import(a, [path for path, _ in second.returns])  # the second reply, too
    assert device_snapshot(a) == on_device
    assert len(on_device[1]) == len(set(on_device[1])) == 8  # no event twice


def test_the_next_export_carries_only_what_the_hub_lacks(
    make_device, inproc_hub: Hub, tmp_path: Path
) -> None:
    a = make_device("a")
    own_events(a.db, 5)
    trip(a, inproc_hub, tmp_path / "one")
    empty = export_bundles(a.db, tmp_path / "one")
    ((path, count),) = empty.files
    assert count == 0 and path.name == f"dzlearn-{a.db.device_id}-events-none-after-5.dzsync"
    own_events(a.db, 3, start=6)
    ((path, count),) = export_bundles(a.db, tmp_path / "one").files
    assert count == 3 and path.name.endswith("-events-6-8.dzsync")
    (bundle,) = open_device_bundles(inproc_hub.store, [path])
    assert [e.device_seq for e in bundle.events()] == [6, 7, 8]
    assert bundle.header.acked_seq == 5


def test_conflicts_found_on_the_hub_and_on_the_device_are_kept(
    make_device, inproc_hub: Hub, tmp_path: Path
) -> None:
    a, b, c = make_device("a"), make_device("b"), make_device("c")
    made = own_events(a.db, 5)
    bundles = export(a, tmp_path / "stick")
    # another event already holds a's slot 3 on the hub (a cloned progress file, say)
    clash = dataclasses.replace(made[2], event_id=uuid.uuid4().hex, payload={"other": 1})
    inproc_hub.store.ingest(a.db.device_id, [clash])
    (outcome,) = hub_import(inproc_hub, bundles)
    assert (outcome.stored, len(outcome.conflicts), outcome.acked_seq) == (4, 1, 5)
    summary = device_import(a, [path for path, _ in outcome.returns])
    assert (
        summary.conflicts == 1
        and "seq 3 already holds another event" in (summary.conflict_reasons[0])
    )
    (kept,) = DeviceSyncState(a.db).conflicts()
    assert (kept.source, kept.event_id, kept.event["payload"]) == (
        "bundle", made[2].event_id, made[2].payload,
    )  # fmt: skip
    assert DeviceSyncState(a.db).status().pending == 0
    # c holds a different event under the id of one of b's: merging the reply refuses it
    (theirs,) = own_events(b.db, 1)
    b.sync()
    merge_events(c.db, [dataclasses.replace(theirs, payload={"forged": True})])
    _, summary = trip(c, inproc_hub, tmp_path / "c")
    assert summary.conflicts == 1
    (kept,) = DeviceSyncState(c.db).conflicts()
    assert kept.source == "bundle" and kept.event_id == theirs.event_id


def test_a_device_export_splits_and_the_parts_import_in_any_order(
    make_device, inproc_hub: Hub, tmp_path: Path
) -> None:
    a = make_device("a")
    own_events(a.db, 10)
    stick = tmp_path / "stick"
    stick.mkdir()
    files = export_bundles(a.db, stick, max_events=4).files
    assert [(path.name.split("-events-")[1], count) for path, count in files] == [
        ("1-4.dzsync", 4), ("5-8.dzsync", 4), ("9-10.dzsync", 2),
    ]  # fmt: skip
    (outcome,) = hub_import(inproc_hub, [path for path, _ in reversed(files)])
    assert (outcome.stored, outcome.acked_seq, len(outcome.bundles)) == (10, 10, 3)


def test_return_bundles_split_and_a_missing_one_is_named(
    make_device, inproc_hub: Hub, tmp_path: Path
) -> None:
    a, b = make_device("a"), make_device("b")
    own_events(b.db, 10)
    b.sync()
    bundles = export(a, tmp_path / "stick")
    (outcome,) = import_device_bundles(inproc_hub.store, bundles, max_events=3)
    returns = [path for path, _ in outcome.returns]
    assert [count for _, count in outcome.returns] == [3, 3, 3, 1]
    before = device_snapshot(a)
    with pytest.raises(BundleError, match="import the hub's earlier return bundle"):
        device_import(a, [returns[2]])
    assert device_snapshot(a) == before
    summary = device_import(a, list(reversed(returns)))  # applied in cursor order
    assert summary.pulled == 10 and a.progress() == b.progress()


@pytest.mark.slow
def test_an_export_of_250k_events_splits_into_whole_bundles(
    make_device, inproc_hub: Hub, tmp_path: Path
) -> None:
    a = make_device("a")
    row = {"learner_id": "l1", "type": "typing.drill", "payload": '{"keystrokes":40}',
           "schema_version": 1, "occurred_at": "2025-03-01T10:00:00.000000Z",
           "recorded_at": "2025-03-01T10:00:00.000000Z", "device_id": a.db.device_id}  # fmt: skip
    with a.db.writing() as connection:
        connection.execute(
            insert(events),
            [{**row, "event_id": f"e{seq}", "device_seq": seq} for seq in range(1, 250_001)],
        )
    stick = tmp_path / "stick"
    stick.mkdir()
    files = export_bundles(a.db, stick).files
    assert [count for _, count in files] == [200_000, 50_000]
    first, second = open_device_bundles(inproc_hub.store, [path for path, _ in files])
    assert (first.end.first_seq, first.end.last_seq) == (1, 200_000)
    assert (second.end.first_seq, second.end.last_seq, second.header.part) == (200_001, 250_000, 2)
