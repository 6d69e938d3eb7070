"""Real media trouble, not simulated errors: a full filesystem and a stick that vanishes.

Both need root and the ``mount`` command (a tiny tmpfs for the full disk; an ext4 image on a
loop device, shut down with the kernel's "going down" ioctl, for the vanished stick). Where that
is not possible the tests are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from dzlearn.storage import (
    Database,
    DatabaseUnavailable,
    EventLog,
    StorageError,
    list_backups,
)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="needs Linux mounts")

PAYLOAD = {"text": "ཀ་ཁ་ག་ང་" * 60}  # about 2 KB of UTF-8 per event
EXT4_IOC_SHUTDOWN = 0x8004587D  # _IOR('X', 125, __u32)
EXT4_GOING_FLAGS_NOLOGFLUSH = 2  # like a pulled stick: the journal is not flushed first


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False)


def _need_root_and(*tools: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a test filesystem needs root")
    for tool in tools:
        if shutil.which(tool) is None:
            pytest.skip(f"'{tool}' is not installed")


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 600 KB tmpfs: the disk of an almost full USB stick."""
    _need_root_and("mount", "umount")
    mount_point = tmp_path / "stick"
    mount_point.mkdir()
    done = _run("mount", "-t", "tmpfs", "-o", "size=600k,mode=0755", "tmpfs", str(mount_point))
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        _run("umount", "-l", str(mount_point))


def _stored_seqs(db_path: Path) -> tuple[list[tuple[str]], list[int]]:
    raw = sqlite3.connect(db_path)
    try:
        check = raw.execute("PRAGMA integrity_check").fetchall()
        seqs = [row[0] for row in raw.execute("SELECT device_seq FROM events ORDER BY device_seq")]
    finally:
        raw.close()
    return check, seqs


def _fill(log: EventLog) -> tuple[list[int], DatabaseUnavailable]:
    acknowledged = []
    for n in range(10_000):
        try:
            acknowledged.append(log.append(None, "fill", {**PAYLOAD, "n": n}).device_seq)
        except DatabaseUnavailable as error:
            return acknowledged, error
    raise AssertionError("the 600 KB disk never filled up")


def test_a_full_disk_keeps_committed_work_and_resumes_when_space_returns(tiny_disk: Path) -> None:
    filler = tiny_disk / "filler.bin"
    filler.write_bytes(b"\0" * 150_000)  # someone else's file, deleted later to free space
    db_path = tiny_disk / "dzlearn-data" / "dzlearn.sqlite"
    db = Database.open(db_path)
    try:
        log = EventLog(db)
        acknowledged, error = _fill(log)
        assert len(acknowledged) > 5
        message = str(error)
        assert str(db_path) in message
        assert "disk is full" in message and "nothing was lost" in message, message

        # Nothing half-written: what was acknowledged is there, and nothing else.
        assert log.count() == len(acknowledged)
        with pytest.raises(DatabaseUnavailable, match="disk is full"):
            log.append(None, "still.full", PAYLOAD)
        with pytest.raises(DatabaseUnavailable, match="disk is full"):
            db.backup()
        check, seqs = _stored_seqs(db_path)  # a second connection, as after a restart
        assert check == [("ok",)]
        assert seqs == acknowledged == list(range(1, len(acknowledged) + 1))

        # The medium returns (space is freed): the same Database object carries on.
        assert list_backups(db_path) == []  # a failed backup is never offered for restoring
        leftovers = list((db_path.parent / "backups").iterdir())
        assert all(path.name.endswith(".partial") for path in leftovers), leftovers

        filler.unlink()
        after = [log.append(None, "after.free", PAYLOAD).device_seq for _ in range(5)]
        assert after == list(range(len(acknowledged) + 1, len(acknowledged) + 6))
        acknowledged += after

        # Full again, then the stick is swapped for a bigger one (remounted larger).
        more, error = _fill(log)
        assert "disk is full" in str(error)
        acknowledged += more
        done = _run("mount", "-o", "remount,size=4m", str(tiny_disk))
        assert done.returncode == 0, done.stderr
        acknowledged.append(log.append(None, "after.remount", PAYLOAD).device_seq)
        assert db.backup() in list_backups(db_path)
    finally:
        db.close()

    with Database.open(db_path) as reopened:
        assert EventLog(reopened).count() == len(acknowledged)
    check, seqs = _stored_seqs(db_path)
    assert check == [("ok",)]
    assert seqs == acknowledged == list(range(1, len(acknowledged) + 1))


