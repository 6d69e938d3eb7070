"""Command line: ``dzlearn`` starts the app; subcommands are scriptable tools.

Each subcommand lives in its own module with ``register(subparsers)``, which adds its parser and
sets ``handler`` (a function taking the parsed args and returning an exit status). The command's
name is the module's last name part. Only the module of the command being run is imported (all
of them for --help), so starting the GUI pays for none of them.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

from dzlearn import __version__

COMMAND_MODULES = (
    "dzlearn.commands.where",
    "dzlearn.commands.keys",
    "dzlearn.commands.lessons",
    "dzlearn.commands.pack",
    "dzlearn.commands.doctor",
    "dzlearn.commands.usb",
    "dzlearn.commands.ime",
    "dzlearn.commands.translit",
    "dzlearn.commands.romanize",
    "dzlearn.commands.audio",
    "dzlearn.commands.report",
    "dzlearn.commands.demo",
    "dzlearn.commands.hub",
    "dzlearn.commands.device",
    "dzlearn.commands.sync",
    "dzlearn.commands.progress",
)


def command_in(argv: list[str]) -> str | None:
    """The subcommand named on the command line, if any (the first word that is not an option)."""
    names = {module.rsplit(".", 1)[1] for module in COMMAND_MODULES}
    words = iter(argv)
    for word in words:
        if word == "--data":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in names else None
    return None


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
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
    wanted = command_in(argv) if argv is not None else None
    for module in COMMAND_MODULES:
        if argv is None or module.rsplit(".", 1)[1] == wanted or {"-h", "--help"} & set(argv):
            importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    if args.command:
        return int(args.handler(args))
    from dzlearn.app import run_gui

    return run_gui(args.data, args.smoke_test, started)


if __name__ == "__main__":
    sys.exit(main())
