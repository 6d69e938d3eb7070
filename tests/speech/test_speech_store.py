"""The centre's recordings folder: saving takes, approving, and sharing them as signed packs."""

import json
from pathlib import Path

import pytest
import soundfile as sf
from voicegen import take

from dzlearn.lessons.audio import AudioLibrary, AudioState, text_checksum
from dzlearn.lessons.models import Prompt, Text
from dzlearn.packs import PackRefused, build_pack, generate_keypair, trust_key
from dzlearn.speech.coverage import Segment
from dzlearn.speech.folders import audio_folders, recordings_dir
from dzlearn.speech.processing import process_take
from dzlearn.speech.store import (
    RecordingStore,
    StoreError,
    current_checksums,
    import_audio_pack,
)

TEXT = Text(dz="ཀ་ཁ་", en="Listen.")
PROMPT = Prompt(segment="tiny.intro", text=TEXT)


@pytest.fixture(scope="module")
def clip():
    return process_take(take(48000, 0.2, 0.6, 0.2), 48000).clip


def test_a_take_is_saved_as_opus_with_its_manifest_entry(tmp_path: Path, clip):
    store = RecordingStore(recordings_dir(tmp_path))
    rec = store.save_clip("tiny.intro", TEXT, clip, " Pema Wangmo ", "CC-BY-4.0", clock=0)
    assert rec.file.startswith("dz/tiny.intro-") and rec.file.endswith(".ogg")
    assert sf.info(str(store.folder / rec.file)).subtype == "OPUS"
    entry = json.loads(store.manifest_path.read_text(encoding="utf-8"))["recordings"][0]
    assert entry == {
        "segment": "tiny.intro",
        "file": rec.file,
        "text_sha256": text_checksum("ཀ་ཁ་"),
        "speaker": "Pema Wangmo",
        "licence": "CC-BY-4.0",
        "approved": False,
        "synthetic": False,
        "language": "dz",
        "recorded_at": "1970-01-01T00:00:00Z",
        "duration_ms": clip.duration_ms,
    }
    audio = AudioLibrary.load(store.folder).lookup(PROMPT)
    assert audio.state is AudioState.RECORDED and not audio.synthetic


def test_recording_again_replaces_the_take_and_needs_a_new_approval(tmp_path: Path, clip):
    store = RecordingStore(tmp_path)
    first = store.save_clip("tiny.intro", TEXT, clip, "Pema")
    store.approve("tiny.intro", TEXT)
    second = store.save_clip("tiny.intro", TEXT, clip, "Karma")
    assert not (tmp_path / first.file).exists() and (tmp_path / second.file).exists()
    (only,) = store.manifest().recordings
    assert only.speaker == "Karma" and not only.approved


def test_approval_is_refused_for_stale_and_synthetic_recordings(tmp_path: Path, clip):
    store = RecordingStore(tmp_path)
    with pytest.raises(StoreError, match="no recording"):
        store.approve("tiny.intro", TEXT)
    store.save_clip("tiny.intro", TEXT, clip, "Pema")
    with pytest.raises(StoreError, match="text changed"):
        store.approve("tiny.intro", Text(dz="ཀ་ཁ་ག་", en="Listen."))
    store.save_clip("tiny.q1", TEXT, clip, "eSpeak NG (synthetic)", synthetic=True)
    with pytest.raises(StoreError, match="never be approved"):
        store.approve("tiny.q1", TEXT)
    assert not any(r.approved for r in store.manifest().recordings)


def test_no_speaker_no_save_and_a_damaged_manifest_is_left_alone(tmp_path: Path, clip):
    store = RecordingStore(tmp_path)
    with pytest.raises(StoreError, match="speaker"):
        store.save_clip("tiny.intro", TEXT, clip, "  ")
    store.manifest_path.write_text("{broken", encoding="utf-8")
    with pytest.raises(StoreError, match="damaged"):
        store.save_clip("tiny.intro", TEXT, clip, "Pema")
    assert store.manifest_path.read_text(encoding="utf-8") == "{broken"
    assert not (tmp_path / "dz").exists()


