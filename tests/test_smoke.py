import os
import re
import subprocess
import sys
from pathlib import Path

DZLEARN = Path(sys.executable).with_name("dzlearn")


def test_smoke_test_starts_the_full_gui_and_exits_cleanly(tmp_path: Path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [str(DZLEARN), "--data", str(tmp_path / "d"), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    line = out.stdout.strip().splitlines()[-1]
    assert line.startswith("smoke test ok"), line
    assert "dzongkha glyphs=True" in line and "shown_ms=" in line and "pack problems=0" in line
    lessons = int(re.search(r"lessons=(\d+)", line).group(1))
    assert lessons >= 30, line  # the bundled curriculum
    assert (tmp_path / "d" / "dzlearn.sqlite").is_file()


def test_python_dash_m_and_version():
    out = subprocess.run(
        [sys.executable, "-m", "dzlearn", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("dzlearn ")


def test_where_reports_the_data_location(tmp_path: Path):
    out = subprocess.run(
        [str(DZLEARN), "--data", str(tmp_path), "where"], capture_output=True, text=True, check=True
    )
    assert out.stdout.split("\t") == [str(tmp_path), "(--data)\n"]


def test_smoke_test_on_a_damaged_database_fails_with_a_message_not_a_traceback(tmp_path: Path):
    data = tmp_path / "d"
    data.mkdir()
    (data / "dzlearn.sqlite").write_bytes(b"this is not a database" * 100)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [str(DZLEARN), "--data", str(data), "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "dzlearn.sqlite" in out.stderr


def test_starting_the_gui_imports_no_subcommand_modules():
    code = (
        "import sys; from dzlearn.cli import build_parser;"
        " build_parser(['--data', 'keys', '--smoke-test']);"
        " heavy = ('dzlearn.commands.', 'nacl', 'httpx', 'fastapi', 'uvicorn');"
        " assert not [m for m in sys.modules if m.startswith(heavy)],"
        " sorted(m for m in sys.modules if m.startswith('dzlearn'))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_help_lists_every_subcommand():
    from dzlearn.cli import COMMAND_MODULES

    out = subprocess.run([str(DZLEARN), "--help"], capture_output=True, text=True, check=True)
    for module in COMMAND_MODULES:
        assert module.rsplit(".", 1)[1] in out.stdout
