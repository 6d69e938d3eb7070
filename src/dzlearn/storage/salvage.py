"""Reading what can still be read from a damaged progress file, without changing it.

A damaged file usually has a few bad pages among many good ones. The events table is read in
rowid ranges straight from its B-tree (no index is involved); a range that fails is split in
halves until the failing rows are pinned down, so one bad page costs only the rows on it. Each
row that comes back is checked (types, JSON payload) before it is trusted as an event.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .events import Event, encode_payload

log = logging.getLogger(__name__)

CHUNK_ROWS = 256
_MIN_ROW_BYTES = 40  # no events row is smaller; bounds the scan when max(rowid) is unreadable
_COLUMNS = (
    "rowid, event_id, device_id, device_seq, learner_id, type, payload, schema_version, "
    "occurred_at, recorded_at"
)

__all__ = ["Salvage", "open_read_only", "salvage_events"]


@dataclass
class Salvage:
    """What came out of a damaged file: good events, and an account of what did not."""

    events: list[Event] = field(default_factory=list)
    rows_read: int = 0
    rejected: list[str] = field(default_factory=list)  # why each unusable row was refused
    unreadable: list[tuple[int, int]] = field(default_factory=list)  # failing rowid ranges
    devices: list[tuple[str, str | None]] = field(default_factory=list)
    error: str | None = None  # the file could not be read at all

    @property
    def unreadable_rows(self) -> int:
        return sum(hi - lo + 1 for lo, hi in self.unreadable)


def _ro_uri(path: Path) -> str:
    return Path(path).resolve().as_uri() + "?mode=ro"


def _connect_in_place(path: Path) -> sqlite3.Connection | None:
    """Read-only in place, or None when only a copy can be read; damage raises DatabaseError."""
    try:
        connection = sqlite3.connect(_ro_uri(path), uri=True)
    except sqlite3.OperationalError as error:
        log.info("cannot open %s read-only in place: %s", path, error)
        return None
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        connection.close()
        text = str(error)
        if isinstance(error, sqlite3.OperationalError) and not (
            "malformed" in text or "not a database" in text
        ):
            log.info("cannot read %s read-only in place: %s", path, error)
            return None
        raise
    return connection


@contextmanager
def open_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection that sees committed WAL content and never checkpoints.

    If SQLite cannot read the file read-only in place (a write-protected folder with a WAL and
    no ``-shm``), the file and its WAL are copied to a temporary folder and read from there.
    A file that is not a database, or is damaged beyond opening, raises sqlite3.DatabaseError.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no file at {path}")
    connection = _connect_in_place(path)
    if connection is not None:
        try:
            yield connection
        finally:
            connection.close()
        return
    with tempfile.TemporaryDirectory(prefix="dzlearn-read-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        connection = sqlite3.connect(copy)
        try:
            yield connection
        finally:
            connection.close()


def row_to_event(row: tuple) -> tuple[Event | None, str]:
    """An Event from a raw events row, or None and the reason it cannot be trusted."""
    (
        rowid,
        event_id,
        device_id,
        device_seq,
        learner_id,
        type_,
        payload,
        schema_version,
        occurred_at,
        recorded_at,
    ) = row
    where = f"row {rowid}"
    for name, value in (("event_id", event_id), ("device_id", device_id), ("type", type_)):
        if not isinstance(value, str) or not value.strip():
            return None, f"{where}: {name} is not text"
    for name, value in (("occurred_at", occurred_at), ("recorded_at", recorded_at)):
        if not isinstance(value, str) or not value:
            return None, f"{where}: {name} is not text"
    if not isinstance(device_seq, int) or isinstance(device_seq, bool) or device_seq < 1:
        return None, f"{where}: device_seq is not a positive whole number"
    if not isinstance(schema_version, int):
        return None, f"{where}: schema_version is not a whole number"
    if learner_id is not None and (not isinstance(learner_id, str) or not learner_id):
        return None, f"{where}: learner_id is not text"
    if not isinstance(payload, str):
        return None, f"{where}: payload is not text"
    try:
        decoded = json.loads(payload)
        encode_payload(decoded)
    except ValueError as error:
        return None, f"{where}: payload is not valid JSON ({error})"
    if not isinstance(decoded, dict):
        return None, f"{where}: payload is not a JSON object"
    event = Event(
        event_id=event_id,
        device_id=device_id,
        device_seq=device_seq,
        learner_id=learner_id,
        type=type_,
        payload=decoded,
        schema_version=schema_version,
        occurred_at=occurred_at,
        recorded_at=recorded_at,
    )
    return event, ""


def _scalar(connection: sqlite3.Connection, sql: str) -> int | None:
    try:
        row = connection.execute(sql).fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row and isinstance(row[0], int) else None


def _upper_rowid(connection: sqlite3.Connection) -> int:
    """The highest rowid worth asking for, even when the table's last page is unreadable."""
    candidates = [
        _scalar(connection, "SELECT max(rowid) FROM events"),
        # Both indexes hold every row's rowid and are read without touching the table.
        _scalar(connection, "SELECT max(rowid) FROM events INDEXED BY sqlite_autoindex_events_1"),
        _scalar(
            connection, "SELECT max(rowid) FROM events INDEXED BY ix_events_learner_id_device_seq"
        ),
    ]
    known = [value for value in candidates if value is not None]
    if known:
        return max(known)
    pages = _scalar(connection, "PRAGMA page_count") or 0
    size = _scalar(connection, "PRAGMA page_size") or 4096
    return max(1, pages * size // _MIN_ROW_BYTES)


def _read_range(connection: sqlite3.Connection, lo: int, hi: int, out: Salvage) -> list[tuple]:
    # A range scan steps onto the next leaf page to see where the range ends, so the last row
    # before a damaged page fails with it; a single row is fetched by an exact seek instead.
    if lo == hi:
        query, args = f"SELECT {_COLUMNS} FROM events WHERE rowid = ?", (lo,)
    else:
        query = f"SELECT {_COLUMNS} FROM events WHERE rowid BETWEEN ? AND ? ORDER BY rowid"
        args = (lo, hi)
    try:
        return connection.execute(query, args).fetchall()
    except sqlite3.DatabaseError:
        if lo == hi:
            out.unreadable.append((lo, hi))
            return []
        mid = (lo + hi) // 2
        return _read_range(connection, lo, mid, out) + _read_range(connection, mid + 1, hi, out)


def _merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def salvage_events(db_path: Path) -> Salvage:
    """Every event row of ``db_path`` that can be read and trusted; the file is not changed."""
    result = Salvage()
    try:
        with open_read_only(db_path) as connection:
            _salvage(connection, result)
    except (sqlite3.Error, OSError) as error:
        result.error = str(error) or type(error).__name__
    result.unreadable = _merge_ranges(result.unreadable)
    return result


def _salvage(connection: sqlite3.Connection, result: Salvage) -> None:
    try:
        result.devices = [
            (row[0], row[1])
            for row in connection.execute("SELECT device_id, created_at FROM device")
            if isinstance(row[0], str) and row[0]
        ]
    except sqlite3.DatabaseError as error:
        log.warning("device table unreadable: %s", error)
    upper = _upper_rowid(connection)
    seen: set[str] = set()
    for lo in range(1, upper + 1, CHUNK_ROWS):
        for row in _read_range(connection, lo, min(lo + CHUNK_ROWS - 1, upper), result):
            result.rows_read += 1
            event, reason = row_to_event(tuple(row))
            if event is None:
                result.rejected.append(reason)
            elif event.event_id in seen:
                result.rejected.append(f"row {row[0]}: a second copy of event {event.event_id}")
            else:
                seen.add(event.event_id)
                result.events.append(event)
