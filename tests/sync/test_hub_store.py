"""The hub's store on SQLite and on a real PostgreSQL: ingest, re-sends, conflicts, acks, pulls."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hub_helpers import enrol, make_events, stored_count
from sqlalchemy import event, select

from dzlearn.sync.hub import HubError, HubStore
from dzlearn.sync.hub.tables import hub_devices, hub_events
from dzlearn.sync.protocol import MAX_PULL_EVENTS


@pytest.fixture
def store(hub_url: str):
    hub = HubStore.open(hub_url)
    yield hub
    hub.close()


def test_a_batch_is_stored_and_acknowledged(store: HubStore):
    enrol(store, "pc-a")
    result = store.ingest("pc-a", make_events("pc-a", 1, 50))
    assert (result.stored, result.duplicates, result.conflicts, result.acked_seq) == (50, 0, [], 50)
    assert store.state("pc-a").acked_seq == 50
    assert store.state("pc-a").head == 50
    assert stored_count(store) == 50


def test_pushing_the_same_events_again_changes_nothing(store: HubStore):
    enrol(store, "pc-a")
    batch = make_events("pc-a", 1, 30)
    store.ingest("pc-a", batch)
    # the same events, with another recorded_at (a device that re-wrote its clock field)
    again = [dataclasses.replace(e, recorded_at="2031-01-01T00:00:00Z") for e in batch]
    result = store.ingest("pc-a", again + batch[:5])
    assert (result.stored, result.duplicates, result.conflicts) == (0, 35, [])
    assert result.acked_seq == 30
    assert stored_count(store) == 30
    assert store.conflicts() == []


def test_same_id_with_other_content_is_a_conflict_kept_and_reported(store: HubStore):
    enrol(store, "pc-a")
    batch = make_events("pc-a", 1, 10)
    store.ingest("pc-a", batch)
    altered = dataclasses.replace(batch[3], payload={"lesson": "changed"})
    result = store.ingest("pc-a", [altered])
    assert result.stored == 0 and result.duplicates == 0
    [report] = result.conflicts
    assert (report.event_id, report.device_seq) == (altered.event_id, 4)
    assert "different content" in report.reason
    [kept] = store.conflicts()
    assert kept.event["payload"] == {"lesson": "changed"}
    assert kept.device_id == "pc-a" and kept.source == "push"
    # the stored event is the first one, untouched
    with store.engine.connect() as connection:
        payload = connection.execute(
            select(hub_events.c.payload).where(hub_events.c.event_id == altered.event_id)
        ).scalar_one()
    assert '"L4"' in payload
    # sending the same conflicting event again reports it again but records it once
    again = store.ingest("pc-a", [altered])
    assert len(again.conflicts) == 1 and len(store.conflicts()) == 1


def test_a_taken_device_slot_is_a_conflict(store: HubStore):
    enrol(store, "pc-a")
    store.ingest("pc-a", make_events("pc-a", 1, 5))
    [intruder] = make_events("pc-a", 3, 1, tag="-other")
    result = store.ingest("pc-a", [intruder])
    [report] = result.conflicts
    assert report.device_seq == 3 and "already holds another event" in report.reason
    assert result.acked_seq == 5
    assert stored_count(store) == 5


def test_duplicates_and_conflicts_inside_one_batch(store: HubStore):
    enrol(store, "pc-a")
    batch = make_events("pc-a", 1, 4)
    twin = dataclasses.replace(batch[1], payload={"other": True})
    result = store.ingest("pc-a", [*batch, batch[0], twin])
    assert (result.stored, result.duplicates, len(result.conflicts)) == (4, 1, 1)
    assert result.acked_seq == 4


def test_another_devices_event_refuses_the_whole_batch(store: HubStore):
    enrol(store, "pc-a")
    enrol(store, "pc-b")
    mixed = make_events("pc-a", 1, 3) + make_events("pc-b", 1, 1)
    with pytest.raises(HubError) as refused:
        store.ingest("pc-a", mixed)
    assert refused.value.status == 403
    assert "event 4" in refused.value.message and "pc-b" in refused.value.message
    assert stored_count(store) == 0
    assert store.state("pc-a").acked_seq == 0


def test_acked_seq_stops_at_a_gap_and_closes_it_later(store: HubStore):
    enrol(store, "pc-a")
    assert store.ingest("pc-a", make_events("pc-a", 1, 10)).acked_seq == 10
    # 16..20 arrive before 11..15 (say, a USB bundle overtook a push)
    assert store.ingest("pc-a", make_events("pc-a", 16, 5)).acked_seq == 10
    assert store.ingest("pc-a", make_events("pc-a", 11, 5)).acked_seq == 20
    assert store.state("pc-a").acked_seq == 20


def test_a_conflicted_slot_counts_as_acknowledged(store: HubStore):
    enrol(store, "pc-a")
    enrol(store, "pc-b")
    [b_event] = make_events("pc-b", 1, 1)
    store.ingest("pc-b", [b_event])
    # pc-a's seq 1 reuses pc-b's event id: refused, but pc-a must not be stuck on it forever
    clash = dataclasses.replace(make_events("pc-a", 1, 1)[0], event_id=b_event.event_id)
    result = store.ingest("pc-a", [clash, *make_events("pc-a", 2, 3)])
    assert len(result.conflicts) == 1 and result.stored == 3
    assert result.acked_seq == 4


def test_device_clocks_years_off_change_nothing(store: HubStore):
    enrol(store, "pc-a")
    enrol(store, "pc-b")
    store.ingest("pc-a", make_events("pc-a", 1, 3, occurred_at="2097-12-31T23:59:59Z"))
    store.ingest("pc-b", make_events("pc-b", 1, 3, occurred_at="1970-01-01T00:00:00Z"))
    store.ingest("pc-a", make_events("pc-a", 4, 3, occurred_at="not a date at all"))
    page, end = store.pull("pc-c", 0, 100)
    assert [(e.device_id, e.device_seq) for _, e in page] == [
        ("pc-a", 1), ("pc-a", 2), ("pc-a", 3), ("pc-b", 1), ("pc-b", 2), ("pc-b", 3),
        ("pc-a", 4), ("pc-a", 5), ("pc-a", 6),
    ]  # fmt: skip
    assert end.cursor == 9 and not end.more


def test_pull_pages_leave_out_the_askers_events_but_move_past_them(store: HubStore):
    for device in ("pc-a", "pc-b"):
        enrol(store, device)
    store.ingest("pc-a", make_events("pc-a", 1, 5))  # hub_seq 1..5
    store.ingest("pc-b", make_events("pc-b", 1, 5))  # 6..10
    store.ingest("pc-a", make_events("pc-a", 6, 5))  # 11..15
    page, end = store.pull("pc-a", 0, 4)
    assert page == [] and (end.cursor, end.more) == (4, True)
    page, end = store.pull("pc-a", end.cursor, 4)
    assert [c for c, _ in page] == [6, 7, 8] and (end.cursor, end.more) == (8, True)
    page, end = store.pull("pc-a", end.cursor, 4)
    assert [c for c, _ in page] == [9, 10] and (end.cursor, end.more) == (12, True)
    page, end = store.pull("pc-a", end.cursor, 4)
    assert page == [] and (end.cursor, end.more) == (15, False)
    page, end = store.pull("pc-a", 15, 4)
    assert page == [] and (end.cursor, end.more) == (15, False)


def test_pull_limit_is_capped(store: HubStore):
    enrol(store, "pc-a")
    store.ingest("pc-a", make_events("pc-a", 1, MAX_PULL_EVENTS + 5))
    page, end = store.pull("pc-b", 0, 10 * MAX_PULL_EVENTS)
    assert len(page) == MAX_PULL_EVENTS and end.more


def test_pulled_events_equal_pushed_events(store: HubStore):
    enrol(store, "pc-a")
    pushed = make_events("pc-a", 1, 20)
    odd = {"nul": "a\x00b", "emoji": "😀", "big": 2**62, "float": 0.1, "nested": [{"k": None}]}
    pushed[5] = dataclasses.replace(pushed[5], payload=odd, learner_id=None)
    store.ingest("pc-a", pushed)
    page, _ = store.pull("pc-b", 0, 100)
    assert [event for _, event in page] == pushed


def test_enrol_codes_are_one_time(store: HubStore):
    from hub_helpers import enrol_request

    code = store.new_enrol_code()
    assert len(code) == 11 and code[5] == "-" and not set(code) & set("0O1I")
    store.enrol(enrol_request(code.lower().replace("-", " "), "pc-a"))  # typed loosely: fine
    with pytest.raises(HubError, match="already used") as used:
        store.enrol(enrol_request(code, "pc-b"))
    assert used.value.status == 403
    with pytest.raises(HubError, match="not known to this hub"):
        store.enrol(enrol_request("ABCDE-FGHJK", "pc-b"))
    with pytest.raises(HubError, match="not known to this hub"):
        store.enrol(enrol_request("nonsense", "pc-b"))
    assert [d.device_id for d in store.devices()] == ["pc-a"]


def test_an_expired_code_is_refused(hub_url: str):
    from datetime import UTC, datetime, timedelta

    from hub_helpers import enrol_request

    now = [datetime(2025, 3, 1, 9, 0, tzinfo=UTC)]
    store = HubStore.open(hub_url, clock=lambda: now[0])
    try:
        code = store.new_enrol_code(valid_hours=2)
        now[0] += timedelta(hours=2, seconds=1)
        with pytest.raises(HubError, match="expired at 2025-03-01T11:00"):
            store.enrol(enrol_request(code, "pc-a"))
        assert store.devices() == []
    finally:
        store.close()


def test_tokens_are_stored_hashed_and_revocable(store: HubStore):
    token = enrol(store, "pc-a")
    assert store.device_for_token(token).device_id == "pc-a"
    with store.engine.connect() as connection:
        stored = connection.execute(select(hub_devices.c.token_hash)).scalar_one()
    assert token not in stored and len(stored) == 64
    store.revoke("pc-a")
    with pytest.raises(HubError, match="revoked") as revoked:
        store.device_for_token(token)
    assert revoked.value.status == 401
    with pytest.raises(HubError, match="revoked"):
        store.ingest("pc-a", make_events("pc-a", 1, 1))
    with pytest.raises(HubError) as unknown:
        store.device_for_token("not-a-token")
    assert unknown.value.status == 401
    with pytest.raises(HubError) as missing:
        store.revoke("pc-zzz")
    assert missing.value.status == 404


def test_re_enrolling_replaces_the_token_and_keeps_the_acks(store: HubStore):
    old = enrol(store, "pc-a")
    store.ingest("pc-a", make_events("pc-a", 1, 7))
    store.revoke("pc-a")
    new = enrol(store, "pc-a")
    assert new != old
    with pytest.raises(HubError):
        store.device_for_token(old)
    device = store.device_for_token(new)
    assert (device.revoked, device.acked_seq) == (False, 7)


def test_hub_id_and_keys_survive_reopening(hub_url: str):
    first = HubStore.open(hub_url)
    enrol(first, "pc-a")
    box, sign = first.hub_keys()
    verify, public = first.device_keys("pc-a")
    hub_id = first.hub_id
    first.close()
    again = HubStore.open(hub_url)
    try:
        assert again.hub_id == hub_id
        assert [k.encode() for k in again.hub_keys()] == [box.encode(), sign.encode()]
        assert [k.encode() for k in again.device_keys("pc-a")] == [
            verify.encode(),
            public.encode(),
        ]
    finally:
        again.close()


def test_every_query_the_hub_makes_uses_an_index(tmp_path: Path):
    """No full table scan per page or per batch, however many events the hub holds (SQLite's
    plans; PostgreSQL's were checked by hand at 1,000,000 rows, see benchmarks/hub_ingest.py)."""
    store = HubStore.open(f"sqlite:///{tmp_path / 'hub.db'}")
    statements: list[tuple[str, object]] = []

    def remember(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    try:
        enrol(store, "pc-a")
        batch = make_events("pc-a", 1, 30)
        store.ingest("pc-a", batch[:20])
        event.listen(store.engine, "before_cursor_execute", remember)
        store.ingest("pc-a", batch[25:] + batch[10:20])  # a gap, re-sends
        store.ingest("pc-a", [dataclasses.replace(batch[0], payload={})])  # a conflict
        store.state("pc-a")
        store.pull("pc-b", 3, 5)
        event.remove(store.engine, "before_cursor_execute", remember)
        assert len(statements) > 8
        with store.engine.connect() as connection:
            raw = connection.connection.driver_connection
            for statement, parameters in statements:
                plan = [
                    row[-1] for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
                ]
                scans = [step for step in plan if step.startswith("SCAN hub_")]
                assert scans == [], (statement, plan)
    finally:
        store.close()


def test_bad_urls_and_unreachable_servers_are_one_clear_line(tmp_path: Path):
    for url, words in [
        ("nonsense", "not a database URL"),
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("sqlite://", "needs a file"),
        ("postgresql://nobody@127.0.0.1:1/none", "cannot open the hub database"),
    ]:
        with pytest.raises(HubError, match=words) as caught:
            HubStore.open(url)
        assert "\n" not in caught.value.message
    (tmp_path / "junk.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(HubError, match="cannot open the hub database"):
        HubStore.open(f"sqlite:///{tmp_path / 'junk.db'}")


def test_a_new_sqlite_hub_file_is_private(tmp_path: Path):
    store = HubStore.open(f"sqlite:///{tmp_path / 'new' / 'hub.db'}")
    store.close()
    assert (tmp_path / "new" / "hub.db").stat().st_mode & 0o777 == 0o600  # it holds private keys
