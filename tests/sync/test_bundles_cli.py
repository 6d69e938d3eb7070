"""``dzlearn sync export``, ``dzlearn hub import`` and ``dzlearn sync import`` as a facilitator
runs them: exit 0 with a summary, or exit 2 with one line saying what was wrong."""

from __future__ import annotations

import json
import re
from pathlib import Path

import device_fixtures
import pytest
from device_fixtures import HUB_URL, Hub, Relay, relay_client

from dzlearn.cli import main
from dzlearn.storage import Database, EventLog, LearnerStore
from dzlearn.sync import client as sync_client

inproc_hub = device_fixtures.inproc_hub


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


def _refused(capsys: pytest.CaptureFixture[str], command: str, *argv: str) -> str:
    status, out, err = _run(capsys, *argv)
    lines = err.strip().splitlines()
    assert status == 2 and len(lines) == 1 and lines[0].startswith(f"dzlearn {command}: "), err
    return lines[0]


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, inproc_hub: Hub) -> Hub:
    """``device enrol`` and ``sync`` reach the in-process hub."""
    monkeypatch.setattr(
        sync_client, "make_client", lambda url, ca_pem=None: relay_client(Relay(inproc_hub.client))
    )
    return inproc_hub


def _db_url(hub: Hub) -> str:
    return hub.store.url


def _centre(data: Path, hub: Hub, capsys: pytest.CaptureFixture[str], *names: str) -> None:
    """A progress file with learners who did a step each, enrolled with the hub."""
    with Database.open(data / "dzlearn.sqlite") as db:
        log = EventLog(db)
        for name in names:
            learner = LearnerStore(db, log).create(name, "yak")
            payload = {"pack_id": "p", "lesson_id": "l", "step_id": "s", "mistakes": 1}
            log.append(learner.learner_id, "lesson.step_completed", payload)
    status, _, err = _run(capsys, "--data", str(data), "device", "enrol", "--hub", HUB_URL,
                          "--code", hub.code())  # fmt: skip
    assert status == 0, err


