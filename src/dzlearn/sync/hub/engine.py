"""Opening the hub's database from a URL: SQLite on a centre's laptop, PostgreSQL nationally.

Every failure comes out as a HubError whose one-line message a person can act on (a mistyped URL,
a server that is not running, a missing driver), never a driver traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from .records import HubError

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000
_READ = "dzlearn_hub_read"


def parse_url(url: str) -> URL:
    """A supported database URL, with ``postgresql://`` meaning psycopg (version 3)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise HubError(
            400, f"not a database URL: {url!r} (use sqlite:///path/hub.db or postgresql://…)"
        ) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise HubError(400, f"a SQLite hub needs a file: sqlite:///path/hub.db, not {url!r}")
        return parsed
    if backend in ("postgresql", "postgres"):
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed
    raise HubError(400, f"unsupported database {backend!r} in {url!r}: use sqlite or postgresql")


def safe_url(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def first_line(error: BaseException) -> str:
    """The driver's own words, without SQLAlchemy's SQL echo and background links."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    text = str(cause).strip() or type(cause).__name__
    return text.splitlines()[0]


def make_engine(url: URL) -> Engine:
    """An engine configured for the hub's durability and concurrency needs."""
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "").expanduser().resolve()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # The file holds the hub's private keys: readable by its owner only (SQLite gives
            # its -wal and -shm files the same permissions).
            os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
        except OSError as error:
            raise HubError(503, f"cannot create {path}: {error.strerror}") from None
        engine = create_engine(url.set(database=str(path)))
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as error:
        raise HubError(
            503,
            f"PostgreSQL support needs the {error.name} package: pip install 'dzlearn[postgres]'",
        ) from None
    except ArgumentError as error:
        raise HubError(400, f"bad database URL {safe_url(url)}: {error}") from None


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # BEGIN is ours, see _sqlite_on_begin
    for pragma in (
        f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=FULL",
    ):
        dbapi_connection.execute(pragma).fetchall()


def _sqlite_on_begin(connection: Connection) -> None:
    """Writers take the lock at BEGIN (and wait for it); readers read a snapshot."""
    reading = connection.get_execution_options().get(_READ, False)
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """One consistent snapshot for several queries (a pull page and its bounds)."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            connection.execution_options(isolation_level="REPEATABLE READ")
        else:
            connection.execution_options(**{_READ: True})
        with connection.begin():
            yield connection


@contextmanager
def database_errors(what: str) -> Iterator[None]:
    """Turn driver failures during ``what`` into a 503 HubError (logged with the traceback)."""
    try:
        yield
    except HubError:
        raise
    except (SQLAlchemyError, OSError) as error:
        log.exception("hub database failure while %s", what)
        raise HubError(503, f"the hub's database failed while {what}: {first_line(error)}") from (
            error
        )
