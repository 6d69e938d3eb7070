"""The recording studio, driven like a facilitator would, with a generated WAV as microphone.

CI has no sound card: ``DZLEARN_FAKE_MIC`` makes the studio "record" by streaming a file in real
time through the same Microphone interface the QtMultimedia microphone implements.
"""

from pathlib import Path

import numpy as np
import soundfile as sf

from dzlearn.lessons.audio import AudioLibrary, AudioState
from dzlearn.lessons.models import Prompt
from dzlearn.packs import generate_keypair, trust_key, verify_pack
from dzlearn.packs.keys import TrustStore, read_public_key
from dzlearn.paths import resource_root
from dzlearn.speech.capture import FileFeed
from dzlearn.speech.folders import audio_folders
from dzlearn.speech.processing import TARGET_DBFS, decode, loudness_dbfs
from dzlearn.ui.audio import PromptPlayer
from dzlearn.ui.studio import StudioScreen
from dzlearn.ui.studio.capture import FileMicrophone

LESSON = ("dz-foundations", "ka-row")
VOICE_SECONDS = 0.8


def write_take(path: Path, rate: int = 44100, voice: bool = True) -> Path:
    """0.5 s of room noise, a speech-like buzz in syllables, 0.5 s of room noise."""
    t = np.arange(int(VOICE_SECONDS * rate)) / rate
    phase = 2 * np.pi * np.cumsum(140 + 30 * np.sin(2 * np.pi * 1.3 * t)) / rate
    buzz = sum(np.sin(k * phase) / k for k in range(1, 10)) * (0.3 + np.abs(np.sin(5 * t)))
    speech = 0.05 * buzz / np.max(np.abs(buzz)) if voice else np.zeros_like(t)
    quiet = np.zeros(int(0.5 * rate))
    noise = np.random.default_rng(3).normal(0, 0.0003, len(t) + 2 * len(quiet))
    sf.write(str(path), (np.concatenate([quiet, speech, quiet]) + noise).astype(np.float32), rate)
    return path


def open_studio(app, qtbot, **kwargs) -> StudioScreen:
    player = PromptPlayer()
    studio = StudioScreen(app.window.services, app.runner, player, **kwargs)
    app.window.stack.addWidget(studio)
    app.window.stack.setCurrentWidget(studio)
    app.idle()
    assert studio.coverage is not None
    return studio


def counts(studio: StudioScreen):
    return studio.coverage.lesson(*LESSON).counts


