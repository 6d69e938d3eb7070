"""Reading the events the report needs from a progress file (storage, no Qt).

The rest of this package is pure; this is its one door to storage. Only the event types the
report reads are loaded (input-method choices, which can be many, are not).
"""

from __future__ import annotations

from sqlalchemy import select

from dzlearn.storage import Database, Event
from dzlearn.storage.events import row_to_event
from dzlearn.storage.schema import events as events_table

from .events import REPORT_TYPES


def read_report_events(db: Database) -> list[Event]:
    query = select(events_table).where(events_table.c.type.in_(sorted(REPORT_TYPES)))
    with db.reading() as connection:
        rows = connection.execute(query).all()
    found = []
    for row in rows:
        try:
            event = row_to_event(row)
        except ValueError:  # unreadable JSON from a damaged or foreign row: left out
            continue
        if isinstance(event.payload, dict):
            found.append(event)
    return found
