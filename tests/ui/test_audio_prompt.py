"""A recorded prompt is played through QtMultimedia when the step opens; a stale one is not."""

import json
import math
import struct
import wave
from pathlib import Path

from dzlearn.lessons.audio import AudioLibrary, text_checksum


def write_tone(path: Path, seconds: float = 0.3, rate: int = 16000) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = int(seconds * rate)
        out.writeframes(
            b"".join(
                struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                for i in range(frames)
            )
        )


def audio_folder(tmp_path: Path, text_dz: str) -> Path:
    folder = tmp_path / "audio"
    folder.mkdir()
    write_tone(folder / "intro.wav")
    manifest = {
        "recordings": [
            {
                "segment": "dz-foundations.ka-row.intro",
                "file": "intro.wav",
                "text_sha256": text_checksum(text_dz),
                "speaker": "generated test tone (not speech)",
                "licence": "CC0-1.0",
            }
        ]
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def open_lesson(app):
    window = app.window
    learner = window.services.learners.create("Dorji", "fish")
    window.open_home(learner)
    app.idle()
    window.home.start_buttons["ka-row"].click()
    app.idle()
    return window.lesson_screen


def test_recorded_prompt_plays_to_the_end(launch, tmp_path, qtbot):
    app = launch()
    app.window.services.audio = AudioLibrary.load(audio_folder(tmp_path, "ཀ་ཁ་ག་ང་"))
    player = app.window.lesson_screen.player
    with qtbot.waitSignal(player.finished, timeout=15000):
        screen = open_lesson(app)
    assert screen.play.isEnabled()
    assert not screen.audio_note.isVisible()


def test_a_stale_recording_is_not_played(launch, tmp_path):
    app = launch()
    app.window.services.audio = AudioLibrary.load(audio_folder(tmp_path, "old text"))
    screen = open_lesson(app)
    assert not screen.play.isEnabled()
    assert "out of date" in screen.audio_note.text()


def test_without_a_dzongkha_recording_english_synthetic_speech_is_played_and_labelled(
    launch, tmp_path, qtbot
):
    folder = tmp_path / "audio-en"
    folder.mkdir()
    write_tone(folder / "intro-en.wav")
    english = "The first row of letters: ka, kha, ga, nga. Listen to each one, then type it."
    manifest = {
        "schema_version": 1,
        "recordings": [
            {
                "segment": "dz-foundations.ka-row.intro#en",
                "file": "intro-en.wav",
                "text_sha256": text_checksum(english),
                "speaker": "eSpeak NG (synthetic)",
                "licence": "CC0-1.0",
                "synthetic": True,
                "language": "en",
            }
        ],
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    app = launch()
    app.window.services.audio = AudioLibrary.load(folder)
    assert app.window.services.audio.problems == []
    with qtbot.waitSignal(app.window.lesson_screen.player.finished, timeout=15000):
        screen = open_lesson(app)
    assert "synthetic voice" in screen.audio_note.text() and not screen.audio_note.isHidden()
