"""Type a word by how it sounds, in Latin letters, and pick its Dzongkha spelling.

Each pick is checked against the step's target, word by word; a wrong pick is explained (what
was picked, what it means) and taken back. Every pick is also remembered by the learner's input
method, through the event log.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from dzlearn.i18n import _
from dzlearn.ime.engine import Candidate
from dzlearn.ime.explain import explain
from dzlearn.lessons.steps import TypeBySoundStep
from dzlearn.script.normalize import normalize
from dzlearn.ui.steps.base import StepContext, StepView
from dzlearn.ui.style import button, dzongkha_label, label, palette, space
from dzlearn.ui.widgets.candidates import SoundTypingBox

TSHEG = "་"
HINT_AFTER_MISSES = 2
WORD_PX = 88  # words and phrases, smaller than single letters (text_steps.BIG_PX)


def _clean(text: str) -> str:
    return normalize(text).strip().strip(TSHEG)


class TypeBySoundView(StepView):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.big = dzongkha_label("", WORD_PX)
        self.big.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.big.setTextFormat(Qt.TextFormat.RichText)
        self.big.setWordWrap(True)  # long phrases break at a tsheg, never widen the window
        self.big.setMinimumHeight(space(130))
        layout.addWidget(self.big)
        self.box = SoundTypingBox(self._candidates)
        self.box.chosen.connect(self.choose)
        layout.addWidget(self.box)
        self.hint_button = button(_("How does it sound?"))
        self.hint_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab, then Space
        self.hint_button.clicked.connect(self.show_hint)
        layout.addWidget(self.hint_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.why = label("", "hint")
        layout.addWidget(self.why)
        layout.addStretch(1)
        self._step: TypeBySoundStep | None = None
        self._context: StepContext | None = None
        self.committed: list[str] = []
        self.mistakes = 0
        self.hints = 0
        self.done = False

    def show_step(self, step: TypeBySoundStep, context: StepContext) -> None:
        self._step, self._context = step, context
        self.committed, self.mistakes, self.hints, self.done = [], 0, 0, False
        self.why.setText("")
        self.box.clear()
        self.box.edit.setEnabled(True)
        self._show_progress()
        self.box.edit.setFocus()

    def _candidates(self, typed: str) -> list[Candidate]:
        method = self._context.input_method if self._context else None
        return method.candidates(typed) if method is not None and typed.strip() else []

    def _show_progress(self) -> None:
        assert self._step is not None
        target = _clean(self._step.target)
        done = TSHEG.join(self.committed)
        rest = target[len(done) :]
        p = palette()
        self.big.setText(
            f'<span style="color:{p.good}">{html.escape(done)}</span>'
            f'<span style="color:{p.faint}">{html.escape(rest)}</span>'
        )

    def show_hint(self) -> None:
        if self._step is None or self.done:
            return
        self.hints += 1
        self.feedback.emit(_("Try typing: {sound}").format(sound=self._step.sound), "hint")

    def choose(self, typed: str, candidate: Candidate) -> None:
        if self._step is None or self.done or self._context is None:
            return
        if self._context.input_method is not None:
            self._context.input_method.record_choice(typed, candidate.text)
        if self._context.record_choice is not None:
            self._context.record_choice(typed, candidate.text)
        target = _clean(self._step.target)
        attempt = TSHEG.join([*self.committed, _clean(candidate.text)])
        self.box.clear()
        if attempt == target or target.startswith(attempt + TSHEG):
            self.committed.append(_clean(candidate.text))
            self.why.setText("\n".join(explain(candidate.text)))
            self._show_progress()
            if attempt == target:
                self._finish()
            else:
                self.feedback.emit(_("Good! Now the next word."), "good")
            return
        self.mistakes += 1
        meaning = f" ({candidate.gloss})" if candidate.gloss else ""
        self.feedback.emit(
            _("That spells {text}{meaning}. Listen again and try another.").format(
                text=candidate.text, meaning=meaning
            ),
            "gentle",
        )
        if self.mistakes >= HINT_AFTER_MISSES:
            self.show_hint()

    def _finish(self) -> None:
        assert self._step is not None
        self.done = True
        self.box.edit.setEnabled(False)
        self.feedback.emit(_("Well done!"), "good")
        self.completed.emit(
            {
                "target": self._step.target,
                "mistakes": self.mistakes,
                "hints": self.hints,
                "correct": self.mistakes == 0,
                "independent": self.mistakes == 0 and self.hints == 0,
                "score": round(1 / (1 + self.mistakes), 4),
            }
        )
