import gc
from pathlib import Path

import pytest

from dzlearn.paths import DataLocation, resource_root
from dzlearn.ui.collector import MainThreadCollector
from dzlearn.ui.fonts import load_fonts
from dzlearn.ui.main_window import MainWindow
from dzlearn.ui.startup import Startup
from dzlearn.ui.tasks import TaskRunner


class Launched:
    """One run of the app's window on a data folder, built like app.run_gui builds it."""

    def __init__(self, qtbot, data: Path, ask=None, retry=None) -> None:
        self.errors: list[BaseException] = []
        self.failures: list[str] = []
        self.runner = TaskRunner(on_unhandled_error=self.errors.append)
        self.window = MainWindow(self.runner, resource_root())
        qtbot.addWidget(self.window)
        self.window.show()
        kwargs = {"ask": ask} if ask else {}
        kwargs |= {"retry": retry} if retry else {}
        kwargs["interactive"] = bool(ask or retry)
        self.startup = Startup(
            self.runner, DataLocation(data, "--data"), resource_root(), self.window, **kwargs
        )
        self.startup.ready.connect(self.window.services_ready)
        self.startup.failed.connect(self.failures.append)
        self.qtbot = qtbot

    def start(self) -> "Launched":
        with self.qtbot.waitSignal(self.startup.ready, timeout=20000):
            self.startup.begin()
        self.idle()
        return self

    def idle(self) -> None:
        self.qtbot.waitUntil(lambda: self.runner.pending == 0, timeout=10000)

    def close(self) -> None:
        self.window.close()
        self.runner.shutdown()
        if self.window.services is not None:
            self.window.services.close(backup=False)


@pytest.fixture(autouse=True)
def _collect_on_the_ui_thread(qapp):
    """As the app does (ui/collector.py): no garbage collection in the storage worker."""
    collector = MainThreadCollector()
    collector.start()
    yield
    collector.stop()
    gc.collect()


@pytest.fixture
def launch(qtbot, tmp_path: Path):
    started: list[Launched] = []
    load_fonts(resource_root() / "fonts")

    def _launch(data: Path | None = None, ask=None, retry=None, start: bool = True) -> Launched:
        app = Launched(qtbot, data or tmp_path / "data", ask, retry)
        started.append(app)
        return app.start() if start else app

    yield _launch
    for app in started:
        app.close()
