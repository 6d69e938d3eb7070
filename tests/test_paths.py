from pathlib import Path

from dzlearn.paths import (
    PORTABLE_DATA_DIRNAME,
    PORTABLE_MARKER,
    resolve_data_location,
    resource_root,
)


def test_cli_beats_environment(tmp_path: Path):
    loc = resolve_data_location(str(tmp_path / "cli"), {"DZLEARN_DATA": str(tmp_path / "env")})
    assert loc.root == tmp_path / "cli" and loc.reason == "--data"
    assert loc.database == tmp_path / "cli" / "dzlearn.sqlite"


def test_environment_beats_portable_marker(tmp_path: Path):
    (tmp_path / PORTABLE_MARKER).write_text("")
    loc = resolve_data_location(None, {"DZLEARN_DATA": str(tmp_path / "env")}, start=tmp_path)
    assert loc.root == tmp_path / "env" and loc.reason == "DZLEARN_DATA"


def test_portable_marker_next_to_the_app_keeps_data_beside_it(tmp_path: Path):
    app = tmp_path / "stick" / "dzlearn"
    app.mkdir(parents=True)
    (app / PORTABLE_MARKER).write_text("")
    loc = resolve_data_location(None, {}, start=app)
    assert loc.reason == "portable"
    assert loc.root == app / PORTABLE_DATA_DIRNAME


def test_without_overrides_the_platform_user_folder_is_used(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    loc = resolve_data_location(None, {}, start=tmp_path)
    assert loc.reason == "user"
    assert loc.root == tmp_path / "xdg" / "dzlearn"


def test_resources_are_found_in_the_checkout():
    root = resource_root()
    assert (root / "fonts" / "DDC_Uchen.ttf").is_file()
    assert (root / "fonts" / "DDC_Uchen.LICENSE.txt").is_file()
    assert (root / "lessons").is_dir()


def test_portable_marker_at_the_top_of_the_stick(tmp_path: Path, monkeypatch):
    stick = tmp_path / "stick"
    app = stick / "App" / "dzlearn"
    app.mkdir(parents=True)
    (stick / PORTABLE_MARKER).write_text("")
    monkeypatch.setattr("os.path.ismount", lambda p: Path(p) == stick)
    loc = resolve_data_location(None, {}, start=app)
    assert loc.reason == "portable"
    assert loc.root == stick / PORTABLE_DATA_DIRNAME


def test_portable_marker_beside_the_app_folder(tmp_path: Path):
    """The layout `dzlearn usb prepare` makes, even when it is not at the top of the stick."""
    kit = tmp_path / "kit"
    app = kit / "dzlearn"
    app.mkdir(parents=True)
    (kit / PORTABLE_MARKER).write_text("")
    loc = resolve_data_location(None, {}, start=app)
    assert loc.reason == "portable" and loc.root == kit / PORTABLE_DATA_DIRNAME
