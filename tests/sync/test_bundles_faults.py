"""USB bundles that were cut short, altered or forged are refused whole and change nothing."""

from __future__ import annotations

import gzip
from pathlib import Path

import device_fixtures
import pytest
from bundle_helpers import device_import, device_snapshot, export, hub_import, hub_snapshot
from device_fixtures import Device, Hub, own_events
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey

from dzlearn.sync import bundles
from dzlearn.sync.bundle_device import open_return_bundles
from dzlearn.sync.bundle_hub import open_device_bundles
from dzlearn.sync.bundle_write import PartWriter, seal
from dzlearn.sync.bundles import DEVICE, BundleError, DeviceEnd, DeviceHeader
from dzlearn.sync.device import DeviceSyncState
from dzlearn.sync.protocol import event_to_wire

inproc_hub = device_fixtures.inproc_hub
make_device = device_fixtures.make_device


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    return tmp_path / "stick"


def _named(device: Device, name: str) -> None:
    learner = device.learners.create(name, "yak")
    device.log.append(learner.learner_id, "lesson.completed", {"pack_id": "p", "lesson_id": "l"})


def _cut_and_flipped(data: bytes) -> list[tuple[str, bytes]]:
    first_line = data.index(b"\n") + 1
    cuts = sorted({0, 3, first_line - 1, first_line, first_line + 10, len(data) // 2,
                   len(data) - 40, len(data) - 1})  # fmt: skip
    damaged = [(f"cut at {n}", data[:n]) for n in cuts]
    for where in (0, 8, first_line - 2, first_line, first_line + 31, len(data) // 2, len(data) - 1):
        flipped = bytearray(data)
        flipped[where] ^= 0x5A
        damaged.append((f"byte {where} flipped", bytes(flipped)))
    return damaged


def test_a_damaged_device_bundle_is_refused_and_stores_nothing(
    make_device, inproc_hub: Hub, stick: Path
) -> None:
    a = make_device("a")
    own_events(a.db, 6)
    (path,) = export(a, stick)
    data = path.read_bytes()
    before = hub_snapshot(inproc_hub)
    for what, damaged in _cut_and_flipped(data):
        path.write_bytes(damaged)
        with pytest.raises(BundleError) as caught:
            hub_import(inproc_hub, [path])
        assert str(path) in caught.value.message, what
        assert hub_snapshot(inproc_hub) == before, what
    path.write_bytes(data)  # the undamaged one is taken
    assert hub_import(inproc_hub, [path])[0].stored == 6


def test_every_single_flipped_byte_is_caught(make_device, inproc_hub: Hub, stick: Path) -> None:
    a = make_device("a")
    own_events(a.db, 2)
    (path,) = export(a, stick)
    data = path.read_bytes()
    for where in range(len(data)):
        for mask in (0x01, 0x80):
            flipped = bytearray(data)
            flipped[where] ^= mask
            path.write_bytes(bytes(flipped))
            with pytest.raises(BundleError):
                open_device_bundles(inproc_hub.store, [path])
    path.write_bytes(data)
    assert len(open_device_bundles(inproc_hub.store, [path])) == 1


def test_one_damaged_bundle_among_several_stores_nothing_from_any(
    make_device, inproc_hub: Hub, stick: Path
) -> None:
    a, b = make_device("a"), make_device("b")
    own_events(a.db, 3)
    own_events(b.db, 3)
    good, bad = export(a, stick)[0], export(b, stick)[0]
    bad.write_bytes(bad.read_bytes()[:-7])
    before = hub_snapshot(inproc_hub)
    with pytest.raises(BundleError, match="damaged"):
        hub_import(inproc_hub, [good, bad])
    assert hub_snapshot(inproc_hub) == before
    assert not list(stick.glob("*-return-*"))


def test_a_damaged_return_bundle_is_refused_and_changes_nothing(
    make_device, inproc_hub: Hub, stick: Path
) -> None:
    a, b = make_device("a"), make_device("b")
    own_events(b.db, 4)
    b.sync()
    own_events(a.db, 2)
    ((path, _),) = hub_import(inproc_hub, export(a, stick))[0].returns
    data = path.read_bytes()
    before = device_snapshot(a)
    for what, damaged in _cut_and_flipped(data):
        path.write_bytes(damaged)
        with pytest.raises(BundleError):
            device_import(a, [path])
        assert device_snapshot(a) == before, what
    for where in range(0, len(data), 7):
        flipped = bytearray(data)
        flipped[where] ^= 0x01
        path.write_bytes(bytes(flipped))
        with pytest.raises(BundleError):
            open_return_bundles(a.db, [path])
    path.write_bytes(data)
    assert device_import(a, [path]).pulled == 4


def _signed_message(device: Device, *, hub_id: str, events: list, end: DeviceEnd) -> bytes:
    enrolment = DeviceSyncState(device.db).enrolment()
    header = DeviceHeader(
        device_id=device.db.device_id, hub_id=hub_id, created="x", part=1,
        acked_seq=0, pull_cursor=enrolment.pull_cursor,
    )  # fmt: skip
    writer = PartWriter(header)
    for event in events:
        writer.add("event", event_to_wire(event))
    return writer.finish(end)


def _hub_box(hub: Hub) -> PublicKey:
    return hub.store.hub_keys()[0].public_key


def test_a_forged_or_inconsistent_bundle_is_refused(
    make_device, inproc_hub: Hub, stick: Path
) -> None:
    a = make_device("a")
    made = own_events(a.db, 3)
    stick.mkdir()
    signing = DeviceSyncState(a.db).enrolment().signing_key
    hub_id, me = inproc_hub.store.hub_id, a.db.device_id
    right_end = DeviceEnd(events=3, first_seq=1, last_seq=3)
    cases = {
        # sealed to the hub, but signed by someone without the device's key
        "signature does not match": (
            SigningKey.generate(),
            _signed_message(a, hub_id=hub_id, events=made, end=right_end),
        ),
        # the outside says this hub, the signed inside another
        "altered": (signing, _signed_message(a, hub_id="otherhub", events=made, end=right_end)),
        # an event left out: the end line no longer matches
        "end line says": (
            signing,
            _signed_message(a, hub_id=hub_id, events=made[:2], end=right_end),
        ),
    }
    before = hub_snapshot(inproc_hub)
    for words, (key, message) in cases.items():
        path = stick / "forged.dzsync"
        path.write_bytes(seal(DEVICE, me, hub_id, message, key, _hub_box(inproc_hub)))
        with pytest.raises(BundleError, match=words):
            hub_import(inproc_hub, [path])
        assert hub_snapshot(inproc_hub) == before


def test_a_bundle_that_inflates_past_the_cap_is_refused(
    make_device, inproc_hub: Hub, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = make_device("a")
    own_events(a.db, 20)
    (path,) = export(a, stick)
    monkeypatch.setattr(bundles, "MAX_READ_BYTES", 2000)
    with pytest.raises(BundleError, match="more than 2000 bytes decompressed"):
        hub_import(inproc_hub, [path])
    monkeypatch.setattr(bundles, "MAX_FILE_BYTES", 100)
    with pytest.raises(BundleError, match="larger than any bundle"):
        hub_import(inproc_hub, [path])
    assert hub_snapshot(inproc_hub)[0] == ()


def test_a_bundle_is_unreadable_without_the_hubs_private_key(
    make_device, inproc_hub: Hub, stick: Path
) -> None:
    a = make_device("a")
    _named(a, "Pema Wangmo")
    _named(a, "ཀརྨ་ཆོས་འཛིན")
    (path,) = export(a, stick)
    data = path.read_bytes()
    secrets = [
        "Pema Wangmo", "ཀརྨ་ཆོས་འཛིན", "learner.created", "lesson.completed", "display_name",
    ] + [event.event_id for event in a.log.since(a.db.device_id, 0, 100)]  # fmt: skip
    for secret in secrets:
        assert secret.encode("utf-8") not in data
        assert secret.encode("utf-16-le") not in data
    sealed = data[data.index(b"\n") + 1 :]
    with pytest.raises(CryptoError):
        SealedBox(PrivateKey.generate()).decrypt(sealed)
    with pytest.raises(OSError):
        gzip.decompress(sealed)
    opened = SealedBox(inproc_hub.store.hub_keys()[0]).decrypt(sealed)  # the hub can
    assert b"Pema Wangmo" in gzip.decompress(opened[64:])
