"""My progress shows what the pure projections compute from the event log."""

import subprocess
import sys

import pytest

from dzlearn.learning.drills import DRILL_EVENT, DrillAttempt
from dzlearn.learning.listening import LISTEN_EVENT, listen_payload
from dzlearn.learning.typing_stats import (
    confidence_by_key,
    daily_progress,
    project_trainer,
    summarize,
)
from dzlearn.storage import events as event_module

DAYS = ["2026-03-02T04:00:00.000000Z", "2026-03-02T05:00:00.000000Z",
        "2026-03-03T04:00:00.000000Z", "2026-03-05T04:00:00.000000Z"]  # fmt: skip


def attempt(text: str, ms: float, wrong: int) -> dict:
    a = DrillAttempt(text, "row-1")
    for n, ch in enumerate(text):
        if n < wrong:
            a.feed("ཨ", n * ms)
        a.feed(ch, n * ms)
    return a.payload(5, None)


@pytest.fixture
def history(trainer, monkeypatch):
    """Drills on three days (two on the first), and a listening result."""
    times = iter(DAYS + ["2026-03-05T06:00:00.000000Z"])
    monkeypatch.setattr(event_module, "utc_now_iso", lambda: next(times))
    log, learner = trainer.services.events, trainer.learner.learner_id
    for n, ms in enumerate((1500, 1100, 800, 600)):
        log.append(learner, DRILL_EVENT, attempt("ཀ་ཁ་ག་ང་ཀ་", ms, wrong=n % 2))
    log.append(learner, LISTEN_EVENT, listen_payload("ཉ", "sound", True, 1))
    monkeypatch.undo()
    return trainer


def test_the_numbers_heat_map_and_chart_come_from_the_events(history, qtbot):
    trainer = history
    screen = trainer.start("progress").screen
    stats = screen.stats
    qtbot.waitUntil(lambda: stats.data is not None, timeout=10000)
    events = trainer.events()
    summary = summarize(events)
    assert stats.numbers["accuracy"].text() == f"{round(100 * summary.accuracy)} %"
    assert stats.numbers["spm"].text() == f"{summary.spm:.0f}"
    assert stats.numbers["listen"].text() == "1 / 1"
    assert stats.numbers["keys"].text() == f"5 / {len(screen.course.units)}"
    heat = confidence_by_key(project_trainer(events))
    assert stats.keyboard.heat == heat and set(heat) == {"KeyQ", "KeyW", "KeyE", "KeyR", "Space"}
    assert stats.keyboard.colour_of("KeyT") is None  # a vowel key, never typed: left white
    days = daily_progress(events)
    assert len(days) == 3
    series = stats.accuracy_series
    assert series.count() == len(days) == stats.speed_series.count()  # one point per day
    assert [round(series.at(n).y(), 6) for n in range(3)] == [
        round(100 * d.accuracy, 6) for d in days
    ]
    assert [round(stats.speed_series.at(n).y(), 6) for n in range(3)] == [
        round(d.spm, 6) for d in days
    ]


def test_a_new_drill_refreshes_the_progress_shown(trainer, qtbot):
    from trainer_helpers import Clock, type_drill

    screen = trainer.start("progress").screen
    stats = screen.stats
    qtbot.waitUntil(lambda: stats.data is not None, timeout=10000)
    assert stats.numbers["accuracy"].text() == "—" and stats.empty.isVisible()
    assert stats.chart_view.isHidden()
    screen.show_part("course")
    clock = Clock()
    screen.drill.clock = clock
    type_drill(screen.drill, clock, 400)
    trainer.app.idle()
    screen.show_part("progress")
    qtbot.waitUntil(lambda: stats.data.summary.attempts == 1, timeout=10000)
    assert stats.numbers["accuracy"].text() == "100 %" and not stats.chart_view.isHidden()
    assert stats.accuracy_series.count() == 1


def test_the_settings_dialog_saves_an_event_that_the_course_then_uses(trainer, qtbot):
    screen = trainer.start("course").screen
    dialog = screen.open_settings()
    assert dialog.accuracy.value() == 90 and dialog.speed.value() == 20
    dialog.accuracy.setValue(80)
    dialog.speed.setValue(12)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save.click()
    trainer.app.idle()
    [event] = trainer.events("trainer.settings")
    assert event.payload == {"min_accuracy": 0.8, "min_spm": 12.0}
    assert screen.state.settings.min_spm == 12
    assert project_trainer(trainer.events()).settings.min_accuracy == 0.8


def test_qtcharts_is_loaded_only_when_progress_is_drawn():
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM'] = 'offscreen';"
        "from PySide6.QtWidgets import QApplication; app = QApplication([]);"
        "import dzlearn.ui.trainer; from dzlearn.ui.trainer.stats import StatsView;"
        "view = StatsView();"
        "assert 'PySide6.QtCharts' not in sys.modules, 'QtCharts loaded at start-up'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
