"""Devices syncing through one hub end up holding the same events and the same progress."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import device_fixtures
import pytest
from device_fixtures import (
    Device,
    Hub,
    Relay,
    own_events,
    relay_client,
)

from dzlearn.people.event_types import LEARNER_DELETED
from dzlearn.storage import EventLog
from dzlearn.storage import events as storage_events
from dzlearn.sync.client import SyncError, sync_once
from dzlearn.sync.device import DeviceSyncState
from dzlearn.sync.totals import progress_totals

# fixtures shared with the other device-side test modules (conftest.py is the hub's)
inproc_hub = device_fixtures.inproc_hub
make_device = device_fixtures.make_device


def _activity(device: Device, name: str) -> str:
    """A learner with a little of everything the app records."""
    learner = device.learners.create(name, "yak")
    log = device.log
    lid = learner.learner_id
    for step in ("s1", "s2", "s1"):
        payload = {"pack_id": "p", "lesson_id": "l1", "step_id": step, "kind": "keyboard",
                   "mistakes": 2, "hints": 1, "duration_ms": 1500}  # fmt: skip
        log.append(lid, "lesson.step_completed", payload)
    log.append(lid, "lesson.completed", {"pack_id": "p", "lesson_id": "l1"})
    log.append(lid, "typing.drill", {"keystrokes": 40, "errors": {"ཀ": 2, "ཁ": 1}})
    log.append(lid, "typing.listen", {"word": "ཉ", "mode": "sound", "correct": True, "attempts": 1})
    log.append(lid, "ime.choice", {"input": "kuzu", "chosen": "ཀུ་ཟུ"})
    return lid


def _sync_all(devices: list[Device], rounds: int = 2) -> None:
    for _ in range(rounds):
        for device in devices:
            device.sync()


@pytest.mark.parametrize("count", [2, 3])
def test_devices_end_with_identical_progress(make_device, inproc_hub: Hub, count: int) -> None:
    devices = [make_device(name) for name in "abc"[:count]]
    for device, name in zip(devices, ("Pema", "Dorji", "ཀརྨ"), strict=False):
        _activity(device, name)
    _sync_all(devices)
    outputs = {device.progress() for device in devices}
    assert len(outputs) == 1
    totals = progress_totals(devices[0].db)
    assert totals["events"] == 8 * count == inproc_hub.event_count()
    assert sorted(x["display_name"] for x in totals["learners"]) == sorted(
        ["Pema", "Dorji", "ཀརྨ"][:count]
    )
    first = totals["learners"][0]
    assert (first["steps_completed"], first["distinct_steps"], first["mistakes"]) == (3, 2, 6)
    assert (first["typing_errors"], first["listen_first_try"], first["ime_choices"]) == (3, 1, 1)
    # the learners projection follows the pulled events
    for device in devices:
        names = sorted(learner.display_name for learner in device.learners.list())
        assert names == sorted(["Pema", "Dorji", "ཀརྨ"][:count])


def test_a_second_sync_changes_nothing(make_device, inproc_hub: Hub) -> None:
    a, b = make_device("a"), make_device("b")
    _activity(a, "Pema")
    _activity(b, "Dorji")
    _sync_all([a, b])
    before = (a.progress(), b.progress(), inproc_hub.event_count())
    for device in (a, b):
        summary = device.sync()
        assert (summary.pushed, summary.duplicates, summary.pulled, summary.conflicts) == (
            0, 0, 0, 0,
        )  # fmt: skip
        assert summary.push_pages == 0
    assert (a.progress(), b.progress(), inproc_hub.event_count()) == before


def test_a_deleted_learner_travels_as_a_tombstone(make_device) -> None:
    a, b = make_device("a"), make_device("b")
    lid = _activity(a, "Pema")
    _activity(a, "Dorji")
    _sync_all([a, b])
    a.log.append(lid, LEARNER_DELETED, {"by_facilitator": "f1"})
    _sync_all([a, b])
    assert a.progress() == b.progress()
    (deleted,) = [x for x in progress_totals(b.db)["learners"] if x["deleted"]]
    assert deleted == {"learner_id": lid, "deleted": True, "events": 9}
    assert [learner.display_name for learner in b.learners.list()] == ["Dorji"]


@pytest.mark.parametrize("skew", ["2015-06-01T00:00:00.000000Z", "2035-06-01T00:00:00.000000Z"])
def test_device_clocks_years_off_change_nothing(
    make_device, monkeypatch: pytest.MonkeyPatch, skew: str
) -> None:
    a, b, c = make_device("a"), make_device("b"), make_device("c")
    _activity(a, "Pema")
    monkeypatch.setattr(storage_events, "utc_now_iso", lambda: skew)  # b's clock is wrong
    _activity(b, "Dorji")
    monkeypatch.undo()
    _activity(c, "Karma")
    _sync_all([a, b, c])
    assert len({device.progress() for device in (a, b, c)}) == 1
    totals = progress_totals(a.db)
    assert totals["events"] == 24
    assert {x["steps_completed"] for x in totals["learners"]} == {3}
    skewed = EventLog(c.db).since(b.db.device_id, 0, 100)
    assert len(skewed) == 8 and {e.occurred_at for e in skewed} == {skew}


def test_wrong_hub_address_is_refused_before_anything_is_sent(make_device, inproc_hub) -> None:
    device = make_device("a")
    own_events(device.db, 3)
    relay = Relay(inproc_hub.client)
    with pytest.raises(SyncError) as caught:
        sync_once(device.db, hub_url="http://10.0.0.9:8765", client=relay_client(relay))
    assert caught.value.kind == "wrong_hub"
    assert "enrolled with the hub at http://testserver" in str(caught.value)
    assert relay.seen == []
    # the same hub spelled differently is fine
    summary = sync_once(device.db, hub_url="HTTP://TestServer/", client=relay_client(relay))
    assert summary.pushed == 3


def test_a_connection_to_another_address_is_refused(make_device, inproc_hub) -> None:
    import httpx

    device = make_device("a")
    own_events(device.db, 2)
    relay = Relay(inproc_hub.client)
    elsewhere = httpx.Client(transport=relay, base_url="http://evil.example")
    with pytest.raises(SyncError, match="Nothing was sent"):
        sync_once(device.db, client=elsewhere)
    assert relay.seen == []


def test_a_device_that_is_not_enrolled_is_told_how(make_device) -> None:
    device = make_device("a", enrolled=False)
    with pytest.raises(SyncError) as caught:
        device.sync()
    assert caught.value.kind == "not_enrolled"
    assert "dzlearn device enrol --hub URL --code CODE" in str(caught.value)


def test_a_revoked_device_gets_a_clear_error(make_device, inproc_hub: Hub) -> None:
    device = make_device("a")
    own_events(device.db, 2)
    device.sync()
    inproc_hub.store.revoke(device.db.device_id)
    own_events(device.db, 1, start=3)
    with pytest.raises(SyncError) as caught:
        device.sync()
    assert caught.value.kind == "revoked"
    assert "no longer accepts this device" in str(caught.value)
    assert "enrol again" in str(caught.value)
    status = DeviceSyncState(device.db).status()
    assert status.last_error == str(caught.value) and status.pending == 1


def test_should_stop_ends_between_pages_and_the_next_sync_finishes(
    make_device, inproc_hub: Hub
) -> None:
    a, b = make_device("a"), make_device("b")
    own_events(a.db, 50)
    pages: list[tuple[str, int]] = []
    stop_after: Callable[[], bool] = lambda: len(pages) >= 2  # noqa: E731
    summary = a.sync(should_stop=stop_after, push_limit=10,
                     progress=lambda stage, s: pages.append((stage, s.pushed)))  # fmt: skip
    assert summary.stopped and summary.pushed == 20 and summary.pull_pages == 0
    assert pages == [("push", 10), ("push", 20)]
    assert inproc_hub.event_count() == 20
    summary = a.sync(push_limit=10)
    assert not summary.stopped and (summary.pushed, summary.duplicates) == (30, 0)
    assert b.sync(pull_limit=7).pulled == 50


def test_a_pulled_conflict_is_kept_and_shown(make_device) -> None:
    a, c = make_device("a"), make_device("c")
    (original,) = own_events(a.db, 1)
    a.sync()
    forged = dataclasses.replace(original, payload={"pack_id": "p", "changed": True})
    from dzlearn.storage import merge_events

    merge_events(c.db, [forged])  # e.g. salvaged from a damaged copy
    summary = c.sync()
    assert summary.conflicts == 1 and summary.pulled == 0
    (kept,) = DeviceSyncState(c.db).conflicts()
    assert kept.source == "pull" and kept.event_id == original.event_id
    assert kept.event["payload"] == original.payload  # the refused (incoming) one, whole
    assert "another event is stored under this id" in kept.reason
    assert DeviceSyncState(c.db).status().conflicts == 1
    assert c.sync().conflicts == 0  # the cursor moved past it: reported once, kept once
    assert DeviceSyncState(c.db).status().conflicts == 1
