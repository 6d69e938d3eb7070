"""``dzlearn romanize``: Dzongkha → Roman Dzongkha, the official phonetic spelling."""

from __future__ import annotations

import argparse
from typing import Any

from dzlearn.commands.lines import answer_each
from dzlearn.script.letters import is_tibetan
from dzlearn.script.roman import romanize, romanize_syllable
from dzlearn.script.syllables import syllables


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "romanize",
        help="show how Dzongkha text sounds in official Roman Dzongkha",
        description="Romanize each TEXT (Tibetan script) by the official Roman Dzongkha rules. "
        "Tsheg-joined syllables form one word. With --json, one object per line: "
        '{"input", "roman", "syllables": [{"dz", "roman"}, ...]}, each syllable\'s sound on its '
        "own. With no TEXT, reads one text per line from stdin. A misspelt syllable is named on "
        'stderr (or in an "error" field) and the exit status is 2.',
    )
    parser.add_argument("text", nargs="*", metavar="TEXT")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(handler=run)


def romanized(text: str) -> dict[str, Any]:
    if not any(is_tibetan(ch) for ch in text):
        raise ValueError("no Tibetan script to romanize" if text.strip() else "empty input")
    roman = romanize(text)
    parts = [{"dz": s, "roman": romanize_syllable(s)} for s in syllables(text)]
    return {"roman": roman, "syllables": parts}


def run(args: argparse.Namespace) -> int:
    return answer_each(args.text, romanized, args.json, render=lambda result: result["roman"])
