"""Hostile packs: one refusal per reason code, each archive forged by hand with zipfile.

Every test goes through ``refuse``, which imports over a good installed version 1 and then checks
the reason code, that the message names the culprit, that the data folder is byte-for-byte as it
was, that no temporary folder is left, and that any file written went into ``packs/.tmp-*``.
"""

from __future__ import annotations

import json
import random
import stat
import unicodedata
import zipfile
from pathlib import Path

import pytest
from packforge import AUDIO_DOC, BUNDLED, Forge, patch_entry

from dzlearn.packs import Limits, TrustStore, import_pack, key_id


def _info(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def test_not_a_zip_random_bytes(refuse, tmp_path: Path):
    junk = tmp_path / "junk.dzpack"
    junk.write_bytes(b"this is not a zip file at all\n" * 100)
    refuse(junk, "not-a-zip", names="junk.dzpack")


def test_truncated_archive_is_not_a_zip(refuse, forge: Forge):
    archive = forge.make([("files/ka.txt", b"ka" * 1000)])
    archive.write_bytes(archive.read_bytes()[:-30])
    refuse(archive, "not-a-zip", names=archive.name)


def test_too_many_files(refuse, forge: Forge):
    archive = forge.make([(f"files/{i}.txt", b"x") for i in range(10)])
    refuse(archive, "too-many-files", names="13 entries", limits=Limits(max_members=8))


def test_too_large_per_file_from_the_signed_manifest(refuse, forge: Forge):
    archive = forge.make([("files/big.bin", b"x" * 5000)])
    refuse(archive, "too-large", names="'files/big.bin'", limits=Limits(max_file_bytes=4096))


def test_too_large_in_total(refuse, forge: Forge):
    archive = forge.make([(f"files/{i}.bin", b"x" * 3000) for i in range(4)])
    exc = refuse(archive, "too-large", limits=Limits(max_total_bytes=10_000))
    assert "unpacks to" in exc.message


def test_too_large_archive_file(refuse, forge: Forge):
    archive = forge.make([("files/noise.bin", random.Random(0).randbytes(20_000))])
    limits = Limits(max_total_bytes=1000, max_manifest_bytes=1000, max_members=10)
    refuse(archive, "too-large", names=archive.name, limits=limits)


@pytest.mark.parametrize(
    "name", ["/etc/evil", "files//etc", "C:\\evil.txt", "C:evil.txt", "c:/evil", "\\\\srv\\x"]
)
def test_absolute_path(refuse, forge: Forge, name: str):
    code = "empty-segment" if name == "files//etc" else "absolute-path"
    refuse(forge.make([(name, b"x")]), code, names=repr(name))


@pytest.mark.parametrize("name", ["../evil", "files/../../evil", "files/a/..", "files/..\\x"])
def test_parent_path(refuse, forge: Forge, name: str):
    refuse(forge.make([(name, b"x")]), "parent-path", names=repr(name))


@pytest.mark.parametrize("name", ["files\\evil.txt", "files/a\\b.txt"])
def test_backslash(refuse, forge: Forge, name: str):
    refuse(forge.make([(name, b"x")]), "backslash", names=repr(name))


def test_nul_in_a_name_is_seen_although_zipfile_would_cut_it(refuse, forge: Forge):
    info = zipfile.ZipInfo("files/ok.txt", date_time=(1980, 1, 1, 0, 0, 0))
    info.filename = "files/ok.txt\x00.exe"  # zipfile's reader shows only "files/ok.txt"
    exc = refuse(forge.make([(info, b"x")]), "control-char")
    assert "'files/ok.txt\\x00.exe'" in exc.message


@pytest.mark.parametrize("name", ["files/a\nb.txt", "files/\x1b[31mred", "files/del\x7f"])
def test_control_characters(refuse, forge: Forge, name: str):
    refuse(forge.make([(name, b"x")]), "control-char", names=repr(name))


@pytest.mark.parametrize("name", ["files/a//b.txt", "files/./b.txt", "files/a/./b"])
def test_empty_or_dot_segment(refuse, forge: Forge, name: str):
    refuse(forge.make([(name, b"x")]), "empty-segment", names=repr(name))


@pytest.mark.parametrize(
    "name",
    [
        "files/CON",
        "files/aux.txt",
        "files/sub/Com1.json",
        "files/lpt9.ogg",
        "files/nul.tar.gz",
        "files/prn /x",
        "files/trailing.",
        "files/trailing ",
        "files/what?.txt",
        "files/stream.txt:hidden",
    ],
)
def test_windows_reserved_names(refuse, forge: Forge, name: str):
    refuse(forge.make([(name, b"x")]), "reserved-name", names=repr(name))


def test_name_too_long(refuse, forge: Forge):
    name = "files/" + "/".join(["abcdefghij"] * 30)
    refuse(forge.make([(name, b"x")]), "name-too-long", names=repr(name))


def test_names_colliding_ignoring_case(refuse, forge: Forge):
    archive = forge.make([("files/Read.txt", b"one"), ("files/read.TXT", b"two")])
    exc = refuse(archive, "case-collision")
    assert "'files/Read.txt'" in exc.message and "'files/read.TXT'" in exc.message


def test_names_colliding_after_unicode_normalisation(refuse, forge: Forge):
    nfc = "files/" + unicodedata.normalize("NFC", "café.txt")
    nfd = "files/" + unicodedata.normalize("NFD", "café.txt")
    assert nfc != nfd
    exc = refuse(forge.make([(nfc, b"one"), (nfd, b"two")]), "case-collision")
    assert repr(nfd) in exc.message


def test_folder_and_file_collide_ignoring_case(refuse, forge: Forge):
    archive = forge.make([("files/Audio/", b""), ("files/audio", b"x")])
    refuse(archive, "case-collision", names="'files/audio'")


def test_the_same_name_twice(refuse, forge: Forge):
    archive = forge.make([("files/ka.txt", b"one"), ("files/ka.txt", b"two")])
    refuse(archive, "duplicate-name", names="'files/ka.txt'")


def test_a_file_used_as_a_folder(refuse, forge: Forge):
    archive = forge.make([("files/a", b"file"), ("files/a/b.txt", b"inside")])
    refuse(archive, "duplicate-name", names="'files/a/b.txt'")


def test_symlink_entry(refuse, forge: Forge):
    link = _info("files/passwd", stat.S_IFLNK | 0o777)
    refuse(forge.make([(link, b"/etc/passwd")]), "symlink", names="'files/passwd'")


@pytest.mark.parametrize(
    "mode", [stat.S_IFCHR | 0o666, stat.S_IFBLK | 0o660, stat.S_IFIFO | 0o644, stat.S_IFSOCK]
)
def test_device_pipe_and_socket_entries(refuse, forge: Forge, mode: int):
    refuse(forge.make([(_info("files/dev", mode), b"")]), "special-file", names="'files/dev'")


def test_folder_entry_carrying_data(refuse, forge: Forge):
    folder = _info("files/sub/", stat.S_IFDIR | 0o755)
    refuse(forge.make([(folder, b"hidden payload")]), "special-file", names="'files/sub/'")


def test_encrypted_entry(refuse, forge: Forge):
    archive = forge.make([("files/secret.txt", b"x")])
    patch_entry(archive, "files/secret.txt", flags=0x1)
    refuse(archive, "unsupported-entry", names="'files/secret.txt'")


def test_unsupported_compression(refuse, forge: Forge):
    info = zipfile.ZipInfo("files/b.txt", date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_BZIP2
    refuse(forge.make([(info, b"x" * 100)]), "unsupported-entry", names="'files/b.txt'")


def test_unsigned(refuse, forge: Forge):
    refuse(forge.make([("files/ka.txt", b"ka")], signed=False), "unsigned", names="manifest.sig")


def test_edited_manifest_breaks_the_signature(refuse, forge: Forge):
    archive = forge.make(
        [("files/ka.txt", b"ka")],
        after_signing=lambda m: m.replace(b'"version": 2', b'"version": 9'),
    )
    refuse(archive, "bad-signature", names="manifest.json")


def test_signature_of_the_wrong_length(refuse, forge: Forge):
    good = forge.make([("files/ka.txt", b"ka")])
    with zipfile.ZipFile(good) as zf:
        members = [(i.filename, zf.read(i)) for i in zf.infolist()]
    members = [(n, d[:40] if n == "manifest.sig" else d) for n, d in members]
    refuse(forge.write(members), "bad-signature", names="manifest.sig is 40 bytes")


def test_signed_by_an_untrusted_key(refuse, forge: Forge, key_c):
    archive = forge.make([("files/ka.txt", b"ka")], key=key_c)
    refuse(archive, "untrusted-key", names=key_id(key_c.verify_key))


def test_no_trusted_keys_at_all(refuse, forge: Forge):
    archive = forge.make([("files/ka.txt", b"ka")])
    refuse(archive, "untrusted-key", names="no signing keys", store=TrustStore(()))


def test_missing_manifest(refuse, forge: Forge):
    refuse(forge.write([("files/ka.txt", b"ka")]), "bad-manifest", names="no manifest.json")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"surprise": True}, "surprise"),
        ({"pack_id": "Not An Id"}, "pack_id"),
        ({"version": 0}, "version"),
        ({"kind": "video"}, "kind"),
        ({"min_app_version": "one"}, "min_app_version"),
    ],
)
def test_signed_but_invalid_manifest(refuse, forge: Forge, change: dict, words: str):
    members = [("files/ka.txt", b"ka")]
    refuse(forge.make(members, **change), "bad-manifest", names=words)


