"""The device's side of USB sync: export what the hub lacks, apply what the hub sent back.

``export_bundles`` writes this device's events after the acknowledged sequence number, with its
pull cursor, signed by the device and sealed to the hub. ``import_return_bundles`` applies the
hub's reply through the same merge-with-cursor step the network pull uses
(``device.apply_pulled``): events, cursor, acknowledgement and conflicts in one transaction, so
a reply applied twice changes nothing and a refused one changes nothing at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nacl.public import PublicKey
from nacl.signing import VerifyKey
from sqlalchemy import Connection, func, select

from dzlearn.storage import Database, Event, EventLog, LearnerStore
from dzlearn.storage.events import row_to_event, utc_now_iso
from dzlearn.storage.schema import events as events_table

from . import device as state
from .bundle_write import PartWriter, seal, writable_folder, write_atomically
from .bundles import (
    DEVICE,
    MAX_BUNDLE_BYTES,
    MAX_BUNDLE_EVENTS,
    SUFFIX,
    BundleError,
    DeviceEnd,
    DeviceHeader,
    OpenedBundle,
    open_envelope,
    read_envelope,
)
from .client import SyncSummary
from .device import DeviceSyncState, Enrolment
from .enrol_file import enrol_request
from .protocol import EnrolRequest, event_to_wire

NOT_ENROLLED_WORDS = (
    "this device is not enrolled with a hub yet, so there is no hub to make a bundle for: "
    "enrol it first (dzlearn device enrol --hub URL --code CODE, or --file FILE from the hub)"
)
_PAGE = 5000  # own events read per query while exporting


@dataclass
class ExportResult:
    files: list[tuple[Path, int]] = field(default_factory=list)  # each bundle and its events

    @property
    def events(self) -> int:
        return sum(count for _, count in self.files)


def device_bundle_name(device_id: str, end: DeviceEnd, acked: int) -> str:
    if end.events == 0:
        return f"dzlearn-{device_id}-events-none-after-{acked}{SUFFIX}"
    return f"dzlearn-{device_id}-events-{end.first_seq}-{end.last_seq}{SUFFIX}"


def _enrolment(db: Database) -> Enrolment:
    enrolment = DeviceSyncState(db).enrolment()
    if enrolment is None:
        raise BundleError(NOT_ENROLLED_WORDS)
    return enrolment


def export_bundles(
    db: Database,
    folder: Path,
    *,
    enrol: EnrolRequest | None = None,
    max_events: int = MAX_BUNDLE_EVENTS,
    max_bytes: int = MAX_BUNDLE_BYTES,
) -> ExportResult:
    """Write bundles of this device's events the hub has not acknowledged into ``folder``.

    Always at least one bundle, even with no events: it carries the pull cursor, so the hub's
    return bundle can bring the other devices' events. More than ``max_events`` go in several
    numbered bundles, each complete on its own.
    """
    enrolment = _enrolment(db)
    enrol = enrol or enrol_request(enrolment, db.device_id)
    writable_folder(folder, "the folder")
    hub_key = PublicKey(bytes.fromhex(enrolment.hub_box_key))
    signing = enrolment.signing_key
    acked = enrolment.acked_seq
    created = utc_now_iso()
    result = ExportResult()

    def new_part(number: int) -> PartWriter:
        header = DeviceHeader(
            device_id=db.device_id, hub_id=enrolment.hub_id, created=created, part=number,
            acked_seq=acked, pull_cursor=enrolment.pull_cursor, enrol=enrol,
        )  # fmt: skip
        return PartWriter(header, max_items=max_events, max_bytes=max_bytes)

    def finish(writer: PartWriter, first: int, last: int) -> None:
        end = DeviceEnd(events=writer.items, first_seq=first, last_seq=last)
        message = writer.finish(end)
        data = seal(DEVICE, db.device_id, enrolment.hub_id, message, signing, hub_key)
        path = folder / device_bundle_name(db.device_id, end, acked)
        write_atomically(path, data)
        result.files.append((path, writer.items))

    log = EventLog(db)
    writer = new_part(1)
    first = last = 0
    after = acked
    while True:
        page = log.since(db.device_id, after, _PAGE)
        for event in page:
            if not writer.add("event", event_to_wire(event)):
                finish(writer, first, last)
                writer = new_part(writer.header.part + 1)
                writer.add("event", event_to_wire(event))
                first = 0
            first = first or event.device_seq
            last = event.device_seq
        if len(page) < _PAGE:
            break
        after = page[-1].device_seq
    finish(writer, first, last)
    return result


# --- return bundles ----------------------------------------------------------------------------


def find_return_bundles(folder: Path, device_id: str) -> list[Path]:
    """The return bundles for this device in a folder (a stick's root, say)."""
    pattern = re.compile(
        rf"dzlearn-{re.escape(device_id)}-return-\d+-\d+(-\d+)?{re.escape(SUFFIX)}"
    )
    return sorted(path for path in folder.iterdir() if pattern.fullmatch(path.name))


def open_return_bundles(db: Database, paths: Sequence[Path]) -> list[OpenedBundle]:
    """Every bundle checked whole (seal, signature, addresses, lines) before any is applied."""
    enrolment = _enrolment(db)
    me = db.device_id
    opened = []
    for path in paths:
        envelope = read_envelope(path)
        if envelope.kind == DEVICE:
            made_by = "this device" if envelope.sender == me else f"device {envelope.sender}"
            raise BundleError(
                f"{path} is a bundle {made_by} made for its hub, not a reply from the hub: "
                "take it to the hub and run there: dzlearn hub import BUNDLE"
            )
        if envelope.recipient != me:
            raise BundleError(
                f"{path} was made for device {envelope.recipient}, and this is device {me}: "
                "import it on the device it was made for"
            )
        if envelope.sender != enrolment.hub_id:
            raise BundleError(
                f"{path} comes from hub {envelope.sender}, but this device is enrolled with hub "
                f"{enrolment.hub_id}: nothing was imported"
            )
        hub_key = VerifyKey(bytes.fromhex(enrolment.hub_sign_key))
        opened.append(open_envelope(envelope, enrolment.box_secret, hub_key, reader="this device"))
    return sorted(opened, key=lambda bundle: (bundle.header.after, bundle.end.cursor))


def import_return_bundles(db: Database, paths: Sequence[Path]) -> SyncSummary:
    """Apply the hub's return bundles in cursor order; each in one transaction.

    A bundle that starts after where this device has got to (an earlier one is missing) is
    refused with the name of what is missing; the ones before it stay applied.
    """
    if not paths:
        raise BundleError("no return bundle given")
    bundles = open_return_bundles(db, paths)
    summary = SyncSummary()
    inserted = 0
    try:
        for bundle in bundles:
            inserted += _apply(db, bundle, summary)
    finally:
        if inserted:  # what was committed must show on screen, even after a refusal
            LearnerStore(db, EventLog(db)).rebuild_projection()
    sync_state = DeviceSyncState(db)
    sync_state.record_outcome(attempted_at=utc_now_iso(), error=None, summary=summary.to_json())
    return summary


def _apply(db: Database, bundle: OpenedBundle, summary: SyncSummary) -> int:
    header, end = bundle.header, bundle.end
    me = db.device_id
    with db.writing() as connection:
        enrolment = state.read_enrolment(connection)
        if enrolment is None:  # enrolment removed since the bundle was opened
            raise BundleError(NOT_ENROLLED_WORDS)
        if header.after > enrolment.pull_cursor:
            raise BundleError(
                f"{bundle.path} carries events after position {header.after}, but this device "
                f"has only got to {enrolment.pull_cursor}: import the hub's earlier return "
                f"bundle (dzlearn-{me}-return-{enrolment.pull_cursor}-….dzsync) first"
            )
        if header.token and enrolment.offline_request is not None:
            state.set_token(connection, header.token)  # the hub confirmed the file enrolment
        cursor = max(enrolment.pull_cursor, end.cursor)
        result = state.apply_pulled(connection, bundle.events(), cursor, "bundle")
        reports = list(bundle.conflicts())
        refused = _own_events(connection, [report.event_id for report in reports])
        state.record_conflicts(
            connection,
            [(refused[r.event_id], r.reason) for r in reports if r.event_id in refused],
            "bundle",
        )
        newest = connection.execute(
            select(func.max(events_table.c.device_seq)).where(events_table.c.device_id == me)
        ).scalar()
        # The hub's word, even when lower than ours (a restored hub): the next export resends.
        state.set_acked(connection, min(header.acked_seq, int(newest or 0)))
    summary.pushed += header.stored
    summary.duplicates += header.duplicates
    summary.pulled += len(result.inserted)
    summary.pull_pages += 1
    reasons = [c.reason for c in result.conflicts] + [r.reason for r in reports]
    summary.conflicts += len(reasons)
    summary.conflict_reasons.extend(reasons[: max(0, 20 - len(summary.conflict_reasons))])
    return len(result.inserted)


def _own_events(connection: Connection, event_ids: list[str]) -> dict[str, Event]:
    found: dict[str, Event] = {}
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        query = select(events_table).where(events_table.c.event_id.in_(chunk))
        found.update({row.event_id: row_to_event(row) for row in connection.execute(query)})
    return found
