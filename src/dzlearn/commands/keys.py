"""``dzlearn keys``: which keys type a Dzongkha text on the standard (DDC) keyboard."""

from __future__ import annotations

import argparse

from dzlearn.commands.lines import answer_each
from dzlearn.script.keyboard import keystrokes_for, label_for


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "keys",
        help="show the keys that type Dzongkha text on the DDC layout",
        description="Print the key sequence (as printed on an English keyboard) that types each "
        "TEXT on the standard Dzongkha layout. With no TEXT, reads one text per line from stdin.",
    )
    parser.add_argument("text", nargs="*", metavar="TEXT")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(handler=run)


def keys_of(text: str) -> dict[str, list[str]]:
    if not text:
        raise ValueError("empty input")
    return {"keys": [label_for(stroke) for stroke in keystrokes_for(text)]}


def run(args: argparse.Namespace) -> int:
    return answer_each(args.text, keys_of, args.json, render=lambda r: " ".join(r["keys"]))
