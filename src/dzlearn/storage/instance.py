"""One running dzlearn per data folder, refused politely rather than racing on the progress file.

Two copies of the app writing to one progress file would not corrupt it (SQLite locks), but they
would show each other stale screens and fight over backups. The guard is an operating-system
lock on ``<data root>/dzlearn.lock`` (``flock`` on POSIX, ``msvcrt.locking`` on Windows), which
the system drops when the holder dies however it dies, so a crash never leaves a stale lock
behind and no process-id guessing is needed. The holder writes who it is into the file only so
the refusal can say where the other copy runs.
"""

from __future__ import annotations

import json
import os
import socket
import time
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import DatabaseUnavailable

LOCK_FILENAME = "dzlearn.lock"
# Windows locks are mandatory: a locked byte cannot be read by anyone else. Lock one byte far
# past the holder's note (locking beyond the end of a file is allowed) so the note stays readable.
_WINDOWS_LOCK_OFFSET = 1 << 20
_NOTE_LIMIT = 4096

__all__ = ["LOCK_FILENAME", "AlreadyRunning", "InstanceLock"]


class AlreadyRunning(Exception):
    """Another dzlearn holds the data folder; ``message`` is meant to be shown as it is."""

    def __init__(self, message: str, lock_path: Path, holder: dict[str, Any]) -> None:
        super().__init__(message)
        self.message = message
        self.lock_path = lock_path
        self.holder = holder


if os.name == "nt":  # pragma: no cover - exercised on the Windows CI runner only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock locks belong to the open file, so even a second lock in this process is refused.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _read_note(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            note = json.loads(handle.read(_NOTE_LIMIT) or "{}")
    except (OSError, ValueError):
        return {}
    return note if isinstance(note, dict) else {}


def _since(epoch: object) -> str | None:
    if not isinstance(epoch, int | float):
        return None
    try:
        moment = datetime.fromtimestamp(epoch)
    except (OverflowError, OSError, ValueError):
        return None
    if moment.date() == datetime.now().date():
        return moment.strftime("%H:%M")
    return f"{moment.day} {moment.strftime('%b %Y %H:%M')}"


def refusal_message(holder: dict[str, Any], data_root: Path) -> str:
    """The sentence a facilitator sees when the data folder is already in use."""
    details = []
    pid = holder.get("pid")
    if isinstance(pid, int):
        details.append(f"process {pid}")
    since = _since(holder.get("started"))
    if since:
        details.append(f"since {since}")
    host = holder.get("hostname")
    elsewhere = isinstance(host, str) and host and host != socket.gethostname()
    where = f"on another computer ({host})" if elsewhere else "on this computer"
    shown = f" ({', '.join(details)})" if details else ""
    return (
        f"dzlearn is already open {where}{shown}, using the data folder {data_root}. "
        "Switch to that window instead of starting it again, or close it first. "
        "Two copies must not use the same learners' progress at once."
    )


class InstanceLock:
    """An exclusive claim on a data folder for as long as this process holds it."""

    def __init__(self, data_root: Path) -> None:
        self.data_root = Path(data_root)
        self.path = self.data_root / LOCK_FILENAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise AlreadyRunning; an unusable folder gives DatabaseUnavailable."""
        if self._fd is not None:
            return
        try:
            self.data_root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError as error:
            raise DatabaseUnavailable(
                f"dzlearn cannot use the data folder {self.data_root} "
                f"({error.strerror or error}). Check that the USB stick is plugged in and "
                "not write-protected.",
                self.path,
            ) from error
        try:
            locked = _try_lock(fd)
        except OSError as error:
            os.close(fd)
            raise DatabaseUnavailable(
                f"dzlearn cannot lock its data folder {self.data_root} "
                f"({error.strerror or error}).",
                self.path,
            ) from error
        if not locked:
            os.close(fd)
            holder = _read_note(self.path)
            raise AlreadyRunning(refusal_message(holder, self.data_root), self.path, holder)
        self._fd = fd
        self._write_note(fd)

    def _write_note(self, fd: int) -> None:
        note = {
            "pid": os.getpid(),
            "hostname": socket.gethostname(),
            "started": time.time(),
            "started_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        data = json.dumps(note).encode("utf-8")
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)
        except OSError:
            pass  # the note is a courtesy for the refusal message; the lock itself holds

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        try:
            _unlock(fd)
        except OSError:
            pass  # closing the file releases it anyway
        finally:
            os.close(fd)

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<InstanceLock {self.path} {'held' if self.held else 'free'}>"
