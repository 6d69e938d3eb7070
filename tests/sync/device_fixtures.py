"""Fixtures for the device-side sync tests: an in-process hub, enrolled devices, a relay.

Imported by the ``test_device_*``/``test_client_*``/``test_progress_cli`` modules (the hub's
own tests keep ``conftest.py``). The hub is the real one (HubStore + create_app) served through
FastAPI's TestClient; ``Relay`` sits between a device and it as an httpx transport, so a test
can count requests, lose a reply after the hub committed, cut a download short, or answer in
the hub's place.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from dzlearn.storage import Database, Event, EventLog, LearnerStore, merge_events
from dzlearn.sync.client import SyncSummary, enrol, sync_once
from dzlearn.sync.hub.app import create_app
from dzlearn.sync.hub.store import HubStore
from dzlearn.sync.totals import dumps, progress_totals

HUB_URL = "http://testserver"


@dataclass
class Hub:
    store: HubStore
    client: TestClient

    def code(self) -> str:
        return self.store.new_enrol_code()

    def event_count(self) -> int:
        from sqlalchemy import func, select

        from dzlearn.sync.hub.tables import hub_events

        with self.store.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(hub_events)).scalar())


@dataclass
class Device:
    db: Database
    hub: Hub
    client: httpx.Client

    @property
    def log(self) -> EventLog:
        return EventLog(self.db)

    @property
    def learners(self) -> LearnerStore:
        return LearnerStore(self.db, self.log)

    def sync(self, **kwargs) -> SyncSummary:  # noqa: ANN003 - sync_once's keywords
        kwargs.setdefault("client", self.client)
        return sync_once(self.db, **kwargs)

    def progress(self) -> str:
        return dumps(progress_totals(self.db))


@pytest.fixture
def inproc_hub(tmp_path: Path) -> Iterator[Hub]:
    store = HubStore.open(f"sqlite:///{tmp_path / 'hub' / 'hub.db'}")
    with TestClient(create_app(store)) as client:
        yield Hub(store, client)
    store.close()


@pytest.fixture
def make_device(tmp_path: Path, inproc_hub: Hub) -> Iterator[Callable[..., Device]]:
    """``make_device("a")``: a new progress file enrolled with the in-process hub."""
    opened: list[Database] = []

    def make(name: str, *, enrolled: bool = True, path: Path | None = None) -> Device:
        db = Database.open(path or tmp_path / name / "dzlearn.sqlite")
        opened.append(db)
        if enrolled:
            enrol(db, HUB_URL, inproc_hub.code(), name=name, client=inproc_hub.client)
        return Device(db, inproc_hub, inproc_hub.client)

    yield make
    for db in opened:
        db.close()


def own_events(db: Database, count: int, *, start: int = 1, learner: str = "l1") -> list[Event]:
    """``count`` events authored by ``db``'s device, added quickly with merge_events."""
    made = [
        Event(
            event_id=uuid.uuid4().hex,
            device_id=db.device_id,
            device_seq=seq,
            learner_id=learner,
            type="lesson.step_completed",
            payload={"pack_id": "p", "lesson_id": "l", "step_id": f"s{seq % 7}", "mistakes": 1},
            schema_version=1,
            occurred_at="2025-03-01T10:00:00.000000Z",
            recorded_at="2025-03-01T10:00:00.000000Z",
        )
        for seq in range(start, start + count)
    ]
    result = merge_events(db, made, batch=5000)
    assert len(result.inserted) == count
    return made


@dataclass
class Relay(httpx.BaseTransport):
    """An httpx transport that forwards to the in-process hub, with faults a test arranges.

    ``fault(request_number, request, response_or_None)`` may raise (a lost request when the
    response is None, a lost reply otherwise) or return a replacement response.
    """

    hub: TestClient
    fault: Callable[[int, httpx.Request, httpx.Response | None], httpx.Response | None] | None = (
        None
    )
    seen: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        number = len(self.seen) + 1
        self.seen.append((request.method, request.url.path, dict(request.url.params)))
        body = request.read()
        self.bodies.append(body)
        if self.fault is not None:
            replaced = self.fault(number, request, None)
            if replaced is not None:
                return replaced
        forwarded = self.hub.request(
            request.method,
            request.url.path,
            params=request.url.params,
            content=body,
            headers={k: v for k, v in request.headers.items() if k.lower() != "host"},
        )
        headers = {
            k: v
            for k, v in forwarded.headers.items()
            if k.lower() not in ("content-length", "transfer-encoding")
        }
        # streamed, as from a real socket, so the client's iter_raw path is what runs
        response = httpx.Response(
            forwarded.status_code, headers=headers, stream=httpx.ByteStream(forwarded.content)
        )
        if self.fault is not None:
            replaced = self.fault(number, request, response)
            if replaced is not None:
                return replaced
        return response

    def paths(self, method: str, path: str) -> list[dict[str, str]]:
        return [params for m, p, params in self.seen if m == method and p == path]


def relay_client(relay: Relay) -> httpx.Client:
    return httpx.Client(transport=relay, base_url=HUB_URL)


@dataclass
class LiveHub:
    url: str
    store: HubStore


@contextmanager
def serving(store: HubStore, **ssl: str) -> Iterator[int]:
    """The hub app served by uvicorn on a free loopback port, in a thread; yields the port."""
    config = uvicorn.Config(
        create_app(store), host="127.0.0.1", port=0, log_level="warning", lifespan="off", **ssl
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test hub did not start")
            time.sleep(0.02)
        yield server.servers[0].sockets[0].getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live_hub(tmp_path: Path) -> Iterator[LiveHub]:
    """The real hub over loopback HTTP (for the command line, which makes its own client)."""
    store = HubStore.open(f"sqlite:///{tmp_path / 'live-hub' / 'hub.db'}")
    try:
        with serving(store) as port:
            yield LiveHub(f"http://127.0.0.1:{port}", store)
    finally:
        store.close()
