"""Listen, then type: scored, and a miss shows and explains the right spelling."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from trainer_helpers import press

from dzlearn.learning.listening import LISTEN_EVENT


def test_a_miss_by_sound_is_explained_then_the_right_pick_scores(trainer):
    listen = trainer.start("listen").screen.listen
    word = listen.word
    assert word.picture == "sun" and word.dz == "ཉི་མ"
    assert listen.picture.isVisible() and "sun" in listen.meaning.text()
    assert not listen.play.isEnabled() and "No recording yet" in listen.audio_note.text()
    edit = listen.sound_box.edit
    assert edit.hasFocus()
    QTest.keyClicks(edit, "nyima")
    wrong = next(n for n, c in enumerate(listen.sound_box.shown) if c.text != word.dz)
    QTest.keyClick(edit, getattr(Qt.Key, f"Key_{wrong + 1}"))
    assert "Not quite" in listen.message.text() and listen.message.property("role") == "gentle"
    assert listen.spelling.text() == word.dz and "nyima" in listen.why.text()
    assert "said as it is spelt" in listen.why.text()
    assert not trainer.events(LISTEN_EVENT)  # not over yet: the learner may try again
    listen.sound_hint.click()
    assert "nyima" in listen.sound_hint.text()
    QTest.keyClicks(edit, "nyima")
    right = next(n for n, c in enumerate(listen.sound_box.shown) if c.text == word.dz)
    QTest.keyClick(edit, getattr(Qt.Key, f"Key_{right + 1}"))
    assert "Well done" in listen.message.text()
    trainer.app.idle()
    [event] = trainer.events(LISTEN_EVENT)
    assert event.payload == {"word": "ཉི་མ", "mode": "sound", "correct": True, "attempts": 2}


def test_typing_on_the_keyboard_is_scored_and_a_give_up_is_recorded(trainer):
    listen = trainer.start("listen").screen.listen
    listen.next.click()  # not answered: nothing recorded
    word = listen.word
    assert word.dz == "སྐར་མ"
    listen.mode_buttons["keyboard"].click()
    assert listen.typed.hasFocus()
    for ch in word.dz:
        press(listen.typed, ch)
    QTest.keyClick(listen.typed, Qt.Key.Key_Return)
    assert "Well done" in listen.message.text()
    listen.next.click()
    for ch in "ཀ":
        press(listen.typed, ch)
    listen.check.click()
    assert "Not quite" in listen.message.text() and listen.spelling.text() == listen.word.dz
    missed = listen.word.dz
    listen.show_keys.click()
    assert listen.keyboard.highlighted is not None
    listen.next.click()
    trainer.app.idle()
    payloads = [e.payload for e in trainer.events(LISTEN_EVENT)]
    assert payloads == [
        {"word": "སྐར་མ", "mode": "keyboard", "correct": True, "attempts": 1},
        {"word": missed, "mode": "keyboard", "correct": False, "attempts": 1},
    ]
