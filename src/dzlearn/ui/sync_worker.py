"""The app's background sync: a thread of its own, so a lesson never waits for the hub.

Like the TaskRunner (ui/tasks.py), the thread never touches a widget: what it has to say goes
to the UI thread through queued signals, as immutable ``SyncSnapshot`` values. It makes no Qt
objects either, so the garbage it leaves holds none and the UI-thread collector
(ui/collector.py) stays the only place Qt objects are freed. It shares the app's ``Database``:
each page of events is one short BEGIN IMMEDIATE transaction, so a lesson step saved meanwhile
waits at most for one page (busy_timeout), never for the whole sync.

httpx, PyNaCl and the sync client are imported inside the thread, never at start-up.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from dzlearn.sync.schedule import Backoff, SyncPolicy

if TYPE_CHECKING:
    from dzlearn.storage import Database
    from dzlearn.sync.client import SyncSummary
    from dzlearn.sync.device import DeviceSyncState, SyncStatus

log = logging.getLogger(__name__)

# While a sync runs, Python hands the GIL to the UI thread after 2 ms instead of 5: each Python
# call the UI makes (a slot, a paint) waits for it, so the longest stall while typing during a
# 100,000-event sync halves (benchmarks/sync_app.py); the sync itself is not measurably slower.
SYNC_SWITCH_INTERVAL = 0.002

# phases
STARTING = "starting"  # the first status read has not come back yet
NOT_ENROLLED = "not_enrolled"
WAITING = "waiting"  # until the next automatic sync (``next_try_at``)
CHECKING = "checking"  # asking the hub's /health
SYNCING = "syncing"
STOPPED = "stopped"


@dataclass(frozen=True)
class SyncSnapshot:
    """What the indicator and the facilitator's Sync tab show; made by the worker."""

    phase: str
    status: SyncStatus | None = None  # from DeviceSyncState.status(), re-read often
    next_try_at: float | None = None  # time.monotonic() of the next automatic sync
    error: str | None = None  # the last failure in this session, in words
    error_kind: str | None = None  # its SyncError kind (sync.transport)
    progress: SyncSummary | None = None  # the sync running now (a copy)
    last: SyncSummary | None = None  # the last sync that finished in this session
    failures: int = 0  # failed tries in a row (the back-off grows with them)
    wait: float | None = None  # seconds chosen before the next automatic try

    @property
    def busy(self) -> bool:
        return self.phase in (CHECKING, SYNCING)

    @property
    def enrolled(self) -> bool:
        return self.status is not None and self.status.enrolled


