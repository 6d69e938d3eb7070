"""A small world for the convergence and fault tests: a hub, devices, and a relay that misbehaves.

Everything is the real code: the hub is ``HubStore`` behind ``create_app`` served through
FastAPI's TestClient (or ``DirectHub``, the same endpoints without FastAPI's thread hops), each
device is its own progress file synced with ``sync_once``. ``FaultyRelay``
sits between a device and the hub as an httpx transport and, when armed, does one bad thing to
one request of the next sync: loses it before the hub sees it, loses the reply after the hub
committed, cuts a push body half-way, sends a batch twice, cuts or truncates a pull page, or
answers a pull with the hub's reply to an older request (a stale page, as a late retry or a
confused proxy would deliver).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sqlite3
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from dzlearn.cli import main
from dzlearn.storage import Database
from dzlearn.storage import events as storage_events
from dzlearn.storage.events import row_to_event
from dzlearn.storage.schema import events, sync_conflicts
from dzlearn.sync.device import DeviceSyncState, Enrolment
from dzlearn.sync.hub.app import decode_push, page_chunks
from dzlearn.sync.hub.records import HubError
from dzlearn.sync.hub.store import HubStore
from dzlearn.sync.hub.tables import hub_conflicts, hub_devices, hub_events
from dzlearn.sync.protocol import EnrolRequest, ProtocolError, content_hash

HUB_URL = "http://testserver"
TEN_YEARS = timedelta(days=3653)
CLOCKS = {"right": timedelta(0), "10 years slow": -TEN_YEARS, "10 years fast": TEN_YEARS}

# network faults the relay can play, and the SyncError kinds each may end a sync with
# (None: the sync may also finish)
NETWORK_FAULTS: dict[str, set[str | None]] = {
    "lose_request": {"unreachable"},  # dropped before the hub saw it
    "lose_reply": {"interrupted"},  # the hub did the work (committed a push), the reply is lost
    "cut_push_body": {"interrupted"},  # half a push body reaches the hub, then the line drops
    "send_twice": {None},  # a push batch arrives at the hub twice
    "cut_page": {"interrupted"},  # a pull page stops part-way, the connection drops
    "truncate_page": {"malformed"},  # a pull page ends early, the connection closes cleanly
    "stale_page": {None, "malformed"},  # the reply to an older pull request arrives instead
}
# faults on the device's own disk while a sync writes
LOCAL_FAULTS: dict[str, set[str | None]] = {
    "disk_full_applying_page": {"storage"},
    "disk_full_noting_ack": {"storage"},
}
FAULTS = {**NETWORK_FAULTS, **LOCAL_FAULTS}
PUSH_FAULTS = {"cut_push_body", "send_twice", "disk_full_noting_ack"}
PULL_FAULTS = {"cut_page", "truncate_page", "stale_page", "disk_full_applying_page"}
_PUSH_ONLY = PUSH_FAULTS - set(LOCAL_FAULTS)
_PULL_ONLY = PULL_FAULTS - set(LOCAL_FAULTS)
PLAYED: Counter[str] = Counter()  # faults that actually happened, for a run's coverage check


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


@contextmanager
def device_clock(offset: timedelta) -> Iterator[None]:
    """Events recorded inside carry a wall clock ``offset`` away from the truth."""
    if not offset:
        yield
        return
    with mock.patch.object(storage_events, "utc_now_iso", lambda: iso(datetime.now(UTC) + offset)):
        yield


def make_template(folder: Path) -> Path:
    """A migrated, empty progress file without a device id: copying it and opening the copy
    is ~10x faster than migrating a new file, and the copy makes its own device id."""
    db = Database.open(folder / "template" / "dzlearn.sqlite")
    path = db.path
    db.close()
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("DELETE FROM device")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@contextmanager
def memory_folder(fallback: Path) -> Iterator[Path]:
    """A folder in memory where the machine has /dev/shm: SQLite's fsyncs then cost nothing
    and the property tries more schedules in the same time."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="dzlearn-sync-sim-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def open_from_template(template: Path, path: Path) -> Database:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    return Database.open(path)


