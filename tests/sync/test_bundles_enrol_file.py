"""Enrolling a device that never sees the network: a file from the hub, confirmed by USB."""

from __future__ import annotations

import json
from pathlib import Path

import device_fixtures
import pytest
from bundle_helpers import device_import, export, hub_import, hub_snapshot
from device_fixtures import HUB_URL, Hub, own_events

from dzlearn.sync.bundle_hub import open_device_bundles
from dzlearn.sync.bundles import BundleError
from dzlearn.sync.client import SyncError
from dzlearn.sync.device import DeviceKeys, DeviceSyncState
from dzlearn.sync.enrol_file import enrol_from_file, write_enrol_file

inproc_hub = device_fixtures.inproc_hub
make_device = device_fixtures.make_device


def _file(hub: Hub, path: Path, url: str | None = HUB_URL) -> Path:
    write_enrol_file(hub.store, path, hub_url=url)
    return path


def test_a_device_enrolled_from_a_file_is_confirmed_by_its_first_bundle(
    make_device, inproc_hub: Hub, tmp_path: Path
) -> None:
    enrol_file = _file(inproc_hub, tmp_path / "enrol.json")
    a = make_device("a", enrolled=False)
    enrolment = enrol_from_file(a.db, enrol_file, name="Lunana PC")
    assert enrolment.hub_id == inproc_hub.store.hub_id and enrolment.offline_request
    with pytest.raises(SyncError) as caught:  # no token yet: the network is not an option
        a.sync()
    assert caught.value.kind == "not_enrolled" and "dzlearn sync export" in caught.value.message
    own_events(a.db, 4)
    paths = export(a, tmp_path / "stick")
    (bundle,) = open_device_bundles(inproc_hub.store, paths, requests := {})
    assert bundle.header.enrol.name == "Lunana PC" and list(requests) == [a.db.device_id]
    (outcome,) = hub_import(inproc_hub, paths)
    assert outcome.refused is None and outcome.token and outcome.stored == 4
    (device,) = inproc_hub.store.devices()
    assert (device.device_id, device.name, device.acked_seq) == (a.db.device_id, "Lunana PC", 4)
    device_import(a, [path for path, _ in outcome.returns])
    confirmed = DeviceSyncState(a.db).enrolment()
    assert confirmed.offline_request is None and confirmed.device_token == outcome.token
    own_events(a.db, 1, start=5)
    assert a.sync().pushed == 1  # the token from the return bundle works over the network
    again = hub_import(inproc_hub, paths)[0]  # the first bundle again: nothing new
    assert (again.stored, again.duplicates, again.token) == (0, 4, None)


def test_the_file_holds_no_secret_but_the_one_time_code(inproc_hub: Hub, tmp_path: Path) -> None:
    path = _file(inproc_hub, tmp_path / "enrol.json", url=None)
    text = path.read_text(encoding="utf-8")
    box, signing = inproc_hub.store.hub_keys()
    assert box.encode().hex() not in text and signing.encode().hex() not in text
    data = json.loads(text)
    assert data["hub_box_key"] == box.public_key.encode().hex() and data["hub_url"] is None
    assert set(data) == {"dzlearn", "format", "hub_id", "hub_url", "hub_sign_key", "hub_box_key",
                         "code", "valid_hours", "made_at"}  # fmt: skip


def test_a_used_code_is_refused_and_the_other_devices_still_go_in(
    make_device, inproc_hub: Hub, tmp_path: Path
) -> None:
    enrol_file = _file(inproc_hub, tmp_path / "enrol.json")
    a, b, c = (make_device(name, enrolled=False) for name in "abc")
    enrol_from_file(a.db, enrol_file)
    enrol_from_file(b.db, enrol_file)  # the same file twice: its code works once
    for device in (a, b):
        own_events(device.db, 2)
    stick = tmp_path / "stick"
    hub_import(inproc_hub, export(a, stick))
    before = hub_snapshot(inproc_hub)
    (refused,) = hub_import(inproc_hub, export(b, stick))
    assert refused.refused and "this enrolment code was already used" in refused.refused
    assert hub_snapshot(inproc_hub) == before and refused.returns == []
    # an unconfirmed device with a wrong code beside a good one: the good one goes in
    c_file = _file(inproc_hub, tmp_path / "c.json")
    enrol_from_file(c.db, c_file)
    own_events(c.db, 3)
    mixed = hub_import(inproc_hub, export(b, tmp_path / "s2") + export(c, tmp_path / "s2"))
    assert [(o.device_id, bool(o.refused), o.stored) for o in mixed] == [
        (b.db.device_id, True, 0), (c.db.device_id, False, 3),
    ]  # fmt: skip


def test_new_keys_for_a_known_device_need_a_fresh_code(
    make_device, inproc_hub: Hub, tmp_path: Path
) -> None:
    a = make_device("a", enrolled=False)
    enrol_file = _file(inproc_hub, tmp_path / "enrol.json")
    enrol_from_file(a.db, enrol_file)
    own_events(a.db, 1)
    hub_import(inproc_hub, export(a, tmp_path / "one"))
    before = hub_snapshot(inproc_hub)
    # someone with a copy of the (used) file makes new keys under a's device id
    enrolment = DeviceSyncState(a.db).enrolment()
    DeviceSyncState(a.db).save_enrolment(
        hub_url=enrolment.hub_url, hub_id=enrolment.hub_id,
        device_token=enrolment.device_token, hub_sign_key=enrolment.hub_sign_key,
        hub_box_key=enrolment.hub_box_key, keys=DeviceKeys.generate(), ca_pem=None,
    )  # fmt: skip
    own_events(a.db, 1, start=2)
    (outcome,) = hub_import(inproc_hub, export(a, tmp_path / "two"))
    assert outcome.refused and "already used" in outcome.refused
    assert hub_snapshot(inproc_hub) == before
    # with a fresh file the same device moves to its new keys (as a network re-enrol does)
    enrol_from_file(a.db, _file(inproc_hub, tmp_path / "fresh.json"))
    (outcome,) = hub_import(inproc_hub, export(a, tmp_path / "three"))
    assert outcome.refused is None and outcome.stored == 1


def test_a_broken_enrolment_file_is_refused(make_device, tmp_path: Path) -> None:
    a = make_device("a", enrolled=False)
    bad = tmp_path / "enrol.json"
    bad.write_text('{"dzlearn": "enrol-file", "format": 1}')
    with pytest.raises(BundleError, match="is not a hub's enrolment file"):
        enrol_from_file(a.db, bad)
    with pytest.raises(BundleError, match="cannot read"):
        enrol_from_file(a.db, tmp_path / "missing.json")
    assert DeviceSyncState(a.db).enrolment() is None
