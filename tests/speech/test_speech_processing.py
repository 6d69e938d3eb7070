"""A take becomes a tidy prompt: 48 kHz mono, silence trimmed, level evened out, OGG/Opus."""

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from voicegen import speechlike, take

from dzlearn.speech.processing import (
    PAD_MS,
    TARGET_DBFS,
    AudioProcessingError,
    Clip,
    decode,
    encode_opus,
    load_audio,
    loudness_dbfs,
    process_take,
    resample,
)


def test_silence_around_the_voice_is_trimmed_to_the_padding():
    raw = take(44100, before=0.8, voice=1.0, after=1.2)
    result = process_take(raw, 44100)
    assert result.clip.rate == 48000
    expected = 1000 + 2 * PAD_MS
    assert abs(result.clip.duration_ms - expected) <= 40, result.clip.duration_ms
    assert abs(result.trimmed_ms - (3000 - expected)) <= 40


@pytest.mark.parametrize("amplitude", [0.01, 0.1, 0.9])
def test_quiet_and_loud_takes_come_out_at_the_same_loudness(amplitude):
    result = process_take(take(48000, 0.3, 1.5, 0.3, amplitude), 48000)
    assert abs(result.loudness_dbfs - TARGET_DBFS) <= 1.0
    assert result.peak_dbfs <= -1.0 + 1e-3


def test_peaks_are_limited_below_minus_one_dbfs_without_lowering_the_voice():
    voice = speechlike(1.5, 48000, 0.05)
    voice[24000:24010] = 0.95  # a knock on the table
    result = process_take(voice, 48000)
    assert result.peak_dbfs <= -1.0 + 1e-3
    assert abs(result.loudness_dbfs - TARGET_DBFS) <= 1.0


def test_a_silent_take_is_refused_with_a_reason():
    with pytest.raises(AudioProcessingError, match="silent.*microphone"):
        process_take(np.zeros(48000, np.float32), 48000)
    with pytest.raises(AudioProcessingError, match="Nothing was recorded"):
        process_take(np.zeros(0, np.float32), 48000)


def test_a_distorted_take_gets_a_warning():
    voice = np.clip(speechlike(1.0, 48000, 3.0), -1, 1)
    assert any("too loud" in w for w in process_take(voice, 48000).warnings)


def test_stereo_is_mixed_to_mono():
    voice = speechlike(0.5, 48000)
    result = process_take(np.stack([voice, voice], axis=1), 48000)
    assert result.clip.samples.ndim == 1


def test_resampling_keeps_a_tone_intact():
    tone = np.sin(2 * np.pi * 1000 * np.arange(44100) / 44100).astype(np.float32)
    out = resample(tone, 44100, 48000)
    assert len(out) == 48000
    reference = np.sin(2 * np.pi * 1000 * np.arange(48000) / 48000)
    assert np.max(np.abs(out[100:-100] - reference[100:-100])) < 1e-3
    down = resample(out, 48000, 16000)
    assert len(down) == 16000
    assert abs(np.sqrt(np.mean(down[100:-100] ** 2)) - np.sqrt(0.5)) < 0.01


def test_encoded_opus_decodes_back_at_the_same_length_and_level(tmp_path: Path):
    clip = process_take(take(22050, 0.2, 1.0, 0.2), 22050).clip
    target = tmp_path / "dz" / "p.ogg"
    encode_opus(clip, target)
    info = sf.info(str(target))
    assert (info.format, info.subtype, info.samplerate, info.channels) == ("OGG", "OPUS", 48000, 1)
    back = decode(target)
    assert abs(back.duration_ms - clip.duration_ms) <= 25
    assert abs(loudness_dbfs(back) - loudness_dbfs(clip)) <= 1.0
    assert target.stat().st_size < 20_000  # ~32 kbit/s, not WAV-sized
    assert [p.name for p in target.parent.iterdir()] == ["p.ogg"]  # no temp file left


def test_a_failed_encode_leaves_no_file(tmp_path: Path):
    target = tmp_path / "p.ogg"
    with pytest.raises(Exception):  # noqa: B017 - whatever libsndfile raises
        encode_opus(Clip(np.zeros((10, 3, 3), np.float32), 48000), target)
    assert list(tmp_path.iterdir()) == []


def test_any_readable_file_loads_as_48k_mono(tmp_path: Path):
    wav = tmp_path / "take.wav"
    sf.write(str(wav), np.stack([speechlike(0.5, 44100)] * 2, axis=1), 44100)
    clip = load_audio(wav)
    assert clip.rate == 48000 and clip.samples.ndim == 1 and abs(clip.duration_ms - 500) <= 2
    with pytest.raises(AudioProcessingError, match="cannot be read"):
        load_audio(tmp_path / "missing.wav")
