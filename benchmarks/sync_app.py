"""The app stays responsive while its background worker pulls a big sync.

A real hub (``dzlearn hub serve`` in a subprocess, SQLite, loopback) holds N events (default
100,000) from another PC. The app window is built as app.run_gui builds it (the UI-thread
garbage collector included), enrolled with the hub, with a lesson open; its sync worker then
pulls all N events. Meanwhile a 5 ms QTimer on the UI thread measures the longest gap between
its ticks (the longest time the UI could not react to a key), and a lesson step is saved every
300 ms through the TaskRunner, timing each save (it shares the progress file with the sync).
The same figures are taken for 3 s without sync first, for comparison.
Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/sync_app.py [--events N]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dzlearn.storage import Database, Event, EventLog, LearnerStore, merge_events  # noqa: E402
from dzlearn.sync.client import enrol, sync_once  # noqa: E402

DZLEARN = [sys.executable, "-m", "dzlearn"]
TICK_MS = 5


def start_hub(db_url: str) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [*DZLEARN, "hub", "serve", "--db", db_url, "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if " listening on " not in line:
        proc.kill()
        raise SystemExit(f"the hub did not start: {line!r}")
    return proc, line.split(" listening on ", 1)[1].split()[0]


def enrol_code(db_url: str) -> str:
    done = subprocess.run(
        [*DZLEARN, "hub", "enrol-code", "--db", db_url], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def other_pc(root: Path, url: str, hub_db: str, count: int) -> None:
    """Another PC's ``count`` events, pushed to the hub (setup, not measured)."""
    with Database.open(root / "pc-b" / "dzlearn.sqlite") as db:
        enrol(db, url, enrol_code(hub_db), name="pc-b")
        store = LearnerStore(db, EventLog(db))
        ids = [store.create(f"Learner {n}", "yak").learner_id for n in range(40)]
        made = (
            Event(
                event_id=uuid.uuid4().hex, device_id=db.device_id, device_seq=seq,
                learner_id=ids[seq % 40], type="lesson.step_completed",
                payload={"pack_id": "core", "lesson_id": f"l{seq % 40}", "step_id": f"s{seq % 9}",
                         "kind": "keyboard", "mistakes": seq % 3, "duration_ms": 1000 + seq % 5000},
                schema_version=1, occurred_at="2025-03-01T10:00:00.000000Z",
                recorded_at="2025-03-01T10:00:00.000000Z",
            )
            for seq in range(41, count + 1)
        )  # fmt: skip
        merge_events(db, made, batch=10_000)
        started = time.perf_counter()
        sync_once(db)
        print(f"pc-b pushed {count} events in {time.perf_counter() - started:.1f} s (setup)")


