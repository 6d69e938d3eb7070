"""Raw microphone bytes become samples, however the sound card chops them up."""

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from dzlearn.speech import capture
from dzlearn.speech.capture import FileFeed, MicrophoneError, PcmBuffer, fake_microphone_path


def test_int16_pcm_split_anywhere_comes_back_whole():
    samples = (np.sin(np.arange(1000) / 7) * 20000).astype("<i2")
    raw = samples.tobytes()
    buffer = PcmBuffer(48000, 1, "int16")
    for start in range(0, len(raw), 333):  # odd sizes: half a sample at a time at the edges
        buffer.append_bytes(raw[start : start + 333])
    got = buffer.take()
    assert got.rate == 48000 and got.samples.shape == (1000, 1)
    assert np.allclose(got.samples[:, 0], samples / 32768.0)


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("uint8", np.array([128, 255, 0], np.uint8), [0.0, 127 / 128, -1.0]),
        ("int32", np.array([0, 2**30], "<i4"), [0.0, 0.5]),
        ("float32", np.array([0.25, -0.5], "<f4"), [0.25, -0.5]),
    ],
)
def test_every_sample_format_maps_to_plus_minus_one(kind, raw, expected):
    buffer = PcmBuffer(16000, 1, kind)
    buffer.append_bytes(raw.tobytes())
    assert np.allclose(buffer.take().samples[:, 0], expected)


def test_stereo_frames_stay_paired_and_the_level_is_the_peak():
    buffer = PcmBuffer(44100, 2, "float32")
    level = buffer.append_bytes(np.array([0.1, -0.5, 0.2, 0.3], "<f4").tobytes())
    assert buffer.take().samples.shape == (2, 2)
    assert level == pytest.approx(20 * np.log10(0.5))


def test_a_forgotten_recording_stops_growing(monkeypatch):
    monkeypatch.setattr(capture, "MAX_TAKE_SECONDS", 1)
    buffer = PcmBuffer(1000, 1, "float32")
    for _ in range(5):
        buffer.append_frames(np.zeros(600, np.float32))
    assert buffer.full and len(buffer.take().samples) == 1000


def test_unknown_format_is_refused():
    with pytest.raises(MicrophoneError):
        PcmBuffer(48000, 1, "int24")


def test_a_file_feeds_out_in_chunks(tmp_path: Path):
    wav = tmp_path / "voice.wav"
    sf.write(str(wav), np.linspace(-0.5, 0.5, 1600, dtype=np.float32), 16000)
    feed = FileFeed.load(wav)
    chunks = []
    while not feed.exhausted:
        chunks.append(feed.next_chunk(0.03))
    assert [len(c) for c in chunks] == [480, 480, 480, 160]
    feed.rewind()
    assert not feed.exhausted
    with pytest.raises(MicrophoneError, match="cannot be read"):
        FileFeed.load(tmp_path / "nope.wav")


def test_the_fake_microphone_is_chosen_by_environment():
    assert fake_microphone_path({}) is None
    assert fake_microphone_path({"DZLEARN_FAKE_MIC": " /x/take.wav "}) == Path("/x/take.wav")