def test_a_round_trip_through_the_commands(
    tmp_path: Path, hub: Hub, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, stick = tmp_path / "a", tmp_path / "b", tmp_path / "stick"
    stick.mkdir()
    _centre(a, hub, capsys, "Pema", "Dorji")
    _centre(b, hub, capsys, "ཀརྨ")
    assert _run(capsys, "--data", str(b), "sync")[0] == 0
    status, out, _ = _run(capsys, "--data", str(a), "sync", "export", "--to", str(stick))
    assert status == 0
    (bundle,) = stick.iterdir()
    assert out.splitlines()[0] == f"wrote {bundle} (4 events)"
    assert "dzlearn hub import BUNDLE" in out
    status, out, _ = _run(capsys, "hub", "import", str(bundle), "--db", _db_url(hub))
    assert status == 0
    assert re.search(r"4 events in 1 bundle: stored 4, 0 already there, 0 conflicts", out)
    (reply,) = [path for path in stick.iterdir() if "-return-" in path.name]
    assert f"return bundle {reply} (2 events)" in out
    status, out, _ = _run(capsys, "--data", str(a), "sync", "import", str(stick))
    assert (status, out) == (
        0,
        "hub stored 4 (0 already there), received 2 new events, 0 conflicts\n",
    )
    assert _run(capsys, "--data", str(b), "sync")[0] == 0
    progress = [_run(capsys, "--data", str(d), "progress", "--json")[1] for d in (a, b)]
    assert progress[0] == progress[1]
    assert sorted(x["display_name"] for x in json.loads(progress[0])["learners"]) == [
        "Dorji", "Pema", "ཀརྨ",
    ]  # fmt: skip
    # the same bundles again: nothing changes
    status, out, _ = _run(capsys, "hub", "import", str(stick), "--db", _db_url(hub))
    assert status == 0 and "stored 0, 4 already there, 0 conflicts" in out
    assert _run(capsys, "--data", str(a), "sync", "import", str(reply))[0] == 0
    assert _run(capsys, "--data", str(a), "progress", "--json")[1] == progress[0]
    status, out, _ = _run(capsys, "--data", str(a), "device", "status", "--json")
    assert json.loads(out)["pending"] == 0


def test_hub_import_writes_the_reply_where_asked(
    tmp_path: Path, hub: Hub, capsys: pytest.CaptureFixture[str]
) -> None:
    a, stick, out_dir = tmp_path / "a", tmp_path / "stick", tmp_path / "replies"
    stick.mkdir()
    out_dir.mkdir()
    _centre(a, hub, capsys, "Pema")
    assert _run(capsys, "--data", str(a), "sync", "export", "--to", str(stick))[0] == 0
    status, _, _ = _run(capsys, "hub", "import", str(stick), "--db", _db_url(hub),
                        "--out", str(out_dir))  # fmt: skip
    assert status == 0 and len(list(out_dir.glob("*-return-*.dzsync"))) == 1
    line = _refused(capsys, "hub", "hub", "import", str(stick), "--db", _db_url(hub),
                    "--out", str(tmp_path / "nope"))  # fmt: skip
    assert "the --out folder" in line and "does not exist" in line


def test_refusals_are_one_line_and_exit_2(
    tmp_path: Path, hub: Hub, capsys: pytest.CaptureFixture[str]
) -> None:
    a, fresh, stick = tmp_path / "a", tmp_path / "fresh", tmp_path / "stick"
    stick.mkdir()
    line = _refused(
        capsys, "sync export", "--data", str(fresh), "sync", "export", "--to", str(stick)
    )
    assert "not enrolled with a hub yet" in line and "enrol it first" in line
    with Database.open(fresh / "dzlearn.sqlite"):
        pass  # a progress file, never enrolled
    line = _refused(
        capsys, "sync export", "--data", str(fresh), "sync", "export", "--to", str(stick)
    )
    assert "enrol it first (dzlearn device enrol" in line
    _centre(a, hub, capsys, "Pema")
    line = _refused(capsys, "sync export", "--data", str(a), "sync", "export",
                    "--to", str(tmp_path / "E:"))  # fmt: skip
    assert "does not exist (is the stick plugged in?)" in line
    assert _run(capsys, "--data", str(a), "sync", "export", "--to", str(stick))[0] == 0
    (bundle,) = stick.iterdir()
    line = _refused(capsys, "sync import", "--data", str(a), "sync", "import", str(bundle))
    assert "take it to the hub" in line
    line = _refused(capsys, "sync import", "--data", str(a), "sync", "import", str(stick))
    assert "holds no return bundle for this device" in line
    bundle.write_bytes(bundle.read_bytes()[:-1])
    line = _refused(capsys, "hub", "hub", "import", str(bundle), "--db", _db_url(hub))
    assert line.startswith("dzlearn hub: import: ") and "damaged (cut short or altered)" in line
    line = _refused(capsys, "hub", "hub", "import", str(tmp_path), "--db", _db_url(hub))
    assert "holds no device bundle" in line
    assert hub.event_count() == 0


def test_enrolling_by_file_through_the_commands(
    tmp_path: Path, hub: Hub, capsys: pytest.CaptureFixture[str]
) -> None:
    a, stick, enrol_file = tmp_path / "a", tmp_path / "stick", tmp_path / "enrol.json"
    stick.mkdir()
    status, out, _ = _run(capsys, "hub", "enrol-file", "--out", str(enrol_file),
                          "--url", HUB_URL, "--db", _db_url(hub))  # fmt: skip
    assert status == 0 and out.startswith(f"wrote {enrol_file}: enrols one device with hub ")
    line = _refused(capsys, "device enrol", "--data", str(a), "device", "enrol",
                    "--file", str(enrol_file), "--hub", HUB_URL)  # fmt: skip
    assert "or --file FILE (from dzlearn hub enrol-file) alone" in line
    _refused(capsys, "device enrol", "--data", str(a), "device", "enrol", "--hub", HUB_URL)
    line = _refused(capsys, "device enrol", "--data", str(a), "device", "enrol",
                    "--file", str(tmp_path))  # fmt: skip
    assert "cannot read" in line
    status, out, _ = _run(capsys, "--data", str(a), "device", "enrol", "--file", str(enrol_file),
                          "--name", "Lunana PC")  # fmt: skip
    assert status == 0 and "the hub's first return bundle confirms the enrolment" in out
    line = _refused(capsys, "sync", "--data", str(a), "sync")
    assert "the hub has not confirmed it yet" in line
    assert _run(capsys, "--data", str(a), "sync", "export", "--to", str(stick))[0] == 0
    status, out, _ = _run(capsys, "hub", "import", str(stick), "--db", _db_url(hub))
    assert status == 0 and "enrolled it from its file" in out
    assert [d.name for d in hub.store.devices()] == ["Lunana PC"]
    assert _run(capsys, "--data", str(a), "sync", "import", str(stick))[0] == 0
    assert _run(capsys, "--data", str(a), "sync")[0] == 0  # confirmed: the network works now
    # a second device using the same (spent) file is refused by the hub, exit 2
    b = tmp_path / "b"
    assert _run(capsys, "--data", str(b), "device", "enrol", "--file", str(enrol_file))[0] == 0
    other = tmp_path / "other"
    other.mkdir()
    assert _run(capsys, "--data", str(b), "sync", "export", "--to", str(other))[0] == 0
    line = _refused(capsys, "hub", "hub", "import", str(other), "--db", _db_url(hub))
    assert "asked to be enrolled from a file, and this hub refused" in line
