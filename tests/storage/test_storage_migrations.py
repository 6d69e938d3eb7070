"""Alembic migrations: head, upgrades, failure and restore, newer files, start-up cost."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from dzlearn.storage import (
    HEAD_REVISION,
    Database,
    EventLog,
    LearnerStore,
    StorageError,
    list_backups,
    migrate,
)
from dzlearn.storage.schema import metadata

FIXTURES = Path(__file__).with_name("fixtures")


def _sql(path: Path, query: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def _tables(path: Path) -> set[str]:
    return {row[0] for row in _sql(path, "SELECT name FROM sqlite_master WHERE type='table'")}


def test_head_revision_matches_alembic() -> None:
    assert migrate.script_head() == HEAD_REVISION


def test_schema_module_matches_the_migrations(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, metadata) == []


def test_new_database_is_at_head(db: Database) -> None:
    assert _sql(db.path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert {"device", "events", "learners"} <= _tables(db.path)
    triggers = {
        row[0] for row in _sql(db.path, "SELECT name FROM sqlite_master WHERE type='trigger'")
    }
    assert triggers == {"events_no_update", "events_no_delete"}
    assert list_backups(db.path) == []  # nothing to back up before creating a new file


@pytest.mark.parametrize("state", ["zero-bytes", "unstamped", "empty-version-table"])
def test_database_at_an_empty_schema_upgrades(db_path: Path, state: str) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"")
    if state != "zero-bytes":
        connection = sqlite3.connect(db_path)
        connection.execute("PRAGMA user_version = 0")
        if state == "empty-version-table":
            connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        connection.commit()
        connection.close()
    with Database.open(db_path) as db:
        LearnerStore(db, EventLog(db)).create("Pema", "yak")
    assert _sql(db_path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]


def test_released_schema_fixtures_open_with_their_data(tmp_path: Path) -> None:
    """Each released schema leaves a database in fixtures/; every one must still open."""
    fixtures = sorted(FIXTURES.glob("dzlearn-schema-*.sqlite"))
    assert fixtures, "missing fixture databases"
    for fixture in fixtures:
        copy = tmp_path / fixture.name
        shutil.copyfile(fixture, copy)
        with Database.open(copy) as db:
            names = [learner.display_name for learner in LearnerStore(db, EventLog(db)).list()]
            assert names == ["Dorji", "Pema", "ཀརྨ"]
            assert EventLog(db).count() == 4
            assert db.device_id == "fa11ba5e000000000000000000000001"
        assert _sql(copy, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]


def _older_database(db_path: Path) -> None:
    """A database with data whose version row is gone, so open() must run the upgrade."""
    with Database.open(db_path) as db:
        store = LearnerStore(db, EventLog(db))
        store.create("Pema", "yak")
        store.create("Dorji", "tiger")
    connection = sqlite3.connect(db_path)
    connection.execute("DELETE FROM alembic_version")
    connection.commit()
    connection.close()


def test_failed_upgrade_restores_the_backup(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _older_database(db_path)

    def damaging_upgrade(engine: Engine) -> None:
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE learners")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(migrate, "_run_upgrade", damaging_upgrade)
    with pytest.raises(StorageError) as caught:
        Database.open(db_path)
    assert str(db_path) in str(caught.value)
    assert isinstance(caught.value.__cause__, RuntimeError)

    assert "learners" in _tables(db_path)
    assert sorted(row[0] for row in _sql(db_path, "SELECT display_name FROM learners")) == [
        "Dorji",
        "Pema",
    ]
    (backup,) = list_backups(db_path)
    assert "learners" in _tables(backup)
    (aside,) = (db_path.parent / "set-aside").iterdir()
    assert "learners" not in _tables(aside / db_path.name)  # the failed attempt, kept

    assert _sql(db_path, "PRAGMA integrity_check") == [("ok",)]


def test_upgrade_of_existing_data_is_backed_up_first(db_path: Path) -> None:
    """With the version row gone the real upgrade fails (tables exist) and is rolled back."""
    _older_database(db_path)
    with pytest.raises(StorageError, match="put back"):
        Database.open(db_path)
    (backup,) = list_backups(db_path)
    assert _sql(backup, "SELECT count(*) FROM learners") == [(2,)]
    assert _sql(db_path, "SELECT count(*) FROM learners") == [(2,)]


def test_database_from_a_newer_version_is_refused_unchanged(db_path: Path) -> None:
    Database.open(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="newer version"):
        Database.open(db_path)
    assert db_path.read_bytes() == before
    assert list_backups(db_path) == []


def test_normal_start_imports_neither_alembic_nor_qt(db_path: Path, run_child) -> None:
    Database.open(db_path).close()
    result = run_child("startup", str(db_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"alembic": False, "qt": False}
