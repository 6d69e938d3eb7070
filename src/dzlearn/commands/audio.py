"""``dzlearn audio report|synth-english|schema``: how much of the spoken content has a voice.

``report`` shows the same coverage as the recording studio: per lesson, how many prompts are
recorded by a person, approved, stale (the text changed) or missing, and how many have a
synthetic stand-in. ``synth-english`` has eSpeak NG read the English instruction of prompts
that have no English audio yet, labelled synthetic (never approved, never Dzongkha).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("audio", help="recorded-voice coverage and English synthetic audio")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    report = verbs.add_parser("report", help="per lesson: recorded, approved, stale, missing")
    report.add_argument("--json", action="store_true", help="print the coverage as JSON")
    report.set_defaults(handler=run_report)
    synth = verbs.add_parser(
        "synth-english", help="speak English instructions that have no audio yet (synthetic)"
    )
    synth.add_argument(
        "--lessons", nargs="+", metavar="ID", help="only these lesson ids (or pack ids)"
    )
    synth.add_argument("--dry-run", action="store_true", help="list what would be spoken")
    synth.set_defaults(handler=run_synth_english)
    schema = verbs.add_parser("schema", help="print the audio manifest JSON Schema")
    schema.set_defaults(handler=run_schema)


def run_schema(_args: argparse.Namespace) -> int:
    from dzlearn.lessons.audio import manifest_schema

    sys.stdout.write(manifest_schema())
    return 0


def _load(args: argparse.Namespace) -> tuple[Any, Any, Path, Path]:
    from dzlearn.lessons.audio import AudioLibrary
    from dzlearn.lessons.loader import load_library
    from dzlearn.packs import installed_pack_dirs
    from dzlearn.paths import resolve_data_location, resource_root
    from dzlearn.speech.folders import audio_folders

    data_root = resolve_data_location(args.data, os.environ).root
    resources = resource_root()
    library = load_library(resources / "lessons", installed_pack_dirs(data_root, "lessons"))
    audio = AudioLibrary.load(*audio_folders(resources, data_root))
    return library, audio, data_root, resources


def run_report(args: argparse.Namespace) -> int:
    from dzlearn.speech.coverage import coverage

    library, audio, _, _ = _load(args)
    result = coverage(library, audio)
    problems = [str(p) for p in library.problems] + result.problems
    if args.json:
        print(json.dumps(result.to_json() | {"problems": problems}, ensure_ascii=False, indent=2))
        return 0
    columns = ("prompts", "recorded", "approved", "stale", "missing", "synthetic")
    print(f"{'lesson':<40}" + "".join(f"{c:>10}" for c in columns))
    pack = None
    for lc in result.lessons:
        if lc.ref.pack != pack:
            pack = lc.ref.pack
            print(pack)
        c = lc.counts
        cells = (c.segments, c.recorded, c.approved, c.stale, c.missing, c.synthetic)
        name = f"  {lc.ref.unit}/{lc.ref.lesson}"
        print(f"{name:<40}" + "".join(f"{n:>10}" for n in cells))
    t = result.totals
    print(
        f"Total: {t.segments} prompts; {t.recorded} recorded by a person ({t.approved} approved), "
        f"{t.stale} stale, {t.missing} missing; {t.synthetic} with a synthetic stand-in."
    )
    if problems:
        print(f"{len(problems)} problem(s):")
        for problem in problems:
            print(f"  {problem}")
    return 0


def run_synth_english(args: argparse.Namespace) -> int:
    from dzlearn.speech.coverage import segments_of, status_of
    from dzlearn.speech.folders import recordings_dir
    from dzlearn.speech.processing import AudioProcessingError
    from dzlearn.speech.store import RecordingStore, StoreError
    from dzlearn.speech.tts import SpeechUnavailable

    library, audio, data_root, _ = _load(args)
    wanted = set(args.lessons or ())
    todo = [
        s
        for s in segments_of(library)
        if (not wanted or any({r.lesson, r.pack} & wanted for r in s.lessons))
        and s.role == "instruction"  # a sound to tell apart must be a person's voice
        and not status_of(s, audio).en.playable
    ]
    if wanted and not any(
        {r.lesson, r.pack} & wanted for s in segments_of(library) for r in s.lessons
    ):
        print(f"dzlearn: no lesson or pack called {', '.join(sorted(wanted))}", file=sys.stderr)
        return 2
    if args.dry_run:
        for s in todo:
            print(f"{s.id}\t{s.text.en}")
        print(f"{len(todo)} prompt(s) would be spoken (synthetic, English)")
        return 0
    store = RecordingStore(recordings_dir(data_root))
    done = 0
    try:
        for s in todo:
            store.save_english_synthetic(s.id, s.text)
            done += 1
            print(f"[{done}/{len(todo)}] {s.id}", flush=True)
    except (SpeechUnavailable, AudioProcessingError, StoreError) as exc:
        print(f"dzlearn: cannot speak English: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"dzlearn: cannot save: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"dzlearn: stopped; {done} prompt(s) were saved", file=sys.stderr)
        return 130
    print(f"{done} English prompt(s) spoken by a synthetic voice into {store.folder}")
    return 0
