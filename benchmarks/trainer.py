"""Input trainer responsiveness: keystroke → screen, and the longest UI-thread stall in a drill.

1. Pad: the real phonetic pad (PadView, the bundled lexicon) in a 1180×860 window, offscreen.
   Every input of tests/ime/eval_pairs.tsv is typed one key event at a time; each is timed from
   sending the event until the composition and the candidate bar are laid out and repainted
   (posted events processed, then a synchronous ``repaint()``). Then the first candidate is
   picked with Space, which also fills the explanation panel. Target: p99 ≤ 16 ms (one frame).
2. Drill: the whole app (storage on a temporary folder, the task runner, TrainerScreen) with
   drills typed by key events from a timer every KEY_MS ms, each finished drill saved through
   the runner. A 2 ms heartbeat timer measures the longest gap the UI thread left it. Target:
   no stall over 50 ms. Drill keystrokes are also timed event → repaint.

It also counts the references to None each keystroke loses: PySide6 6.12.0 on CPython 3.11
drops one on every call of a Qt method that returns nothing, and the process aborts
("deallocating None") when the count reaches zero. To let the measurement run, None is given a
huge count first, as Python 3.12 does for every program (PEP 683).

Usage: .venv/bin/python benchmarks/trainer.py [--drills N] [--key-ms MS]
"""

from __future__ import annotations

import argparse
import ctypes
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QElapsedTimer, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

from dzlearn.ime.engine import InputMethod  # noqa: E402
from dzlearn.ime.evaluation import read_pairs  # noqa: E402
from dzlearn.ime.lexicon import load_lexicon  # noqa: E402
from dzlearn.paths import DataLocation, resource_root  # noqa: E402
from dzlearn.script.keyboard import keystrokes_for  # noqa: E402
from dzlearn.ui.fonts import load_fonts  # noqa: E402
from dzlearn.ui.style import STYLESHEET  # noqa: E402
from dzlearn.ui.trainer.keys import qt_key_for  # noqa: E402
from dzlearn.ui.trainer.pad import PadView  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO / "tests" / "ime" / "eval_pairs.tsv"
SEED = REPO / "tests" / "ime" / "eval_pairs_seed.tsv"


def immortal_none() -> int:
    """Give None a reference count nothing can exhaust (see the docstring); returns the count
    it had."""
    before = sys.getrefcount(None)
    if sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    return before


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(name: str, ms: list[float]) -> str:
    return (
        f"{name} ({len(ms)} events): p50 {percentile(ms, 0.5):.2f} ms,"
        f" p99 {percentile(ms, 0.99):.2f} ms, max {max(ms):.2f} ms"
    )


NONE_LOST: dict[str, list[int]] = {}
FULL: dict[str, list[float]] = {}  # the same events with the whole view repainted
AFTER: dict[str, list[float]] = {}  # work the event left for just after the paint
LEARNING: list[float] = []  # re-ranking for one pick, done when the learner pauses


def timed(app: QApplication, widget, send, kind: str, full: bool = True) -> float:  # noqa: ANN001
    """Milliseconds from sending the event until what it changed is laid out and painted
    (posted events — layout requests, the paint request — delivered; timers not yet run).
    ``full``: then also time a repaint of the whole view and the work deferred past the paint
    (off during the drill run, where the event loop itself must stay free)."""
    refs = sys.getrefcount(None)
    started = time.perf_counter()
    send()
    QCoreApplication.sendPostedEvents()
    shown = time.perf_counter()
    NONE_LOST.setdefault(kind, []).append(refs - sys.getrefcount(None))
    if not full:
        return (shown - started) * 1000
    widget.repaint()  # pessimistic: everything in the view painted again
    painted = time.perf_counter()
    app.processEvents()  # what was deferred until after the paint (e.g. re-ranking)
    after = time.perf_counter()
    FULL.setdefault(kind, []).append((painted - started) * 1000)
    AFTER.setdefault(kind, []).append((after - painted) * 1000)
    return (shown - started) * 1000


def bench_pad(app: QApplication, inputs: list[str]) -> tuple[list[float], list[float]]:
    window = QMainWindow()
    window.setStyleSheet(STYLESHEET)
    window.resize(1180, 860)
    pad = PadView()
    window.setCentralWidget(pad)
    window.show()
    pad.set_input_method(InputMethod(load_lexicon()))
    edit = pad.box.edit
    edit.setFocus()
    for word in ("kuzuzangpo", "tashi delek"):  # warm up caches and glyphs, untimed
        QTest.keyClicks(edit, word)
        QTest.keyClick(edit, Qt.Key.Key_Escape)
    app.processEvents()
    keys, picks = [], []
    for typed in inputs:
        for word in typed.split():  # a space picks the first candidate, as Space does
            for ch in word:
                if ch.isascii() and ch.isalpha():
                    keys.append(timed(app, pad, lambda c=ch: QTest.keyClick(edit, c), "pad key"))
            if pad.box.shown:
                pick = lambda: QTest.keyClick(edit, Qt.Key.Key_Space)  # noqa: E731
                picks.append(timed(app, pad, pick, "pad pick"))
            else:
                QTest.keyClick(edit, Qt.Key.Key_Escape)
        if len(pad.dzongkha) > 200:
            pad.clear_text()
    while pad.box.learning.pending:  # what the pad leaves for the learner's next pause
        started = time.perf_counter()
        pad.box.learning.learn_next()
        LEARNING.append((time.perf_counter() - started) * 1000)
    window.close()
    return keys, picks


