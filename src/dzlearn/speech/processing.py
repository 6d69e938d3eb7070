"""Turn a raw take into a tidy prompt file: mono 48 kHz, silence trimmed, loudness evened out,
OGG/Opus. Pure numpy + soundfile, so it runs in a worker thread and in tests without Qt.

Choices, so that recordings made on different microphones at different centres sound alike:

* Everything is resampled to 48 kHz, Opus's native rate (it accepts only 8/12/16/24/48 kHz,
  while microphones often give 44.1 kHz and eSpeak NG 22.05 kHz). The resampler is a
  windowed-sinc (Hann) polyphase filter in numpy: plenty for speech, no SciPy needed.
* Leading and trailing silence is found on 10 ms frames: a frame is sound when it is within
  35 dB of the loudest frames (98th percentile, so a knock does not count) and, in a noisy
  room, 6 dB above the noise floor. 150 ms of what was cut is kept
  on each side so words do not start abruptly; 10 ms fades stop clicks.
* Loudness is a gated RMS after BS.1770 (400 ms blocks, -70 dBFS absolute and -10 dB relative
  gates) without its K-weighting filter; for speech that reads within a dB or two of LUFS. It
  is brought to -18 dBFS (≈ -18 LUFS, a level laptop speakers in a noisy room can carry), with
  at most +30 dB of gain, and a look-ahead limiter keeps peaks under -1 dBFS.
* Opus at about 32 kbit/s mono: clear speech, ~4 KB a second.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import soundfile as sf

from dzlearn.packs.fsutil import atomic_output

TARGET_RATE = 48_000
OPUS_RATES = (8_000, 12_000, 16_000, 24_000, 48_000)
TARGET_DBFS = -18.0
CEILING_DBFS = -1.0
MAX_GAIN_DB = 30.0
PAD_MS = 150
FRAME_MS = 10
FADE_MS = 10
SILENT_DBFS = -55.0  # a take whose loudest 10 ms is quieter than this has no voice in it
OPUS_COMPRESSION = 0.9  # libsndfile maps this to ≈32 kbit/s


class AudioProcessingError(Exception):
    """A take that cannot become a prompt, with a message a facilitator can act on."""


@dataclass(frozen=True)
class Clip:
    samples: np.ndarray  # float32, mono
    rate: int

    @property
    def duration_ms(self) -> int:
        return round(1000 * len(self.samples) / self.rate) if self.rate else 0


@dataclass(frozen=True)
class Processed:
    clip: Clip
    trimmed_ms: int  # silence removed
    gain_db: float
    loudness_dbfs: float  # after processing
    peak_dbfs: float
    warnings: list[str] = field(default_factory=list)


def db(value: float) -> float:
    return 20.0 * math.log10(value) if value > 0 else -math.inf


def to_mono(data: np.ndarray) -> np.ndarray:
    data = np.asarray(data, dtype=np.float32)
    if data.ndim == 2:
        data = data.mean(axis=1, dtype=np.float32) if data.shape[1] > 1 else data[:, 0]
    return np.ascontiguousarray(data, dtype=np.float32)


def _kernel(offsets: np.ndarray, cutoff: float, taps: int) -> np.ndarray:
    """Windowed-sinc weights at ``offsets`` (input samples from the output instant)."""
    window = np.where(np.abs(offsets) < taps, 0.5 + 0.5 * np.cos(np.pi * offsets / taps), 0.0)
    return cutoff * np.sinc(cutoff * offsets) * window


def resample(samples: np.ndarray, rate_in: int, rate_out: int, half_width: int = 16) -> np.ndarray:
    """Band-limited resampling of a mono signal; output sample n sits at input time n·in/out."""
    samples = np.asarray(samples, dtype=np.float32)
    if rate_in == rate_out or len(samples) == 0:
        return samples.copy()
    up, down = rate_out // math.gcd(rate_in, rate_out), rate_in // math.gcd(rate_in, rate_out)
    scale = min(1.0, rate_out / rate_in)
    cutoff = 0.94 * scale  # a little below the lower Nyquist frequency
    taps = int(math.ceil(half_width / scale))
    k = np.arange(-taps + 1, taps + 1)
    n_out = int(len(samples) * up // down)
    padded = np.concatenate([np.zeros(taps, np.float32), samples, np.zeros(taps + 1, np.float32)])
    polyphase = up <= 4096
    if polyphase:  # one row of weights per phase, each summing to 1 (no level change)
        phases = np.arange(up)[:, None] / up
        table = _kernel(phases - k[None, :], cutoff, taps)
        table /= table.sum(axis=1, keepdims=True)
    out = np.empty(n_out, np.float32)
    chunk = max(1024, 2_000_000 // len(k))
    for start in range(0, n_out, chunk):
        n = np.arange(start, min(start + chunk, n_out), dtype=np.int64)
        base = (n * down) // up
        if polyphase:
            weights = table[(n * down) % up]
        else:
            frac = (n * down) / up - base
            weights = _kernel(frac[:, None] - k[None, :], cutoff, taps)
            weights /= weights.sum(axis=1, keepdims=True)
        out[start : start + len(n)] = np.einsum(
            "ij,ij->i", weights, padded[base[:, None] + k[None, :] + taps]
        )
    return out


def as_clip(data: np.ndarray, rate: int) -> Clip:
    """Any take (mono or multi-channel, any rate) as mono float32 at 48 kHz."""
    mono = to_mono(data)
    return Clip(resample(mono, rate, TARGET_RATE), TARGET_RATE)


def load_audio(path: Path) -> Clip:
    """Read a WAV/FLAC/OGG/AIFF file as a 48 kHz mono clip."""
    try:
        data, rate = sf.read(str(path), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        raise AudioProcessingError(f"{path}: cannot be read as audio ({exc})") from exc
    return as_clip(data, rate)


def _frame_db(samples: np.ndarray, frame: int) -> np.ndarray:
    count = len(samples) // frame
    if count == 0:
        return np.full(1, db(float(np.sqrt(np.mean(samples**2)))) if len(samples) else -np.inf)
    power = np.mean(samples[: count * frame].reshape(count, frame).astype(np.float64) ** 2, axis=1)
    with np.errstate(divide="ignore"):
        return 10.0 * np.log10(power)


def trim_silence(clip: Clip, pad_ms: int = PAD_MS, below_peak_db: float = 35.0) -> Clip:
    frame = max(1, clip.rate * FRAME_MS // 1000)
    levels = _frame_db(clip.samples, frame)
    finite = levels[np.isfinite(levels)]
    if finite.size == 0:
        return clip
    peak = float(np.percentile(finite, 98))  # a knock on the table is a frame or two
    floor = float(np.percentile(finite, 5))
    threshold = peak - below_peak_db
    if threshold < floor + 6.0 < peak - 12.0:  # a noisy room: cut the noise, not the voice
        threshold = floor + 6.0
    loud = np.flatnonzero(levels >= threshold)
    if loud.size == 0:
        return clip
    pad = clip.rate * pad_ms // 1000
    start = max(0, int(loud[0]) * frame - pad)
    end = min(len(clip.samples), (int(loud[-1]) + 1) * frame + pad)
    return Clip(clip.samples[start:end].copy(), clip.rate)


def loudness_dbfs(clip: Clip) -> float:
    """Gated RMS level (BS.1770 gating, no K-weighting) in dBFS."""
    samples = clip.samples.astype(np.float64)
    block, hop = int(0.4 * clip.rate), int(0.1 * clip.rate)
    if len(samples) == 0:
        return -math.inf
    if len(samples) < block:
        powers = np.array([np.mean(samples**2)])
    else:
        starts = np.arange(0, len(samples) - block + 1, hop)
        cumulative = np.concatenate([[0.0], np.cumsum(samples**2)])
        powers = (cumulative[starts + block] - cumulative[starts]) / block
    powers = powers[powers > 10 ** (-70 / 10)]
    if powers.size == 0:
        return -math.inf
    relative = np.mean(powers) * 10 ** (-10 / 10)
    gated = powers[powers >= relative]
    return 10.0 * math.log10(float(np.mean(gated)))


def limit_peaks(samples: np.ndarray, rate: int, ceiling_dbfs: float = CEILING_DBFS) -> np.ndarray:
    """Look-ahead limiter: per 5 ms block the gain each sample needs, the minimum over the
    block and its neighbours, interpolated between block centres, so no sample exceeds the
    ceiling and the gain moves smoothly."""
    ceiling = 10 ** (ceiling_dbfs / 20)
    magnitude = np.abs(samples)
    if magnitude.size == 0 or magnitude.max() <= ceiling:
        return samples
    block = max(1, rate * 5 // 1000)
    count = -(-len(samples) // block)
    padded = np.full(count * block, 0.0, np.float32)
    padded[: len(samples)] = magnitude
    need = np.minimum(1.0, ceiling / np.maximum(padded.reshape(count, block).max(axis=1), 1e-12))
    widened = np.minimum(need, np.minimum(np.r_[need[1:], 1.0], np.r_[1.0, need[:-1]]))
    centres = np.arange(count) * block + block / 2
    gain = np.interp(np.arange(len(samples)), centres, widened)
    return np.clip(samples * gain.astype(np.float32), -ceiling, ceiling)


def _fade(samples: np.ndarray, rate: int) -> np.ndarray:
    n = min(len(samples) // 2, rate * FADE_MS // 1000)
    if n > 0:
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, n))).astype(np.float32)
        samples = samples.copy()
        samples[:n] *= ramp
        samples[-n:] *= ramp[::-1]
    return samples


def process_take(data: np.ndarray, rate: int, target_dbfs: float = TARGET_DBFS) -> Processed:
    """Raw microphone samples to a prompt-ready clip, or AudioProcessingError saying why not."""
    raw = to_mono(data)
    if len(raw) == 0:
        raise AudioProcessingError("Nothing was recorded. Press Record, speak, then Stop.")
    warnings = []
    if np.mean(np.abs(raw) >= 0.999) > 0.001:
        warnings.append("The voice was too loud and is distorted: move back from the microphone.")
    clip = Clip(resample(raw, rate, TARGET_RATE), TARGET_RATE)
    clip = Clip(clip.samples - np.float32(np.mean(clip.samples)), clip.rate)
    loudest = float(_frame_db(clip.samples, clip.rate * FRAME_MS // 1000).max())
    if loudest < SILENT_DBFS:
        raise AudioProcessingError(
            "The recording is silent. Is the microphone plugged in, switched on and not muted?"
        )
    before = clip.duration_ms
    clip = trim_silence(clip)
    gain_db = min(MAX_GAIN_DB, target_dbfs - loudness_dbfs(clip))
    samples = limit_peaks(clip.samples * np.float32(10 ** (gain_db / 20)), clip.rate)
    shortfall = target_dbfs - loudness_dbfs(Clip(samples, clip.rate))
    if shortfall > 0.3 and gain_db < MAX_GAIN_DB:  # the limiter took out a knock's energy
        gain_db = min(MAX_GAIN_DB, gain_db + shortfall)
        samples = limit_peaks(clip.samples * np.float32(10 ** (gain_db / 20)), clip.rate)
    samples = _fade(samples, clip.rate)
    out = Clip(samples.astype(np.float32), clip.rate)
    if gain_db >= MAX_GAIN_DB:
        warnings.append("The voice was very quiet: speak closer to the microphone.")
    return Processed(
        out,
        trimmed_ms=before - out.duration_ms,
        gain_db=gain_db,
        loudness_dbfs=loudness_dbfs(out),
        peak_dbfs=db(float(np.max(np.abs(out.samples)))),
        warnings=warnings,
    )


def encode_opus(clip: Clip, path: Path) -> None:
    """Write an OGG/Opus file that appears complete or not at all (temp file + rename)."""
    samples, rate = clip.samples, clip.rate
    if rate not in OPUS_RATES:
        samples, rate = resample(samples, rate, TARGET_RATE), TARGET_RATE
    with atomic_output(path) as out:
        try:
            sf.write(
                out, samples, rate, format="OGG", subtype="OPUS", compression_level=OPUS_COMPRESSION
            )
        except TypeError:  # soundfile < 0.13 has no compression_level: libsndfile's default
            out.seek(0)
            out.truncate()
            sf.write(out, samples, rate, format="OGG", subtype="OPUS")


def decode(path: Path) -> Clip:
    data, rate = sf.read(os.fspath(path), dtype="float32", always_2d=True)
    return Clip(to_mono(data), rate)
