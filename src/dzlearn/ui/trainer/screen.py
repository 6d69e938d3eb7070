"""The input trainer: the phonetic pad, the keyboard course, listen-and-type, and my progress.

Everything that reads or writes storage, and building the input method, runs through the task
runner; the screen shows "getting ready" until the learner's data is there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.learning.course import Course
from dzlearn.learning.drills import DRILL_EVENT, TrainerSettings, TrainerState
from dzlearn.learning.listening import LISTEN_EVENT, ListenWord, first_try_counts, listen_words
from dzlearn.learning.typing_stats import (
    confidence_by_key,
    daily_progress,
    listen_payloads,
    project_trainer,
    summarize,
)
from dzlearn.services import Services
from dzlearn.storage import Learner
from dzlearn.ui.audio import PromptPlayer
from dzlearn.ui.style import button, label, space
from dzlearn.ui.tasks import TaskRunner
from dzlearn.ui.trainer.drill import DrillView
from dzlearn.ui.trainer.listen import ListenView
from dzlearn.ui.trainer.pad import PadView
from dzlearn.ui.trainer.settings_dialog import TrainerSettingsDialog
from dzlearn.ui.trainer.stats import ProgressData, StatsView
from dzlearn.ui.widgets.flow import FlowLayout
from dzlearn.ui.widgets.pictures import PictureSet

PARTS = ("pad", "course", "listen", "progress")


@dataclass
class _Loaded:
    method: Any
    course: Course
    state: TrainerState
    words: list[ListenWord]
    done: dict[str, int]


def progress_data(events: list[Any], course: Course) -> ProgressData:
    """What "My progress" shows, from a learner's events (runs off the UI thread)."""
    state = project_trainer(events)
    return ProgressData(
        summary=summarize(events),
        days=daily_progress(events),
        heat=confidence_by_key(state),
        keys_learned=len(course.active_units(state.level)),
        keys_total=len(course.units),
    )


