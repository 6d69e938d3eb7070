"""The small sync indicator at the bottom of every screen: a calm word and a coloured shape.

Learners may be elderly and may not read English well, so nothing here alarms: no red, no
pop-up, no error box; a hub that is off reads as "Hub not reachable — will try again in 40 s"
in quiet grey. A shape goes with each colour (tick, arc, ring, dot) so colour is never the only
signal. The details (which hub, what went wrong, the conflicts) are in facilitator mode's Sync
tab. "Not set up" is shown in facilitator mode only: most PCs never sync, and learners have
nothing to do about it.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from dzlearn.i18n import _, digits
from dzlearn.ui.style import palette, px, space
from dzlearn.ui.sync_worker import NOT_ENROLLED, STARTING, STOPPED, SyncSnapshot

GOOD = "good"  # synced, nothing waiting
BUSY = "busy"  # syncing now
QUIET = "quiet"  # waiting: events to send, or the hub is out of reach for now
ATTENTION = "attention"  # a facilitator should look (conflicts, access refused)
OFF = "off"  # not set up

# SyncError kinds a facilitator has to act on; the rest come right by themselves
NEEDS_FACILITATOR = frozenset({"revoked", "wrong_hub", "tls", "refused", "malformed"})
REFRESH_MS = 5000  # "5 min ago" and "try again in 40 s" move on without any I/O


@dataclass(frozen=True)
class Look:
    text: str
    tone: str


def _ago(last_success_at: str | None, now: datetime) -> str:
    if not last_success_at:
        return _("Not synced yet")
    try:
        then = datetime.fromisoformat(last_success_at)
    except ValueError:
        return _("Not synced yet")
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    minutes = int((now - then).total_seconds() // 60)  # a PC clock set back reads "just now"
    if minutes < 1:
        return _("Synced just now")
    if minutes < 60:
        return _("Synced {n} min ago").format(n=digits(minutes))
    if minutes < 48 * 60:
        return _("Synced {n} h ago").format(n=digits(minutes // 60))
    return _("Synced {n} days ago").format(n=digits(minutes // (24 * 60)))


def _when(next_try_at: float | None, now: float) -> tuple[str, int] | None:
    """("s" or "min", n) until the next try, in steps that do not flicker; None if unknown."""
    if next_try_at is None or math.isinf(next_try_at):
        return None
    left = max(0.0, next_try_at - now)
    if left < 60:
        return "s", max(5, 5 * math.ceil(left / 5))
    return "min", math.ceil(left / 60)


def _retry_text(kind: str | None, when: tuple[str, int] | None) -> str:
    unreachable = kind == "unreachable"
    if when is None:
        return _("Hub not reachable") if unreachable else _("Sync did not finish")
    unit, n = when
    if unit == "s":
        text = (
            _("Hub not reachable — will try again in {n} s")
            if unreachable
            else _("Sync did not finish — will try again in {n} s")
        )
    else:
        text = (
            _("Hub not reachable — will try again in {n} min")
            if unreachable
            else _("Sync did not finish — will try again in {n} min")
        )
    return text.format(n=digits(n))


def describe(
    snapshot: SyncSnapshot | None,
    conflicts_seen: int = 0,
    now: float | None = None,
    wall: datetime | None = None,
) -> Look:
    """The indicator's words and tone for ``snapshot`` (``now``: time.monotonic())."""
    now = time.monotonic() if now is None else now
    wall = datetime.now(UTC) if wall is None else wall
    status = snapshot.status if snapshot is not None else None
    if snapshot is None or snapshot.phase == NOT_ENROLLED or (status and not status.enrolled):
        return Look(_("Not set up"), OFF)
    if snapshot.busy:
        return Look(_("Syncing…"), BUSY)
    if snapshot.phase == STOPPED:
        return Look(_("Sync stopped — facilitator, please look"), ATTENTION)
    if status is None or snapshot.phase == STARTING:
        return Look(_("Waiting to sync"), QUIET)
    unseen = status.conflicts - conflicts_seen
    if unseen > 0:
        text = (
            _("1 conflict — facilitator, please look")
            if unseen == 1
            else _("{n} conflicts — facilitator, please look").format(n=digits(unseen))
        )
        return Look(text, ATTENTION)
    if snapshot.error_kind in NEEDS_FACILITATOR:
        return Look(_("Sync needs a facilitator"), ATTENTION)
    if snapshot.error is not None:
        return Look(_retry_text(snapshot.error_kind, _when(snapshot.next_try_at, now)), QUIET)
    if status.pending > 0:
        return Look(_("{n} to send").format(n=digits(status.pending)), QUIET)
    if status.last_success_at is None and status.last_error:
        return Look(_("Sync did not finish"), QUIET)  # last time the app ran
    return Look(_ago(status.last_success_at, wall), GOOD)


def tone_pixmap(tone: str, size: int) -> QPixmap:
    """A small shape per tone, in the palette's colours (high contrast included)."""
    p = palette()
    colour = {GOOD: p.good, BUSY: p.focus, QUIET: p.hint, ATTENTION: p.gentle, OFF: p.disabled}
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(colour.get(tone, p.hint)), max(2.0, size / 7))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    inset = pen.widthF()
    box = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
    if tone == GOOD:  # a tick in a ring
        painter.drawEllipse(box)
        s = size
        painter.drawPolyline(
            [QPointF(s * 0.30, s * 0.52), QPointF(s * 0.45, s * 0.67), QPointF(s * 0.72, s * 0.36)]
        )
    elif tone == BUSY:  # an open arc: going round
        painter.drawArc(box, 90 * 16, 270 * 16)
    elif tone == ATTENTION:  # a full dot
        painter.setBrush(QColor(colour[ATTENTION]))
        painter.drawEllipse(box)
    elif tone == OFF:  # a ring with a dash
        painter.drawEllipse(box)
        painter.drawLine(QPointF(size * 0.32, size / 2), QPointF(size * 0.68, size / 2))
    else:  # a ring: waiting
        painter.drawEllipse(box)
    painter.end()
    return pixmap


class SyncIndicator(QWidget):
    """Shown in the window's status bar; ``show_snapshot`` with each worker update."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync-indicator")
        self.snapshot: SyncSnapshot | None = None
        self.conflicts_seen = 0
        self.facilitator_view = False
        self.look = Look("", OFF)
        row = QHBoxLayout(self)
        row.setContentsMargins(space(10), space(4), space(10), space(4))
        row.setSpacing(space(8))
        self.icon = QLabel()
        self.icon.setObjectName("sync-indicator-icon")
        self.text = QLabel()
        self.text.setObjectName("sync-indicator-text")
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)
        self._style = ""
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.render)
        self._timer.start()

    @property
    def wanted(self) -> bool:
        """Learners see it once the PC is enrolled; facilitators always."""
        return self.facilitator_view or self.look.tone != OFF

    def show_snapshot(self, snapshot: SyncSnapshot) -> None:
        self.snapshot = snapshot
        self.render()

    def render(self) -> None:
        self.look = describe(self.snapshot, self.conflicts_seen)
        style = f"font-size: {px(16)}px; color: {palette().hint};"
        if style != self._style:  # the text size or contrast changed
            self._style = style
            self.text.setStyleSheet(style)
        self.text.setText(self.look.text)
        self.icon.setPixmap(tone_pixmap(self.look.tone, px(18)))
        self.setAccessibleName(_("Sync") + ": " + self.look.text)

    def stop(self) -> None:
        self._timer.stop()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.StyleChange and self.snapshot is not None:
            self.render()
        super().changeEvent(event)
