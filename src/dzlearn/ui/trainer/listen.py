"""Listen, then type: hear a word (or see its picture), type it by sound or on the keyboard.

A miss is never a dead end: the right spelling is shown, large, with why it is spelt so, and the
learner may type it again. One ``typing.listen`` event per word records how it went.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.ime.engine import Candidate
from dzlearn.ime.explain import explain
from dzlearn.learning.listening import (
    ListenWord,
    Mode,
    is_right,
    listen_payload,
    next_word,
)
from dzlearn.lessons.audio import AudioLibrary, AudioState
from dzlearn.lessons.models import Prompt, Text
from dzlearn.script.keyboard import char_for, keystrokes_for
from dzlearn.ui.audio import PromptPlayer
from dzlearn.ui.style import button, dzongkha_label, label, side_by_side, space
from dzlearn.ui.trainer.keys import FastKeyboard, KeyReplay
from dzlearn.ui.trainer.pad import QuickSoundBox
from dzlearn.ui.widgets.dzongkha_edit import DzongkhaLineEdit
from dzlearn.ui.widgets.flow import FlowLayout
from dzlearn.ui.widgets.pictures import PictureSet

PICTURE_PX = 150
Saver = Callable[[dict[str, Any], Callable[[Any], None], Callable[[BaseException], None]], None]


class ListenView(QWidget):
    chosen = Signal(str, str)  # (typed, picked): the input method learns from sound typing

    def __init__(
        self, audio: AudioLibrary, player: PromptPlayer, pictures: PictureSet, saver: Saver
    ) -> None:
        super().__init__()
        self._audio, self._player, self._pictures, self._saver = audio, player, pictures, saver
        self.input_method = None
        self.words: list[ListenWord] = []
        self.done: dict[str, int] = {}
        self.word: ListenWord | None = None
        self.mode: Mode = "sound"
        self.attempts = 0
        self.finished = False
        self.turn = 0
        self._audio_path = None
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        modes_bar = QWidget()
        modes = FlowLayout(modes_bar, spacing=space(10))  # wraps at 200 %
        type_it = label(_("Type it:"), "heading")
        type_it.setWordWrap(False)
        modes.addWidget(type_it)
        self.mode_buttons = {
            "sound": button(_("By sound (Latin letters)")),
            "keyboard": button(_("On the Dzongkha keyboard")),
        }
        for mode, b in self.mode_buttons.items():
            b.setCheckable(True)
            b.setProperty("tab", True)
            b.clicked.connect(lambda _=False, m=mode: self.set_mode(m))
            modes.addWidget(b)
        self.play = button(_("Listen"))
        self.play.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play.clicked.connect(self.play_word)
        modes.addWidget(self.play)
        outer.addWidget(modes_bar)

        # The spelling panel sits beside the picture at 100 %, under it at 150 % and 200 %.
        prompt = side_by_side()
        about_row = QHBoxLayout()
        prompt.addLayout(about_row)
        self.picture = QLabel()
        self.picture.setFixedSize(space(PICTURE_PX), space(PICTURE_PX))
        about_row.addWidget(self.picture)
        about = QVBoxLayout()
        self.audio_note = label("", "badge")
        about.addWidget(self.audio_note)
        self.meaning = label("", "heading")
        about.addWidget(self.meaning)
        self.sound_hint = button(_("How does it sound?"))
        self.sound_hint.clicked.connect(self.reveal_sound)
        about.addWidget(self.sound_hint, 0, Qt.AlignmentFlag.AlignLeft)
        about_row.addLayout(about, 1)
        self.result = QFrame()
        self.result.setObjectName("panel")  # styled by the window's stylesheet
        result = QVBoxLayout(self.result)
        self.spelling = dzongkha_label("", 52)
        result.addWidget(self.spelling)
        self.why = label("", "hint")
        result.addWidget(self.why)
        result.addStretch(1)
        policy = self.result.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.result.setSizePolicy(policy)
        self.result.hide()
        prompt.addWidget(self.result, 2)
        outer.addLayout(prompt)

        self.answers = QStackedWidget()
        self.sound_box = QuickSoundBox(self._candidates)
        self.sound_box.chosen.connect(self._picked)
        self.answers.addWidget(self.sound_box)
        keys_page = QWidget()
        keys_box = QVBoxLayout(keys_page)
        keys_box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.typed = DzongkhaLineEdit()
        self.typed.returnPressed.connect(self.check_typed)
        row.addWidget(self.typed, 1)
        self.check = button(_("Check"), primary=True)
        self.check.clicked.connect(self.check_typed)
        row.addWidget(self.check)
        keys_box.addLayout(row)
        self.keyboard = FastKeyboard()
        self.keyboard.setMinimumSize(560, 200)  # drawn to its size: its letters grow with it
        self.keyboard.setMaximumHeight(250)
        self.keyboard.key_clicked.connect(self._key_clicked)
        keys_box.addWidget(self.keyboard)
        self.answers.addWidget(keys_page)
        outer.addWidget(self.answers)

        bottom = QHBoxLayout()
        self.message = label("", "hint")
        bottom.addWidget(self.message, 1)
        self.show_keys = button(_("Show the keys"))
        self.show_keys.clicked.connect(self.replay_keys)
        bottom.addWidget(self.show_keys)
        self.next = button(_("Next word"), primary=True)
        self.next.clicked.connect(self.next_word)
        bottom.addWidget(self.next)
        outer.addLayout(bottom)
        for b in (*self.mode_buttons.values(), self.play, self.sound_hint, self.check,
                  self.show_keys, self.next):  # fmt: skip
            # Tab reaches them, a click leaves the keys with the answer box; Enter presses
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            b.setAutoDefault(True)
        outer.addStretch(1)
        self.replay = KeyReplay(self.keyboard, self)
        self.set_mode("sound")

    # --- data -------------------------------------------------------------------------------

    def set_input_method(self, method: object) -> None:
        self.input_method = method
        self.sound_box.refresh()

    def set_words(self, words: list[ListenWord], done: dict[str, int]) -> None:
        self.words, self.done = list(words), dict(done)
        if self.word is None and self.words:
            self._show(next_word(self.words, self.done, self.turn))

    def _candidates(self, typed: str) -> list[Candidate]:
        method = self.input_method
        return method.candidates(typed) if method is not None and typed.strip() else []

    # --- the flow ---------------------------------------------------------------------------

    def set_mode(self, mode: Mode) -> None:
        self.mode = mode
        for m, b in self.mode_buttons.items():
            b.setChecked(m == mode)
        current = 0 if mode == "sound" else 1
        for n in range(self.answers.count()):  # only the page shown takes room
            policy = QSizePolicy.Policy.Preferred if n == current else QSizePolicy.Policy.Ignored
            self.answers.widget(n).setSizePolicy(policy, policy)
        self.answers.setCurrentIndex(current)
        self.answers.adjustSize()
        self.focus_answer()

    def focus_answer(self) -> None:
        (self.sound_box.edit if self.mode == "sound" else self.typed).setFocus()

    def _show(self, word: ListenWord) -> None:
        self.word, self.attempts, self.finished = word, 0, False
        self.replay.stop()
        if word.picture:
            self.picture.setPixmap(self._pictures.pixmap(word.picture, space(PICTURE_PX)))
            self.picture.show()
        else:
            self.picture.hide()
        self.meaning.setText(_("Meaning: {gloss}").format(gloss=word.gloss or "—"))
        self.sound_hint.setText(_("How does it sound?"))
        self.sound_hint.setEnabled(True)
        self.spelling.setText("")
        self.why.setText("")
        self.result.hide()
        self.show_keys.hide()
        self.sound_box.clear()
        self.typed.clear()
        self._say(_("Type the word you hear or see."), "hint")
        self._prepare_audio(word)
        self.focus_answer()

    def _prepare_audio(self, word: ListenWord) -> None:
        self._player.stop()
        prompt = Prompt(segment=word.segment, text=Text(dz=word.dz, en=word.gloss or word.roman))
        found = self._audio.lookup(prompt)
        playable = found.state is AudioState.RECORDED
        self._audio_path = found.path if playable else None
        self.play.setEnabled(playable)
        self.audio_note.setText(
            "" if playable else _("No recording yet — use the picture or the meaning.")
        )
        self.audio_note.setVisible(not playable)
        if playable:
            self.play_word()

    def play_word(self) -> None:
        if self._audio_path is not None:
            self._player.play(self._audio_path)

    def reveal_sound(self) -> None:
        if self.word is not None:
            self.sound_hint.setText(_("It sounds like: {roman}").format(roman=self.word.roman))
            self.sound_hint.setEnabled(False)

    def _picked(self, typed: str, candidate: Candidate) -> None:
        self.sound_box.learning.add(self.input_method, typed, candidate.text)
        self.chosen.emit(typed, candidate.text)
        self.sound_box.clear()
        self.answer(candidate.text)

    def _key_clicked(self, code: str, shift: bool) -> None:
        self.typed.insert(char_for(code, shift))
        self.typed.setFocus()

    def check_typed(self) -> None:
        if self.typed.text().strip():
            self.answer(self.typed.text())
            self.typed.clear()

    def answer(self, text: str) -> None:
        """Score one answer; after a miss show the right spelling and why."""
        word = self.word
        if word is None or self.finished:
            return
        self.attempts += 1
        right = is_right(word.dz, text)
        self.spelling.setText(word.dz)
        self.result.show()
        notes = explain(word.dz)
        self.why.setText(f"{word.roman} — {word.gloss}\n" + "\n".join(notes))
        self.show_keys.show()
        if right:
            self.finished = True
            self._say(_("Well done! That is right."), "good")
            self._record(True)
        else:
            self._say(
                _("Not quite — you typed {got}. This is how it is spelt; try typing it.").format(
                    got=text.strip()
                ),
                "gentle",
            )

    def _record(self, correct: bool) -> None:
        assert self.word is not None
        payload = listen_payload(self.word.dz, self.mode, correct, self.attempts)
        if correct and self.attempts == 1:
            self.done[self.word.dz] = self.done.get(self.word.dz, 0) + 1

        def failed(error: BaseException) -> None:
            self._say(_("This word's result could not be saved: {e}").format(e=error), "error")

        self._saver(payload, lambda _e: None, failed)

    def next_word(self) -> None:
        if not self.words:
            return
        if self.word is not None and not self.finished and self.attempts:
            self._record(False)
        self.turn += 1
        self._show(next_word(self.words, self.done, self.turn))

    def replay_keys(self) -> None:
        if self.word is None:
            return
        self.set_mode("keyboard")
        try:
            strokes = keystrokes_for(self.word.dz)
        except ValueError as error:
            self._say(str(error), "gentle")
            return
        self.replay.start(self.word.dz, strokes)

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