def test_manifest_files_out_of_order(refuse, forge: Forge):
    members = [("files/manifest.json", b'{"schema_version": 1}'), ("files/a.txt", b"a")]
    manifest = forge.manifest(members)
    manifest["files"].reverse()
    refuse(forge.make(members, manifest=manifest), "bad-manifest", names="sorted")


def test_manifest_naming_another_key_than_the_signer(refuse, forge: Forge, key_b):
    members = [("files/ka.txt", b"ka")]
    manifest = forge.manifest(
        [("files/manifest.json", AUDIO_DOC), *members],
        key_id=key_id(key_b.verify_key),
    )
    refuse(forge.make(members, manifest=manifest), "bad-manifest", names="signed by key")


def test_unlisted_file_in_files(refuse, forge: Forge):
    members = [("files/ka.txt", b"ka")]
    manifest = forge.manifest([("files/manifest.json", AUDIO_DOC), *members])
    archive = forge.make([*members, ("files/extra.exe", b"MZ")], manifest=manifest)
    refuse(archive, "unlisted-file", names="'files/extra.exe'")


def test_unlisted_file_at_the_top(refuse, forge: Forge):
    refuse(forge.make([("autorun.inf", b"[autorun]")]), "unlisted-file", names="'autorun.inf'")


def test_missing_file(refuse, forge: Forge):
    listed = [("files/manifest.json", AUDIO_DOC), ("files/ka.txt", b"ka")]
    archive = forge.make([listed[0]], manifest=forge.manifest(listed))
    refuse(archive, "missing-file", names="'files/ka.txt'")


