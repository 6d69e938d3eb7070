"""Driving the trainer as a learner would: real key events, a clock the test controls."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dzlearn.script.keyboard import keystrokes_for
from dzlearn.ui.trainer.keys import qt_key_for

SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


def press(widget, ch: str) -> None:
    """Press the physical key (with Shift if needed) that types ``ch`` on the DDC layout."""
    stroke = keystrokes_for(ch)[0]
    QTest.keyClick(widget, qt_key_for(stroke.code), SHIFT if stroke.shift else NONE)


class Clock:
    """Milliseconds that pass only when the test says so."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def type_drill(drill, clock: Clock, ms_per_key: float, wrong_at: tuple[int, ...] = ()) -> str:
    """Type the drill on screen; at each index in ``wrong_at`` first press a wrong key (ཨ, or ཀ
    where ཨ is wanted). Returns the drill text."""
    text = drill.attempt.text
    for n, ch in enumerate(text):
        if n in wrong_at:
            press(drill, "ཀ" if ch == "ཨ" else "ཨ")
            clock.now += ms_per_key / 2
        press(drill, ch)
        clock.now += ms_per_key
    return text
