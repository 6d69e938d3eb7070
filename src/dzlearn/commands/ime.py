"""``dzlearn ime``: Dzongkha candidates for Latin typed by sound (the phonetic input method)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dzlearn.commands.lines import answer_each
from dzlearn.ime.engine import Candidate, InputMethod
from dzlearn.ime.history import EWTS_PREFIX
from dzlearn.ime.lexicon import LEXICON_PATH, LexiconError, load_lexicon

DESCRIPTION = (
    "Turn each TEXT, Dzongkha typed in Latin letters by sound (any case, with or without spaces, "
    "loose spellings such as 'kuzuzangpo la' or 'kadrinche'), into ranked Dzongkha candidates. "
    "Output: one line per input with the candidates best first, separated by tabs; with --json, "
    'one object per line: {"input": ..., "candidates": [{"text", "ewts", "roman", "gloss"}, ...]}. '
    "Input starting with a backslash (or every input, with --ewts) is exact EWTS. With no TEXT, "
    "reads one input per line from stdin. An input with no reading is reported on stderr (or as an "
    '"error" field) and the exit status is 2.'
)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return number


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "ime", help="Dzongkha candidates for Latin typed by sound", description=DESCRIPTION
    )
    parser.add_argument("text", nargs="*", metavar="TEXT")
    parser.add_argument("--top", type=_positive, default=5, metavar="N", help="candidates (5)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--ewts", action="store_true", help="read every TEXT as exact EWTS")
    parser.add_argument(
        "--lexicon", type=Path, metavar="FILE", help="lexicon JSONL (default: the bundled one)"
    )
    parser.set_defaults(handler=run)


def _as_json(candidate: Candidate) -> dict[str, str]:
    return {
        "text": candidate.text,
        "ewts": candidate.ewts,
        "roman": candidate.roman,
        "gloss": candidate.gloss,
    }


def _load(path: Path | None) -> list:
    if path is None:
        if not LEXICON_PATH.exists():
            print(
                f"dzlearn: no lexicon at {LEXICON_PATH}; offering syllables only",
                file=sys.stderr,
                flush=True,
            )
            return []
        path = LEXICON_PATH
    return load_lexicon(path)


def run(args: argparse.Namespace) -> int:
    try:
        entries = _load(args.lexicon)
    except (OSError, LexiconError) as exc:
        print(f"dzlearn: cannot read the lexicon: {exc}", file=sys.stderr)
        return 2
    ime = InputMethod(entries)

    def convert(text: str) -> dict[str, Any]:
        stripped = text.strip()
        if not stripped:
            raise ValueError("empty input")
        if args.ewts or stripped.startswith(EWTS_PREFIX):
            found = [ime.convert_ewts(stripped.removeprefix(EWTS_PREFIX))]
        else:
            found = ime.candidates(text, top=args.top)
        if not found:
            raise ValueError("no Dzongkha reading: type Dzongkha sounds in Latin letters")
        return {"candidates": [_as_json(c) for c in found]}

    return answer_each(
        args.text,
        convert,
        args.json,
        render=lambda result: "\t".join(c["text"] for c in result["candidates"]),
    )
