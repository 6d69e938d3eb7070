"""Facilitator mode locks itself when nobody has touched the PC for a while."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

FACILITATOR_IDLE_MS = 5 * 60 * 1000

_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
}


class IdleLock(QObject):
    """An application-wide event filter that restarts a timer on every key, click or touch."""

    timed_out = Signal()

    def __init__(self, timeout_ms: int = FACILITATOR_IDLE_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.timeout_ms = timeout_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._watching = False

    @property
    def active(self) -> bool:
        return self._watching

    def start(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
        self._watching = True
        self._timer.start(self.timeout_ms)

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
        self._watching = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if self._watching and event.type() in _INPUT:
            self._timer.start(self.timeout_ms)
        return False

    def _fire(self) -> None:
        self.stop()
        self.timed_out.emit()
