"""Play recorded prompts with QtMultimedia, created on first use; the backend is slow to load."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal


class PromptPlayer(QObject):
    finished = Signal()
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._player = None
        self._output = None

    def _ensure(self):  # noqa: ANN202 - Qt types imported lazily
        if self._player is None:
            from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

            self._output = QAudioOutput(self)
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(self._output)
            self._player.mediaStatusChanged.connect(self._on_status)
            self._player.errorOccurred.connect(self._on_error)
        return self._player

    def play(self, path: Path) -> None:
        player = self._ensure()
        player.stop()
        player.setSource(QUrl.fromLocalFile(str(path)))
        player.play()

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    def _on_status(self, status) -> None:  # noqa: ANN001
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.finished.emit()

    def _on_error(self, _error, message: str) -> None:  # noqa: ANN001
        self.failed.emit(message or "the recording could not be played")
