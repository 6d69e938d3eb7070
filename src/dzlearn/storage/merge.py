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

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .database import Database
from .events import Event, encode_payload
from .schema import events

__all__ = ["Conflict", "MergeResult", "merge_events"]


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


def _merge_one(connection: Connection, event: Event, result: MergeResult) -> None:
    payload_text = encode_payload(event.payload)
    existing = connection.execute(select(events).where(events.c.event_id == event.event_id)).first()
    if existing is not None:
        if _same(existing, event, payload_text):
            result.already_present += 1
        else:
            result.conflicts.append(Conflict(event, "another event is stored under this id"))
        return
    slot = connection.execute(
        select(events.c.event_id).where(
            events.c.device_id == event.device_id, events.c.device_seq == event.device_seq
        )
    ).scalar()
    if slot is not None:
        result.conflicts.append(
            Conflict(event, f"device {event.device_id} number {event.device_seq} is event {slot}")
        )
        return
    inserted = connection.execute(
        sqlite_insert(events)
        .values(
            event_id=event.event_id,
            device_id=event.device_id,
            device_seq=event.device_seq,
            learner_id=event.learner_id,
            type=event.type,
            payload=payload_text,
            schema_version=event.schema_version,
            occurred_at=event.occurred_at,
            recorded_at=event.recorded_at,
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
    )
    if inserted.rowcount:
        result.inserted.append(event.event_id)
    else:
        result.already_present += 1


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
            for event in pending:
                _merge_one(connection, event, done)
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
