"""Guard against a broken Qt binding: PySide6 6.12.0 on Python 3.11 takes a reference away
from None on every void Qt call, and the app aborts ("deallocating None") after a few thousand
repaints — about seven keyboard drills. pyproject pins PySide6 below 6.12 for that reason."""

import sys

from PySide6.QtWidgets import QLabel


def test_void_qt_calls_leave_none_alone(qapp):
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("ཀ")
    after = sys.getrefcount(None)
    assert after > before - 100, f"None lost {before - after} references in 2000 Qt calls"
