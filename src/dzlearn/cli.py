"""Command line: ``dzlearn`` starts the app; subcommands are scriptable tools.

Each subcommand lives in its own module with ``register(subparsers)``, which adds its parser and
sets ``handler`` (a function taking the parsed args and returning an exit status). Modules are
listed in COMMAND_MODULES and imported only when the command line is parsed, so starting the GUI
pays for none of them beyond argparse set-up.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

from dzlearn import __version__

COMMAND_MODULES = ("dzlearn.commands.where", "dzlearn.commands.keys", "dzlearn.commands.pack")


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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    args = build_parser().parse_args(argv)
    if args.command:
        return int(args.handler(args))
    from dzlearn.app import run_gui

    return run_gui(args.data, args.smoke_test, started)


if __name__ == "__main__":
    sys.exit(main())
