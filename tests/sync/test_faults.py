"""A connection cut part-way on a real socket, on a push and on a pull.

A tiny TCP proxy in threads sits in front of a real uvicorn hub and cuts one connection: half of
a push body reaches the hub and then the line drops (the hub sees the client disconnect mid
request), or a pull page stops a few hundred bytes into its chunked body. The sync must say so
in words, keep what was whole, and the next sync must carry on from there, counted in the
requests and events that actually crossed the proxy, and converge.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import device_fixtures
import httpx
import hub_helpers
import pytest
import sim
from device_fixtures import HUB_URL, own_events, serving

from dzlearn.storage import Database, EventLog
from dzlearn.sync.client import SyncError, enrol, sync_once
from dzlearn.sync.device import DeviceSyncState
from dzlearn.sync.hub.app import create_app
from dzlearn.sync.hub.store import HubStore
from dzlearn.sync.protocol import decode_lines
from dzlearn.sync.totals import dumps, progress_totals

inproc_hub = device_fixtures.inproc_hub
make_device = device_fixtures.make_device


class CuttingProxy:
    """Forwards TCP connections to the hub; ``cut_push_body``/``cut_pull_reply`` cut one.

    Requests are parsed (HTTP/1.1, Content-Length bodies, which is what httpx sends) so the
    proxy knows which one is the n-th push or pull; ``requests`` lists those forwarded whole.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.requests: list[tuple[str, str, bytes]] = []  # method, target, body
        self.cuts = 0
        self._lock = threading.Lock()
        self._plan: tuple[str, int, int] | None = None  # path, n-th from now, bytes
        self._seen = 0
        self._threads: list[threading.Thread] = []
        self._links: list[_Link] = []
        self._closing = threading.Event()

    def cut_push_body(self, nth: int) -> None:
        """The n-th push from now: headers and half the body go through, then the line drops."""
        with self._lock:
            self._plan, self._seen = ("/v1/push", nth, 0), 0

    def cut_pull_reply(self, nth: int, after_bytes: int) -> None:
        """The n-th pull from now: its reply stops after ``after_bytes`` (headers included)."""
        with self._lock:
            self._plan, self._seen = ("/v1/pull", nth, after_bytes), 0

    def decide(self, target: str) -> tuple[str, int] | None:
        with self._lock:
            if self._plan is None or not target.startswith(self._plan[0]):
                return None
            self._seen += 1
            path, nth, size = self._plan
            if self._seen != nth:
                return None
            self._plan = None
            self.cuts += 1
            return ("body" if path == "/v1/push" else "reply"), size

    def __enter__(self) -> CuttingProxy:
        self._start(self._accept)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._closing.set()
        for link in list(self._links):
            link.close()
        for thread in self._threads:
            thread.join(timeout=10)
        self.listener.close()

    def _start(self, target: object, *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)  # type: ignore[arg-type]
        self._threads.append(thread)
        thread.start()

    def _accept(self) -> None:
        self.listener.settimeout(0.05)  # so closing does not wait on a blocked accept()
        while not self._closing.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            client.settimeout(None)
            link = _Link(self, client, socket.create_connection(self.upstream))
            self._links.append(link)
            self._start(link.requests_up)
            self._start(link.replies_down)


