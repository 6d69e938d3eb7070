"""USB bundles taken to the wrong place are refused by name; a failed write leaves no file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import device_fixtures
import pytest
from bundle_helpers import device_import, device_snapshot, export, hub_import, hub_snapshot
from device_fixtures import Hub, own_events

from dzlearn.sync import bundle_write
from dzlearn.sync.bundle_device import export_bundles
from dzlearn.sync.bundle_write import write_atomically
from dzlearn.sync.bundles import BundleError
from dzlearn.sync.device import DeviceKeys, DeviceSyncState
from dzlearn.sync.hub import HubStore

inproc_hub = device_fixtures.inproc_hub
make_device = device_fixtures.make_device


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    return tmp_path / "stick"


def test_a_bundle_for_another_hub_is_refused_naming_both(
    make_device, inproc_hub: Hub, stick: Path, tmp_path: Path
) -> None:
    a = make_device("a")
    own_events(a.db, 2)
    paths = export(a, stick)
    other = HubStore.open(f"sqlite:///{tmp_path / 'other' / 'hub.db'}")
    try:
        with pytest.raises(BundleError) as caught:
            import_on(other, paths)
        assert f"made for hub {inproc_hub.store.hub_id}" in caught.value.message
        assert f"this is hub {other.hub_id}" in caught.value.message
    finally:
        other.close()


def import_on(store: HubStore, paths: list[Path]) -> None:
    from dzlearn.sync.bundle_hub import import_device_bundles

    import_device_bundles(store, paths)


def test_a_bundle_from_a_device_the_hub_never_enrolled_is_refused(
    make_device, inproc_hub: Hub, stick: Path
) -> None:
    stranger = make_device("stranger", enrolled=False)
    hub_box, hub_sign = inproc_hub.store.hub_keys()
    DeviceSyncState(stranger.db).save_enrolment(  # it copied the hub's public keys somehow
        hub_url="http://testserver", hub_id=inproc_hub.store.hub_id, device_token="guess",
        hub_sign_key=hub_sign.verify_key.encode().hex(),
        hub_box_key=hub_box.public_key.encode().hex(), keys=DeviceKeys.generate(), ca_pem=None,
    )  # fmt: skip
    own_events(stranger.db, 2)
    before = hub_snapshot(inproc_hub)
    with pytest.raises(BundleError, match="not enrolled with this hub: enrol it first"):
        hub_import(inproc_hub, export(stranger, stick))
    assert hub_snapshot(inproc_hub) == before


def test_a_revoked_devices_bundle_is_refused(make_device, inproc_hub: Hub, stick: Path) -> None:
    a = make_device("a")
    own_events(a.db, 2)
    paths = export(a, stick)
    inproc_hub.store.revoke(a.db.device_id)
    before = hub_snapshot(inproc_hub)
    with pytest.raises(BundleError, match=f"device {a.db.device_id}, which was revoked"):
        hub_import(inproc_hub, paths)
    assert hub_snapshot(inproc_hub) == before
    assert not list(stick.glob("*-return-*"))  # no one's events go back to it either


def test_bundles_given_to_the_wrong_side_or_device_are_refused(
    make_device, inproc_hub: Hub, stick: Path
) -> None:
    a, b = make_device("a"), make_device("b")
    own_events(a.db, 2)
    own_events(b.db, 1)
    device_bundle = export(a, stick)
    ((reply, _),) = hub_import(inproc_hub, device_bundle)[0].returns
    before = device_snapshot(a), device_snapshot(b)
    with pytest.raises(BundleError, match="a bundle this device made for its hub"):
        device_import(a, device_bundle)
    with pytest.raises(BundleError, match=f"device {a.db.device_id} made for its hub"):
        device_import(b, device_bundle)
    with pytest.raises(BundleError) as caught:
        device_import(b, [reply])
    assert f"made for device {a.db.device_id}, and this is device {b.db.device_id}" in (
        caught.value.message
    )
    with pytest.raises(BundleError, match="return bundle this hub made for device"):
        hub_import(inproc_hub, [reply])
    assert (device_snapshot(a), device_snapshot(b)) == before


def test_a_reply_from_another_hub_is_refused(make_device, inproc_hub: Hub, stick: Path) -> None:
    a = make_device("a")
    own_events(a.db, 1)
    ((reply, _),) = hub_import(inproc_hub, export(a, stick))[0].returns
    enrolment = DeviceSyncState(a.db).enrolment()
    keys = DeviceKeys(enrolment.device_sign_seed, enrolment.device_box_secret, "", "")
    DeviceSyncState(a.db).save_enrolment(  # moved to another hub since the export
        hub_url="http://elsewhere", hub_id="otherhub", device_token="t",
        hub_sign_key=enrolment.hub_sign_key, hub_box_key=enrolment.hub_box_key,
        keys=keys, ca_pem=None,
    )  # fmt: skip
    with pytest.raises(BundleError) as caught:
        device_import(a, [reply])
    assert f"comes from hub {inproc_hub.store.hub_id}" in caught.value.message
    assert "enrolled with hub otherhub" in caught.value.message


def test_an_unenrolled_device_is_told_to_enrol_first(make_device, stick: Path) -> None:
    a = make_device("a", enrolled=False)
    own_events(a.db, 1)
    stick.mkdir()
    with pytest.raises(BundleError, match="not enrolled with a hub yet.*enrol it first"):
        export_bundles(a.db, stick)
    assert list(stick.iterdir()) == []


def test_files_that_are_not_bundles_are_refused(make_device, inproc_hub: Hub, stick: Path) -> None:
    stick.mkdir()
    text = stick / "notes.dzsync"
    text.write_text("DZSYNC2 device a b\nhello")
    with pytest.raises(BundleError, match="not a dzlearn sync bundle"):
        hub_import(inproc_hub, [text])
    with pytest.raises(BundleError, match="no such file"):
        hub_import(inproc_hub, [stick / "missing.dzsync"])
    with pytest.raises(BundleError, match="is a folder"):
        hub_import(inproc_hub, [stick])


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_failed_write_leaves_no_partial_file(
    make_device, stick: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    a = make_device("a")
    own_events(a.db, 3)
    stick.mkdir()
    ((path, _),) = export_bundles(a.db, stick).files
    old = path.read_bytes()
    path.unlink()

    def no_room(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "write":
        monkeypatch.setattr(bundle_write.os, "fdopen", lambda fd, *a: os.close(fd) or _FullStick())
    else:
        monkeypatch.setattr(bundle_write.os, failing, no_room)
    with pytest.raises(BundleError) as caught:
        export_bundles(a.db, stick)
    assert "Nothing was written under that name" in caught.value.message
    assert list(stick.iterdir()) == []  # neither the bundle nor a temporary file
    # an earlier bundle under the same name stays whole
    path.write_bytes(old)
    with pytest.raises(BundleError):
        export_bundles(a.db, stick)
    assert [p.name for p in stick.iterdir()] == [path.name] and path.read_bytes() == old


class _FullStick:
    """A file whose writes fail part-way, as on a full or pulled stick."""

    def __enter__(self) -> _FullStick:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, data: bytes) -> int:
        raise OSError(errno.EIO, "Input/output error")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders anyway")
def test_a_read_only_folder_is_refused_cleanly(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(BundleError, match="cannot write"):
            write_atomically(folder / "x.dzsync", b"data")
    finally:
        folder.chmod(0o700)
    assert list(folder.iterdir()) == []


def test_a_reply_that_cannot_be_written_can_be_made_again(
    make_device, inproc_hub: Hub, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = make_device("a")
    own_events(a.db, 3)
    paths = export(a, stick)

    def no_room(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(bundle_write.os, "replace", no_room)
    with pytest.raises(BundleError, match="No space left"):
        hub_import(inproc_hub, paths)
    monkeypatch.undo()
    stored = hub_snapshot(inproc_hub)
    assert len(stored[0]) == 3  # the events are in: importing again is safe
    (outcome,) = hub_import(inproc_hub, paths)
    assert hub_snapshot(inproc_hub) == stored and outcome.duplicates == 3
    assert device_import(a, [path for path, _ in outcome.returns]).conflicts == 0
    assert DeviceSyncState(a.db).status().pending == 0
