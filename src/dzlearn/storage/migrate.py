"""Bringing an older (or new, empty) database up to the current schema with Alembic.

Imported only when ``Database.open`` finds a stored revision other than HEAD_REVISION, because
importing Alembic costs more start-up time than the rest of the storage layer. An existing
database is snapshotted before the upgrade and put back if anything goes wrong, so a failed
update never leaves a learner's file half-migrated.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine

from .backups import restore_from, set_aside, vacuum_into
from .errors import StorageError
from .schema import HEAD_REVISION

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
PRE_UPGRADE_BACKUPS_KEPT = 7


def alembic_config(connection: Connection | None = None) -> Config:
    """A Config built in code (no alembic.ini), pointing at the migrations inside the package."""
    config = Config()
    # ConfigParser treats "%" as interpolation; a folder name may contain one.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _is_known(revision: str) -> bool:
    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        return False
    return True


def _upgrade(connection: Connection) -> None:
    """Run every pending migration inside the caller's transaction."""
    command.upgrade(alembic_config(connection), "head")


def _run_upgrade(engine: Engine) -> None:
    # SQLite's recipe for table rebuilds (which batch mode does): foreign keys off outside the
    # transaction, check them before commit, on again afterwards.
    with engine.connect() as connection:
        driver = connection.connection.driver_connection
        driver.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                _upgrade(connection)
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
        finally:
            driver.execute("PRAGMA foreign_keys=ON")


def _short(error: BaseException) -> str:
    """The gist of an error for a person: sqlite3's own words, not SQLAlchemy's SQL dump."""
    inner = getattr(error, "orig", None) or error
    lines = str(inner).strip().splitlines()
    return lines[0] if lines else type(inner).__name__


def upgrade_to_head(engine: Engine, db_path: Path, stored: str | None, has_data: bool) -> None:
    """Migrate from ``stored`` to head, with a backup and restore around an existing database.

    On failure the engine is disposed and, for an existing database, the file is put back from
    the pre-upgrade snapshot (the failed attempt is set aside, not deleted); then StorageError.
    """
    if stored is not None and not _is_known(stored):
        raise StorageError(
            f"The progress file {db_path} was made by a newer version of dzlearn (schema "
            f"{stored}; this version knows up to {HEAD_REVISION}). Update dzlearn on this "
            "computer to use it. The file was not changed.",
            db_path,
        )
    backup = None
    if has_data:
        raw = engine.raw_connection()
        try:
            backup = vacuum_into(raw.driver_connection, db_path, PRE_UPGRADE_BACKUPS_KEPT)
        finally:
            raw.close()
    try:
        _run_upgrade(engine)
    except Exception as error:
        engine.dispose()
        log.exception("upgrading %s from %s failed", db_path, stored)
        if backup is None:
            raise StorageError(
                f"The new progress file {db_path} could not be set up ({_short(error)}).", db_path
            ) from error
        kept = set_aside(db_path)
        restore_from(db_path, backup)
        raise StorageError(
            f"The progress file {db_path} could not be updated for this version of dzlearn "
            f"({_short(error)}). It has been put back as it was before the update (from {backup}); "
            f"the failed attempt is kept in {kept}.",
            db_path,
        ) from error
    log.info("upgraded %s from %s to %s", db_path, stored, HEAD_REVISION)
