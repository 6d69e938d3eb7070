"""Keyboard helpers for the trainer: a heat-map keyboard, a keystroke replay, and how to show a
single Dzongkha character (a vowel sign or subjoined letter alone needs a dotted circle)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, QPoint, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap, QRegion
from PySide6.QtWidgets import QWidget

from dzlearn.script import letters as L
from dzlearn.script.keyboard import SPACE_CODE, Keystroke, label_for
from dzlearn.ui.widgets.keyboard import HIGHLIGHT, SHIFT, SHIFT_ON, DzongkhaKeyboard

DOTTED_CIRCLE = "\u25cc"
WEAK = QColor("#f2a79b")  # confidence 0: soft red, not alarming
MIDDLE = QColor("#f8d57e")  # confidence 0.5
STRONG = QColor("#93d3a2")  # confidence ≥ 1: at the target speed

_QT_KEYS: dict[str, Qt.Key] = {
    "Backquote": Qt.Key.Key_QuoteLeft, "Minus": Qt.Key.Key_Minus, "Equal": Qt.Key.Key_Equal,
    "BracketLeft": Qt.Key.Key_BracketLeft, "BracketRight": Qt.Key.Key_BracketRight,
    "Backslash": Qt.Key.Key_Backslash, "Semicolon": Qt.Key.Key_Semicolon,
    "Quote": Qt.Key.Key_Apostrophe, "Comma": Qt.Key.Key_Comma, "Period": Qt.Key.Key_Period,
    "Slash": Qt.Key.Key_Slash, "Space": Qt.Key.Key_Space,
}  # fmt: skip


def qt_key_for(code: str) -> Qt.Key:
    """The Qt key a physical key sends on a US layout (scripts and tests drive the trainer
    with it, as a learner's keyboard would)."""
    if code.startswith("Key"):
        return getattr(Qt.Key, f"Key_{code[3:]}")
    if code.startswith("Digit"):
        return getattr(Qt.Key, f"Key_{code[5:]}")
    return _QT_KEYS[code]


def shown_char(ch: str) -> str:
    """A character as it can be shown alone: a sign written on a letter gets a dotted circle
    (◌ྐ), the tsheg and the space get their names."""
    if ch == L.TSHEG:
        return "་ (tsheg)"
    if ch == " ":
        return "space"
    if L.is_subjoined_letter(ch) or ch in L.VOWELS or ch == L.A_CHUNG:
        return DOTTED_CIRCLE + ch
    return ch


def key_name(stroke: Keystroke) -> str:
    """What to press, named as on an English keyboard ("Shift + Q", "Space bar")."""
    if stroke.code == SPACE_CODE:
        return "Shift + Space bar" if stroke.shift else "Space bar"
    return label_for(stroke).replace("Shift+", "Shift + ")


def heat_colour(confidence: float) -> QColor:
    """Three plain steps, as the legend names them: not yet steady (< 0.5), getting there,
    at the target speed (≥ 1). Only a key at the target is green."""
    if confidence >= 1.0 - 1e-9:
        return QColor(STRONG)
    return QColor(MIDDLE if confidence >= 0.5 else WEAK)


class FastKeyboard(DzongkhaKeyboard):
    """The DDC keyboard drawn once into a pixmap; lighting a key then repaints a pixmap and a
    tint or two, not fifty keys of text (the base widget's paint, on every keystroke).

    Tints (the lit key, Shift, the heat map) are multiplied onto the key faces, so the letters
    stay as dark and sharp as ever.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heat: dict[str, float] = {}
        self._face: QPixmap | None = None
        self._face_key: tuple[int, int, float] | None = None
        self._drawing_face = False
        self._face_pending = False

    def set_heat(self, heat: Mapping[str, float]) -> None:
        self.heat = dict(heat)
        self.update()

    def colour_of(self, code: str) -> QColor | None:
        """The heat tint on a key (None: never typed, left white)."""
        return heat_colour(self.heat[code]) if code in self.heat else None

    def _tints(self, lit_too: bool = True) -> list[tuple[str, QColor]]:
        tints = [(code, heat_colour(c)) for code, c in self.heat.items()]
        lit = self.highlighted
        if lit_too and lit is not None:
            tints.append((lit.code, HIGHLIGHT))
            if lit.shift:
                tints.append((SHIFT, HIGHLIGHT))
        if lit_too and getattr(self, "_shift_latched", False) and not (lit and lit.shift):
            tints.append((SHIFT, SHIFT_ON))
        return tints

    def _face_size(self) -> tuple[int, int, float]:
        return (self.width(), self.height(), self.devicePixelRatioF())

    def _build_face(self) -> None:
        """Draw the plain keyboard into the pixmap (never from inside a paint event)."""
        self._face_pending = False
        if not self.isVisible() or self._face_key == self._face_size():
            return
        ratio = self.devicePixelRatioF()
        face = QPixmap(self.size() * ratio)
        face.setDevicePixelRatio(ratio)
        face.fill(Qt.GlobalColor.transparent)
        lit, latched = self.highlighted, getattr(self, "_shift_latched", False)
        self._highlight, self._shift_latched = None, False
        self._drawing_face = True
        try:
            self.render(face, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
        finally:
            self._drawing_face = False
            self._highlight, self._shift_latched = lit, latched
        self._face, self._face_key = face, self._face_size()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        fresh = self._face is not None and self._face_key == self._face_size()
        if self._drawing_face or not fresh:
            super().paintEvent(event)  # the slow way, this once
            if not self._drawing_face:
                self._tint(self._tints(lit_too=False))
                if not self._face_pending:
                    self._face_pending = True
                    QTimer.singleShot(0, self, self._build_face)
            return
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._face)
        painter.end()
        self._tint(self._tints())

    def _tint(self, tints: list[tuple[str, QColor]]) -> None:
        if not tints:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        painter.setPen(Qt.PenStyle.NoPen)
        for code, colour in tints:
            painter.setBrush(colour)
            rect: QRectF = self.cap_rect(code)
            painter.drawRoundedRect(rect.adjusted(1, 1, -1, -1), 6, 6)
        painter.end()


class HeatKeyboard(FastKeyboard):
    """The keyboard of "My progress": each key tinted by the learner's confidence on it."""


class KeyReplay(QObject):
    """Shows, one after the other, the keys that type a text: each is lit on the keyboard for
    a moment, with what has been typed so far."""

    stepped = Signal(str, object)  # text typed so far, the keystroke now lit (None: finished)
    STEP_MS = 900

    def __init__(self, keyboard: DzongkhaKeyboard, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keyboard = keyboard
        self._timer = QTimer(self)
        self._timer.setInterval(self.STEP_MS)
        self._timer.timeout.connect(self._step)
        self._text = ""
        self._strokes: Sequence[Keystroke] = ()
        self._n = 0

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def start(self, text: str, strokes: Sequence[Keystroke]) -> None:
        self._text, self._strokes, self._n = text, list(strokes), 0
        self._step()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._keyboard.set_highlight(None)

    def _step(self) -> None:
        if self._n >= len(self._strokes):
            self.stop()
            self.stepped.emit(self._text, None)
            return
        stroke = self._strokes[self._n]
        self._keyboard.set_highlight(stroke)
        self.stepped.emit(self._text[: self._n], stroke)
        self._n += 1
