"""Reading the events the report needs from a progress file (storage, no Qt).

The rest of this package is pure; this is its one door to storage. Only the event types the
report reads are loaded (input-method choices, which can be many, are not).
"""

from __future__ import annotations

import json

from sqlalchemy import select

from dzlearn.storage import Database, Event
from dzlearn.storage.schema import events as events_table

from .events import REPORT_TYPES


def read_report_events(db: Database) -> list[Event]:
    query = select(events_table).where(events_table.c.type.in_(sorted(REPORT_TYPES)))
    with db.reading() as connection:
        rows = connection.execute(query).all()
    found = []
    for row in rows:
        try:
            payload = json.loads(row.payload)
        except ValueError:
            continue
        if not isinstance(payload, dict):
            continue
        found.append(
            Event(
                event_id=row.event_id,
                device_id=row.device_id,
                device_seq=row.device_seq,
                learner_id=row.learner_id,
                type=row.type,
                payload=payload,
                schema_version=row.schema_version,
                occurred_at=row.occurred_at,
                recorded_at=row.recorded_at,
            )
        )
    return found
