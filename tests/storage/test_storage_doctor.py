"""``dzlearn doctor``: a thorough check in words and JSON, and a repair that loses only what the
damaged pages held."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dzlearn.cli import main
from dzlearn.storage import Database, EventLog, LearnerStore, list_backups

PAGE = 4096
PAD = "x" * 1400  # two tick events fill a page; no row spills onto overflow pages
REPORT_KEYS = {
    "database",
    "ok",
    "integrity",
    "events",
    "learners",
    "backups",
    "problems",
    "actions",
}


def doctor(capsys: pytest.CaptureFixture[str], root: Path, *flags: str) -> tuple[int, str]:
    code = main(["--data", str(root), "doctor", *flags])
    return code, capsys.readouterr().out


def _tick(log: EventLog, n: int) -> str:
    return log.append("ticker", "tick", {"marker": f"EVT{n:05d}", "pad": PAD}).event_id


def _learner_marker(name: str) -> bytes:
    return f'"display_name": "{name}",'.encode()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "centre"


def test_a_healthy_file_is_reported_in_words_and_stable_json(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(root / "dzlearn.sqlite") as db:
        store = LearnerStore(db, EventLog(db))
        store.create("Karma", "yak")
        store.create("Sonam", "bird")
        EventLog(db).append(None, "tick", {})
        db.backup()

    code, text = doctor(capsys, root)
    assert code == 0
    assert f"Progress file: {root / 'dzlearn.sqlite'}" in text
    assert "Integrity check: ok" in text and "3 events, 2 learners" in text
    assert "Result: healthy." in text

    code, out = doctor(capsys, root, "--json")
    report = json.loads(out)
    assert code == 0
    assert set(report) == REPORT_KEYS
    assert report["database"] == str(root / "dzlearn.sqlite")
    assert report["ok"] is True and report["integrity"] == ["ok"]
    assert (report["events"], report["learners"], report["problems"]) == (3, 2, [])
    (backup,) = report["backups"]
    assert set(backup) == {"path", "ok", "events"}
    newest = str(list_backups(root / "dzlearn.sqlite")[0])
    assert backup == {"path": newest, "ok": True, "events": 3}


def test_a_learners_list_out_of_step_with_the_log_is_found_and_rebuilt(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = root / "dzlearn.sqlite"
    with Database.open(db_path) as db:
        LearnerStore(db, EventLog(db)).create("Karma", "yak")
    raw = sqlite3.connect(db_path)
    with raw:
        raw.execute("INSERT INTO learners VALUES ('ghost', 'Ghost', 'yak', 'x')")
        raw.execute("UPDATE learners SET display_name = 'Kharma' WHERE learner_id != 'ghost'")
    raw.close()

    code, out = doctor(capsys, root, "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["integrity"] == ["ok"]
    assert report["problems"] == [
        "The list of learners does not match the event log: 1 learner(s) in it have no "
        "learner.created event; 1 learner(s) differ from their learner.created event."
    ]
    assert any("--repair" in action for action in report["actions"])

    code, text = doctor(capsys, root, "--repair")
    assert code == 0, text
    assert "Rebuilt the list of learners" in text
    with Database.open(db_path) as db:
        assert [x.display_name for x in LearnerStore(db, EventLog(db)).list()] == ["Karma"]
    assert doctor(capsys, root)[0] == 0


def test_repair_salvages_every_readable_event_around_damaged_pages(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = root / "dzlearn.sqlite"
    db = Database.open(db_path)
    log = EventLog(db)
    store = LearnerStore(db, log)
    ticks: dict[int, str] = {}
    learners: dict[str, str] = {}
    seq_of: dict[str, int] = {}

    def learner(name: str) -> None:
        learners[name] = store.create(name, "yak").learner_id
        seq_of[learners[name]] = len(seq_of) + 1

    def tick(n: int) -> None:
        ticks[n] = _tick(log, n)
        seq_of[ticks[n]] = len(seq_of) + 1

    learner("Learner A")
    learner("Learner B")
    for n in range(40):
        tick(n)
    db.backup()  # the backup holds 42 events
    learner("Learner C")
    for n in range(40, 60):
        tick(n)
    learner("Learner D")
    for n in range(60, 80):
        tick(n)
    db.close()  # checkpointed: every page is in the main file now
    assert not db_path.with_name("dzlearn.sqlite-wal").exists()

    data = bytearray(db_path.read_bytes())

    def page_of(marker: bytes) -> int:
        at = data.find(marker)
        assert at > 0 and data.find(marker, at + 1) == -1, marker
        return at // PAGE

    tick_page = {n: page_of(f"EVT{n:05d}".encode()) for n in ticks}
    learner_page = {name: page_of(_learner_marker(name)) for name in learners}
    # Damage: one page only the backup can make good, one in the middle of the newer events,
    # the page holding Learner D's creation, and the table's last page (so max(rowid) fails).
    victims = {tick_page[10], tick_page[60], learner_page["Learner D"], tick_page[79]}
    assert len(victims) == 4 and 0 not in victims
    for page in victims:
        data[page * PAGE : (page + 1) * PAGE] = b"\xff" * PAGE
    db_path.write_bytes(data)
    damaged_digest = hashlib.sha256(data).hexdigest()

    after_backup = {ticks[n] for n in range(40, 80) if tick_page[n] not in victims} | {
        learners[name] for name in ("Learner C", "Learner D") if learner_page[name] not in victims
    }
    lost = {ticks[n] for n in range(40, 80) if tick_page[n] in victims} | {
        learners[name] for name in ("Learner C", "Learner D") if learner_page[name] in victims
    }
    assert lost and after_backup, "the damage should hit some newer events and spare others"
    assert learners["Learner C"] in after_backup, "a newer learner should only be salvageable"

    code, out = doctor(capsys, root, "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["integrity"] != ["ok"]
    assert report["problems"][0].startswith(f"The progress file {db_path} is damaged")

    code, text = doctor(capsys, root, "--repair")
    assert code == 0, text
    assert f"Progress file: {db_path}" in text
    assert f"Added back {len(after_backup)} event(s)" in text
    assert "Result: the progress file is healthy." in text

    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = raw.execute("SELECT event_id, learner_id, type FROM events").fetchall()
    finally:
        raw.close()
    ids = [row[0] for row in rows]
    assert len(ids) == len(set(ids)), "an event was stored twice"
    created = {row[1] for row in rows if row[2] == "learner.created"}
    tick_ids = {row[0] for row in rows if row[2] == "tick"}
    before_backup = {ticks[n] for n in range(40)}
    assert tick_ids == before_backup | (after_backup & set(ticks.values()))
    assert created == {learners["Learner A"], learners["Learner B"]} | (
        after_backup & set(learners.values())
    )
    assert not lost & (tick_ids | created)

    with Database.open(db_path) as repaired:
        names = [x.display_name for x in LearnerStore(repaired, EventLog(repaired)).list()]
        assert names == [name for name, key in learners.items() if key not in lost]
        assert "Learner D" not in names
        # numbering goes on after the highest number of this device that was recovered
        next_seq = EventLog(repaired).append(None, "after.repair", {}).device_seq
        assert next_seq == max(seq_of[key] for key in seq_of if key not in lost) + 1

    (kept,) = (root / "set-aside").iterdir()
    assert hashlib.sha256((kept / "dzlearn.sqlite").read_bytes()).hexdigest() == damaged_digest
    assert not list(root.glob(".doctor-*"))
    assert doctor(capsys, root)[0] == 0


def test_a_missing_file_with_backups_is_restored(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = root / "dzlearn.sqlite"
    with Database.open(db_path) as db:
        EventLog(db).append(None, "tick", {})
        db.backup()
    db_path.unlink()
    code, out = doctor(capsys, root, "--json")
    assert code == 1 and json.loads(out)["integrity"] == ["missing"]
    code, text = doctor(capsys, root, "--repair")
    assert code == 0, text
    assert "Restored the backup" in text
    with Database.open(db_path) as db:
        assert EventLog(db).count() == 1


def test_a_file_that_is_not_a_database_and_no_backup_cannot_be_repaired(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root.mkdir()
    (root / "dzlearn.sqlite").write_bytes(b"this is not a database at all" * 200)
    code, out = doctor(capsys, root, "--json")
    assert code == 1 and json.loads(out)["integrity"] == ["file is not a database"]
    code, text = doctor(capsys, root, "--repair")
    assert code == 1
    assert "Nothing could be repaired" in text and "Result: NOT fixed." in text
    assert (root / "dzlearn.sqlite").read_bytes().startswith(b"this is not")


def test_doctor_cannot_run_without_a_file(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--data", str(root), "doctor", "--json"])
    captured = capsys.readouterr()
    assert code == 2
    assert "There is no progress file" in captured.err
    assert json.loads(captured.out)["ok"] is False


def test_repair_is_refused_while_dzlearn_holds_the_folder(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(root / "dzlearn.sqlite") as db:
        EventLog(db).append(None, "tick", {})
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from dzlearn.storage import InstanceLock; "
            "InstanceLock(sys.argv[1]).acquire(); print('held', flush=True); time.sleep(60)",
            str(root),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        code = main(["--data", str(root), "doctor", "--repair"])
        err = capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    assert code == 2
    assert "Cannot repair while dzlearn is open" in err and "already open" in err


def test_a_damaged_backup_is_reported_and_repair_moves_it_aside(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = root / "dzlearn.sqlite"
    with Database.open(db_path) as db:
        EventLog(db).append(None, "tick", {})
        bad = db.backup()
        db.backup()
    bad.write_bytes(b"garbage" * 1000)
    code, out = doctor(capsys, root, "--json")
    report = json.loads(out)
    assert code == 1 and report["integrity"] == ["ok"]
    assert [b["ok"] for b in report["backups"]] == [True, False]
    assert report["problems"] == [f"The backup {bad} is damaged or unreadable."]
    code, text = doctor(capsys, root, "--repair")
    assert code == 0, text
    assert "Moved 1 damaged backup(s)" in text
    (moved,) = (root / "set-aside").glob("*-damaged-backups/*")
    assert moved.name == bad.name and moved.read_bytes().startswith(b"garbage")