def test_record_trim_play_approve_export_and_import_elsewhere(launch, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("DZLEARN_FAKE_MIC", str(write_take(tmp_path / "mic.wav")))
    app = launch()
    studio = open_studio(app, qtbot)
    assert "Test microphone" in studio.mic_note.text()
    before = counts(studio)
    assert before.recorded == 0 and before.missing == before.segments

    studio.list_page.speaker.setText("Pema Wangmo")
    studio.list_page.lesson_buttons[LESSON].click()
    segment = studio.segment
    assert segment is not None and segment.id == "dz-foundations.ka-row.intro"
    assert studio.walk_page.text_dz.text() == segment.text.dz
    assert studio.walk_page.status.text().startswith("No recording yet")
    walk = studio.walk_page
    assert walk.record.isEnabled() and not walk.approve.isEnabled() and not walk.play.isEnabled()

    levels: list[int] = []
    walk.meter.valueChanged.connect(levels.append)
    walk.record.click()
    assert studio.recording and walk.stop.isEnabled() and not walk.skip.isEnabled()
    qtbot.waitUntil(lambda: studio.microphone.exhausted, timeout=10000)
    assert max(levels) > 40  # the level meter moved with the voice
    assert studio.walk_page.status.text().startswith("● Recording")
    with qtbot.waitSignal(studio.player.finished, timeout=20000):  # plays back by itself
        walk.stop.click()
    app.idle()

    recorded = app.window.services.location.root / "audio" / "recordings"
    (ogg,) = (recorded / "dz").glob("*.ogg")
    info = sf.info(str(ogg))
    assert (info.format, info.subtype, info.samplerate, info.channels) == ("OGG", "OPUS", 48000, 1)
    clip = decode(ogg)
    assert abs(clip.duration_ms - (VOICE_SECONDS * 1000 + 300)) <= 60  # 150 ms kept each side
    assert abs(loudness_dbfs(clip) - TARGET_DBFS) <= 1.5
    assert "silence cut" in walk.take_info.text()
    assert counts(studio).recorded == 1 and counts(studio).approved == 0
    prompt = Prompt(segment=segment.id, text=segment.text)
    assert app.window.services.audio.lookup(prompt).state is AudioState.RECORDED  # lessons hear it

    with qtbot.waitSignal(studio.player.finished, timeout=20000):
        walk.play.click()
    assert walk.approve.isEnabled()
    with qtbot.waitSignal(studio.changed, timeout=10000):
        walk.approve.click()
    app.idle()
    assert counts(studio).approved == 1 and counts(studio).missing == before.segments - 1
    assert studio.segment.id == "dz-foundations.ka-row.ka"  # moved on to the next prompt

    key, pub, ident = generate_keypair(tmp_path / "centre")
    archive = tmp_path / "out" / "voice.dzpack"
    studio.export_to(archive, key)
    app.idle()
    assert "Exported 1 recordings" in studio.message.text()
    checked = verify_pack(archive, TrustStore.of(read_public_key(pub)))
    assert checked.manifest.kind == "audio" and checked.manifest.key_id == ident

    other = launch(tmp_path / "second-centre")
    studio2 = open_studio(other, qtbot, microphone=None)
    studio2.import_from(archive)
    other.idle()
    assert "untrusted-key" in studio2.message.text()  # refused in words, nothing installed
    trust_key(other.window.services.location.root, pub)
    studio2.import_from(archive)
    other.idle()
    assert "Imported recordings" in studio2.message.text()
    assert studio2.coverage.lesson(*LESSON).counts.approved == 1
    found = AudioLibrary.load(
        *audio_folders(resource_root(), other.window.services.location.root)
    ).lookup(prompt)
    assert found.state is AudioState.RECORDED and found.approved and not found.synthetic


def test_without_a_microphone_the_studio_says_so_and_still_imports(launch, qtbot):
    app = launch()
    studio = open_studio(app, qtbot, microphone=None)
    assert "No microphone found" in studio.mic_note.text()
    assert studio.list_page.import_button.isEnabled() and studio.list_page.export_button.isEnabled()
    studio.walk_missing()
    assert studio.segment is not None
    assert not studio.walk_page.record.isEnabled() and studio.walk_page.skip.isEnabled()
    studio.walk_page.skip.click()
    assert studio.index == 1
    with qtbot.waitSignal(studio.exit_requested):
        studio.walk_page.back.click()
        studio.list_page.back.click()


def test_a_silent_take_is_refused_in_words_and_nothing_is_saved(launch, qtbot, tmp_path):
    app = launch()
    feed_path = write_take(tmp_path / "silence.wav", voice=False)
    mic = FileMicrophone(FileFeed.load(feed_path), speed=8.0)
    studio = open_studio(app, qtbot, microphone=mic)
    studio.list_page.speaker.setText("Pema")
    studio.walk_missing()
    studio.walk_page.record.click()
    qtbot.waitUntil(lambda: mic.exhausted, timeout=5000)
    studio.walk_page.stop.click()
    app.idle()
    assert "silent" in studio.message.text()
    assert not (app.window.services.location.root / "audio" / "recordings" / "dz").exists()
    assert studio.walk_page.record.isEnabled()


def test_recording_needs_a_speaker_name(launch, qtbot, tmp_path):
    app = launch()
    mic = FileMicrophone(FileFeed.load(write_take(tmp_path / "t.wav")), speed=8.0)
    studio = open_studio(app, qtbot, microphone=mic)
    studio.walk_missing()
    studio.walk_page.record.click()
    assert not studio.recording and "speaker" in studio.message.text()
