"""People's data on this PC: the event log read and written for facilitator mode and log-in.

No Qt. Every method does storage work or argon2 hashing (50–150 ms), so the UI calls them through
its TaskRunner, never on the UI thread. All state lives in events; the only table touched is the
learners projection, whose row goes in the same transaction as a deletion's tombstone.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from sqlalchemy import Connection, delete, select

from dzlearn.storage import Database, Event, EventLog, Learner, LearnerStore
from dzlearn.storage.events import row_to_event
from dzlearn.storage.schema import events as events_table
from dzlearn.storage.schema import learners as learners_table

from . import event_types as t
from .export import export_learner
from .hashing import (
    hash_passphrase,
    hash_picture_password,
    verify_passphrase,
    verify_picture_password,
)
from .projections import (
    Facilitator,
    Group,
    LearnerAccess,
    LessonRef,
    People,
    Session,
    project_people,
)
from .rules import (
    check_new_passphrase,
    check_picture_sequence,
    clean_date,
    clean_device_names,
    clean_name,
)


class LoginResult(Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class LoginOutcome:
    result: LoginResult
    tries_left: int


@dataclass(frozen=True)
class Overview:
    """What facilitator mode shows: the learners (tombstones left out) and the people data."""

    learners: list[Learner]
    people: People
    device_id: str


class NotFound(ValueError):
    """A learner, group or facilitator that is not (or no longer) there."""


class PartlySaved(Exception):
    """The learner was created but their picture password was not saved (``__cause__`` says
    why); a facilitator can set it later. Creating them again would make a duplicate."""

    def __init__(self, learner: Learner, message: str) -> None:
        super().__init__(message)
        self.learner = learner


class PeopleService:
    def __init__(self, db: Database, events: EventLog, learners: LearnerStore) -> None:
        self._db = db
        self._events = events
        self._learners = learners

    @property
    def events(self) -> EventLog:
        """The event log, for facilitator tools that record their own settings."""
        return self._events

    # reading ------------------------------------------------------------------------------

    def people_events(self) -> list[Event]:
        """Every device's people events (not lesson activity), as stored."""
        query = select(events_table).where(events_table.c.type.in_(sorted(t.PEOPLE_TYPES)))
        with self._db.reading() as connection:
            return [row_to_event(row) for row in connection.execute(query)]

    def people(self) -> People:
        return project_people(self.people_events())

    def _deleted_ids(self) -> set[str]:
        query = select(events_table.c.learner_id).where(events_table.c.type == t.LEARNER_DELETED)
        with self._db.reading() as connection:
            return {row.learner_id for row in connection.execute(query)}

    def picker_learners(self) -> list[Learner]:
        """The learners table without anyone who has a tombstone (say, one a sync brought)."""
        deleted = self._deleted_ids()
        return [learner for learner in self._learners.list() if learner.learner_id not in deleted]

    def overview(self) -> Overview:
        people = self.people()
        learners = [x for x in self._learners.list() if x.learner_id not in people.deleted]
        return Overview(learners, people, self._db.device_id)

    # facilitators -------------------------------------------------------------------------

    def facilitators(self) -> list[Facilitator]:
        found = self.people().facilitators.values()
        return sorted(found, key=lambda f: (f.name.casefold(), f.facilitator_id))

    def create_facilitator(
        self, name: str, passphrase: str, again: str | None = None
    ) -> Facilitator:
        name = clean_name(name)
        check_new_passphrase(passphrase, again)
        facilitator_id = uuid.uuid4().hex
        payload = {
            "facilitator_id": facilitator_id,
            "name": name,
            "passphrase_hash": hash_passphrase(passphrase),
        }
        event = self._events.append(None, t.FACILITATOR_CREATED, payload)
        return Facilitator(facilitator_id, name, payload["passphrase_hash"], event.occurred_at)

    def verify_facilitator(self, facilitator_id: str, passphrase: str) -> Facilitator | None:
        facilitator = self.people().facilitators.get(facilitator_id)
        if facilitator is None or not verify_passphrase(facilitator.passphrase_hash, passphrase):
            return None
        return facilitator

    def change_passphrase(
        self, facilitator_id: str, current: str, new: str, again: str | None = None
    ) -> None:
        if self.verify_facilitator(facilitator_id, current) is None:
            raise ValueError("the current passphrase is not right")
        check_new_passphrase(new, again)
        payload = {"facilitator_id": facilitator_id, "passphrase_hash": hash_passphrase(new)}
        self._events.append(None, t.FACILITATOR_PASSPHRASE_CHANGED, payload)

    # learners -----------------------------------------------------------------------------

    def _learner_people(self, learner_id: str) -> People:
        return project_people(self._events.for_learner(learner_id), include_deleted=True)

    def _require_learner(self, learner_id: str) -> People:
        people = self._learner_people(learner_id)
        if learner_id in people.deleted:
            raise NotFound("this learner has been deleted")
        if learner_id not in people.profiles:
            raise NotFound("there is no such learner on this PC")
        return people

    def access(self, learner_id: str) -> LearnerAccess:
        return self._learner_people(learner_id).access_for(learner_id)

    def try_picture_login(self, learner_id: str, pictures: Sequence[str]) -> LoginOutcome:
        """Check a tapped sequence and record the try; a locked learner is not even checked."""
        access = self._require_learner(learner_id).access_for(learner_id)
        if not access.has_password:
            return LoginOutcome(LoginResult.OK, access.tries_left)
        if access.locked:
            return LoginOutcome(LoginResult.LOCKED, 0)
        assert access.password_hash is not None
        if verify_picture_password(access.password_hash, pictures):
            self._events.append(learner_id, t.LOGIN_SUCCEEDED, {})
            return LoginOutcome(LoginResult.OK, access.tries_left)
        self._events.append(learner_id, t.LOGIN_FAILED, {})
        after = LearnerAccess(learner_id, access.password_hash, access.failures + 1)
        result = LoginResult.LOCKED if after.locked else LoginResult.WRONG
        return LoginOutcome(result, after.tries_left)

    def set_picture_password(self, learner_id: str, pictures: Sequence[str]) -> Event:
        sequence = check_picture_sequence(pictures)
        self._require_learner(learner_id)
        payload = {"hash": hash_picture_password(sequence)}
        return self._events.append(learner_id, t.PICTURE_PASSWORD_SET, payload)

    def clear_picture_password(self, learner_id: str, by_facilitator: str) -> Event:
        self._require_learner(learner_id)
        payload = {"by_facilitator": by_facilitator}
        return self._events.append(learner_id, t.PICTURE_PASSWORD_CLEARED, payload)

    def unlock(self, learner_id: str, by_facilitator: str) -> Event:
        self._require_learner(learner_id)
        return self._events.append(
            learner_id, t.LEARNER_UNLOCKED, {"by_facilitator": by_facilitator}
        )

    def create_learner(
        self, name: str, picture: str, pictures: Sequence[str] | None = None
    ) -> Learner:
        """A new learner, with a picture password if ``pictures`` is given. The slow hashing
        happens first, so a mistake in the sequence stops before anything is written."""
        password_hash = hash_picture_password(pictures) if pictures is not None else None
        learner = self._learners.create(name, picture)
        if password_hash is not None:
            payload = {"hash": password_hash}
            try:
                self._events.append(learner.learner_id, t.PICTURE_PASSWORD_SET, payload)
            except Exception as error:
                message = (
                    f"{learner.display_name} was saved, but not the picture password ({error})."
                    " A facilitator can set it later."
                )
                raise PartlySaved(learner, message) from error
        return learner

    def delete_learner(self, learner_id: str, by_facilitator: str) -> Event:
        """The tombstone, and the learners row removed in the same transaction. The learner's
        other events stay in the log, so a sync can carry the deletion to other PCs."""
        self._require_learner(learner_id)

        def remove_row(connection: Connection) -> None:
            connection.execute(
                delete(learners_table).where(learners_table.c.learner_id == learner_id)
            )

        payload = {"by_facilitator": by_facilitator}
        return self._events.append(learner_id, t.LEARNER_DELETED, payload, apply=remove_row)

    def export_learner(self, learner_id: str, exported_at: str | None = None) -> dict[str, Any]:
        own = self._events.for_learner(learner_id)
        if not own:
            raise NotFound("there is no such learner on this PC")
        seen = {e.event_id for e in own}
        others = [e for e in self.people_events() if e.event_id not in seen]
        return export_learner([*own, *others], learner_id, exported_at=exported_at)

    # groups and sessions ------------------------------------------------------------------

    def _group(self, group_id: str) -> tuple[People, Group]:
        people = self.people()
        group = people.groups.get(group_id)
        if group is None:
            raise NotFound("there is no such group")
        return people, group

    def create_group(self, name: str, centre: str = "") -> str:
        name = clean_name(name, "group name")
        centre = clean_name(centre, "centre") if centre.strip() else ""
        group_id = uuid.uuid4().hex
        payload = {"group_id": group_id, "name": name, "centre": centre}
        self._events.append(None, t.GROUP_CREATED, payload)
        return group_id

    def rename_group(self, group_id: str, name: str) -> None:
        name = clean_name(name, "group name")
        self._group(group_id)
        self._events.append(None, t.GROUP_RENAMED, {"group_id": group_id, "name": name})

    def set_members(self, group_id: str, learner_ids: Iterable[str]) -> tuple[int, int]:
        """Add and remove members so the group holds exactly ``learner_ids``.
        Returns (added, removed)."""
        people, group = self._group(group_id)
        wanted = list(dict.fromkeys(learner_ids))
        unknown = [x for x in wanted if x not in people.profiles]
        if unknown:
            raise NotFound("a chosen learner is not (or no longer) on this PC")
        added = [x for x in wanted if x not in group.members]
        removed = [x for x in group.members if x not in wanted]
        for learner_id in added:
            payload = {"group_id": group_id, "learner_id": learner_id}
            self._events.append(None, t.GROUP_MEMBER_ADDED, payload)
        for learner_id in removed:
            payload = {"group_id": group_id, "learner_id": learner_id}
            self._events.append(None, t.GROUP_MEMBER_REMOVED, payload)
        return len(added), len(removed)

    def assign_lessons(self, group_id: str, lessons: Iterable[LessonRef]) -> None:
        """The group's lessons from now on (replacing what was assigned before)."""
        self._group(group_id)
        refs = list(dict.fromkeys(lessons))
        payload = {"group_id": group_id, "lessons": [ref.to_json() for ref in refs]}
        self._events.append(None, t.GROUP_LESSONS_ASSIGNED, payload)

    def record_session(
        self,
        group_id: str,
        day: str,
        attendees: Iterable[str],
        other_pcs: Iterable[str],
        facilitator_id: str,
    ) -> Session:
        """Today's session; this PC's device id is always among the devices."""
        self._group(group_id)
        session_id = uuid.uuid4().hex
        devices = [self._db.device_id, *clean_device_names(other_pcs)]
        payload = {
            "session_id": session_id,
            "group_id": group_id,
            "date": clean_date(day),
            "attendees": list(dict.fromkeys(attendees)),
            "devices": list(dict.fromkeys(devices)),
            "facilitator_id": facilitator_id,
        }
        event = self._events.append(None, t.SESSION_RECORDED, payload)
        return Session(
            session_id,
            group_id,
            payload["date"],
            tuple(payload["attendees"]),
            tuple(payload["devices"]),
            facilitator_id,
            event.occurred_at,
        )
