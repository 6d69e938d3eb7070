"""The window: learner picker → (picture password) → home → lesson, on one stack of screens.
Facilitator mode sits on the same stack, behind a passphrase (ui/facilitator/mode.py).

The screens are built once storage and lessons are ready (see startup.py); until then the window
shows a "getting ready" page, so it appears at once even on a slow PC.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from dzlearn.i18n import _, set_language
from dzlearn.ui.facilitator.idle import FACILITATOR_IDLE_MS
from dzlearn.ui.settings import DisplaySettings, load_settings, save_settings, settings_path
from dzlearn.ui.style import STYLESHEET, apply_display, dzongkha_label, label, make_stylesheet
from dzlearn.ui.tasks import TaskRunner
from dzlearn.ui.widgets.pictures import PictureSet

if TYPE_CHECKING:
    from dzlearn.lessons.models import Lesson, Pack
    from dzlearn.people import LearnerAccess, LoginOutcome
    from dzlearn.services import Services
    from dzlearn.storage import Learner
    from dzlearn.sync.schedule import SyncPolicy
    from dzlearn.ui.sync_hookup import SyncHookup


READY_TITLE = "dzlearn — རྫོང་ཁ་"


class MainWindow(QMainWindow):
    def __init__(
        self, runner: TaskRunner, resources: Path, facilitator_idle_ms: int = FACILITATOR_IDLE_MS
    ) -> None:
        super().__init__()
        self.facilitator_idle_ms = facilitator_idle_ms
        self.setWindowTitle(_("dzlearn — getting ready…"))
        self.setStyleSheet(STYLESHEET)
        self.resize(1180, 860)
        self.runner = runner
        self.pictures = PictureSet(resources / "assets" / "pictures")
        self.services: Services | None = None
        self.studio: QWidget | None = None  # the recording studio, built on first use
        self.sync: SyncHookup | None = None  # background sync and its indicator, once ready
        self.sync_policy: SyncPolicy | None = None  # its timings; None: the app's own
        self.trainer: QWidget | None = None  # typing practice, built on first use
        self.learner: Learner | None = None
        self.settings = DisplaySettings()
        self._base_font = QApplication.font()
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.loading = QWidget()
        self.loading.setObjectName("screen")
        self.loading.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box = QVBoxLayout(self.loading)
        box.addStretch(1)
        for widget in (dzongkha_label("རྫོང་ཁ་", 96), label(_("Getting ready…"), "heading")):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(widget)
        box.addStretch(1)
        self.stack.addWidget(self.loading)

    def services_ready(self, services: Services) -> None:
        from dzlearn.people import PeopleService
        from dzlearn.ui.facilitator.mode import FacilitatorMode

        self.services = services
        self.people = PeopleService(services.db, services.events, services.learners)
        self.setWindowTitle(READY_TITLE)
        # A few bytes, read once: the screens cannot be built before the language is known.
        self._apply_settings(load_settings(settings_path(services.location.root)))
        self.facilitator = FacilitatorMode(
            self,
            self.people,
            self.runner,
            self.pictures,
            services.library,
            self.facilitator_idle_ms,
        )
        self.dialog = None
        self._build_screens()
        self.show_picker()
        from dzlearn.ui.sync_hookup import SyncHookup

        self.sync = SyncHookup(self, self.sync_policy)
        self.sync.begin()

    def _build_screens(self) -> None:
        from dzlearn.ui.audio import PromptPlayer
        from dzlearn.ui.screens.home import HomeScreen
        from dzlearn.ui.screens.learners import LearnerPicker, PictureLoginScreen
        from dzlearn.ui.screens.lesson import LessonScreen

        services = self._services
        self.picker = LearnerPicker(self.pictures)
        self.login = PictureLoginScreen(self.pictures)
        self.home = HomeScreen(services.library, self.pictures, services.audio.problems)
        self.lesson_screen = LessonScreen(services, self.runner, PromptPlayer(), self.pictures)
        for screen in (self.picker, self.login, self.home, self.lesson_screen):
            self.stack.addWidget(screen)
        self.picker.learner_chosen.connect(self._learner_chosen)
        self.picker.create_requested.connect(self._new_learner)
        self.picker.facilitator_requested.connect(self.facilitator.enter)
        self.picker.language_chosen.connect(self.set_language)
        self.picker.display_requested.connect(self.open_display_dialog)
        self.login.attempted.connect(self._try_picture_password)
        self.login.back.connect(self.show_picker)
        self.home.switch_learner.connect(self.show_picker)
        self.home.practice_requested.connect(self.open_trainer)
        self.home.language_chosen.connect(self.set_language)
        self.home.lesson_chosen.connect(self.open_lesson)
        self.lesson_screen.exit_requested.connect(self._back_from_lesson)

    # -- language and display ---------------------------------------------------------------
    def _apply_settings(self, settings: DisplaySettings) -> None:
        self.settings = settings
        set_language(settings.language)
        scale = settings.scale / 100
        apply_display(scale, settings.high_contrast)
        self.setStyleSheet(make_stylesheet(scale, settings.high_contrast))
        font = QFont(self._base_font)
        if font.pointSizeF() > 0:
            font.setPointSizeF(self._base_font.pointSizeF() * scale)
        else:
            font.setPixelSize(round(self._base_font.pixelSize() * scale))
        QApplication.setFont(font)

    def set_language(self, language: str) -> None:
        self.change_settings(self.settings.with_changes(language=language))

    def open_display_dialog(self) -> None:
        from dzlearn.ui.display import DisplayDialog

        dialog = DisplayDialog(self.settings, self)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.change_settings(dialog.chosen()))
        dialog.open()

    def change_settings(self, settings: DisplaySettings) -> None:
        """Apply, rebuild the screens in the new language and size, and remember for this PC."""
        if settings == self.settings:
            return
        self._apply_settings(settings)
        self.retranslate()
        path = settings_path(self._services.location.root)
        self.runner.run(
            lambda: save_settings(path, settings),
            None,
            lambda error: self._current_error(
                _("The settings could not be saved: {e}").format(e=error)
            ),
        )

    def _current_error(self, message: str) -> None:
        screen = self.home if self.stack.currentWidget() is self.home else self.picker
        screen.show_error(message)

    def retranslate(self) -> None:
        """Rebuild the learner screens so every text is made again in the current language;
        the learner and the screen they were on stay. Only reachable from the picker and home."""
        on_home = self.stack.currentWidget() is self.home and self.learner is not None
        learner = self.learner
        self.lesson_screen.stop_audio()
        old = (self.picker, self.login, self.home, self.lesson_screen)
        if self.studio is not None:  # rebuilt in the new language on next use
            self.studio.stop_everything()
            old += (self.studio,)
            self.studio = None
        if self.trainer is not None:  # likewise
            self.trainer.player.stop()
            old += (self.trainer,)
            self.trainer = None
        self._build_screens()
        if on_home:
            self.open_home(learner)
        else:
            self.show_picker()
        shown = self.home if on_home else self.picker
        shown.language.buttons[self.settings.language].setFocus()  # keyboard users stay put
        for screen in old:
            self.stack.removeWidget(screen)
            screen.deleteLater()

    def open_trainer(self) -> None:
        """Typing practice for the learner on the home screen: pad, keyboard course, listening."""
        from dzlearn.ui.audio import PromptPlayer
        from dzlearn.ui.trainer import TrainerScreen

        if self.learner is None:
            return
        if self.trainer is None:
            self.trainer = TrainerScreen(self._services, self.runner, self.pictures, PromptPlayer())
            self.trainer.exit_requested.connect(lambda: self.open_home(self.learner))
            self.stack.addWidget(self.trainer)
        self.stack.setCurrentWidget(self.trainer)
        self.trainer.start(self.learner)

    def make_dashboard(self) -> QWidget:
        """The facilitator dashboard (loads its numbers off the UI thread when shown)."""
        from dzlearn.ui.dashboard import DashboardView

        return DashboardView(self._services, self.runner)

    def make_sync_tab(self) -> QWidget | None:
        """Facilitator mode's Sync tab (status, conflicts, Sync now, enrolment)."""
        from dzlearn.ui.facilitator.sync_tab import SyncTab

        return None if self.sync is None else SyncTab(self.sync, self.runner, self._services.db)

    def open_studio(self) -> None:
        """The recording studio, for facilitators (reached only from facilitator mode)."""
        from dzlearn.ui.audio import PromptPlayer
        from dzlearn.ui.studio import StudioScreen

        if self.studio is None:
            self.studio = StudioScreen(self._services, self.runner, PromptPlayer())
            self.studio.exit_requested.connect(self.facilitator.back_to_screen)
            self.stack.addWidget(self.studio)
        self.stack.setCurrentWidget(self.studio)
        self.studio.refresh()

    @property
    def _services(self) -> Services:
        assert self.services is not None, "screens exist only once services are ready"
        return self.services

    def show_picker(self) -> None:
        self.learner = None
        self.stack.setCurrentWidget(self.picker)
        self.runner.run(self.people.picker_learners, self.picker.show_learners, self._picker_error)

    def _picker_error(self, error: BaseException) -> None:
        self.picker.show_learners([])
        self.picker.show_error(str(error))

    def _learner_chosen(self, learner: Learner) -> None:
        """Straight home, unless the learner has a picture password."""
        access_of = self.people.access

        def checked(access: LearnerAccess) -> None:
            if self.stack.currentWidget() is not self.picker:
                return  # the picker was left meanwhile (facilitator mode, say)
            if not access.has_password:
                self.open_home(learner)
                return
            self.login.start(learner, locked=access.locked)
            self.stack.setCurrentWidget(self.login)

        self.runner.run(
            lambda: access_of(learner.learner_id),
            checked,
            lambda error: self.picker.show_error(
                _("Could not open {name}: {e}").format(name=learner.display_name, e=error)
            ),
        )

    def _try_picture_password(self, learner: Learner, pictures: list[str]) -> None:
        from dzlearn.people import LoginResult

        people = self.people

        def answered(outcome: LoginOutcome) -> None:
            if self.login.learner is not learner or self.stack.currentWidget() is not self.login:
                return
            if outcome.result is LoginResult.OK:
                self.open_home(learner)
            elif outcome.result is LoginResult.LOCKED:
                self.login.show_locked()
            else:
                self.login.show_wrong(outcome.tries_left)

        self.runner.run(
            lambda: people.try_picture_login(learner.learner_id, pictures),
            answered,
            lambda error: self.login.show_error(
                _("Could not check the pictures: {e}").format(e=error)
            ),
        )

    def _new_learner(self) -> None:
        from dzlearn.people import PartlySaved
        from dzlearn.ui.screens.learners import NewLearnerDialog

        people = self.people

        def submit(name: str, picture: str, password: list[str] | None) -> None:
            self.runner.run(lambda: people.create_learner(name, picture, password), created, failed)

        def created(learner: Learner) -> None:
            dialog.accept()
            self.open_home(learner)

        def failed(error: BaseException) -> None:
            if isinstance(error, PartlySaved):  # the learner exists: do not make them twice
                created(error.learner)
                self.home.show_error(str(error))
            else:
                dialog.show_error(str(error))

        dialog = NewLearnerDialog(self.pictures, submit, self)
        self.dialog = dialog
        dialog.open()

    def _back_from_lesson(self) -> None:
        lesson = self.lesson_screen.lesson
        self.open_home(self.learner, lesson.id if lesson else None)

    def open_home(self, learner: Learner | None, last_lesson: str | None = None) -> None:
        if learner is None:
            self.show_picker()
            return
        self.learner = learner
        self.stack.setCurrentWidget(self.home)
        progress_of = self._services.progress.for_learner
        self.runner.run(
            lambda: progress_of(learner.learner_id),
            lambda progress: self.home.show_learner(learner, progress, last_lesson),
            lambda error: self.home.show_error(str(error)),
        )

    def open_lesson(self, pack: Pack, lesson: Lesson) -> None:
        learner = self.learner
        if learner is None:
            return
        progress_of = self._services.progress.for_learner

        def resume(progress: dict) -> None:
            entry = progress.get((pack.id, lesson.id))
            index = entry.next_step_index(lesson) if entry else 0
            self.stack.setCurrentWidget(self.lesson_screen)
            self.lesson_screen.start(learner, pack, lesson, index)

        self.runner.run(
            lambda: progress_of(learner.learner_id),
            resume,
            lambda error: self.home.show_error(_("Could not open the lesson: {e}").format(e=error)),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if self.sync is not None:  # stops between pages; a hub that hangs is not waited for
            self.sync.shutdown()
        if self.services is not None:
            self.lesson_screen.stop_audio()
        if self.studio is not None:
            self.studio.stop_everything()
        if self.trainer is not None:
            self.trainer.player.stop()
        super().closeEvent(event)