class _Link:
    """One client connection and its connection to the hub."""

    def __init__(self, proxy: CuttingProxy, client: socket.socket, hub: socket.socket) -> None:
        self.proxy, self.client, self.hub = proxy, client, hub
        self.sent_down = 0
        self.stop_down_at: int | None = None
        self._closed = False

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        for end in (self.client, self.hub):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()

    def requests_up(self) -> None:
        pending = b""
        try:
            while data := self.client.recv(65536):
                pending += data
                while (request := _split_request(pending)) is not None:
                    raw, method, target, body, pending = request
                    cut = self.proxy.decide(target)
                    if cut and cut[0] == "body":
                        self.hub.sendall(raw[: len(raw) - len(body) // 2])
                        return self.close()
                    if cut:  # counted from the start of this reply: the earlier ones are done
                        self.stop_down_at = self.sent_down + cut[1]
                    self.proxy.requests.append((method, target, body))
                    self.hub.sendall(raw)
        except OSError:
            pass
        self.close()

    def replies_down(self) -> None:
        try:
            while data := self.hub.recv(65536):
                stop = self.stop_down_at
                if stop is not None and self.sent_down + len(data) > stop:
                    self.client.sendall(data[: stop - self.sent_down])
                    return self.close()
                self.sent_down += len(data)  # before sending: the client may answer at once
                self.client.sendall(data)
        except OSError:
            pass
        self.close()


def _split_request(data: bytes) -> tuple[bytes, str, str, bytes, bytes] | None:
    """The first whole request in ``data``: (raw, method, target, body, rest), or None."""
    head_end = data.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    head = data[:head_end].decode("latin-1").split("\r\n")
    method, target, _version = head[0].split(" ", 2)
    length = 0
    for line in head[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    end = head_end + 4 + length
    if len(data) < end:
        return None
    return data[:end], method, target, data[head_end + 4 : end], data[end:]


@pytest.fixture
def hub_behind_proxy(tmp_path: Path) -> Iterator[tuple[HubStore, CuttingProxy, str]]:
    store = HubStore.open(f"sqlite:///{tmp_path / 'hub' / 'hub.db'}")
    try:
        with serving(store) as port, CuttingProxy(port) as proxy:
            yield store, proxy, f"http://127.0.0.1:{proxy.port}"
    finally:
        store.close()


@pytest.fixture
def devices(tmp_path: Path, hub_behind_proxy) -> Iterator[list[Database]]:  # noqa: ANN001
    """Two progress files enrolled through the proxy (each sync makes its own client)."""
    store, _proxy, url = hub_behind_proxy
    opened = []
    for name in ("a", "b"):
        db = Database.open(tmp_path / name / "dzlearn.sqlite")
        enrol(db, url, store.new_enrol_code(), name=name)
        opened.append(db)
    yield opened
    for db in opened:
        db.close()


def test_a_push_cut_mid_body_stores_none_of_it_and_the_next_sync_carries_on(
    hub_behind_proxy, devices: list[Database]
) -> None:
    store, proxy, _url = hub_behind_proxy
    a, b = devices
    own_events(a, 50)
    proxy.cut_push_body(3)

    with pytest.raises(SyncError) as caught:
        sync_once(a, push_limit=10)
    assert proxy.cuts == 1
    assert caught.value.kind == "interrupted"
    assert "broke while sending events 21–30" in str(caught.value)
    assert "sync again to carry on" in str(caught.value)
    assert store.state(a.device_id).acked_seq == 20
    assert store.pull(b.device_id, 0)[1].cursor == 20  # not one event of the cut batch
    status = DeviceSyncState(a).status()
    assert (status.pending, status.last_error) == (30, str(caught.value))

    proxy.requests.clear()
    summary = sync_once(a, push_limit=10)
    pushed = [decode_lines(body, max_lines=100) for _m, target, body in proxy.requests
              if target == "/v1/push"]  # fmt: skip
    assert [batch[0]["device_seq"] for batch in pushed] == [21, 31, 41]  # not from 1 again
    assert sum(len(batch) for batch in pushed) == 30
    assert (summary.pushed, summary.duplicates) == (30, 0)
    assert DeviceSyncState(a).status().last_error is None

    assert sync_once(b).pulled == 50
    assert dumps(progress_totals(a)) == dumps(progress_totals(b))


def test_a_pull_cut_mid_stream_keeps_whole_pages_and_the_next_sync_carries_on(
    hub_behind_proxy, devices: list[Database]
) -> None:
    _store, proxy, _url = hub_behind_proxy
    a, b = devices
    own_events(a, 300)
    sync_once(a)
    proxy.cut_pull_reply(2, after_bytes=1000)  # page two stops inside its body

    with pytest.raises(SyncError) as caught:
        sync_once(b, pull_limit=100)
    assert proxy.cuts == 1
    assert caught.value.kind == "interrupted"
    assert "broke while downloading events after 100" in str(caught.value)
    assert len(EventLog(b).since(a.device_id, 0, 1000)) == 100  # page one whole, none of two
    assert DeviceSyncState(b).enrolment().pull_cursor == 100  # type: ignore[union-attr]

    proxy.requests.clear()
    summary = sync_once(b, pull_limit=100)
    pulls = [target for _m, target, _b in proxy.requests if target.startswith("/v1/pull")]
    assert pulls == ["/v1/pull?after=100&limit=100", "/v1/pull?after=200&limit=100"]
    assert summary.pulled == 200
    assert dumps(progress_totals(a)) == dumps(progress_totals(b))


def test_a_device_hanging_up_mid_push_is_not_an_unexpected_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """On patchy networks this happens daily; the hub's log must not fill with tracebacks
    that look like its own failures (nothing is stored either way, as tested above)."""
    store = HubStore.open(f"sqlite:///{tmp_path / 'hub.db'}")
    token = hub_helpers.enrol(store, "pc-a")
    body = hub_helpers.push_body(hub_helpers.make_events("pc-a", 1, 20))
    arriving = [
        {"type": "http.request", "body": body[: len(body) // 2], "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict] = []

    async def receive() -> dict:
        return arriving.pop(0) if arriving else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    headers = {"host": "hub", "authorization": f"Bearer {token}", "content-length": str(len(body)),
               "content-type": "application/x-dzlearn-events"}  # fmt: skip
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": "/v1/push", "raw_path": b"/v1/push", "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8765),
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    try:
        with caplog.at_level(logging.INFO):
            raised = None
            try:
                asyncio.run(create_app(store)(scope, receive, send))
            except Exception as error:  # noqa: BLE001 - what reaches the server is the point
                raised = error
        assert store.state("pc-a").acked_seq == 0  # nothing of the half batch stored
        assert raised is None, f"{type(raised).__name__} reached the server"
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    finally:
        store.close()


def test_a_stale_pull_reply_is_refused_and_the_cursor_stays(make_device) -> None:  # noqa: ANN001
    """The hub's reply to an older request (a late retry, a confused proxy) arriving in place
    of the current one: taking it would move the cursor back and fetch everything again."""
    a, b = make_device("a"), make_device("b")
    own_events(a.db, 6)
    a.sync()
    relay = sim.FaultyRelay(b.hub.client)
    b_client = httpx.Client(transport=relay, base_url=HUB_URL)
    assert sync_once(b.db, client=b_client, pull_limit=2).pulled == 6
    relay.arm("stale_page", at=1)  # after=6 answered with the page for after=4, limit 1
    own_events(a.db, 2, start=7)
    a.sync()

    with pytest.raises(SyncError) as caught:
        sync_once(b.db, client=b_client, pull_limit=2)
    assert relay.fired and caught.value.kind == "malformed"
    assert "cursor 5 does not move forward" in str(caught.value)
    assert DeviceSyncState(b.db).enrolment().pull_cursor == 6  # type: ignore[union-attr]
    assert sync_once(b.db, client=b_client, pull_limit=2).pulled == 2
