"""A learner's data, as one JSON document they (or their facilitator) can take away.

Picture-password hashes are withheld: with 1,728 possible sequences, a hash gives the password
away to whoever holds the file, and the export may travel further than the PC does.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from . import event_types as t
from .projections import EventLike, log_order, project_people

EXPORT_FORMAT = "dzlearn.learner-export"
EXPORT_SCHEMA_VERSION = 1
WITHHELD = "(withheld: a picture password can be guessed from its hash)"


def _event_json(event: EventLike) -> dict[str, Any]:
    payload = dict(event.payload)
    if event.type == t.PICTURE_PASSWORD_SET and "hash" in payload:
        payload["hash"] = WITHHELD
    return {
        "event_id": event.event_id,
        "device_id": event.device_id,
        "device_seq": event.device_seq,
        "type": event.type,
        "payload": payload,
        "occurred_at": event.occurred_at,
        "recorded_at": getattr(event, "recorded_at", event.occurred_at),
        "schema_version": getattr(event, "schema_version", 1),
    }


def _names_learner(event: EventLike, learner_id: str) -> bool:
    p = event.payload
    if event.type in (t.GROUP_MEMBER_ADDED, t.GROUP_MEMBER_REMOVED):
        return p.get("learner_id") == learner_id
    if event.type == t.SESSION_RECORDED:
        attendees = p.get("attendees")
        return isinstance(attendees, list) and learner_id in attendees
    return False


def export_learner(
    events: Iterable[EventLike], learner_id: str, *, exported_at: str | None = None
) -> dict[str, Any]:
    """Everything the log holds about one learner, JSON-serialisable.

    ``events`` should hold the learner's own events and the group and session events (the
    service passes exactly those). Works for a deleted learner too, while their events remain.
    """
    ordered = log_order(events)
    people = project_people(ordered, include_deleted=True)
    profile = people.profiles.get(learner_id)
    access = people.access_for(learner_id)
    own = [e for e in ordered if e.learner_id == learner_id]
    tombstone = next((e for e in own if e.type == t.LEARNER_DELETED), None)
    return {
        "format": EXPORT_FORMAT,
        "schema_version": EXPORT_SCHEMA_VERSION,
        "exported_at": exported_at,
        "learner_id": learner_id,
        "profile": None
        if profile is None
        else {
            "display_name": profile.display_name,
            "picture": profile.picture,
            "created_at": profile.created_at,
        },
        "deleted": None
        if tombstone is None
        else {
            "at": tombstone.occurred_at,
            "by_facilitator": tombstone.payload.get("by_facilitator"),
        },
        "picture_password": {
            "set": access.has_password,
            "locked": access.has_password and access.locked,
            "wrong_tries_since_last_success": access.failures,
            "hash": WITHHELD if access.has_password else None,
        },
        "groups": [
            {"group_id": g.group_id, "name": g.name, "centre": g.centre}
            for g in people.groups_of(learner_id)
        ],
        "sessions_attended": [
            {
                "session_id": s.session_id,
                "group_id": s.group_id,
                "group_name": people.groups[s.group_id].name
                if s.group_id in people.groups
                else None,
                "date": s.date,
                "devices": list(s.devices),
            }
            for s in people.sessions_attended(learner_id)
        ],
        "events": [_event_json(e) for e in own],
        "events_naming_the_learner": [
            _event_json(e) for e in ordered if _names_learner(e, learner_id)
        ],
    }


_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*\s]+')


def suggested_file_name(display_name: str, day: date) -> str:
    """A file name that works on Windows and Linux; Dzongkha letters are kept."""
    safe = _UNSAFE.sub("-", display_name).strip("-.") or "learner"
    return f"dzlearn-{safe}-{day.isoformat()}.json"


def write_export(path: Path, data: dict[str, Any]) -> Path:
    """Write the JSON beside its final name, then rename: a pulled stick leaves no half file."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    temporary = path.with_name(path.name + ".part")
    try:
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return path
