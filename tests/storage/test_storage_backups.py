"""Backups, setting damaged files aside, and restoring."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dzlearn.storage import (
    Database,
    DatabaseCorrupt,
    EventLog,
    LearnerStore,
    StorageError,
    backups_dir,
    list_backups,
    restore_latest_backup,
    set_aside,
)


def _count(path: Path, table: str = "events") -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        connection.close()


def _integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def test_backup_is_a_valid_copy(db: Database, log: EventLog) -> None:
    for n in range(10):
        log.append(None, "tick", {"n": n})
    backup = db.backup()
    assert backup.parent == backups_dir(db.path) == db.path.parent / "backups"
    assert backup.name.startswith("dzlearn-") and backup.suffix == ".sqlite"
    assert _integrity(backup) == "ok"
    assert _count(backup) == log.count() == 10
    assert list_backups(db.path) == [backup]
    assert not list(backup.parent.glob("*.partial"))


def test_rotation_keeps_the_newest(db: Database, log: EventLog) -> None:
    made = []
    for n in range(5):
        log.append(None, "tick", {"n": n})
        made.append(db.backup(keep=3))
    kept = list_backups(db.path)
    assert kept == list(reversed(made[-3:]))
    assert [_count(path) for path in kept] == [5, 4, 3]
    assert not made[0].exists() and not made[1].exists()


def test_rotation_leaves_other_files_alone(db: Database) -> None:
    folder = backups_dir(db.path)
    folder.mkdir()
    (folder / "notes.txt").write_text("facilitator's notes")
    (folder / "other-20240101T000000000000Z.sqlite").write_bytes(b"")
    for _ in range(3):
        db.backup(keep=1)
    assert (folder / "notes.txt").exists()
    assert (folder / "other-20240101T000000000000Z.sqlite").exists()
    assert len(list_backups(db.path)) == 1


def test_keep_must_be_positive(db: Database) -> None:
    with pytest.raises(ValueError):
        db.backup(keep=0)


def test_list_backups_without_folder(tmp_path: Path) -> None:
    assert list_backups(tmp_path / "dzlearn.sqlite") == []


def test_set_aside_moves_db_wal_and_shm_together(db_path: Path, run_child) -> None:
    db_path.parent.mkdir(parents=True)
    result = run_child("hard-exit", str(db_path), "7")  # leaves -wal and -shm behind
    assert result.returncode == 0, result.stderr
    parts = [
        db_path,
        db_path.with_name(db_path.name + "-wal"),
        db_path.with_name(db_path.name + "-shm"),
    ]
    assert all(part.exists() for part in parts)

    folder = set_aside(db_path)

    assert folder.parent == db_path.parent / "set-aside"
    assert not any(part.exists() for part in parts)
    assert sorted(p.name for p in folder.iterdir()) == sorted(part.name for part in parts)
    # the committed events lived only in the -wal: they came along
    assert _count(folder / db_path.name) == 7


def test_set_aside_twice_keeps_both(db_path: Path) -> None:
    Database.open(db_path).close()
    first = set_aside(db_path)
    Database.open(db_path).close()
    second = set_aside(db_path)
    assert first != second
    assert (first / db_path.name).exists() and (second / db_path.name).exists()


def test_set_aside_without_a_file(tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        set_aside(tmp_path / "dzlearn.sqlite")


def test_restore_latest_backup_brings_back_the_backed_up_rows(db_path: Path) -> None:
    with Database.open(db_path) as db:
        store = LearnerStore(db, EventLog(db))
        pema = store.create("Pema", "yak")
        db.backup()
        store.create("Dorji", "tiger")
    damaged = db_path.read_bytes()

    used = restore_latest_backup(db_path)

    assert used == list_backups(db_path)[0]
    with Database.open(db_path) as db:
        assert LearnerStore(db, EventLog(db)).list() == [pema]
    (aside,) = (db_path.parent / "set-aside").iterdir()
    assert (aside / db_path.name).read_bytes() == damaged  # nothing deleted


def test_restore_recovers_from_corruption(db_path: Path) -> None:
    with Database.open(db_path) as db:
        LearnerStore(db, EventLog(db)).create("Pema", "yak")
        db.backup()
    db_path.write_bytes(b"this is not sqlite" * 500)
    with pytest.raises(DatabaseCorrupt):
        Database.open(db_path)
    restore_latest_backup(db_path)
    with Database.open(db_path) as db:
        assert [learner.display_name for learner in LearnerStore(db, EventLog(db)).list()] == [
            "Pema"
        ]


def test_restore_without_backups_changes_nothing(db_path: Path) -> None:
    Database.open(db_path).close()
    with pytest.raises(StorageError, match="no backups"):
        restore_latest_backup(db_path)
    assert db_path.exists()
    assert not (db_path.parent / "set-aside").exists()
