"""Keyboard only, at 200 % in high contrast: Tab and Shift+Tab to move, Enter or Space to
press, arrow keys between answers, Escape to close or go back. Every key goes to whatever has
the focus, as it would for a person; nothing is clicked."""

import a11y_screens as S
import pytest
from a11y_helpers import BIG, focus_name, focus_ring, press, tab_to, write_display
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_step_views import PACK

from dzlearn.i18n import set_language
from dzlearn.learning.drills import DRILL_EVENT
from dzlearn.learning.progress import STEP_COMPLETED
from dzlearn.lessons.models import Pack
from dzlearn.script.keyboard import keystrokes_for
from dzlearn.ui.facilitator.dialogs import NewPassphraseDialog, PicturePasswordDialog
from dzlearn.ui.style import apply_display
from dzlearn.ui.trainer.keys import qt_key_for

SHIFT, NONE = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.NoModifier


@pytest.fixture(autouse=True)
def _normal_afterwards(qapp):
    font = QApplication.font()
    yield
    set_language("en")
    apply_display(1.0, False)
    QApplication.setFont(font)


@pytest.fixture
def big(launch, tmp_path, qtbot):
    app = launch(write_display(tmp_path / "data", BIG))
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow)
    return app


def arrow_to(tile, limit: int = 8) -> None:
    """Arrow keys from the focused answer to ``tile``, the way its place on screen says."""
    for _ in range(limit):
        focus = QApplication.focusWidget()
        if focus is tile:
            return
        here, there = (
            focus.mapToGlobal(focus.rect().center()),
            tile.mapToGlobal(tile.rect().center()),
        )
        if abs(there.y() - here.y()) > focus.height() // 2:
            press(Qt.Key.Key_Down if there.y() > here.y() else Qt.Key.Key_Up)
        else:
            press(Qt.Key.Key_Right if there.x() > here.x() else Qt.Key.Key_Left)
    raise AssertionError(f"the arrow keys never reached the tile; focus is on {focus_name()}")


def type_dzongkha(text: str) -> None:
    """Each character by its key on the DDC layout, to whatever has the focus."""
    for ch in text:
        for stroke in keystrokes_for(ch):
            press(qt_key_for(stroke.code), SHIFT if stroke.shift else NONE)


def back_to(app) -> None:  # noqa: ANN001
    """The window is active again, as the window manager makes it when a dialog closes."""
    app.window.activateWindow()
    app.qtbot.waitUntil(app.window.isActiveWindow)


def saved_steps(app, learner) -> dict:  # noqa: ANN001
    events = app.window.services.events.for_learner(learner.learner_id)
    return {e.payload["step_id"]: e.payload for e in events if e.type == STEP_COMPLETED}


def test_a_choice_step(big):
    window = S.lesson_step(big, *S.STEPS["choose"])
    screen = window.lesson_screen
    grid, answer = screen.view.grid, screen.step.answer
    tiles = list(grid.tiles.values())
    wrong = next(tile for key, tile in grid.tiles.items() if key != answer)
    assert focus_ring(tiles[0]) == 0
    tab_to(tiles[0])
    assert focus_ring(tiles[0]) > 100, "the answer in focus has no visible focus ring"
    arrow_to(wrong)
    press(Qt.Key.Key_Return)  # Enter picks the answer in focus: a wrong one here
    assert not wrong.isEnabled() and "Not this one" in screen.feedback.text()
    assert QApplication.focusWidget() in tiles, "the focus left the answers"
    arrow_to(grid.tiles[answer])
    press(Qt.Key.Key_Space)  # Space picks too
    big.idle()
    assert screen.next.isEnabled() and "right" in screen.feedback.text()
    press(Qt.Key.Key_Return)  # on the right answer, Enter now means Next
    big.idle()
    assert screen.index == S.STEPS["choose"][2] + 1
    result = saved_steps(big, S.learner(big))[screen.lesson.steps[screen.index - 1].id]
    assert result["mistakes"] == 1 and not result["correct"]


def test_a_text_step(big):
    window = S.lesson_step(big, *S.STEPS["read"])
    screen = window.lesson_screen
    start = screen.index
    assert screen.view.reveal.isVisible() and not screen.view.sound.text()
    tab_to(screen.view.reveal)
    press(Qt.Key.Key_Space)
    assert screen.view.sound.text() and screen.view.meaning.text()
    press(Qt.Key.Key_Return)  # Enter means Next, whatever has the focus
    big.idle()
    assert screen.index == start + 1
    assert saved_steps(big, S.learner(big))[screen.lesson.steps[start].id]["revealed"] is True


