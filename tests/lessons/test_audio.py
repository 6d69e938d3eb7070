import json
from pathlib import Path

from dzlearn.lessons.audio import AudioLibrary, AudioState, text_checksum
from dzlearn.lessons.models import Prompt, Text

PROMPT = Prompt(segment="p.ka", text=Text(dz="ཀ", en="This is ka."))


def _manifest(folder: Path, **recording) -> None:
    entry = {
        "segment": "p.ka",
        "file": "ka.ogg",
        "text_sha256": text_checksum("ཀ"),
        "speaker": "test speaker",
        "licence": "CC-BY-4.0",
    } | recording
    (folder / "manifest.json").write_text(json.dumps({"recordings": [entry]}), encoding="utf-8")


def test_no_manifest_means_no_recording_yet(tmp_path: Path):
    assert AudioLibrary.load(tmp_path).lookup(PROMPT).state is AudioState.MISSING


def test_bundled_manifest_loads_and_says_no_recording_yet(repo: Path):
    library = AudioLibrary.load(repo / "assets" / "audio")
    assert library.problems == []
    assert library.lookup(PROMPT).state is AudioState.MISSING


def test_recording_found_when_text_matches(tmp_path: Path):
    _manifest(tmp_path)
    (tmp_path / "ka.ogg").write_bytes(b"OggS")
    audio = AudioLibrary.load(tmp_path).lookup(PROMPT)
    assert audio.state is AudioState.RECORDED and audio.path == tmp_path / "ka.ogg"


def test_changed_text_makes_the_recording_stale(tmp_path: Path):
    _manifest(tmp_path, text_sha256=text_checksum("ཁ"))
    (tmp_path / "ka.ogg").write_bytes(b"OggS")
    assert AudioLibrary.load(tmp_path).lookup(PROMPT).state is AudioState.STALE


def test_listed_but_missing_file_is_broken(tmp_path: Path):
    _manifest(tmp_path)
    assert AudioLibrary.load(tmp_path).lookup(PROMPT).state is AudioState.BROKEN


def test_damaged_manifest_is_reported_not_fatal(tmp_path: Path):
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    library = AudioLibrary.load(tmp_path)
    assert len(library.problems) == 1 and "manifest.json" in library.problems[0]
    assert library.lookup(PROMPT).state is AudioState.MISSING


def test_an_imported_audio_pack_overrides_the_bundled_recording(tmp_path: Path):
    bundled, imported = tmp_path / "bundled", tmp_path / "imported"
    for folder in (bundled, imported):
        folder.mkdir()
        _manifest(folder)
        (folder / "ka.ogg").write_bytes(b"OggS")
    audio = AudioLibrary.load(bundled, imported, tmp_path / "absent").lookup(PROMPT)
    assert audio.state is AudioState.RECORDED and audio.path == imported / "ka.ogg"