class TrainerScreen(QWidget):
    exit_requested = Signal()

    def __init__(
        self, services: Services, runner: TaskRunner, pictures: PictureSet, player: PromptPlayer
    ) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._services, self._runner, self._pictures = services, runner, pictures
        self.player = player
        self.learner: Learner | None = None
        self.course: Course | None = None
        self.state: TrainerState | None = None
        self.ready = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 16, 28, 16)
        bar = QWidget()
        top = FlowLayout(bar, spacing=space(10))  # at 200 % the parts wrap onto a second row
        home = button(_("Home"))
        home.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
        # Tab reaches these buttons, a click leaves the keys with the typing; Enter presses
        home.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        home.setAutoDefault(True)
        home.clicked.connect(self._leave)
        top.addWidget(home)
        self.home = home
        titles = {
            "pad": _("Type by sound"),
            "course": _("Keyboard course"),
            "listen": _("Listen && type"),
            "progress": _("My progress"),
        }
        self.tabs = {}
        for part, title in titles.items():
            b = button(title)
            b.setCheckable(True)
            b.setProperty("tab", True)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.setAutoDefault(True)
            b.clicked.connect(lambda _=False, p=part: self.show_part(p))
            self.tabs[part] = b
            top.addWidget(b)
        outer.addWidget(bar)
        self.feedback = label("", "hint")
        self.feedback.hide()
        outer.addWidget(self.feedback)

        self.pad = PadView()
        self.pad.chosen.connect(self._save_choice)
        self.pad.feedback.connect(self._set_feedback)
        self.drill = DrillView(self._saver(DRILL_EVENT))
        self.drill.attempt_saved.connect(lambda _p: self._stats_stale())
        self.listen = ListenView(
            services.audio, player, pictures, self._saver(LISTEN_EVENT, self._stats_stale)
        )
        self.listen.chosen.connect(self._save_choice)
        self.stats = StatsView()
        self.stack = QStackedWidget()
        self.views = {
            "pad": self.pad,
            "course": self.drill,
            "listen": self.listen,
            "progress": self.stats,
        }
        self.pages: dict[str, QScrollArea] = {}
        for part, view in self.views.items():
            page = QScrollArea()  # a long explanation scrolls; the window never grows
            page.setWidgetResizable(True)
            page.setFrameShape(QFrame.Shape.NoFrame)
            page.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            page.setWidget(view)
            self.pages[part] = page
            self.stack.addWidget(page)
        outer.addWidget(self.stack, 1)
        self.part = "pad"
        self._stats_fresh = False
        self.show_part("pad")

    # --- starting ---------------------------------------------------------------------------

    def start(self, learner: Learner, part: str = "pad") -> None:
        self.learner, self.ready = learner, False
        self._stats_fresh = False
        self.show_part(part)
        self._set_feedback(_("Getting your practice ready…"), "hint")
        services, learner_id, cached = self._services, learner.learner_id, self.course
        names = list(self._pictures.names)

        def load() -> _Loaded:
            method = services.input_methods.for_learner(learner_id)
            course = cached or Course.from_lexicon(method.index.entries)
            events = services.events.for_learner(learner_id)
            words = listen_words(method.index.entries, names)
            done = first_try_counts(listen_payloads(events))
            return _Loaded(method, course, project_trainer(events), words, done)

        self._runner.run(load, self._loaded, self._load_failed)

    def _loaded(self, loaded: _Loaded) -> None:
        self.course, self.state, self.ready = loaded.course, loaded.state, True
        self._set_feedback("", "hint")
        self.pad.set_input_method(loaded.method)
        self.listen.set_input_method(loaded.method)
        self.listen.set_words(loaded.words, loaded.done)
        self.drill.set_course(loaded.course, loaded.state)
        self.show_part(self.part)

    def _load_failed(self, error: BaseException) -> None:
        self._set_feedback(_("Your practice could not be loaded: {e}").format(e=error), "error")

    # --- parts ------------------------------------------------------------------------------

    def show_part(self, part: str) -> None:
        if part not in self.views:
            raise ValueError(f"no part {part!r}; the parts are {', '.join(PARTS)}")
        self.part = part
        for name, b in self.tabs.items():
            b.setChecked(name == part)
        self.stack.setCurrentWidget(self.pages[part])
        if part == "pad":
            self.pad.focus_typing()
        elif part == "course":
            self.drill.setFocus()
        elif part == "listen":
            self.listen.focus_answer()
        elif part == "progress" and self.ready and not self._stats_fresh:
            self.refresh_stats()

    def refresh_stats(self) -> None:
        """Project the learner's progress from the event log, off the UI thread."""
        if self.learner is None or self.course is None:
            return
        events, learner_id, course = self._services.events, self.learner.learner_id, self.course

        def shown(data: ProgressData) -> None:
            self._stats_fresh = True
            self.stats.show_data(data)

        self._runner.run(
            lambda: progress_data(events.for_learner(learner_id), course),
            shown,
            self._load_failed,
        )

    def _stats_stale(self) -> None:
        self._stats_fresh = False
        if self.part == "progress":
            self.refresh_stats()

    # --- saving -----------------------------------------------------------------------------

    def _saver(self, kind: str, then: Callable[[], None] | None = None):  # noqa: ANN202
        def save(payload: dict, on_done: Callable, on_error: Callable) -> None:
            if self.learner is None:
                return
            events, learner_id = self._services.events, self.learner.learner_id

            def done(event: object) -> None:
                on_done(event)
                if then is not None:
                    then()

            self._runner.run(lambda: events.append(learner_id, kind, payload), done, on_error)

        return save

    def _save_choice(self, typed: str, chosen: str) -> None:
        if self.learner is None:
            return
        methods, learner_id = self._services.input_methods, self.learner.learner_id

        def failed(error: BaseException) -> None:
            self._set_feedback(_("Your choice could not be saved: {e}").format(e=error), "error")

        self._runner.run(lambda: methods.save_choice(learner_id, typed, chosen), None, failed)

    # --- settings (for a facilitator) -------------------------------------------------------

    def open_settings(self) -> TrainerSettingsDialog | None:
        if self.learner is None:
            return None
        current = self.state.settings if self.state else TrainerSettings()
        dialog = TrainerSettingsDialog(
            self._services.events,
            self._runner,
            self.learner.learner_id,
            current,
            self,
            self.learner.display_name,
        )
        dialog.saved.connect(self.apply_settings)
        dialog.open()
        return dialog

    def apply_settings(self, settings: TrainerSettings) -> None:
        if self.state is not None:
            self.state.settings = settings
        self._stats_stale()

    # --- feedback and leaving ---------------------------------------------------------------

    def _set_feedback(self, text: str, role: str) -> None:
        self.feedback.setText(text)
        self.feedback.setProperty("role", role)
        self.feedback.style().unpolish(self.feedback)
        self.feedback.style().polish(self.feedback)
        self.feedback.setVisible(bool(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Escape goes home, as in a lesson (a box being typed in clears itself first)."""
        if event.key() == Qt.Key.Key_Escape:
            self._leave()
            return
        super().keyPressEvent(event)

    def _leave(self) -> None:
        self.player.stop()
        self.pad.replay.stop()
        self.listen.replay.stop()
        self.exit_requested.emit()
