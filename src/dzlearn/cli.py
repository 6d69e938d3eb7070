"""Command line: ``dzlearn`` starts the app; subcommands are scriptable tools."""

from __future__ import annotations

import argparse
import os
import sys
import time

from dzlearn import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dzlearn", description="Learn to read and type Dzongkha.")
    parser.add_argument("--version", action="version", version=f"dzlearn {__version__}")
    parser.add_argument(
        "--data", metavar="DIR", help="keep learner data in DIR (overrides DZLEARN_DATA)"
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="start the full app, show the main window, print start-up time, exit",
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("where", help="print where learner data is kept, and why")
    return parser


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = build_parser().parse_args(argv)
    if args.command == "where":
        from dzlearn.paths import resolve_data_location

        location = resolve_data_location(args.data, os.environ)
        print(f"{location.root}\t({location.reason})")
        return 0
    from dzlearn.app import run_gui

    return run_gui(args.data, args.smoke_test, started)


if __name__ == "__main__":
    sys.exit(main())
