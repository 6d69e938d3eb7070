"""An https:// hub is verified: a centre's own certificate works only when enrolled with it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from device_fixtures import serving

from dzlearn.storage import Database, EventLog
from dzlearn.sync.client import SyncError, enrol, sync_once
from dzlearn.sync.device import DeviceSyncState
from dzlearn.sync.hub.store import HubStore

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl tool")


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _centre_ca(folder: Path, name: str) -> tuple[Path, Path, Path]:
    """A CA of the centre's own, and a certificate it issued for 127.0.0.1."""
    folder.mkdir()
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key",
             "-out", "ca.pem", "-days", "2", "-subj", f"/CN={name}",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=folder)  # fmt: skip
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "hub.key", "-out", "hub.csr",
             "-subj", "/CN=127.0.0.1", cwd=folder)  # fmt: skip
    (folder / "ext.cnf").write_text(
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
    )
    _openssl("x509", "-req", "-in", "hub.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", "hub.pem", "-days", "2", "-extfile", "ext.cnf",
             cwd=folder)  # fmt: skip
    return folder / "ca.pem", folder / "hub.pem", folder / "hub.key"


def test_a_hub_with_the_centres_certificate(tmp_path: Path) -> None:
    ca, cert, key = _centre_ca(tmp_path / "ca", "Centre CA")
    other_ca, _, _ = _centre_ca(tmp_path / "other", "Someone else's CA")
    store = HubStore.open(f"sqlite:///{tmp_path / 'hub' / 'hub.db'}")
    try:
        with serving(store, ssl_certfile=str(cert), ssl_keyfile=str(key)) as port:
            url = f"https://127.0.0.1:{port}"
            with Database.open(tmp_path / "d" / "dzlearn.sqlite") as db:
                for pem in (None, other_ca.read_text()):
                    with pytest.raises(SyncError) as caught:
                        enrol(db, url, store.new_enrol_code(), ca_pem=pem)
                    assert caught.value.kind == "tls"
                    assert "TLS certificate was not accepted" in str(caught.value)
                assert DeviceSyncState(db).enrolment() is None
                enrol(db, url, store.new_enrol_code(), ca_pem=ca.read_text())
                EventLog(db).append("l1", "lesson.completed", {"pack_id": "p", "lesson_id": "l"})
                summary = sync_once(db)  # its own client, verifying against the stored CA
                assert summary.pushed == 1
                assert DeviceSyncState(db).enrolment().ca_pem == ca.read_text()  # type: ignore[union-attr]
    finally:
        store.close()
