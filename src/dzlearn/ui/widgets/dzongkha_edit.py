"""A one-line text box that types Dzongkha by physical key position (DDC layout), whatever
keyboard layout the operating system has, so a learner can fill a practice form in Dzongkha."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from dzlearn.ui.keymap import dzongkha_char_from_event
from dzlearn.ui.style import dz_font, space, text_px

TEXT_PX = 34

_PASS_THROUGH = {
    Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Left, Qt.Key.Key_Right,
    Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return,
    Qt.Key.Key_Enter, Qt.Key.Key_Escape,
}  # fmt: skip


class DzongkhaLineEdit(QLineEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFont(dz_font(TEXT_PX))
        # The window's stylesheet sizes every line edit's text; Dzongkha stacks need more.
        self.setStyleSheet(f"QLineEdit {{ font-size: {text_px(TEXT_PX)}px; }}")
        self.setMinimumHeight(space(64))
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        shortcut = event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        if event.key() in _PASS_THROUGH or shortcut:
            super().keyPressEvent(event)
            return
        char = dzongkha_char_from_event(event)
        if char:
            self.insert(char)
        else:
            event.ignore()
