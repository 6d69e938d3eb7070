"""The input trainer: phonetic pad, keyboard course, listen-and-type, and progress."""

from dzlearn.ui.trainer.screen import TrainerScreen
from dzlearn.ui.trainer.settings_dialog import TrainerSettingsDialog

__all__ = ["TrainerScreen", "TrainerSettingsDialog"]
