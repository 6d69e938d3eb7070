"""An interrupted sync resumes where it stopped: never from zero, never with half a page."""

from __future__ import annotations

import json

import device_fixtures
import httpx
import pytest
from device_fixtures import (
    Hub,
    Relay,
    own_events,
    relay_client,
)

from dzlearn.storage import Database, EventLog
from dzlearn.sync.client import SyncError, sync_once
from dzlearn.sync.device import DeviceSyncState
from dzlearn.sync.protocol import decode_lines, encode_lines

# fixtures shared with the other device-side test modules (conftest.py is the hub's)
inproc_hub = device_fixtures.inproc_hub
make_device = device_fixtures.make_device


def _first_seq(body: bytes) -> int:
    return decode_lines(body, max_lines=5000)[0]["device_seq"]


def _held_from(db: Database, device_id: str) -> int:
    return len(EventLog(db).since(device_id, 0, 100_000))


@pytest.mark.parametrize("lost", ["request", "reply"])
def test_an_interrupted_push_resumes_without_starting_over(
    make_device, inproc_hub: Hub, lost: str
) -> None:
    device = make_device("a")
    own_events(device.db, 500)
    pushes: list[int] = []

    def fault(number: int, request: httpx.Request, response: httpx.Response | None) -> None:
        if request.url.path != "/v1/push":
            return None
        if response is None:
            pushes.append(number)
        if len(pushes) == 3 and lost == "request" and response is None:
            raise httpx.ConnectError("connection refused", request=request)
        if len(pushes) == 3 and lost == "reply" and response is not None:
            raise httpx.ReadError("connection reset by peer", request=request)  # hub committed
        return None

    with pytest.raises(SyncError) as caught:
        sync_once(device.db, client=relay_client(Relay(inproc_hub.client, fault)), push_limit=100)
    assert caught.value.kind == ("unreachable" if lost == "request" else "interrupted")
    assert inproc_hub.event_count() == (200 if lost == "request" else 300)
    state = DeviceSyncState(device.db)
    assert state.enrolment().acked_seq == 200  # type: ignore[union-attr]
    assert state.status().last_error == str(caught.value)

    relay = Relay(inproc_hub.client)
    summary = sync_once(device.db, client=relay_client(relay), push_limit=100)
    pushed = [body for (method, path, _), body in zip(relay.seen, relay.bodies, strict=True)
              if path == "/v1/push"]  # fmt: skip
    assert _first_seq(pushed[0]) == 201  # not 1: the first 200 are not sent again
    assert len(pushed) == 3
    if lost == "request":
        assert (summary.pushed, summary.duplicates) == (300, 0)
    else:
        assert (summary.pushed, summary.duplicates) == (200, 100)  # the page whose reply was lost
    assert inproc_hub.event_count() == 500
    assert state.status().pending == 0 and state.status().last_error is None


