"""Choose the right picture, sound or word; a quiz is several such questions in a row.

A wrong pick is greyed out with a gentle word, and the learner tries again: the step always ends
on the right answer, and the result records whether it was found at the first try.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QToolButton, QVBoxLayout, QWidget

from dzlearn.i18n import _, digits
from dzlearn.lessons.audio import AudioState
from dzlearn.lessons.steps import Choice, ChooseStep, QuizQuestion, QuizStep
from dzlearn.ui.steps.base import PromptListener, StepContext, StepView
from dzlearn.ui.style import (
    clear_layout,
    display,
    dz_font,
    dzongkha_label,
    label,
    palette,
    px,
    space,
)
from dzlearn.ui.widgets.tiles import Tile

NEXT_QUESTION_MS = 900
TILE_W, TILE_H, PICTURE = 200, 150, 120  # px at 100 %; they grow half as fast as text
TILES_WIDTH = 1100  # px a 1280 px window leaves for a row of tiles, beside margins


def tile_style() -> str:
    """Answer tiles: the focus ring and the right answer's green outline stay visible in high
    contrast; a wrong pick is greyed out."""
    p = palette()
    return (
        f"QToolButton {{ background: {p.button}; color: {p.text}; border: {px(3)}px solid"
        f" {p.border}; border-radius: {space(16)}px; padding: {space(8)}px; }}"
        f" QToolButton:hover {{ border-color: {p.accent}; }}"
        f" QToolButton:focus {{ border: {px(5)}px solid {p.focus}; }}"
        f" QToolButton:disabled {{ background: {p.bar_bg}; color: {p.disabled};"
        f" border-color: {p.disabled_border}; }}"
        f' QToolButton[right="true"] {{ border: {px(5)}px solid {p.good};'
        f" background: {p.right_bg}; }}"
    )


def grid_columns(count: int) -> int:
    """Up to four tiles a row at 100 %, three at 150 % and 200 %: never wider than the window."""
    most = 4 if display().scale < 1.5 else 3
    return 3 if count > most else count


class ChoiceGrid(QWidget):
    """Big tiles, one per choice; ``picked`` is called with the choice id."""

    def __init__(self, picked) -> None:  # noqa: ANN001 - a callable
        super().__init__()
        self._picked = picked
        self._grid = QGridLayout(self)
        self._grid.setSpacing(space(20))
        self.tiles: dict[str, QToolButton] = {}
        self._group = QButtonGroup(self)  # arrow keys move between the tiles, as on a grid
        self._group.setExclusive(False)
        self._done = False

    def show_choices(self, choices: list[Choice], context: StepContext) -> None:
        for old in self._group.buttons():
            self._group.removeButton(old)
        clear_layout(self._grid)
        self.tiles = {}
        style = tile_style()
        for i, choice in enumerate(choices):
            tile = Tile(passes_enter=lambda: self._done)
            # Tab reaches the tiles, Enter or Space picks; a click leaves the focus where it was
            # (typing keys belong to the lesson).
            tile.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            tile.setStyleSheet(style)
            tile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            if choice.picture:
                pictures = (
                    context.pack_pictures
                    if _has(context.pack_pictures, choice.picture)
                    else context.pictures
                )
                tile.setIcon(pictures.icon(choice.picture, space(PICTURE)))
                tile.setIconSize(QSize(space(PICTURE), space(PICTURE)))
            if choice.text:
                tile.setText(choice.text.dz)
                tile.setFont(dz_font(44))
                tile.setToolTip(choice.text.en)
            if choice.sound and not choice.text and not choice.picture:
                tile.setText(_("Listen {n}").format(n=digits(i + 1)))
            tile.setAccessibleName(choice.text.en if choice.text else choice.id)
            tile.clicked.connect(lambda _=False, c=choice: self._on_click(c, context))
            self.tiles[choice.id] = tile
            self._group.addButton(tile)
        widest = 0
        for tile in self.tiles.values():
            tile.ensurePolished()  # the stylesheet's padding counts in its size
            tile.setMinimumSize(tile.sizeHint().expandedTo(QSize(space(TILE_W), space(TILE_H))))
            widest = max(widest, tile.minimumWidth())
        # Long Dzongkha answers at 200 % take fewer columns, never a window wider than 1280 px
        fit = max(1, TILES_WIDTH // (widest + self._grid.spacing()))
        columns = min(grid_columns(len(choices)), fit)
        for i, tile in enumerate(self.tiles.values()):
            self._grid.addWidget(tile, i // columns, i % columns)
        self._done = False

    def _on_click(self, choice: Choice, context: StepContext) -> None:
        if choice.sound is not None:
            audio = context.audio.lookup(choice.sound)
            if audio.state is AudioState.RECORDED and audio.path is not None:
                context.player.play(audio.path)
        self._picked(choice.id)

    def mark(self, choice_id: str, right: bool) -> None:
        tile = self.tiles[choice_id]
        if right:
            self._done = True  # Enter on the right tile now means Next
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
        self.listener = PromptListener()  # each quiz question has its own recording
        layout.addWidget(self.listener)
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
        self.listener.setVisible(is_quiz)
        if is_quiz:  # the first question's recording would cut the step's own instruction
            self.listener.show_prompt(q.prompt, self._context, autoplay=len(self._results) > 1)
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
