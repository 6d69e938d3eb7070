"""Facilitator mode's Sync tab: how sync stands, the last sync, conflicts, "Sync now", enrolment.

Everything here is for the facilitator; learners see only the small indicator. Nothing waits on
the network on the UI thread: "Sync now" and enrolment go to the sync worker's own thread
(enrolment is the same code as ``dzlearn device enrol``), the conflicts are read through the
TaskRunner, and every failure is shown in the words the sync code gives.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _, digits
from dzlearn.ui.facilitator.common import say, scrolling_page
from dzlearn.ui.style import button, label, palette, px, set_role, space
from dzlearn.ui.sync_indicator import describe
from dzlearn.ui.sync_worker import SyncSnapshot

if TYPE_CHECKING:
    from dzlearn.storage import Database
    from dzlearn.sync.device import StoredConflict
    from dzlearn.ui.sync_hookup import SyncHookup
    from dzlearn.ui.tasks import TaskRunner

CONFLICTS_SHOWN = 200


def local_time(iso: str | None) -> str:
    """A stored UTC time as this PC's local time, or "never"."""
    if not iso:
        return _("never")
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def summary_text(summary: Any) -> str:
    """One sync's outcome (a SyncSummary, or the dict stored in the progress file)."""
    get = summary.get if isinstance(summary, dict) else lambda k, d=0: getattr(summary, k, d)
    text = _("sent {sent} ({already} already there), received {received}, {conflicts} conflicts")
    return text.format(
        sent=digits(get("pushed", 0)),
        already=digits(get("duplicates", 0)),
        received=digits(get("pulled", 0)),
        conflicts=digits(get("conflicts", 0)),
    )


