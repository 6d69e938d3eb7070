"""Composition root: resolve paths, show the window, then open storage and content behind it.

The only module outside ``ui/`` allowed to import PySide6. Heavy libraries (SQLAlchemy, pydantic)
are imported by the start-up worker, after the window is already on screen.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

from dzlearn.paths import resolve_data_location, resource_root

if TYPE_CHECKING:
    from dzlearn.services import Services
    from dzlearn.ui.main_window import MainWindow


def _ensure_display_for_smoke_test() -> None:
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform != "linux":
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def run_gui(data: str | None, smoke_test: bool, started: float) -> int:
    if smoke_test:
        _ensure_display_for_smoke_test()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from dzlearn.ui.collector import MainThreadCollector
    from dzlearn.ui.fonts import FontError, load_fonts
    from dzlearn.ui.main_window import MainWindow
    from dzlearn.ui.recovery import show_fatal
    from dzlearn.ui.startup import Startup
    from dzlearn.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("dzlearn")
    resources = resource_root()
    location = resolve_data_location(data, os.environ)
    try:
        family = load_fonts(resources / "fonts")
    except FontError as exc:
        print(f"dzlearn: {exc}", file=sys.stderr)
        if not smoke_test:
            show_fatal(str(exc))
        return 1
    collector = MainThreadCollector(app)
    collector.start()
    runner = TaskRunner(on_unhandled_error=lambda e: print(f"dzlearn: {e}", file=sys.stderr))
    window = MainWindow(runner, resources)
    window.show()
    startup = Startup(runner, location, resources, window, interactive=not smoke_test)
    startup.ready.connect(window.services_ready)

    def on_failed(message: str) -> None:
        print(f"dzlearn: {message}", file=sys.stderr)
        app.exit(1)

    startup.failed.connect(on_failed)
    shown_ms: list[float] = []

    def on_first_paint() -> None:
        shown_ms.append(_elapsed_ms(started))
        if smoke_test:
            print(f"window shown startup_ms={shown_ms[0]:.0f}", flush=True)
        startup.begin()

    if smoke_test:
        startup.ready.connect(
            lambda services: _smoke_report(window, services, family, shown_ms[0], started)
        )
    QTimer.singleShot(0, on_first_paint)
    code = app.exec()
    if window.sync is not None:  # also when the app quit without closing the window
        window.sync.shutdown()
    runner.shutdown()
    collector.stop()
    if window.services is not None:
        _close_storage(window.services)
    return code


def _elapsed_ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _close_storage(services: Services) -> None:
    skipped = services.close()
    if skipped:
        print(f"dzlearn: backup skipped: {skipped}", file=sys.stderr)


def _smoke_report(
    window: MainWindow, services: Services, family: str, shown_ms: float, started: float
) -> None:
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from dzlearn.ui.fonts import dzongkha_font

    QApplication.processEvents()
    ready_ms = _elapsed_ms(started)
    glyphs = all(QFontMetrics(dzongkha_font(24)).inFontUcs4(ord(c)) for c in "ཀཁགངྐྱུ")
    lessons = sum(len(p.lessons()) for p in services.library.packs)
    ok = window.isVisible() and glyphs and lessons > 0 and not services.library.problems
    print(
        f"smoke test {'ok' if ok else 'FAILED'}: window shown={window.isVisible()}"
        f" font={family!r} dzongkha glyphs={glyphs} packs={len(services.library.packs)}"
        f" lessons={lessons} pack problems={len(services.library.problems)}"
        f" data={services.location.root} ({services.location.reason})"
        f" shown_ms={shown_ms:.0f} ready_ms={ready_ms:.0f}",
        flush=True,
    )
    QApplication.exit(0 if ok else 1)
