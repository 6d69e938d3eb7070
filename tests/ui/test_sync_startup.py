"""Start-up stays light with sync in the app: no httpx, FastAPI, uvicorn or PyNaCl is imported
before the window is shown, and no HTTP code at all on a PC that is not enrolled with a hub.
(PyNaCl itself is loaded behind the window by the lesson packs, which check signatures.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sync_helpers import LiveHub, enrolled_database

HEAVY = ("httpx", "fastapi", "uvicorn", "nacl", "dzlearn.sync.client", "dzlearn.sync.hub")

# What app.run_gui does, up to the window on screen, then storage and the screens behind it.
CHILD = """
import json, os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtWidgets import QApplication
from dzlearn.paths import DataLocation, resource_root
from dzlearn.ui.collector import MainThreadCollector
from dzlearn.ui.fonts import load_fonts
from dzlearn.ui.main_window import MainWindow
from dzlearn.ui.recovery import show_fatal
from dzlearn.ui.startup import Startup
from dzlearn.ui.tasks import TaskRunner

HEAVY = {heavy!r}
loaded = lambda: sorted(m for m in sys.modules if m.startswith(HEAVY))
app = QApplication([])
load_fonts(resource_root() / "fonts")
runner = TaskRunner(on_unhandled_error=print)
window = MainWindow(runner, resource_root())
window.show()
app.processEvents()
print(json.dumps({{"shown": loaded()}}), flush=True)
startup = Startup(runner, DataLocation(Path({data!r}), "--data"), resource_root(), window,
                  interactive=False)
startup.ready.connect(window.services_ready)
startup.begin()
deadline = time.monotonic() + 60
while (window.services is None or runner.pending) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.01)
print(json.dumps({{"ready": loaded(), "sync": window.sync is not None}}), flush=True)
window.close()
runner.shutdown()
window.services.close(backup=False)
"""


def run_child(data: Path) -> dict:
    code = CHILD.format(heavy=HEAVY, data=str(data))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    return json.loads(lines[-2]) | json.loads(lines[-1])


def test_nothing_heavy_before_the_window_is_shown_nor_on_a_pc_without_a_hub(tmp_path: Path):
    seen = run_child(tmp_path / "data")
    assert seen["shown"] == []
    assert seen["sync"] is True  # the indicator is there, the worker is not
    assert [m for m in seen["ready"] if not m.startswith("nacl")] == []


def test_an_enrolled_pc_loads_the_sync_code_only_after_the_window_is_shown(tmp_path: Path):
    hub = LiveHub(tmp_path / "hub").start()
    try:
        with enrolled_database(tmp_path / "data" / "dzlearn.sqlite", hub, "pc"):
            pass
        seen = run_child(tmp_path / "data")
    finally:
        hub.close()
    assert seen["shown"] == []
