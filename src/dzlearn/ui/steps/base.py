"""What every step view offers the lesson screen that hosts it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QStyle, QWidget

from dzlearn.i18n import N_, _
from dzlearn.lessons.audio import AudioLibrary, AudioState, PromptAudio
from dzlearn.lessons.models import Prompt
from dzlearn.ui.audio import PromptPlayer
from dzlearn.ui.style import button, label, space
from dzlearn.ui.widgets.pictures import PictureSet

AUDIO_NOTES = {
    AudioState.MISSING: N_("No recording yet — read the text below."),
    AudioState.STALE: N_("The recording is out of date and is not played — read the text below."),
    AudioState.BROKEN: N_("The recording file is missing — read the text below."),
}


def audio_note(audio: PromptAudio) -> str:
    """What the learner is told about a prompt's audio: why nothing plays, or that the voice
    is synthetic (never passed off as a person's); empty for a recording that just plays."""
    if audio.state is not AudioState.RECORDED:
        return _(AUDIO_NOTES[audio.state])
    if audio.synthetic:
        if audio.language == "en":
            return _("No Dzongkha recording yet: English read by a synthetic voice")
        return _("Synthetic voice (placeholder, not a native speaker)")
    return ""


@dataclass
class StepContext:
    """What views need besides their step: pictures, audio, and the input method."""

    pictures: PictureSet
    pack_pictures: PictureSet | None
    audio: AudioLibrary
    player: PromptPlayer
    input_method: Any = None  # the learner's dzlearn.ime InputMethod, once loaded
    record_choice: Callable[[str, str], None] | None = None  # (typed, chosen) → saved


class StepView(QWidget):
    """A step the learner does; ``completed`` carries the result saved in the event log.

    A *passive* step (listening, reading) is done when the learner presses Next; an active one
    emits ``completed`` itself once the learner has done what it asks.
    """

    completed = Signal(dict)
    feedback = Signal(str, str)  # text, role ("good", "gentle", "hint", "error")
    passive = False

    def show_step(self, step: Any, context: StepContext) -> None:
        """Every view overrides this: lay out ``step`` and reset any state from the last one."""

    def key_pressed(self, event: QKeyEvent) -> bool:
        """A key the lesson screen did not use; True if this view used it."""
        return False

    def passive_result(self) -> dict[str, Any]:
        return {}


class PromptListener(QWidget):
    """A "Listen" button and its note for a prompt inside a step (a quiz question), played
    through the lesson's player: the Dzongkha recording, else the English synthetic one."""

    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(space(12))
        self.play = button(_("Listen"))
        self.play.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # typing keys stay with the lesson
        self.play.clicked.connect(self.replay)
        row.addWidget(self.play)
        self.note = label("", "badge")
        row.addWidget(self.note, 1)
        self._player: PromptPlayer | None = None
        self.audio: PromptAudio | None = None

    def show_prompt(self, prompt: Prompt, context: StepContext, autoplay: bool) -> None:
        self._player = context.player
        self.audio = context.audio.lookup_fallback(prompt)
        self.play.setEnabled(self.audio.playable)
        note = audio_note(self.audio)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        if autoplay:
            self.replay()

    def replay(self) -> None:
        if self._player is not None and self.audio is not None and self.audio.playable:
            self._player.play(self.audio.path)
