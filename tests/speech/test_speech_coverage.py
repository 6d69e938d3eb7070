"""Coverage per lesson: recorded + stale + missing add up, synthetic never counts as recorded."""

import json
from pathlib import Path

from dzlearn.lessons.audio import AudioLibrary, text_checksum
from dzlearn.lessons.loader import Library
from dzlearn.speech.coverage import coverage, segments_of


def write_manifest(folder: Path, *recordings: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for rec in recordings:
        entry = {"speaker": "Pema", "licence": "CC-BY-4.0"} | rec
        (folder / entry["file"]).write_bytes(b"OggS")
        entries.append(entry)
    (folder / "manifest.json").write_text(json.dumps({"recordings": entries}), encoding="utf-8")


def test_every_prompt_is_a_segment_once_with_every_lesson_that_speaks_it(tiny_library: Library):
    segments = {s.id: s for s in segments_of(tiny_library)}
    assert set(segments) == {
        "tiny.intro", "tiny.quiz", "tiny.q1", "tiny.sound-ka", "tiny.sound-kha", "tiny.shared",
    }  # fmt: skip
    assert [ref.lesson for ref in segments["tiny.shared"].lessons] == ["one", "two"]
    assert segments["tiny.sound-kha"].text.dz == "ཁ"
    assert segments["tiny.sound-kha"].role == "sound"  # never given an English stand-in
    assert segments["tiny.q1"].role == segments["tiny.intro"].role == "instruction"


def test_counts_per_lesson_and_totals(tiny_library: Library, tmp_path: Path):
    write_manifest(
        tmp_path,
        {"segment": "tiny.intro", "file": "a.ogg", "text_sha256": text_checksum("ཀ་ཁ་"),
         "approved": True},
        {"segment": "tiny.q1", "file": "b.ogg", "text_sha256": text_checksum("ཀ")},
        {"segment": "tiny.quiz", "file": "c.ogg", "text_sha256": text_checksum("old text")},
        {"segment": "tiny.sound-ka", "file": "d.ogg", "text_sha256": text_checksum("ཀ"),
         "synthetic": True},
        {"segment": "tiny.shared#en", "file": "e.ogg", "language": "en",
         "text_sha256": text_checksum("Well done."), "synthetic": True},
    )  # fmt: skip
    result = coverage(tiny_library, AudioLibrary.load(tmp_path))
    one = result.lesson("tiny", "one").counts
    assert (one.segments, one.recorded, one.approved, one.stale, one.missing, one.synthetic) == (
        6, 2, 1, 1, 3, 2,
    )  # fmt: skip
    two = result.lesson("tiny", "two").counts
    assert (two.segments, two.recorded, two.missing, two.synthetic) == (1, 0, 1, 1)
    assert result.totals.segments == 6  # the shared prompt counts once
    assert result.problems == []
    shape = result.to_json()
    assert set(shape) == {"lessons", "totals", "problems"}
    assert set(shape["lessons"][0]) == {
        "pack", "unit", "lesson", "segments", "recorded", "approved", "stale", "missing",
        "synthetic",
    }  # fmt: skip
