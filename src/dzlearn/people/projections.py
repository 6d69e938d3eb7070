"""People, replayed from the event log: facilitators, groups, sessions, learners' lock state.

Pure functions of a list of events, so the same log gives the same answer on every device. The
log order (``log_order``) keeps each device's own order and interleaves devices by their clocks;
creations are read first, so a rename that arrives from a device whose clock is behind still
finds its group. A learner with a ``learner.deleted`` tombstone is left out of every projection
(unless ``include_deleted``, which only the data export uses).
"""

from __future__ import annotations

import heapq
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import event_types as t
from .rules import LOCKOUT_AFTER

log = logging.getLogger(__name__)


class EventLike(Protocol):
    event_id: str
    device_id: str
    device_seq: int
    learner_id: str | None
    type: str
    payload: dict[str, Any]
    occurred_at: str


@dataclass(frozen=True)
class Facilitator:
    facilitator_id: str
    name: str
    passphrase_hash: str
    created_at: str


@dataclass(frozen=True)
class LessonRef:
    pack_id: str
    lesson_id: str

    def to_json(self) -> dict[str, str]:
        return {"pack_id": self.pack_id, "lesson_id": self.lesson_id}


@dataclass
class Group:
    group_id: str
    name: str
    centre: str
    created_at: str
    members: list[str] = field(default_factory=list)  # learner ids, in the order they joined
    lessons: list[LessonRef] = field(default_factory=list)


@dataclass(frozen=True)
class Session:
    session_id: str
    group_id: str
    date: str
    attendees: tuple[str, ...]
    devices: tuple[str, ...]
    facilitator_id: str | None
    recorded_at: str


@dataclass(frozen=True)
class LearnerAccess:
    """A learner's picture password and how many wrong tries since the last right one."""

    learner_id: str
    password_hash: str | None = None
    failures: int = 0

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    @property
    def locked(self) -> bool:
        return self.failures >= LOCKOUT_AFTER

    @property
    def tries_left(self) -> int:
        return max(0, LOCKOUT_AFTER - self.failures)


@dataclass(frozen=True)
class Profile:
    learner_id: str
    display_name: str
    picture: str
    created_at: str


@dataclass
class People:
    facilitators: dict[str, Facilitator] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    sessions: list[Session] = field(default_factory=list)
    access: dict[str, LearnerAccess] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)

    def access_for(self, learner_id: str) -> LearnerAccess:
        return self.access.get(learner_id, LearnerAccess(learner_id))

    def groups_of(self, learner_id: str) -> list[Group]:
        return [g for g in self.groups.values() if learner_id in g.members]

    def sessions_attended(self, learner_id: str) -> list[Session]:
        return [s for s in self.sessions if learner_id in s.attendees]


def log_order(events: Iterable[EventLike]) -> list[EventLike]:
    """Each device's events in its own sequence, devices interleaved by their clocks.

    Within a device the sequence number decides, whatever its clock said; between devices the
    wall clock (then the device id) decides, until sync brings a hybrid logical clock.
    """
    by_device: dict[str, list[EventLike]] = defaultdict(list)
    for event in events:
        by_device[event.device_id].append(event)
    streams = [
        sorted(by_device[device], key=lambda e: e.device_seq) for device in sorted(by_device)
    ]
    return list(heapq.merge(*streams, key=lambda e: (e.occurred_at, e.device_id)))


def _text(payload: dict[str, Any], key: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} is missing or not text")
    return value


def _texts(payload: dict[str, Any], key: str) -> tuple[str, ...]:
    value = payload.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{key} is not a list of text")
    return tuple(value)


def _lessons(payload: dict[str, Any]) -> list[LessonRef]:
    value = payload.get("lessons")
    if not isinstance(value, list):
        raise ValueError("lessons is not a list")
    refs = [LessonRef(_text(item, "pack_id"), _text(item, "lesson_id")) for item in value]
    return list(dict.fromkeys(refs))


def _create(people: People, event: EventLike) -> None:
    p = event.payload
    if event.type == t.FACILITATOR_CREATED:
        fid = _text(p, "facilitator_id")
        if fid not in people.facilitators:
            people.facilitators[fid] = Facilitator(
                fid, _text(p, "name"), _text(p, "passphrase_hash"), event.occurred_at
            )
    elif event.type == t.GROUP_CREATED:
        gid = _text(p, "group_id")
        if gid not in people.groups:
            centre = p.get("centre")
            people.groups[gid] = Group(
                gid, _text(p, "name"), centre if isinstance(centre, str) else "", event.occurred_at
            )
    elif event.type == t.LEARNER_CREATED and event.learner_id:
        if event.learner_id not in people.profiles:
            people.profiles[event.learner_id] = Profile(
                event.learner_id, _text(p, "display_name"), _text(p, "picture"), event.occurred_at
            )
    elif event.type == t.LEARNER_DELETED and event.learner_id:
        people.deleted.add(event.learner_id)


