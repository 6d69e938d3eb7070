"""Device-side sync speed against a real hub: ``dzlearn hub serve`` in a subprocess, over loopback.

1. Devices holding N/10 and N events (default 100,000, made with merge_events under their own
   id) sync for the first time: every event is pushed in pages of 2,000 (target ≤ 15 s for N).
2. The big device syncs again with nothing to do, 20 times in-process (as the app's worker
   would): median and p95 (target ≤ 50 ms).
3. For information: an empty device pulls everything on its first sync, and ``dzlearn sync``
   as a command with nothing to do (process start included).

Each first sync runs as a ``dzlearn sync`` process whose peak RSS is printed: a device with
ten times the events should not need more memory (bounded by a page, not by the backlog).
Usage: .venv/bin/python benchmarks/sync_device.py [--events N] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from dzlearn.storage import Database, Event, EventLog, LearnerStore, merge_events
from dzlearn.sync.client import enrol, sync_once

DZLEARN = [sys.executable, "-m", "dzlearn"]


def start_hub(db_url: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [*DZLEARN, "hub", "serve", "--db", db_url, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if " listening on " not in line:
        proc.kill()
        raise SystemExit(f"the hub did not start: {line!r}")
    url = line.split(" listening on ", 1)[1].split()[0]
    return proc, url


def enrol_code(db_url: str) -> str:
    done = subprocess.run(
        [*DZLEARN, "hub", "enrol-code", "--db", db_url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout.strip()


def fill(db: Database, count: int, learners: int = 50) -> float:
    """``count`` events of this device: learners, then steps spread over them."""
    started = time.perf_counter()
    store = LearnerStore(db, EventLog(db))
    ids = [store.create(f"Learner {n}", "yak").learner_id for n in range(learners)]
    first = learners + 1

    def events():  # noqa: ANN202
        for seq in range(first, count + 1):
            yield Event(
                event_id=uuid.uuid4().hex,
                device_id=db.device_id,
                device_seq=seq,
                learner_id=ids[seq % learners],
                type="lesson.step_completed",
                payload={"pack_id": "core", "lesson_id": f"l{seq % 40}", "step_id": f"s{seq % 9}",
                         "kind": "keyboard", "mistakes": seq % 3, "hints": 0,
                         "duration_ms": 1000 + seq % 5000, "score": 0.75},
                schema_version=1,
                occurred_at="2025-03-01T10:00:00.000000Z",
                recorded_at="2025-03-01T10:00:00.000000Z",
            )  # fmt: skip

    merge_events(db, events(), batch=10_000)
    return time.perf_counter() - started


def cli_sync(data: Path) -> tuple[float, float, str]:
    """``dzlearn sync`` in its own process: seconds, the process's peak RSS in MB, its output."""
    env = {**os.environ, "DZLEARN_DATA": str(data)}
    started = time.perf_counter()
    proc = subprocess.Popen(
        [*DZLEARN, "sync"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"dzlearn sync failed: {out}")
    return seconds, usage.ru_maxrss / 1024, out.strip()


def device(root: Path, name: str, url: str, hub_db: str, events: int) -> Path:
    data = root / name
    with Database.open(data / "dzlearn.sqlite") as db:
        enrol(db, url, enrol_code(hub_db), name=name)
        if events:
            made = fill(db, events)
            print(f"{name}: made {events} events in {made:.1f} s (setup, not timed)")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    small = max(1, args.events // 10)
    with tempfile.TemporaryDirectory(prefix="dzlearn-sync-bench-") as tmp:
        root = Path(tmp)
        hub_db = f"sqlite:///{root / 'hub' / 'hub.db'}"
        proc, url = start_hub(hub_db)
        try:
            print(f"hub: 'dzlearn hub serve' subprocess at {url} (SQLite)")
            for name, count in (("small", small), ("big", args.events)):
                data = device(root, name, url, hub_db, count)
                seconds, rss, said = cli_sync(data)
                target = " (target <= 15 s)" if count == args.events else ""
                print(f"first sync of {count} events, 'dzlearn sync' process: {seconds:.2f} s"
                      f"{target}, peak RSS {rss:.0f} MB - {said}")  # fmt: skip
            with Database.open(root / "big" / "dzlearn.sqlite") as db:
                times = []
                for _ in range(args.runs):
                    started = time.perf_counter()
                    idle = sync_once(db)
                    times.append((time.perf_counter() - started) * 1000)
                    assert (idle.pushed, idle.pulled, idle.duplicates) == (0, 0, 0)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            median = statistics.median(times)
            print(f"sync_once with nothing to do, {args.runs} runs: median {median:.1f} ms, "
                  f"p95 {p95:.1f} ms (target <= 50 ms)")  # fmt: skip
            data = device(root, "empty", url, hub_db, 0)
            seconds, rss, said = cli_sync(data)
            print(f"an empty device pulling all {small + args.events} events: {seconds:.2f} s, "
                  f"peak RSS {rss:.0f} MB - {said}")  # fmt: skip
            seconds, rss, said = cli_sync(root / "big")
            print(f"'dzlearn sync' with nothing to do: {seconds * 1000:.0f} ms including Python "
                  f"start-up, peak RSS {rss:.0f} MB - {said}")  # fmt: skip
        finally:
            proc.terminate()
            proc.wait(timeout=15)


if __name__ == "__main__":
    main()
