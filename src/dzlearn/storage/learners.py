"""Learner profiles, as a projection of ``learner.created`` events.

The ``learners`` table exists so screens can list people quickly; the events are what is true.
``create`` writes both in one transaction, and ``rebuild_projection`` can always recreate the
table from the log (after damage, or when the projection's shape changes).
"""

from __future__ import annotations

import json
import logging
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from .database import Database
from .events import EventLog
from .schema import events, learners

log = logging.getLogger(__name__)

LEARNER_CREATED = "learner.created"
LEARNER_DELETED = "learner.deleted"  # a tombstone: the learner stays out of every projection
MAX_NAME_LENGTH = 60


@dataclass(frozen=True)
class Learner:
    learner_id: str
    display_name: str
    picture: str
    created_at: str


def clean_display_name(display_name: str) -> str:
    """The name as it will be stored, or ValueError saying what is wrong with it."""
    if not isinstance(display_name, str):
        raise ValueError("the name must be text")
    name = display_name.strip()
    if not name:
        raise ValueError("the name is empty")
    if len(name) > MAX_NAME_LENGTH:
        raise ValueError(f"the name is longer than {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        raise ValueError("the name contains control characters (such as a line break)")
    return name


def _project_created(
    connection: Connection, learner_id: str, payload: dict[str, Any], occurred_at: str
) -> None:
    if not all(isinstance(payload.get(key), str) for key in ("display_name", "picture")):
        raise ValueError(f"learner.created payload lacks display_name or picture: {payload}")
    connection.execute(
        insert(learners).values(
            learner_id=learner_id,
            display_name=payload["display_name"],
            picture=payload["picture"],
            created_at=occurred_at,
        )
    )


class LearnerStore:
    """Creates learners and reads the learners projection."""

    def __init__(self, db: Database, events: EventLog) -> None:
        self._db = db
        self._events = events

    def create(self, display_name: str, picture: str) -> Learner:
        name = clean_display_name(display_name)
        if not isinstance(picture, str) or not picture.strip():
            raise ValueError("a picture must be chosen")
        picture = picture.strip()
        learner_id = uuid.uuid4().hex
        payload = {"display_name": name, "picture": picture}

        def project(connection: Connection) -> None:
            # created_at is the event's own timestamp, so a rebuild gives the identical row.
            occurred_at = connection.execute(
                select(events.c.occurred_at).where(
                    events.c.learner_id == learner_id, events.c.type == LEARNER_CREATED
                )
            ).scalar_one()
            _project_created(connection, learner_id, payload, occurred_at)

        event = self._events.append(learner_id, LEARNER_CREATED, payload, apply=project)
        return Learner(learner_id, name, picture, event.occurred_at)

    def list(self) -> list[Learner]:
        """Everyone, sorted by name regardless of case (SQLite cannot casefold Unicode)."""
        with self._db.reading() as connection:
            rows = connection.execute(select(learners)).all()
        found = [Learner(r.learner_id, r.display_name, r.picture, r.created_at) for r in rows]
        return sorted(
            found, key=lambda learner: (learner.display_name.casefold(), learner.learner_id)
        )

    def get(self, learner_id: str) -> Learner | None:
        with self._db.reading() as connection:
            row = connection.execute(
                select(learners).where(learners.c.learner_id == learner_id)
            ).first()
        if row is None:
            return None
        return Learner(row.learner_id, row.display_name, row.picture, row.created_at)

    def rebuild_projection(self) -> None:
        """Recreate the learners table from the event log, in one transaction."""
        query = (
            select(events.c.learner_id, events.c.payload, events.c.occurred_at)
            .where(events.c.type == LEARNER_CREATED)
            .order_by(events.c.device_id, events.c.device_seq)
        )
        deleted = select(events.c.learner_id).where(events.c.type == LEARNER_DELETED)
        with self._db.writing() as connection:
            connection.execute(delete(learners))
            seen: set[str] = {r.learner_id for r in connection.execute(deleted) if r.learner_id}
            for row in connection.execute(query).all():
                if row.learner_id is None or row.learner_id in seen:
                    continue
                try:
                    _project_created(
                        connection, row.learner_id, json.loads(row.payload), row.occurred_at
                    )
                except (AttributeError, ValueError) as error:
                    log.warning(
                        "skipping unreadable learner.created for %s: %s", row.learner_id, error
                    )
                    continue
                seen.add(row.learner_id)