class Probe:
    """UI-thread stalls (gaps between 5 ms ticks) and lesson-step save times."""

    def __init__(self, window, runner, learner_id: str, pack, lesson) -> None:  # noqa: ANN001
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.saves: list[float] = []
        self.collections: list[float] = []  # the UI thread's garbage collections (collector.py)
        self._gc_started = 0.0
        self.saved_ids: list[str] = []
        self._last = time.perf_counter()
        self._tick = QTimer()
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._ticked)
        self._save = QTimer()
        self._save.setInterval(300)
        progress, step = window.services.progress, lesson.steps[0]

        def save() -> None:
            asked = time.perf_counter()
            runner.run(
                lambda: progress.record_step(learner_id, pack, lesson, step, {}, 500),
                lambda event: self._saved(asked, event),
            )

        self._save.timeout.connect(save)

    def _gc(self, phase: str, _info: dict) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.collections.append((time.perf_counter() - self._gc_started) * 1000)

    def start(self) -> None:
        gc.callbacks.append(self._gc)
        self.collections.clear()
        self.gaps.clear()
        self.saves.clear()
        self.saved_ids.clear()
        self._last = time.perf_counter()
        self._tick.start()
        self._save.start()

    def stop(self) -> None:
        gc.callbacks.remove(self._gc)
        self._tick.stop()
        self._save.stop()

    def _ticked(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def _saved(self, asked: float, event: Event) -> None:
        self.saves.append((time.perf_counter() - asked) * 1000)
        self.saved_ids.append(event.event_id)

    def report(self, what: str) -> str:
        gaps = sorted(self.gaps)
        p99 = gaps[int(0.99 * (len(gaps) - 1))]
        saves = self.saves or [float("nan")]
        return (
            f"{what}: longest UI stall {max(gaps) - TICK_MS:.0f} ms (p99 tick gap {p99:.0f} ms,"
            f" {len(gaps)} ticks); lesson-step saves {len(self.saves)}: median"
            f" {statistics.median(saves):.0f} ms, longest {max(saves):.0f} ms; longest garbage"
            f" collection on the UI thread {max(self.collections, default=0):.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from dzlearn.paths import DataLocation, resource_root
    from dzlearn.sync.schedule import SyncPolicy
    from dzlearn.ui.collector import MainThreadCollector
    from dzlearn.ui.fonts import load_fonts
    from dzlearn.ui.main_window import MainWindow
    from dzlearn.ui.startup import Startup
    from dzlearn.ui.tasks import TaskRunner

    with tempfile.TemporaryDirectory(prefix="dzlearn-sync-app-") as tmp:
        root = Path(tmp)
        hub_db = f"sqlite:///{root / 'hub' / 'hub.db'}"
        proc, url = start_hub(hub_db)
        try:
            other_pc(root, url, hub_db, args.events)
            data = root / "pc-a"
            with Database.open(data / "dzlearn.sqlite") as db:
                enrol(db, url, enrol_code(hub_db), name="pc-a")
                learner = LearnerStore(db, EventLog(db)).create("Pema", "tree")

            app = QApplication([])
            load_fonts(resource_root() / "fonts")
            collector = MainThreadCollector(app)
            collector.start()
            runner = TaskRunner(on_unhandled_error=print)
            window = MainWindow(runner, resource_root())
            window.sync_policy = SyncPolicy(start_delay=3600, poll=3600)  # starts when asked
            window.show()
            startup = Startup(runner, DataLocation(data, "--data"), resource_root(), window,
                              interactive=False)  # fmt: skip
            startup.ready.connect(window.services_ready)
            startup.begin()
            wait(app, lambda: window.sync is not None and window.sync.worker is not None)
            pack = next(p for p in window.services.library.packs if p.id == "dz-foundations")
            lesson = pack.lessons()[0]
            window.open_home(window.services.learners.get(learner.learner_id))
            wait(app, lambda: runner.pending == 0)
            window.open_lesson(pack, lesson)
            wait(app, lambda: window.stack.currentWidget() is window.lesson_screen)
            probe = Probe(window, runner, learner.learner_id, pack, lesson)

            probe.start()
            wait(app, lambda: False, 3.0)
            probe.stop()
            print(probe.report("no sync, 3 s"))

            probe.start()
            started = time.perf_counter()
            window.sync.sync_now()
            wait(app, lambda: window.sync.snapshot.last is not None, 600)
            seconds = time.perf_counter() - started
            probe.stop()
            last = window.sync.snapshot.last
            print(f"background sync pulled {last.pulled} events in {seconds:.1f} s, with a lesson"
                  " open")  # fmt: skip
            print(probe.report("during the sync"))
            kept = {e.event_id for e in window.services.events.for_learner(learner.learner_id)}
            lost = [i for i in probe.saved_ids if i not in kept]
            print(f"lesson steps saved during the sync and kept: {len(probe.saved_ids) - len(lost)}"
                  f" of {len(probe.saved_ids)}")  # fmt: skip
            started = time.perf_counter()
            window.close()
            print(f"window closed in {(time.perf_counter() - started) * 1000:.0f} ms")
            runner.shutdown()
            collector.stop()
            window.services.close(backup=False)
        finally:
            proc.kill()
            proc.wait(timeout=30)


def wait(app, done, timeout: float = 60.0) -> None:  # noqa: ANN001
    """Run the real event loop (not processEvents in a busy loop) until ``done()``."""
    from PySide6.QtCore import QEventLoop, QTimer

    deadline = time.monotonic() + timeout
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: loop.quit() if done() or time.monotonic() > deadline else None)
    poll.start()
    loop.exec()
    poll.stop()


if __name__ == "__main__":
    main()