def _change_access(people: People, event: EventLike) -> None:
    learner_id = event.learner_id
    if not learner_id:
        raise ValueError("no learner_id")
    now = people.access_for(learner_id)
    if event.type == t.PICTURE_PASSWORD_SET:
        new = LearnerAccess(learner_id, _text(event.payload, "hash"), now.failures)
    elif event.type == t.PICTURE_PASSWORD_CLEARED:
        new = LearnerAccess(learner_id, None, now.failures)
    elif event.type == t.LOGIN_FAILED:
        new = LearnerAccess(learner_id, now.password_hash, now.failures + 1)
    else:  # LOGIN_SUCCEEDED, LEARNER_UNLOCKED
        new = LearnerAccess(learner_id, now.password_hash, 0)
    people.access[learner_id] = new


def _change(people: People, event: EventLike) -> None:
    p = event.payload
    if event.type in t.LEARNER_ACCESS_TYPES:
        _change_access(people, event)
    elif event.type == t.FACILITATOR_PASSPHRASE_CHANGED:
        fid = _text(p, "facilitator_id")
        old = people.facilitators.get(fid)
        if old is not None:
            people.facilitators[fid] = Facilitator(
                fid, old.name, _text(p, "passphrase_hash"), old.created_at
            )
    elif event.type == t.SESSION_RECORDED:
        facilitator = p.get("facilitator_id")
        people.sessions.append(
            Session(
                _text(p, "session_id"),
                _text(p, "group_id"),
                _text(p, "date"),
                tuple(dict.fromkeys(_texts(p, "attendees"))),
                tuple(dict.fromkeys(_texts(p, "devices"))),
                facilitator if isinstance(facilitator, str) else None,
                event.occurred_at,
            )
        )
    elif event.type.startswith("group.") and event.type != t.GROUP_CREATED:
        group = people.groups.get(_text(p, "group_id"))
        if group is None:
            raise ValueError("no such group")
        if event.type == t.GROUP_RENAMED:
            group.name = _text(p, "name")
        elif event.type == t.GROUP_MEMBER_ADDED:
            learner_id = _text(p, "learner_id")
            if learner_id not in group.members:
                group.members.append(learner_id)
        elif event.type == t.GROUP_MEMBER_REMOVED:
            learner_id = _text(p, "learner_id")
            if learner_id in group.members:
                group.members.remove(learner_id)
        elif event.type == t.GROUP_LESSONS_ASSIGNED:
            group.lessons = _lessons(p)


def _forget_deleted(people: People) -> None:
    gone = people.deleted
    for learner_id in gone:
        people.profiles.pop(learner_id, None)
        people.access.pop(learner_id, None)
    for group in people.groups.values():
        group.members = [m for m in group.members if m not in gone]
    people.sessions = [
        Session(
            s.session_id,
            s.group_id,
            s.date,
            tuple(a for a in s.attendees if a not in gone),
            s.devices,
            s.facilitator_id,
            s.recorded_at,
        )
        for s in people.sessions
    ]


def project_people(events: Iterable[EventLike], *, include_deleted: bool = False) -> People:
    """Replay the log. Events of other types are ignored; an unreadable payload is skipped
    (and logged), so one bad event from a peer cannot hide everyone else."""
    ordered = log_order(events)
    people = People()
    for step in (_create, _change):
        for event in ordered:
            if event.type not in t.PEOPLE_TYPES:
                continue
            try:
                step(people, event)
            except (AttributeError, TypeError, ValueError) as error:
                log.warning("skipping %s %s: %s", event.type, event.event_id, error)
    if not include_deleted:
        _forget_deleted(people)
    return people


def learner_access(events: Iterable[EventLike], learner_id: str) -> LearnerAccess:
    """One learner's picture password and lock state (from that learner's events)."""
    return project_people(events).access_for(learner_id)


def deleted_learners(events: Iterable[EventLike]) -> set[str]:
    return project_people(events, include_deleted=True).deleted
