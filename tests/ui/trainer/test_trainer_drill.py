"""The keyboard course, typed with real key events: what the learner sees and what is saved."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from trainer_helpers import Clock, press, type_drill

from dzlearn.learning.drills import DRILL_EVENT, TrainerState, plan_drill
from dzlearn.script.keyboard import Keystroke


def open_course(trainer) -> tuple:
    screen = trainer.start("course").screen
    drill = screen.drill
    clock = Clock()
    drill.clock = clock
    return screen, drill, clock


def test_a_drill_shows_the_next_key_and_records_one_event_with_per_key_errors(trainer):
    screen, drill, clock = open_course(trainer)
    assert drill.hasFocus() and drill.stage.text().startswith("Alphabet row 1")
    text = drill.attempt.text
    first = text[0]
    assert drill.keyboard.highlighted is not None
    assert "finger" in drill.hint.text()
    press(drill, "ཨ")  # a wrong key: counted, never typed
    assert drill.attempt.exercise.position == 0
    assert "Not quite" in drill.message.text() and drill.message.property("role") == "gentle"
    press(drill, first)
    assert drill.attempt.exercise.position == 1
    assert "#1e7b34" in drill.target.text()  # the typed part is green
    for ch in text[1:]:
        clock.now += 500
        press(drill, ch)
    assert drill.attempt.done and drill.again.isVisible()
    assert "Accuracy" in drill.hint.text()
    trainer.app.idle()
    [event] = trainer.events(DRILL_EVENT)
    payload = event.payload
    assert payload["text"] == text and payload["stage"] == "row-1"
    assert payload["errors"] == {first: 1}
    assert payload["keystrokes"] == len(text) + 1
    assert payload["duration_ms"] == 500 * (len(text) - 1)
    assert set(payload["key_times"]) <= set(text) and payload["syllables"] >= 1
    QTest.keyClick(drill, Qt.Key.Key_Return)  # Enter: the next drill
    assert drill.attempt.exercise.position == 0 and not drill.again.isVisible()


def test_unlocking_comes_only_after_confident_attempts(trainer):
    screen, drill, clock = open_course(trainer)
    start_keys = drill.keys_count.text()
    for _ in range(3):  # slow: 2 s a key
        type_drill(drill, clock, 2000)
        assert "For the next key" in drill.message.text() and not drill.news.isVisible()
        QTest.keyClick(drill, Qt.Key.Key_Return)
    fast_drills = 0
    while not drill.news.isVisible():
        fast_drills += 1
        assert fast_drills < 40, "confident typing never unlocked a key"
        type_drill(drill, clock, 300)
        if not drill.news.isVisible():
            QTest.keyClick(drill, Qt.Key.Key_Return)
    assert fast_drills > 3  # the slow attempts are remembered (α = 0.1), not forgotten at once
    assert "A new key: " in drill.news.text() and "ཅ" in drill.news.text()
    trainer.app.idle()
    payloads = [e.payload for e in trainer.events(DRILL_EVENT)]
    assert [p["unlocked"] for p in payloads] == [None] * (len(payloads) - 1) + ["ཅ"]
    assert payloads[-1]["level"] == payloads[0]["level"] + 1
    QTest.keyClick(drill, Qt.Key.Key_Return)
    assert drill.keys_count.text() != start_keys and drill.news.isVisible()
    assert drill.plan.focus == "ཅ" and "ཅ" in drill.attempt.text  # the new key is drilled


def test_a_subjoined_letter_lights_shift_too(trainer):
    screen, drill, clock = open_course(trainer)
    course = screen.course
    level = next(n for n, s in enumerate(course.steps, 1) if s.unit == "ྱ")
    state = TrainerState(level=level)
    seed = next(s for s in range(200) if "ྱ" in plan_drill(course, state, s).text)
    state.attempts = seed
    drill.set_course(course, state)
    text = drill.attempt.text
    for ch in text[: text.index("ྱ")]:
        press(drill, ch)
    assert drill.keyboard.highlighted == Keystroke("KeyV", True)
    assert "Shift + V" in drill.hint.text() and "hold Shift" in drill.hint.text()
    press(drill, "ྱ")
    assert drill.attempt.exercise.position == text.index("ྱ") + 1


def test_the_on_screen_keyboard_can_be_clicked_instead(trainer):
    screen, drill, clock = open_course(trainer)
    first = drill.attempt.text[0]
    stroke = drill.keyboard.highlighted
    assert stroke is not None and not stroke.shift
    point = drill.keyboard.cap_rect(stroke.code).center().toPoint()
    QTest.mouseClick(drill.keyboard, Qt.MouseButton.LeftButton, pos=point)
    assert drill.attempt.exercise.typed == first


def test_a_drill_that_cannot_be_saved_is_kept_and_saved_on_retry(trainer, monkeypatch):
    screen, drill, clock = open_course(trainer)
    log = trainer.services.events
    real_append = log.append
    failures = []

    def full_disk(*args, **kwargs):
        failures.append(args)
        raise OSError("the disk is full")

    monkeypatch.setattr(log, "append", full_disk)
    text = type_drill(drill, clock, 400)
    trainer.app.idle()
    assert failures and "could not be saved" in drill.message.text()
    assert drill.retry.isVisible() and len(drill.unsaved) == 1
    monkeypatch.setattr(log, "append", real_append)
    drill.retry.click()
    trainer.app.idle()
    [event] = trainer.events(DRILL_EVENT)
    assert event.payload["text"] == text and not drill.unsaved and not drill.retry.isVisible()
