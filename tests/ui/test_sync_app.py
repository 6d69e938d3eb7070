"""Background sync in the app, against a real hub over loopback HTTP: the indicator, back-off,
a hub that comes back, refreshed screens, closing mid-sync, a lesson step saved mid-sync."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sync_helpers import FAST, ON_REQUEST, LiveHub, enrolled_database, many_events

from dzlearn.learning.progress import STEP_COMPLETED
from dzlearn.services import ProgressService
from dzlearn.storage import Database, EventLog, LearnerStore
from dzlearn.sync.client import sync_once
from dzlearn.sync.device import DeviceSyncState
from dzlearn.ui.sync_worker import NOT_ENROLLED, SYNCING


@pytest.fixture
def hub(tmp_path: Path):
    live = LiveHub(tmp_path / "hub")
    yield live
    live.close()


def launch_with(launch, data: Path, policy):  # noqa: ANN001, ANN201
    app = launch(data, start=False)
    app.window.sync_policy = policy
    return app.start()


def indicator(app) -> str:  # noqa: ANN001
    return app.window.sync.indicator.text.text()


def wait_text(app, qtbot, text: str, timeout: int = 20000) -> None:  # noqa: ANN001
    qtbot.waitUntil(lambda: indicator(app) == text, timeout=timeout)


def pc_with_a_learner(tmp_path: Path, hub: LiveHub, steps: int = 3) -> tuple[Path, str, int]:
    """A data folder enrolled with the hub, holding a learner and a few lesson steps."""
    data = tmp_path / "pc-a"
    with enrolled_database(data / "dzlearn.sqlite", hub, "pc-a") as db:
        learner = LearnerStore(db, EventLog(db)).create("Pema", "tree")
        for n in range(steps):
            EventLog(db).append(learner.learner_id, STEP_COMPLETED, {"step_id": f"s{n}"})
        pending = DeviceSyncState(db).pending_count()
    return data, learner.learner_id, pending


def test_the_indicator_shows_what_is_waiting_then_synced(hub, launch, qtbot, tmp_path):
    hub.start()
    data, _learner, pending = pc_with_a_learner(tmp_path, hub)
    assert pending == 4  # the learner and three steps
    app = launch_with(launch, data, ON_REQUEST)
    wait_text(app, qtbot, "4 to send")
    bar = app.window.statusBar()
    assert bar.isVisible() and app.window.sync.indicator.isVisible()
    app.window.sync.sync_now()
    wait_text(app, qtbot, "Synced just now")
    assert len(hub.event_ids()) == 4
    assert app.window.sync.snapshot.status.pending == 0


def test_hub_down_means_calm_words_and_back_off_then_it_syncs_on_its_own(
    hub, launch, qtbot, tmp_path
):
    hub.start()
    data, _learner, _pending = pc_with_a_learner(tmp_path, hub)
    hub.stop()  # the hub laptop is switched off
    app = launch_with(launch, data, FAST)  # tries at once, then backs off on its own
    seen = []
    app.window.sync.changed.connect(seen.append)
    app.window.sync.sync_now()  # counted from here: the back-off starts again at its first wait
    qtbot.waitUntil(lambda: app.window.sync.snapshot.failures >= 4, timeout=20000)
    words = indicator(app)
    assert words.startswith("Hub not reachable — will try again in "), words
    assert app.window.sync.snapshot.error_kind == "unreachable"
    waits = {s.failures: s.wait for s in seen if s.error is not None}
    assert [waits[n] for n in (1, 2, 3, 4)] == [0.2, 0.4, 0.8, 1.6]  # doubling, then capped
    assert "cannot be reached" in app.window.sync.snapshot.error  # the facilitator's detail
    hub.start()  # switched on again, on the same address
    wait_text(app, qtbot, "Synced just now")
    assert len(hub.event_ids()) == 4


def test_a_pc_that_is_not_enrolled_shows_learners_nothing(launch, qtbot, tmp_path):
    app = launch(tmp_path / "data")
    qtbot.waitUntil(lambda: app.window.sync.snapshot.phase == NOT_ENROLLED, timeout=10000)
    assert app.window.sync.worker is None  # no thread, no network code
    assert indicator(app) == "Not set up"
    assert not app.window.statusBar().isVisible()  # on the learner picker


def test_events_pulled_from_another_pc_refresh_the_home_screen(hub, launch, qtbot, tmp_path):
    hub.start()
    data, learner_id, _pending = pc_with_a_learner(tmp_path, hub, steps=0)
    app = launch_with(launch, data, ON_REQUEST)
    window = app.window
    learner = window.services.learners.get(learner_id)
    window.open_home(learner)
    app.idle()
    pack = next(p for p in window.services.library.packs if p.id == "dz-foundations")
    lesson = pack.lessons()[0]
    before = _card_status(window, lesson.id)
    assert "finished" not in before
    with enrolled_database(tmp_path / "pc-b" / "dzlearn.sqlite", hub, "pc-b") as other:
        ProgressService(EventLog(other)).record_lesson_completed(learner_id, pack, lesson)
        sync_once(other)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: "finished" in _card_status(window, lesson.id), timeout=20000)
    assert window.stack.currentWidget() is window.home and window.learner is learner


def _card_status(window, lesson_id: str) -> str:  # noqa: ANN001
    from PySide6.QtWidgets import QLabel

    found = window.home.findChild(QLabel, f"status-{lesson_id}")
    return found.text() if found is not None else ""


def _pc_b_with(tmp_path: Path, hub: LiveHub, count: int) -> None:
    with enrolled_database(tmp_path / "pc-b" / "dzlearn.sqlite", hub, "pc-b") as other:
        many_events(other, count, "learner-on-b")
        sync_once(other)


@pytest.mark.parametrize("hub_answers", [True, False], ids=["between-pages", "hub-hangs"])
def test_closing_the_window_during_a_sync_returns_promptly(
    hub, launch, qtbot, tmp_path, hub_answers
):
    hub.start()
    _pc_b_with(tmp_path, hub, 5000)  # three pages of 2,000
    data, _learner, _pending = pc_with_a_learner(tmp_path, hub, steps=0)
    app = launch_with(launch, data, ON_REQUEST)
    worker = app.window.sync.worker
    hub.gate.hold_after(1)  # the second page waits at the hub
    worker.sync_now()
    hub.gate.wait_held()
    if hub_answers:  # the hub answers once the app is already stopping
        threading.Timer(0.3, hub.gate.allow).start()
    ended = app.window.sync.shutdown(timeout=3.0)
    assert ended is hub_answers
    if not hub_answers:
        assert hub.gate.held == 1 and worker.alive  # returned with the request in flight
        hub.gate.open()
        worker._thread.join(timeout=20)
    assert not worker.alive
    hub.gate.open()
    app.close()
    path = data / "dzlearn.sqlite"
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        kept = raw.execute("SELECT count(*) FROM events WHERE learner_id = 'learner-on-b'")
        cursor = raw.execute("SELECT pull_cursor FROM sync_hub").fetchone()[0]
        kept = kept.fetchone()[0]
    assert kept in (2000, 4000) and kept < 5000  # stopped early, whole pages only
    with Database.open(path) as db:  # and the next sync carries on from there
        summary = sync_once(db)
    assert summary.pulled == 5000 - kept and cursor > 0


def test_a_lesson_step_recorded_during_a_sync_is_kept(hub, launch, qtbot, tmp_path):
    hub.start()
    _pc_b_with(tmp_path, hub, 5000)
    data, learner_id, _pending = pc_with_a_learner(tmp_path, hub, steps=0)
    app = launch_with(launch, data, ON_REQUEST)
    window = app.window
    pack = next(p for p in window.services.library.packs if p.id == "dz-foundations")
    lesson = pack.lessons()[0]
    hub.gate.hold_after(1)
    window.sync.sync_now()
    hub.gate.wait_held()  # a page is stored, the next one is on its way
    qtbot.waitUntil(lambda: window.sync.snapshot.phase == SYNCING, timeout=10000)
    saved = []
    progress = window.services.progress
    step = lesson.steps[0]
    app.runner.run(lambda: progress.record_step(learner_id, pack, lesson, step, {}, 900),
                   saved.append)  # fmt: skip
    qtbot.waitUntil(lambda: bool(saved), timeout=10000)  # saved while the sync is half done
    hub.gate.open()
    qtbot.waitUntil(lambda: window.sync.snapshot.last is not None, timeout=30000)
    assert window.sync.snapshot.last.pulled == 5000
    mine = window.services.events.for_learner(learner_id)
    assert saved[0].event_id in {e.event_id for e in mine}
    window.sync.sync_now()  # and it goes to the hub like any other
    qtbot.waitUntil(lambda: saved[0].event_id in hub.event_ids(), timeout=20000)


def test_a_learner_made_on_another_pc_appears_on_the_picker(hub, launch, qtbot, tmp_path):
    hub.start()
    data, learner_id, _pending = pc_with_a_learner(tmp_path, hub, steps=0)
    app = launch_with(launch, data, ON_REQUEST)
    window = app.window
    assert window.stack.currentWidget() is window.picker
    assert set(window.picker.tiles) == {learner_id}
    with enrolled_database(tmp_path / "pc-b" / "dzlearn.sqlite", hub, "pc-b") as other:
        karma = LearnerStore(other, EventLog(other)).create("Karma", "sun")
        sync_once(other)
    window.sync.sync_now()
    qtbot.waitUntil(lambda: set(window.picker.tiles) == {learner_id, karma.learner_id},
                    timeout=20000)  # fmt: skip


def test_a_pc_enrolled_from_a_file_without_an_address_says_it_syncs_by_usb(
    hub, launch, qtbot, tmp_path
):
    """No network address to try: the worker must say "USB" in words, not probe an empty URL."""
    from dzlearn.storage import Database
    from dzlearn.sync.enrol_file import enrol_from_file, write_enrol_file

    enrol_file = tmp_path / "enrol.json"
    write_enrol_file(hub.store, enrol_file, hub_url=None)
    data = tmp_path / "pc"
    db = Database.open(data / "dzlearn.sqlite")
    try:
        enrol_from_file(db, enrol_file)
    finally:
        db.close()
    app = launch_with(launch, data, FAST)
    qtbot.waitUntil(lambda: app.window.sync.snapshot.error is not None, timeout=10000)
    assert "USB stick" in app.window.sync.snapshot.error, app.window.sync.snapshot.error
    assert app.window.sync.snapshot.error_kind == "not_enrolled"
