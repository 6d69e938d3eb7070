"""``dzlearn audio report`` prints the studio's coverage; ``--json`` has a stable shape."""

import json
import subprocess
import sys
from pathlib import Path

from voicegen import take

from dzlearn.lessons.loader import load_library
from dzlearn.paths import resource_root
from dzlearn.speech.coverage import segments_of
from dzlearn.speech.folders import recordings_dir
from dzlearn.speech.processing import process_take
from dzlearn.speech.store import RecordingStore


def dzlearn(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dzlearn", *args], capture_output=True, text=True, timeout=60
    )


def test_report_json_counts_a_recording_made_at_this_centre(tmp_path: Path):
    data = tmp_path / "data"
    library = load_library(resource_root() / "lessons")
    first = segments_of(library)[0]
    clip = process_take(take(48000, 0.1, 0.4, 0.1), 48000).clip
    RecordingStore(recordings_dir(data)).save_clip(first.id, first.text, clip, "Pema")

    out = dzlearn("--data", str(data), "audio", "report", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert set(report) == {"lessons", "totals", "problems"}
    assert report["problems"] == []
    totals = report["totals"]
    assert totals["segments"] == len(segments_of(library)) and totals["recorded"] == 1
    assert totals["recorded"] + totals["stale"] + totals["missing"] == totals["segments"]
    ref = first.lessons[0]
    row = next(r for r in report["lessons"] if (r["pack"], r["lesson"]) == (ref.pack, ref.lesson))
    assert row["recorded"] == 1 and row["approved"] == 0
    assert len(report["lessons"]) == sum(len(p.lessons()) for p in library.packs)

    text = dzlearn("--data", str(data), "audio", "report")
    assert text.returncode == 0 and "1 recorded by a person" in text.stdout


def test_synth_english_dry_run_lists_the_lesson_prompts(tmp_path: Path):
    out = dzlearn("--data", str(tmp_path), "audio", "synth-english", "--lessons", "ka-row",
                  "--dry-run")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "dz-foundations.ka-row.intro\t" in out.stdout
    assert not (tmp_path / "audio").exists()
    missing = dzlearn("--data", str(tmp_path), "audio", "synth-english", "--lessons", "nope")
    assert missing.returncode == 2 and "no lesson or pack called nope" in missing.stderr
