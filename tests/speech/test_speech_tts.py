"""English instructions spoken by eSpeak NG through pyttsx3: a file, labelled synthetic.

One short phrase is synthesised once for the module (espeak-ng is a system package that
scripts/setup.sh installs; without it this fails rather than skips, so CI notices)."""

import shutil

import pytest
import soundfile as sf

from dzlearn.lessons.audio import AudioLibrary, AudioState, Recording
from dzlearn.lessons.models import Prompt, Text
from dzlearn.speech.processing import decode, loudness_dbfs
from dzlearn.speech.store import RecordingStore, StoreError

PHRASE = Text(dz="ཉོན", en="Listen.")


@pytest.fixture(scope="module")
def spoken(tmp_path_factory) -> tuple[RecordingStore, Recording]:
    if shutil.which("espeak-ng") is None:
        pytest.fail("espeak-ng is not installed: run scripts/setup.sh (it installs espeak-ng)")
    store = RecordingStore(tmp_path_factory.mktemp("recordings"))
    return store, store.save_english_synthetic("tiny.intro", PHRASE)


def test_english_is_synthesised_to_opus_and_labelled_synthetic(spoken):
    store, rec = spoken
    path = store.folder / rec.file
    assert sf.info(str(path)).subtype == "OPUS"
    clip = decode(path)
    assert 200 < clip.duration_ms < 3000 and loudness_dbfs(clip) > -25
    assert (rec.segment, rec.language, rec.synthetic, rec.approved) == (
        "tiny.intro#en", "en", True, False,
    )  # fmt: skip
    assert "synthetic" in rec.speaker
    with pytest.raises(StoreError):  # there is no Dzongkha recording to approve
        store.approve("tiny.intro", PHRASE)


def test_the_player_falls_back_to_it_only_when_dzongkha_is_missing(spoken):
    store, _rec = spoken
    audio = AudioLibrary.load(store.folder)
    prompt = Prompt(segment="tiny.intro", text=PHRASE)
    assert audio.lookup(prompt).state is AudioState.MISSING
    fallback = audio.lookup_fallback(prompt)
    assert fallback.state is AudioState.RECORDED and fallback.synthetic
    assert fallback.language == "en"
