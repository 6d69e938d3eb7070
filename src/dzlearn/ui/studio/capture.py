"""Microphones for the studio: the real one through QtMultimedia, and a file standing in for it.

``QtMicrophone`` reads raw PCM from a ``QAudioSource`` (48 kHz mono 16-bit when the device
offers it, else its preferred format) on a short timer, so the level meter moves while the
facilitator speaks. ``FileMicrophone`` streams a sound file in real time through the same
``Microphone`` interface: CI has no sound card, and ``DZLEARN_FAKE_MIC=/path.wav`` lets anyone
try the studio without one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QObject, QTimer

from dzlearn.i18n import _
from dzlearn.speech.capture import (
    FileFeed,
    Microphone,
    MicrophoneError,
    PcmBuffer,
    Take,
    fake_microphone_path,
)

POLL_MS = 30
NO_DATA_MS = 2500  # a working microphone delivers every few tens of milliseconds


class QtMicrophone(QObject):
    fake = False

    def __init__(self, device) -> None:  # noqa: ANN001 - QAudioDevice, imported lazily
        super().__init__()
        self.device = device
        self.name = device.description() or "microphone"
        self._source = None
        self._io = None
        self._buffer: PcmBuffer | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._poll)
        self._quiet_since = QElapsedTimer()
        self._warned = False
        self._on_level: Callable[[float], None] = lambda _db: None
        self._on_error: Callable[[str], None] = lambda _m: None

    def start(self, on_level: Callable[[float], None], on_error: Callable[[str], None]) -> None:
        from PySide6.QtMultimedia import QAudioFormat, QAudioSource

        fmt = QAudioFormat()
        fmt.setSampleRate(48000)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not self.device.isFormatSupported(fmt):
            fmt = self.device.preferredFormat()
        types = {
            QAudioFormat.SampleFormat.UInt8: "uint8",
            QAudioFormat.SampleFormat.Int16: "int16",
            QAudioFormat.SampleFormat.Int32: "int32",
            QAudioFormat.SampleFormat.Float: "float32",
        }
        if fmt.sampleFormat() not in types or fmt.sampleRate() <= 0:
            raise MicrophoneError(f"{self.name} offers no sound format dzlearn can record")
        self._buffer = PcmBuffer(fmt.sampleRate(), fmt.channelCount(), types[fmt.sampleFormat()])
        self._on_level, self._on_error = on_level, on_error
        self._source = QAudioSource(self.device, fmt, self)
        self._io = self._source.start()
        if self._io is None or self._source.error().name != "NoError":
            self._release()
            raise MicrophoneError(f"{self.name} could not start: is another program using it?")
        self._quiet_since.start()
        self._warned = False
        self._timer.start(POLL_MS)

    def _poll(self) -> None:
        if self._io is None or self._buffer is None:
            return
        data = self._io.readAll()
        if data.size():
            self._on_level(self._buffer.append_bytes(data.data()))
            self._quiet_since.restart()
        elif self._quiet_since.elapsed() > NO_DATA_MS and not self._warned:
            self._warned = True  # unplugged, or the sound system stopped: Qt may not say so
            self._on_error(_("The microphone is sending nothing. Is it still plugged in?"))
        self._check_state()
        if self._buffer.full:
            self._timer.stop()
            self._on_error(_("That take reached the two-minute limit: press Stop."))

    def _check_state(self) -> None:
        """Polled, not connected to stateChanged: PySide 6.12 cannot convert that signal's
        QAudio::State argument. QAudio.Error became QtAudio.Error in Qt 6.7 and the two do not
        compare equal, so errors are compared by name."""
        error = self._source.error().name if self._source is not None else "NoError"
        if error not in ("NoError", "UnderrunError"):
            self._timer.stop()
            self._on_error(_("The microphone stopped working ({e}).").format(e=error))

    def stop(self) -> Take:
        self._poll()
        buffer = self._buffer
        self._release()
        if buffer is None:
            return Take(PcmBuffer(48000, 1, "int16").take().samples, 48000)
        return buffer.take()

    def _release(self) -> None:
        self._timer.stop()
        if self._source is not None:
            self._source.stop()
            self._source.deleteLater()
        self._source, self._io = None, None


class FileMicrophone(QObject):
    """Plays a file into the studio as if someone spoke it, in real time (``speed`` 1)."""

    fake = True

    def __init__(self, feed: FileFeed | None = None, name: str = "", speed: float = 1.0) -> None:
        super().__init__()
        self.feed = feed
        self.name = name or (feed.source.name if feed and feed.source else "test sound file")
        self.speed = speed
        self._buffer: PcmBuffer | None = None
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._poll)
        self._on_level: Callable[[float], None] = lambda _db: None

    @property
    def exhausted(self) -> bool:
        """The whole file has been "spoken" into the current take."""
        return self.feed is not None and self._buffer is not None and self.feed.exhausted

    def start(self, on_level: Callable[[float], None], on_error: Callable[[str], None]) -> None:
        if self.feed is None:
            raise MicrophoneError("The test microphone's sound file is still loading.")
        self.feed.rewind()
        self._buffer = PcmBuffer(self.feed.rate, self.feed.channels, "float32")
        self._on_level = on_level
        self._clock.start()
        self._timer.start(POLL_MS)

    def _poll(self) -> None:
        if self.feed is None or self._buffer is None:
            return
        due = int(self._clock.elapsed() / 1000 * self.speed * self.feed.rate)
        missing = due - self.feed.position
        if missing > 0 and not self.feed.exhausted:
            self._on_level(
                self._buffer.append_frames(self.feed.next_chunk(missing / self.feed.rate))
            )
        elif self.feed.exhausted:
            self._on_level(float("-inf"))

    def stop(self) -> Take:
        self._poll()
        self._timer.stop()
        buffer, self._buffer = self._buffer, None
        if buffer is None:
            return Take(PcmBuffer(48000, 1, "float32").take().samples, 48000)
        return buffer.take()


def fake_microphone(environ: Mapping[str, str]) -> tuple[FileMicrophone, Path] | None:
    """The file microphone ``DZLEARN_FAKE_MIC`` asks for; its file is loaded by the caller."""
    path = fake_microphone_path(environ)
    return (FileMicrophone(name=f"test file {path.name}"), path) if path else None


def default_microphone() -> Microphone | None:
    """The system's default input, or None when this computer has no microphone."""
    from PySide6.QtMultimedia import QMediaDevices

    device = QMediaDevices.defaultAudioInput()
    if device.isNull():
        inputs = QMediaDevices.audioInputs()
        if not inputs:
            return None
        device = inputs[0]
    return QtMicrophone(device)
