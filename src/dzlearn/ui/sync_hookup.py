"""Background sync in the main window: the status-bar indicator, the worker, screen refreshes.

Made by the window once storage is ready. The worker thread starts only if this PC is enrolled
(or a facilitator enrols it); the check reads one row through the TaskRunner, without loading
httpx or PyNaCl. When a sync brings other PCs' events, the screen showing them is refreshed on
the UI thread: the learner picker, the home screen of a learner whose events arrived, facilitator
mode's records and dashboard. A lesson in progress is left alone (home re-reads progress on the
way back). Closing the window stops the sync between pages and waits a few seconds at most.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QScrollArea, QStatusBar

from dzlearn.sync.schedule import SyncPolicy
from dzlearn.ui.style import palette, px
from dzlearn.ui.sync_indicator import SyncIndicator
from dzlearn.ui.sync_worker import NOT_ENROLLED, SyncSnapshot, SyncWorker

if TYPE_CHECKING:
    from dzlearn.storage import Database
    from dzlearn.ui.main_window import MainWindow

log = logging.getLogger(__name__)

SEEN_FILE = "sync-seen.json"  # in the data folder: how many conflicts a facilitator has seen
STOP_TIMEOUT_S = 3.0


def is_enrolled(db: Database) -> bool:
    """One row read; no sync code (httpx, PyNaCl) is loaded for it."""
    from sqlalchemy import select

    from dzlearn.storage.schema import sync_hub

    with db.reading() as connection:
        return connection.execute(select(sync_hub.c.id)).first() is not None


def read_seen(path: Path) -> int:
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("conflicts_seen", 0)
    except (OSError, ValueError, AttributeError):
        return 0
    return value if isinstance(value, int) and value >= 0 else 0


def write_seen(path: Path, seen: int) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps({"conflicts_seen": seen}), encoding="utf-8")
    os.replace(temporary, path)


class SyncHookup(QObject):
    changed = Signal(object)  # SyncSnapshot, for the facilitator's Sync tab
    enrol_finished = Signal(object)  # None, or what went wrong in words

    def __init__(self, window: MainWindow, policy: SyncPolicy | None = None) -> None:
        super().__init__(window)
        assert window.services is not None
        self.window = window
        self.services = window.services
        self.policy = policy or SyncPolicy()
        self.worker: SyncWorker | None = None
        self.snapshot = SyncSnapshot(NOT_ENROLLED)
        self.closing = False
        self._seen_path = self.services.location.root / SEEN_FILE
        self.indicator = SyncIndicator()
        self.bar = QStatusBar()
        self.bar.setSizeGripEnabled(False)
        self.bar.addWidget(self.indicator, 1)
        window.setStatusBar(self.bar)
        window.stack.currentChanged.connect(self._screen_changed)
        self._shown()

    def begin(self) -> None:
        """Read whether this PC is enrolled (and what a facilitator has seen), off the UI
        thread; start syncing if it is."""
        db, seen_path = self.services.db, self._seen_path

        def work() -> tuple[bool, int]:
            return is_enrolled(db), read_seen(seen_path)

        self.window.runner.run(work, self._known, self._unknown)

    def _known(self, answer: tuple[bool, int]) -> None:
        enrolled, seen = answer
        if self.closing:
            return
        self.indicator.conflicts_seen = seen
        if enrolled:
            self._worker().start()
        else:
            self._show(SyncSnapshot(NOT_ENROLLED))

    def _unknown(self, error: BaseException) -> None:
        log.warning("could not tell whether this PC is enrolled: %s", error)
        self._show(SyncSnapshot(NOT_ENROLLED))

    def _worker(self) -> SyncWorker:
        if self.worker is None:
            self.worker = SyncWorker(self.services.db, self.policy, self)
            self.worker.changed.connect(self._show)
            self.worker.pulled.connect(self._pulled)
            self.worker.enrol_finished.connect(self.enrol_finished.emit)
        return self.worker

    # -- what the facilitator's Sync tab asks for -------------------------------------------

    @property
    def conflicts_seen(self) -> int:
        return self.indicator.conflicts_seen

    def sync_now(self) -> None:
        if self.worker is not None:
            self.worker.sync_now()

    def enrol(self, hub_url: str, code: str) -> None:
        self._worker().enrol(hub_url, code, socket.gethostname()[:100])

    def mark_conflicts_seen(self, count: int) -> None:
        """The facilitator has the conflicts in front of them: learners stop seeing the note."""
        if count == self.indicator.conflicts_seen:
            return
        self.indicator.conflicts_seen = count
        self._shown()
        path = self._seen_path
        self.window.runner.run(
            lambda: write_seen(path, count),
            None,
            lambda error: log.warning("could not save %s: %s", path, error),
        )

    def shutdown(self, timeout: float = STOP_TIMEOUT_S) -> bool:
        """Stop syncing (between pages) and wait ``timeout`` s at most; True if it ended."""
        self.closing = True  # news still queued from the worker is not acted on
        self.indicator.stop()
        if self.worker is None:
            return True
        ended = self.worker.stop(timeout)
        if not ended:
            log.warning("background sync still waiting on the hub at exit; left to end itself")
        return ended

    # -- the worker's news, on the UI thread ----------------------------------------------

    def _show(self, snapshot: SyncSnapshot) -> None:
        if self.closing:
            return
        self.snapshot = snapshot
        self.indicator.show_snapshot(snapshot)
        self._shown()
        self.changed.emit(snapshot)

    def _screen_changed(self, _index: int) -> None:
        self._shown()

    def _shown(self) -> None:
        current = self.window.stack.currentWidget()
        facilitator = getattr(self.window, "facilitator", None)
        screen = facilitator.screen if facilitator is not None else None
        tools = (screen, self.window.studio)
        self.indicator.facilitator_view = current is not None and current in tools
        self.indicator.render()
        p = palette()
        style = (
            f"QStatusBar {{ background: {p.screen}; border-top: {max(1, px(1))}px solid"
            f" {p.border}; }} QStatusBar::item {{ border: none; }}"
        )
        if style != self.bar.styleSheet():  # restyling is slow: only when the display changed
            self.bar.setStyleSheet(style)
        self.bar.setVisible(self.indicator.wanted)

    def _pulled(self, learner_ids: frozenset[Any]) -> None:
        """Other PCs' events arrived: refresh what is on screen that shows them."""
        if self.closing:
            return
        window = self.window
        current = window.stack.currentWidget()
        if current is window.picker:
            window.show_picker()
        elif current is window.home and window.learner is not None:
            if window.learner.learner_id in learner_ids:
                self._refresh_home()
        screen = window.facilitator.screen
        if screen is not None and not window.facilitator.locked:
            screen.refresh()
            if screen.tabs.currentWidget() is screen.dashboard_tab:
                refresh = getattr(screen.dashboard_tab, "refresh", None)
                if callable(refresh):
                    refresh()

    def _refresh_home(self) -> None:
        window = self.window
        learner, home = window.learner, window.home
        progress_of = self.services.progress.for_learner
        scroll = home.findChild(QScrollArea)
        keep = scroll.verticalScrollBar().value() if scroll is not None else 0

        def show(progress: dict) -> None:
            if window.stack.currentWidget() is not home or window.learner is not learner:
                return
            home.show_learner(learner, progress)
            if scroll is not None:  # where the learner was looking, once laid out again
                QTimer.singleShot(0, lambda: scroll.verticalScrollBar().setValue(keep))

        assert learner is not None
        window.runner.run(lambda: progress_of(learner.learner_id), show, lambda _e: None)
