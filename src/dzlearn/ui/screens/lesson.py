"""The lesson player: hear (or read) each prompt, do the step, get feedback, move on.

Every completed step is saved as an event before the learner moves on, so a closed window or a
crash never costs more than the step in hand. A failed save is shown and retried; nothing is lost.
Each kind of step has its own view (ui/steps); this screen hosts them and owns the flow.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _, digits
from dzlearn.lessons.audio import AudioState
from dzlearn.lessons.models import Lesson, Pack
from dzlearn.services import Services
from dzlearn.storage import Learner
from dzlearn.ui.audio import PromptPlayer
from dzlearn.ui.steps.base import StepContext, StepView, audio_note
from dzlearn.ui.steps.choice_steps import ChooseStepView
from dzlearn.ui.steps.eservice_step import EServiceStepView
from dzlearn.ui.steps.keyboard_step import KeyboardStepView
from dzlearn.ui.steps.sound_step import TypeBySoundView
from dzlearn.ui.steps.text_steps import TextStepView
from dzlearn.ui.style import button, dzongkha_label, label, scroll_area, space
from dzlearn.ui.tasks import TaskRunner
from dzlearn.ui.widgets.pictures import PictureSet

# Steps whose Dzongkha prompt is an instruction worth showing; in the others the step's own
# large text already shows what the prompt says.
SPOKEN_PROMPT_SHOWN = frozenset({"choose", "quiz", "eservice", "type_by_sound"})
VIEW_FOR_KIND = {
    "listen": TextStepView,
    "read": TextStepView,
    "keyboard": KeyboardStepView,
    "choose": ChooseStepView,
    "quiz": ChooseStepView,
    "eservice": EServiceStepView,
    "type_by_sound": TypeBySoundView,
}


class LessonScreen(QWidget):
    exit_requested = Signal()

    def __init__(
        self, services: Services, runner: TaskRunner, player: PromptPlayer, pictures: PictureSet
    ) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self._services = services
        self._runner = runner
        self.player = player
        self.player.failed.connect(self._on_audio_failed)
        self._pictures = pictures
        self._timer = QElapsedTimer()
        self.learner: Learner | None = None
        self.pack: Pack | None = None
        self.lesson: Lesson | None = None
        self.index = 0
        self.views: dict[type[StepView], StepView] = {}
        self.view: StepView | None = None
        self.result: dict[str, Any] | None = None  # the current step's, once done
        self.step_saved = False
        self.saving = False
        self.finished = False
        self._build()

    def _build(self) -> None:
        """Home, Listen and the titles on top; the prompt and the step scroll in the middle
        (at 200 % text they need the room); feedback and Next at the bottom."""
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 18, 32, 18)
        top = QHBoxLayout()
        home = button(_("Home"))
        home.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        home.clicked.connect(self._leave)
        top.addWidget(home)
        self.home = home
        self.play = button(_("Listen"))
        self.play.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play.clicked.connect(self._play_prompt)
        top.addWidget(self.play)
        self.title = dzongkha_label("", 30)
        top.addWidget(self.title)
        self.title_en = label("", "hint")
        top.addWidget(self.title_en, 1)
        self.step_label = label("", "hint")
        self.step_label.setWordWrap(False)
        top.addWidget(self.step_label)
        outer.addLayout(top)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        outer.addWidget(self.bar)

        content = QWidget()
        middle = QVBoxLayout(content)
        middle.setContentsMargins(0, 0, 0, 0)
        self.audio_note = label("", "badge")
        middle.addWidget(self.audio_note)
        self.prompt_dz = dzongkha_label("", 34)
        self.prompt_dz.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt_dz.setWordWrap(True)
        middle.addWidget(self.prompt_dz)
        self.instruction = label("", "hint")
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        middle.addWidget(self.instruction)
        self.stack = QStackedWidget()
        self.finished_view = dzongkha_label("", 110)
        self.finished_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.finished_view)
        middle.addWidget(self.stack, 1)
        scroll = scroll_area(content)  # a long step scrolls; the window never grows past it
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll, 1)
        self._content, self._scroll = content, scroll

        bottom = QHBoxLayout()
        self.feedback = label("", "hint")
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bottom.addWidget(self.feedback, 1)
        self.next = button(_("Next"), primary=True)
        self.next.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowForward))
        self.next.setMinimumWidth(space(200))
        self.next.clicked.connect(self._advance)
        bottom.addWidget(self.next, 0, Qt.AlignmentFlag.AlignBottom)
        outer.addLayout(bottom)
        for b in (home, self.play, self.next):
            # Typing keys belong to the lesson: a click never takes the focus from it, but Tab
            # and Shift+Tab reach the buttons (keys a button ignores still go to the lesson).
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        QWidget.setTabOrder(home, self.play)
        QWidget.setTabOrder(self.play, self.next)

    def _view_for(self, kind: str) -> StepView:
        cls = VIEW_FOR_KIND[kind]
        if cls not in self.views:
            view = cls()
            view.completed.connect(self._on_completed)
            view.feedback.connect(self._set_feedback)
            self.stack.addWidget(view)
            self.views[cls] = view
        return self.views[cls]

    # -- flow -------------------------------------------------------------------------------
    def start(self, learner: Learner, pack: Pack, lesson: Lesson, index: int) -> None:
        self.learner, self.pack, self.lesson = learner, pack, lesson
        self.finished = False
        self.title.setText(lesson.title.dz)
        self.title_en.setText(lesson.title.en)
        self.bar.setRange(0, len(lesson.steps))
        self._context = StepContext(
            pictures=self._pictures,
            pack_pictures=self._pack_pictures(pack),
            audio=self._services.audio,
            player=self.player,
            record_choice=self._save_choice,
        )
        if any(step.kind == "type_by_sound" for step in lesson.steps):
            self._load_input_method(learner.learner_id)
        self.setFocus()  # first: a step with a box of its own (typing by sound) then takes it
        self._show_step(index)

    def _load_input_method(self, learner_id: str) -> None:
        """The lexicon loads off the UI thread; the sound-typing box fills once it is there."""
        context = self._context
        methods = self._services.input_methods

        def loaded(method: object) -> None:
            context.input_method = method
            if isinstance(self.view, TypeBySoundView):
                self.view.box.refresh()

        self._runner.run(lambda: methods.for_learner(learner_id), loaded, self._input_failed)

    def _input_failed(self, error: BaseException) -> None:
        self._set_feedback(_("Typing by sound is not available: {e}").format(e=error), "error")

    def _save_choice(self, typed: str, chosen: str) -> None:
        assert self.learner is not None
        learner_id, methods = self.learner.learner_id, self._services.input_methods

        def failed(error: BaseException) -> None:
            self._set_feedback(_("Your choice could not be saved: {e}").format(e=error), "error")

        self._runner.run(lambda: methods.save_choice(learner_id, typed, chosen), None, failed)

    def _pack_pictures(self, pack: Pack) -> PictureSet | None:
        folder = self._services.pack_folder(pack.id)
        return (
            PictureSet(folder / "pictures") if folder and (folder / "pictures").is_dir() else None
        )

    @property
    def step(self):  # noqa: ANN201 - a Step union
        assert self.lesson is not None
        return self.lesson.steps[self.index]

    def _show_step(self, index: int) -> None:
        assert self.lesson is not None
        self.index = index
        self.step_saved = False
        self.saving = False
        self.result = None
        step = self.step
        self._timer.start()
        self.bar.setValue(index)
        self.step_label.setText(
            _("Step {n} of {total}").format(
                n=digits(index + 1), total=digits(len(self.lesson.steps))
            )
        )
        self.prompt_dz.setText(step.prompt.text.dz if step.kind in SPOKEN_PROMPT_SHOWN else "")
        self.prompt_dz.setVisible(bool(self.prompt_dz.text()))  # no empty band at 200 %
        self.instruction.setText(step.prompt.text.en)
        self._set_feedback("", "hint")
        self.view = self._view_for(step.kind)
        self._show_page(self.view)
        self.view.show_step(step, self._context)
        self.next.setEnabled(self.view.passive)
        QTimer.singleShot(0, self._show_top_or_focus)
        self._prepare_audio()

    def _show_top_or_focus(self) -> None:
        """A new step starts at its top, unless it put the focus on a box lower down (typing
        by sound): then that box is in view, so a learner at 200 % sees what they type."""
        focus = QApplication.focusWidget()
        self._scroll.verticalScrollBar().setValue(0)
        if focus is not None and self._content.isAncestorOf(focus):
            self._scroll.ensureWidgetVisible(focus)

    def _show_page(self, page: QWidget) -> None:
        """Only the page shown takes room: a long e-service form must not leave the steps
        after it with a tall empty space to scroll through."""
        for n in range(self.stack.count()):
            other = self.stack.widget(n)
            policy = QSizePolicy.Policy.Preferred if other is page else QSizePolicy.Policy.Ignored
            other.setSizePolicy(policy, policy)
        self.stack.setCurrentWidget(page)

    def _prepare_audio(self) -> None:
        self.player.stop()
        # A Dzongkha recording first; failing that, English read by a synthetic voice.
        audio = self._services.audio.lookup_fallback(self.step.prompt)
        self._audio = audio
        playable = audio.state is AudioState.RECORDED
        self.play.setEnabled(playable)
        note = audio_note(audio)
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

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.next.isEnabled():
                self._advance()
            return
        if event.key() == Qt.Key.Key_Escape:
            self._leave()
            return
        if self.view is None or self.finished or not self.view.key_pressed(event):
            super().keyPressEvent(event)

    def _set_feedback(self, text: str, role: str) -> None:
        self.feedback.setText(text)
        self.feedback.setProperty("role", role)
        self.feedback.style().unpolish(self.feedback)
        self.feedback.style().polish(self.feedback)

    # -- saving -----------------------------------------------------------------------------
    def _on_completed(self, result: dict[str, Any]) -> None:
        if self.sender() is not self.view or self.result is not None:
            return
        self.result = result
        focus = QApplication.focusWidget()
        if focus is None or self._content.isAncestorOf(focus):
            self.setFocus()  # a finished step gives the keys back: Enter means Next
        self._save_step()

    def _save_step(self, then_advance: bool = False) -> None:
        if self.saving:
            return
        assert self.learner and self.pack and self.lesson
        self.saving = True
        self.next.setEnabled(False)
        learner_id, pack, lesson = self.learner.learner_id, self.pack, self.lesson
        step, result, ms = self.step, self.result, int(self._timer.elapsed())
        progress = self._services.progress

        def done(_event: object) -> None:
            self.saving = False
            self.step_saved = True
            self.next.setEnabled(True)
            if then_advance:
                self._advance()

        self._runner.run(
            lambda: progress.record_step(learner_id, pack, lesson, step, result, ms),
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
        if self.saving or self.lesson is None or self.view is None:
            return
        if not self.step_saved:
            if self.result is None and self.view.passive:
                self.result = self.view.passive_result()
            if self.result is not None:
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
            self._show_page(self.finished_view)
            self.finished_view.setText(html.escape(lesson.title.dz))
            self.prompt_dz.setText("")
            self.instruction.setText(_("Lesson finished!") + " " + lesson.title.en)
            self.audio_note.hide()
            self.play.setEnabled(False)
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