def test_the_eservice_form(big, qtbot):
    window = big.window
    who = S.learner(big)
    pack = Pack.model_validate(PACK)
    window.stack.setCurrentWidget(window.lesson_screen)
    window.lesson_screen.start(who, pack, pack.lessons()[0], 3)
    big.idle()
    screen, view = window.lesson_screen, window.lesson_screen.view
    tab_to(view.inputs["name"].editor)
    assert focus_ring(view.inputs["name"].editor) > 100
    type_dzongkha("ཀ་ཁ")
    assert view.inputs["name"].value() == "ཀ་ཁ"
    tab_to(view.inputs["born"].editor)
    QTest.keyClicks(QApplication.focusWidget(), "20260314")  # typed, section by section
    assert view.inputs["born"].editor.date() == QDate(2026, 3, 14)
    tab_to(view.submit)
    assert focus_ring(view.submit) > 100
    press(Qt.Key.Key_Return)
    assert view.screen_title_en.text() == "Sharing", screen.feedback.text()
    tab_to(view.inputs["health"].options["allow"])  # the pair is one stop, like radio buttons
    press(Qt.Key.Key_Right)
    assert QApplication.focusWidget() is view.inputs["health"].options["deny"]
    press(Qt.Key.Key_Space)
    assert view.inputs["health"].value() == "deny"
    tab_to(view.inputs["otp"].editor)
    QTest.keyClicks(QApplication.focusWidget(), "4821")
    tab_to(view.inputs["face"].editor)
    press(Qt.Key.Key_Return)  # the practice face check
    qtbot.waitUntil(lambda: view.inputs["face"].value() == "done", timeout=5000)
    tab_to(view.submit, back=True)
    press(Qt.Key.Key_Return)
    big.idle()
    birth = saved_steps(big, who)["birth"]
    assert birth["correct"] and birth["independent"]
    press(Qt.Key.Key_Return)  # the finished form gives the keys back to the lesson: Next
    big.idle()
    assert screen.index == 4


def test_a_typing_by_sound_step(big, qtbot):
    """A lesson opened at this step: the typing box has the keys at once, digits pick."""
    window = big.window
    pack = Pack.model_validate(PACK)
    window.stack.setCurrentWidget(window.lesson_screen)
    screen = window.lesson_screen
    screen.start(S.learner(big), pack, pack.lessons()[0], 4)
    qtbot.waitUntil(lambda: screen._context.input_method is not None, timeout=20000)
    view = screen.view
    assert QApplication.focusWidget() is view.box.edit
    QTest.keyClicks(QApplication.focusWidget(), "kadrinche")
    number = next(i for i, c in enumerate(view.box.shown) if c.text == "བཀའ་དྲིན་ཆེ") + 1
    press(getattr(Qt.Key, f"Key_{number}"))
    big.idle()
    assert view.done and screen.next.isEnabled()
    tab_to(view.hint_button)  # the other control of the step is reachable too
    press(Qt.Key.Key_Return)  # Enter means Next here, as everywhere in a lesson
    big.idle()
    assert screen.finished  # the last step of the test lesson


def test_the_recording_studio_goes_back_with_escape(big):
    S.studio(walk=True)(big)  # facilitator mode first, through its dialog
    back_to(big)
    studio = big.window.studio
    assert studio.pages.currentWidget() is studio.walk_page
    assert QApplication.focusWidget() is studio.walk_page.back, focus_name()
    press(Qt.Key.Key_Escape)
    assert studio.pages.currentWidget() is studio.list_page
    press(Qt.Key.Key_Escape)
    big.idle()
    assert big.window.stack.currentWidget() is big.window.facilitator.screen


def test_a_trainer_drill(big, qtbot):
    window = big.window
    S.home(big)
    tab_to(window.home.practice_button)
    press(Qt.Key.Key_Return)
    trainer = window.trainer
    qtbot.waitUntil(lambda: trainer.ready, timeout=20000)
    tab_to(trainer.tabs["course"])
    press(Qt.Key.Key_Return)
    drill = trainer.drill
    assert trainer.part == "course" and drill.hasFocus()
    text = drill.attempt.text
    type_dzongkha(text)
    assert drill.attempt.done and drill.again.isVisible()
    big.idle()
    [event] = [e for e in big.window.services.events.for_learner(S.learner(big).learner_id)
               if e.type == DRILL_EVENT]  # fmt: skip
    assert event.payload["text"] == text
    press(Qt.Key.Key_Return)  # the next drill
    assert drill.attempt.exercise.position == 0 and not drill.again.isVisible()
    press(Qt.Key.Key_Escape)  # back home
    big.idle()
    assert window.stack.currentWidget() is window.home


def test_opening_and_closing_facilitator_dialogs(big):
    window = big.window
    S.learner(big)
    window.show_picker()
    big.idle()
    tab_to(window.picker.facilitator_button)
    press(Qt.Key.Key_Return)
    big.idle()
    dialog = window.facilitator.dialog
    assert isinstance(dialog, NewPassphraseDialog) and dialog.isVisible()
    QTest.keyClicks(QApplication.focusWidget(), "Tashi")  # the name box has the focus
    press(Qt.Key.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), S.PASSPHRASE)
    tab_to(dialog.again)
    QTest.keyClicks(dialog.again, S.PASSPHRASE)
    press(Qt.Key.Key_Return)  # Enter in the last box saves
    big.idle()
    screen = window.facilitator.screen
    assert screen is not None and window.stack.currentWidget() is screen
    back_to(big)
    assert QApplication.focusWidget() is screen.tabs.tabBar()

    tab_to(screen.learners_tab.list)
    press(Qt.Key.Key_Down)  # the first learner
    assert screen.learners_tab.selected == S.learner(big).learner_id
    tab_to(screen.learners_tab.set_password)
    press(Qt.Key.Key_Return)
    password = screen.dialog
    assert isinstance(password, PicturePasswordDialog) and password.isVisible()
    press(Qt.Key.Key_Escape)
    assert not password.isVisible()
    back_to(big)

    tab_to(screen.learners_tab.delete)
    press(Qt.Key.Key_Space)
    confirm = screen.dialog
    assert confirm.isVisible() and confirm.cancel.isDefault()
    press(Qt.Key.Key_Return)  # Enter is Cancel here: nobody is deleted by a stray key
    big.idle()
    assert not confirm.isVisible() and window.people.picker_learners()
