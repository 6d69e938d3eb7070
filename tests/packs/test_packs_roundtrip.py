"""Lesson and audio packs built, signed, verified and installed the way a CSO and a facilitator
would, including key rotation and byte-for-byte reproducible builds."""

from __future__ import annotations

import filecmp
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from nacl.signing import SigningKey
from packforge import BUNDLED, lesson_source, snapshot

from dzlearn.lessons.audio import AudioLibrary
from dzlearn.lessons.loader import load_pack
from dzlearn.packs import (
    PackRefused,
    TrustStore,
    build_pack,
    generate_keypair,
    import_pack,
    installed_pack_dirs,
    key_id,
    list_installed,
    local_keys_dir,
    read_signing_key,
    shipped_keys_dir,
    sign_archive,
    trust_key,
    verify_pack,
)
from dzlearn.packs.keys import public_key_text


def _store(resources: Path, data_root: Path) -> TrustStore:
    return TrustStore.load(shipped_keys_dir(resources), local_keys_dir(data_root))


def test_bundled_lessons_round_trip(tmp_path: Path, data_root: Path):
    secret, public, ident = generate_keypair(tmp_path / "keys" / "cso")
    archive = tmp_path / "dz-foundations.dzpack"
    build_pack(BUNDLED, archive)
    sign_archive(archive, read_signing_key(secret))
    trust_key(data_root, public)
    store = _store(tmp_path / "resources", data_root)

    verified = verify_pack(archive, store)
    assert (verified.manifest.pack_id, verified.signer.key_id) == ("dz-foundations", ident)

    installed = import_pack(archive, data_root, store)
    assert (installed.kind, installed.pack_id, installed.version) == (
        "lessons",
        "dz-foundations",
        1,
    )
    folders = installed_pack_dirs(data_root, kind="lessons")
    assert folders == [data_root / "packs" / "lessons" / "dz-foundations"]
    pack = load_pack(folders[0])
    assert pack.id == "dz-foundations" and pack.lesson("ka-row") is not None
    assert filecmp.cmp(folders[0] / "pack.json", BUNDLED / "pack.json", shallow=False)
    assert [p.pack_id for p in list_installed(data_root)] == ["dz-foundations"]
    assert installed_pack_dirs(data_root, kind="audio") == []


def test_verify_writes_nothing(tmp_path: Path, data_root: Path, key_a: SigningKey):
    archive = tmp_path / "p.dzpack"
    build_pack(BUNDLED, archive)
    sign_archive(archive, key_a)
    before = snapshot(tmp_path)
    verify_pack(archive, TrustStore.of(key_a.verify_key))
    assert snapshot(tmp_path) == before
    assert not data_root.exists()


def test_building_twice_gives_identical_bytes(tmp_path: Path, key_a: SigningKey):
    first, second, third = (tmp_path / f"{n}.dzpack" for n in ("one", "two", "three"))
    build_pack(BUNDLED, first)
    build_pack(BUNDLED, second)
    assert first.read_bytes() == second.read_bytes()
    copy = tmp_path / "copy"
    shutil.copytree(BUNDLED, copy)  # copy2 keeps modification times
    build_pack(copy, third)
    assert third.read_bytes() == first.read_bytes()
    sign_archive(first, key_a)
    sign_archive(second, key_a)
    assert first.read_bytes() == second.read_bytes()


def test_signing_again_replaces_the_signature(tmp_path: Path, key_a, key_b):
    archive = tmp_path / "p.dzpack"
    build_pack(BUNDLED, archive)
    sign_archive(archive, key_a)
    sign_archive(archive, key_b)
    assert verify_pack(archive, TrustStore.of(key_b.verify_key)).signer.key_id == key_id(
        key_b.verify_key
    )
    with pytest.raises(PackRefused) as caught:
        verify_pack(archive, TrustStore.of(key_a.verify_key))
    assert caught.value.reason_code == "untrusted-key"
    with zipfile.ZipFile(archive) as zf:
        assert [i.filename for i in zf.infolist()] == [
            "manifest.json",
            "manifest.sig",
            "files/pack.json",
        ]


def _signed_lessons(tmp_path: Path, version: int, key: SigningKey) -> Path:
    src = lesson_source(tmp_path / f"src-{version}", version)
    archive = tmp_path / f"v{version}-{key_id(key.verify_key)}.dzpack"
    build_pack(src, archive)
    sign_archive(archive, key)
    return archive


