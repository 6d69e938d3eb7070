"""An on-screen DDC keyboard: shows where each letter is, highlights the next key, and can be
clicked or touched to type (for learners more at ease with a pointer than with keys)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from dzlearn.script.keyboard import KEYS, LATIN_LABELS, SPACE_CODE, TSHEG, Keystroke
from dzlearn.ui.fonts import DZONGKHA_FAMILY
from dzlearn.ui.style import display

ROW_OFFSETS = (0.0, 1.5, 1.8, 2.3)  # in key widths, like a real keyboard's stagger
ROW_UNITS = 15.0
SHIFT = "Shift"

HIGHLIGHT = QColor("#f6c945")
KEY_FACE = QColor("#ffffff")
KEY_EDGE = QColor("#8a8f98")
SHIFT_ON = QColor("#b7d7f5")


@dataclass(frozen=True)
class _Cap:
    code: str
    rect: QRectF
    label: str
    latin: str


class DzongkhaKeyboard(QWidget):
    key_clicked = Signal(str, bool)  # physical code, shift

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(600, 250)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._highlight: Keystroke | None = None
        self._shift_latched = False
        self._caps: list[_Cap] = []

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(900, 300)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return int(width / ROW_UNITS * 5.2)

    def set_highlight(self, stroke: Keystroke | None) -> None:
        self._highlight = stroke
        self.update()

    @property
    def highlighted(self) -> Keystroke | None:
        return self._highlight

    def _layout(self) -> list[_Cap]:
        unit = min(self.width() / ROW_UNITS, self.height() / 5.2)
        gap = unit * 0.08
        left = (self.width() - unit * ROW_UNITS) / 2
        caps: list[_Cap] = []
        for key in KEYS:
            x = left + (ROW_OFFSETS[key.row] + key.col) * unit
            y = key.row * unit
            rect = QRectF(x + gap, y + gap, unit - 2 * gap, unit - 2 * gap)
            caps.append(_Cap(key.code, rect, key.base, LATIN_LABELS[key.code]))
        shift_rect = QRectF(left + gap, 3 * unit + gap, 2.3 * unit - 2 * gap, unit - 2 * gap)
        caps.append(_Cap(SHIFT, shift_rect, "", SHIFT))
        space_rect = QRectF(
            left + 4 * unit + gap, 4 * unit + gap, 7 * unit - 2 * gap, unit - 2 * gap
        )
        caps.append(_Cap(SPACE_CODE, space_rect, TSHEG, "Space"))
        return caps

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        self._caps = self._layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        want = self._highlight
        shift_wanted = bool(want and want.shift)
        # The Latin key names grow with the text size, as far as a key leaves room for them.
        latin = min(0.2 * display().scale, 0.34)
        for cap in self._caps:
            if cap.code == SHIFT:
                lit = shift_wanted or self._shift_latched
                face = HIGHLIGHT if shift_wanted else (SHIFT_ON if lit else KEY_FACE)
            else:
                face = HIGHLIGHT if want is not None and want.code == cap.code else KEY_FACE
            painter.setPen(QPen(KEY_EDGE, 1.5))
            painter.setBrush(face)
            painter.drawRoundedRect(cap.rect, 6, 6)
            small = QFont(self.font())
            small.setPixelSize(max(9, int(cap.rect.height() * latin)))
            painter.setFont(small)
            painter.setPen(QColor("#5b6270"))
            painter.drawText(cap.rect.topLeft() + QPointF(4, small.pixelSize() + 2), cap.latin)
            if cap.label:
                big = QFont()
                big.setFamilies([DZONGKHA_FAMILY])
                big.setPixelSize(int(cap.rect.height() * 0.5))
                painter.setFont(big)
                painter.setPen(QColor("#1b1f27"))
                painter.drawText(cap.rect, Qt.AlignmentFlag.AlignCenter, cap.label)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        caps = self._caps or self._layout()
        for cap in caps:
            if cap.rect.contains(event.position()):
                if cap.code == SHIFT:
                    self._shift_latched = not self._shift_latched
                    self.update()
                else:
                    shift = self._shift_latched
                    self._shift_latched = False
                    self.update()
                    self.key_clicked.emit(cap.code, shift)
                return

    def cap_rect(self, code: str) -> QRectF:
        """Where a key is drawn (tests click it like a learner would)."""
        return next(c.rect for c in (self._caps or self._layout()) if c.code == code)
