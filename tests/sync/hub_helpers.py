"""Small builders shared by the hub's tests: events, enrolled devices, push bodies."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from nacl.public import PrivateKey
from nacl.signing import SigningKey
from sqlalchemy import func, select

from dzlearn.storage.events import Event
from dzlearn.sync.hub import HubStore
from dzlearn.sync.hub.tables import hub_events
from dzlearn.sync.protocol import EnrolRequest, encode_lines, event_to_wire


def make_events(
    device_id: str,
    first_seq: int,
    count: int,
    *,
    occurred_at: str = "2024-05-01T08:00:00Z",
    tag: str = "",
) -> list[Event]:
    return [
        Event(
            event_id=f"{device_id}-{seq}{tag}-{uuid.uuid4().hex[:8]}",
            device_id=device_id,
            device_seq=seq,
            learner_id="learner-1",
            type="lesson.completed",
            payload={"lesson": f"L{seq}", "score": seq % 100, "text": "ཀ་ཁ་ག"},
            schema_version=1,
            occurred_at=occurred_at,
            recorded_at=occurred_at,
        )
        for seq in range(first_seq, first_seq + count)
    ]


def enrol_request(code: str, device_id: str) -> EnrolRequest:
    return EnrolRequest(
        code=code,
        device_id=device_id,
        name=f"PC {device_id}",
        sign_key=SigningKey.generate().verify_key.encode().hex(),
        box_key=PrivateKey.generate().public_key.encode().hex(),
    )


def enrol(store: HubStore, device_id: str) -> str:
    """Enrol ``device_id`` with a fresh code; the device's token."""
    return store.enrol(enrol_request(store.new_enrol_code(), device_id)).token


def push_body(events: Iterable[Event]) -> bytes:
    return encode_lines(event_to_wire(event) for event in events)


def stored_count(store: HubStore) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(hub_events)).scalar())
