"""Learners in facilitator mode: lock state, picture passwords, export, delete."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.people import LOCKOUT_AFTER, LearnerAccess, Overview, suggested_file_name, write_export
from dzlearn.storage import Learner
from dzlearn.ui.facilitator.common import scrolling_page
from dzlearn.ui.facilitator.dialogs import ConfirmDialog, PicturePasswordDialog
from dzlearn.ui.style import button, label, large_text, palette, px, set_property, space

if TYPE_CHECKING:
    from dzlearn.ui.facilitator.screen import FacilitatorScreen


def describe(access: LearnerAccess) -> str:
    if not access.has_password:
        return _("No picture password")
    if access.locked:
        return _("Locked after {n} wrong tries").format(n=LOCKOUT_AFTER)
    if access.failures:
        return _("Picture password · wrong tries: {n}").format(n=access.failures)
    return _("Picture password")


class LearnersTab(QWidget):
    def __init__(self, host: FacilitatorScreen) -> None:
        super().__init__()
        self.host = host
        self.learners: dict[str, Learner] = {}
        self.selected: str | None = None
        row = QHBoxLayout(scrolling_page(self))
        self.list = QListWidget()
        self.list.setIconSize(QSize(space(56), space(56)))
        self.list.setMinimumWidth(space(300))
        self.list.setWordWrap(True)  # a long name or state wraps, never "…"
        self.list.currentItemChanged.connect(self._picked)
        row.addWidget(self.list, 1 if large_text() else 2)
        panel = QVBoxLayout()
        head = QHBoxLayout()
        self.avatar = QLabel()
        self.name = label("", "heading")
        head.addWidget(self.avatar)
        head.addWidget(self.name, 1)
        panel.addLayout(head)
        self.state = label("", "hint")
        panel.addWidget(self.state)
        grid = QGridLayout()
        grid.setSpacing(space(12))
        self.unlock = button(_("Unlock"), primary=True)
        self.set_password = button(_("Set picture password"))
        self.clear_password = button(_("Clear picture password"))
        self.export = button(_("Export data"))
        self.delete = button(_("Delete"))
        self.typing_settings = button(_("Keyboard course settings"))
        set_property(self.delete, "danger", True)
        actions = (
            self.unlock,
            self.set_password,
            self.clear_password,
            self.export,
            self.typing_settings,
            self.delete,
        )
        columns = 1 if large_text() else 2  # one column at 200 %: beside the list, it fits
        for i, b in enumerate(actions):
            grid.addWidget(b, i // columns, i % columns)
        panel.addLayout(grid)
        self.empty = label(
            _("No learners yet. Learners are added with “New learner” on the first screen."),
            "hint",
        )
        panel.addWidget(self.empty)
        panel.addStretch(1)
        row.addLayout(panel, 1 if large_text() else 3)
        self.unlock.clicked.connect(self._unlock)
        self.set_password.clicked.connect(self._set_password)
        self.clear_password.clicked.connect(self._clear_password)
        self.export.clicked.connect(self._export)
        self.delete.clicked.connect(self._delete)
        self.typing_settings.clicked.connect(self._typing_settings)
        self._show_selected()

    # showing ---------------------------------------------------------------------------------

    def show_overview(self, overview: Overview) -> None:
        self.learners = {x.learner_id: x for x in overview.learners}
        keep = self.selected if self.selected in self.learners else None
        self.list.blockSignals(True)
        self.list.clear()
        for learner in overview.learners:
            access = overview.people.access_for(learner.learner_id)
            item = QListWidgetItem(self.host.pictures.icon(learner.picture, space(56)), "")
            item.setText(f"{learner.display_name}\n{describe(access)}")
            item.setData(Qt.ItemDataRole.UserRole, learner.learner_id)
            # two lines, even when the name is in Dzongkha; at 200 % the state may wrap too
            lines = 2.6 if large_text() else 2.2
            item.setSizeHint(QSize(0, max(100, round(lines * px(36)))))
            if access.has_password and access.locked:
                item.setForeground(QColor(palette().error_text))
            self.list.addItem(item)
            if learner.learner_id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.selected = keep
        self._show_selected()

    def select(self, learner_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == learner_id:
                self.list.setCurrentRow(i)

    def _picked(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        self.selected = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self._show_selected()

    def _access(self) -> LearnerAccess | None:
        overview = self.host.overview
        if overview is None or self.selected is None:
            return None
        return overview.people.access_for(self.selected)

    def _show_selected(self) -> None:
        learner = self.learners.get(self.selected or "")
        access = self._access()
        chosen = learner is not None and access is not None
        self.empty.setVisible(not self.learners)
        self.name.setText(learner.display_name if learner else _("Choose a learner on the left"))
        self.avatar.setVisible(chosen)
        self.state.setText(describe(access) if chosen and access else "")
        locked = bool(chosen and access and access.has_password and access.locked)
        self.state.setProperty("role", "gentle" if locked else "hint")
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        if learner is not None:
            self.avatar.setPixmap(self.host.pictures.pixmap(learner.picture, space(80)))
        self.unlock.setEnabled(bool(chosen and access and access.locked))
        self.set_password.setEnabled(chosen)
        self.set_password.setText(
            _("Change picture password")
            if chosen and access and access.has_password
            else _("Set picture password")
        )
        self.clear_password.setEnabled(bool(chosen and access and access.has_password))
        self.export.setEnabled(chosen)
        self.delete.setEnabled(chosen)
        self.typing_settings.setEnabled(chosen)

    # actions ---------------------------------------------------------------------------------

    def _current(self) -> Learner | None:
        return self.learners.get(self.selected or "")

    def _typing_settings(self) -> None:
        """The unlock thresholds of this learner's keyboard course (accuracy, speed)."""
        from dzlearn.learning.typing_stats import settings_from_events
        from dzlearn.ui.trainer.settings_dialog import TrainerSettingsDialog

        learner = self._current()
        if learner is None:
            return
        events, runner = self.host.people.events, self.host.runner

        def show(current: object) -> None:
            dialog = TrainerSettingsDialog(
                events, runner, learner.learner_id, current, self, learner.display_name
            )
            dialog.saved.connect(
                lambda _s: self.host.show_status(
                    _("Keyboard course settings saved for {name}.").format(
                        name=learner.display_name
                    )
                )
            )
            self.host.open_dialog(dialog)

        runner.run(
            lambda: settings_from_events(events.for_learner(learner.learner_id)),
            show,
            self.host.fail(
                _("Could not read the settings of {name}.").format(name=learner.display_name)
            ),
        )

    def _unlock(self) -> None:
        learner = self._current()
        if learner is None:
            return
        people, fid = self.host.people, self.host.facilitator.facilitator_id
        self.host.act(
            lambda: people.unlock(learner.learner_id, fid),
            _("{name} can log in again.").format(name=learner.display_name),
            _("Could not unlock {name}.").format(name=learner.display_name),
        )

    def _set_password(self) -> None:
        learner = self._current()
        if learner is None:
            return
        people = self.host.people

        def chosen(taps: list[str]) -> None:
            self.host.dialog = None
            self.host.act(
                lambda: people.set_picture_password(learner.learner_id, taps),
                _("{name}'s picture password is saved.").format(name=learner.display_name),
                _("Could not save {name}'s picture password.").format(name=learner.display_name),
            )

        dialog = PicturePasswordDialog(self.host.pictures, learner.display_name, chosen, self.host)
        self.host.open_dialog(dialog)

    def _clear_password(self) -> None:
        learner = self._current()
        if learner is None:
            return
        people, fid = self.host.people, self.host.facilitator.facilitator_id
        self.host.act(
            lambda: people.clear_picture_password(learner.learner_id, fid),
            _("{name} no longer needs a picture password.").format(name=learner.display_name),
            _("Could not clear {name}'s picture password.").format(name=learner.display_name),
        )

    def _export(self) -> None:
        learner = self._current()
        if learner is None:
            return
        host = self.host
        people = host.people
        now = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")

        def write(path: str, data: dict[str, Any]) -> None:
            host.dialog = None
            if not path:
                return
            host.runner.run(
                lambda: write_export(Path(path), data),
                lambda saved: host.show_status(
                    _("{name}'s data is saved in {path}").format(
                        name=learner.display_name, path=saved
                    )
                ),
                host.fail(_("Could not save the file {path}:").format(path=path)),
            )

        def ask(data: dict[str, Any]) -> None:
            suggested = suggested_file_name(learner.display_name, date.today())
            host.dialog = host.ask_save_path(host, suggested, lambda path: write(path, data))

        host.runner.run(
            lambda: people.export_learner(learner.learner_id, exported_at=now),
            ask,
            host.fail(_("Could not gather {name}'s data.").format(name=learner.display_name)),
        )

    def _delete(self) -> None:
        learner = self._current()
        if learner is None:
            return
        people, fid = self.host.people, self.host.facilitator.facilitator_id
        name = learner.display_name

        def confirmed() -> None:
            self.host.dialog = None
            self.host.act(
                lambda: people.delete_learner(learner.learner_id, fid),
                _("{name} was deleted.").format(name=name),
                _("Could not delete {name}.").format(name=name),
            )

        text = _(
            "{name} will disappear from the learner pictures, groups and sessions on this PC,"
            " and on the other PCs after they next synchronise. This cannot be undone."
            " If {name} wants a copy of their data, use “Export data” first."
        ).format(name=name)
        dialog = ConfirmDialog(
            _("Delete {name}?").format(name=name),
            text,
            _("Delete {name}").format(name=name),
            confirmed,
            self.host,
        )
        self.host.open_dialog(dialog)
