"""Type Latin letters by sound, see Dzongkha candidates, pick one (1–9, Space, or a click)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dzlearn.ime.engine import Candidate
from dzlearn.ui.style import clear_layout, dz_font, palette, px, space

MAX_SHOWN = 6  # the issue allows 1–9; six stay readable and fit the window
COLUMNS = 2
CANDIDATE_PX = 26


def candidate_style() -> str:
    """A candidate button: a number to press and a Dzongkha spelling to click."""
    p = palette()
    return (
        f"QToolButton {{ background: {p.button}; color: {p.text}; border: {px(2)}px solid"
        f" {p.border}; border-radius: {space(12)}px; padding: {space(6)}px {space(12)}px; }}"
        f" QToolButton:hover {{ border-color: {p.accent}; }}"
    )


def composition_style() -> str:
    """The Latin composition is underlined, as in any input method."""
    return f"QLineEdit {{ font-size: {px(30)}px; text-decoration: underline; }}"


class SoundTypingBox(QWidget):
    """A Latin text box whose composition turns into Dzongkha candidates as the learner types.

    ``candidates_for`` returns the candidates for the text so far; ``chosen`` is emitted with
    (what was typed, the chosen candidate). Esc clears the composition.
    """

    chosen = Signal(str, object)

    def __init__(self, candidates_for: Callable[[str], list[Candidate]]) -> None:
        super().__init__()
        self._candidates_for = candidates_for
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit()
        self.edit.setMinimumHeight(space(60))
        self.edit.setStyleSheet(composition_style())
        self.edit.setPlaceholderText("kuzuzangpo la")
        self.edit.textChanged.connect(self.refresh)
        self.edit.installEventFilter(self)
        layout.addWidget(self.edit)
        self._bar = QGridLayout()  # rows of three: never wider than the window
        self._bar.setSpacing(space(10))
        bar_host = QWidget()
        bar_host.setLayout(self._bar)
        layout.addWidget(bar_host)
        self.shown: list[Candidate] = []
        self.buttons: list[QToolButton] = []

    def refresh(self) -> None:
        clear_layout(self._bar)
        self.buttons = []
        self.shown = self._candidates_for(self.edit.text())[:MAX_SHOWN]
        for i, candidate in enumerate(self.shown):
            b = QToolButton()
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setStyleSheet(candidate_style())
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setText(f"{i + 1}  {candidate.text}")
            b.setFont(dz_font(CANDIDATE_PX))
            b.setToolTip(f"{candidate.roman} — {candidate.gloss}".strip(" —"))
            b.clicked.connect(lambda _=False, n=i: self.pick(n))
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            b.setMinimumHeight(space(58))
            self.buttons.append(b)
            self._bar.addWidget(b, i // COLUMNS, i % COLUMNS)

    def pick(self, n: int) -> None:
        if 0 <= n < len(self.shown):
            typed = self.edit.text()
            self.chosen.emit(typed, self.shown[n])

    def clear(self) -> None:
        self.edit.clear()

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802 - Qt API
        if (
            watched is self.edit
            and isinstance(event, QKeyEvent)
            and event.type() == event.Type.KeyPress
        ):
            key, text = event.key(), event.text()
            if self.shown and text.isdigit() and text != "0":
                self.pick(int(text) - 1)
                return True
            if self.shown and key == Qt.Key.Key_Space:
                self.pick(0)
                return True
            if key == Qt.Key.Key_Escape and self.edit.text():
                self.edit.clear()
                return True
        return super().eventFilter(watched, event)
