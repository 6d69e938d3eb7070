"""What a facilitator sees when the progress file is damaged: a choice, never a traceback."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QWidget

from dzlearn.i18n import _
from dzlearn.ui.style import current_stylesheet, large_text, wrapped


class Recovery(Enum):
    RESTORE = "restore"
    START_FRESH = "fresh"
    QUIT = "quit"


def _box(parent: QWidget | None) -> QMessageBox:
    """A message box at this PC's text size and contrast: it opens before the window has
    applied its display settings (start-up reads them for it). Qt keeps a message box at
    most 800 px wide on a 1280 px screen, so at 150 % and 200 % its buttons go one under the
    other."""
    box = QMessageBox(parent)
    box.setStyleSheet(current_stylesheet())
    buttons = box.findChild(QDialogButtonBox)
    if large_text() and buttons is not None:
        buttons.setOrientation(Qt.Orientation.Vertical)
    return box


def ask_recovery(
    message: str, latest_backup: Path | None, parent: QWidget | None = None
) -> Recovery:
    box = _box(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("dzlearn: the progress file is damaged"))
    box.setText(message)
    box.setInformativeText(
        _(
            "You can restore the latest backup, or start with an empty progress file. Either way"
            " the damaged file is kept aside (not deleted), so it can still be examined."
        )
    )
    restore = None
    if latest_backup is not None:
        restore = box.addButton(
            wrapped(_("Restore the backup of {when}").format(when=_when(latest_backup)), 300),
            QMessageBox.ButtonRole.AcceptRole,
        )
    fresh = box.addButton(_("Start fresh"), QMessageBox.ButtonRole.DestructiveRole)
    quit_ = box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore or quit_)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return Recovery.RESTORE
    if clicked is fresh:
        return Recovery.START_FRESH
    return Recovery.QUIT


def _when(backup: Path) -> str:
    try:
        return datetime.fromtimestamp(backup.stat().st_mtime).strftime("%d %b %Y, %H:%M")
    except OSError:
        return backup.name


def ask_retry(message: str, parent: QWidget | None = None) -> bool:
    """The progress file cannot be reached right now (a pulled stick, a read-only folder)."""
    box = _box(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("dzlearn: the progress file cannot be opened"))
    box.setText(message)
    box.setInformativeText(
        _("Nothing was changed. If dzlearn runs from a USB stick, check that it is plugged in.")
    )
    retry = box.addButton(_("Try again"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry


def show_fatal(message: str, parent: QWidget | None = None) -> None:
    box = _box(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("dzlearn cannot start"))
    box.setText(message)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
