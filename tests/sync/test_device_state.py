"""The device's sync bookkeeping: schema 0002, hub addresses, enrolment, status."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import device_fixtures
import pytest
from device_fixtures import HUB_URL, Hub, own_events
from nacl.signing import SigningKey

from dzlearn.storage import Database, EventLog
from dzlearn.sync.client import SyncError, enrol
from dzlearn.sync.device import DeviceSyncState, normalise_hub_url

# fixtures shared with the other device-side test modules (conftest.py is the hub's)
inproc_hub = device_fixtures.inproc_hub
make_device = device_fixtures.make_device


FIXTURES = Path(__file__).parents[1] / "storage" / "fixtures"


def _rows(path: Path, query: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def test_a_schema_0001_file_upgrades_with_every_event_unchanged(tmp_path: Path) -> None:
    copy = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "dzlearn-schema-0001.sqlite", copy)
    before = _rows(copy, "SELECT * FROM events ORDER BY event_id")
    with Database.open(copy) as db:
        status = DeviceSyncState(db).status()
    assert _rows(copy, "SELECT * FROM events ORDER BY event_id") == before
    assert len(before) == 4
    assert _rows(copy, "SELECT version_num FROM alembic_version") == [("0002",)]
    assert _rows(copy, "SELECT count(*) FROM sync_hub") == [(0,)]
    assert not status.enrolled and status.pending == 4 and status.conflicts == 0


def test_sync_hub_holds_one_row_only(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    Database.open(path).close()
    connection = sqlite3.connect(path)
    columns = "hub_url, hub_id, device_token, hub_sign_key, hub_box_key, device_sign_seed, "
    columns += "device_box_secret, enrolled_at"
    with pytest.raises(sqlite3.IntegrityError):
        connection.execute(
            f"INSERT INTO sync_hub (id, {columns}) VALUES (2, {'?, ' * 7}?)", [""] * 8
        )
    connection.close()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://testserver", "http://testserver"),
        (" HTTP://Hub.Local:8765/ ", "http://hub.local:8765"),
        ("https://hub.example.org/dzlearn//", "https://hub.example.org/dzlearn"),
        ("http://[::1]:9000/", "http://[::1]:9000"),
    ],
)
def test_hub_addresses_have_one_spelling(given: str, expected: str) -> None:
    assert normalise_hub_url(given) == expected


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("192.168.1.10:8765", "http:// or https://"),
        ("ftp://hub", "http:// or https://"),
        ("http://", "no host"),
        ("http://user:secret@hub", "password"),
        ("http://hub/?token=x", "? or #"),
        ("http://hub:99999", "not a hub address"),
    ],
)
def test_bad_hub_addresses_are_refused_with_the_reason(given: str, words: str) -> None:
    with pytest.raises(ValueError, match=words.replace("?", r"\?")):
        normalise_hub_url(given)


def test_enrolment_stores_the_hub_and_keys_the_hub_knows(make_device, inproc_hub: Hub) -> None:
    device = make_device("a")
    enrolment = DeviceSyncState(device.db).enrolment()
    assert enrolment is not None
    assert enrolment.hub_url == HUB_URL and enrolment.hub_id == inproc_hub.store.hub_id
    assert enrolment.pull_cursor == 0 and enrolment.acked_seq == 0
    verify_key, box_key = inproc_hub.store.device_keys(device.db.device_id)
    assert bytes(enrolment.signing_key.verify_key) == bytes(verify_key)
    assert bytes(enrolment.box_secret.public_key) == bytes(box_key)
    signed = enrolment.signing_key.sign(b"bundle")
    assert verify_key.verify(signed) == b"bundle"
    assert isinstance(enrolment.signing_key, SigningKey)
    (listed,) = inproc_hub.store.devices()
    assert listed.name == "a"


def test_a_used_or_wrong_code_stores_nothing(make_device, inproc_hub: Hub) -> None:
    device = make_device("a", enrolled=False)
    code = inproc_hub.code()
    enrol(device.db, HUB_URL, code, client=inproc_hub.client)
    other = make_device("b", enrolled=False)
    for attempt in (code, "AAAAA-BBBBB"):
        with pytest.raises(SyncError) as caught:
            enrol(other.db, HUB_URL, attempt, client=inproc_hub.client)
        assert caught.value.kind == "refused"
        assert "refused enrolling this device" in str(caught.value)
    assert DeviceSyncState(other.db).enrolment() is None


def test_a_certificate_is_only_for_https_and_must_be_one(make_device, inproc_hub: Hub) -> None:
    device = make_device("a", enrolled=False)
    with pytest.raises(ValueError, match="only used with an https"):
        enrol(device.db, HUB_URL, inproc_hub.code(), ca_pem="x", client=inproc_hub.client)
    with pytest.raises(ValueError, match="not a PEM certificate"):
        enrol(device.db, "https://hub", inproc_hub.code(), ca_pem="junk", client=inproc_hub.client)
    assert DeviceSyncState(device.db).enrolment() is None


def test_enrolling_again_with_the_same_hub_keeps_the_resume_points(
    make_device, inproc_hub: Hub
) -> None:
    device = make_device("a")
    other = make_device("b")
    own_events(other.db, 5)
    other.sync()
    own_events(device.db, 3)
    device.sync()
    before = DeviceSyncState(device.db).enrolment()
    assert before is not None and before.acked_seq == 3 and before.pull_cursor > 0
    enrol(device.db, HUB_URL + "/", inproc_hub.code(), client=inproc_hub.client)
    after = DeviceSyncState(device.db).enrolment()
    assert after is not None and after.device_token != before.device_token
    assert (after.acked_seq, after.pull_cursor) == (before.acked_seq, before.pull_cursor)
    summary = device.sync()
    assert (summary.pushed, summary.duplicates, summary.pulled) == (0, 0, 0)


def test_status_counts_pending_events_and_says_what_went_wrong(make_device) -> None:
    device = make_device("a")
    own_events(device.db, 4)
    state = DeviceSyncState(device.db)
    status = state.status()
    assert status.enrolled and status.hub_url == HUB_URL
    assert status.pending == 4 and status.last_success_at is None and status.last_error is None
    device.sync()
    EventLog(device.db).append("l1", "lesson.completed", {"pack_id": "p", "lesson_id": "l"})
    status = state.status()
    assert status.pending == 1 and status.last_success_at is not None
    assert status.last_summary is not None and status.last_summary["pushed"] == 4
    with pytest.raises(SyncError):
        device.sync(hub_url="http://elsewhere:8765")  # refused before anything is sent
    status = state.status()
    assert status.pending == 1 and status.last_error is None  # a refusal is not an attempt
