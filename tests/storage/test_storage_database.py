"""Opening, pragmas, locking, corruption and unavailable files."""

from __future__ import annotations

import json
import random
import sqlite3
import sys
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError

from dzlearn.storage import (
    Database,
    DatabaseCorrupt,
    DatabaseUnavailable,
    EventLog,
    LearnerStore,
    StorageError,
)
from dzlearn.storage import database as database_module
from dzlearn.storage.errors import describe
from dzlearn.storage.schema import events


def test_every_connection_gets_the_pragmas(db: Database) -> None:
    for _ in range(2):  # a fresh pooled connection and a reused one
        with db.engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2
            assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            assert raw.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
            assert raw.isolation_level is None


def test_writes_take_the_lock_at_begin_and_reads_do_not(db: Database) -> None:
    other = sqlite3.connect(db.path, timeout=0, isolation_level=None)
    try:
        with db.writing():
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with db.reading():
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()


def test_reopen_keeps_device_id_and_data(db_path: Path) -> None:
    with Database.open(db_path) as first:
        device_id = first.device_id
        store = LearnerStore(first, EventLog(first))
        pema = store.create("Pema", "yak")
    assert len(device_id) == 32
    with Database.open(db_path) as again:
        assert again.device_id == device_id
        assert LearnerStore(again, EventLog(again)).get(pema.learner_id) == pema
        assert EventLog(again).count() == 1


def test_different_files_get_different_device_ids(tmp_path: Path) -> None:
    with Database.open(tmp_path / "a.sqlite") as a, Database.open(tmp_path / "b.sqlite") as b:
        assert a.device_id != b.device_id


def test_open_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "stick" / "Data" / "dzlearn.sqlite"
    with Database.open(path) as db:
        assert db.path == path
    assert path.is_file()


def test_close_is_idempotent_and_checkpoints(db_path: Path) -> None:
    db = Database.open(db_path)
    EventLog(db).append(None, "t", {})
    db.close()
    db.close()
    assert not db_path.with_name(db_path.name + "-wal").exists()
    with pytest.raises(StorageError, match="closed"):
        EventLog(db).append(None, "t", {})


def test_random_bytes_are_reported_as_corrupt(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(random.Random(1).randbytes(16384))
    with pytest.raises(DatabaseCorrupt) as caught:
        Database.open(db_path)
    assert str(db_path) in str(caught.value)
    assert "damaged" in str(caught.value)
    assert caught.value.path == db_path
    assert caught.value.__cause__ is not None


def test_overwritten_pages_are_caught_by_quick_check(db_path: Path) -> None:
    with Database.open(db_path) as db:
        rows = [
            {
                "event_id": f"{n:032x}",
                "device_id": db.device_id,
                "device_seq": n,
                "learner_id": f"learner-{n % 7}",
                "type": "filler",
                "payload": json.dumps({"n": n, "text": "ཀ་ཁ་ག་ང་" * 20}, ensure_ascii=False),
                "occurred_at": "2024-01-01T00:00:00Z",
                "recorded_at": "2024-01-01T00:00:00Z",
            }
            for n in range(1, 3001)
        ]
        with db.writing() as connection:
            connection.execute(insert(events), rows)
        with db.reading() as connection:
            page_size = connection.exec_driver_sql("PRAGMA page_size").scalar()
    size = db_path.stat().st_size
    pages = size // page_size
    assert pages > 200, "the file must have many pages for the damage to land inside it"
    with open(db_path, "r+b") as handle:
        handle.seek((pages // 2) * page_size)
        handle.write(random.Random(2).randbytes(8 * page_size))
    assert db_path.stat().st_size == size

    with pytest.raises(DatabaseCorrupt) as caught:
        Database.open(db_path)
    assert str(db_path) in str(caught.value)


def test_parent_that_is_a_file_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailable) as caught:
        Database.open(blocker / "dzlearn.sqlite")
    assert str(blocker) in str(caught.value)
    assert "is a file" in str(caught.value)


def test_path_that_is_a_folder_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "dzlearn.sqlite").mkdir()
    with pytest.raises(DatabaseUnavailable, match="is a folder"):
        Database.open(tmp_path / "dzlearn.sqlite")


def test_read_only_file_is_refused_at_open(db_path: Path, read_only) -> None:
    Database.open(db_path).close()
    with read_only(db_path), pytest.raises(DatabaseUnavailable) as caught:
        Database.open(db_path)
    assert str(db_path) in str(caught.value)
    assert "read-only" in str(caught.value)


def test_read_only_folder_is_refused_at_open(db_path: Path, read_only) -> None:
    Database.open(db_path).close()
    with read_only(db_path.parent), pytest.raises(DatabaseUnavailable) as caught:
        Database.open(db_path)
    assert str(db_path) in str(caught.value)


def test_sqlite_read_only_error_on_append_leaves_log_unchanged(
    db_path: Path, read_only, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the up-front check SQLite itself refuses the write; the message stays clear."""
    with Database.open(db_path) as db:
        EventLog(db).append(None, "before", {})
    monkeypatch.setattr(database_module, "_check_writable", lambda path: None)
    with read_only(db_path):
        with Database.open(db_path) as db:
            log = EventLog(db)
            with pytest.raises(DatabaseUnavailable) as caught:
                log.append(None, "refused", {"x": 1})
            assert "read-only" in str(caught.value)
            assert str(db_path) in str(caught.value)
            assert log.count() == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses RLIMIT_FSIZE")
def test_failed_write_on_append_is_unavailable_and_changes_nothing(
    db_path: Path, run_child
) -> None:
    """A file-size limit makes SQLite's write fail mid-transaction, as a full disk or FAT32's
    4 GiB cap would."""
    db_path.parent.mkdir(parents=True)
    result = run_child("disk-full", str(db_path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["error"] is not None, "the oversized write should have failed"
    assert str(db_path) in report["error"]["message"]
    assert report["after"] == report["before"] == 5
    assert report["next_seq"] == 6  # the failed append did not use up a sequence number
    with Database.open(db_path) as db:
        assert EventLog(db).count() == 6


def _operational(message: str, code: int | None = None) -> OperationalError:
    inner = sqlite3.OperationalError(message)
    if code is not None:
        inner.sqlite_errorcode = code
    return OperationalError("INSERT ...", {}, inner)


@pytest.mark.parametrize(
    ("error", "kind", "phrase"),
    [
        (_operational("attempt to write a readonly database"), DatabaseUnavailable, "read-only"),
        (_operational("database or disk is full"), DatabaseUnavailable, "disk is full"),
        (_operational("database is locked"), DatabaseUnavailable, "in use by another program"),
        (_operational("disk I/O error", 778), DatabaseUnavailable, "could not be read or written"),
        (_operational("unable to open database file"), DatabaseUnavailable, "cannot be opened"),
        (sqlite3.DatabaseError("database disk image is malformed"), DatabaseCorrupt, "damaged"),
        (sqlite3.DatabaseError("file is not a database"), DatabaseCorrupt, "damaged"),
        (OSError(28, "No space left on device"), DatabaseUnavailable, "disk is full"),
        (OSError(30, "Read-only file system"), DatabaseUnavailable, "read-only"),
    ],
)
def test_sqlite_errors_become_clear_storage_errors(
    error: Exception, kind: type[StorageError], phrase: str
) -> None:
    path = Path("/media/stick/dzlearn.sqlite")
    result = describe(error, path)
    assert type(result) is kind
    assert phrase in str(result)
    assert str(path) in str(result)
    assert result.path == path