def test_key_rotation(tmp_path: Path, data_root: Path, key_a, key_b, key_c):
    """Old key A ships with the app, new key B too (added here by a facilitator); C is nobody's."""
    resources = tmp_path / "resources"
    shipped = shipped_keys_dir(resources)
    shipped.mkdir(parents=True)
    (shipped / "release-2024.pub").write_text(public_key_text(key_a.verify_key))
    (tmp_path / "b.pub").write_text(public_key_text(key_b.verify_key))
    trust_key(data_root, tmp_path / "b.pub")
    store = _store(resources, data_root)
    assert {k.key_id for k in store.keys} == {key_id(key_a.verify_key), key_id(key_b.verify_key)}

    assert import_pack(_signed_lessons(tmp_path, 1, key_a), data_root, store).version == 1
    assert import_pack(_signed_lessons(tmp_path, 2, key_b), data_root, store).version == 2
    with pytest.raises(PackRefused) as caught:
        import_pack(_signed_lessons(tmp_path, 3, key_c), data_root, store)
    assert caught.value.reason_code == "untrusted-key"
    assert key_id(key_c.verify_key) in caught.value.message

    # the next release ships only B: packs signed by the retired key A stop installing
    (shipped / "release-2024.pub").unlink()
    store = _store(resources, data_root)
    with pytest.raises(PackRefused) as caught:
        import_pack(_signed_lessons(tmp_path, 4, key_a), data_root, store)
    assert caught.value.reason_code == "untrusted-key"
    assert import_pack(_signed_lessons(tmp_path, 5, key_b), data_root, store).version == 5
    assert load_pack(installed_pack_dirs(data_root)[0]).version == 5


def test_audio_pack_round_trip(tmp_path: Path, data_root: Path, key_a: SigningKey):
    src = tmp_path / "audio-src"
    (src / "ka-row").mkdir(parents=True)
    recording = b"OggS" + bytes(range(256)) * 40
    (src / "ka-row" / "ka.ogg").write_bytes(recording)
    manifest = {
        "schema_version": 1,
        "recordings": [
            {
                "segment": "dz-foundations.ka-row.ka",
                "file": "ka-row/ka.ogg",
                "text_sha256": "0" * 64,
                "speaker": "Pema",
                "licence": "CC-BY-4.0",
            }
        ],
    }
    (src / "manifest.json").write_text(json.dumps(manifest))
    (src / ".DS_Store").write_bytes(b"junk")  # hidden files are left out
    archive = tmp_path / "audio.dzpack"
    built = build_pack(src, archive, kind="audio", pack_id="dz-voice", version=1)
    assert [f.path for f in built.files] == ["ka-row/ka.ogg", "manifest.json"]
    sign_archive(archive, key_a)
    with zipfile.ZipFile(archive) as zf:
        assert zf.getinfo("files/ka-row/ka.ogg").compress_type == zipfile.ZIP_STORED

    installed = import_pack(archive, data_root, TrustStore.of(key_a.verify_key))
    assert (installed.kind, installed.pack_id) == ("audio", "dz-voice")
    (folder,) = installed_pack_dirs(data_root, kind="audio")
    assert (folder / "ka-row" / "ka.ogg").read_bytes() == recording
    assert AudioLibrary.load(folder).problems == []


def _signed_bundled(tmp_path: Path, key: SigningKey) -> Path:
    archive = tmp_path / "dz.dzpack"
    build_pack(BUNDLED, archive)
    sign_archive(archive, key)
    return archive


def _refusal(archive: Path, key: SigningKey) -> str:
    with pytest.raises(PackRefused) as caught:
        verify_pack(archive, TrustStore.of(key.verify_key))
    return caught.value.reason_code


def test_tampering_with_a_signed_pack(tmp_path: Path, key_a: SigningKey):
    archive = _signed_bundled(tmp_path, key_a)
    pristine = archive.read_bytes()
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("files/pack.json")
        members = [(i, zf.read(i)) for i in zf.infolist()]
    data_start = info.header_offset + 30 + len(info.filename)

    flipped = bytearray(pristine)
    flipped[data_start + info.compress_size // 2] ^= 0x04
    archive.write_bytes(bytes(flipped))
    assert _refusal(archive, key_a) == "hash-mismatch"

    with zipfile.ZipFile(archive, "w") as zf:
        for member, data in members:
            if member.filename == "manifest.json":
                data = data.replace(b'"version": 1', b'"version": 2')
            zf.writestr(member, data)
    assert _refusal(archive, key_a) == "bad-signature"

    archive.write_bytes(pristine[: len(pristine) // 2])
    assert _refusal(archive, key_a) == "not-a-zip"
