"""The phonetic pad: type Dzongkha by sound, then copy it into a real form in a browser.

Latin letters compose (underlined), the candidate bar offers Dzongkha spellings, a pick goes into
the text, and the word's panel explains its spelling and can show its keys on the keyboard. On
every keystroke the bar's nine buttons are re-labelled in place, never rebuilt, so a key reaches
the screen within a frame.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.ime.engine import Candidate
from dzlearn.ime.explain import explain
from dzlearn.script.keyboard import char_for, keystrokes_for
from dzlearn.script.letters import SHAD, TSHEG
from dzlearn.ui.fonts import DZONGKHA_FAMILY, dzongkha_font
from dzlearn.ui.style import (
    button,
    dz_font,
    dzongkha_label,
    label,
    large_text,
    side_by_side,
    space,
    text_px,
)
from dzlearn.ui.trainer.keys import FastKeyboard, KeyReplay, key_name
from dzlearn.ui.widgets.candidates import (
    CANDIDATE_PX,
    MAX_SHOWN,
    SoundTypingBox,
    candidate_style,
)
from dzlearn.ui.widgets.flow import FlowLayout

TEXT_PX = 46


class IdleLearner(QObject):
    """Tells the input method what the learner picked, but only in a pause in the typing.

    ``InputMethod.record_choice`` re-ranks the whole lexicon (tens of milliseconds, up to
    ~100): done at once it would stall the next keystrokes. The choice itself is saved as an
    event straight away; only the in-memory re-ranking waits, one choice per quiet moment.
    """

    PAUSE_MS = 1200
    NEXT_MS = 60

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pending: list[tuple[object, str, str]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.learn_next)

    def add(self, method: object, typed: str, chosen: str) -> None:
        if method is not None:
            self.pending.append((method, typed, chosen))
            self._timer.start(self.PAUSE_MS)

    def postpone(self) -> None:
        """The learner is typing: wait for the next pause."""
        if self.pending:
            self._timer.start(self.PAUSE_MS)

    def flush(self) -> None:
        while self.learn_next():
            pass

    def learn_next(self) -> bool:
        """Re-rank for the oldest pending choice; False if there was none."""
        if not self.pending:
            return False
        method, typed, chosen = self.pending.pop(0)
        method.record_choice(typed, chosen)
        if self.pending:
            self._timer.start(self.NEXT_MS)
        return True


class QuickSoundBox(SoundTypingBox):
    """The sound-typing box with a fixed grid of candidate buttons relabelled on each keystroke.

    The base class's own bar is hidden and replaced by buttons made once. Backspace on an empty
    composition asks to take back the last word (``erase_last``); Enter picks the first
    candidate, like Space.
    """

    erase_last = Signal()

    def __init__(self, candidates_for: Callable[[str], list[Candidate]]) -> None:
        super().__init__(candidates_for)
        self.learning = IdleLearner(self)
        self.edit.setMinimumHeight(space(64))
        self.edit.setPlaceholderText(_("type how it sounds, e.g. kuzuzangpo"))
        old_bar = self._bar.parentWidget()
        if old_bar is not None and old_bar is not self:
            old_bar.hide()
        host = QWidget()
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(space(10))
        self.layout().addWidget(host)
        self._pool: list[QToolButton] = []
        font, style = dz_font(CANDIDATE_PX), candidate_style()
        self.columns = 2 if large_text() else 3  # a long spelling still fits its button
        for i in range(MAX_SHOWN):
            b = QToolButton()
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setStyleSheet(style)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setFont(font)
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            b.setMinimumHeight(space(54))
            b.clicked.connect(lambda _=False, n=i: self.pick(n))
            b.hide()
            self._pool.append(b)
            grid.addWidget(b, i // self.columns, i % self.columns)
        for col in range(self.columns):
            grid.setColumnStretch(col, 1)

    def refresh(self) -> None:
        self.learning.postpone()
        self.shown = self._candidates_for(self.edit.text())[:MAX_SHOWN]
        for i, b in enumerate(self._pool):
            if i < len(self.shown):
                candidate = self.shown[i]
                b.setText(f"{i + 1}  {candidate.text}")
                b.setToolTip(f"{candidate.roman} — {candidate.gloss}".strip(" —"))
                b.show()
            else:
                b.hide()
        self.buttons = self._pool[: len(self.shown)]

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802 - Qt API
        if (
            watched is self.edit
            and isinstance(event, QKeyEvent)
            and event.type() == event.Type.KeyPress
        ):
            key = event.key()
            if key == Qt.Key.Key_Backspace and not self.edit.text():
                self.erase_last.emit()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.shown:
                self.pick(0)
                return True
        return super().eventFilter(watched, event)


class PadView(QWidget):
    """``chosen`` carries (what was typed, the Dzongkha picked) for the input method to learn."""

    chosen = Signal(str, str)
    feedback = Signal(str, str)

    def __init__(self) -> None:
        super().__init__()
        self.input_method = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = side_by_side()
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        size = min(text_px(TEXT_PX), 72)  # two lines of it still fit at 200 %
        font = QFont(dzongkha_font(size))
        font.setFamilies([*QApplication.font().families()[:1], DZONGKHA_FAMILY])
        self.text.setFont(font)  # Latin (the placeholder) in the Latin font, Dzongkha in Uchen
        self.text.setStyleSheet(f"QPlainTextEdit {{ font-size: {size}px; }}")
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text.setMinimumHeight(space(112))
        self.text.setMaximumHeight(space(130) if not large_text() else round(size * 3.6))
        self.text.setPlaceholderText(_("Your Dzongkha text appears here"))
        top.addWidget(self.text, 1)
        tools_host = QWidget()
        tools: QGridLayout | FlowLayout
        if large_text():  # a row under the text that wraps; at 100 % two by two beside it
            tools = FlowLayout(tools_host, spacing=space(10))
        else:
            tools = QGridLayout(tools_host)
            tools.setContentsMargins(0, 0, 0, 0)
        self.copy = button(_("Copy"), primary=True)
        self.copy.clicked.connect(self.copy_text)
        self.undo = button(_("Undo word"))
        self.undo.clicked.connect(self.erase_last)
        self.shad = button(_("End sentence །"))
        self.shad.clicked.connect(self.end_sentence)
        self.clear = button(_("Clear"))
        self.clear.clicked.connect(self.clear_text)
        for n, b in enumerate((self.copy, self.undo, self.shad, self.clear)):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Tab reaches them; a click keeps the keys
            b.setAutoDefault(True)
            if isinstance(tools, QGridLayout):
                tools.addWidget(b, n // 2, n % 2)
            else:
                tools.addWidget(b)
        top.addWidget(tools_host)
        outer.addLayout(top)

        self.box = QuickSoundBox(self._candidates)
        self.box.chosen.connect(self.choose)
        self.box.erase_last.connect(self.erase_last)
        outer.addWidget(self.box)
        self.waiting = label(_("Getting the word list ready…"), "hint")
        outer.addWidget(self.waiting)

        bottom = side_by_side()
        panel = QFrame()
        panel.setObjectName("panel")  # styled by the window's stylesheet
        if not large_text():
            panel.setMinimumWidth(360)
            panel.setMaximumWidth(460)
        panel_box = QVBoxLayout(panel)
        panel_box.setSpacing(4)
        self.word = dzongkha_label("", 38)
        self.word.setWordWrap(True)
        self.sound = label(_("Pick a word to see how it is spelt."), "heading")
        self.why = label("", "hint")
        self.why.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.why.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.show_keys = button(_("Show the keys"))
        self.show_keys.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.show_keys.setAutoDefault(True)
        self.show_keys.clicked.connect(self.replay_keys)
        self.show_keys.setEnabled(False)
        for w in (self.word, self.sound, self.why):
            panel_box.addWidget(w)
        panel_box.addWidget(self.show_keys, 0, Qt.AlignmentFlag.AlignLeft)
        bottom.addWidget(panel)
        right = QVBoxLayout()
        self.keyboard = FastKeyboard()
        self.keyboard.key_clicked.connect(self._key_clicked)
        right.addWidget(self.keyboard, 1)
        caption = QHBoxLayout()
        self.replay_typed = dzongkha_label("", 34)
        caption.addWidget(self.replay_typed)
        self.replay_caption = label("", "heading")
        caption.addWidget(self.replay_caption, 1)
        right.addLayout(caption)
        bottom.addLayout(right, 1)
        outer.addLayout(bottom, 1)
        self.replay = KeyReplay(self.keyboard, self)
        self.replay.stepped.connect(self._replay_step)
        self.last: Candidate | None = None
        self._picks: list[tuple[int, str]] = []  # (length before, text after) of each pick

    # --- the input method -------------------------------------------------------------------

    def set_input_method(self, method: object) -> None:
        self.input_method = method
        self.waiting.hide()
        self.box.refresh()

    def _candidates(self, typed: str) -> list[Candidate]:
        method = self.input_method
        return method.candidates(typed) if method is not None and typed.strip() else []

    def focus_typing(self) -> None:
        self.box.edit.setFocus()

    # --- the text ---------------------------------------------------------------------------

    @property
    def dzongkha(self) -> str:
        return self.text.toPlainText()

    def _append(self, piece: str) -> None:
        current = self.dzongkha
        joiner = TSHEG if current and current[-1] not in (TSHEG, SHAD, " ", "\n") else ""
        self._set_text(current + joiner + piece)
        self._picks.append((len(current), self.dzongkha))

    def _set_text(self, text: str) -> None:
        self.text.setPlainText(text)
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)

    def choose(self, typed: str, candidate: Candidate) -> None:
        self.box.learning.add(self.input_method, typed, candidate.text)
        self.chosen.emit(typed, candidate.text)
        self._append(candidate.text)
        self.box.clear()
        self.explain(candidate)

    def explain(self, candidate: Candidate) -> None:
        self.replay.stop()
        self.last = candidate
        self.word.setText(candidate.text)
        said = " — ".join(p for p in (candidate.roman, candidate.gloss) if p)
        self.sound.setText(said)
        notes = explain(candidate.text)
        self.why.setText("\n".join(notes) if notes else _("Said as it is spelt."))
        self.show_keys.setEnabled(True)
        self.replay_typed.setText("")
        self.replay_caption.setText("")

    def erase_last(self) -> None:
        """Take back the last word picked (with the tsheg before it); after other edits, the
        last syllable or shad."""
        text = self.dzongkha
        if self._picks and self._picks[-1][1] == text:
            self._set_text(text[: self._picks.pop()[0]])
            return
        self._picks.clear()
        text = text.rstrip(" \n")
        if text.endswith(SHAD):
            self._set_text(text[:-1].rstrip(TSHEG))
            return
        text = text.rstrip(TSHEG)
        cut = max(text.rfind(TSHEG), text.rfind(SHAD), text.rfind(" "))
        self._set_text(text[:cut].rstrip(TSHEG) if cut >= 0 else "")

    def end_sentence(self) -> None:
        text = self.dzongkha.rstrip(TSHEG)
        if text and not text.endswith(SHAD):
            ends_nga = text.endswith("ང")
            self._set_text(text + (TSHEG if ends_nga else "") + SHAD + " ")
        self.focus_typing()

    def clear_text(self) -> None:
        self._set_text("")
        self.box.clear()
        self.focus_typing()

    def _key_clicked(self, code: str, shift: bool) -> None:
        """A key clicked or touched on the on-screen keyboard types its letter straight in."""
        char = char_for(code, shift)
        if char:
            self._set_text(self.dzongkha + char)

    def copy_text(self) -> None:
        text = self.dzongkha.strip()
        if not text:
            self.feedback.emit(_("Type something first, then copy it."), "gentle")
            return
        QGuiApplication.clipboard().setText(text)
        self.feedback.emit(
            _("Copied. In the form, click the box and press Ctrl+V to paste."), "good"
        )
        self.focus_typing()

    # --- show the keys ----------------------------------------------------------------------

    def replay_keys(self) -> None:
        if self.last is None:
            return
        try:
            strokes = keystrokes_for(self.last.text)
        except ValueError as error:
            self.feedback.emit(str(error), "gentle")
            return
        self.replay.start(self.last.text, strokes)
        self.focus_typing()

    def _replay_step(self, typed: str, stroke: object) -> None:
        self.replay_typed.setText(typed)
        if stroke is None:
            self.replay_caption.setText(_("That is all the keys."))
        else:
            self.replay_caption.setText(_("next: {key}").format(key=key_name(stroke)))