class SyncTab(QWidget):
    def __init__(self, hookup: SyncHookup, runner: TaskRunner, db: Database) -> None:
        super().__init__()
        self.setObjectName("sync-tab")
        self.hookup = hookup
        self.runner = runner
        self.db = db
        self.snapshot: SyncSnapshot = hookup.snapshot
        self.conflicts_total = -1  # what the table was last filled for
        self.enrolling = False
        page = QVBoxLayout()
        scrolling_page(self).setLayout(page)

        state_box = QGroupBox(_("How sync stands"))
        state = QVBoxLayout(state_box)
        self.now = label("", "good")
        self.now.setObjectName("sync-now-words")
        state.addWidget(self.now)
        grid = QGridLayout()
        self.values: dict[str, Any] = {}
        rows = (
            ("hub", _("Hub")),
            ("device", _("This PC")),
            ("success", _("Last successful sync")),
            ("attempt", _("Last attempt")),
            ("pending", _("Waiting to be sent")),
            ("conflicts", _("Conflicts")),
            ("next", _("Next automatic sync")),
        )
        for row, (key, title) in enumerate(rows):
            grid.addWidget(label(title, "hint"), row, 0, Qt.AlignmentFlag.AlignTop)
            value = label("")
            value.setObjectName(f"sync-{key}")
            value.setStyleSheet(f"font-size: {px(18)}px; color: {palette().text};")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(value, row, 1)
            self.values[key] = value
        grid.setColumnStretch(1, 1)
        state.addLayout(grid)
        self.problem = label("", "hint")
        self.problem.setObjectName("sync-problem")
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        state.addWidget(self.problem)
        self.last = label("", "hint")
        self.last.setObjectName("sync-last")
        state.addWidget(self.last)
        self.sync_button = button(_("Sync now"), primary=True)
        self.sync_button.clicked.connect(self._sync_now)
        state.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignLeft)
        page.addWidget(state_box)

        conflicts_box = QGroupBox(_("Conflicts"))
        conflicts = QVBoxLayout(conflicts_box)
        conflicts.addWidget(
            label(
                _(
                    "Two different events came under the same id or number. The one that"
                    " arrived first is kept; the other is kept here, so nothing is thrown"
                    " away. Tell the hub's administrator if this keeps happening."
                ),
                "hint",
            )
        )
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("sync-conflicts")
        self.table.setHorizontalHeaderLabels([_("Event"), _("PC"), _("Found"), _("Reason")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setMinimumHeight(space(140))
        conflicts.addWidget(self.table)
        self.no_conflicts = label(_("None."), "hint")
        conflicts.addWidget(self.no_conflicts)
        page.addWidget(conflicts_box)

        enrol_box = QGroupBox(_("Enrol this PC with a hub"))
        enrol = QVBoxLayout(enrol_box)
        enrol.addWidget(
            label(
                _(
                    "Type the hub's address and the one-time code its administrator gives you"
                    " (dzlearn hub enrol-code). Learners' progress is then synced with that"
                    " hub only."
                ),
                "hint",
            )
        )
        self.hub_url = QLineEdit()
        self.hub_url.setObjectName("sync-hub-url")
        self.hub_url.setPlaceholderText(_("Hub address, e.g. http://192.168.1.10:8765"))
        self.hub_url.setAccessibleName(_("Hub address"))
        enrol.addWidget(self.hub_url)
        self.code = QLineEdit()
        self.code.setObjectName("sync-code")
        self.code.setPlaceholderText(_("One-time code"))
        self.code.setAccessibleName(_("One-time code"))
        enrol.addWidget(self.code)
        self.enrol_button = button(_("Enrol"))
        self.enrol_button.clicked.connect(self._enrol)
        self.code.returnPressed.connect(self._enrol)
        enrol.addWidget(self.enrol_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.message = label("", "good")
        self.message.setObjectName("sync-message")
        self.message.hide()
        enrol.addWidget(self.message)
        page.addWidget(enrol_box)
        page.addStretch(1)

        hookup.changed.connect(self.show_snapshot)
        hookup.enrol_finished.connect(self._enrolled)
        self._ticker = QTimer(self)  # "next automatic sync in 40 s" counts down
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._show_next)
        self.show_snapshot(self.snapshot)

    # -- showing -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._ticker.start()
        self._load_conflicts()

    def hideEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self._ticker.stop()
        super().hideEvent(event)

    def show_snapshot(self, snapshot: SyncSnapshot) -> None:
        self.snapshot = snapshot
        status = snapshot.status
        look = describe(snapshot, self.hookup.conflicts_seen)
        words = look.text
        if snapshot.busy and snapshot.progress is not None:
            words = f"{words} {summary_text(snapshot.progress)}"
        self.now.setText(words)
        set_role(self.now, "good" if look.tone == "good" else "gentle")
        enrolled = snapshot.enrolled
        v = self.values
        v["hub"].setText(status.hub_url if status and status.hub_url else _("not set up"))
        v["device"].setText(self.db.device_id)
        v["success"].setText(local_time(status.last_success_at if status else None))
        v["attempt"].setText(local_time(status.last_attempt_at if status else None))
        v["pending"].setText(digits(status.pending) if status else "–")
        v["conflicts"].setText(digits(status.conflicts) if status else "–")
        problem = snapshot.error or (status.last_error if status else None)
        self.problem.setText(_("What went wrong: {words}").format(words=problem) if problem else "")
        self.problem.setVisible(bool(problem))
        last = snapshot.last or (status.last_summary if status else None)
        shown = _("Last sync: {summary}").format(summary=summary_text(last)) if last else ""
        self.last.setText(shown)
        self.last.setVisible(bool(last))
        self.sync_button.setEnabled(enrolled and not snapshot.busy)
        self.enrol_button.setEnabled(not self.enrolling and not snapshot.busy)
        self._show_next()
        if status is not None and status.conflicts != self.conflicts_total and self.isVisible():
            self._load_conflicts()

    def _show_next(self) -> None:
        snapshot = self.snapshot
        at = snapshot.next_try_at
        if snapshot.busy:
            text = _("now")
        elif not snapshot.enrolled or at is None or at == float("inf"):
            text = "–"
        else:
            seconds = max(0, round(at - time.monotonic()))
            text = _("in {n} s").format(n=digits(seconds))
            if seconds >= 120:
                text = _("in {n} min").format(n=digits(round(seconds / 60)))
        self.values["next"].setText(text)

    def _load_conflicts(self) -> None:
        db = self.db

        def work() -> list[StoredConflict]:
            from dzlearn.sync.device import DeviceSyncState

            return DeviceSyncState(db).conflicts(CONFLICTS_SHOWN)

        self.runner.run(work, self._show_conflicts, lambda e: self._say(say(e), False))

    def _show_conflicts(self, conflicts: list[StoredConflict]) -> None:
        self.table.setRowCount(len(conflicts))
        own = self.db.device_id
        for r, c in enumerate(conflicts):
            pc = _("this PC") if c.device_id == own else c.device_id[:8]
            cells = (
                (c.event_id[:12], c.event_id),  # the whole id in the tooltip, for the hub's admin
                (pc, c.device_id),
                (local_time(c.detected_at), c.detected_at),
                (c.reason, c.reason),
            )
            for column, (text, whole) in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(whole)
                self.table.setItem(r, column, item)
        self.table.resizeColumnsToContents()
        self.table.setVisible(bool(conflicts))
        self.no_conflicts.setVisible(not conflicts)
        status = self.snapshot.status
        total = status.conflicts if status is not None else len(conflicts)
        self.conflicts_total = total
        if self.isVisible():  # a facilitator is looking at them now
            self.hookup.mark_conflicts_seen(total)

    # -- acting ------------------------------------------------------------------------------

    def _sync_now(self) -> None:
        self.sync_button.setEnabled(False)  # until the worker says how it went
        self.hookup.sync_now()

    def _enrol(self) -> None:
        if self.enrolling:
            return
        url, code = self.hub_url.text().strip(), self.code.text().strip()
        if not url or not code:
            self._say(_("Type both the hub's address and the one-time code."), False)
            return
        self.enrolling = True
        self.enrol_button.setEnabled(False)
        self._say(_("Enrolling…"), True)
        self.hookup.enrol(url, code)

    def _enrolled(self, problem: str | None) -> None:
        self.enrolling = False
        self.enrol_button.setEnabled(not self.snapshot.busy)
        if problem is None:
            self.code.clear()
            self._say(_("This PC is enrolled. It syncs by itself from now on."), True)
        else:
            self._say(_("Could not enrol: {problem}").format(problem=problem), False)

    def _say(self, text: str, good: bool) -> None:
        self.message.setText(text)
        set_role(self.message, "good" if good else "error")
        self.message.setVisible(bool(text))
