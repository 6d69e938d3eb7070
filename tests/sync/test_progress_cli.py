"""``dzlearn device``, ``dzlearn sync`` and ``dzlearn progress`` as a facilitator runs them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import device_fixtures
import httpx
import pytest
from device_fixtures import (
    HUB_URL,
    Hub,
    LiveHub,
    Relay,
    relay_client,
)

from dzlearn.cli import main
from dzlearn.people.event_types import LEARNER_DELETED
from dzlearn.storage import Database, EventLog, InstanceLock, LearnerStore
from dzlearn.sync import client as sync_client

# fixtures shared with the other device-side test modules (conftest.py is the hub's)
inproc_hub = device_fixtures.inproc_hub
live_hub = device_fixtures.live_hub


SUMMARY = re.compile(r"^pushed \d+ \(\d+ already there\), pulled \d+, \d+ conflicts?, [\d.]+ s$")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


def _one_line(err: str, command: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"dzlearn {command}: "), err
    return lines[0]


def _learners(data: Path, *names: str) -> list[str]:
    with Database.open(data / "dzlearn.sqlite") as db:
        log = EventLog(db)
        made = [LearnerStore(db, log).create(name, "yak").learner_id for name in names]
        for learner_id in made:
            payload = {"pack_id": "p", "lesson_id": "l", "step_id": "s", "mistakes": 1}
            log.append(learner_id, "lesson.step_completed", payload)
        return made


@pytest.fixture
def via_inproc(monkeypatch: pytest.MonkeyPatch, inproc_hub: Hub) -> Hub:
    """The commands' own httpx client goes to the in-process hub."""
    monkeypatch.setattr(
        sync_client, "make_client", lambda url, ca_pem=None: relay_client(Relay(inproc_hub.client))
    )
    return inproc_hub


def test_two_devices_sync_over_loopback_and_print_identical_progress(
    tmp_path: Path, live_hub: LiveHub, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    _learners(a, "Pema", "Dorji")
    _learners(b, "ཀརྨ")
    for data in (a, b):
        code = live_hub.store.new_enrol_code()
        status, out, _ = _run(capsys, "--data", str(data), "device", "enrol",
                              "--hub", live_hub.url + "/", "--code", code)  # fmt: skip
        assert status == 0 and f"at {live_hub.url}. Sync with: dzlearn sync" in out
    for data in (a, b, a):
        status, out, err = _run(capsys, "--data", str(data), "sync", "--hub", live_hub.url)
        assert status == 0, err
        assert SUMMARY.match(out.strip()), out
    outputs = [_run(capsys, "--data", str(data), "progress", "--json")[1] for data in (a, b)]
    assert outputs[0] == outputs[1]
    totals = json.loads(outputs[0])
    assert totals["events"] == 6 and len(totals["devices"]) == 2
    assert sorted(x["display_name"] for x in totals["learners"]) == ["Dorji", "Pema", "ཀརྨ"]
    assert {x["mistakes"] for x in totals["learners"]} == {1}


def test_progress_table_and_deleted_learners(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    pema, _ = _learners(data, "Pema", "Dorji")
    with Database.open(data / "dzlearn.sqlite") as db:
        EventLog(db).append(pema, LEARNER_DELETED, {"by_facilitator": "f1"})
    status, out, _ = _run(capsys, "--data", str(data), "progress")
    assert status == 0
    assert "Dorji" in out and "Pema" not in out and f"(deleted learner {pema[:8]})" in out
    assert "2 learner(s), 5 events from 1 device." in out
    totals = json.loads(_run(capsys, "--data", str(data), "progress", "--json")[1])
    deleted = [x for x in totals["learners"] if x["learner_id"] == pema]
    assert deleted == [{"learner_id": pema, "deleted": True, "events": 3}]
    assert "Pema" not in json.dumps(totals, ensure_ascii=False)


def test_progress_of_an_empty_folder_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = _run(capsys, "--data", str(tmp_path / "new"), "progress", "--json")
    assert status == 0 and json.loads(out)["learners"] == []
    assert not (tmp_path / "new" / "dzlearn.sqlite").exists()


def test_device_status_and_sync_through_the_commands(
    tmp_path: Path, via_inproc: Hub, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    _learners(data, "Pema")
    status, out, _ = _run(capsys, "--data", str(data), "device", "status")
    assert status == 0 and out.startswith("Not enrolled with a hub.")
    assert "Events waiting to be sent: 2" in out
    code = via_inproc.code()
    assert _run(capsys, "--data", str(data), "device", "enrol", "--hub", HUB_URL,
                "--code", code, "--name", "Centre PC 3")[0] == 0  # fmt: skip
    assert [d.name for d in via_inproc.store.devices()] == ["Centre PC 3"]
    status, out, _ = _run(capsys, "--data", str(data), "sync")
    assert status == 0 and out.startswith("pushed 2 (0 already there), pulled 0, 0 conflicts")
    status, out, _ = _run(capsys, "--data", str(data), "device", "status", "--json")
    shown = json.loads(out)
    assert shown["enrolled"] and shown["hub_url"] == HUB_URL and shown["pending"] == 0
    assert shown["last_summary"]["pushed"] == 2 and "device_token" not in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["sync", "--hub", "http://10.1.1.1:8765"], "sends learners' data only there"),
        (["sync", "--hub", "10.1.1.1"], "must start with http:// or https://"),
    ],
)
def test_sync_refusals_are_one_line_and_exit_2(
    tmp_path: Path, via_inproc: Hub, capsys: pytest.CaptureFixture[str], argv, words
) -> None:
    data = tmp_path / "d"
    _run(capsys, "--data", str(data), "device", "enrol", "--hub", HUB_URL, "--code",
         via_inproc.code())  # fmt: skip
    status, _, err = _run(capsys, "--data", str(data), *argv)
    assert status == 2 and words in _one_line(err, "sync")


