"""English instructions spoken by the system's text-to-speech (pyttsx3), written to a file.

No offline voice speaks Dzongkha, so this only ever reads the *English* text, and what it makes
is labelled synthetic and can never be approved. pyttsx3 2.99 has traps, avoided here:

* ``say()`` shells out to ``aplay`` and, after any ``save_to_file``, overwrites that file instead
  of speaking: we never call ``say()``; playback is QtMultimedia's job.
* Of two queued saves only the last is written: one ``save_to_file`` per ``runAndWait``.
* ``init()`` hands one shared engine to every thread and the loop cannot run twice at once
  ("run loop already started"): one engine per process, every use under one lock.
* The espeak driver prints "Audio saved to …" on stdout: swallowed.

The file is checked (exists, non-empty, decodes) and converted to 48 kHz OGG/Opus like a
person's take, so the rest of the app treats both alike.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dzlearn.speech.processing import (
    AudioProcessingError,
    Processed,
    encode_opus,
    load_audio,
    process_take,
)

SPEAKERS = {"espeak": "eSpeak NG (synthetic)", "sapi5": "Windows SAPI5 (synthetic)"}
SPEAKERS |= {"nsss": "macOS speech (synthetic)", "avspeech": "macOS speech (synthetic)"}

# pyttsx3 drives a process-wide C library; these two guard it, and are the only module state.
_LOCK = threading.Lock()
_ENGINE: list[Any] = []


class SpeechUnavailable(Exception):
    """No working English voice on this computer; the message says how to get one."""


@dataclass(frozen=True)
class Synthesized:
    path: Path
    speaker: str
    duration_ms: int
    processed: Processed


def _engine() -> Any:
    if not _ENGINE:
        if sys.platform == "win32":  # SAPI5 is COM: the calling thread needs COM initialised
            with contextlib.suppress(Exception):
                import comtypes  # type: ignore[import-not-found]

                comtypes.CoInitialize()
        try:
            import pyttsx3
        except ImportError as exc:
            raise SpeechUnavailable("pyttsx3 is not installed; run scripts/setup.sh") from exc
        try:
            _ENGINE.append(pyttsx3.init())
            # pyttsx3's driver cleans up in __del__, which fails if it runs while the
            # interpreter is shutting down: let it go while everything still exists.
            atexit.register(_ENGINE.clear)
        except Exception as exc:  # espeak missing, no SAPI voice, …: all mean "no voice"
            raise SpeechUnavailable(
                f"no text-to-speech voice could start ({exc}); on Linux install espeak-ng "
                "(scripts/setup.sh does)"
            ) from exc
    return _ENGINE[0]


def speaker_name() -> str:
    with _LOCK:
        engine = _engine()
        driver = getattr(getattr(engine, "proxy", None), "_driver", None)
        module = type(driver).__module__.rsplit(".", 1)[-1] if driver is not None else ""
        return SPEAKERS.get(module, f"{module or 'system'} text-to-speech (synthetic)")


def synthesize_wav(text: str, wav_path: Path) -> None:
    """The raw voice file pyttsx3 writes (WAV; AIFF on macOS, which soundfile also reads)."""
    text = " ".join(text.split())
    if not text:
        raise AudioProcessingError("there is no English text to speak")
    with _LOCK:
        engine = _engine()
        wav_path.unlink(missing_ok=True)
        with contextlib.redirect_stdout(io.StringIO()):
            engine.save_to_file(text, str(wav_path))
            engine.runAndWait()
    if not wav_path.is_file() or wav_path.stat().st_size <= 44:  # a bare WAV header is 44 bytes
        raise SpeechUnavailable(f"the text-to-speech engine wrote no audio for {text!r}")


def synthesize_clip(text: str) -> tuple[Processed, str]:
    """Speak ``text`` and tidy it like a person's take; returns it and the speaker label."""
    with tempfile.TemporaryDirectory(prefix="dzlearn-tts-") as tmp:
        raw = Path(tmp) / "voice.wav"
        synthesize_wav(text, raw)
        clip = load_audio(raw)
    return process_take(clip.samples, clip.rate), speaker_name()


def synthesize_english(text: str, out_path: Path) -> Synthesized:
    """Speak ``text`` into ``out_path`` as OGG/Opus (blocking: call it in a worker thread)."""
    processed, speaker = synthesize_clip(text)
    encode_opus(processed.clip, out_path)
    return Synthesized(out_path, speaker, processed.clip.duration_ms, processed)
