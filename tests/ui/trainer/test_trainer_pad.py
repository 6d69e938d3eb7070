"""The phonetic pad: type by sound, pick, read why it is spelt so, see the keys, copy."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from dzlearn.ime.history import CHOICE_EVENT
from dzlearn.script.keyboard import keystrokes_for

THANKS = "བཀའ་དྲིན་ཆེ"


def visible_candidates(pad):
    return [b.text() for b in pad.box.buttons if b.isVisible()]


def test_kadrinche_becomes_thank_you_explained_and_copied(trainer, qtbot):
    screen = trainer.start("pad").screen
    pad = screen.pad
    edit = pad.box.edit
    assert edit.hasFocus()
    QTest.keyClicks(edit, "kadrinche")
    assert edit.text() == "kadrinche" and edit.font().underline()  # the composition
    shown = visible_candidates(pad)
    assert any(text.endswith(THANKS) for text in shown)
    number = next(n for n, text in enumerate(shown, start=1) if text.split()[-1] == THANKS)
    QTest.keyClick(edit, getattr(Qt.Key, f"Key_{number}"))
    assert pad.text.toPlainText() == THANKS and edit.text() == ""
    assert not visible_candidates(pad)
    assert pad.word.text() == THANKS and "thank you" in pad.sound.text()
    assert any("silent" in line for line in pad.why.text().splitlines())

    pad.copy.click()
    assert QGuiApplication.clipboard().text() == THANKS
    assert "Ctrl+V" in screen.feedback.text()
    trainer.app.idle()
    choices = [e.payload for e in trainer.events(CHOICE_EVENT)]
    assert choices == [{"input": "kadrinche", "chosen": THANKS}]
    # the ranking learns the pick in the next pause in typing, not while the learner types
    assert pad.box.learning.pending
    qtbot.waitUntil(lambda: not pad.box.learning.pending, timeout=5000)
    assert pad.input_method.history.choices_for("kadrinche") == {THANKS: 1}


def test_words_join_with_a_tsheg_and_keys_edit_the_composition(trainer):
    pad = trainer.start("pad").screen.pad
    edit = pad.box.edit
    QTest.keyClicks(edit, "kuzuzangpo")
    QTest.keyClick(edit, Qt.Key.Key_Space)  # Space picks the first candidate
    first = pad.text.toPlainText()
    assert first == "སྐུ་གཟུགས་བཟང་པོ"
    QTest.keyClicks(edit, "kadrinchx")
    QTest.keyClick(edit, Qt.Key.Key_Backspace)  # Backspace edits the composition
    assert edit.text() == "kadrinch"
    QTest.keyClick(edit, Qt.Key.Key_Escape)  # Esc cancels it
    assert edit.text() == "" and not visible_candidates(pad)
    QTest.keyClicks(edit, "la")
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert pad.text.toPlainText().startswith(first + "་")
    QTest.keyClick(edit, Qt.Key.Key_Backspace)  # on an empty composition: undo the word
    assert pad.text.toPlainText() == first
    pad.end_sentence()
    assert pad.text.toPlainText() == first + "། "
    pad.clear_text()
    assert pad.text.toPlainText() == ""


def test_show_the_keys_lights_each_key_in_turn(trainer, qtbot):
    pad = trainer.start("pad").screen.pad
    QTest.keyClicks(pad.box.edit, "kuzuzangpo")
    QTest.keyClick(pad.box.edit, Qt.Key.Key_Space)
    strokes = keystrokes_for("སྐུ་གཟུགས་བཟང་པོ")
    pad.replay.STEP_MS = 30
    pad.replay._timer.setInterval(30)
    pad.show_keys.click()
    assert pad.keyboard.highlighted == strokes[0]
    qtbot.waitUntil(lambda: pad.keyboard.highlighted == strokes[1], timeout=2000)
    assert pad.keyboard.highlighted.shift  # ྐ is Shift + Q: Shift is lit too
    assert "Shift + Q" in pad.replay_caption.text() and pad.replay_typed.text() == "ས"
    qtbot.waitUntil(lambda: not pad.replay.running, timeout=2000)
    assert pad.keyboard.highlighted is None


def test_the_on_screen_keyboard_types_too(trainer):
    pad = trainer.start("pad").screen.pad
    pad.copy.click()
    assert "Type something first" in trainer.screen.feedback.text()
    for code in ("KeyQ", "Space", "KeyW"):
        point = pad.keyboard.cap_rect(code).center().toPoint()
        QTest.mouseClick(pad.keyboard, Qt.MouseButton.LeftButton, pos=point)
    assert pad.text.toPlainText() == "ཀ་ཁ"