def test_sync_before_enrolling_says_how(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "--data", str(tmp_path / "d"), "sync")
    assert status == 2 and "not enrolled" in _one_line(err, "sync")


def test_an_unreachable_hub_exits_1(
    tmp_path: Path, via_inproc: Hub, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    data = tmp_path / "d"
    _run(capsys, "--data", str(data), "device", "enrol", "--hub", HUB_URL, "--code",
         via_inproc.code())  # fmt: skip

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    monkeypatch.setattr(
        sync_client, "make_client",
        lambda url, ca_pem=None: httpx.Client(transport=httpx.MockTransport(refuse), base_url=url),
    )  # fmt: skip
    status, _, err = _run(capsys, "--data", str(data), "sync")
    assert status == 1 and "cannot be reached" in _one_line(err, "sync")
    _, out, _ = _run(capsys, "--data", str(data), "device", "status")
    assert "failed: The hub at http://testserver cannot be reached" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--hub", HUB_URL, "--code", "WRONG-CODE1"], "refused enrolling this device"),
        (["--hub", "hub.local", "--code", "X"], "must start with http:// or https://"),
        (["--hub", HUB_URL, "--code", "X", "--ca", "/nonexistent/ca.pem"], "cannot be read"),
    ],
)
def test_enrol_refusals_are_one_line_and_exit_2(
    tmp_path: Path, via_inproc: Hub, capsys: pytest.CaptureFixture[str], argv, words
) -> None:
    status, _, err = _run(capsys, "--data", str(tmp_path / "d"), "device", "enrol", *argv)
    assert status == 2 and words in _one_line(err, "device enrol")


def test_a_damaged_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    data.mkdir()
    (data / "dzlearn.sqlite").write_bytes(b"this is not a database, it was a photo" * 200)
    for command in (["progress", "--json"], ["sync"], ["device", "status"]):
        status, out, err = _run(capsys, "--data", str(data), *command)
        assert status == 2 and out == ""
        assert "damaged" in _one_line(err, " ".join(command[:1] if command[0] != "device"
                                                    else command[:2]))  # fmt: skip


def test_sync_waits_for_the_app_to_close(tmp_path: Path, capsys) -> None:
    data = tmp_path / "d"
    _learners(data, "Pema")
    with InstanceLock(data):
        status, _, err = _run(capsys, "--data", str(data), "sync")
    assert status == 2 and "already open" in _one_line(err, "sync")


def test_sync_has_room_for_export_and_import_actions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys
    import types

    from dzlearn.commands import sync as sync_command

    def register(actions) -> None:  # noqa: ANN001 - argparse's subparsers action
        export = actions.add_parser("export")
        export.add_argument("--to", required=True)
        export.set_defaults(handler=lambda args: print(f"export to {args.to}") or 0)

    monkeypatch.setitem(sys.modules, "fake_sync_export", types.SimpleNamespace(register=register))
    monkeypatch.setattr(sync_command, "ACTION_MODULES", ("fake_sync_export",))
    assert _run(capsys, "--data", str(tmp_path), "sync", "export", "--to", "E:/")[1] == (
        "export to E:/\n"
    )
    status, _, err = _run(capsys, "--data", str(tmp_path / "d"), "sync")  # still a plain sync
    assert status == 2 and "not enrolled" in _one_line(err, "sync")


def test_totals_do_not_depend_on_the_order_events_arrived_in(tmp_path: Path) -> None:
    import random

    from dzlearn.storage import merge_events
    from dzlearn.sync.totals import dumps, progress_totals

    with Database.open(tmp_path / "src" / "dzlearn.sqlite") as source:
        log = EventLog(source)
        learners = LearnerStore(source, log)
        ids = [learners.create(name, "yak").learner_id for name in ("Pema", "Dorji")]
        for n in range(40):
            payload = {"pack_id": "p", "lesson_id": f"l{n % 3}", "step_id": f"s{n % 5}",
                       "mistakes": n % 4, "duration_ms": 100 * n, "kind": "eservice"}  # fmt: skip
            log.append(ids[n % 2], "lesson.step_completed", payload)
            log.append(ids[n % 2], "typing.drill", {"keystrokes": n, "errors": {"ཀ": n % 2}})
        log.append(ids[0], "learner.login_succeeded", {})
        events = log.since(source.device_id, 0, 1000)
        expected = dumps(progress_totals(source))
    for seed in range(3):
        shuffled = events[:]
        random.Random(seed).shuffle(shuffled)
        with Database.open(tmp_path / f"copy{seed}" / "dzlearn.sqlite") as copy:
            merge_events(copy, shuffled, batch=7)
            assert dumps(progress_totals(copy)) == expected
    totals = json.loads(expected)
    pema = next(x for x in totals["learners"] if x["display_name"] == "Pema")
    assert (pema["steps_completed"], pema["eservice_steps"], pema["logins"]) == (20, 20, 1)
    assert pema["distinct_steps"] == len({(f"l{n % 3}", f"s{n % 5}") for n in range(0, 40, 2)})
