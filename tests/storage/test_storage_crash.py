"""Killing the writer at random never loses an acknowledged event or damages the file."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dzlearn.storage import Database, EventLog, list_backups

ROUNDS = 5


def _run_and_kill(
    db_path: Path, child: Path, seconds: float, stderr_path: Path
) -> tuple[str, list[int]]:
    with open(stderr_path, "w") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(child), "loop", str(db_path)],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
        try:
            assert process.stdout is not None
            ready = process.stdout.readline()
            assert ready.startswith("ready "), stderr_path.read_text()
            lines: list[str] = []
            reader = threading.Thread(target=lambda: lines.extend(process.stdout or []))
            reader.start()
            time.sleep(seconds)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            reader.join(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    # a line cut off by the kill has no newline: it was never acknowledged
    return ready.split()[1], [int(line) for line in lines if line.endswith("\n")]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_sigkill_loses_no_acknowledged_event(tmp_path: Path) -> None:
    child = Path(__file__).with_name("storage_child.py")
    db_path = tmp_path / "crash.sqlite"
    rng = random.Random(20241127)
    acknowledged: list[int] = []
    device_ids = set()
    for round_number in range(ROUNDS):
        device_id, seqs = _run_and_kill(
            db_path, child, rng.uniform(0.2, 1.0), tmp_path / f"stderr-{round_number}.txt"
        )
        assert seqs, f"round {round_number}: the child acknowledged nothing before the kill"
        assert seqs == sorted(seqs)
        if acknowledged:
            assert seqs[0] > acknowledged[-1]
        acknowledged.extend(seqs)
        device_ids.add(device_id)

    assert len(device_ids) == 1
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        raw.close()
    with Database.open(db_path) as db:
        stored = [event.device_seq for event in EventLog(db).for_learner("crash-learner")]
    assert set(acknowledged) <= set(stored)
    assert stored == list(range(1, len(stored) + 1))  # no holes, no duplicates
    for backup in list_backups(db_path):  # a backup interrupted by the kill never shows up
        check = sqlite3.connect(backup)
        try:
            assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        finally:
            check.close()