class _BrokenStream(httpx.SyncByteStream):
    """Half the body, then the connection drops."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def __iter__(self):  # noqa: ANN204
        yield self.body[: len(self.body) // 2]
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


def _damage(how: str, response: httpx.Response) -> httpx.Response:
    body = response.read()
    headers = {"content-type": response.headers["content-type"]}
    if how == "truncated":
        return httpx.Response(200, headers=headers, content=body[: len(body) // 2])
    if how == "no-end-line":
        lines = decode_lines(body, max_lines=5000)
        assert "end" in lines[-1]
        return httpx.Response(200, headers=headers, content=encode_lines(lines[:-1]))
    return httpx.Response(200, headers=headers, stream=_BrokenStream(body))


@pytest.mark.parametrize("how", ["truncated", "no-end-line", "connection-dropped"])
def test_a_cut_download_keeps_whole_pages_only_and_resumes(
    make_device, inproc_hub: Hub, how: str
) -> None:
    a, b = make_device("a"), make_device("b")
    own_events(a.db, 300)
    a.sync()
    pulls: list[int] = []

    def fault(number: int, request: httpx.Request, response: httpx.Response | None):  # noqa: ANN202
        if request.url.path != "/v1/pull" or response is None:
            return None
        pulls.append(number)
        return _damage(how, response) if len(pulls) == 2 else None

    with pytest.raises(SyncError) as caught:
        sync_once(b.db, client=relay_client(Relay(inproc_hub.client, fault)), pull_limit=100)
    expected_kind = {"truncated": "malformed", "no-end-line": "interrupted"}
    assert caught.value.kind == expected_kind.get(how, "interrupted")
    assert "Nothing from" in str(caught.value) or "What was already received is kept" in str(
        caught.value
    )
    assert _held_from(b.db, a.db.device_id) == 100  # page one, whole; nothing of page two
    cursor = DeviceSyncState(b.db).enrolment().pull_cursor  # type: ignore[union-attr]
    assert cursor >= 100

    relay = Relay(inproc_hub.client)
    summary = sync_once(b.db, client=relay_client(relay), pull_limit=100)
    assert relay.paths("GET", "/v1/pull")[0]["after"] == str(cursor)
    assert summary.pulled == 200
    assert _held_from(b.db, a.db.device_id) == 300


def test_a_copied_stick_is_a_conflict_that_is_kept_never_dropped(
    make_device, inproc_hub: Hub
) -> None:
    a = make_device("a")
    own_events(a.db, 3)
    a.sync()
    copy = a.db.backup()  # the same progress file on a second stick: same device id and token
    b = make_device("b", enrolled=False, path=copy)
    assert b.db.device_id == a.db.device_id

    own_events(a.db, 2, start=4)
    mine = own_events(b.db, 2, start=4)  # the same numbers, different events
    assert a.sync().pushed == 2
    summary = b.sync()
    assert (summary.pushed, summary.conflicts) == (0, 2)
    assert "conflict" in summary.line()

    own_events(a.db, 3, start=6)
    a.sync()
    later = own_events(b.db, 1, start=6)  # the hub is already past 6 for this device id
    assert b.sync().conflicts == 1  # offered and reported, not skipped

    kept = DeviceSyncState(b.db).conflicts()
    assert sorted(c.event_id for c in kept) == sorted(e.event_id for e in [*mine, *later])
    assert {c.source for c in kept} == {"push"}
    assert all("already holds another event" in c.reason for c in kept)
    assert {c.event_id: c.event["device_seq"] for c in kept}[later[0].event_id] == 6
    assert DeviceSyncState(b.db).status().conflicts == 3
    on_hub = {c.event_id for c in inproc_hub.store.conflicts()}
    assert on_hub == {e.event_id for e in [*mine, *later]}
    assert _held_from(b.db, b.db.device_id) == 6  # b's own events all still there
    assert inproc_hub.event_count() == 8


def _answer(status: int, body: object, headers: dict[str, str] | None = None) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, headers=headers or {"content-type": "application/json"},
                          content=content)  # fmt: skip


@pytest.mark.parametrize(
    ("path", "reply", "kind", "words"),
    [
        ("/v1/state", _answer(503, {"error": "the hub's database is unavailable"}), "hub_error",
         "the hub's database is unavailable"),
        ("/v1/push", _answer(403, {"error": "a device may only send its own events"}), "refused",
         "a device may only send its own events"),
        ("/v1/push", _answer(413, b"<html>too big</html>"), "refused", "too big"),
        ("/v1/state", _answer(200, b"<html>captive portal</html>"), "malformed", "not JSON"),
        ("/v1/state", _answer(200, {"hub_id": "x"}), "malformed", "device_id"),
        ("/v1/state", _answer(302, b"", {"location": "http://elsewhere"}), "refused",
         "sent this device elsewhere"),
        ("/v1/pull", _answer(200, encode_lines([{"cursor": 1, "event": {"event_id": "x"}}])),
         "malformed", "field"),
    ],
)  # fmt: skip
def test_hub_answers_become_words(make_device, inproc_hub, path, reply, kind, words) -> None:
    device = make_device("a")
    own_events(device.db, 1)
    other = make_device("b")
    own_events(other.db, 2)
    other.sync()

    def fault(number: int, request: httpx.Request, response: httpx.Response | None):  # noqa: ANN202
        return reply if request.url.path == path and response is None else None

    with pytest.raises(SyncError) as caught:
        sync_once(device.db, client=relay_client(Relay(inproc_hub.client, fault)))
    assert caught.value.kind == kind
    assert words in str(caught.value)
    assert _held_from(device.db, other.db.device_id) == 0


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), "unreachable", "cannot be reached"),
        (httpx.ConnectTimeout("timed out"), "unreachable", "did not answer in time"),
        (httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"), "tls",
         "TLS certificate"),
    ],
)  # fmt: skip
def test_network_failures_become_words(make_device, inproc_hub, error, kind, words) -> None:
    device = make_device("a")

    def fault(number: int, request: httpx.Request, response: httpx.Response | None):  # noqa: ANN202
        raise error

    with pytest.raises(SyncError) as caught:
        sync_once(device.db, client=relay_client(Relay(inproc_hub.client, fault)))
    assert (caught.value.kind, words in str(caught.value)) == (kind, True)


def test_a_hub_that_is_not_running_is_reported_as_unreachable(make_device, inproc_hub) -> None:
    import socket

    from dzlearn.sync.client import enrol

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    device = make_device("a", enrolled=False)
    via = httpx.Client(transport=Relay(inproc_hub.client), base_url=url)
    enrol(device.db, url, inproc_hub.code(), client=via)
    with pytest.raises(SyncError) as caught:
        sync_once(device.db)  # its own client, to a port nobody listens on
    assert caught.value.kind == "unreachable"
    assert f"The hub at {url} cannot be reached" in str(caught.value)
