"""Storage errors a facilitator can act on.

SQLite reports trouble as terse codes ("disk I/O error", "attempt to write a readonly database").
Every public entry point of the storage layer turns those into one of the exceptions below, whose
message names the file and says what happened in plain words, so the UI can show it as it is.
The original exception stays available as ``__cause__`` for logs.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError


class StorageError(Exception):
    """Something went wrong with a progress file; ``str(e)`` is meant for a person to read."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class DatabaseCorrupt(StorageError):
    """The file is not a database, or SQLite found it damaged: restore a backup."""


class DatabaseUnavailable(StorageError):
    """The file cannot be opened or written now: permissions, full disk, lock, missing stick."""


_CORRUPT_CODES = {sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB}
_READONLY_CODES = {sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH}
_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}

_READONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _sqlite_error(error: BaseException) -> BaseException:
    """Unwrap SQLAlchemy's wrapper so we look at what sqlite3 itself said."""
    if isinstance(error, DBAPIError) and error.orig is not None:
        return error.orig
    return error


def _primary_code(error: BaseException) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def describe(error: BaseException, path: Path) -> StorageError:
    """Translate a sqlite3, SQLAlchemy or OS error about ``path`` into a StorageError.

    The caller raises the result ``from error``. Both SQLite's result code and its message text
    are consulted, because errors raised while connecting (or synthesised in tests) may carry
    only one of them.
    """
    inner = _sqlite_error(error)
    detail = str(inner).strip() or type(inner).__name__
    code = _primary_code(inner)
    text = detail.lower()

    if isinstance(inner, OSError):
        detail = inner.strerror or detail
        if inner.errno in _FULL_ERRNOS:
            return _disk_full(path, detail)
        if inner.errno in _READONLY_ERRNOS:
            return _read_only(path, detail)
        return DatabaseUnavailable(
            f"The progress file {path} cannot be reached ({detail}). "
            "Check that the folder exists and the USB stick is plugged in.",
            path,
        )

    if code in _CORRUPT_CODES or "malformed" in text or "not a database" in text:
        unreachable = _medium_error(path)
        if unreachable is not None:  # a pulled stick reads as garbage: the file may be fine
            return DatabaseUnavailable(
                f"The progress file {path} cannot be read right now ({unreachable}). The USB "
                "stick may have been removed; plug it back in and try again.",
                path,
            )
        return DatabaseCorrupt(f"The progress file {path} is damaged ({detail}).", path)
    if code == sqlite3.SQLITE_FULL or "disk is full" in text:
        return _disk_full(path, detail)
    if code in _READONLY_CODES or "readonly" in text or "read-only" in text:
        return _read_only(path, detail)
    if code in _BUSY_CODES or "locked" in text or "busy" in text:
        return DatabaseUnavailable(
            f"The progress file {path} is in use by another program (perhaps another copy of "
            f"dzlearn) and stayed locked for too long ({detail}). Close the other program and "
            "try again.",
            path,
        )
    if code == sqlite3.SQLITE_CANTOPEN or "unable to open" in text:
        return DatabaseUnavailable(
            f"The progress file {path} cannot be opened ({detail}). Check that the folder "
            "exists, that it can be written to and that the USB stick is plugged in.",
            path,
        )
    if code == sqlite3.SQLITE_IOERR or "i/o error" in text:
        return DatabaseUnavailable(
            f"The progress file {path} could not be read or written ({detail}). The USB stick "
            "may have been removed or be failing.",
            path,
        )
    return StorageError(f"The progress file {path} could not be used ({detail}).", path)


def _medium_error(path: Path) -> str | None:
    """Why the file's medium cannot be read at all, or None if the OS reads it fine.

    SQLite reports a vanished medium as a malformed file; the operating system knows better.
    """
    try:
        with path.open("rb") as f:
            f.read(512)
        path.parent.stat()
    except FileNotFoundError:
        return None  # gone for good is not "unreachable"; the caller's error stands
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def _disk_full(path: Path, detail: str) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        f"The progress file {path} cannot be saved because the disk is full ({detail}). "
        "Free some space and try again; nothing was lost.",
        path,
    )


def _read_only(path: Path, detail: str) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        f"The progress file {path} cannot be written: the file or its folder is read-only, "
        f"for example a USB stick with its lock switch on ({detail}).",
        path,
    )
