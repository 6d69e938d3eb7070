"""``dzlearn usb prepare``: a stick laid out for portable mode, checked before writing anything."""

from __future__ import annotations

import os
import shutil
from collections import namedtuple
from pathlib import Path

import pytest

from dzlearn.cli import main
from dzlearn.commands import usb
from dzlearn.packs import build_pack, generate_keypair, read_signing_key, sign_archive, trust_key
from dzlearn.paths import PORTABLE_MARKER, resolve_data_location

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A stand-in for the PyInstaller folder: an executable and its _internal/ folder."""
    folder = tmp_path / "dist" / "dzlearn"
    (folder / "_internal" / "fonts").mkdir(parents=True)
    (folder / "dzlearn").write_text("#!/bin/sh\necho dzlearn\n")
    (folder / "dzlearn").chmod(0o755)
    (folder / "_internal" / "fonts" / "font.ttf").write_bytes(b"f" * 3000)
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "pc-data"


def _signed_pack(tmp_path: Path, data_root: Path | None, name: str) -> Path:
    """The bundled lesson pack, signed by a new key; trusted in ``data_root`` if given."""
    secret, public, _ = generate_keypair(tmp_path / f"key-{name}")
    archive = tmp_path / f"{name}.dzpack"
    build_pack(REPO / "lessons" / "dz-foundations", archive)
    sign_archive(archive, read_signing_key(secret))
    if data_root is not None:
        trust_key(data_root, public)
    return archive


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    folder = tmp_path / "stick"
    folder.mkdir()
    (folder / "holiday-photos").mkdir()  # someone else's files stay as they are
    (folder / "holiday-photos" / "a.jpg").write_bytes(b"jpg")
    return folder


def prepare(data: Path, *args: str | Path) -> int:
    return main(["--data", str(data), "usb", "prepare", *map(str, args)])


def test_a_stick_gets_app_marker_data_folder_packs_and_guide(
    stick: Path, bundle: Path, data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = _signed_pack(tmp_path, data, "dz-foundations-1")
    assert prepare(data, stick, "--bundle", bundle, "--packs", pack) == 0
    out = capsys.readouterr().out
    assert "Space: needs" in out and "free." in out
    assert "pack dz-foundations-1.dzpack: lessons dz-foundations" in out

    assert (stick / "dzlearn" / "dzlearn").read_text() == "#!/bin/sh\necho dzlearn\n"
    assert os.access(stick / "dzlearn" / "dzlearn", os.X_OK)
    assert (stick / "dzlearn" / "_internal" / "fonts" / "font.ttf").stat().st_size == 3000
    assert (stick / PORTABLE_MARKER).is_file()
    assert (stick / "dzlearn-data").is_dir() and not any((stick / "dzlearn-data").iterdir())
    assert (stick / "packs" / "dz-foundations-1.dzpack").read_bytes() == pack.read_bytes()
    guide = stick / "Facilitator guide"
    assert (guide / "facilitator-guide.html").is_file()
    assert list((guide / "images").glob("*.png"))
    assert (stick / "holiday-photos" / "a.jpg").read_bytes() == b"jpg"
    assert not [p for p in stick.rglob("*") if "partial" in p.name or "-old-" in p.name]


def test_portable_mode_resolves_to_the_stick_data_folder_when_at_the_top(
    stick: Path, bundle: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert prepare(data, stick, "--bundle", bundle) == 0
    monkeypatch.setattr("dzlearn.paths._mount_root", lambda path: stick)
    location = resolve_data_location(None, {}, start=stick / "dzlearn")
    assert (location.root, location.reason) == (stick / "dzlearn-data", "portable")


def test_preparing_again_updates_the_app_and_never_touches_learner_data(
    stick: Path, bundle: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert prepare(data, stick, "--bundle", bundle) == 0
    progress = stick / "dzlearn-data" / "dzlearn.sqlite"
    progress.write_bytes(b"learners' work")
    (bundle / "dzlearn").write_text("#!/bin/sh\necho new version\n")
    (stick / "dzlearn" / "stale-file-from-old-version").write_text("x")
    assert prepare(data, stick, "--bundle", bundle) == 0
    assert (stick / "dzlearn" / "dzlearn").read_text().endswith("new version\n")
    assert not (stick / "dzlearn" / "stale-file-from-old-version").exists()
    assert progress.read_bytes() == b"learners' work"


def test_an_unverifiable_pack_is_refused_and_nothing_is_written(
    stick: Path, bundle: Path, data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _signed_pack(tmp_path, data, "good")
    untrusted = _signed_pack(tmp_path, None, "untrusted")
    packs_folder = tmp_path / "packs-to-copy"
    packs_folder.mkdir()
    shutil.copy(good, packs_folder)
    shutil.copy(untrusted, packs_folder)
    before = sorted(p.relative_to(stick) for p in stick.rglob("*"))
    assert prepare(data, stick, "--bundle", bundle, "--packs", packs_folder) == 2
    err = capsys.readouterr().err
    assert "usb prepare refused" in err and "untrusted.dzpack cannot be verified" in err
    assert sorted(p.relative_to(stick) for p in stick.rglob("*")) == before


def test_a_missing_bundle_is_refused_with_how_to_make_one(
    stick: Path, data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert prepare(data, stick, "--bundle", tmp_path / "nowhere") == 2
    err = capsys.readouterr().err
    assert "There is no dzlearn app bundle at" in err and "make bundle" in err
    assert not (stick / "dzlearn").exists()


def test_a_different_layout_is_refused_unless_forced_and_then_only_moved_aside(
    stick: Path, bundle: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (stick / "dzlearn").mkdir()
    (stick / "dzlearn" / "notes.txt").write_text("someone's own dzlearn folder")
    (stick / "packs").write_text("a file called packs")
    assert prepare(data, stick, "--bundle", bundle) == 2
    err = capsys.readouterr().err
    assert "already holds something else" in err and "--force" in err
    assert not (stick / PORTABLE_MARKER).exists()

    assert prepare(data, stick, "--bundle", bundle, "--force") == 0
    (old_app,) = stick.glob("dzlearn.old-*")
    (old_packs,) = stick.glob("packs.old-*")
    assert (old_app / "notes.txt").read_text() == "someone's own dzlearn folder"
    assert old_packs.read_text() == "a file called packs"
    assert (stick / "dzlearn" / "dzlearn").is_file() and (stick / "packs").is_dir()


def test_not_enough_space_is_refused_before_copying(
    stick: Path,
    bundle: Path,
    data: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(usb.shutil, "disk_usage", lambda path: usage(10**9, 10**9, 5_000_000))
    assert prepare(data, stick, "--bundle", bundle) == 2
    captured = capsys.readouterr()
    assert "Space: needs 2" in captured.out and "5.0 MB free" in captured.out
    assert "not enough free space" in captured.err and "Nothing was copied" in captured.err
    assert sorted(p.name for p in stick.iterdir()) == ["holiday-photos"]


def test_a_target_that_is_not_a_folder_is_refused(
    tmp_path: Path, bundle: Path, data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert prepare(data, tmp_path / "E:", "--bundle", bundle) == 2
    assert "Plug in the stick" in capsys.readouterr().err
