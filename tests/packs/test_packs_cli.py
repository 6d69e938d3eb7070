"""``dzlearn pack ...`` as a CSO coordinator and a facilitator would type it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from packforge import BUNDLED

pytestmark = pytest.mark.slow


def dzlearn(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DZLEARN_DATA": str(tmp_path / "data")}
    return subprocess.run(
        [sys.executable, "-m", "dzlearn", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_build_sign_trust_verify_import_list(tmp_path: Path):
    ok(dzlearn(tmp_path, "pack", "keygen", "cso"))
    ok(dzlearn(tmp_path, "pack", "build", str(BUNDLED), "dz.dzpack"))
    unsigned = dzlearn(tmp_path, "pack", "verify", "dz.dzpack")
    assert unsigned.returncode == 2
    assert "dzlearn: pack refused (unsigned):" in unsigned.stderr

    assert "signed" in ok(dzlearn(tmp_path, "pack", "sign", "dz.dzpack", "--key", "cso.key"))
    assert "now trusting" in ok(dzlearn(tmp_path, "pack", "trust", "cso.pub"))
    assert "added" in ok(dzlearn(tmp_path, "pack", "trust", "--list"))
    report = json.loads(ok(dzlearn(tmp_path, "pack", "verify", "dz.dzpack", "--json")))
    assert report["ok"] and report["pack_id"] == "dz-foundations" and report["version"] == 1

    imported = dzlearn(tmp_path, "pack", "import", "dz.dzpack", "--progress")
    assert "installed lessons pack dz-foundations version 1" in ok(imported)
    assert "100%" in imported.stderr
    listed = json.loads(
        ok(dzlearn(tmp_path, "--data", str(tmp_path / "data"), "pack", "list", "--json"))
    )
    assert [(p["pack_id"], p["version"]) for p in listed] == [("dz-foundations", 1)]
    assert Path(listed[0]["path"], "pack.json").is_file()

    again = dzlearn(tmp_path, "pack", "import", "dz.dzpack")
    assert again.returncode == 2
    assert "pack refused (already-installed)" in again.stderr


def test_a_tampered_pack_is_refused_with_one_clear_line(tmp_path: Path):
    ok(dzlearn(tmp_path, "pack", "keygen", "cso"))
    ok(dzlearn(tmp_path, "pack", "build", str(BUNDLED), "dz.dzpack"))
    ok(dzlearn(tmp_path, "pack", "sign", "dz.dzpack", "--key", "cso.key"))
    ok(dzlearn(tmp_path, "pack", "trust", "cso.pub"))
    archive = tmp_path / "dz.dzpack"
    archive.write_bytes(archive.read_bytes()[:-100])

    result = dzlearn(tmp_path, "pack", "import", "dz.dzpack")
    assert result.returncode == 2
    assert result.stderr.startswith("dzlearn: pack refused (not-a-zip): dz.dzpack")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "packs").exists()

    verdict = dzlearn(tmp_path, "pack", "verify", "dz.dzpack", "--json")
    assert verdict.returncode == 2
    assert json.loads(verdict.stdout)["reason_code"] == "not-a-zip"


def test_operating_system_errors_are_messages_too(tmp_path: Path):
    missing = dzlearn(tmp_path, "pack", "import", "missing.dzpack")
    assert missing.returncode == 2
    assert "dzlearn: cannot import: missing.dzpack: No such file or directory" in missing.stderr
    wrong_key = dzlearn(tmp_path, "pack", "sign", "x.dzpack", "--key", "nokey.key")
    assert wrong_key.returncode == 2 and "Traceback" not in wrong_key.stderr
    usage = dzlearn(tmp_path, "pack", "trust")
    assert usage.returncode == 2 and "either" in usage.stderr
