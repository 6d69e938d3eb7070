"""``dzlearn demo seed``: synthetic, marked, repeatable, and never mixed with real learners."""

import subprocess
import sys
from pathlib import Path

from dzlearn.outcomes.source import read_report_events
from dzlearn.storage import Database, EventLog, LearnerStore


def dzlearn(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dzlearn", *args], capture_output=True, text=True, timeout=120
    )


SEED = ("demo", "seed", "--learners", "6", "--days", "20", "--until", "2025-03-31")


def test_seed_fills_a_folder_with_marked_events_and_twice_adds_nothing(tmp_path: Path):
    data = tmp_path / "data"
    first = dzlearn("--data", str(data), *SEED)
    assert first.returncode == 0, first.stderr
    assert "6 synthetic learners" in first.stdout and "DEMO DATA" in first.stdout
    with Database.open(data / "dzlearn.sqlite") as db:
        events = read_report_events(db)
        learners = LearnerStore(db, EventLog(db)).list()
    assert events and all(e.payload.get("synthetic") is True for e in events)
    assert sorted(x.display_name.split(" (")[0] for x in learners)[:2] == [
        "Demo learner 1",
        "Demo learner 2",
    ]
    again = dzlearn("--data", str(data), *SEED)
    assert again.returncode == 0 and "(0 new)" in again.stdout


def test_seed_refuses_a_folder_with_real_learners(tmp_path: Path):
    data = tmp_path / "data"
    with Database.open(data / "dzlearn.sqlite") as db:
        LearnerStore(db, EventLog(db)).create("Karma", "sun")
    out = dzlearn("--data", str(data), *SEED)
    assert out.returncode == 2
    assert "1 real learner" in out.stderr and "Traceback" not in out.stderr
    with Database.open(data / "dzlearn.sqlite") as db:
        assert len(LearnerStore(db, EventLog(db)).list()) == 1


def test_bad_numbers_are_refused_clearly(tmp_path: Path):
    out = dzlearn("--data", str(tmp_path), "demo", "seed", "--learners", "0")
    assert out.returncode == 2 and "not between 1 and 5000" in out.stderr
