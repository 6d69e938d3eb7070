"""The hub's side of USB sync: ingest device bundles, write each device its return bundles.

A device's events go through ``HubStore.ingest`` exactly as a network push does (same
idempotent insert, same conflict records, same ``acked_seq``), in push-sized batches. Every
bundle given is opened and checked whole before anything is stored, so one damaged file among
several changes nothing. The reply for each device is built from ``HubStore.pull`` (the same
pages a network pull gets) after the cursor the device sent, and holds the hub's new
acknowledgement and any conflicts; it is signed by the hub and sealed to that device.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from nacl.public import PrivateKey
from nacl.signing import VerifyKey

from dzlearn.storage.events import Event, utc_now_iso

from .bundle_write import PartWriter, seal, writable_folder, write_atomically
from .bundles import (
    DEVICE,
    MAX_BUNDLE_BYTES,
    MAX_BUNDLE_EVENTS,
    RETURN,
    SUFFIX,
    BundleError,
    Envelope,
    OpenedBundle,
    ReturnEnd,
    ReturnHeader,
    open_envelope,
    read_envelope,
)
from .hub import HubError, HubStore
from .hub.records import DeviceRecord
from .protocol import (
    MAX_PULL_EVENTS,
    MAX_PUSH_EVENTS,
    ConflictReport,
    EnrolRequest,
    event_to_wire,
)

_DEVICE_BUNDLE = re.compile(rf"dzlearn-[0-9A-Za-z_-]{{1,64}}-events-[0-9a-z-]+{re.escape(SUFFIX)}")


@dataclass
class DeviceImport:
    """What one device's bundles did on the hub, and the reply written for it."""

    device_id: str
    bundles: list[Path]
    events: int = 0  # events in the bundles
    stored: int = 0  # new to the hub
    duplicates: int = 0  # the hub had them already
    conflicts: list[ConflictReport] = field(default_factory=list)
    acked_seq: int = 0
    returns: list[tuple[Path, int]] = field(default_factory=list)  # return bundles, events each
    token: str | None = None  # for a device enrolled from a file: sent back in its reply
    refused: str | None = None  # why nothing of this device was taken in

    @property
    def returned(self) -> int:
        return sum(count for _, count in self.returns)


def find_device_bundles(folder: Path) -> list[Path]:
    """The device bundles in a folder (a stick's root), return bundles left out."""
    return sorted(path for path in folder.iterdir() if _DEVICE_BUNDLE.fullmatch(path.name))


def _record(store: HubStore, device_id: str) -> DeviceRecord | None:
    return next((d for d in store.devices() if d.device_id == device_id), None)


def open_device_bundles(
    store: HubStore, paths: Sequence[Path], requests: dict[str, EnrolRequest] | None = None
) -> list[OpenedBundle]:
    """Each bundle checked whole: meant for this hub, from an enrolled device, seal, signature,
    every line. BundleError (naming the file) for the first that is not right.

    A device enrolled from a file is not known here yet (or has new keys): its bundle is
    checked against the key its enrolment request names, and the request goes into
    ``requests`` (refused unless ``requests`` is given) for the caller to check its code.
    """
    box_secret, _ = store.hub_keys()
    opened: list[OpenedBundle] = []
    for path in dict.fromkeys(paths):
        envelope = read_envelope(path)
        if envelope.kind != DEVICE:
            raise BundleError(
                f"{path} is a return bundle this hub made for device {envelope.recipient}: take it "
                "back to that device and run there: dzlearn sync import BUNDLE"
            )
        if envelope.recipient != store.hub_id:
            raise BundleError(
                f"{path} was made for hub {envelope.recipient}, but this is hub {store.hub_id}: "
                "take it to the hub that device is enrolled with"
            )
        device = _record(store, envelope.sender)
        if device is not None and device.revoked_at is not None:
            raise BundleError(
                f"{path} comes from device {envelope.sender}, which was revoked on this hub at "
                f"{device.revoked_at[:16]} UTC: its bundle is refused (enrol it again to resume)"
            )
        unknown = (
            f"{path} comes from device {envelope.sender}, which is not enrolled with this hub: "
            "enrol it first (dzlearn hub enrol-code, or dzlearn hub enrol-file for a device "
            "without network)"
        )
        bundle = _open(envelope, box_secret, device, unknown)
        request = bundle.header.enrol
        if device is None or (request is not None and request.sign_key != device.sign_key):
            if requests is None:
                raise BundleError(unknown)
            requests.setdefault(envelope.sender, request)
        opened.append(bundle)
    return opened


def _open(
    envelope: Envelope, box_secret: PrivateKey, device: DeviceRecord | None, unknown: str
) -> OpenedBundle:
    if device is None:
        return open_envelope(envelope, box_secret, None, reader="this hub", unknown_sender=unknown)
    key = VerifyKey(bytes.fromhex(device.sign_key))
    try:
        return open_envelope(envelope, box_secret, key, reader="this hub")
    except BundleError as error:
        # enrolled again from a new file since (new keys): its request and code decide
        try:
            return open_envelope(envelope, box_secret, None, reader="this hub")
        except BundleError:
            raise error from None


