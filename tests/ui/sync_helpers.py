"""A real hub for the app's sync tests: HubStore + create_app served by uvicorn in a thread.

It listens on a free loopback port chosen up front, so a test can start it late ("the hub comes
back") on the address the PC was enrolled with. A ``Gate`` can hold pull requests at the hub, so
a test can close the window or record a lesson step while a sync is half done.
"""

from __future__ import annotations

import dataclasses
import math
import socket
import threading
import time
from pathlib import Path

import anyio
import uvicorn

from dzlearn.storage import Database, Event, EventLog
from dzlearn.sync.client import enrol
from dzlearn.sync.hub.app import create_app
from dzlearn.sync.hub.store import HubStore
from dzlearn.sync.schedule import SyncPolicy

# Short waits so the tests see several back-off steps; poll rarely so nothing syncs unasked.
FAST = SyncPolicy(
    first_retry=0.2, max_retry=1.6, poll=3600, jitter=0.0, probe_timeout=2.0, start_delay=0.0,
    status_refresh=0.2,
)  # fmt: skip
ON_REQUEST = dataclasses.replace(FAST, start_delay=3600)  # syncs only when asked


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Gate:
    """Lets the first ``free`` pull requests through, then holds each until ``allow``."""

    def __init__(self) -> None:
        self.free: float = math.inf
        self.permits = 0
        self.pulls = 0
        self.held = 0  # requests waiting at the gate now
        self._cond = threading.Condition()

    def hold_after(self, free: int) -> None:
        """Let ``free`` more pull requests through from now on, then hold the rest."""
        with self._cond:
            self.free = self.pulls + free

    def allow(self, count: int = 1) -> None:
        with self._cond:
            self.permits += count
            self._cond.notify_all()

    def open(self) -> None:
        self.allow(10**6)

    def wait_held(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while self.held == 0:
                left = deadline - time.monotonic()
                assert left > 0, "no pull request reached the gate"
                self._cond.wait(left)

    def pass_through(self) -> None:
        with self._cond:
            self.pulls += 1
            if self.pulls <= self.free:
                return
            self.held += 1
            self._cond.notify_all()
            self._cond.wait_for(lambda: self.permits > 0, timeout=60)
            self.permits = max(0, self.permits - 1)
            self.held -= 1


class _Gated:
    def __init__(self, app, gate: Gate) -> None:  # noqa: ANN001 - an ASGI app
        self.app = app
        self.gate = gate

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001 - ASGI
        if scope["type"] == "http" and scope["path"] == "/v1/pull":
            await anyio.to_thread.run_sync(self.gate.pass_through)
        await self.app(scope, receive, send)


class LiveHub:
    def __init__(self, folder: Path) -> None:
        self.store = HubStore.open(f"sqlite:///{folder / 'hub.db'}")
        self.gate = Gate()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> LiveHub:
        app = _Gated(create_app(self.store), self.gate)
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            assert time.monotonic() < deadline and self._thread.is_alive(), "hub did not start"
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.gate.open()
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def close(self) -> None:
        self.stop()
        self.store.close()

    def code(self) -> str:
        return self.store.new_enrol_code()

    def event_ids(self) -> set[str]:
        from sqlalchemy import select

        from dzlearn.sync.hub.tables import hub_events

        with self.store.engine.connect() as connection:
            return {row[0] for row in connection.execute(select(hub_events.c.event_id))}


def enrolled_database(path: Path, hub: LiveHub, name: str) -> Database:
    """A progress file enrolled with ``hub`` (which must be running), left open."""
    db = Database.open(path)
    enrol(db, hub.url, hub.code(), name=name)
    return db


def many_events(db: Database, count: int, learner_id: str) -> list[Event]:
    """``count`` lesson steps of ``learner_id`` made on ``db``'s device, quickly."""
    import uuid

    from dzlearn.storage import merge_events

    start = len(EventLog(db).since(db.device_id, 0, 10**9)) + 1
    made = [
        Event(
            event_id=uuid.uuid4().hex, device_id=db.device_id, device_seq=seq,
            learner_id=learner_id, type="lesson.step_completed",
            payload={"pack_id": "p", "lesson_id": "l", "step_id": f"s{seq % 7}", "mistakes": 0},
            schema_version=1, occurred_at="2025-03-01T10:00:00.000000Z",
            recorded_at="2025-03-01T10:00:00.000000Z",
        )
        for seq in range(start, start + count)
    ]  # fmt: skip
    merge_events(db, made, batch=5000)
    return made
