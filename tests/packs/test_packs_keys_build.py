"""Signing keys, the trust store, and what ``build_pack`` refuses in a source folder."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from packforge import BUNDLED, lesson_source

from dzlearn.packs import (
    PackRefused,
    TrustStore,
    build_pack,
    generate_keypair,
    key_id,
    local_keys_dir,
    read_public_key,
    read_signing_key,
    shipped_keys_dir,
    trust_key,
    untrust_key,
)
from dzlearn.packs.keys import public_key_text


def _code(call, *args, **kwargs) -> PackRefused:
    with pytest.raises(PackRefused) as caught:
        call(*args, **kwargs)
    return caught.value


def test_keygen_writes_a_labelled_secret_and_a_public_key(tmp_path: Path):
    secret, public, ident = generate_keypair(tmp_path / "cso-2025")
    assert (secret.name, public.name) == ("cso-2025.key", "cso-2025.pub")
    assert secret.read_text().startswith("# SECRET")
    if os.name == "posix":
        assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    signing = read_signing_key(secret)
    assert key_id(signing.verify_key) == key_id(read_public_key(public)) == ident
    assert len(ident) == 16
    exc = _code(generate_keypair, tmp_path / "cso-2025")
    assert exc.reason_code == "bad-key" and "already exists" in exc.message
    assert read_signing_key(secret).encode() == signing.encode()  # untouched


def test_keys_given_the_wrong_way_round(tmp_path: Path):
    secret, public, _ = generate_keypair(tmp_path / "k")
    assert "PRIVATE" in _code(read_public_key, secret).message
    assert "public key" in _code(read_signing_key, public).message
    (tmp_path / "junk.pub").write_text("hello\n")
    assert _code(read_public_key, tmp_path / "junk.pub").reason_code == "bad-key"
    (tmp_path / "short.pub").write_text("dzlearn-ed25519-public AAAA\n")
    assert "not 32" in _code(read_public_key, tmp_path / "short.pub").message


def test_trust_list_and_untrust(tmp_path: Path, data_root: Path, key_a, key_b):
    resources = tmp_path / "res"
    shipped = shipped_keys_dir(resources)
    shipped.mkdir(parents=True)
    (shipped / "release.pub").write_text(public_key_text(key_a.verify_key))
    (shipped / "broken.pub").write_text("not a key")
    (tmp_path / "b.pub").write_text(public_key_text(key_b.verify_key))
    added = trust_key(data_root, tmp_path / "b.pub")
    assert added.path == local_keys_dir(data_root) / f"{added.key_id}.pub"

    store = TrustStore.load(shipped, local_keys_dir(data_root))
    assert [(k.key_id, k.shipped) for k in store.keys] == [
        (key_id(key_a.verify_key), True),
        (key_id(key_b.verify_key), False),
    ]
    assert len(store.problems) == 1 and "broken.pub" in store.problems[0]

    exc = _code(untrust_key, data_root, store, key_id(key_a.verify_key))
    assert "ships with the app" in exc.message
    assert _code(untrust_key, data_root, store, "0" * 16).reason_code == "bad-key"
    untrust_key(data_root, store, added.key_id)
    assert not added.path.exists()
    assert len(TrustStore.load(shipped, local_keys_dir(data_root)).keys) == 1


def test_build_refuses_a_symlink_in_the_source(tmp_path: Path):
    src = lesson_source(tmp_path / "src", 1)
    (src / "secrets").symlink_to("/etc")
    exc = _code(build_pack, src, tmp_path / "out.dzpack")
    assert exc.reason_code == "symlink" and "secrets" in exc.message
    assert not (tmp_path / "out.dzpack").exists()


def test_build_refuses_names_an_import_would_refuse(tmp_path: Path):
    src = lesson_source(tmp_path / "src", 1)
    (src / "aux.json").write_text("{}")
    assert _code(build_pack, src, tmp_path / "o.dzpack").reason_code == "reserved-name"
    (src / "aux.json").unlink()
    (src / "Notes.txt").write_text("a")
    (src / "notes.txt").write_text("b")
    assert _code(build_pack, src, tmp_path / "o.dzpack").reason_code == "case-collision"


def test_build_checks_what_it_is_given(tmp_path: Path):
    out = tmp_path / "o.dzpack"
    inside = _code(build_pack, BUNDLED, BUNDLED / "o.dzpack")
    assert inside.reason_code == "bad-source"
    assert _code(build_pack, tmp_path / "nowhere", out).reason_code == "bad-source"
    exc = _code(build_pack, BUNDLED, out, kind="audio", pack_id="x", version=1)
    assert exc.reason_code == "bad-pack" and "manifest.json" in exc.message
    exc = _code(build_pack, BUNDLED, out, pack_id="other")
    assert exc.reason_code == "bad-source"
    voice = tmp_path / "voice"
    voice.mkdir()
    (voice / "manifest.json").write_text('{"schema_version": 1}')
    assert _code(build_pack, voice, out, kind="audio").reason_code == "bad-source"
    exc = _code(build_pack, voice, out, kind="audio", pack_id="Bad Id", version=1)
    assert exc.reason_code == "bad-source" and "pack_id" in exc.message
    broken = lesson_source(tmp_path / "broken", 1)
    data = json.loads((broken / "pack.json").read_text(encoding="utf-8"))
    data["units"] = []
    (broken / "pack.json").write_text(json.dumps(data))
    exc = _code(build_pack, broken, out)
    assert exc.reason_code == "bad-pack" and "units" in exc.message
    assert not out.exists()