def import_device_bundles(
    store: HubStore,
    paths: Sequence[Path],
    out: Path | None = None,
    *,
    max_events: int = MAX_BUNDLE_EVENTS,
    max_bytes: int = MAX_BUNDLE_BYTES,
) -> list[DeviceImport]:
    """Ingest the bundles (all checked first), then write each device's return bundles into
    ``out`` (default: the folder of that device's first bundle). HubError for database trouble,
    BundleError for a bundle refused or a reply that cannot be written. A device enrolled from
    a file whose one-time code the hub refuses gets an outcome with ``refused`` set, and
    nothing of it is stored; the other devices' bundles are still taken in."""
    if not paths:
        raise BundleError("no bundle given")
    if out is not None:
        writable_folder(out, "the --out folder")
    requests: dict[str, EnrolRequest] = {}
    by_device: dict[str, list[OpenedBundle]] = {}
    for bundle in open_device_bundles(store, paths, requests):
        by_device.setdefault(bundle.header.device_id, []).append(bundle)
    outcomes = []
    for device_id, bundles in by_device.items():
        bundles.sort(key=lambda bundle: (bundle.end.first_seq, bundle.header.part))
        outcome = DeviceImport(device_id, [bundle.path for bundle in bundles])
        outcomes.append(outcome)
        if device_id in requests:
            try:
                outcome.token = store.enrol(requests[device_id]).token
            except HubError as error:
                outcome.refused = (
                    f"device {device_id} asked to be enrolled from a file, and this hub refused: "
                    f"{error.message}; nothing from its bundles was stored"
                )
                continue
        for bundle in bundles:
            _ingest(store, bundle, outcome)
        outcome.acked_seq = store.state(device_id).acked_seq
    # Replies only once every device's events are in, so devices carried together on one
    # stick each get the others' events back.
    for outcome in outcomes:
        if outcome.refused:
            continue
        bundles = by_device[outcome.device_id]
        after = min(bundle.header.pull_cursor for bundle in bundles)
        folder = out if out is not None else bundles[0].path.parent
        write_returns(store, outcome, after, folder, max_events=max_events, max_bytes=max_bytes)
    return outcomes


def _ingest(store: HubStore, bundle: OpenedBundle, outcome: DeviceImport) -> None:
    for batch in _batches(bundle.events(), MAX_PUSH_EVENTS):
        result = store.ingest(outcome.device_id, batch, source="bundle")
        outcome.events += len(batch)
        outcome.stored += result.stored
        outcome.duplicates += result.duplicates
        outcome.conflicts.extend(result.conflicts)


def _batches(events: Iterable[Event], size: int) -> Iterator[list[Event]]:
    iterator = iter(events)
    while batch := list(islice(iterator, size)):
        yield batch


def return_bundle_name(device_id: str, after: int, cursor: int, part: int) -> str:
    suffix = f"-{part}" if part > 1 else ""
    return f"dzlearn-{device_id}-return-{after}-{cursor}{suffix}{SUFFIX}"


def write_returns(
    store: HubStore,
    outcome: DeviceImport,
    after: int,
    folder: Path,
    *,
    max_events: int = MAX_BUNDLE_EVENTS,
    max_bytes: int = MAX_BUNDLE_BYTES,
) -> None:
    """The reply: conflicts, then every event after ``after`` the device lacks, in as many
    bundles as the caps need; each names the cursor it starts after, so they apply in order."""
    device_id = outcome.device_id
    _, signing = store.hub_keys()
    _, device_box = store.device_keys(device_id)
    created = utc_now_iso()
    position = after
    events_in_part = 0

    def new_part(number: int, start: int) -> PartWriter:
        header = ReturnHeader(
            device_id=device_id, hub_id=store.hub_id, created=created, part=number, after=start,
            acked_seq=outcome.acked_seq,
            stored=outcome.stored if number == 1 else 0,
            duplicates=outcome.duplicates if number == 1 else 0,
            token=outcome.token,
        )  # fmt: skip
        return PartWriter(header, max_items=max_events, max_bytes=max_bytes)

    def finish(writer: PartWriter, more: bool) -> PartWriter:
        nonlocal events_in_part
        header = writer.header
        end = ReturnEnd(
            events=events_in_part, conflicts=writer.items - events_in_part,
            cursor=position, more=more,
        )  # fmt: skip
        message = writer.finish(end)
        data = seal(RETURN, store.hub_id, device_id, message, signing, device_box)
        path = folder / return_bundle_name(device_id, header.after, position, header.part)
        write_atomically(path, data)
        outcome.returns.append((path, events_in_part))
        events_in_part = 0
        return new_part(header.part + 1, position)

    writer = new_part(1, after)
    for report in outcome.conflicts:
        if not writer.add("conflict", report.model_dump()):
            writer = finish(writer, more=True)
            writer.add("conflict", report.model_dump())
    while True:
        page, end = store.pull(device_id, position, MAX_PULL_EVENTS)
        for hub_seq, event in page:
            if not writer.add("event", event_to_wire(event)):
                writer = finish(writer, more=True)
                writer.add("event", event_to_wire(event))
            events_in_part += 1
            position = hub_seq
        position = end.cursor
        if not end.more:
            break
    finish(writer, more=False)
