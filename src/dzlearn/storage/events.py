"""The append-only event log: the source of truth for learner activity.

Everything a learner does is recorded as an event with an id made on this device and a
per-device sequence number, in the same transaction as the projection rows it changes, so a
crash can never leave one without the other. Events are never edited or deleted (triggers in
the schema refuse it); merging logs from several devices is then a union of event ids.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from .database import Database
from .schema import events

EVENT_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Event:
    event_id: str
    device_id: str
    device_seq: int
    learner_id: str | None
    type: str
    payload: dict[str, Any]
    schema_version: int
    occurred_at: str
    recorded_at: str


def utc_now_iso() -> str:
    """UTC wall clock as ISO-8601 with a Z; informative only, ordering never depends on it."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def encode_payload(payload: Mapping[str, Any]) -> str:
    """Canonical JSON, refusing anything that would not come back unchanged.

    Sync compares payloads by content, so the stored text must be deterministic (sorted keys)
    and faithful: NaN, tuples, non-string keys and arbitrary objects are refused here rather
    than silently altered.
    """
    if not isinstance(payload, Mapping):
        raise ValueError(f"event payload must be a dict, not {type(payload).__name__}")
    try:
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"event payload is not JSON-serialisable: {error}") from error
    if json.loads(text) != payload:
        raise ValueError("event payload does not survive a JSON round trip unchanged")
    return text


def row_to_event(row: Any) -> Event:
    """An ``events`` table row as an Event (for readers that select rows themselves)."""
    return Event(
        event_id=row.event_id,
        device_id=row.device_id,
        device_seq=row.device_seq,
        learner_id=row.learner_id,
        type=row.type,
        payload=json.loads(row.payload),
        schema_version=row.schema_version,
        occurred_at=row.occurred_at,
        recorded_at=row.recorded_at,
    )


class EventLog:
    """Appends this device's events and reads the log back."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def append(
        self,
        learner_id: str | None,
        type: str,
        payload: dict[str, Any],
        *,
        apply: Callable[[Connection], None] | None = None,
    ) -> Event:
        """Record one event and run ``apply`` (the projection update) in the same transaction.

        If ``apply`` raises, or the disk is full, nothing is written; ``apply``'s own exception
        propagates unchanged, database trouble comes out as a StorageError.
        """
        if not isinstance(type, str) or not type.strip():
            raise ValueError("event type must be a non-empty string")
        if learner_id is not None and (not isinstance(learner_id, str) or not learner_id):
            raise ValueError("learner_id must be a non-empty string or None")
        payload_text = encode_payload(payload)
        now = utc_now_iso()
        device_id = self._db.device_id
        with self._db.writing() as connection:
            last_seq = connection.execute(
                select(func.coalesce(func.max(events.c.device_seq), 0)).where(
                    events.c.device_id == device_id
                )
            ).scalar_one()
            event = Event(
                event_id=uuid.uuid4().hex,
                device_id=device_id,
                device_seq=int(last_seq) + 1,
                learner_id=learner_id,
                type=type,
                payload=json.loads(payload_text),
                schema_version=EVENT_SCHEMA_VERSION,
                occurred_at=now,
                recorded_at=now,
            )
            connection.execute(
                insert(events).values(
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
            )
            if apply is not None:
                apply(connection)
        return event

    def for_learner(self, learner_id: str) -> list[Event]:
        """A learner's events, grouped by device and in each device's recording order."""
        query = (
            select(events)
            .where(events.c.learner_id == learner_id)
            .order_by(events.c.device_id, events.c.device_seq)
        )
        with self._db.reading() as connection:
            return [row_to_event(row) for row in connection.execute(query)]

    def since(self, device_id: str, after_seq: int, limit: int = 500) -> list[Event]:
        """One bounded page of a device's events after ``after_seq``, for sync."""
        if limit < 1:
            raise ValueError(f"limit must be at least 1, not {limit}")
        query = (
            select(events)
            .where(events.c.device_id == device_id, events.c.device_seq > after_seq)
            .order_by(events.c.device_seq)
            .limit(limit)
        )
        with self._db.reading() as connection:
            return [row_to_event(row) for row in connection.execute(query)]

    def count(self) -> int:
        with self._db.reading() as connection:
            return int(connection.execute(select(func.count()).select_from(events)).scalar_one())
