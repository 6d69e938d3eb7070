"""Hub test set-up: a throwaway PostgreSQL cluster, fresh databases, hub URLs for both backends.

The PostgreSQL server is real (the hub's cursor guarantees depend on its MVCC behaviour, which no
fake reproduces). It is started once per test session in a temporary folder, owned by the
``postgres`` OS user when the tests run as root (initdb refuses to run as root), listening only on
127.0.0.1, with fsync off (nothing here tests the server's own durability). Set
``DZLEARN_TEST_POSTGRES_URL=postgresql://USER@HOST:PORT/DB`` to use an existing server instead;
its user needs CREATEDB, since every test gets a database of its own.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

INSTALL_HINT = "run ./test.sh (it installs PostgreSQL through scripts/setup.sh --test)"


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    pytest.fail(f"PostgreSQL's {name} was not found: {INSTALL_HINT}", pytrace=False)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _postgres_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail(
            f"running as root but there is no 'postgres' user to run initdb as: {INSTALL_HINT}",
            pytrace=False,
        )


def _as_postgres_user(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root; as root, run them as ``postgres``."""
    if os.geteuid() != 0:
        return command
    _postgres_user()
    return ["runuser", "-u", "postgres", "--", *command]


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        pytest.fail(f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """An admin URL (``postgresql+psycopg://…/postgres``) of a server the tests may use."""
    existing = os.environ.get("DZLEARN_TEST_POSTGRES_URL", "").strip()
    if existing:
        url = make_url(existing)
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        yield url.render_as_string(hide_password=False)
        return
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    folder = Path(tempfile.mkdtemp(prefix="dzlearn-pg-"))
    if os.geteuid() == 0:
        owner = _postgres_user()
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    data = folder / "data"
    port = _free_port()
    try:
        _run(
            _as_postgres_user(
                [
                    initdb,
                    "-D",
                    str(data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ]
            ),
            "initdb",
        )
        options = (
            f"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={folder}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=200"
        )
        _run(
            _as_postgres_user(
                [pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-o", options, "-w", "start"]
            ),
            "pg_ctl start",
        )
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            subprocess.run(
                _as_postgres_user([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
                capture_output=True,
                timeout=60,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    import psycopg

    admin = make_url(postgres_server)
    name = f"dzlearn_test_{uuid.uuid4().hex[:12]}"
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def hub_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The hub database URL for each backend (PostgreSQL starts only when a test asks for it)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.db'}"
    return str(request.getfixturevalue("postgres_url"))
