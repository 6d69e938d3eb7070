"""Choose the right picture, sound or word; a quiz is several such questions in a row.

A wrong pick is greyed out with a gentle word, and the learner tries again: the step always ends
on the right answer, and the result records whether it was found at the first try.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QToolButton, QVBoxLayout, QWidget

from dzlearn.i18n import _
from dzlearn.lessons.audio import AudioState
from dzlearn.lessons.steps import Choice, ChooseStep, QuizQuestion, QuizStep
from dzlearn.ui.fonts import dzongkha_font
from dzlearn.ui.steps.base import StepContext, StepView
from dzlearn.ui.style import clear_layout, dzongkha_label, label

NEXT_QUESTION_MS = 900
TILE_STYLE = (
    "QToolButton { background: white; border: 3px solid #c9c2b1; border-radius: 16px;"
    " padding: 8px; } QToolButton:hover { border-color: #a4472c; }"
    " QToolButton:disabled { background: #eeeae0; color: #9a9a9a; }"
    ' QToolButton[right="true"] { border: 5px solid #1e7b34; background: #e8f5ea; }'
)


class ChoiceGrid(QWidget):
    """Big tiles, one per choice; ``picked`` is called with the choice id."""

    def __init__(self, picked) -> None:  # noqa: ANN001 - a callable
        super().__init__()
        self._picked = picked
        self._grid = QGridLayout(self)
        self._grid.setSpacing(20)
        self.tiles: dict[str, QToolButton] = {}

    def show_choices(self, choices: list[Choice], context: StepContext) -> None:
        clear_layout(self._grid)
        self.tiles = {}
        columns = 3 if len(choices) > 4 else min(len(choices), 4)
        for i, choice in enumerate(choices):
            tile = QToolButton()
            tile.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tile.setStyleSheet(TILE_STYLE)
            tile.setMinimumSize(QSize(200, 150))
            tile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            if choice.picture:
                pictures = (
                    context.pack_pictures
                    if _has(context.pack_pictures, choice.picture)
                    else context.pictures
                )
                tile.setIcon(pictures.icon(choice.picture, 120))
                tile.setIconSize(QSize(120, 120))
            if choice.text:
                tile.setText(choice.text.dz)
                tile.setFont(dzongkha_font(44))
                tile.setToolTip(choice.text.en)
            if choice.sound and not choice.text and not choice.picture:
                tile.setText(_("Listen {n}").format(n=i + 1))
            tile.setAccessibleName(choice.text.en if choice.text else choice.id)
            tile.clicked.connect(lambda _=False, c=choice: self._on_click(c, context))
            self.tiles[choice.id] = tile
            self._grid.addWidget(tile, i // columns, i % columns)

    def _on_click(self, choice: Choice, context: StepContext) -> None:
        if choice.sound is not None:
            audio = context.audio.lookup(choice.sound)
            if audio.state is AudioState.RECORDED and audio.path is not None:
                context.player.play(audio.path)
        self._picked(choice.id)

    def mark(self, choice_id: str, right: bool) -> None:
        tile = self.tiles[choice_id]
        if right:
            tile.setProperty("right", True)
            tile.style().unpolish(tile)
            tile.style().polish(tile)
            for other in self.tiles.values():
                other.setEnabled(other is tile)
        else:
            tile.setEnabled(False)


def _has(pictures, name: str) -> bool:  # noqa: ANN001
    return pictures is not None and name in pictures.names


class _Question:
    """One choose-the-answer round: counts misses until the right choice is picked."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.misses: list[str] = []
        self.done = False


class ChooseStepView(StepView):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.question = dzongkha_label("", 40)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        self.question_en = label("", "hint")
        self.question_en.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.question_en)
        self.grid = ChoiceGrid(self.pick)
        layout.addWidget(self.grid, 1)
        self.counter = label("", "hint")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.counter)
        self._questions: list[QuizQuestion | ChooseStep] = []
        self._results: list[_Question] = []
        self._context: StepContext | None = None

    def show_step(self, step: ChooseStep | QuizStep, context: StepContext) -> None:
        self._context = context
        self._questions = list(step.questions) if isinstance(step, QuizStep) else [step]
        self._results = []
        self._next_question()

    @property
    def current(self) -> _Question:
        return self._results[-1]

    def _next_question(self) -> None:
        assert self._context is not None
        q = self._questions[len(self._results)]
        self._results.append(_Question(q.answer))
        is_quiz = len(self._questions) > 1 or isinstance(q, QuizQuestion)
        self.question.setText(q.prompt.text.dz if is_quiz else "")
        self.question.setVisible(is_quiz)
        self.question_en.setText(q.prompt.text.en if is_quiz else "")
        self.counter.setText(
            _("Question {n} of {total}").format(n=len(self._results), total=len(self._questions))
            if len(self._questions) > 1
            else ""
        )
        self.grid.show_choices(q.choices, self._context)

    def pick(self, choice_id: str) -> None:
        if not self._results or self.current.done:
            return
        q = self._questions[len(self._results) - 1]
        if choice_id != self.current.answer:
            self.current.misses.append(choice_id)
            self.grid.mark(choice_id, right=False)
            self.feedback.emit(
                _("Not this one. Look and listen again, then try another."), "gentle"
            )
            return
        self.current.done = True
        self.grid.mark(choice_id, right=True)
        explain = q.explain.en if q.explain else ""
        self.feedback.emit((_("Yes, that's right!") + " " + explain).strip(), "good")
        if len(self._results) < len(self._questions):
            QTimer.singleShot(NEXT_QUESTION_MS, self._next_question)
            return
        self.completed.emit(self._result())

    def _result(self) -> dict[str, Any]:
        first_try = sum(1 for r in self._results if not r.misses)
        return {
            "questions": len(self._results),
            "first_try": first_try,
            "mistakes": sum(len(r.misses) for r in self._results),
            "missed": {r.answer: r.misses for r in self._results if r.misses},
            "correct": first_try == len(self._results),
            "score": round(first_try / len(self._results), 4),
        }
