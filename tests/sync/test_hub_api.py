"""The hub's HTTP API in-process (FastAPI TestClient): what a device sees, errors included."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hub_helpers import enrol_request, make_events, push_body, stored_count

from dzlearn.sync.hub import HubStore
from dzlearn.sync.hub.app import EVENTS_MEDIA_TYPE, create_app
from dzlearn.sync.protocol import (
    MAX_COMPRESSED_BYTES,
    MAX_PUSH_EVENTS,
    decode_lines,
    encode_lines,
    event_to_wire,
)


@pytest.fixture
def hub(tmp_path: Path):
    store = HubStore.open(f"sqlite:///{tmp_path / 'hub.db'}")
    with TestClient(create_app(store)) as client:
        yield store, client
    store.close()


def enrolled(store: HubStore, client: TestClient, device_id: str) -> dict[str, str]:
    reply = client.post(
        "/v1/enrol", json=enrol_request(store.new_enrol_code(), device_id).model_dump()
    )
    assert reply.status_code == 200, reply.text
    return {"Authorization": f"Bearer {reply.json()['token']}"}


def push(client: TestClient, auth: dict[str, str], body: bytes):
    return client.post("/v1/push", content=body, headers=auth | {"Content-Type": EVENTS_MEDIA_TYPE})


def pull_lines(client: TestClient, auth: dict[str, str], after: int, limit: int = 2000) -> list:
    reply = client.get("/v1/pull", params={"after": after, "limit": limit}, headers=auth)
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"].startswith(EVENTS_MEDIA_TYPE)
    return decode_lines(reply.content, max_lines=limit + 1)


def test_health_and_openapi(hub):
    store, client = hub
    assert client.get("/health").json() == {"status": "ok", "hub_id": store.hub_id, "protocol": 1}
    spec = client.get("/openapi.json").json()
    assert {"/health", "/v1/enrol", "/v1/state", "/v1/push", "/v1/pull"} <= set(spec["paths"])
    push_spec = spec["paths"]["/v1/push"]["post"]
    assert EVENTS_MEDIA_TYPE in push_spec["requestBody"]["content"]
    assert {"400", "401", "403", "413"} <= set(push_spec["responses"])


def test_enrol_push_state_pull_round_trip(hub):
    store, client = hub
    a, b = enrolled(store, client, "pc-a"), enrolled(store, client, "pc-b")
    events = make_events("pc-a", 1, 25)
    reply = push(client, a, push_body(events))
    assert reply.json() == {"stored": 25, "duplicates": 0, "conflicts": [], "acked_seq": 25}
    assert push(client, a, push_body(events)).json()["duplicates"] == 25
    assert client.get("/v1/state", headers=a).json() == {
        "hub_id": store.hub_id,
        "device_id": "pc-a",
        "acked_seq": 25,
        "head": 25,
    }
    lines = pull_lines(client, b, 0, limit=10)
    assert [line["cursor"] for line in lines[:-1]] == list(range(1, 11))
    assert lines[0]["event"] == event_to_wire(events[0])
    assert lines[-1] == {"end": {"cursor": 10, "more": True}}
    assert pull_lines(client, a, 0) == [{"end": {"cursor": 25, "more": False}}]


def test_conflicts_are_reported_in_the_push_reply(hub):
    store, client = hub
    a = enrolled(store, client, "pc-a")
    [event] = make_events("pc-a", 1, 1)
    push(client, a, push_body([event]))
    changed = event_to_wire(event) | {"payload": {"lesson": "other"}}
    reply = push(client, a, encode_lines([changed]))
    assert reply.status_code == 200
    [conflict] = reply.json()["conflicts"]
    assert conflict["event_id"] == event.event_id and "different content" in conflict["reason"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"not gzip at all", "not valid gzip data"),
        (gzip.compress(b'{"event_id": "x"'), "line 1: not valid JSON"),
        (gzip.compress(b"\xff\xfe\n"), "line 1: not valid JSON"),
    ],
)
def test_malformed_bodies_are_400_naming_what(hub, body: bytes, words: str):
    store, client = hub
    a = enrolled(store, client, "pc-a")
    reply = push(client, a, body)
    assert reply.status_code == 400 and words in reply.json()["error"]
    assert stored_count(store) == 0


def test_a_truncated_body_is_refused_whole(hub):
    store, client = hub
    a = enrolled(store, client, "pc-a")
    body = push_body(make_events("pc-a", 1, 200))
    reply = push(client, a, body[: len(body) // 2])
    assert reply.status_code == 400 and "truncated" in reply.json()["error"]
    assert stored_count(store) == 0


def test_text_json_or_postgresql_cannot_carry_is_400(hub):
    store, client = hub
    a = enrolled(store, client, "pc-a")
    lines = [event_to_wire(e) for e in make_events("pc-a", 1, 2)]
    assert push(client, a, encode_lines(lines)).status_code == 200
    for field, bad, words in [
        ("payload", {"x": "\ud800"}, "not valid Unicode"),
        ("payload", {"x": float("nan")}, "payload"),
        ("type", "lesson\x00done", "type contains NUL"),
    ]:
        line = event_to_wire(make_events("pc-a", 3, 1)[0]) | {field: bad}
        body = gzip.compress(json.dumps(line).encode())  # json.dumps writes NaN, \\ud800
        reply = push(client, a, body)
        assert reply.status_code == 400 and words in reply.json()["error"], reply.text
    assert stored_count(store) == 2


def test_a_bad_field_names_its_line_and_field(hub):
    store, client = hub
    a = enrolled(store, client, "pc-a")
    lines = [event_to_wire(e) for e in make_events("pc-a", 1, 3)]
    lines[2]["device_seq"] = 0
    reply = push(client, a, encode_lines(lines))
    assert reply.status_code == 400
    assert reply.json()["error"].startswith("line 3: field device_seq")
    lines[2]["device_seq"], lines[1]["surprise"] = 3, 1
    reply = push(client, a, encode_lines(lines))
    assert reply.json()["error"].startswith("line 2: field surprise")
    assert stored_count(store) == 0


def test_too_many_lines_or_bytes_are_refused(hub):
    store, client = hub
    a = enrolled(store, client, "pc-a")
    reply = push(client, a, push_body(make_events("pc-a", 1, MAX_PUSH_EVENTS + 1)))
    assert reply.status_code == 400 and f"more than {MAX_PUSH_EVENTS} lines" in reply.text
    reply = push(client, a, b"\0" * (MAX_COMPRESSED_BYTES + 1))
    assert reply.status_code == 413 and "at most" in reply.json()["error"]
    assert stored_count(store) == 0


def test_another_devices_event_is_403(hub):
    store, client = hub
    a = enrolled(store, client, "pc-a")
    enrolled(store, client, "pc-b")
    body = push_body(make_events("pc-a", 1, 2) + make_events("pc-b", 1, 1))
    reply = push(client, a, body)
    assert reply.status_code == 403
    assert "event 3" in reply.json()["error"] and "pc-b" in reply.json()["error"]
    assert stored_count(store) == 0


def test_missing_unknown_and_revoked_tokens_are_401(hub):
    store, client = hub
    a = enrolled(store, client, "pc-a")
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic eDp5"}):
        reply = client.get("/v1/state", headers=headers)
        assert reply.status_code == 401 and reply.json()["error"]
    store.revoke("pc-a")
    for reply in (
        client.get("/v1/state", headers=a),
        push(client, a, push_body(make_events("pc-a", 1, 1))),
        client.get("/v1/pull", headers=a),
    ):
        assert reply.status_code == 401 and "revoked" in reply.json()["error"]


def test_enrol_errors_are_clear(hub):
    store, client = hub
    code = store.new_enrol_code()
    request = enrol_request(code, "pc-a").model_dump()
    assert client.post("/v1/enrol", json=request).status_code == 200
    reply = client.post("/v1/enrol", json=request)
    assert reply.status_code == 403 and "already used" in reply.json()["error"]
    reply = client.post("/v1/enrol", json=request | {"sign_key": "zz"})
    assert reply.status_code == 400 and "sign_key" in reply.json()["error"]
    reply = client.post("/v1/enrol", content=b"{", headers={"Content-Type": "application/json"})
    assert reply.status_code == 400 and reply.json()["error"]


def test_bad_pull_parameters_are_400(hub):
    store, client = hub
    a = enrolled(store, client, "pc-a")
    for params in ({"after": -1}, {"after": "x"}, {"limit": 0}):
        reply = client.get("/v1/pull", params=params, headers=a)
        assert reply.status_code == 400 and reply.json()["error"]


def test_the_hub_runs_without_qt():
    code = (
        "import sys, dzlearn.sync.hub.app, dzlearn.commands.hub, dzlearn.cli;"
        " dzlearn.cli.build_parser(['hub', 'serve']);"
        " assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
