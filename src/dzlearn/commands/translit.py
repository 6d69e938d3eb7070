"""``dzlearn translit``: EWTS (Extended Wylie) ⇄ Tibetan script."""

from __future__ import annotations

import argparse

from dzlearn.commands.lines import answer_each
from dzlearn.script.ewts import default_transliterator
from dzlearn.script.letters import is_tibetan


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "translit",
        help="convert between EWTS and Tibetan script",
        description="Convert each TEXT from EWTS to Tibetan script (--to unicode) or from Tibetan "
        "script to EWTS (--to ewts), one result per line. With no TEXT, reads one text per line "
        'from stdin. Invalid input is reported on stderr (or as an "error" field with --json) '
        "and the exit status is 2.",
    )
    parser.add_argument("text", nargs="*", metavar="TEXT")
    parser.add_argument("--to", required=True, choices=("unicode", "ewts"), help="output form")
    parser.add_argument("--json", action="store_true", help='one {"input", "output"} per line')
    parser.set_defaults(handler=run)


def to_unicode(text: str) -> dict[str, str]:
    if not text.strip():
        raise ValueError("empty input")
    tibetan = [ch for ch in text if is_tibetan(ch)]
    if tibetan:
        raise ValueError(f"already Tibetan script ({tibetan[0]}); use --to ewts")
    return {"output": default_transliterator().to_unicode(text)}


def to_ewts(text: str) -> dict[str, str]:
    if not text.strip():
        raise ValueError("empty input")
    for ch in text:
        if not is_tibetan(ch) and not ch.isspace():
            raise ValueError(f"{ch!r} (U+{ord(ch):04X}) is not Tibetan script; use --to unicode")
    return {"output": default_transliterator().to_ewts(text)}


def run(args: argparse.Namespace) -> int:
    convert = to_unicode if args.to == "unicode" else to_ewts
    return answer_each(args.text, convert, args.json, render=lambda result: result["output"])
