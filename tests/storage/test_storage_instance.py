"""A second dzlearn on the same data folder is refused, and a crashed one never blocks a restart."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dzlearn.storage import AlreadyRunning, DatabaseUnavailable, InstanceLock
from dzlearn.storage.instance import LOCK_FILENAME, refusal_message

HOLDER = """
import sys, time
from pathlib import Path
from dzlearn.storage import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
lock.acquire()
print("held", flush=True)
time.sleep(120)
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    """Another process holding the lock on ``tmp_path / 'data'``."""
    root = tmp_path / "data"
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line == "held\n", process.stderr.read() if process.stderr else line
    try:
        yield process, root
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_a_second_process_is_refused_politely_with_where_the_first_runs(
    holder: tuple[subprocess.Popen[str], Path],
) -> None:
    process, root = holder
    lock = InstanceLock(root)
    with pytest.raises(AlreadyRunning) as caught:
        lock.acquire()
    message = caught.value.message
    assert message == str(caught.value)
    assert message.startswith("dzlearn is already open on this computer")
    assert f"process {process.pid}" in message and "since " in message
    assert str(root) in message
    assert caught.value.holder["pid"] == process.pid
    assert not lock.held


@pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")
def test_a_killed_holder_frees_the_lock_without_any_cleanup(
    holder: tuple[subprocess.Popen[str], Path],
) -> None:
    process, root = holder
    with pytest.raises(AlreadyRunning):
        InstanceLock(root).acquire()
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert (root / LOCK_FILENAME).exists()  # the file stays; only the OS lock mattered
    with InstanceLock(root) as lock:
        assert lock.held
        note = json.loads((root / LOCK_FILENAME).read_text(encoding="utf-8"))
        assert note["pid"] == os.getpid()


def test_the_same_process_cannot_take_it_twice_and_release_lets_go(tmp_path: Path) -> None:
    first = InstanceLock(tmp_path / "data")
    first.acquire()
    first.acquire()  # taking it again through the same object is harmless
    with pytest.raises(AlreadyRunning):
        InstanceLock(tmp_path / "data").acquire()
    first.release()
    first.release()
    with InstanceLock(tmp_path / "data") as second:
        assert second.held
    assert not second.held
    assert (tmp_path / "data" / LOCK_FILENAME).read_text(encoding="utf-8") == ""


def test_folders_are_independent_and_created_when_missing(tmp_path: Path) -> None:
    with InstanceLock(tmp_path / "a" / "deep"), InstanceLock(tmp_path / "b") as other:
        assert other.held
    assert (tmp_path / "a" / "deep" / LOCK_FILENAME).is_file()


def test_an_unusable_data_folder_is_a_clear_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DatabaseUnavailable, match="cannot use the data folder"):
        InstanceLock(blocker / "data").acquire()


def test_the_message_names_another_computer_and_survives_an_empty_note(tmp_path: Path) -> None:
    other = refusal_message({"pid": 7, "hostname": "hub-pc-" + socket.gethostname()}, tmp_path)
    assert "on another computer (hub-pc-" in other and "process 7" in other
    empty = refusal_message({}, tmp_path)
    assert empty.startswith("dzlearn is already open on this computer, using the data folder")
