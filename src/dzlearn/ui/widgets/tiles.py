"""A picture or answer tile that the keyboard works as well as the mouse.

QToolButton answers Space but not Enter; learners who use the keyboard press Enter, so a tile
takes it too. A tile that cannot act (disabled, or ``passes_enter`` says so) lets Enter go on to
the screen, where it means "Next".
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QToolButton, QWidget


class Tile(QToolButton):
    def __init__(
        self, parent: QWidget | None = None, passes_enter: Callable[[], bool] | None = None
    ) -> None:
        super().__init__(parent)
        self._passes_enter = passes_enter or (lambda: False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.isEnabled() and not self._passes_enter():
                self.click()
                return
            event.ignore()
            return
        super().keyPressEvent(event)
