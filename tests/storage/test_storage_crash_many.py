"""Hundreds of SIGKILLs at random moments: the file stays sound and no acknowledged event is lost.

Each round starts a writer on the same database, waits for its first acknowledged event, lets it
run 20-150 ms more and kills it with SIGKILL (no handler, no cleanup). Two writers alternate:
``storage_child.py loop`` (appends, a backup every 200) and ``crash_writer.py`` (a backup every
few appends, so kills also land inside VACUUM INTO and the backup rotation). Every
CHECK_EVERY kills and at the end the file is reopened and checked.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dzlearn.storage import Database, EventLog, list_backups
from dzlearn.storage.doctor import examine

KILLS = 200
CHECK_EVERY = 20
SEED = 20250611
HERE = Path(__file__).parent
WRITERS = (
    [str(HERE / "storage_child.py"), "loop"],
    [str(HERE / "crash_writer.py")],
)


def _kill_one(db_path: Path, writer: list[str], delay: float) -> tuple[str, list[int]]:
    args = [sys.executable, writer[0], *writer[1:2], str(db_path)]
    if writer[0].endswith("crash_writer.py"):
        args.append("7")
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1
    )
    try:
        assert process.stdout is not None
        ready = process.stdout.readline()
        assert ready.startswith("ready "), ready + (process.stderr.read() if process.stderr else "")
        first = process.stdout.readline()
        assert first.endswith("\n"), process.stderr.read() if process.stderr else ""
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        rest = process.stdout.read()  # everything written before the kill, then EOF
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    assert process.returncode == -signal.SIGKILL
    lines = [first, *rest.splitlines(keepends=True)]
    # a line cut off by the kill has no newline: it was never acknowledged
    return ready.split()[1], [int(line) for line in lines if line.endswith("\n")]


def _check(db_path: Path, device_id: str, acknowledged: list[int]) -> None:
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = [
            row[0]
            for row in raw.execute(
                "SELECT device_seq FROM events WHERE device_id = ? ORDER BY device_seq",
                (device_id,),
            )
        ]
    finally:
        raw.close()
    assert stored == list(range(1, len(stored) + 1)), "a hole or a duplicate in device_seq"
    missing = set(acknowledged) - set(stored)
    assert not missing, f"acknowledged but lost: {sorted(missing)[:10]}"
    for backup in list_backups(db_path):
        check = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",), backup
        finally:
            check.close()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_two_hundred_sigkills_lose_no_acknowledged_event(tmp_path: Path) -> None:
    db_path = tmp_path / "centre" / "dzlearn.sqlite"
    rng = random.Random(SEED)
    acknowledged: list[int] = []
    device_ids: set[str] = set()
    started = time.monotonic()
    for kill in range(1, KILLS + 1):
        writer = WRITERS[kill % 3 == 0]
        device_id, seqs = _kill_one(db_path, writer, rng.uniform(0.020, 0.150))
        assert seqs, f"kill {kill}: nothing acknowledged"
        assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
        if acknowledged:
            assert seqs[0] > acknowledged[-1], f"kill {kill}: a sequence number was reused"
        acknowledged.extend(seqs)
        device_ids.add(device_id)
        assert len(device_ids) == 1, "the device id changed after a crash"
        if kill % CHECK_EVERY == 0:
            _check(db_path, device_id, acknowledged)
    elapsed = time.monotonic() - started

    (device_id,) = device_ids
    _check(db_path, device_id, acknowledged)
    with Database.open(db_path) as db:  # the app's own start-up path accepts the file
        stored = [event.device_seq for event in EventLog(db).for_learner("crash-learner")]
        assert set(acknowledged) <= set(stored)
    report = examine(db_path)
    assert report.integrity == ["ok"] and report.ok, report.problems
    assert all(backup.ok for backup in report.backups)
    # each kill can leave at most one event committed but not yet acknowledged
    assert len(acknowledged) <= len(stored) <= len(acknowledged) + KILLS
    print(
        f"\ncrash suite: {KILLS} SIGKILLs, {len(acknowledged)} acknowledged events, "
        f"{len(stored)} stored, {len(report.backups)} backups, {elapsed:.1f} s"
    )
