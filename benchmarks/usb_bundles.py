"""USB sync bundles, end to end through the commands: time, bundle size and peak memory.

A hub (SQLite) writes an enrolment file; two devices enrol from it (no network anywhere). Device B
(N/10 events) goes first so the hub has something to send back; then device A (N events, default
250,000, so its export splits) runs ``sync export``, the hub ``hub import``, A ``sync import``;
then the hub imports A's bundles a second time (all duplicates). Each step is a ``dzlearn``
process whose wall time and peak RSS are printed: memory should follow the bundle cap, not N.
Usage: .venv/bin/python benchmarks/usb_bundles.py [--events N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from dzlearn.storage import Database
from dzlearn.storage.schema import events

DZLEARN = [sys.executable, "-m", "dzlearn"]


def run_measured(*argv: str) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) and stdout of one ``dzlearn`` process."""
    started = time.perf_counter()
    proc = subprocess.Popen([*DZLEARN, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"dzlearn {' '.join(argv)} failed: {err.decode()}")
    return seconds, usage.ru_maxrss / 1024, out.decode()


def fill(data: Path, count: int) -> None:
    with Database.open(data / "dzlearn.sqlite") as db:
        row = {
            "device_id": db.device_id, "learner_id": "l1", "type": "lesson.step_completed",
            "payload": '{"lesson_id":"l","mistakes":1,"pack_id":"p","step_id":"s3"}',
            "schema_version": 1, "occurred_at": "2025-03-01T10:00:00.000000Z",
            "recorded_at": "2025-03-01T10:00:00.000000Z",
        }  # fmt: skip
        with db.writing() as connection:
            for start in range(1, count + 1, 50_000):
                rows = [
                    {**row, "event_id": f"{db.device_id}-{seq}", "device_seq": seq}
                    for seq in range(start, min(count, start + 49_999) + 1)
                ]
                connection.execute(insert(events), rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=250_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dzlearn-usb-") as folder:
        root = Path(folder)
        hub = f"sqlite:///{root / 'hub.db'}"
        a, b, stick = root / "a", root / "b", root / "stick"
        stick.mkdir()
        run_measured("hub", "enrol-file", "--out", str(root / "a.json"), "--db", hub)
        run_measured("hub", "enrol-file", "--out", str(root / "b.json"), "--db", hub)
        for data, count in ((a, args.events), (b, args.events // 10)):
            fill(data, count)
            run_measured(
                "--data", str(data), "device", "enrol", "--file", str(root / f"{data.name}.json")
            )
        b_stick = root / "b-stick"
        b_stick.mkdir()
        run_measured("--data", str(b), "sync", "export", "--to", str(b_stick))
        run_measured("hub", "import", str(b_stick), "--db", hub)
        steps = [
            ("A: sync export", ("--data", str(a), "sync", "export", "--to", str(stick))),
            ("hub import", ("hub", "import", str(stick), "--db", hub)),
            ("A: sync import", ("--data", str(a), "sync", "import", str(stick))),
            ("hub import again", ("hub", "import", str(stick), "--db", hub)),
        ]
        print(f"device A: {args.events} events; device B: {args.events // 10} (already on the hub)")
        for name, argv in steps:
            seconds, rss, out = run_measured(*argv)
            print(f"{name:18} {seconds:7.1f} s  peak RSS {rss:6.0f} MB  "
                  f"({args.events / seconds:,.0f} events/s of A)")  # fmt: skip
            for line in out.splitlines():
                if line.startswith(("wrote", "  return bundle", "device", "hub stored")):
                    print(f"{'':20}{line.strip()}")
        sizes = [(p.name, p.stat().st_size) for p in sorted(stick.iterdir())]
        for name, size in sizes:
            print(f"  {name}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
