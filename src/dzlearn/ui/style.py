"""Look and feel: large text and large targets for learners who may be elderly or new to PCs.

The stylesheet is made from the PC's display settings (text scale, high contrast); the window
applies it with ``apply_display`` before it builds its screens, so labels and inline styles made
with these helpers pick up the same scale. Text grows with the scale (``px``); padding and gaps
grow half as fast (``space``), so 200 % text still fits a 1280×800 screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QWidget,
)

from dzlearn.ui.fonts import dzongkha_font
from dzlearn.ui.theme import HIGH_CONTRAST as HIGH_CONTRAST
from dzlearn.ui.theme import MIN_TARGET as MIN_TARGET
from dzlearn.ui.theme import NORMAL as NORMAL
from dzlearn.ui.theme import Display as Display
from dzlearn.ui.theme import Palette as Palette
from dzlearn.ui.theme import make_stylesheet

_display = Display()


def apply_display(scale: float, high_contrast: bool) -> None:
    """Set before screens are built; helpers below read it (the window rebuilds on change)."""
    global _display
    _display = Display(scale, high_contrast)


def display() -> Display:
    return _display


def palette() -> Palette:
    """The colours in force (normal or high contrast)."""
    return _display.palette


def px(size: float) -> int:
    return _display.px(size)


def space(size: float) -> int:
    return _display.space(size)


def large_text() -> bool:
    """150 % or 200 %: what sits side by side at 100 % goes one under the other."""
    return _display.scale >= 1.5


def text_px(size: int) -> int:
    """Scaled Dzongkha text; text that is already very large grows only up to 120 px, so a
    lesson's big letters still fit the screen at 200 %."""
    return max(size, min(_display.px(size), 120))


def dz_font(size: int) -> QFont:
    """The Dzongkha font at ``size`` px (at 100 %), scaled like ``text_px``."""
    return dzongkha_font(text_px(size))


STYLESHEET = make_stylesheet()


def current_stylesheet() -> str:
    """The stylesheet for the display in force: for a window of its own (a dialog without a
    parent, a message box shown before the main window has its settings)."""
    return make_stylesheet(_display.scale, _display.high_contrast)


def set_property(widget: QWidget, name: str, value: object) -> None:
    """Change a property the stylesheet selects on (role, wrong…) and restyle at once."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def set_role(widget: QWidget, role: str) -> None:
    """Give a label another style role (good, gentle, error…)."""
    set_property(widget, "role", role)


def wrapped(text: str, width: int = 440, font_size: int = 20) -> str:
    """``text`` broken into lines at most ``width`` px wide (both at 100 %) in the font of a
    ``font_size`` px button: a push button never wraps its text itself, and a long one would
    push the window wider than the screen at 200 %."""
    font = QFont(QApplication.font())
    font.setPixelSize(px(font_size))
    metrics = QFontMetrics(font)

    def fill(limit: int) -> list[str]:
        lines: list[str] = []
        for word in text.split(" "):
            if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= limit:
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines

    lines = fill(px(width))
    limit = metrics.horizontalAdvance(text) // len(lines)  # as even as the words allow
    while len(fill(limit)) > len(lines):
        limit += metrics.averageCharWidth()
    return "\n".join(fill(limit))


def card_style() -> str:
    """A lesson card; in high contrast a white outline keeps the black card visible."""
    p = _display.palette
    edge = f" border: {px(2)}px solid {p.border};" if _display.high_contrast else ""
    return f"QFrame#card {{ background: {p.card}; border-radius: {px(16)}px;{edge} }}"


def tile_style(font_size: int = 20, checked_width: int = 4) -> str:
    """A picture tile (QToolButton): a thick outline when chosen or focused."""
    p = _display.palette
    return (
        f"QToolButton {{ font-size: {px(font_size)}px; background: {p.button}; color: {p.text};"
        f" border: {px(2)}px solid {p.border}; border-radius: {px(14)}px; }}"
        f" QToolButton:hover, QToolButton:checked"
        f" {{ border: {px(checked_width)}px solid {p.accent}; }}"
        f" QToolButton:focus {{ border: {px(5)}px solid {p.focus}; }}"
        f" QToolButton:disabled {{ color: {p.disabled}; border-color: {p.disabled_border}; }}"
    )


def clear_layout(layout: QLayout) -> None:
    """Empty a layout that is refilled (a new learner list, the next question, the next form
    page): widgets are hidden at once and deleted, nested layouts emptied too."""
    while layout.count():
        item = layout.takeAt(0)
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()  # first: a shown widget without a parent would be a window, and
            widget.setParent(None)  # could take the keyboard focus from the screen
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)


def button(text: str, primary: bool = False, parent: QWidget | None = None) -> QPushButton:
    b = QPushButton(text, parent)
    b.setProperty("primary", primary)
    b.setMinimumHeight(max(56, space(56)))
    return b


def enter_presses_buttons(screen: QWidget) -> None:
    """On this screen Enter presses whichever push button has the focus, as Space does (in a
    lesson Enter always means Next, so lessons do not use this)."""
    for b in screen.findChildren(QPushButton):
        b.setAutoDefault(True)


def label(text: str, role: str = "", parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    if role:
        lab.setProperty("role", role)
    lab.setWordWrap(True)
    return lab


def dzongkha_label(text: str, pixel_size: int, parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    lab.setFont(dz_font(pixel_size))
    return lab


def side_by_side() -> QBoxLayout:
    """A row at 100 %; a column at 150 % and 200 %, where the two sides would not both fit
    the width of a 1280 px window."""
    return QBoxLayout(
        QBoxLayout.Direction.TopToBottom if large_text() else QBoxLayout.Direction.LeftToRight
    )


class _VerticalScroll(QScrollArea):
    """Scrolls up and down only, so it is never narrower than what it holds: a window or
    dialog keeps its content's minimum width, and nothing is cut off at the side."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = super().minimumSizeHint()
        inner = self.widget()
        if inner is not None:
            bar = self.verticalScrollBar().sizeHint().width()
            least = inner.minimumSizeHint().expandedTo(inner.minimumSize())
            width = least.width() + bar + 2 * self.frameWidth()
            hint.setWidth(max(hint.width(), width))
        return hint


def scroll_area(inner: QWidget) -> QScrollArea:
    """``inner`` in a frameless area that scrolls up and down, never sideways: what grows at
    200 % text scrolls instead of pushing the window past the screen."""
    area = _VerticalScroll()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(inner)
    return area