def bench_drill(app: QApplication, drills: int, key_ms: int) -> dict[str, object]:
    from dzlearn.ui.audio import PromptPlayer
    from dzlearn.ui.main_window import MainWindow
    from dzlearn.ui.startup import Startup
    from dzlearn.ui.tasks import TaskRunner
    from dzlearn.ui.trainer import TrainerScreen

    errors: list[BaseException] = []
    runner = TaskRunner(on_unhandled_error=errors.append)
    window = MainWindow(runner, resource_root())
    window.show()
    data = Path(tempfile.mkdtemp(prefix="dzlearn-bench-")) / "data"
    startup = Startup(runner, DataLocation(data, "--data"), resource_root(), window)
    startup.ready.connect(window.services_ready)
    startup.failed.connect(lambda message: errors.append(RuntimeError(message)))
    startup.begin()
    wait(app, lambda: window.services is not None or errors, 30)
    services = window.services
    learner = services.learners.create("Bench", "sun")
    screen = TrainerScreen(services, runner, window.pictures, PromptPlayer())
    window.stack.addWidget(screen)
    window.stack.setCurrentWidget(screen)
    screen.start(learner, "course")
    wait(app, lambda: screen.ready or errors, 30)
    drill = screen.drill

    heartbeat = QElapsedTimer()
    heartbeat.start()
    gaps: list[float] = []
    last = [heartbeat.nsecsElapsed()]

    def beat() -> None:
        now = heartbeat.nsecsElapsed()
        gaps.append((now - last[0]) / 1e6)
        last[0] = now

    pulse = QTimer()
    pulse.setTimerType(Qt.TimerType.PreciseTimer)
    pulse.setInterval(2)
    pulse.timeout.connect(beat)

    keystrokes: list[float] = []
    finished = [0]
    state = {"pos": 0}

    def press() -> None:
        attempt = drill.attempt
        if attempt.done:
            if runner.pending:  # let the save land, as a learner reads the result
                return
            finished[0] += 1
            if finished[0] >= drills:
                ticker.stop()
                return
            enter = lambda: QTest.keyClick(drill, Qt.Key.Key_Return)  # noqa: E731
            keystrokes.append(timed(app, drill, enter, "drill next", full=False))
            return
        ch = attempt.text[attempt.exercise.position]
        stroke = keystrokes_for(ch)[0]
        mods = Qt.KeyboardModifier.ShiftModifier if stroke.shift else Qt.KeyboardModifier.NoModifier
        key = qt_key_for(stroke.code)
        keystrokes.append(
            timed(app, drill, lambda: QTest.keyClick(drill, key, mods), "drill key", False)
        )
        state["pos"] += 1

    ticker = QTimer()
    ticker.setInterval(key_ms)
    ticker.timeout.connect(press)
    pulse.start()
    ticker.start()
    wait(app, lambda: not ticker.isActive(), 600)
    pulse.stop()
    wait(app, lambda: runner.pending == 0, 30)
    saved = [e for e in services.events.for_learner(learner.learner_id) if e.type == "typing.drill"]
    runner.shutdown()
    services.close(backup=False)
    return {
        "keystrokes": keystrokes,
        "gaps": gaps,
        "drills": len(saved),
        "level": drill.state.level if drill.state else 0,
        "errors": errors,
    }


def wait(app: QApplication, done, seconds: float) -> None:  # noqa: ANN001
    end = time.monotonic() + seconds
    while not done():
        app.processEvents()
        time.sleep(0.001)
        if time.monotonic() > end:
            raise SystemExit("timed out")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drills", type=int, default=12)
    parser.add_argument("--key-ms", type=int, default=60, help="time between drill keys")
    args = parser.parse_args()
    none_refs = immortal_none()
    app = QApplication(sys.argv[:1])
    load_fonts(resource_root() / "fonts")
    pairs = read_pairs(EVAL if EVAL.exists() else SEED)
    print(f"platform: {app.platformName()}, {len(pairs)} typed inputs from {EVAL.name}")

    keys, picks = bench_pad(app, [p.typed for p in pairs])
    print(summary("pad keystroke → composition + candidates painted", keys))
    print(f"  over 16 ms: {sum(k > 16 for k in keys)} of {len(keys)}")
    print(summary("pad pick (Space) → text + explanation painted", picks))
    print(summary("  re-ranking for a pick, run in a typing pause (≥ 1.2 s idle)", LEARNING))
    result = bench_drill(app, args.drills, args.key_ms)
    strokes, gaps = result["keystrokes"], result["gaps"]
    print(summary("drill keystroke → target + lit key painted", strokes))
    for kind in FULL:
        print(summary(f"  {kind}, whole view repainted", FULL[kind]))
        print(summary(f"  {kind}, deferred work after the paint", AFTER[kind]))
    print(
        f"drill: {result['drills']} drills saved, {len(gaps)} heartbeats (2 ms timer);"
        f" longest UI-thread stall {max(gaps):.1f} ms; gaps over 50 ms:"
        f" {sum(g > 50 for g in gaps)}; over 16 ms: {sum(g > 16 for g in gaps)}"
    )
    for kind, lost in NONE_LOST.items():
        print(
            f"references to None lost per {kind}: median {statistics.median(lost):.0f},"
            f" max {max(lost)} (None had {none_refs} at start; 0 aborts the process)"
        )
    if result["errors"]:
        print("errors:", result["errors"])
        return 1
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # skip interpreter teardown of Qt objects
