"""Turn a Qt key event into the Dzongkha character the DDC layout types at that physical key."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent

from dzlearn.script.keyboard import Keystroke, char_for
from dzlearn.script.keypositions import code_from_native, code_from_us_char


def keystroke_from_event(event: QKeyEvent, platform: str | None = None) -> Keystroke | None:
    """The physical key pressed, whatever keyboard layout the operating system has."""
    platform = platform or QGuiApplication.platformName()
    shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    code = code_from_native(platform, event.nativeScanCode(), event.nativeVirtualKey())
    if code is None:
        key = event.key()
        if key == Qt.Key.Key_Space:
            code = "Space"
        elif 0x20 < key < 0x7F:
            code = code_from_us_char(chr(key))
    return Keystroke(code, shift) if code else None


def dzongkha_char_from_event(event: QKeyEvent, platform: str | None = None) -> str:
    stroke = keystroke_from_event(event, platform)
    return char_for(stroke.code, stroke.shift) if stroke else ""