@pytest.fixture
def vanishing_stick(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """An ext4 image on a loop device; the test shuts it down as if the stick were pulled."""
    _need_root_and("mount", "umount", "mkfs.ext4")
    image = tmp_path / "stick.img"
    with open(image, "wb") as handle:
        handle.truncate(8 * 1024 * 1024)
    made = _run("mkfs.ext4", "-q", "-F", str(image))
    if made.returncode:
        pytest.skip(f"cannot make an ext4 image: {made.stderr.strip()}")
    mount_point = tmp_path / "stick"
    mount_point.mkdir()
    done = _run("mount", "-o", "loop", str(image), str(mount_point))
    if done.returncode:
        pytest.skip(f"cannot loop-mount an image here: {done.stderr.strip()}")
    try:
        yield image, mount_point
    finally:
        _run("umount", "-l", str(mount_point))


def _pull_out(mount_point: Path) -> None:
    import fcntl  # POSIX only; the module is skipped elsewhere

    fd = os.open(mount_point, os.O_RDONLY)
    try:
        fcntl.ioctl(fd, EXT4_IOC_SHUTDOWN, struct.pack("I", EXT4_GOING_FLAGS_NOLOGFLUSH))
    except OSError as error:
        pytest.skip(f"this kernel cannot shut a filesystem down: {error}")
    finally:
        os.close(fd)


def test_a_vanished_stick_fails_clearly_and_loses_no_committed_event(
    vanishing_stick: tuple[Path, Path],
) -> None:
    image, mount_point = vanishing_stick
    db_path = mount_point / "dzlearn-data" / "dzlearn.sqlite"
    db = Database.open(db_path)
    log = EventLog(db)
    acknowledged = [log.append(None, "before", {"n": n}).device_seq for n in range(40)]

    _pull_out(mount_point)
    with pytest.raises(DatabaseUnavailable) as caught:
        log.append(None, "after.pull", {})
    assert str(db_path) in str(caught.value)
    assert "USB stick may have been removed" in str(caught.value)
    for _ in range(3):  # the app keeps running: every later call fails cleanly too
        with pytest.raises(StorageError):
            log.append(None, "after.pull", {})
    db.close()  # the checkpoint fails, is logged, and nothing is raised

    # The stick comes back (unplugged and plugged in again): work resumes after reopening.
    assert _run("umount", str(mount_point)).returncode == 0
    done = _run("mount", "-o", "loop", str(image), str(mount_point))
    assert done.returncode == 0, done.stderr
    check, seqs = _stored_seqs(db_path)
    assert check == [("ok",)]
    assert seqs == acknowledged
    with Database.open(db_path) as again:
        assert EventLog(again).append(None, "back", {}).device_seq == len(acknowledged) + 1


def test_reads_after_the_stick_vanished_do_not_claim_the_file_is_damaged(
    vanishing_stick: tuple[Path, Path],
) -> None:
    _, mount_point = vanishing_stick
    db = Database.open(mount_point / "dzlearn.sqlite")
    log = EventLog(db)
    log.append(None, "before", {})
    _pull_out(mount_point)
    try:
        with pytest.raises(DatabaseUnavailable):
            log.append(None, "after.pull", {})
        with pytest.raises(DatabaseUnavailable):
            log.count()
    finally:
        db.close()
