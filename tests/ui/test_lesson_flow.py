"""Drive the first lesson as a learner would: pick a picture, type on the keyboard, restart."""

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from dzlearn.learning.progress import LESSON_COMPLETED, STEP_COMPLETED


def shown(label) -> str:
    """The text a learner reads in a (rich-text) label."""
    return html.unescape(re.sub(r"<[^>]+>", "", label.text()))


def create_learner(app, name: str = "Pema", picture: str = "tree"):
    window = app.window
    assert window.stack.currentWidget() is window.picker
    window.picker.add_tile.click()
    dialog = window.dialog
    assert not dialog.create.isEnabled()
    QTest.keyClicks(dialog.name, name)
    assert not dialog.create.isEnabled(), "a picture must be chosen too"
    dialog.picture_buttons[picture].click()
    assert dialog.create.isEnabled()
    dialog.create.click()
    app.idle()
    assert window.stack.currentWidget() is window.home
    return window.learner


def open_first_lesson(app):
    window = app.window
    window.home.start_buttons["ka-row"].click()
    app.idle()
    assert window.stack.currentWidget() is window.lesson_screen
    return window.lesson_screen


def events_of(app, learner):
    return app.window.services.events.for_learner(learner.learner_id)


def test_a_learner_hears_reads_and_types_the_first_row(launch):
    app = launch()
    learner = create_learner(app)
    assert learner.display_name == "Pema" and learner.picture == "tree"
    screen = open_first_lesson(app)

    # Step 1 listens: no recording exists yet, and the learner is told so, with large text.
    assert screen.index == 0
    assert screen.audio_note.isVisible() and "No recording yet" in screen.audio_note.text()
    assert not screen.play.isEnabled()
    assert shown(screen.view.big) == "ཀ་ཁ་ག་ང་"
    QTest.keyClick(screen, Qt.Key.Key_Return)
    app.idle()

    # Step 2: type ཀ. The keyboard highlights the Q position; a wrong key is gently refused.
    assert screen.index == 1 and shown(screen.view.big) == "ཀ" and screen.view.sound.text() == "ka"
    assert screen.view.keyboard.highlighted.code == "KeyQ"
    assert not screen.next.isEnabled()
    QTest.keyClick(screen, Qt.Key.Key_W)  # ཁ: wrong
    assert "Not quite" in screen.feedback.text()
    assert screen.view.exercise.typed == ""
    QTest.keyClick(screen, Qt.Key.Key_Q)  # ཀ
    app.idle()
    assert screen.view.exercise.done and screen.next.isEnabled()
    QTest.keyClick(screen, Qt.Key.Key_Return)

    # ཁ ག ང, the last one typed by clicking the on-screen keyboard.
    for key, letter in ((Qt.Key.Key_W, "ཁ"), (Qt.Key.Key_E, "ག")):
        assert shown(screen.view.big) == letter
        QTest.keyClick(screen, key)
        app.idle()
        QTest.keyClick(screen, Qt.Key.Key_Return)
    assert shown(screen.view.big) == "ང"
    QTest.mouseClick(
        screen.view.keyboard,
        Qt.MouseButton.LeftButton,
        pos=screen.view.keyboard.cap_rect("KeyR").center().toPoint(),
    )
    app.idle()
    QTest.keyClick(screen, Qt.Key.Key_Return)

    # The whole row with tshegs: Space types ་.
    assert shown(screen.view.big) == "ཀ་ཁ་ག་ང་"
    for key in "Q W E R ".replace(" ", "_"):
        QTest.keyClick(screen, Qt.Key.Key_Space if key == "_" else getattr(Qt.Key, f"Key_{key}"))
        if key == "W":  # what is typed so far turns green; the rest stays to be typed
            assert '<span style="color:#1e7b34">ཀ་ཁ</span>་ག་ང་' == screen.view.big.text()
    app.idle()
    assert screen.view.exercise.typed == "ཀ་ཁ་ག་ང་"
    QTest.keyClick(screen, Qt.Key.Key_Return)
    app.idle()
    assert screen.finished

    events = events_of(app, learner)
    steps = [e for e in events if e.type == STEP_COMPLETED]
    assert [e.payload["step_id"] for e in steps] == [
        "intro",
        "type-ka",
        "type-kha",
        "type-ga",
        "type-nga",
        "type-row",
    ]
    assert steps[1].payload["mistakes"] == 1 and steps[1].payload["missed"] == {"ཀ": 1}
    assert [e.type for e in events].count(LESSON_COMPLETED) == 1
    assert [e.device_seq for e in events] == sorted(e.device_seq for e in events)

    QTest.keyClick(screen, Qt.Key.Key_Return)  # back to the lessons
    app.idle()
    status = app.window.home.findChild(type(app.window.home._name), "status-ka-row")
    assert status.text() == "All 6 steps done  ·  finished 1 time(s)"
    assert app.window.home.start_buttons["ka-row"].text() == "Again"
    assert app.window.lesson_screen.audio_note.isHidden()  # no stale "no recording" sign


def test_progress_is_there_after_a_restart(launch, tmp_path):
    first = launch()
    learner = create_learner(first, "Karma", "sun")
    screen = open_first_lesson(first)
    QTest.keyClick(screen, Qt.Key.Key_Return)  # intro
    first.idle()
    QTest.keyClick(screen, Qt.Key.Key_Q)  # ཀ
    first.idle()
    first.close()

    second = launch()
    window = second.window
    tile = window.picker.tiles[learner.learner_id]
    assert tile.text() == "Karma"
    tile.click()
    second.idle()
    status = window.home.findChild(type(window.home._name), "status-ka-row")
    assert status.text().startswith("2 of 6 steps")
    assert window.home.start_buttons["ka-row"].text() == "Continue"
    screen = open_first_lesson(second)
    assert screen.index == 2 and shown(screen.view.big) == "ཁ"


def test_a_failed_save_is_shown_and_retried_without_losing_the_step(launch, monkeypatch):
    from dzlearn.storage import DatabaseUnavailable

    app = launch()
    learner = create_learner(app)
    screen = open_first_lesson(app)
    progress = app.window.services.progress
    real = progress.record_step
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise DatabaseUnavailable("The disk is full.", app.window.services.db.path)
        return real(*args, **kwargs)

    monkeypatch.setattr(progress, "record_step", flaky)
    QTest.keyClick(screen, Qt.Key.Key_Return)
    app.idle()
    assert screen.index == 0 and "could not be saved" in screen.feedback.text()
    assert "disk is full" in screen.feedback.text()
    QTest.keyClick(screen, Qt.Key.Key_Return)  # try again
    app.idle()
    assert screen.index == 1
    assert [e.payload["step_id"] for e in events_of(app, learner) if e.type == STEP_COMPLETED] == [
        "intro"
    ]


def test_back_from_a_lesson_far_down_the_list_keeps_its_card_in_view(launch, qtbot):
    app = launch()
    window = app.window
    create_learner(app)
    window.resize(1180, 860)
    last = list(window.home.start_buttons)[-1]
    window.home.start_buttons[last].click()
    app.idle()
    assert window.stack.currentWidget() is window.lesson_screen
    QTest.keyClick(window.lesson_screen, Qt.Key.Key_Escape)
    app.idle()
    button = window.home.start_buttons[last]
    bar = window.home._scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=3000)
    top = button.mapTo(window.home._scroll.viewport(), button.rect().topLeft()).y()
    assert 0 <= top < window.home._scroll.viewport().height()
