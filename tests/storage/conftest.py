"""Shared fixtures for storage tests: every file lives under tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from dzlearn.storage import Database, EventLog, LearnerStore

CHILD_SCRIPT = Path(__file__).with_name("storage_child.py")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "centre" / "dzlearn.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database.open(db_path)
    yield database
    database.close()


@pytest.fixture
def log(db: Database) -> EventLog:
    return EventLog(db)


@pytest.fixture
def learners(db: Database, log: EventLog) -> LearnerStore:
    return LearnerStore(db, log)


def run_child(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run tests/storage/storage_child.py in a fresh interpreter."""
    return subprocess.run(
        [sys.executable, str(CHILD_SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """Make paths truly unwritable: chmod for normal users; root ignores modes, so chattr +i."""
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if os.name == "nt":
        pytest.skip("read-only folders work differently on Windows")
    if as_root:
        chattr = shutil.which("chattr")
        done: list[Path] = []
        try:
            for path in paths:
                if (
                    chattr is None
                    or subprocess.run(
                        [chattr, "+i", str(path)], capture_output=True, check=False
                    ).returncode
                ):
                    pytest.skip("running as root and cannot make files immutable (chattr +i)")
                done.append(path)
            yield
        finally:
            for path in done:
                subprocess.run([chattr or "chattr", "-i", str(path)], check=False)
    else:
        modes = {path: path.stat().st_mode for path in paths}
        try:
            for path in paths:
                path.chmod(0o555 if path.is_dir() else 0o444)
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)


@pytest.fixture(name="run_child")
def run_child_fixture() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_child


@pytest.fixture(name="read_only")
def read_only_fixture() -> Callable[..., AbstractContextManager[None]]:
    return read_only
