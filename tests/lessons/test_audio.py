import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from dzlearn.lessons.audio import AudioLibrary, AudioManifest, AudioState, Recording, text_checksum
from dzlearn.lessons.loader import Library
from dzlearn.lessons.models import Pack, Prompt, Text
from dzlearn.speech.coverage import check_consistency

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


# -- synthetic voices, English stand-ins, manifest consistency ---------------------------------


def _entry(**fields) -> dict:
    return {
        "segment": "p.ka",
        "file": "ka.ogg",
        "text_sha256": text_checksum("ཀ"),
        "speaker": "s",
        "licence": "CC-BY-4.0",
    } | fields


def _write(folder: Path, *entries: dict, files: bool = True) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for entry in entries:
        if files:
            (folder / entry["file"]).parent.mkdir(parents=True, exist_ok=True)
            (folder / entry["file"]).write_bytes(b"OggS")
    manifest = {"schema_version": 1, "recordings": list(entries)}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_a_synthetic_recording_can_never_be_approved():
    with pytest.raises(ValidationError, match="synthetic recording can never be approved"):
        Recording.model_validate(_entry(synthetic=True, approved=True))


def test_one_bad_entry_is_skipped_and_named_the_rest_still_play(tmp_path: Path):
    good = _entry(segment="p.kha", file="kha.ogg", text_sha256=text_checksum("ཁ"))
    _write(tmp_path, _entry(synthetic=True, approved=True), good)
    library = AudioLibrary.load(tmp_path)
    assert library.lookup(PROMPT).state is AudioState.MISSING
    kha = Prompt(segment="p.kha", text=Text(dz="ཁ", en="kha"))
    assert library.lookup(kha).state is AudioState.RECORDED
    assert len(library.problems) == 1 and "recordings.0" in library.problems[0]


@pytest.mark.parametrize(
    "fields",
    [
        {"segment": "p.ka#en"},  # English key, Dzongkha language
        {"language": "en"},  # English language, Dzongkha key
        {"file": "../../secret.ogg"},
        {"file": "/etc/passwd"},
        {"file": "C:\\x.ogg"},
        {"recorded_at": "yesterday"},
        {"mood": "happy"},
    ],
)
def test_malformed_recordings_are_refused(fields):
    with pytest.raises(ValidationError):
        Recording.model_validate(_entry(**fields))


def test_manifest_round_trip_and_replace():
    first = Recording.model_validate(_entry())
    manifest = AudioManifest().with_recording(first)
    again = manifest.with_recording(first.model_copy(update={"approved": True}))
    assert len(again.recordings) == 1 and again.recordings[0].approved
    assert AudioManifest.model_validate(json.loads(again.to_bytes())) == again
    assert again.without("p.ka").recordings == []


def test_english_recordings_follow_the_english_text(tmp_path: Path):
    _write(
        tmp_path,
        _entry(segment="p.ka#en", language="en", file="en/ka.ogg", synthetic=True,
               text_sha256=text_checksum("This is ka.")),
    )  # fmt: skip
    library = AudioLibrary.load(tmp_path)
    english = library.lookup(PROMPT, "en")
    assert english.state is AudioState.RECORDED and english.synthetic
    assert english.path == tmp_path / "en" / "ka.ogg"
    edited = Prompt(segment="p.ka", text=Text(dz="ཀ", en="This letter is ka."))
    assert library.lookup(edited, "en").state is AudioState.STALE


def test_fallback_prefers_dzongkha_then_synthetic_english_then_says_why(tmp_path: Path):
    english = _entry(segment="p.ka#en", language="en", file="en/ka.ogg", synthetic=True,
                     text_sha256=text_checksum("This is ka."))  # fmt: skip
    _write(tmp_path / "both", _entry(), english)
    both = AudioLibrary.load(tmp_path / "both").lookup_fallback(PROMPT)
    assert both.state is AudioState.RECORDED and (both.language, both.synthetic) == ("dz", False)

    _write(tmp_path / "stale", _entry(text_sha256=text_checksum("ཁ")), english)
    stale = AudioLibrary.load(tmp_path / "stale").lookup_fallback(PROMPT)
    assert stale.state is AudioState.RECORDED and (stale.language, stale.synthetic) == ("en", True)

    assert AudioLibrary.load(tmp_path / "none").lookup_fallback(PROMPT).state is AudioState.MISSING
    _write(tmp_path / "gone", _entry(), files=False)
    assert AudioLibrary.load(tmp_path / "gone").lookup_fallback(PROMPT).state is AudioState.BROKEN


def _pack(pack_id: str, segment: str, dz: str) -> Pack:
    step = {"kind": "listen", "id": "s", "prompt": {"segment": segment,
            "text": {"dz": dz, "en": "Listen."}}, "show": dz}  # fmt: skip
    lesson = {"id": "l", "title": {"dz": "ཀ", "en": "L"}, "steps": [step]}
    return Pack.model_validate(
        {"schema_version": 1, "id": pack_id, "version": 1, "title": {"dz": "ཀ", "en": "P"},
         "min_app_version": "0.1.0",
         "units": [{"id": "u", "title": {"dz": "ཀ", "en": "U"}, "lessons": [lesson]}]}
    )  # fmt: skip


def test_consistency_names_clashing_text_orphans_missing_files_and_duplicates(tmp_path: Path):
    library = Library([_pack("a", "p.ka", "ཀ"), _pack("b", "p.ka", "ཁ")], [])
    orphan = _entry(segment="p.gone", file="gone.ogg")
    _write(tmp_path, _entry(), _entry(file="ka2.ogg"), orphan)
    (tmp_path / "gone.ogg").unlink()
    problems = check_consistency(library, AudioLibrary.load(tmp_path))
    text = "\n".join(problems)
    assert "'p.ka' has different text in b/l than in a/l" in text
    assert "'p.ka' is listed twice" in text
    assert "'p.gone' belongs to no prompt" in text
    assert "'p.gone' lists gone.ogg, which is missing" in text
    assert len(problems) == 4, problems


def test_consistent_content_has_no_problems(tmp_path: Path):
    _write(tmp_path, _entry())
    assert (
        check_consistency(Library([_pack("a", "p.ka", "ཀ")], []), AudioLibrary.load(tmp_path)) == []
    )


def test_the_committed_manifest_schema_is_current(repo: Path):
    from dzlearn.lessons.audio import manifest_schema

    committed = (repo / "assets" / "audio" / "manifest.schema.json").read_text(encoding="utf-8")
    assert committed == manifest_schema(), (
        "run: dzlearn audio schema > assets/audio/manifest.schema.json"
    )
    assert '"not"' in committed  # approved + synthetic is refused there too