class _CutStream(httpx.SyncByteStream):
    """Part of a body, then the connection drops."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def __iter__(self) -> Iterator[bytes]:
        yield self.body[: len(self.body) // 2]
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


@dataclass
class FaultyRelay(httpx.BaseTransport):
    """Forwards a device's requests to the hub; ``arm(kind, at)`` spoils one of the next sync's.

    The fault lands on the ``at``-th request of the sync, or the first one after it that the
    fault applies to (pull faults only to pulls, push faults only to pushes). ``fired`` says
    whether it did.
    """

    hub: TestClient | DirectHub
    fault: str | None = None
    at: int = 1
    fired: bool = False
    requests: int = 0

    def arm(self, fault: str | None, at: int = 1) -> None:
        self.fault, self.at, self.fired, self.requests = fault, at, False, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        body = request.read()
        path = request.url.path
        fault = self._due(path, request.url.params.get("after"))
        if fault == "lose_request":
            raise httpx.ConnectError("connection refused", request=request)
        if fault == "cut_push_body":
            refused = self._forward(request, body[: len(body) // 2])
            assert refused.status_code == 400, "the hub took a push body cut half-way"
            raise httpx.WriteError("connection reset while sending", request=request)
        if fault == "send_twice":
            self._forward(request, body)
        if fault == "stale_page":  # the reply to an older, smaller request arrives instead
            older = max(0, int(request.url.params["after"]) - 1 - self.at)
            stale = request.url.copy_merge_params({"after": older, "limit": 1})
            request = httpx.Request(request.method, stale, headers=request.headers)
        forwarded = self._forward(request, body)
        content = forwarded.content
        if fault == "lose_reply":
            raise httpx.ReadError("connection reset by peer", request=request)
        headers = {
            k: v
            for k, v in forwarded.headers.items()
            if k.lower() not in ("content-length", "transfer-encoding")
        }
        if fault == "cut_page":
            return httpx.Response(200, headers=headers, stream=_CutStream(content))
        if fault == "truncate_page":
            content = content[: len(content) // 2]
        # streamed, as from a socket, so the client's iter_raw path is the one that runs
        return httpx.Response(
            forwarded.status_code, headers=headers, stream=httpx.ByteStream(content)
        )

    def _due(self, path: str, after: str | None) -> str | None:
        fault = self.fault
        if fault is None or self.fired or fault in LOCAL_FAULTS or self.requests < self.at:
            return None
        if fault in _PUSH_ONLY and not path.endswith("/push"):
            return None
        if fault in _PULL_ONLY and not path.endswith("/pull"):
            return None
        if fault == "stale_page" and int(after or 0) < 2:  # nothing older to send instead
            return None
        self.fired = True
        PLAYED[fault] += 1
        return fault

    def _forward(self, request: httpx.Request, body: bytes) -> httpx.Response:
        return self.hub.request(
            request.method,
            request.url.path,
            params=request.url.params,
            content=body,
            headers={
                k: v
                for k, v in request.headers.items()
                if k.lower() not in ("host", "content-length")
            },
        )


_EVENTS = {"content-type": "application/x-dzlearn-events"}


class DirectHub:
    """The hub's three sync endpoints as plain calls into ``HubStore`` and the app's own body
    codecs (``decode_push``, ``page_chunks``), without FastAPI's thread hops: five times
    faster per request, so the property can try many more schedules. The PostgreSQL variant
    goes through the real app (``create_app`` + TestClient), so both paths are covered."""

    def __init__(self, store: HubStore) -> None:
        self.store = store

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        content: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        try:
            return self._answer(method, path, httpx.QueryParams(params), content, headers or {})
        except HubError as error:
            return httpx.Response(error.status, json={"error": error.message})

    def _answer(
        self, method: str, path: str, params: httpx.QueryParams, body: bytes,
        headers: dict[str, str],
    ) -> httpx.Response:  # fmt: skip
        if (method, path) == ("POST", "/v1/enrol"):
            reply = self.store.enrol(EnrolRequest.model_validate_json(body))
            return httpx.Response(200, json=reply.model_dump())
        token = {k.lower(): v for k, v in headers.items()}.get("authorization", "")
        device = self.store.device_for_token(token.removeprefix("Bearer "))
        if (method, path) == ("GET", "/v1/state"):
            return httpx.Response(200, json=self.store.state(device.device_id).model_dump())
        if (method, path) == ("POST", "/v1/push"):
            try:
                events = decode_push(body)
            except ProtocolError as error:
                raise HubError(400, str(error)) from None
            return httpx.Response(
                200, json=self.store.ingest(device.device_id, events).model_dump()
            )
        if (method, path) == ("GET", "/v1/pull"):
            after, limit = int(params.get("after", 0)), int(params.get("limit", 2000))
            page, end = self.store.pull(device.device_id, after, limit)
            return httpx.Response(200, headers=_EVENTS, content=b"".join(page_chunks(page, end)))
        raise HubError(404, f"no {method} {path} in this test hub")


@contextmanager
def local_fault(kind: str | None) -> Iterator[Callable[[], bool]]:
    """The device's disk fills up at the first write of the kind named; yields "did it fire".

    The write itself happens, then the transaction cannot commit (SQLite reports the full disk
    at the statement or at COMMIT; either way everything in the transaction is undone).
    """
    fired: list[bool] = []
    if kind not in LOCAL_FAULTS:
        yield lambda: False
        return
    from dzlearn.sync import client as client_module
    from dzlearn.sync import device as device_module

    name = "merge_into" if kind == "disk_full_applying_page" else "set_acked"
    with contextlib.ExitStack() as patches:
        for module in (client_module, device_module):
            real = getattr(module, name, None)
            if real is not None:
                patches.enter_context(mock.patch.object(module, name, _failing(real, fired, kind)))
        yield lambda: bool(fired)


def _failing(real: Callable[..., Any], fired: list[bool], kind: str) -> Callable[..., Any]:
    def failing(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        if not fired:
            fired.append(True)
            PLAYED[kind] += 1
            raise sqlite3.OperationalError("database or disk is full")
        return result

    return failing


ACTIVITIES = ["step", "lesson", "drill", "login"]


def activity(kind: str, amount: int) -> tuple[str, dict[str, Any]]:
    """An event type and payload of the sorts the app records, with numbers to add up."""
    if kind == "step":
        return "lesson.step_completed", {
            "pack_id": "p", "lesson_id": f"l{amount % 2}", "step_id": f"s{amount}",
            "kind": "keyboard", "mistakes": amount, "hints": amount % 2, "duration_ms": 900,
        }  # fmt: skip
    if kind == "lesson":
        return "lesson.completed", {"pack_id": "p", "lesson_id": f"l{amount % 2}"}
    if kind == "drill":
        return "typing.drill", {"keystrokes": 10 * amount, "errors": {"ཀ": amount, "ཁ": 1}}
    return "learner.login_succeeded", {}


def progress_json(folder: Path) -> str:
    """What ``dzlearn --data FOLDER progress --json`` prints."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["--data", str(folder), "progress", "--json"])
    assert status == 0
    return out.getvalue()


