"""Hub ingest speed against a bare SQLAlchemy bulk insert, and hub memory over a long push.

Targets (issue #7): the hub ingests at >= 30 % of the rate of a bare ``conn.execute(insert(table),
rows)`` of the same rows into a table of the same shape in the same kind of database; the hub's
resident memory stays flat (within +-20 %) while it ingests 1,000,000 events.

    python benchmarks/hub_ingest.py [--events N] [--postgres postgresql://USER@HOST:PORT/DB]
    python benchmarks/hub_ingest.py --rss [N] [--postgres URL]

Both modes print their figures. Each run uses fresh databases: a temporary SQLite file, and with
--postgres new databases created next to the given one (its user needs CREATEDB), dropped after.
Batches are 2000 events (the protocol's cap), one transaction each, for the bare insert too.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from nacl.public import PrivateKey
from nacl.signing import SigningKey
from sqlalchemy import MetaData, insert, make_url

from dzlearn.storage.events import Event
from dzlearn.sync.hub import HubStore
from dzlearn.sync.hub.engine import make_engine, parse_url
from dzlearn.sync.hub.ingest import event_rows
from dzlearn.sync.hub.tables import hub_events
from dzlearn.sync.protocol import MAX_PUSH_EVENTS, encode_lines, event_to_wire

BATCH = MAX_PUSH_EVENTS
DEVICE = "bench-device"


def make_batch(first_seq: int, count: int = BATCH, device: str = DEVICE) -> list[Event]:
    stamp = "2025-02-03T04:05:06.000000Z"
    return [
        Event(
            event_id=uuid.uuid4().hex,
            device_id=device,
            device_seq=seq,
            learner_id=f"learner-{seq % 40}",
            type="lesson.step_answered",
            payload={"lesson": f"dz-{seq % 30:02d}", "step": seq % 12, "correct": seq % 3 > 0,
                     "answer": "ཀ་ཁ་ག་", "ms": 1200 + seq % 900},
            schema_version=1,
            occurred_at=stamp,
            recorded_at=stamp,
        )
        for seq in range(first_seq, first_seq + count)
    ]  # fmt: skip


# --- fresh databases -----------------------------------------------------------------------


@contextmanager
def fresh_database(postgres: str | None, folder: Path, label: str) -> Iterator[str]:
    if postgres is None:
        yield f"sqlite:///{folder / f'{label}.db'}"
        return
    import psycopg

    admin = parse_url(postgres)
    name = f"dzlearn_bench_{label}_{uuid.uuid4().hex[:8]}"
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def enrol_request(code: str) -> dict[str, str]:
    return {
        "code": code,
        "device_id": DEVICE,
        "name": "benchmark",
        "sign_key": SigningKey.generate().verify_key.encode().hex(),
        "box_key": PrivateKey.generate().public_key.encode().hex(),
    }


@contextmanager
def hub_server(db_url: str, folder: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    log = (folder / "hub.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "dzlearn", "hub", "serve", "--db", db_url, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=log,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode()
        if "listening on " not in line:
            raise SystemExit(f"the hub did not start: {line!r}; see {folder / 'hub.log'}")
        url = line.split("listening on ")[1].split()[0]
        for _ in range(200):
            try:
                httpx.get(f"{url}/health", timeout=2).raise_for_status()
                break
            except httpx.TransportError:
                time.sleep(0.05)
        yield process, url
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


def enrolled_client(db_url: str, url: str) -> httpx.Client:
    store = HubStore.open(db_url)
    code = store.new_enrol_code()
    store.close()
    reply = httpx.post(f"{url}/v1/enrol", json=enrol_request(code), timeout=30)
    reply.raise_for_status()
    token = reply.json()["token"]
    return httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=120)


# --- (a) ingest rate -------------------------------------------------------------------------


def rate_bare(db_url: str, batches: list[list[Event]]) -> float:
    engine = make_engine(parse_url(db_url))
    bare = hub_events.to_metadata(MetaData(), name="bare_events")
    bare.metadata.create_all(engine)
    rows = [event_rows(batch, "2025-02-03T04:05:06Z", "push") for batch in batches]
    started = time.perf_counter()
    for batch_rows in rows:
        with engine.begin() as connection:
            connection.execute(insert(bare), batch_rows)
    elapsed = time.perf_counter() - started
    engine.dispose()
    return len(batches) * BATCH / elapsed


def rate_store(db_url: str, batches: list[list[Event]]) -> float:
    store = HubStore.open(db_url)
    code = store.new_enrol_code()
    from dzlearn.sync.protocol import EnrolRequest

    store.enrol(EnrolRequest(**enrol_request(code)))
    started = time.perf_counter()
    for batch in batches:
        store.ingest(DEVICE, batch)
    elapsed = time.perf_counter() - started
    store.close()
    return len(batches) * BATCH / elapsed


def rate_http(db_url: str, batches: list[list[Event]], folder: Path) -> float:
    bodies = [encode_lines(event_to_wire(e) for e in batch) for batch in batches]
    with hub_server(db_url, folder) as (_process, url), enrolled_client(db_url, url) as client:
        started = time.perf_counter()
        for body in bodies:
            client.post("/v1/push", content=body).raise_for_status()
        elapsed = time.perf_counter() - started
    return len(batches) * BATCH / elapsed


def ingest_rates(count: int, postgres: str | None, repeat: int) -> None:
    batches = [make_batch(n * BATCH + 1) for n in range(max(1, count // BATCH))]
    kind = "PostgreSQL" if postgres else "SQLite (WAL, synchronous=FULL)"
    print(
        f"ingest of {len(batches) * BATCH} events in batches of {BATCH}, {kind},"
        f" best of {repeat} (interleaved)",
        flush=True,
    )
    best = {"bare": 0.0, "store": 0.0, "http": 0.0}
    with tempfile.TemporaryDirectory(prefix="dzlearn-bench-") as temp:
        folder = Path(temp)
        for _ in range(repeat):
            with fresh_database(postgres, folder, "bare") as url:
                best["bare"] = max(best["bare"], rate_bare(url, batches))
            with fresh_database(postgres, folder, "store") as url:
                best["store"] = max(best["store"], rate_store(url, batches))
            with fresh_database(postgres, folder, "http") as url:
                best["http"] = max(best["http"], rate_http(url, batches, folder))
            for path in folder.glob("*.db*"):
                path.unlink()
    bare, store, http = best["bare"], best["store"], best["http"]
    print(f"  bare SQLAlchemy bulk insert: {bare:>9,.0f} events/s")
    print(f"  hub store (HubStore.ingest): {store:>9,.0f} events/s = {store / bare:.0%}")
    print(
        f"  hub over HTTP (loopback):    {http:>9,.0f} events/s = {http / bare:.0%} (target 30 %)"
    )


# --- (b) resident memory -----------------------------------------------------------------------


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS line")


def bodies(total: int) -> Iterator[bytes]:
    for first in range(1, total + 1, BATCH):
        batch = make_batch(first, min(BATCH, total - first + 1))
        yield encode_lines(event_to_wire(e) for e in batch)


def resident_memory(total: int, postgres: str | None) -> None:
    every = 50
    with tempfile.TemporaryDirectory(prefix="dzlearn-bench-") as temp:
        folder = Path(temp)
        with (
            fresh_database(postgres, folder, "rss") as db_url,
            hub_server(db_url, folder) as (process, url),
            enrolled_client(db_url, url) as client,
        ):
            print(f"pushing {total:,} events to a hub server (pid {process.pid}, {db_url})")
            samples: list[tuple[int, int]] = [(0, rss_kib(process.pid))]
            started = time.perf_counter()
            # the next body is encoded while the hub stores the current one
            for number, body in enumerate(_prefetch(bodies(total)), 1):
                client.post("/v1/push", content=body).raise_for_status()
                if number % every == 0:
                    samples.append((number * BATCH, rss_kib(process.pid)))
            elapsed = time.perf_counter() - started
            samples.append((total, rss_kib(process.pid)))
            acked = client.get("/v1/state").json()["acked_seq"]
    print(f"  {total / elapsed:,.0f} events/s; hub acked_seq {acked:,}")
    print("  events pushed -> hub VmRSS (MiB): " + ", ".join(
        f"{n // 1000}k:{kib / 1024:.0f}" for n, kib in samples[:: max(1, len(samples) // 12)]
    ))  # fmt: skip
    warm = [kib for n, kib in samples if n >= total // 10]  # after the first 10 %
    low, high, mean = min(warm), max(warm), statistics.fmean(warm)
    print(
        f"  after warm-up (10 %): min {low / 1024:.1f} MiB, max {high / 1024:.1f} MiB,"
        f" mean {mean / 1024:.1f} MiB; from the mean {(high - mean) / mean:+.1%}"
        f" / {(low - mean) / mean:+.1%}, max/min {high / low - 1:.1%} (target flat within +-20 %)"
    )


def _prefetch(source: Iterator[bytes]) -> Iterator[bytes]:
    """Yield from ``source`` with the next item made on a helper thread meanwhile."""
    box: list[bytes | None] = [None]
    sentinel = object()

    def fetch() -> None:
        box[0] = next(source, sentinel)  # type: ignore[arg-type]

    fetch()
    while box[0] is not sentinel:
        item = box[0]
        worker = threading.Thread(target=fetch)
        worker.start()
        yield item  # type: ignore[misc]
        worker.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000, help="events for the rate test")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (3)")
    parser.add_argument(
        "--postgres", metavar="URL", help="also/instead test this PostgreSQL server"
    )
    parser.add_argument(
        "--rss",
        type=int,
        nargs="?",
        const=1_000_000,
        metavar="N",
        help="measure the hub's memory while it ingests N events (1,000,000)",
    )
    args = parser.parse_args()
    if args.postgres:
        make_url(args.postgres)  # fail early on a mistyped URL
    if args.rss:
        resident_memory(args.rss, args.postgres)
        return
    ingest_rates(args.events, None, args.repeat)
    if args.postgres:
        ingest_rates(args.events, args.postgres, args.repeat)


if __name__ == "__main__":
    main()