def _manifest_with(forge: Forge, members: list, path: str, **entry_changes: object) -> dict:
    manifest = forge.manifest([("files/manifest.json", AUDIO_DOC), *members])
    for entry in manifest["files"]:
        if entry["path"] == path:
            entry.update(entry_changes)
    return manifest


def test_member_longer_than_listed(refuse, forge: Forge):
    members = [("files/ka.txt", b"ka" * 100)]
    manifest = _manifest_with(forge, members, "ka.txt", size=150)
    refuse(forge.make(members, manifest=manifest), "size-mismatch", names="'files/ka.txt'")


def test_member_shorter_than_listed(refuse, forge: Forge):
    members = [("files/ka.txt", b"ka" * 100)]
    manifest = _manifest_with(forge, members, "ka.txt", size=250)
    refuse(forge.make(members, manifest=manifest), "size-mismatch", names="'files/ka.txt'")


def test_flipped_byte_in_a_stored_file(refuse, forge: Forge):
    info = zipfile.ZipInfo("files/ka.ogg", date_time=(1980, 1, 1, 0, 0, 0))
    payload = b"OggS" + b"recording" * 50
    archive = forge.make([(info, payload)])
    raw = bytearray(archive.read_bytes())
    at = raw.find(payload) + 100
    raw[at] ^= 0x01
    archive.write_bytes(bytes(raw))
    refuse(archive, "hash-mismatch", names="'files/ka.ogg'")