# --- looking inside ------------------------------------------------------------------------


@dataclass
class HubView:
    store: HubStore

    def events(self) -> dict[str, tuple[str, int, str, int]]:
        """event id -> (content hash, hub_seq, device id, device seq)."""
        query = select(
            hub_events.c.event_id, hub_events.c.content_hash, hub_events.c.hub_seq,
            hub_events.c.device_id, hub_events.c.device_seq,
        )  # fmt: skip
        with self.store.engine.connect() as connection:
            rows = connection.execute(query).all()
        return {r.event_id: (r.content_hash, int(r.hub_seq), r.device_id, int(r.device_seq))
                for r in rows}  # fmt: skip

    def acked(self) -> dict[str, int]:
        """device id -> the seq up to which the hub holds (or has refused) all its events."""
        query = select(hub_devices.c.device_id, hub_devices.c.acked_seq)
        with self.store.engine.connect() as connection:
            return {row.device_id: int(row.acked_seq) for row in connection.execute(query)}

    def conflict_count(self) -> int:
        with self.store.engine.connect() as connection:
            query = select(func.count()).select_from(hub_conflicts)
            return int(connection.execute(query).scalar_one())


def held_events(db: Database) -> dict[str, tuple[str, str, int]]:
    """event id -> (content hash, device id, device seq) for every event the device holds."""
    with db.reading() as connection:
        rows = connection.execute(select(events)).all()
    held = {}
    for row in rows:
        event = row_to_event(row)
        held[event.event_id] = (content_hash(event), event.device_id, event.device_seq)
    return held


def device_conflict_count(db: Database) -> int:
    with db.reading() as connection:
        return int(
            connection.execute(select(func.count()).select_from(sync_conflicts)).scalar_one()
        )


def enrolment(db: Database) -> Enrolment:
    found = DeviceSyncState(db).enrolment()
    assert found is not None
    return found


def empty_postgres_hub(url: str) -> None:
    """Everything but the hub's id and keys goes, so each example starts from an empty hub
    without the cost of a new database."""
    store = HubStore.open(url)
    try:
        with store.engine.begin() as connection:
            connection.execute(
                text(
                    "TRUNCATE hub_events, hub_conflicts, hub_devices, hub_enrol_codes"
                    " RESTART IDENTITY"
                )
            )
    finally:
        store.close()
