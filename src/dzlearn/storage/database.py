"""Opening the progress database safely on shared PCs and USB sticks.

One ``Database`` per file per process, made by the composition root and passed to the services
that need it. Opening checks the file (quick_check, not the slow integrity_check), migrates only
when the stored schema revision differs from HEAD_REVISION (so a normal start never imports
Alembic), and makes sure this device has its id. Every failure comes out as a StorageError whose
message a facilitator can act on.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, insert, select
from sqlalchemy.exc import SQLAlchemyError

from .backups import backups_dir, list_backups, restore_latest_backup, set_aside, vacuum_into
from .errors import DatabaseCorrupt, DatabaseUnavailable, StorageError, describe
from .schema import HEAD_REVISION, device

__all__ = [
    "Database",
    "backups_dir",
    "list_backups",
    "restore_latest_backup",
    "set_aside",
]

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_CONNECTION_PRAGMAS = (
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",  # first: the next ones may have to wait for a lock
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
)
_DEFERRED = "dzlearn_deferred_begin"
_DB_ERRORS = (SQLAlchemyError, sqlite3.Error)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, see _on_begin
    for pragma in _CONNECTION_PRAGMAS:
        row = dbapi_connection.execute(pragma).fetchone()
        if pragma.endswith("WAL") and row is not None and str(row[0]).lower() != "wal":
            log.warning("SQLite kept journal_mode=%s instead of WAL", row[0])


def _on_begin(connection: Connection) -> None:
    """Writers take the write lock at BEGIN, so they wait (busy_timeout) instead of failing."""
    deferred = connection.get_execution_options().get(_DEFERRED, False)
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


def make_engine(path: Path) -> Engine:
    engine = create_engine(URL.create("sqlite", database=str(path)))
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Database:
    """An open progress file: its engine and the id of the device that writes to it."""

    def __init__(self, path: Path, engine: Engine, device_id: str) -> None:
        self.path = path
        self.engine = engine
        self.device_id = device_id
        self._closed = False

    @classmethod
    def open(cls, path: Path) -> Database:
        path = Path(path).resolve()
        try:
            _prepare_folder(path)
            has_content = path.is_file() and path.stat().st_size > 0
        except OSError as error:
            raise describe(error, path) from error
        engine = make_engine(path)
        try:
            device_id = _bring_up(engine, path, has_content)
        except StorageError:
            engine.dispose()
            raise
        except (*_DB_ERRORS, OSError) as error:
            engine.dispose()
            raise describe(error, path) from error
        except BaseException:
            engine.dispose()
            raise
        return cls(path, engine, device_id)

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A BEGIN IMMEDIATE transaction; commits on success, rolls back on any exception."""
        self._require_open()
        try:
            with self.engine.begin() as connection:
                yield connection
        except _DB_ERRORS as error:
            raise describe(error, self.path) from error

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A deferred transaction: a consistent snapshot that does not block the writer."""
        self._require_open()
        try:
            with self.engine.connect() as connection:
                connection.execution_options(**{_DEFERRED: True})
                with connection.begin():
                    yield connection
        except _DB_ERRORS as error:
            raise describe(error, self.path) from error

    def backup(self, keep: int = 7) -> Path:
        """Snapshot into ``backups/`` with VACUUM INTO and keep only the ``keep`` newest."""
        self._require_open()
        try:
            raw = self.engine.raw_connection()
        except _DB_ERRORS as error:
            raise describe(error, self.path) from error
        try:
            return vacuum_into(raw.driver_connection, self.path, keep)
        finally:
            raw.close()

    def close(self) -> None:
        """Checkpoint the WAL into the main file (the safe moment is a clean exit), then let go."""
        if self._closed:
            return
        self._closed = True
        try:
            raw = self.engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()
        except _DB_ERRORS as error:
            # Committed work is already durable in the WAL; a failed checkpoint loses nothing.
            log.warning("checkpoint of %s on close failed: %s", self.path, error)
        finally:
            self.engine.dispose()

    @property
    def closed(self) -> bool:
        return self._closed

    def _require_open(self) -> None:
        if self._closed:
            raise StorageError(f"The progress file {self.path} has already been closed.", self.path)

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<Database {self.path} device={self.device_id} {state}>"


def _prepare_folder(path: Path) -> None:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as error:
        blocker = next((p for p in (folder, *folder.parents) if p.is_file()), folder)
        raise DatabaseUnavailable(
            f"The progress file {path} cannot be created because {blocker} is a file, "
            "not a folder.",
            path,
        ) from error
    except OSError as error:
        raise describe(error, path) from error
    if path.is_dir():
        raise DatabaseUnavailable(
            f"The progress file {path} cannot be opened because it is a folder.", path
        )
    _check_writable(path)


def _check_writable(path: Path) -> None:
    """Refuse a read-only file or folder up front, instead of failing at the first save.

    WAL needs to create -wal and -shm files next to the database, so the folder must be
    writable too. ``os.access`` ignores a read-only mount for root, so the file is also
    opened for writing (which does not change it).
    """
    for target in (path.parent, path):
        if target.exists() and not os.access(target, os.W_OK):
            raise DatabaseUnavailable(
                f"The progress file {path} cannot be written: {target} is read-only "
                "(for example a USB stick with its lock switch on, or missing permissions).",
                path,
            )
    if path.exists():
        try:
            os.close(os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0)))
        except OSError as error:
            raise describe(error, path) from error


def _bring_up(engine: Engine, path: Path, has_content: bool) -> str:
    with engine.connect() as connection:
        connection.execution_options(**{_DEFERRED: True})
        if has_content:
            _quick_check(connection, path)
        tables = {
            row[0]
            for row in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
        stored = None
        if "alembic_version" in tables:
            stored = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        connection.rollback()
    if stored != HEAD_REVISION:
        from . import migrate  # Alembic is slow to import: only when there is work to do.

        migrate.upgrade_to_head(engine, path, stored, has_data=bool(tables - {"alembic_version"}))
    return _ensure_device(engine)


def _quick_check(connection: Connection, path: Path) -> None:
    rows = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check")]
    if rows != ["ok"]:
        shown = "; ".join(rows[:3]) + ("; …" if len(rows) > 3 else "")
        raise DatabaseCorrupt(f"The progress file {path} is damaged ({shown}).", path)


def _ensure_device(engine: Engine) -> str:
    """Each device gets one id, made here the first time and kept in the file from then on."""
    with engine.begin() as connection:
        existing = connection.execute(
            select(device.c.device_id).order_by(device.c.created_at, device.c.device_id).limit(1)
        ).scalar()
        if existing is not None:
            return str(existing)
        device_id = uuid.uuid4().hex
        created_at = datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
        connection.execute(insert(device).values(device_id=device_id, created_at=created_at))
        return device_id
