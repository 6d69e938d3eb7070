"""What the studio needs from a microphone, without Qt: a small interface, a buffer that turns
raw PCM into samples, and a file "microphone" for machines with no sound card.

The Qt microphone (``ui/studio/capture.py``) and the file microphone both implement
``Microphone``; the studio only ever talks to that interface. ``DZLEARN_FAKE_MIC=/path/to.wav``
makes the studio record from that file instead of a real device (CI has no sound card).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import soundfile as sf

FAKE_MIC_ENV = "DZLEARN_FAKE_MIC"
MAX_TAKE_SECONDS = 120  # a prompt is a few seconds; this stops a forgotten Record filling RAM

SAMPLE_TYPES: dict[str, tuple[np.dtype, float, float]] = {
    # name: (numpy type, offset, scale) so that float = (raw - offset) / scale
    "uint8": (np.dtype(np.uint8), 128.0, 128.0),
    "int16": (np.dtype("<i2"), 0.0, 32768.0),
    "int32": (np.dtype("<i4"), 0.0, 2147483648.0),
    "float32": (np.dtype("<f4"), 0.0, 1.0),
}


class MicrophoneError(Exception):
    """The microphone could not start or stopped working; the message is for people."""


@dataclass(frozen=True)
class Take:
    """What a microphone heard: float32 frames × channels at ``rate``."""

    samples: np.ndarray
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0


class Microphone(Protocol):
    """A source of takes. Callbacks arrive on the thread that called ``start`` (the UI's)."""

    name: str
    fake: bool

    def start(self, on_level: Callable[[float], None], on_error: Callable[[str], None]) -> None: ...

    def stop(self) -> Take: ...


def level_db(chunk: np.ndarray) -> float:
    """Peak of a chunk in dBFS (-inf for silence): what a level meter shows."""
    peak = float(np.max(np.abs(chunk))) if chunk.size else 0.0
    return 20 * math.log10(peak) if peak > 0 else -math.inf


class PcmBuffer:
    """Collects raw interleaved PCM as it arrives and gives it back as float samples."""

    def __init__(self, rate: int, channels: int, sample_type: str) -> None:
        if sample_type not in SAMPLE_TYPES:
            raise MicrophoneError(f"unsupported sample format {sample_type}")
        self.rate, self.channels, self.sample_type = rate, max(1, channels), sample_type
        self._dtype, self._offset, self._scale = SAMPLE_TYPES[sample_type]
        self._frame_bytes = self._dtype.itemsize * self.channels
        self._pending = b""
        self._chunks: list[np.ndarray] = []
        self.frames = 0

    @property
    def full(self) -> bool:
        return self.frames >= MAX_TAKE_SECONDS * self.rate

    def append_bytes(self, data: bytes) -> float:
        """Add raw bytes (any length); returns the chunk's peak level in dBFS."""
        data = self._pending + data
        usable = len(data) - len(data) % self._frame_bytes
        self._pending = data[usable:]
        raw = np.frombuffer(data[:usable], dtype=self._dtype)
        chunk = ((raw.astype(np.float32) - self._offset) / self._scale).reshape(-1, self.channels)
        return self.append_frames(chunk)

    def append_frames(self, chunk: np.ndarray) -> float:
        chunk = np.asarray(chunk, dtype=np.float32).reshape(-1, self.channels)
        if self.full or not len(chunk):
            return level_db(chunk)
        room = MAX_TAKE_SECONDS * self.rate - self.frames
        chunk = chunk[:room]
        self._chunks.append(chunk)
        self.frames += len(chunk)
        return level_db(chunk)

    def take(self) -> Take:
        if not self._chunks:
            return Take(np.zeros((0, self.channels), np.float32), self.rate)
        return Take(np.concatenate(self._chunks), self.rate)


class FileFeed:
    """A sound file handed out chunk by chunk, as a microphone would deliver it."""

    def __init__(self, samples: np.ndarray, rate: int, source: Path | None = None) -> None:
        self.samples = np.asarray(samples, dtype=np.float32)
        if self.samples.ndim == 1:
            self.samples = self.samples[:, None]
        self.rate = rate
        self.source = source
        self.position = 0

    @classmethod
    def load(cls, path: Path) -> FileFeed:
        """Read the file (call it off the UI thread)."""
        try:
            data, rate = sf.read(os.fspath(path), dtype="float32", always_2d=True)
        except (sf.LibsndfileError, RuntimeError, OSError) as exc:
            raise MicrophoneError(f"the test microphone file {path} cannot be read: {exc}") from exc
        return cls(data, rate, path)

    @property
    def channels(self) -> int:
        return self.samples.shape[1]

    @property
    def exhausted(self) -> bool:
        return self.position >= len(self.samples)

    def rewind(self) -> None:
        self.position = 0

    def next_chunk(self, seconds: float) -> np.ndarray:
        count = max(1, int(seconds * self.rate))
        chunk = self.samples[self.position : self.position + count]
        self.position += len(chunk)
        return chunk


def fake_microphone_path(environ: Mapping[str, str]) -> Path | None:
    value = environ.get(FAKE_MIC_ENV, "").strip()
    return Path(value).expanduser() if value else None
