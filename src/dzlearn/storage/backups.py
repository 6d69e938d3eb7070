"""Backups, setting a damaged file aside, and restoring.

A live SQLite file must never be copied (a copy can catch it half-written) and its ``-wal``/``-shm``
companions must never be separated from it. So backups are made with ``VACUUM INTO`` from an open
connection, written under a temporary name and renamed into place once synced, and a file that
has to go is *moved*, with its companions, into a dated folder: nothing here ever deletes a
learner's data except the rotation of old backups.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .errors import StorageError, describe

log = logging.getLogger(__name__)

BACKUPS_FOLDER = "backups"
SET_ASIDE_FOLDER = "set-aside"
_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_COMPANION_SUFFIXES = ("-journal", "-wal", "-shm")


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).parent / BACKUPS_FOLDER


def _backup_pattern(db_path: Path) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(Path(db_path).stem)}-(\d{{8}}T\d{{12}}Z)\.sqlite")


def list_backups(db_path: Path) -> list[Path]:
    """Backups of ``db_path``, newest first; files that merely sit in the folder are ignored."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    pattern = _backup_pattern(db_path)
    stamped = []
    for entry in folder.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and entry.is_file():
            stamped.append((match.group(1), entry))
    return [entry for _, entry in sorted(stamped, reverse=True)]


def _stamp(moment: datetime) -> str:
    return moment.strftime(_STAMP_FORMAT)


def _unused_backup_name(db_path: Path) -> Path:
    folder = backups_dir(db_path)
    moment = datetime.now(UTC)
    while True:
        candidate = folder / f"{Path(db_path).stem}-{_stamp(moment)}.sqlite"
        if not candidate.exists():
            return candidate
        moment += timedelta(microseconds=1)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable; Windows cannot open folders and commits renames itself."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def vacuum_into(connection: sqlite3.Connection, db_path: Path, keep: int) -> Path:
    """Snapshot the open database behind ``connection`` into the backups folder and rotate.

    ``connection`` must not be inside a transaction (VACUUM cannot run in one).
    """
    if keep < 1:
        raise ValueError(f"keep must be at least 1, not {keep}")
    target = _unused_backup_name(db_path)
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if partial.exists():
            partial.unlink()
        connection.execute("VACUUM INTO ?", (str(partial),))
        _fsync_file(partial)
        os.replace(partial, target)
        _fsync_folder(target.parent)
    except (sqlite3.Error, OSError) as error:
        raise describe(error, Path(db_path)) from error
    _rotate(db_path, keep)
    return target


def _rotate(db_path: Path, keep: int) -> None:
    for old in list_backups(db_path)[keep:]:
        try:
            old.unlink()
        except OSError as error:
            log.warning("could not remove old backup %s: %s", old, error)


def _existing_parts(db_path: Path) -> list[Path]:
    """The database and its companions that exist, companions first.

    Moving companions first means an interruption leaves, at the original place, a database
    without its journal (an older but consistent state) rather than a stray ``-wal`` that SQLite
    would try to replay into whatever file appears under that name next.
    """
    db_path = Path(db_path)
    parts = [db_path.with_name(db_path.name + suffix) for suffix in _COMPANION_SUFFIXES]
    parts.append(db_path)
    return [part for part in parts if part.exists()]


def set_aside(db_path: Path) -> Path:
    """Move a (closed) database and its companions into ``set-aside/<UTC stamp>/``; return that."""
    db_path = Path(db_path)
    parts = _existing_parts(db_path)
    if not parts:
        raise StorageError(f"There is no progress file at {db_path} to set aside.", db_path)
    root = db_path.parent / SET_ASIDE_FOLDER
    stamp = _stamp(datetime.now(UTC))
    try:
        root.mkdir(parents=True, exist_ok=True)
        folder = root / stamp
        attempt = 0
        while True:
            try:
                folder.mkdir()
                break
            except FileExistsError:
                attempt += 1
                folder = root / f"{stamp}-{attempt}"
        for part in parts:
            os.rename(part, folder / part.name)
        _fsync_folder(folder)
        _fsync_folder(db_path.parent)
    except OSError as error:
        raise describe(error, db_path) from error
    log.warning("set aside %s into %s", db_path, folder)
    return folder


def restore_from(db_path: Path, backup: Path) -> None:
    """Put a copy of ``backup`` at ``db_path``, setting aside whatever is there first."""
    db_path = Path(db_path)
    if _existing_parts(db_path):
        set_aside(db_path)
    incoming = db_path.with_name(db_path.name + ".restoring")
    try:
        shutil.copyfile(backup, incoming)
        _fsync_file(incoming)
        os.replace(incoming, db_path)
        _fsync_folder(db_path.parent)
    except OSError as error:
        raise describe(error, db_path) from error


def restore_latest_backup(db_path: Path) -> Path:
    """Replace a damaged database with its newest backup; the damaged one is set aside, not lost."""
    db_path = Path(db_path)
    backups = list_backups(db_path)
    if not backups:
        raise StorageError(
            f"The progress file {db_path} has no backups in {backups_dir(db_path)} to restore.",
            db_path,
        )
    restore_from(db_path, backups[0])
    return backups[0]
