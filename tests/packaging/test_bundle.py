"""The PyInstaller one-folder bundle builds, and starts from its own folder with nothing else.

A full build takes a minute or more, so these run only with ``DZLEARN_BUILD_BUNDLE=1``
(``make test-bundle``). ``DZLEARN_BUNDLE_DIR=dist/dzlearn`` tests an existing build instead.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("DZLEARN_BUILD_BUNDLE") != "1",
        reason="builds the PyInstaller bundle (minutes); set DZLEARN_BUILD_BUNDLE=1",
    ),
]


def _build_module():
    spec = importlib.util.spec_from_file_location("dzlearn_build", REPO / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_module()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    existing = os.environ.get("DZLEARN_BUNDLE_DIR")
    if existing:
        return Path(existing).resolve()
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is not installed: pip install -e .[bundle]")
    out = tmp_path_factory.mktemp("bundle")
    folder, seconds = build.build(out / "dist", out / "work")
    size = build.folder_size(folder)
    print(f"\nbundle built in {seconds:.0f} s, {size / 1_000_000:.0f} MB: {folder}")
    return folder


def test_the_bundle_starts_offscreen_from_its_own_folder(bundle: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    started = time.monotonic()
    result = build.run_in_bundle(bundle, "--data", str(data), "--smoke-test")
    print(f"\nsmoke test in {time.monotonic() - started:.1f} s:\n{result.stdout}{result.stderr}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke test ok" in result.stdout
    assert f"data={data} (--data)" in result.stdout
    assert (data / "dzlearn.sqlite").is_file()  # Alembic ran from the bundled migrations
    assert list((data / "backups").glob("dzlearn-*.sqlite"))


def test_the_bundle_carries_its_resources_and_leaves_out_unused_qt(bundle: Path) -> None:
    internal = bundle / "_internal"
    for name in ("fonts/DDC_Uchen.ttf", "keys/trusted", "lessons", "assets"):
        assert (internal / name).exists(), name
    assert (internal / "dzlearn" / "storage" / "migrations" / "versions").is_dir()
    assert list((internal / "facilitator-guide").glob("*.html"))
    names = {path.name for path in internal.rglob("*")}
    for unwanted in ("Qt6WebEngineCore", "Qt6Quick", "Qt6Qml", "Qt63DCore", "Qt6VirtualKeyboard"):
        assert not [name for name in names if unwanted in name], unwanted
    platforms = {p.stem.removeprefix("lib") for p in internal.rglob("platforms/*") if p.is_file()}
    assert {"qoffscreen"} <= platforms <= {"qxcb", "qoffscreen", "qminimal", "qwindows", "qcocoa"}
    assert list(internal.rglob("multimedia/*ffmpeg*"))
    assert list(internal.rglob("imageformats/*qsvg*"))


def test_the_bundled_doctor_and_portable_marker_next_to_the_app(
    bundle: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "app"
    shutil.copytree(bundle, copy, symlinks=True)
    (copy / "dzlearn.portable").write_text("portable\n")
    where = build.run_in_bundle(copy, "where")
    assert where.returncode == 0, where.stderr
    root, reason = where.stdout.strip().split("\t")
    assert (Path(root), reason) == ((copy / "dzlearn-data").resolve(), "(portable)")
    smoke = build.run_in_bundle(copy, "--smoke-test")
    assert smoke.returncode == 0 and "(portable)" in smoke.stdout, smoke.stdout + smoke.stderr
    doctor = build.run_in_bundle(copy, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert f"Progress file: {Path(root) / 'dzlearn.sqlite'}" in doctor.stdout


@pytest.fixture
def stick(tmp_path: Path) -> Iterator[Path]:
    """A real mount point (tmpfs) standing in for a USB stick; needs root."""
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a stand-in stick needs root on Linux")
    mount_point = tmp_path / "stick"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=600m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_prepared_stick_runs_in_portable_mode(bundle: Path, stick: Path) -> None:
    prepare = subprocess.run(
        [sys.executable, "-m", "dzlearn", "usb", "prepare", str(stick), "--bundle", str(bundle)],
        capture_output=True,
        text=True,
        check=False,
        env=build.clean_env(),
    )
    assert prepare.returncode == 0, prepare.stdout + prepare.stderr
    assert "warning" not in prepare.stderr  # the top of a drive: no warning
    app = stick / "dzlearn"
    result = build.run_in_bundle(app, "--smoke-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"data={stick / 'dzlearn-data'} (portable)" in result.stdout
    assert (stick / "dzlearn-data" / "dzlearn.sqlite").is_file()
