"""Enrolling with a hub and syncing once: push what the hub lacks, pull what this device lacks.

One sync is: ask the hub where it stands for this device (``/v1/state``), push this device's
own events after the acknowledged sequence number in bounded pages, then pull other devices'
events after the stored cursor in bounded, streamed pages, each applied together with its new
cursor in one transaction. So an interrupted sync resumes where it stopped, a page is never
half applied, and memory stays bounded by one page however large the backlog. Nothing here
looks at event timestamps: wrong device clocks cannot change the outcome.

Runs on whatever thread calls it (the app's sync worker, or the command line); ``should_stop``
is checked between pages so the app can end a sync promptly without losing what was done.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from dzlearn.storage import Database, Event, EventLog, LearnerStore, MergeResult, StorageError
from dzlearn.storage.events import utc_now_iso

from . import device as state
from .device import DeviceKeys, DeviceSyncState, Enrolment, normalise_hub_url
from .protocol import (
    API_PREFIX,
    MAX_PULL_EVENTS,
    MAX_PUSH_EVENTS,
    EnrolRequest,
    EnrolResponse,
    HubState,
    PageEnd,
    ProtocolError,
    PushResult,
    encode_lines,
    event_to_wire,
    iter_lines,
    wire_to_event,
)
from .transport import (
    INTERRUPTED,
    NOT_ENROLLED,
    STORAGE,
    WRONG_HUB,
    HubConnection,
    SyncError,
    make_client,
    malformed,
    raw_chunks,
)

EVENTS_CONTENT_TYPE = "application/x-dzlearn-events"

__all__ = ["SyncError", "SyncSummary", "enrol", "sync_once"]


@dataclass
class SyncSummary:
    """What one sync did, for the command line's summary line and the status indicator."""

    pushed: int = 0  # events the hub stored for the first time
    duplicates: int = 0  # events the hub already had
    conflicts: int = 0  # refused as conflicts (pushed or pulled), kept in sync_conflicts
    pulled: int = 0  # other devices' events new to this device
    pull_pages: int = 0
    push_pages: int = 0
    seconds: float = 0.0
    stopped: bool = False  # ended early because should_stop() said so
    conflict_reasons: list[str] = field(default_factory=list)

    def line(self) -> str:
        stopped = " (stopped early; sync again to finish)" if self.stopped else ""
        return (
            f"pushed {self.pushed} ({self.duplicates} already there), pulled {self.pulled}, "
            f"{self.conflicts} conflict{'' if self.conflicts == 1 else 's'}, "
            f"{self.seconds:.1f} s{stopped}"
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        return data


Progress = Callable[[str, SyncSummary], None]


def enrol(
    db: Database,
    hub_url: str,
    code: str,
    *,
    name: str = "",
    ca_pem: str | None = None,
    client: httpx.Client | None = None,
) -> Enrolment:
    """Trade a one-time code for a token, and remember the hub as the only one to sync with.

    ValueError for a bad address, code or certificate; SyncError if the hub cannot be reached
    or refuses the code. Nothing is stored unless the hub accepted.
    """
    url = normalise_hub_url(hub_url)
    if ca_pem is not None:
        if not url.startswith("https://"):
            raise ValueError("a certificate (--ca) is only used with an https:// hub address")
        state.check_ca_pem(ca_pem)
    keys = DeviceKeys.generate()
    try:
        request = EnrolRequest(
            code=code.strip(), device_id=db.device_id, name=name.strip(),
            sign_key=keys.sign_key, box_key=keys.box_key,
        )  # fmt: skip
    except ValueError as error:
        raise ValueError(f"the code or name cannot be used ({_first_problem(error)})") from None
    own = client is None
    http = client if client is not None else make_client(url, ca_pem)
    try:
        _check_base_url(http, url)
        reply = HubConnection(http, url).call(
            "POST", f"{API_PREFIX}/enrol", EnrolResponse, "enrolling this device",
            json_body=request.model_dump(),
        )  # fmt: skip
    finally:
        if own:
            http.close()
    if reply.device_id != db.device_id:
        raise malformed(url, "enrolling this device", "it enrolled a different device id")
    return DeviceSyncState(db).save_enrolment(
        hub_url=url, hub_id=reply.hub_id, device_token=reply.token,
        hub_sign_key=reply.hub_sign_key, hub_box_key=reply.hub_box_key,
        keys=keys, ca_pem=ca_pem,
    )  # fmt: skip


def sync_once(
    db: Database,
    *,
    hub_url: str | None = None,
    client: httpx.Client | None = None,
    should_stop: Callable[[], bool] | None = None,
    progress: Progress | None = None,
    push_limit: int = MAX_PUSH_EVENTS,
    pull_limit: int = MAX_PULL_EVENTS,
) -> SyncSummary:
    """Sync with the enrolled hub once; SyncError (its message for a person) if it cannot.

    ``hub_url``, when given, must be the enrolled hub's address: personal data goes nowhere
    else. The outcome (or the error's words) is recorded for ``DeviceSyncState.status()``.
    """
    sync_state = DeviceSyncState(db)
    try:
        enrolment = sync_state.enrolment()
    except StorageError as error:
        raise SyncError(STORAGE, str(error)) from error
    if enrolment is None:
        raise SyncError(
            NOT_ENROLLED,
            "This device is not enrolled with a hub yet. Get a code from the hub "
            "(dzlearn hub enrol-code) and run: dzlearn device enrol --hub URL --code CODE.",
        )
    if enrolment.usb_only:
        raise SyncError(NOT_ENROLLED, usb_only(enrolment))
    if hub_url is not None:
        _check_same_hub(enrolment, hub_url)
    attempted_at = utc_now_iso()
    started = time.perf_counter()
    own = client is None
    http = client if client is not None else make_client(enrolment.hub_url, enrolment.ca_pem)
    hub = HubConnection(http, enrolment.hub_url, enrolment.device_token)
    run = _Run(db, enrolment, hub, should_stop, progress)
    try:
        _check_base_url(http, enrolment.hub_url)
        run.push(push_limit)
        if not run.summary.stopped:
            run.pull(pull_limit)
    except SyncError as error:
        _record(sync_state, attempted_at, error.message, None)
        raise
    except StorageError as error:
        _record(sync_state, attempted_at, str(error), None)
        raise SyncError(STORAGE, str(error)) from error
    finally:
        if own:
            http.close()
    run.summary.seconds = time.perf_counter() - started
    _record(sync_state, attempted_at, None, run.summary.to_json())
    return run.summary


class _Run:
    """One sync's progress through push and pull."""

    def __init__(
        self,
        db: Database,
        enrolment: Enrolment,
        hub: HubConnection,
        should_stop: Callable[[], bool] | None,
        progress: Progress | None,
    ) -> None:
        self.db = db
        self.enrolment = enrolment
        self.hub = hub
        self.summary = SyncSummary()
        self.should_stop: Callable[[], bool] = should_stop or (lambda: False)
        self.progress: Progress = progress or (lambda stage, summary: None)

    def hub_state(self) -> HubState:
        reply = self.hub.call("GET", f"{API_PREFIX}/state", HubState, "asking where sync stands")
        if reply.hub_id != self.enrolment.hub_id:
            raise SyncError(
                WRONG_HUB,
                f"The address {self.enrolment.hub_url} now answers as a different hub "
                f"({reply.hub_id}, not {self.enrolment.hub_id}). Nothing was sent. If the hub "
                "was replaced on purpose, enrol this device with it again.",
            )
        if reply.device_id != self.db.device_id:
            raise malformed(self.hub.hub_url, "asking where sync stands", "wrong device id")
        return reply

    def push(self, limit: int) -> None:
        """This device's events after the point both sides agree the hub has, page by page.

        The hub's ``acked_seq`` is asked for every time (a lost reply or a restored backup
        never restarts from zero nor skips anything); the lower of it and the local mark is
        used, so a second copy of this device's file (a cloned stick) still offers its own
        events and has them reported as conflicts rather than silently passed over.
        """
        hub_state = self.hub_state()
        after = min(hub_state.acked_seq, self.enrolment.acked_seq)
        log = EventLog(self.db)
        while not self._stop():
            page = log.since(self.db.device_id, after, limit)
            if not page:
                return
            doing = f"sending events {page[0].device_seq}–{page[-1].device_seq}"
            body = encode_lines(event_to_wire(event) for event in page)
            reply = self.hub.call(
                "POST", f"{API_PREFIX}/push", PushResult, doing,
                content=body, content_type=EVENTS_CONTENT_TYPE,
            )  # fmt: skip
            by_id = {event.event_id: event for event in page}
            refused = []
            for report in reply.conflicts:
                event = by_id.get(report.event_id)
                if event is None:
                    raise malformed(self.hub.hub_url, doing, f"unknown event {report.event_id}")
                refused.append((event, report.reason))
            with self.db.writing() as connection:
                state.record_conflicts(connection, refused, "push")
                state.set_acked(connection, min(reply.acked_seq, page[-1].device_seq))
            self.summary.push_pages += 1
            self.summary.pushed += reply.stored
            self.summary.duplicates += reply.duplicates
            self._count_conflicts([reason for _, reason in refused])
            self.progress("push", self.summary)
            after = page[-1].device_seq
            if len(page) < limit:
                return

    def pull(self, limit: int) -> None:
        """Other devices' events after the stored cursor; each page lands with its cursor."""
        cursor = self.enrolment.pull_cursor
        inserted = 0
        try:
            while True:
                events, end = self._fetch_page(cursor, limit)
                result = MergeResult()
                if events or end.cursor != cursor:
                    with self.db.writing() as connection:
                        result = state.apply_pulled(connection, events, end.cursor, "pull")
                self.summary.pull_pages += 1
                self.summary.pulled += len(result.inserted)
                self._count_conflicts([c.reason for c in result.conflicts])
                inserted += len(result.inserted)
                self.progress("pull", self.summary)
                if not end.more:
                    return
                if end.cursor == cursor:
                    raise malformed(self.hub.hub_url, "downloading", "the cursor did not move")
                cursor = end.cursor
                if self._stop():
                    return
        finally:
            if inserted:  # pages already committed must show on screen, even after an error
                LearnerStore(self.db, EventLog(self.db)).rebuild_projection()

    def _fetch_page(self, after: int, limit: int) -> tuple[list[Event], PageEnd]:
        """One whole page, validated; refused entirely if anything is wrong or missing."""
        doing = f"downloading events after {after}"
        events: list[Event] = []
        end: PageEnd | None = None
        last = after
        params = {"after": after, "limit": limit}
        with self.hub.stream("GET", f"{API_PREFIX}/pull", doing, params=params) as response:
            try:
                lines = iter_lines(raw_chunks(response), max_lines=limit + 1, what=doing)
                for number, line in enumerate(lines, start=1):
                    where = f"{doing}, line {number}"
                    if end is not None:
                        raise ProtocolError(f"{where}: more lines after the end line")
                    if not isinstance(line, dict):
                        raise ProtocolError(f"{where}: not an object")
                    if set(line) == {"end"}:
                        end = PageEnd.model_validate(line["end"])
                        continue
                    position = line.get("cursor")
                    if set(line) != {"cursor", "event"} or not isinstance(position, int):
                        raise ProtocolError(f"{where}: expected cursor and event")
                    if position <= last:
                        raise ProtocolError(f"{where}: cursor {position} does not move forward")
                    last = position
                    events.append(wire_to_event(line["event"], where))
            except (ProtocolError, ValueError) as error:
                raise malformed(self.hub.hub_url, doing, _first_problem(error)) from None
        if end is None:
            raise SyncError(
                INTERRUPTED,
                f"The download from {self.hub.hub_url} stopped part-way ({doing}). Nothing "
                "from that part was kept; sync again to carry on.",
            )
        if end.cursor < last or end.cursor < after or len(events) > limit:
            raise malformed(self.hub.hub_url, doing, f"the end line's cursor {end.cursor}")
        return events, end

    def _count_conflicts(self, reasons: list[str]) -> None:
        self.summary.conflicts += len(reasons)
        room = max(0, 20 - len(self.summary.conflict_reasons))
        self.summary.conflict_reasons.extend(reasons[:room])

    def _stop(self) -> bool:
        if self.should_stop():
            self.summary.stopped = True
            return True
        return False


def usb_only(enrolment: Enrolment) -> str:
    """Why a device enrolled from a file (``sync.enrol_file``) cannot sync over the network."""
    usb = "It syncs by USB stick: dzlearn sync export --to DIR, then dzlearn hub import on the hub."
    if not enrolment.hub_url:
        return (
            f"This device was enrolled from a file that gives no network address for the hub. {usb}"
        )
    return (
        f"This device was enrolled from a file and the hub has not confirmed it yet. {usb} "
        "Once its return bundle is imported here, sync over the network works too."
    )


def _check_same_hub(enrolment: Enrolment, hub_url: str) -> None:
    try:
        wanted = normalise_hub_url(hub_url)
    except ValueError as error:
        raise SyncError(WRONG_HUB, str(error)) from None
    if wanted != enrolment.hub_url:
        raise SyncError(
            WRONG_HUB,
            f"This device is enrolled with the hub at {enrolment.hub_url} and sends learners' "
            f"data only there, not to {wanted}. Nothing was sent. To move to another hub, "
            "enrol with it: dzlearn device enrol --hub URL --code CODE.",
        )


def _check_base_url(client: httpx.Client, hub_url: str) -> None:
    """A client handed in (by the app or a test) must point at the enrolled hub."""
    base = str(client.base_url)
    if base and normalise_hub_url(base) != hub_url:
        raise SyncError(
            WRONG_HUB,
            f"This device is enrolled with the hub at {hub_url}; the connection given points "
            f"at {base}. Nothing was sent.",
        )


def _record(sync_state: DeviceSyncState, at: str, error: str | None, summary: Any) -> None:
    """Best effort: failing to note the outcome must not hide the sync's own result."""
    try:
        sync_state.record_outcome(attempted_at=at, error=error, summary=summary)
    except StorageError:
        pass


def _first_problem(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        try:
            first = errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "(whole)"
            return f"{where}: {first['msg']}"
        except (IndexError, KeyError, TypeError):
            pass
    return str(error).splitlines()[0] if str(error) else type(error).__name__
