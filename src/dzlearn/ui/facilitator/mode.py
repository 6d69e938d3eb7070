"""Entering, locking and leaving facilitator mode.

The learner screens reach facilitator mode only through a passphrase (or, when no facilitator
exists yet, by creating the first account). The screen is built after the passphrase is
accepted; when nobody touches the PC for ``idle_ms``, it is hidden behind the picker and the
passphrase is asked again (Cancel goes back to the learners for good).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from dzlearn.i18n import _
from dzlearn.lessons.loader import Library
from dzlearn.people import Facilitator, PeopleService
from dzlearn.ui.facilitator.common import say
from dzlearn.ui.facilitator.dialogs import NewPassphraseDialog, PassphraseDialog
from dzlearn.ui.facilitator.idle import FACILITATOR_IDLE_MS, IdleLock
from dzlearn.ui.facilitator.screen import AskSavePath, FacilitatorScreen, ask_save_path
from dzlearn.ui.tasks import TaskRunner
from dzlearn.ui.widgets.pictures import PictureSet

if TYPE_CHECKING:
    from dzlearn.ui.main_window import MainWindow


class FacilitatorMode(QObject):
    def __init__(
        self,
        window: MainWindow,
        people: PeopleService,
        runner: TaskRunner,
        pictures: PictureSet,
        library: Library,
        idle_ms: int = FACILITATOR_IDLE_MS,
        save_path: AskSavePath = ask_save_path,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.people = people
        self.runner = runner
        self.pictures = pictures
        self.library = library
        self.save_path = save_path
        self.dialog: PassphraseDialog | NewPassphraseDialog | None = None
        self.screen: FacilitatorScreen | None = None
        self.locked = False
        self.idle = IdleLock(idle_ms, self)
        self.idle.timed_out.connect(self.lock)

    @property
    def facilitator(self) -> Facilitator | None:
        return self.screen.facilitator if self.screen is not None else None

    def enter(self) -> None:
        if self.dialog is not None:
            return
        self.runner.run(
            self.people.facilitators,
            self._ask,
            lambda error: self.window.picker.show_error(
                _("Facilitator mode cannot open: {e}").format(e=say(error))
            ),
        )

    def _ask(self, facilitators: Sequence[Facilitator]) -> None:
        if facilitators:
            self._ask_passphrase(facilitators)
        else:
            self._offer_first_account()

    def _offer_first_account(self) -> None:
        people = self.people

        def submit(name: str, _current: str, new: str, again: str) -> None:
            self.runner.run(
                lambda: people.create_facilitator(name, new, again),
                lambda facilitator: self._signed_in(dialog, facilitator),
                lambda error: dialog.failed(say(error)),
            )

        intro = _(
            "There is no facilitator account on this PC yet. Create the first one now:"
            " your name, and a passphrase of at least 8 characters that learners do not know."
        )
        dialog = NewPassphraseDialog(
            _("Create the first facilitator account"), intro, submit, self.window
        )
        self._open_dialog(dialog)

    def _ask_passphrase(self, facilitators: Sequence[Facilitator], message: str = "") -> None:
        people = self.people

        def verify(facilitator_id: str, passphrase: str) -> None:
            self.runner.run(
                lambda: people.verify_facilitator(facilitator_id, passphrase),
                lambda found: dialog.refused() if found is None else self._signed_in(dialog, found),
                lambda error: dialog.refused(say(error)),
            )

        dialog = PassphraseDialog(facilitators, verify, self.window, message)
        self._open_dialog(dialog)

    def _open_dialog(self, dialog: PassphraseDialog | NewPassphraseDialog) -> None:
        self.dialog = dialog
        dialog.rejected.connect(self._cancelled)
        dialog.open()

    def _cancelled(self) -> None:
        self.dialog = None
        if self.locked:
            self.leave()

    def _signed_in(self, dialog: PassphraseDialog | NewPassphraseDialog, who: Facilitator) -> None:
        dialog.accept()
        self.dialog = None
        if self.screen is not None and self.screen.facilitator.facilitator_id != who.facilitator_id:
            self._drop_screen()
        if self.screen is None:
            self.screen = FacilitatorScreen(
                self.people,
                self.runner,
                self.pictures,
                self.library,
                who,
                self.save_path,
                dashboard=self.window.make_dashboard(),
                sync_tab=self.window.make_sync_tab(),
            )
            self.screen.leave_requested.connect(self.leave)
            self.screen.lock_requested.connect(self.lock)
            self.screen.studio_requested.connect(self.window.open_studio)
            self.window.stack.addWidget(self.screen)
        self.locked = False
        self.window.stack.setCurrentWidget(self.screen)
        self.screen.tabs.tabBar().setFocus()  # keyboard users start on the tabs
        self.idle.start()
        self.screen.refresh()

    def lock(self) -> None:
        """Hide the records behind the learner picker and ask the passphrase again."""
        if self.screen is None or self.locked:
            return
        self.idle.stop()
        self.screen.close_dialogs()
        self.locked = True
        self.window.show_picker()
        message = _(
            "Facilitator mode was locked because nobody used it for a while."
            " Type the passphrase to go on, or Cancel to go back to the learners."
        )
        self._ask_passphrase([self.screen.facilitator], message)

    def back_to_screen(self) -> None:
        """From a facilitator tool (the recording studio) back to facilitator mode."""
        if self.screen is not None and not self.locked:
            self.window.stack.setCurrentWidget(self.screen)
        else:
            self.window.show_picker()

    def leave(self) -> None:
        self.idle.stop()
        self.locked = False
        self._drop_screen()
        self.window.show_picker()

    def _drop_screen(self) -> None:
        if self.screen is None:
            return
        self.screen.close_dialogs()
        self.window.stack.removeWidget(self.screen)
        self.screen.deleteLater()
        self.screen = None
