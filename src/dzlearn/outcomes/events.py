"""The events the report reads, and a small projection of learners, groups and sessions.

The facilitator screens keep their own projection of people (``dzlearn.people``); this one is
deliberately separate and tolerant, so the report never depends on how that work evolves: it
reads the same event names and skips any event it cannot understand. A learner with a
``learner.deleted`` tombstone is left out of everything the report shows.
"""

from __future__ import annotations

import heapq
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

log = logging.getLogger(__name__)

LEARNER_CREATED = "learner.created"
LEARNER_DELETED = "learner.deleted"
GROUP_CREATED = "group.created"
GROUP_RENAMED = "group.renamed"
GROUP_MEMBER_ADDED = "group.member_added"
GROUP_MEMBER_REMOVED = "group.member_removed"
GROUP_LESSONS_ASSIGNED = "group.lessons_assigned"
SESSION_RECORDED = "session.recorded"
STEP_COMPLETED = "lesson.step_completed"
LESSON_COMPLETED = "lesson.completed"
TYPING_DRILL = "typing.drill"

ACTIVITY_TYPES = frozenset({STEP_COMPLETED, LESSON_COMPLETED, TYPING_DRILL})
REPORT_TYPES = frozenset(
    {
        LEARNER_CREATED,
        LEARNER_DELETED,
        GROUP_CREATED,
        GROUP_RENAMED,
        GROUP_MEMBER_ADDED,
        GROUP_MEMBER_REMOVED,
        GROUP_LESSONS_ASSIGNED,
        SESSION_RECORDED,
        *ACTIVITY_TYPES,
    }
)
SYNTHETIC_KEY = "synthetic"  # payload marker on every event `dzlearn demo seed` writes


class EventLike(Protocol):
    event_id: str
    device_id: str
    device_seq: int
    learner_id: str | None
    type: str
    payload: dict[str, Any]
    occurred_at: str


def parse_time(text: object) -> datetime | None:
    """An event's ISO-8601 time as an aware UTC datetime; None when it cannot be read."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def log_order(events: Iterable[EventLike]) -> list[EventLike]:
    """Each device's events in its own sequence, devices interleaved by their clocks."""
    by_device: dict[str, list[EventLike]] = defaultdict(list)
    for event in events:
        by_device[event.device_id].append(event)
    streams = [sorted(by_device[d], key=lambda e: e.device_seq) for d in sorted(by_device)]
    return list(heapq.merge(*streams, key=lambda e: (e.occurred_at, e.device_id)))


@dataclass
class GroupInfo:
    group_id: str
    name: str
    centre: str
    members: list[str] = field(default_factory=list)
    lessons: list[tuple[str, str]] = field(default_factory=list)  # assigned (pack, lesson)
    sessions: int = 0
    attendances: int = 0  # learner-visits over all sessions

    @property
    def centre_label(self) -> str:
        return self.centre or NO_CENTRE


NO_CENTRE = "No centre given"


@dataclass
class Roster:
    names: dict[str, str] = field(default_factory=dict)  # learner id → display name
    joined: dict[str, datetime] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    groups: dict[str, GroupInfo] = field(default_factory=dict)

    def groups_of(self, learner_id: str) -> list[GroupInfo]:
        return [g for g in self.groups.values() if learner_id in g.members]


def _text(payload: dict[str, Any], key: str) -> str:
    value = payload.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} is missing or not text")
    return value


def _apply(roster: Roster, event: EventLike) -> None:
    p = event.payload
    kind = event.type
    if kind == LEARNER_CREATED and event.learner_id:
        if event.learner_id not in roster.names:
            roster.names[event.learner_id] = _text(p, "display_name")
            joined = parse_time(event.occurred_at)
            if joined is not None:
                roster.joined[event.learner_id] = joined
    elif kind == LEARNER_DELETED and event.learner_id:
        roster.deleted.add(event.learner_id)
    elif kind == GROUP_CREATED:
        gid = _text(p, "group_id")
        centre = p.get("centre")
        roster.groups.setdefault(
            gid, GroupInfo(gid, _text(p, "name"), centre.strip() if isinstance(centre, str) else "")
        )
    elif kind == SESSION_RECORDED:
        group = roster.groups[_text(p, "group_id")]
        attendees = p.get("attendees")
        group.sessions += 1
        group.attendances += len(set(attendees)) if isinstance(attendees, list) else 0
    elif kind.startswith("group."):
        group = roster.groups[_text(p, "group_id")]
        if kind == GROUP_RENAMED:
            group.name = _text(p, "name")
        elif kind == GROUP_MEMBER_ADDED:
            learner = _text(p, "learner_id")
            if learner not in group.members:
                group.members.append(learner)
        elif kind == GROUP_MEMBER_REMOVED:
            learner = _text(p, "learner_id")
            if learner in group.members:
                group.members.remove(learner)
        elif kind == GROUP_LESSONS_ASSIGNED:
            lessons = p.get("lessons")
            if not isinstance(lessons, list):
                raise ValueError("lessons is not a list")
            refs = [(_text(x, "pack_id"), _text(x, "lesson_id")) for x in lessons]
            group.lessons = list(dict.fromkeys(refs))


def project_roster(ordered: Iterable[EventLike]) -> Roster:
    """Learners, groups and sessions from events already in log order; creations first, so a
    change from a device whose clock was behind still finds its group."""
    events = list(ordered)
    roster = Roster()
    creations = (LEARNER_CREATED, LEARNER_DELETED, GROUP_CREATED)
    for first in (True, False):
        for event in events:
            if (event.type in creations) != first or event.type not in REPORT_TYPES:
                continue
            try:
                _apply(roster, event)
            except (AttributeError, KeyError, TypeError, ValueError) as error:
                log.warning("report skips %s %s: %s", event.type, event.event_id, error)
    for learner_id in roster.deleted:
        roster.names.pop(learner_id, None)
        roster.joined.pop(learner_id, None)
    for group in roster.groups.values():
        group.members = [m for m in group.members if m in roster.names]
    return roster


def is_synthetic(event: EventLike) -> bool:
    return isinstance(event.payload, dict) and event.payload.get(SYNTHETIC_KEY) is True
