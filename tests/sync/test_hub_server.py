"""A real ``dzlearn hub serve`` process: health, the CLI, a hub killed mid-batch, a lost reply."""

from __future__ import annotations

import random
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from hub_helpers import enrol_request, make_events, push_body
from sqlalchemy import func, select

from dzlearn.sync.hub import HubStore
from dzlearn.sync.hub.tables import hub_events

pytestmark = pytest.mark.slow

BATCH = 2000


def dzlearn(*args: str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dzlearn", "--data", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@contextmanager
def served(
    db_url: str, data: Path, *extra: str, verify: ssl.SSLContext | bool = True
) -> Iterator[tuple[subprocess.Popen, str]]:
    """A hub server subprocess and its base URL (read from the line it prints)."""
    data.mkdir(parents=True, exist_ok=True)
    log = (data / "hub-serve.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, "-m", "dzlearn", "--data", str(data), "hub", "serve"]
        + ["--db", db_url, "--port", "0", *extra],
        stdout=subprocess.PIPE,
        stderr=log,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode()
        assert "listening on http" in line, (line, (data / "hub-serve.log").read_text())
        url = line.split("listening on ")[1].split()[0]
        for _ in range(200):  # the line is printed just before uvicorn starts answering
            try:
                if httpx.get(f"{url}/health", timeout=2, verify=verify).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        log.close()


def enrol_over_http(url: str, code: str, device_id: str) -> dict[str, str]:
    reply = httpx.post(f"{url}/v1/enrol", json=enrol_request(code, device_id).model_dump())
    assert reply.status_code == 200, reply.text
    return {"Authorization": f"Bearer {reply.json()['token']}"}


def test_serve_and_the_management_commands(tmp_path: Path):
    data = tmp_path / "data"
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    with served(db, data) as (process, url):
        health = httpx.get(f"{url}/health").json()
        assert health["status"] == "ok" and len(health["hub_id"]) == 32
        assert "/v1/push" in httpx.get(f"{url}/openapi.json").json()["paths"]
        code = dzlearn("hub", "enrol-code", "--db", db, data=data)
        assert code.returncode == 0, code.stderr
        auth = enrol_over_http(url, code.stdout.strip(), "pc-a")
        [event] = make_events("pc-a", 1, 1)
        httpx.post(f"{url}/v1/push", content=push_body([event]), headers=auth)
        altered = make_events("pc-a", 1, 1, tag="-x")
        reply = httpx.post(f"{url}/v1/push", content=push_body(altered), headers=auth).json()
        assert len(reply["conflicts"]) == 1
        listed = dzlearn("hub", "devices", "--db", db, data=data)
        assert "pc-a" in listed.stdout and "active" in listed.stdout and "acked 1" in listed.stdout
        conflicts = dzlearn("hub", "conflicts", "--db", db, data=data)
        assert altered[0].event_id in conflicts.stdout and "already holds" in conflicts.stdout
        revoked = dzlearn("hub", "revoke", "pc-a", "--db", db, data=data)
        assert revoked.returncode == 0
        assert httpx.get(f"{url}/v1/state", headers=auth).status_code == 401
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def test_serve_with_a_certificate_speaks_tls_only(tmp_path: Path):
    if shutil.which("openssl") is None:
        pytest.fail("the openssl tool is needed: run ./test.sh", pytrace=False)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-keyout", "hub.key", "-out", "hub.pem", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    cert, key = tmp_path / "hub.pem", tmp_path / "hub.key"
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    args = ("--cert", str(cert), "--key", str(key))
    trusted = ssl.create_default_context(cafile=str(cert))
    with served(db, tmp_path / "data", *args, verify=trusted) as (_process, url):
        assert url.startswith("https://127.0.0.1:")
        assert httpx.get(f"{url}/health", verify=trusted).json()["status"] == "ok"
        with pytest.raises(httpx.ConnectError):  # not trusted without the centre's certificate
            httpx.get(f"{url}/health")
        with pytest.raises(httpx.TransportError):  # and no plain HTTP on the same port
            httpx.get(url.replace("https://", "http://") + "/health")


def test_default_database_lives_in_the_data_folder(tmp_path: Path):
    data = tmp_path / "data"
    assert dzlearn("hub", "enrol-code", data=data).returncode == 0
    assert (data / "hub.db").is_file()


def test_bad_input_is_one_line_and_status_2(tmp_path: Path):
    data = tmp_path / "data"
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        busy = dzlearn("hub", "serve", "--port", port, data=data)
    cases = [
        (busy, "Address already in use"),
        (dzlearn("hub", "devices", "--db", "nonsense", data=data), "not a database URL"),
        (
            dzlearn("hub", "devices", "--db", "postgresql://x@127.0.0.1:1/db", data=data),
            "cannot open the hub database",
        ),
        (dzlearn("hub", "revoke", "nobody", data=data), "no device 'nobody'"),
        (dzlearn("hub", "serve", "--cert", str(tmp_path / "c.pem"), data=data), "go together"),
    ]
    for result, words in cases:
        assert result.returncode == 2, result
        assert words in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def _count_and_check(db_url: str, total: int) -> None:
    store = HubStore.open(db_url)
    try:
        with store.engine.connect() as connection:
            rows = connection.execute(
                select(
                    func.count(),
                    func.count(func.distinct(hub_events.c.event_id)),
                    func.count(func.distinct(hub_events.c.device_seq)),
                    func.min(hub_events.c.device_seq),
                    func.max(hub_events.c.device_seq),
                ).where(hub_events.c.device_id == "pc-a")
            ).one()
        assert tuple(rows) == (total, total, total, 1, total)
        assert store.state("pc-a").acked_seq == total
    finally:
        store.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_hub_killed_mid_batch_loses_and_doubles_nothing(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
):
    data = tmp_path / "data"
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    if backend == "postgresql":
        db = request.getfixturevalue("postgres_url")
    batches = [make_events("pc-a", n * BATCH + 1, BATCH) for n in range(24)]
    bodies = [push_body(batch) for batch in batches]
    total = len(batches) * BATCH
    code = dzlearn("hub", "enrol-code", "--db", db, data=data).stdout.strip()
    with served(db, data) as (process, url):
        auth = enrol_over_http(url, code, "pc-a")
        answered: list[int] = []

        def push_all() -> None:
            with httpx.Client(base_url=url, headers=auth, timeout=60) as client:
                for body in bodies:
                    try:
                        reply = client.post("/v1/push", content=body)
                    except httpx.TransportError:
                        return  # the hub died under us
                    answered.append(reply.json()["acked_seq"])

        pusher = threading.Thread(target=push_all)
        pusher.start()
        while len(answered) < 3 and pusher.is_alive():
            time.sleep(0.005)
        time.sleep(random.uniform(0, 0.05))  # somewhere inside a later batch
        process.send_signal(signal.SIGKILL)
        pusher.join(timeout=60)
    assert 3 <= len(answered) < len(batches), "the kill should land mid-backlog"
    if backend == "sqlite":
        path = tmp_path / "hub.db"
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with served(db, data) as (_process, url):
        with httpx.Client(base_url=url, headers=auth, timeout=60) as client:
            acked = client.get("/v1/state").json()["acked_seq"]
            assert acked % BATCH == 0 and acked >= answered[-1]  # whole batches only
            resume = acked // BATCH
            # re-send the batch before the resume point too: a retry must be harmless
            for number in range(max(0, resume - 1), len(batches)):
                reply = client.post("/v1/push", content=bodies[number]).json()
                assert reply["conflicts"] == []
            assert client.get("/v1/state").json()["acked_seq"] == total
    _count_and_check(db, total)


class DropReplyAfterCommit(httpx.BaseTransport):
    """Forwards the request to the hub, lets it finish, then loses the reply."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        response.close()
        raise httpx.ReadError("connection lost before the reply arrived", request=request)


def test_a_reply_lost_after_commit_makes_the_retry_a_no_op(tmp_path: Path):
    data = tmp_path / "data"
    db = f"sqlite:///{tmp_path / 'hub.db'}"
    code = dzlearn("hub", "enrol-code", "--db", db, data=data).stdout.strip()
    events = make_events("pc-a", 1, 500)
    with served(db, data) as (_process, url):
        auth = enrol_over_http(url, code, "pc-a")
        with httpx.Client(base_url=url, headers=auth, transport=DropReplyAfterCommit()) as lossy:
            with pytest.raises(httpx.ReadError):
                lossy.post("/v1/push", content=push_body(events))
        with httpx.Client(base_url=url, headers=auth) as client:
            assert client.get("/v1/state").json()["acked_seq"] == 500
            again = client.post("/v1/push", content=push_body(events)).json()
            assert again == {"stored": 0, "duplicates": 500, "conflicts": [], "acked_seq": 500}
    _count_and_check(db, 500)