class SyncWorker(QObject):
    """Syncs on its own thread with back-off; ``sync_now``, ``enrol`` and ``stop`` from the UI."""

    changed = Signal(object)  # SyncSnapshot
    pulled = Signal(object)  # frozenset of learner ids (None inside) whose events arrived
    enrol_finished = Signal(object)  # None when enrolled, else what went wrong in words

    def __init__(
        self, db: Database, policy: SyncPolicy | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._policy = policy or SyncPolicy()
        self._wake = threading.Condition()
        self._commands: deque[tuple[Any, ...]] = deque()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.snapshot = SyncSnapshot(STARTING)  # the last one sent (set on the worker thread)

    # -- the UI thread's side -------------------------------------------------------------

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="dzlearn-sync", daemon=True)
            self._thread.start()

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def sync_now(self) -> None:
        """A facilitator asked: sync at once, and start the back-off again from 10 s."""
        self._command("sync_now")

    def refresh(self) -> None:
        """Re-read the status (pending count, conflicts) soon, without syncing."""
        self._command("refresh")

    def enrol(self, hub_url: str, code: str, name: str) -> None:
        """The same enrolment as ``dzlearn device enrol``; the answer comes as enrol_finished."""
        self._command("enrol", hub_url, code, name)
        self.start()

    def stop(self, timeout: float = 3.0) -> bool:
        """Ask the sync to stop between pages and wait up to ``timeout`` s for the thread.

        True when it has ended. False when it is stuck in a request to a slow hub: it is a
        daemon thread, so it does not keep the app open; whatever it had committed stays
        committed (every page lands with its cursor in one transaction).
        """
        self._stopping.set()
        with self._wake:
            self._wake.notify_all()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _command(self, *command: Any) -> None:
        with self._wake:
            self._commands.append(command)
            self._wake.notify_all()

    # -- the worker thread ------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._loop()
        except BaseException as error:  # a dead sync thread must not go unnoticed
            log.exception("background sync stopped")
            words = f"Background sync stopped: {type(error).__name__}: {error}"
            self._send(dataclasses.replace(self.snapshot, phase=STOPPED, error=words))

    def _loop(self) -> None:
        from dzlearn.sync.device import DeviceSyncState  # PyNaCl: off the UI thread

        state = DeviceSyncState(self._db)
        backoff = Backoff(self._policy)
        next_try = time.monotonic() + self._policy.start_delay
        self._publish(state, phase=WAITING, next_try_at=next_try)
        while True:
            what, *args = self._wait(next_try)
            if what == "stop":
                return
            if what == "refresh":
                self._publish(state)
                continue
            if what == "enrol":
                if not self._enrol(*args):
                    self._publish(state)
                    continue
                backoff.reset()
            elif what == "sync_now":
                backoff.reset()
            next_try = self._attempt(state, backoff)

    def _wait(self, deadline: float) -> tuple[Any, ...]:
        """The next command; ("sync",) at ``deadline``; ("refresh",) now and then meanwhile."""
        refresh_at = time.monotonic() + self._policy.status_refresh
        with self._wake:
            while True:
                if self._stopping.is_set():
                    return ("stop",)
                if self._commands:
                    return self._commands.popleft()
                now = time.monotonic()
                if now >= deadline:
                    return ("sync",)
                if now >= refresh_at:
                    return ("refresh",)
                self._wake.wait(min(deadline, refresh_at) - now)

    def _attempt(self, state: DeviceSyncState, backoff: Backoff) -> float:
        """One automatic or asked-for sync; returns when the next one is due."""
        from dzlearn.storage import StorageError
        from dzlearn.sync.client import SyncError, SyncSummary, sync_once
        from dzlearn.sync.schedule import probe

        try:
            enrolment = state.enrolment()
        except StorageError as error:
            return self._failed(state, backoff, "storage", str(error))
        if enrolment is None:
            self._publish(state, phase=NOT_ENROLLED, next_try_at=None, error=None)
            return math.inf
        if enrolment.usb_only:
            from dzlearn.sync.client import usb_only  # enrolled from a file: USB until confirmed

            return self._failed(state, backoff, NOT_ENROLLED, usb_only(enrolment))
        self._publish(state, phase=CHECKING, progress=None)
        before = self._newest_row()
        switch = sys.getswitchinterval()
        try:
            probe(enrolment.hub_url, enrolment.ca_pem, self._policy.probe_timeout)
            self._send(dataclasses.replace(self.snapshot, phase=SYNCING, progress=SyncSummary()))
            sys.setswitchinterval(SYNC_SWITCH_INTERVAL)
            summary = sync_once(
                self._db, should_stop=self._stopping.is_set, progress=self._progressed
            )
        except SyncError as error:
            return self._failed(state, backoff, error.kind, error.message)
        except Exception as error:  # a bug must not end background sync for good
            log.exception("background sync failed")
            words = f"Sync failed unexpectedly ({type(error).__name__}: {error})."
            return self._failed(state, backoff, "internal", words)
        finally:
            sys.setswitchinterval(switch)
            self._tell_pulled(before)  # pages committed before an error must show too
        wait = backoff.after_success()
        next_try = time.monotonic() + wait
        self._publish(
            state, phase=WAITING, next_try_at=next_try, error=None, error_kind=None,
            progress=None, last=summary, failures=0, wait=wait,
        )  # fmt: skip
        return next_try

    def _failed(self, state: DeviceSyncState, backoff: Backoff, kind: str, words: str) -> float:
        wait = backoff.after_failure(kind)
        next_try = time.monotonic() + wait
        self._publish(
            state, phase=WAITING, next_try_at=next_try, error=words, error_kind=kind,
            progress=None, failures=backoff.failures, wait=wait,
        )  # fmt: skip
        return next_try

    def _progressed(self, _stage: str, summary: SyncSummary) -> None:
        copy = dataclasses.replace(summary, conflict_reasons=list(summary.conflict_reasons))
        self._send(dataclasses.replace(self.snapshot, phase=SYNCING, progress=copy))

    def _enrol(self, hub_url: str, code: str, name: str) -> bool:
        from dzlearn.storage import StorageError
        from dzlearn.sync.client import SyncError, enrol

        try:
            enrol(self._db, hub_url, code, name=name)
        except (ValueError, SyncError, StorageError) as error:
            self._emit(self.enrol_finished, str(error))
            return False
        except Exception as error:
            log.exception("enrolment failed")
            self._emit(self.enrol_finished, f"Enrolment failed unexpectedly ({error}).")
            return False
        self._emit(self.enrol_finished, None)
        return True

    def _newest_row(self) -> int:
        """Where the event log ends now (rowids only grow: events are never deleted)."""
        try:
            with self._db.reading() as connection:
                return int(
                    connection.exec_driver_sql("SELECT max(rowid) FROM events").scalar() or 0
                )
        except Exception:
            return -1

    def _tell_pulled(self, before: int) -> None:
        """Whose events arrived from other devices, so the screens showing them refresh."""
        if before < 0:
            return
        try:
            with self._db.reading() as connection:
                rows = connection.exec_driver_sql(
                    "SELECT DISTINCT learner_id FROM events WHERE rowid > ? AND device_id != ?",
                    (before, self._db.device_id),
                ).all()
        except Exception as error:  # the app is closing, or the file is busy: no refresh
            log.warning("could not tell which learners' events arrived: %s", error)
            return
        if rows:
            self._emit(self.pulled, frozenset(row[0] for row in rows))

    def _publish(self, state: DeviceSyncState, **changes: Any) -> None:
        """Re-read the status from storage and send a snapshot with ``changes``."""
        try:
            changes["status"] = state.status()
        except Exception as error:  # a closed or busy file: keep showing the last status
            if not self._stopping.is_set():
                log.warning("could not read the sync status: %s", error)
        if self.snapshot.phase == STARTING and "phase" not in changes:
            changes["phase"] = WAITING
        self._send(dataclasses.replace(self.snapshot, **changes))

    def _send(self, snapshot: SyncSnapshot) -> None:
        self.snapshot = snapshot
        self._emit(self.changed, snapshot)

    def _emit(self, signal: Any, value: object) -> None:
        if self._stopping.is_set():  # the window is closing (or gone): nobody is listening
            return
        try:
            signal.emit(value)
        except RuntimeError:  # this object's C++ half is already deleted: end quietly
            self._stopping.set()
