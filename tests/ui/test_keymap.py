"""The in-app DDC map works by physical key, whatever the OS layout says the key is."""

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from dzlearn.ui.keymap import dzongkha_char_from_event


def key_event(key, text="", scan=0, vkey=0, shift=False):
    mods = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    return QKeyEvent(QEvent.Type.KeyPress, key, mods, scan, vkey, 0, text)


def test_physical_q_types_ka_even_on_a_french_layout():
    # On AZERTY the key in the Q position says 'A'; X11 still reports keycode 24.
    event = key_event(Qt.Key.Key_A, "a", scan=24)
    assert dzongkha_char_from_event(event, "xcb") == "ཀ"
    assert dzongkha_char_from_event(key_event(Qt.Key.Key_A, "a", scan=0x10), "windows") == "ཀ"
    assert dzongkha_char_from_event(key_event(Qt.Key.Key_A, "a", vkey=0x0C), "cocoa") == "ཀ"


def test_shift_gives_the_subjoined_letter():
    event = key_event(Qt.Key.Key_Q, "Q", scan=24, shift=True)
    assert dzongkha_char_from_event(event, "xcb") == "\u0f90"


def test_without_native_codes_a_us_layout_is_assumed():
    assert dzongkha_char_from_event(key_event(Qt.Key.Key_Q, "q"), "offscreen") == "ཀ"
    assert dzongkha_char_from_event(key_event(Qt.Key.Key_Space, " "), "offscreen") == "་"
    assert dzongkha_char_from_event(key_event(Qt.Key.Key_F1), "offscreen") == ""
