"""Facilitator mode: learners, groups, sessions (and the dashboard, coming next).

Reached only through the passphrase dialog (see mode.py). Every change goes through the
TaskRunner; a failure is shown in words at the top and nothing on screen is thrown away.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from dzlearn.i18n import _
from dzlearn.lessons.loader import Library
from dzlearn.people import Facilitator, Overview, PeopleService
from dzlearn.ui.facilitator.common import say
from dzlearn.ui.facilitator.dialogs import NewPassphraseDialog
from dzlearn.ui.style import button, enter_presses_buttons, label, large_text, space
from dzlearn.ui.tasks import TaskRunner
from dzlearn.ui.widgets.flow import FlowLayout
from dzlearn.ui.widgets.pictures import PictureSet

AskSavePath = Callable[[QWidget, str, Callable[[str], None]], Any]


def ask_save_path(parent: QWidget, suggested: str, done: Callable[[str], None]) -> QDialog:
    """A save dialog opened without blocking; ``done(path)`` once a file is chosen."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    start = Path(folder or Path.home()) / suggested
    dialog = QFileDialog(parent, _("Save the learner's data"), str(start), _("JSON file (*.json)"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setDefaultSuffix("json")
    dialog.fileSelected.connect(done)
    dialog.open()
    return dialog


class FacilitatorScreen(QWidget):
    leave_requested = Signal()
    lock_requested = Signal()
    studio_requested = Signal()

    def __init__(
        self,
        people: PeopleService,
        runner: TaskRunner,
        pictures: PictureSet,
        library: Library,
        facilitator: Facilitator,
        save_path: AskSavePath = ask_save_path,
        dashboard: QWidget | None = None,
        sync_tab: QWidget | None = None,
    ) -> None:
        """``dashboard`` is the dashboard view (ui/dashboard) and ``sync_tab`` the Sync tab
        (ui/facilitator/sync_tab.py), both made by the main window."""
        from dzlearn.ui.facilitator.groups_tab import GroupsTab
        from dzlearn.ui.facilitator.learners_tab import LearnersTab
        from dzlearn.ui.facilitator.sessions_tab import SessionsTab

        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.people = people
        self.runner = runner
        self.pictures = pictures
        self.library = library
        self.facilitator = facilitator
        self.ask_save_path = save_path
        self.overview: Overview | None = None
        self.dialog: Any = None  # the dialog open now, closed when the screen locks
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 18, 28, 18)
        top = QVBoxLayout() if large_text() else QHBoxLayout()  # at 200 %: buttons below
        titles = QHBoxLayout() if large_text() else QVBoxLayout()
        titles.addWidget(label(_("Facilitator mode"), "heading"))
        self.signed_in = label(_("Signed in: {name}").format(name=facilitator.name), "hint")
        titles.addWidget(self.signed_in)
        if large_text():
            titles.addStretch(1)
        top.addLayout(titles)
        tools = QWidget()  # the buttons wrap onto a second row at 200 %
        bar = FlowLayout(tools, spacing=space(10), align_right=True)
        top.addWidget(tools, 1)
        self.change_passphrase = button(_("Change passphrase"))
        self.change_passphrase.clicked.connect(self._change_passphrase)
        self.add_facilitator = button(_("Add facilitator"))
        self.add_facilitator.clicked.connect(self._add_facilitator)
        self.studio_button = button(_("Recording studio"))
        self.studio_button.clicked.connect(self.studio_requested.emit)
        self.lock_button = button(_("Lock"))
        self.lock_button.clicked.connect(self.lock_requested.emit)
        self.leave = button(_("Back to learners"), primary=True)
        self.leave.clicked.connect(self.leave_requested.emit)
        buttons = (self.change_passphrase, self.add_facilitator, self.studio_button)
        for b in (*buttons, self.lock_button, self.leave):
            bar.addWidget(b)
        outer.addLayout(top)
        self.status = label("", "good")
        self.status.hide()
        outer.addWidget(self.status)
        self.error = label("", "error")
        self.error.hide()
        outer.addWidget(self.error)
        self.tabs = QTabWidget()
        self.learners_tab = LearnersTab(self)
        self.groups_tab = GroupsTab(self)
        self.sessions_tab = SessionsTab(self)
        self.dashboard_tab = dashboard if dashboard is not None else _dashboard_missing()
        self.tabs.addTab(self.learners_tab, _("Learners"))
        self.tabs.addTab(self.groups_tab, _("Groups"))
        self.tabs.addTab(self.sessions_tab, _("Sessions"))
        self.tabs.addTab(self.dashboard_tab, _("Dashboard"))
        self.sync_tab = sync_tab
        if sync_tab is not None:
            self.tabs.addTab(sync_tab, _("Sync"))
        self.tabs.currentChanged.connect(self._tab_shown)
        outer.addWidget(self.tabs, 1)
        enter_presses_buttons(self)

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) is self.dashboard_tab:
            _refresh_if_possible(self.dashboard_tab)  # numbers as of now, every time it is shown

    # messages and work ---------------------------------------------------------------------

    def show_status(self, message: str) -> None:
        self.error.hide()
        self.status.setText(message)
        self.status.setVisible(bool(message))

    def show_error(self, message: str) -> None:
        self.status.hide()
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def fail(self, what: str) -> Callable[[BaseException], None]:
        """An on_error that says what could not be done, and why."""
        return lambda error: self.show_error(f"{what} {say(error)}")

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        def show(overview: Overview) -> None:
            self.overview = overview
            for tab in (self.learners_tab, self.groups_tab, self.sessions_tab):
                tab.show_overview(overview)
            if then is not None:
                then()

        self.runner.run(self.people.overview, show, self.fail(_("Could not read the records.")))

    def act(
        self,
        work: Callable[[], Any],
        done: str | Callable[[Any], str],
        failed: str,
        then: Callable[[Any], None] | None = None,
    ) -> None:
        """Run a change off the UI thread; say it was done and show the new state."""

        def finished(result: Any) -> None:
            self.show_status(done(result) if callable(done) else done)
            self.refresh(None if then is None else lambda: then(result))

        self.runner.run(work, finished, self.fail(failed))

    def open_dialog(self, dialog: Any) -> None:
        self.dialog = dialog
        dialog.open()

    def close_dialogs(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
            self.dialog = None

    # accounts ------------------------------------------------------------------------------

    def _change_passphrase(self) -> None:
        fid = self.facilitator.facilitator_id
        people = self.people

        def submit(_name: str, current: str, new: str, again: str) -> None:
            self.runner.run(
                lambda: people.change_passphrase(fid, current, new, again),
                lambda _r: (dialog.accept(), self.show_status(_("Your passphrase was changed."))),
                lambda error: dialog.failed(say(error)),
            )

        dialog = NewPassphraseDialog(
            _("Change your passphrase"), "", submit, self, ask_name=False, ask_current=True
        )
        self.open_dialog(dialog)

    def _add_facilitator(self) -> None:
        people = self.people

        def submit(name: str, _current: str, new: str, again: str) -> None:
            self.runner.run(
                lambda: people.create_facilitator(name, new, again),
                added,
                lambda error: dialog.failed(say(error)),
            )

        def added(facilitator: Facilitator) -> None:
            dialog.accept()
            self.show_status(
                _("{name} can now open facilitator mode.").format(name=facilitator.name)
            )

        intro = _("The new facilitator types their own name and passphrase.")
        dialog = NewPassphraseDialog(_("Add a facilitator"), intro, submit, self)
        self.open_dialog(dialog)


def _refresh_if_possible(widget: QWidget) -> None:
    refresh = getattr(widget, "refresh", None)
    if callable(refresh):
        refresh()


def _dashboard_missing() -> QWidget:
    page = QWidget()
    page.setObjectName("dashboard-missing")
    box = QVBoxLayout(page)
    box.addStretch(1)
    title = label(_("No dashboard here"), "heading")
    note = label(
        _("This screen was opened without the app's data, so there is nothing to show."), "hint"
    )
    for widget in (title, note):
        widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(widget)
    box.addStretch(2)
    return page