def test_export_then_import_at_another_centre(tmp_path: Path, clip):
    centre_a, centre_b = tmp_path / "a", tmp_path / "b"
    store = RecordingStore(recordings_dir(centre_a))
    store.save_clip("tiny.intro", TEXT, clip, "Pema")
    store.save_clip("tiny.q1", Text(dz="ཀ", en="Pick ka."), clip, "Pema")  # not approved
    store.approve("tiny.intro", TEXT)
    key, pub, _ident = generate_keypair(tmp_path / "centre-a")
    q1 = Text(dz="ཀ", en="Pick ka.")
    current = current_checksums([Segment("tiny.intro", TEXT, ()), Segment("tiny.q1", q1, ())])
    archive = tmp_path / "voice.dzpack"
    result = store.export_pack(archive, key, "dz-voice-a", current, approved_only=True)
    assert result.recordings == 1 and archive.is_file()
    assert not list(centre_a.glob("audio/.export-*"))  # staging folder removed

    resources = tmp_path / "resources"
    with pytest.raises(PackRefused) as refused:
        import_audio_pack(archive, resources, centre_b)
    assert refused.value.reason_code == "untrusted-key"
    trust_key(centre_b, pub)
    installed = import_audio_pack(archive, resources, centre_b)
    assert (installed.kind, installed.pack_id) == ("audio", "dz-voice-a")
    audio = AudioLibrary.load(*audio_folders(resources, centre_b))
    found = audio.lookup(PROMPT)
    assert found.state is AudioState.RECORDED and found.approved
    assert audio.lookup(Prompt(segment="tiny.q1", text=TEXT)).state is AudioState.MISSING


def test_export_needs_a_real_key_and_something_to_export(tmp_path: Path, clip):
    store = RecordingStore(tmp_path / "rec")
    (tmp_path / "not.key").write_text("hello", encoding="utf-8")
    with pytest.raises(PackRefused) as refused:
        store.export_pack(tmp_path / "x.dzpack", tmp_path / "not.key", "dz-voice-a", {})
    assert refused.value.reason_code == "bad-key"
    key, _pub, _ = generate_keypair(tmp_path / "k")
    with pytest.raises(StoreError, match="no approved recordings"):
        store.export_pack(tmp_path / "x.dzpack", key, "dz-voice-a", {})
    assert not (tmp_path / "x.dzpack").exists()


def test_an_audio_pack_with_an_approved_synthetic_recording_is_refused(tmp_path: Path):
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "a.ogg").write_bytes(b"OggS")
    entry = {"segment": "tiny.intro", "file": "a.ogg", "text_sha256": text_checksum("ཀ"),
             "speaker": "x", "licence": "CC0-1.0", "approved": True, "synthetic": True}  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps({"recordings": [entry]}), encoding="utf-8")
    with pytest.raises(PackRefused) as refused:
        build_pack(folder, tmp_path / "x.dzpack", kind="audio", pack_id="bad", version=1)
    assert refused.value.reason_code == "bad-pack" and "never be approved" in refused.value.message


def test_approving_an_imported_recording_makes_a_local_approved_copy(tmp_path: Path, clip):
    imported = RecordingStore(tmp_path / "packs" / "audio" / "dz-voice-a")
    theirs = imported.save_clip("tiny.intro", TEXT, clip, "Pema")  # not approved there
    here = RecordingStore(tmp_path / "recordings")
    mine = here.approve("tiny.intro", TEXT, adopt=(imported.folder, theirs))
    assert mine.approved and mine.speaker == "Pema" and mine.file != theirs.file
    assert (here.folder / mine.file).read_bytes() == (imported.folder / theirs.file).read_bytes()
    audio = AudioLibrary.load(imported.folder, here.folder).lookup(PROMPT)
    assert audio.approved and audio.path == here.folder / mine.file
