"""Start-up after the window is on screen: open storage and load lessons off the UI thread.

The window appears at once (with "getting ready") even on a slow community-centre PC; a damaged
progress file then gets a dialog with a choice, on top of the window, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from dzlearn.paths import DataLocation
from dzlearn.ui.recovery import Recovery, ask_recovery, ask_retry, show_fatal
from dzlearn.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from dzlearn.services import Services

AskRecovery = Callable[[str, Path | None, QWidget | None], Recovery]
AskRetry = Callable[[str, QWidget | None], bool]


class Startup(QObject):
    ready = Signal(object)  # Services
    failed = Signal(str)  # a message; the app quits

    def __init__(
        self,
        runner: TaskRunner,
        location: DataLocation,
        resources: Path,
        parent_window: QWidget | None,
        ask: AskRecovery = ask_recovery,
        interactive: bool = True,
        retry: AskRetry = ask_retry,
    ) -> None:
        super().__init__()
        self._runner = runner
        self._location = location
        self._resources = resources
        self._window = parent_window
        self._ask = ask
        self._retry = retry
        self._interactive = interactive

    def begin(self, before_open: Callable[[], object] | None = None) -> None:
        def work() -> Services:
            from dzlearn.services import Services
            from dzlearn.storage import Database, InstanceLock

            lock = InstanceLock(self._location.root)
            lock.acquire()  # a second copy of dzlearn on the same data is refused politely
            try:
                if before_open is not None:
                    before_open()
                db = Database.open(self._location.database)
            except BaseException:
                lock.release()
                raise
            try:
                services = Services.build(self._location, self._resources, db)
            except BaseException:
                db.close()
                lock.release()
                raise
            services.instance_lock = lock
            return services

        self._runner.run(work, self.ready.emit, self._on_error)

    def _on_error(self, error: BaseException) -> None:
        from dzlearn.storage import (
            AlreadyRunning,
            DatabaseCorrupt,
            DatabaseUnavailable,
            StorageError,
            list_backups,
            restore_latest_backup,
            set_aside,
        )

        path = self._location.database
        if self._interactive:
            self._use_display_settings()
        if isinstance(error, DatabaseCorrupt) and self._interactive:
            backups = list_backups(path)
            choice = self._ask(str(error), backups[0] if backups else None, self._window)
            if choice is Recovery.RESTORE:
                self.begin(lambda: restore_latest_backup(path))
                return
            if choice is Recovery.START_FRESH:
                self.begin(lambda: set_aside(path))
                return
            self.failed.emit(str(error))
            return
        if isinstance(error, DatabaseUnavailable) and self._interactive:
            if self._retry(str(error), self._window):  # e.g. after the stick is plugged back in
                self.begin()
                return
            self.failed.emit(str(error))
            return
        if isinstance(error, AlreadyRunning):
            message = error.message
        elif isinstance(error, StorageError):
            message = str(error)
        else:
            message = _unexpected(error)
        if self._interactive:
            show_fatal(message, self._window)
        self.failed.emit(message)

    def _use_display_settings(self) -> None:
        """The dialogs below come before the window has its settings: they are shown at this
        PC's text size and contrast all the same (a few bytes; defaults if unreadable)."""
        from dzlearn.ui.settings import load_settings, settings_path
        from dzlearn.ui.style import apply_display

        settings = load_settings(settings_path(self._location.root))
        apply_display(settings.scale / 100, settings.high_contrast)


def _unexpected(error: BaseException) -> str:
    return f"dzlearn could not start: {type(error).__name__}: {error}"
