"""Checks that a screen, step view or dialog is usable at 200 % text in high contrast.

Each check returns a list of problems in words (empty: fine), so a failing test says which
widget is wrong and how. Only widgets on screen count (``isVisible``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontInfo
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QStyle,
    QStyleOptionSpinBox,
    QTabBar,
    QWidget,
)

from dzlearn.ui.style import HIGH_CONTRAST, MIN_TARGET

WINDOW = QSize(1280, 800)  # a common community-centre screen (1280×800, 1366×768)
BIG = {"language": "en", "scale": 200, "high_contrast": True}
BLACK = QColor(HIGH_CONTRAST.screen)
CAPPED_PX = 60  # Dzongkha this large at 100 % grows only to 120 px (style.text_px), by design


def write_display(data: Path, settings: dict) -> Path:
    """The PC's display settings, as the Display dialog saves them, before the app starts."""
    data.mkdir(parents=True, exist_ok=True)
    (data / "display.json").write_text(json.dumps(settings), encoding="utf-8")
    return data


def shown(top: QWidget, kind: type = QWidget) -> list[QWidget]:
    return [w for w in top.findChildren(kind) if w.isVisible()]


def name(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") else ""
    return f"{type(widget).__name__}({widget.objectName() or text[:30]!r})"


def font_px(widget: QWidget) -> int:
    return QFontInfo(widget.font()).pixelSize()


def text_sizes(top: QWidget) -> dict[str, int]:
    """The text size of every visible label and button, by its text."""
    sizes: dict[str, int] = {}
    for widget in shown(top, QLabel) + shown(top, QAbstractButton):
        text = widget.text().strip()
        if text and not text.startswith("<"):
            sizes.setdefault(text, font_px(widget))
    return sizes


def unscaled_text(normal: dict[str, int], big: dict[str, int], factor: float = 2.0) -> list[str]:
    """Texts shown at both sizes whose size did not grow by ``factor`` (Dzongkha that is
    already very large is capped, by design)."""
    common = [t for t in big if t in normal and normal[t] < CAPPED_PX]
    assert len(common) >= 3, f"too few texts to compare: {sorted(common)}"
    return [
        f"{t[:40]!r}: {normal[t]} px → {big[t]} px"
        for t in common
        if big[t] < factor * normal[t] - 1
    ]


def small_targets(top: QWidget) -> list[str]:
    """Buttons, lists to open, tabs and spin-box arrows smaller than MIN_TARGET either way."""
    small = []
    for widget in shown(top, QAbstractButton) + shown(top, QComboBox):
        if min(widget.width(), widget.height()) < MIN_TARGET:
            small.append(f"{name(widget)}: {widget.width()}x{widget.height()}")
    for bar in shown(top, QTabBar):
        for i in range(bar.count()):
            rect = bar.tabRect(i)
            if min(rect.width(), rect.height()) < MIN_TARGET:
                small.append(f"tab {bar.tabText(i)!r}: {rect.width()}x{rect.height()}")
    for box in shown(top, QAbstractSpinBox):
        if getattr(box, "calendarPopup", lambda: False)():
            continue  # a date: typed, or picked from the calendar its (big) arrow opens
        option = QStyleOptionSpinBox()
        option.initFrom(box)
        option.subControls = QStyle.SubControl.SC_All
        parts = {"up": QStyle.SubControl.SC_SpinBoxUp, "down": QStyle.SubControl.SC_SpinBoxDown}
        for part, control in parts.items():
            spin = QStyle.ComplexControl.CC_SpinBox
            rect = box.style().subControlRect(spin, option, control, box)
            if min(rect.width(), rect.height()) < MIN_TARGET:
                small.append(f"{name(box)} {part} arrow: {rect.width()}x{rect.height()}")
    return small


def _scroll_parent(widget: QWidget, top: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return grand
        parent = grand
    return None


def _in(top: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())


def cut_off(top: QWidget) -> list[str]:
    """Visible widgets that reach outside the window (or dialog), or sideways outside the
    scroll area they are in (those scroll only up and down), and text that does not fit its
    label or button."""
    problems = []
    frame = top.rect().adjusted(-1, -1, 1, 1)
    for widget in shown(top):
        if isinstance(widget.parentWidget(), (QAbstractItemView, QAbstractSpinBox, QComboBox)):
            continue  # an item view's or spin box's own parts
        rect = _in(top, widget)
        scroll = _scroll_parent(widget, top)
        if scroll is None:
            if not frame.contains(rect):
                problems.append(f"{name(widget)} at {rect.getRect()} is outside {frame.getRect()}")
        elif not scroll.horizontalScrollBar().isVisible():
            view = _in(top, scroll.viewport()).adjusted(-1, 0, 1, 0)
            if rect.left() < view.left() or rect.right() > view.right():
                problems.append(f"{name(widget)} {rect.getRect()} is cut at the side of "
                                f"{name(scroll)} {view.getRect()}")  # fmt: skip
    for label in shown(top, QLabel):
        if not label.text():
            continue
        if label.wordWrap():
            need = label.heightForWidth(label.width())
            if need > label.height() + 2:
                problems.append(f"{name(label)} needs {need} px of height, has {label.height()}")
        elif label.sizeHint().width() > label.width() + 2:
            problems.append(f"{name(label)} needs {label.sizeHint().width()} px, has "
                            f"{label.width()}")  # fmt: skip
    for button in shown(top, QAbstractButton):
        hint = button.sizeHint()
        ignored = button.sizePolicy().horizontalPolicy().name == "Ignored"
        if button.text() and not ignored and hint.width() > button.width() + 2:
            problems.append(f"{name(button)} needs {hint.width()} px, has {button.width()}")
    return problems


def settle() -> None:
    """Let posted layout requests run: a list filled a moment ago is laid out in passes."""
    for _ in range(5):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def fits(window: QWidget, size: QSize = WINDOW) -> list[str]:
    """Resize to ``size``: the window must not insist on more, and nothing may be cut off."""
    settle()
    window.resize(size)
    settle()
    if window.width() > size.width() or window.height() > size.height():
        return [f"{name(window)} is {window.width()}x{window.height()}, more than {size}"]
    return cut_off(window)


def fit_dialog(dialog: QWidget, screen: QSize = WINDOW) -> list[str]:
    """A dialog as it opens on a 1280×800 screen: its own size, within the screen."""
    return fits(dialog, dialog.sizeHint().boundedTo(screen).expandedTo(dialog.minimumSize()))


def contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


SPAN_COLOUR = re.compile(r"color:\s*(#[0-9a-fA-F]{6})")


def low_contrast(top: QWidget, minimum: float = 7.0) -> list[str]:
    """In high contrast every label's text, and each colour in its rich text, reads on the
    black screen at ``minimum`` contrast or more (WCAG AAA is 7)."""
    problems = []
    for label in shown(top, QLabel):
        if not label.text() or label.pixmap() is not None and not label.pixmap().isNull():
            continue
        colours = [label.palette().color(label.foregroundRole())]
        colours += [QColor(c) for c in SPAN_COLOUR.findall(label.text())]
        for colour in colours:
            if contrast(colour, BLACK) < minimum:
                problems.append(f"{name(label)}: {colour.name()} on black")
    return problems


def not_high_contrast_text(widgets: Iterable[QWidget]) -> list[str]:
    """Widgets whose text is not drawn in the high-contrast text colour (white)."""
    white = QColor(HIGH_CONTRAST.text)
    return [
        f"{name(w)}: {w.palette().color(w.foregroundRole()).name()}"
        for w in widgets
        if w.palette().color(w.foregroundRole()) != white
    ]


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key as a person presses it: to the focused widget, else to the active window; then
    what it started is laid out and shown, as the event loop of the app would."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, key, modifier)
    settle()


def focus_name() -> str:
    focus = QApplication.focusWidget()
    return name(focus) if focus is not None else "nothing"


def focus_ring(widget: QWidget) -> int:
    """How many of the widget's pixels are drawn in the high-contrast focus colour (cyan)."""
    image = widget.grab().toImage()
    ring = QColor(HIGH_CONTRAST.focus).rgb()
    step = 2  # every other pixel each way is plenty to find a ring some pixels thick
    return sum(
        image.pixel(x, y) == ring
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    )


def tab_to(widget: QWidget, limit: int = 60, back: bool = False) -> None:
    """Tab (or Shift+Tab) until ``widget`` has the focus, as a keyboard user would."""
    key = Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab
    seen = []
    for _ in range(limit):
        if QApplication.focusWidget() is widget:
            return
        seen.append(focus_name())
        press(key)
    raise AssertionError(f"Tab never reached {name(widget)}; it went through {seen[-12:]}")
