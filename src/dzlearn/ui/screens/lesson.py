"""The lesson player: hear (or read) the prompt, see the letter large, type it, get feedback.

Every completed step is saved as an event before the learner moves on, so a closed window or a
crash never costs more than the step in hand. A failed save is shown and retried; nothing is lost.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QStyle, QVBoxLayout, QWidget

from dzlearn.i18n import _
from dzlearn.learning.typing import Outcome, TypingExercise
from dzlearn.lessons.audio import AudioState
from dzlearn.lessons.models import KeyboardStep, Lesson, Pack
from dzlearn.script.keyboard import char_for, keystrokes_for, label_for
from dzlearn.services import Services
from dzlearn.storage import Learner
from dzlearn.ui.audio import PromptPlayer
from dzlearn.ui.keymap import dzongkha_char_from_event
from dzlearn.ui.style import button, dzongkha_label, label
from dzlearn.ui.tasks import TaskRunner
from dzlearn.ui.widgets.keyboard import DzongkhaKeyboard

BIG_PX = 132
AUDIO_NOTES = {
    AudioState.MISSING: "No recording yet — read the large letters below.",
    AudioState.STALE: "The recording is out of date and is not played — read the letters below.",
    AudioState.BROKEN: "The recording file is missing — read the letters below.",
}


class LessonScreen(QWidget):
    exit_requested = Signal()

    def __init__(self, services: Services, runner: TaskRunner, player: PromptPlayer) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self._services = services
        self._runner = runner
        self.player = player
        self.player.failed.connect(self._on_audio_failed)
        self._timer = QElapsedTimer()
        self.learner: Learner | None = None
        self.pack: Pack | None = None
        self.lesson: Lesson | None = None
        self.index = 0
        self.exercise: TypingExercise | None = None
        self.step_saved = False
        self.saving = False
        self.finished = False
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 18, 32, 18)
        top = QHBoxLayout()
        home = button(_("Home"))
        home.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        home.clicked.connect(self._leave)
        top.addWidget(home)
        self.title = dzongkha_label("", 30)
        top.addWidget(self.title)
        self.title_en = label("", "hint")
        top.addWidget(self.title_en, 1)
        self.step_label = label("", "hint")
        top.addWidget(self.step_label)
        outer.addLayout(top)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        outer.addWidget(self.bar)

        audio_row = QHBoxLayout()
        self.play = button(_("Listen"))
        self.play.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play.clicked.connect(self._play_prompt)
        audio_row.addWidget(self.play)
        self.audio_note = label("", "badge")
        audio_row.addWidget(self.audio_note, 1)
        outer.addLayout(audio_row)

        self.big = dzongkha_label("", BIG_PX)
        self.big.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.big.setTextFormat(Qt.TextFormat.RichText)
        self.big.setMinimumHeight(200)
        outer.addWidget(self.big)
        self.sound = label("", "heading")
        self.sound.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.sound)
        self.instruction = label("", "hint")
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.instruction)
        self.feedback = label("", "hint")
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.feedback)

        self.keyboard = DzongkhaKeyboard()
        self.keyboard.key_clicked.connect(self._on_screen_key)
        outer.addWidget(self.keyboard, 1)

        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.next = button(_("Next"), primary=True)
        self.next.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        self.next.setMinimumWidth(200)
        self.next.clicked.connect(self._advance)
        bottom.addWidget(self.next)
        outer.addLayout(bottom)
        for b in (home, self.play, self.next):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the lesson, not to buttons

    # -- flow -------------------------------------------------------------------------------
    def start(self, learner: Learner, pack: Pack, lesson: Lesson, index: int) -> None:
        self.learner, self.pack, self.lesson = learner, pack, lesson
        self.finished = False
        self.title.setText(lesson.title.dz)
        self.title_en.setText(lesson.title.en)
        self.bar.setRange(0, len(lesson.steps))
        self._show_step(index)
        self.setFocus()

    @property
    def step(self):  # noqa: ANN201 - a Step union
        assert self.lesson is not None
        return self.lesson.steps[self.index]

    def _show_step(self, index: int) -> None:
        assert self.lesson is not None
        self.index = index
        self.step_saved = False
        self.saving = False
        step = self.step
        self._timer.start()
        self.bar.setValue(index)
        self.step_label.setText(
            _("Step {n} of {total}").format(n=index + 1, total=len(self.lesson.steps))
        )
        self.instruction.setText(step.prompt.text.en)
        self._set_feedback("", "hint")
        if isinstance(step, KeyboardStep):
            self.exercise = TypingExercise(step.target)
            self.sound.setText(step.sound)
            self.next.setEnabled(False)
        else:
            self.exercise = None
            self.big.setText(html.escape(step.show))
            self.sound.setText("")
            self.next.setEnabled(True)
        self._refresh_typing()
        self._prepare_audio()

    def _prepare_audio(self) -> None:
        self.player.stop()
        audio = self._services.audio.lookup(self.step.prompt)
        self._audio = audio
        playable = audio.state is AudioState.RECORDED
        self.play.setEnabled(playable)
        note = _(AUDIO_NOTES[audio.state]) if not playable else ""
        if playable and audio.synthetic:
            note = _("Synthetic voice (placeholder, not a native speaker)")
        self.audio_note.setText(note)
        self.audio_note.setVisible(bool(note))
        if playable:
            self._play_prompt()

    def _play_prompt(self) -> None:
        if getattr(self, "_audio", None) and self._audio.path is not None:
            self.player.play(self._audio.path)

    def _on_audio_failed(self, message: str) -> None:
        self.audio_note.setText(_("The recording could not be played: {m}").format(m=message))
        self.audio_note.show()

    # -- typing -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.next.isEnabled():
                self._advance()
            return
        if event.key() == Qt.Key.Key_Escape:
            self._leave()
            return
        char = dzongkha_char_from_event(event)
        if char:
            self.type_char(char)
        else:
            super().keyPressEvent(event)

    def _on_screen_key(self, code: str, shift: bool) -> None:
        self.type_char(char_for(code, shift))

    def type_char(self, char: str) -> None:
        if self.exercise is None or self.exercise.done or self.finished:
            return
        outcome = self.exercise.feed(char)
        if outcome is Outcome.WRONG:
            self._set_feedback(_("Not quite. Try the yellow key."), "gentle")
        elif outcome is Outcome.CORRECT:
            self._set_feedback(_("Good!"), "good")
        elif outcome is Outcome.DONE:
            self._set_feedback(_("Well done!"), "good")
            self._save_step()
        self._refresh_typing()

    def _refresh_typing(self) -> None:
        ex = self.exercise
        if ex is None:
            self.keyboard.set_highlight(None)
            return
        done = html.escape(ex.typed)
        rest = html.escape(ex.target[ex.position :])
        self.big.setText(f'<span style="color:#1e7b34">{done}</span>{rest}')
        expected = ex.expected
        stroke = keystrokes_for(expected)[0] if expected else None
        self.keyboard.set_highlight(stroke)
        if stroke is not None and ex.position == 0 and not ex.keystrokes:
            hint = _("On an English keyboard: {key}").format(key=label_for(stroke))
            self._set_feedback(hint, "hint")

    def _set_feedback(self, text: str, role: str) -> None:
        self.feedback.setText(text)
        self.feedback.setProperty("role", role)
        self.feedback.style().unpolish(self.feedback)
        self.feedback.style().polish(self.feedback)

    # -- saving -----------------------------------------------------------------------------
    def _save_step(self, then_advance: bool = False) -> None:
        if self.saving:
            return
        assert self.learner and self.pack and self.lesson
        self.saving = True
        self.next.setEnabled(False)
        learner_id, pack, lesson = self.learner.learner_id, self.pack, self.lesson
        step_id, exercise, ms = self.step.id, self.exercise, int(self._timer.elapsed())
        progress = self._services.progress

        def done(_event: object) -> None:
            self.saving = False
            self.step_saved = True
            self.next.setEnabled(True)
            if then_advance:
                self._advance()

        self._runner.run(
            lambda: progress.record_step(learner_id, pack, lesson, step_id, exercise, ms),
            done,
            self._save_failed,
        )

    def _save_failed(self, error: BaseException) -> None:
        self.saving = False
        self.next.setEnabled(True)
        self._set_feedback(
            _("Your progress could not be saved: {error}. Press Next to try again.").format(
                error=error
            ),
            "error",
        )

    def _advance(self) -> None:
        if self.finished:
            self._leave()
            return
        if self.saving or self.lesson is None:
            return
        if not self.step_saved:
            if self.exercise is None or self.exercise.done:
                self._save_step(then_advance=True)
            return
        if self.index + 1 < len(self.lesson.steps):
            self._show_step(self.index + 1)
        else:
            self._complete_lesson()

    def _complete_lesson(self) -> None:
        assert self.learner and self.pack and self.lesson
        self.saving = True
        learner_id, pack, lesson = self.learner.learner_id, self.pack, self.lesson
        progress = self._services.progress

        def done(_event: object) -> None:
            self.saving = False
            self.finished = True
            self.bar.setValue(len(lesson.steps))
            self.exercise = None
            self._refresh_typing()
            self.big.setText(html.escape(lesson.title.dz))
            self.sound.setText(_("Lesson finished!"))
            self.audio_note.hide()
            self.play.setEnabled(False)
            self.instruction.setText(lesson.title.en)
            self._set_feedback(_("Well done. Press Next to go back to your lessons."), "good")
            self.next.setEnabled(True)

        self._runner.run(
            lambda: progress.record_lesson_completed(learner_id, pack, lesson),
            done,
            self._save_failed,
        )

    def stop_audio(self) -> None:
        self.player.stop()

    def _leave(self) -> None:
        self.player.stop()
        self.finished = False
        self.exit_requested.emit()
