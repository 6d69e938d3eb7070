"""Installing over an older version: atomic swap, rollback on failure, the version floor,
progress for large packs, and recovery from an import cut short."""

from __future__ import annotations

import errno
import json
import os
import random
import shutil
import time
from pathlib import Path

import pytest
from nacl.signing import SigningKey
from packforge import lesson_source, snapshot, temp_leftovers

import dzlearn.packs.install as install_module
from dzlearn.lessons.loader import load_pack
from dzlearn.packs import (
    PackRefused,
    TrustStore,
    build_pack,
    import_pack,
    list_installed,
    pack_dir,
    recover_interrupted,
    sign_archive,
)
from dzlearn.packs.errors import MiB


def _lessons(tmp_path: Path, version: int, key: SigningKey) -> Path:
    archive = tmp_path / f"lessons-v{version}.dzpack"
    build_pack(lesson_source(tmp_path / f"src-v{version}", version), archive)
    sign_archive(archive, key)
    return archive


def _refused(archive: Path, data_root: Path, trust: TrustStore, code: str) -> PackRefused:
    with pytest.raises(PackRefused) as caught:
        import_pack(archive, data_root, trust)
    assert caught.value.reason_code == code, caught.value.message
    return caught.value


def test_upgrade_then_downgrade_and_the_version_floor(tmp_path, data_root, key_a, trust):
    v1, v2, v3 = (_lessons(tmp_path, v, key_a) for v in (1, 2, 3))
    import_pack(v1, data_root, trust)
    import_pack(v3, data_root, trust)
    target = pack_dir(data_root, "lessons", "dz-foundations")
    assert load_pack(target).version == 3
    (entry,) = list_installed(data_root)
    assert (entry.version, entry.highest_version) == (3, 3)

    exc = _refused(v2, data_root, trust, "downgrade")
    assert "version 2" in exc.message and "version 3" in exc.message
    exc = _refused(v3, data_root, trust, "already-installed")
    assert "version 3" in exc.message

    # deleting the folder does not reopen the door to an older version...
    shutil.rmtree(target)
    exc = _refused(v1, data_root, trust, "downgrade")
    assert "was installed before" in exc.message
    assert list_installed(data_root) == []
    # ...but the same version may be put back
    assert import_pack(v3, data_root, trust).version == 3


def test_folder_installed_before_the_registry_counts(tmp_path, data_root, key_a, trust):
    target = pack_dir(data_root, "lessons", "dz-foundations")
    lesson_source(target, 2)
    _refused(_lessons(tmp_path, 1, key_a), data_root, trust, "downgrade")
    _refused(_lessons(tmp_path, 2, key_a), data_root, trust, "already-installed")


def test_failed_rename_keeps_the_old_version(tmp_path, data_root, key_a, trust, monkeypatch):
    import_pack(_lessons(tmp_path, 1, key_a), data_root, trust)
    before = snapshot(data_root)
    real_replace = os.replace

    def replace(src, dst):
        if Path(src).name == "content":  # the checked new version moving into place
            raise OSError(errno.EIO, "simulated failure at the rename", str(src))
        return real_replace(src, dst)

    monkeypatch.setattr(install_module.os, "replace", replace)
    with pytest.raises(OSError, match="simulated"):
        import_pack(_lessons(tmp_path, 2, key_a), data_root, trust)
    monkeypatch.undo()

    assert load_pack(pack_dir(data_root, "lessons", "dz-foundations")).version == 1
    assert snapshot(data_root) == before
    assert temp_leftovers(data_root) == []
    assert import_pack(_lessons(tmp_path, 2, key_a), data_root, trust).version == 2


def test_full_disk_while_recording_the_version_rolls_back(
    tmp_path, data_root, key_a, trust, monkeypatch
):
    import_pack(_lessons(tmp_path, 1, key_a), data_root, trust)
    before = snapshot(data_root)

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(install_module, "_save_registry", disk_full)
    with pytest.raises(OSError, match="No space"):
        import_pack(_lessons(tmp_path, 2, key_a), data_root, trust)
    assert snapshot(data_root) == before
    assert temp_leftovers(data_root) == []


def test_progress_for_a_large_pack(tmp_path, data_root, key_a, trust):
    src = tmp_path / "voice"
    src.mkdir()
    (src / "manifest.json").write_text('{"schema_version": 1, "recordings": []}')
    (src / "long.ogg").write_bytes(random.Random(1).randbytes(5 * MiB + 123))
    archive = tmp_path / "voice.dzpack"
    build_pack(src, archive, kind="audio", pack_id="voice", version=1)
    sign_archive(archive, key_a)
    calls: list[tuple[int, int]] = []
    import_pack(archive, data_root, trust, progress=lambda done, total: calls.append((done, total)))
    total = 5 * MiB + 123 + len('{"schema_version": 1, "recordings": []}')
    assert calls[-1] == (total, total)
    assert len(calls) >= 6
    done = [d for d, _ in calls]
    assert done == sorted(done)
    assert max(b - a for a, b in zip([0, *done], done, strict=False)) <= 1.5 * MiB


def test_an_interrupted_swap_is_undone(tmp_path, data_root, key_a, trust):
    import_pack(_lessons(tmp_path, 1, key_a), data_root, trust)
    target = pack_dir(data_root, "lessons", "dz-foundations")
    stranded = target.with_name(".old-dz-foundations-1a2b3c4d")
    target.rename(stranded)  # power cut between the two renames
    notes = recover_interrupted(data_root)
    assert notes and load_pack(target).version == 1 and not stranded.exists()


def test_a_second_import_waits_its_turn(tmp_path, data_root, key_a, trust):
    lock = data_root / "packs" / ".lock"
    lock.parent.mkdir(parents=True)
    lock.write_text("")
    exc = _refused(_lessons(tmp_path, 1, key_a), data_root, trust, "busy")
    assert ".lock" in exc.message
    old = time.time() - 2 * 3600
    os.utime(lock, (old, old))  # left by a crash long ago
    assert import_pack(_lessons(tmp_path, 1, key_a), data_root, trust).version == 1
    assert not lock.exists()


def test_damaged_version_record_is_reported(tmp_path, data_root, key_a, trust):
    import_pack(_lessons(tmp_path, 1, key_a), data_root, trust)
    registry = data_root / "packs" / "installed.json"
    registry.write_text(json.dumps({"schema_version": 1, "packs": "oops"}))
    exc = _refused(_lessons(tmp_path, 2, key_a), data_root, trust, "bad-state")
    assert "installed.json" in exc.message
