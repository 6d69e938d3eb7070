"""Adding events that were made elsewhere: salvaged from a damaged file, or (later) from sync.

Such events keep everything they were born with (event id, device id, device sequence number,
timestamps), so the same event arriving twice is recognised by its id and stored once. Nothing
here allocates a sequence number: this device's next number is still one past the highest it
has recorded, whichever way that event arrived. A different event under an id or a
(device, sequence) slot already taken is a conflict: it is reported, never stored over the
existing one and never dropped silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import Connection, insert, select

from .database import Database
from .events import Event, encode_payload
from .schema import events

__all__ = ["Conflict", "MergeResult", "merge_events", "merge_into"]


@dataclass(frozen=True)
class Conflict:
    event: Event
    reason: str


@dataclass
class MergeResult:
    inserted: list[str] = field(default_factory=list)  # event ids, in the order given
    already_present: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


def _same(row: object, event: Event, payload_text: str) -> bool:
    fields = ("device_id", "device_seq", "learner_id", "type", "schema_version", "occurred_at")
    if any(getattr(row, name) != getattr(event, name) for name in fields):
        return False
    try:
        return json.loads(row.payload) == json.loads(payload_text)  # type: ignore[attr-defined]
    except ValueError:
        return False


_CHUNK = 500  # events looked up per query (bound parameters stay far below SQLite's limit)


def _conflict_or_duplicate(
    row: object, event: Event, payload_text: str, result: MergeResult
) -> None:
    if _same(row, event, payload_text):
        result.already_present += 1
    else:
        result.conflicts.append(Conflict(event, "another event is stored under this id"))


def _merge_chunk(connection: Connection, chunk: list[Event], result: MergeResult) -> None:
    """Judge each event against the log as if they arrived one by one, with three queries and
    one multi-row insert instead of three statements per event (a pulled page of 2,000 events
    would otherwise spend most of its time in per-statement overhead)."""
    texts = [encode_payload(event.payload) for event in chunk]  # refuse before writing anything
    by_id: dict[str, object] = {
        row.event_id: row
        for row in connection.execute(
            select(events).where(events.c.event_id.in_({e.event_id for e in chunk}))
        )
    }
    by_slot: dict[tuple[str, int], str] = {}
    for device_id in {event.device_id for event in chunk}:
        seqs = {e.device_seq for e in chunk if e.device_id == device_id}
        query = select(events.c.device_seq, events.c.event_id).where(
            events.c.device_id == device_id, events.c.device_seq.in_(seqs)
        )
        by_slot.update({(device_id, r.device_seq): r.event_id for r in connection.execute(query)})
    rows: list[dict[str, object]] = []
    for event, payload_text in zip(chunk, texts, strict=True):
        existing = by_id.get(event.event_id)
        if existing is not None:
            _conflict_or_duplicate(existing, event, payload_text, result)
            continue
        slot = by_slot.get((event.device_id, event.device_seq))
        if slot is not None:
            result.conflicts.append(
                Conflict(
                    event, f"device {event.device_id} number {event.device_seq} is event {slot}"
                )
            )
            continue
        row = {
            "event_id": event.event_id,
            "device_id": event.device_id,
            "device_seq": event.device_seq,
            "learner_id": event.learner_id,
            "type": event.type,
            "payload": payload_text,
            "schema_version": event.schema_version,
            "occurred_at": event.occurred_at,
            "recorded_at": event.recorded_at,
        }
        rows.append(row)
        by_id[event.event_id] = SimpleNamespace(**row)  # a later copy in this chunk meets it
        by_slot[(event.device_id, event.device_seq)] = event.event_id
        result.inserted.append(event.event_id)
    if rows:
        connection.execute(insert(events), rows)


def merge_into(connection: Connection, incoming: Iterable[Event], result: MergeResult) -> None:
    """Merge events inside the caller's write transaction, adding what happened to ``result``.

    For callers that must commit something else atomically with the events (sync stores a
    pulled page and its new cursor together). The caller owns the transaction: if it rolls
    back, ``result`` describes work that was undone, so count it only after the commit.
    """
    chunk: list[Event] = []
    for event in incoming:
        chunk.append(event)
        if len(chunk) >= _CHUNK:
            _merge_chunk(connection, chunk, result)
            chunk = []
    if chunk:
        _merge_chunk(connection, chunk, result)


def merge_events(db: Database, incoming: Iterable[Event], batch: int = 500) -> MergeResult:
    """Insert events made elsewhere, idempotently (by event id), in transactions of ``batch``.

    Projections are not updated: callers rebuild them afterwards (``LearnerStore.
    rebuild_projection``), which is what a bulk arrival needs anyway. Raises ValueError for a
    payload that cannot be stored faithfully, StorageError for database trouble; batches
    committed before the trouble stay committed, and running it again is safe.
    """
    if batch < 1:
        raise ValueError(f"batch must be at least 1, not {batch}")
    result = MergeResult()
    pending: list[Event] = []

    def flush() -> None:
        done = MergeResult()  # counted into the result only once the batch has committed
        with db.writing() as connection:
            merge_into(connection, pending, done)
        result.inserted.extend(done.inserted)
        result.already_present += done.already_present
        result.conflicts.extend(done.conflicts)
        pending.clear()

    for event in incoming:
        pending.append(event)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    return result
