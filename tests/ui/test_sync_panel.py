"""Facilitator mode's Sync tab: Sync now, enrolment in words, conflicts a facilitator can see."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from facilitator.facilitator_helpers import open_facilitator
from sync_helpers import ON_REQUEST, LiveHub, enrolled_database
from test_sync_app import indicator, launch_with, pc_with_a_learner, wait_text

from dzlearn.storage import Database, Event, EventLog, merge_events
from dzlearn.sync.client import sync_once
from dzlearn.sync.device import DeviceSyncState
from dzlearn.ui.sync_hookup import SEEN_FILE


@pytest.fixture
def hub(tmp_path: Path):
    live = LiveHub(tmp_path / "hub")
    yield live
    live.close()


def sync_tab(app):  # noqa: ANN001, ANN201
    screen = open_facilitator(app)
    screen.tabs.setCurrentWidget(screen.sync_tab)
    app.idle()
    assert screen.tabs.tabText(screen.tabs.currentIndex()) == "Sync"
    return screen.sync_tab


def test_sync_now_from_facilitator_mode(hub, launch, qtbot, tmp_path):
    hub.start()
    data, _learner, _pending = pc_with_a_learner(tmp_path, hub)
    app = launch_with(launch, data, ON_REQUEST)
    tab = sync_tab(app)
    qtbot.waitUntil(lambda: tab.values["pending"].text() not in ("", "–"), timeout=10000)
    assert tab.values["hub"].text() == hub.url
    assert tab.values["success"].text() == "never"
    assert app.window.statusBar().isVisible()
    assert tab.sync_button.isEnabled()
    tab.sync_button.click()
    assert not tab.sync_button.isEnabled()  # no second sync on top of the first
    qtbot.waitUntil(lambda: tab.now.text() == "Synced just now", timeout=20000)
    sent = len(hub.event_ids())
    assert sent >= 5  # the learner, three steps and the facilitator's account
    assert tab.values["pending"].text() == "0"
    assert f"sent {sent} (0 already there)" in tab.last.text()
    assert tab.sync_button.isEnabled() and indicator(app) == "Synced just now"


def test_enrolling_from_facilitator_mode_in_words(hub, launch, qtbot, tmp_path):
    hub.start()
    app = launch_with(launch, tmp_path / "pc", ON_REQUEST)
    tab = sync_tab(app)
    assert indicator(app) == "Not set up" and app.window.statusBar().isVisible()
    assert not tab.sync_button.isEnabled() and tab.values["hub"].text() == "not set up"

    tab.hub_url.setText("ftp://hub")
    tab.code.setText("ABCD")
    tab.enrol_button.click()
    qtbot.waitUntil(lambda: tab.message.text().startswith("Could not enrol"), timeout=10000)
    assert "must start with http:// or https://" in tab.message.text()

    tab.hub_url.setText(hub.url)
    tab.code.setText("WRONGCODE1")
    tab.enrol_button.click()
    qtbot.waitUntil(lambda: tab.message.text().startswith("Could not enrol"), timeout=10000)
    assert f"The hub at {hub.url} refused" in tab.message.text()
    assert DeviceSyncState(app.window.services.db).enrolment() is None

    tab.code.setText(hub.code())
    tab.code.returnPressed.emit()
    qtbot.waitUntil(lambda: "is enrolled" in tab.message.text(), timeout=10000)
    assert tab.code.text() == ""
    qtbot.waitUntil(lambda: tab.now.text() == "Synced just now", timeout=20000)
    device_id = app.window.services.db.device_id
    assert [d.device_id for d in hub.store.devices()] == [device_id]
    mine = EventLog(app.window.services.db).since(device_id, 0, 1000)
    assert {e.event_id for e in mine} <= hub.event_ids() and mine


def test_conflicts_are_listed_and_learners_stop_seeing_the_note_once_looked_at(
    hub, launch, qtbot, tmp_path
):
    hub.start()
    data, _learner, _pending = pc_with_a_learner(tmp_path, hub, steps=1)
    with Database.open(data / "dzlearn.sqlite") as db:
        taken = EventLog(db).since(db.device_id, 0, 10)[-1].event_id
    with enrolled_database(tmp_path / "pc-b" / "dzlearn.sqlite", hub, "pc-b") as other:
        clash = Event(
            event_id=taken, device_id=other.device_id, device_seq=1, learner_id="someone",
            type="lesson.step_completed", payload={"step_id": "x"}, schema_version=1,
            occurred_at="2025-03-01T10:00:00Z", recorded_at="2025-03-01T10:00:00Z",
        )  # fmt: skip
        merge_events(other, [clash])
        pc_b = other.device_id
        sync_once(other)  # the hub now holds pc-b's event under that id
    app = launch_with(launch, data, ON_REQUEST)
    app.window.sync.sync_now()
    # refused both ways: this PC's event by the hub, pc-b's event by this PC
    wait_text(app, qtbot, "2 conflicts — facilitator, please look")
    tab = sync_tab(app)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2, timeout=10000)
    rows = [[tab.table.item(r, c).toolTip() for c in range(4)] for r in range(2)]
    assert {r[0] for r in rows} == {taken}
    assert {r[1] for r in rows} == {app.window.services.db.device_id, pc_b}
    assert any("already stored with different content" in r[3] for r in rows)
    shown = {tab.table.item(r, 1).text() for r in range(2)}
    assert shown == {"this PC", pc_b[:8]}
    assert tab.values["conflicts"].text() == "2"
    # the note is gone; what is left is the facilitator account, made just now
    qtbot.waitUntil(lambda: indicator(app).endswith("to send"), timeout=10000)
    assert json.loads((data / SEEN_FILE).read_text()) == {"conflicts_seen": 2}
    app.close()  # the next start remembers they were seen
    again = launch_with(launch, data, ON_REQUEST)
    qtbot.waitUntil(lambda: again.window.sync.snapshot.status is not None, timeout=10000)
    assert indicator(again).endswith("to send")


def test_the_sync_tab_at_200_percent_in_high_contrast(hub, launch, qtbot, tmp_path):
    from a11y_helpers import BIG, fits, low_contrast, settle, small_targets, write_display

    hub.start()
    data = tmp_path / "big"
    with enrolled_database(data / "dzlearn.sqlite", hub, f"pc-{uuid.uuid4().hex[:4]}"):
        pass
    write_display(data, BIG)
    app = launch_with(launch, data, ON_REQUEST)
    tab = sync_tab(app)
    app.window.sync.sync_now()
    qtbot.waitUntil(lambda: tab.now.text() == "Synced just now", timeout=20000)
    settle()
    window = app.window
    problems = fits(window) + small_targets(window) + low_contrast(window)
    assert problems == []
    assert tab.sync_button.height() >= 44 and indicator(app) == "Synced just now"
