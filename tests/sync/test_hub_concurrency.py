"""PostgreSQL hub under concurrent writers: a device paging by cursor never skips an event.

Sequence values on PostgreSQL become visible in commit order, not in number order; without the
hub's ingest lock, a reader could move its cursor past a row that commits a moment later and
never see it. These tests use separate engines (as separate hub processes behind one load
balancer would) against a real server.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from hub_helpers import enrol, make_events

from dzlearn.sync.hub import HubStore
from dzlearn.sync.hub import store as store_module

WRITERS = 8
BATCHES = 30
BATCH = 60


def test_concurrent_writers_and_a_reader_lose_nothing(postgres_url: str):
    setup = HubStore.open(postgres_url)
    for number in range(WRITERS):
        enrol(setup, f"pc-{number}")
    setup.close()
    pushed: set[str] = set()
    pushed_lock = threading.Lock()
    errors: list[BaseException] = []
    done = threading.Event()

    def write(number: int) -> None:
        device = f"pc-{number}"
        store = HubStore.open(postgres_url)  # an engine of its own
        try:
            for batch in range(BATCHES):
                events = make_events(device, batch * BATCH + 1, BATCH)
                result = store.ingest(device, events)
                assert result.stored == BATCH
                with pushed_lock:
                    pushed.update(e.event_id for e in events)
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)
        finally:
            store.close()

    seen: list[str] = []

    def read() -> None:
        store = HubStore.open(postgres_url)
        cursor = 0
        try:
            while True:
                finished = done.is_set()  # read before pulling: the last pass sees everything
                page, end = store.pull("reader", cursor, 97)
                seen.extend(event.event_id for _, event in page)
                cursor = end.cursor
                if finished and not end.more:
                    return
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            store.close()

    writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    reader = threading.Thread(target=read)
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=300)
    done.set()
    reader.join(timeout=300)
    assert errors == []
    assert len(pushed) == WRITERS * BATCHES * BATCH
    assert [i for i, n in Counter(seen).items() if n > 1] == []
    assert set(seen) == pushed


def test_a_late_commit_is_not_stepped_over(postgres_url: str, monkeypatch: pytest.MonkeyPatch):
    """Writer A has inserted but not committed; writer B must wait, so the reader's cursor
    cannot pass A's rows (without the ingest lock B commits first and the reader skips A)."""
    setup = HubStore.open(postgres_url)
    enrol(setup, "pc-a")
    enrol(setup, "pc-b")
    setup.close()
    a_inserted, release_a = threading.Event(), threading.Event()
    real_store_batch = store_module.store_batch

    def paused_store_batch(connection, device_id, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        outcome = real_store_batch(connection, device_id, *args, **kwargs)
        if device_id == "pc-a":
            a_inserted.set()
            release_a.wait(timeout=60)
        return outcome

    monkeypatch.setattr(store_module, "store_batch", paused_store_batch)
    stores = [HubStore.open(postgres_url) for _ in range(3)]
    store_a, store_b, reader = stores
    a_events, b_events = make_events("pc-a", 1, 5), make_events("pc-b", 1, 5)
    try:
        thread_a = threading.Thread(target=store_a.ingest, args=("pc-a", a_events))
        thread_a.start()
        assert a_inserted.wait(timeout=60)
        thread_b = threading.Thread(target=store_b.ingest, args=("pc-b", b_events))
        thread_b.start()
        thread_b.join(timeout=1.0)  # without the lock B would be done by now
        page, end = reader.pull("reader", 0, 100)
        seen = [event.event_id for _, event in page]
        release_a.set()
        thread_a.join(timeout=60)
        thread_b.join(timeout=60)
        while True:
            page, end = reader.pull("reader", end.cursor, 100)
            seen += [event.event_id for _, event in page]
            if not end.more:
                break
        assert sorted(seen) == sorted(e.event_id for e in a_events + b_events)
    finally:
        release_a.set()
        for store in stores:
            store.close()