def test_replaced_content_with_a_valid_crc(refuse, forge: Forge):
    members = [("files/ka.txt", b"the real text")]
    manifest = forge.manifest([("files/manifest.json", AUDIO_DOC), *members])
    archive = forge.make([("files/ka.txt", b"the fake text")], manifest=manifest)
    refuse(archive, "hash-mismatch", names="'files/ka.txt'")


def test_damaged_deflate_stream(refuse, forge: Forge):
    payload = bytes(range(256)) * 200
    archive = forge.make([("files/noise.bin", payload)])
    raw = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as zf:
        info = zf.getinfo("files/noise.bin")
    start = info.header_offset + 30 + len(info.filename)
    for i in range(start + 10, start + 60):
        raw[i] ^= 0xFF
    archive.write_bytes(bytes(raw))
    refuse(archive, "hash-mismatch", names="'files/noise.bin'")


def test_app_too_old(refuse, forge: Forge):
    archive = forge.make([("files/ka.txt", b"ka")], min_app_version="99.0.0")
    exc = refuse(archive, "app-too-old", names="99.0.0")
    assert "0.1.0" in exc.message


def test_downgrade(refuse, forge: Forge, data_root: Path, trust: TrustStore):
    import_pack(forge.make([("files/ka.txt", b"v3")], version=3), data_root, trust)
    exc = refuse(forge.make([("files/ka.txt", b"v2")], version=2), "downgrade")
    assert "version 2" in exc.message and "version 3" in exc.message


def test_equal_version_is_already_installed(refuse, forge: Forge):
    exc = refuse(forge.make([("files/ka.txt", b"ka")], version=1), "already-installed")
    assert "version 1" in exc.message


def test_lesson_pack_json_disagreeing_with_the_manifest(refuse, forge: Forge):
    pack = json.loads((BUNDLED / "pack.json").read_text(encoding="utf-8"))
    pack["id"] = "hostile"
    pack["version"] = 7
    doc = json.dumps(pack).encode()
    archive = forge.make([("files/pack.json", doc)], kind="lessons", with_document=False)
    refuse(archive, "bad-pack", names="version 7")


def test_audio_manifest_naming_a_missing_recording(refuse, forge: Forge):
    doc = {
        "schema_version": 1,
        "recordings": [
            {
                "segment": "ka",
                "file": "ka.ogg",
                "text_sha256": "0" * 64,
                "speaker": "Pema",
                "licence": "CC-BY-4.0",
            }
        ],
    }
    archive = forge.make([("files/manifest.json", json.dumps(doc).encode())])
    refuse(archive, "bad-pack", names="'ka.ogg'")


def test_pack_without_its_description(refuse, forge: Forge):
    archive = forge.make([("files/ka.txt", b"ka")], with_document=False)
    refuse(archive, "bad-pack", names="manifest.json")
