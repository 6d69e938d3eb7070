"""Listening and reading: nothing to get wrong, the learner moves on with Next."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from dzlearn.i18n import _
from dzlearn.lessons.steps import ListenStep, ReadStep
from dzlearn.ui.steps.base import StepContext, StepView
from dzlearn.ui.style import button, dzongkha_label, label, space

BIG_PX = 132


class TextStepView(StepView):
    passive = True

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.big = dzongkha_label("", BIG_PX)
        self.big.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.big.setTextFormat(Qt.TextFormat.RichText)
        self.big.setWordWrap(True)  # long phrases break at a tsheg, never widen the window
        self.big.setMinimumHeight(space(160))
        layout.addWidget(self.big, 1)
        self.sound = label("", "heading")
        self.sound.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.sound)
        self.meaning = label("", "hint")
        self.meaning.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.meaning)
        self.reveal = button(_("How does it sound? What does it mean?"))
        self.reveal.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab, then Space; Enter is Next
        self.reveal.clicked.connect(self._reveal)
        layout.addWidget(self.reveal, 0, Qt.AlignmentFlag.AlignCenter)
        self._revealed = False
        self._step: ListenStep | ReadStep | None = None

    def show_step(self, step: ListenStep | ReadStep, context: StepContext) -> None:
        self._step = step
        self._revealed = False
        if isinstance(step, ReadStep):
            self.big.setText(html.escape(step.text.dz))
            self.reveal.show()
        else:
            self.big.setText(html.escape(step.show))
            self.reveal.hide()
        self.sound.setText("")
        self.meaning.setText("")

    def _reveal(self) -> None:
        if isinstance(self._step, ReadStep):
            self._revealed = True
            self.sound.setText(self._step.sound)
            self.meaning.setText(self._step.text.en)

    def passive_result(self) -> dict[str, object]:
        return {"revealed": self._revealed} if isinstance(self._step, ReadStep) else {}
