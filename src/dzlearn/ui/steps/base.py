"""What every step view offers the lesson screen that hosts it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from dzlearn.lessons.audio import AudioLibrary
from dzlearn.ui.audio import PromptPlayer
from dzlearn.ui.widgets.pictures import PictureSet


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
