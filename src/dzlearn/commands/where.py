"""``dzlearn where``: where learner data is kept, and which rule chose it."""

from __future__ import annotations

import argparse
import os

from dzlearn.paths import resolve_data_location


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("where", help="print where learner data is kept, and why")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    location = resolve_data_location(args.data, os.environ)
    print(f"{location.root}\t({location.reason})")
    return 0
