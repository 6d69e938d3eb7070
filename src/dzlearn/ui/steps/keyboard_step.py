"""Type a letter, syllable or word on the Dzongkha keyboard, by physical key position."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QVBoxLayout

from dzlearn.i18n import _
from dzlearn.learning.course import cluster_bounds
from dzlearn.learning.typing import Outcome, TypingExercise
from dzlearn.lessons.steps import KeyboardStep
from dzlearn.script.keyboard import char_for, keystrokes_for, label_for
from dzlearn.ui.keymap import dzongkha_char_from_event
from dzlearn.ui.steps.base import StepContext, StepView
from dzlearn.ui.steps.text_steps import BIG_PX
from dzlearn.ui.style import dzongkha_label, label, palette, space
from dzlearn.ui.widgets.keyboard import DzongkhaKeyboard


class KeyboardStepView(StepView):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.big = dzongkha_label("", BIG_PX)
        self.big.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.big.setTextFormat(Qt.TextFormat.RichText)
        self.big.setWordWrap(True)  # long phrases break at a tsheg, never widen the window
        self.big.setMinimumHeight(space(150))
        layout.addWidget(self.big)
        self.sound = label("", "heading")
        self.sound.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.sound)
        self.keyboard = DzongkhaKeyboard()
        self.keyboard.key_clicked.connect(lambda code, shift: self.type_char(char_for(code, shift)))
        layout.addWidget(self.keyboard, 1)
        self.exercise: TypingExercise | None = None

    def show_step(self, step: KeyboardStep, context: StepContext) -> None:
        self.exercise = TypingExercise(step.target)
        self.sound.setText(step.sound)
        self._refresh()

    def key_pressed(self, event: QKeyEvent) -> bool:
        char = dzongkha_char_from_event(event)
        if char:
            self.type_char(char)
        return bool(char)

    def type_char(self, char: str) -> None:
        if self.exercise is None or self.exercise.done:
            return
        outcome = self.exercise.feed(char)
        if outcome is Outcome.WRONG:
            self.feedback.emit(_("Not quite. Try the yellow key."), "gentle")
        elif outcome is Outcome.CORRECT:
            self.feedback.emit(_("Good!"), "good")
        self._refresh()
        if outcome is Outcome.DONE:
            self.feedback.emit(_("Well done!"), "good")
            ex = self.exercise
            mistakes = sum(ex.mistakes.values())
            self.completed.emit(
                {
                    "target": ex.target,
                    "keystrokes": ex.keystrokes,
                    "mistakes": mistakes,
                    "missed": dict(ex.mistakes),
                    "correct": mistakes == 0,
                    "score": round(ex.accuracy, 4),
                }
            )

    def _refresh(self) -> None:
        ex = self.exercise
        if ex is None:
            return
        # Colour whole letter clusters only: a colour change inside a stack breaks it apart.
        split = cluster_bounds(ex.target, ex.position)[0] if not ex.done else len(ex.target)
        done = html.escape(ex.target[:split])
        rest = html.escape(ex.target[split:])
        self.big.setText(f'<span style="color:{palette().good}">{done}</span>{rest}')
        expected = ex.expected
        stroke = keystrokes_for(expected)[0] if expected else None
        self.keyboard.set_highlight(stroke)
        if stroke is not None and ex.position == 0 and not ex.keystrokes:
            hint = _("On an English keyboard: {key}").format(key=label_for(stroke))
            self.feedback.emit(hint, "hint")
