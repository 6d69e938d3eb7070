"""``dzlearn [--data DIR] sync [--hub URL]``: sync once with the enrolled hub, print a summary.

``sync`` alone syncs. Other sync actions (``sync export --to DIR``, ``sync import BUNDLE`` for
USB bundles) are sub-actions: each lives in a module listed in ACTION_MODULES with its own
``register(actions)`` that adds its parser and sets ``handler``, like the top-level commands.

Exit status: 0 synced; 1 the sync did not finish (hub unreachable, connection broken, hub
error: what was done is kept, run it again); 2 refused (not enrolled, another hub's address,
access revoked, a damaged or locked progress file).
"""

from __future__ import annotations

import argparse
import importlib

from .device_data import (
    TRANSIENT_KINDS,
    CommandFailed,
    fail,
    has_database,
    location_of,
    open_database,
)

ACTION_MODULES: tuple[str, ...] = ("dzlearn.commands.sync_bundle",)  # export, import


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "sync",
        help="sync learners' progress with the hub this device is enrolled with",
        description=(
            "Send this device's new events to its hub and fetch the other devices' events, "
            "then print what happened. Safe to run again at any time."
        ),
    )
    parser.add_argument(
        "--hub",
        metavar="URL",
        help="the hub's address; refused unless it is the hub this device is enrolled with",
    )
    parser.set_defaults(handler=run)
    if ACTION_MODULES:  # without any, argparse would show an ACTION that does not exist
        actions = parser.add_subparsers(
            dest="sync_action", metavar="[ACTION]", help="leave out to sync with the hub"
        )
        for module in ACTION_MODULES:
            importlib.import_module(module).register(actions)


def run(args: argparse.Namespace) -> int:
    from dzlearn.sync.client import SyncError, sync_once

    location = location_of(args)
    if not has_database(location):
        return fail(
            "sync",
            f"there is no progress file in {location.root} yet, so this device is not enrolled "
            "with a hub: dzlearn device enrol --hub URL --code CODE",
        )
    try:
        with open_database(location, lock=True) as db:
            summary = sync_once(db, hub_url=args.hub)
    except CommandFailed as error:
        return fail("sync", error.message, error.status)
    except SyncError as error:
        return fail("sync", error.message, 1 if error.kind in TRANSIENT_KINDS else 2)
    print(summary.line())
    for reason in summary.conflict_reasons:
        print(f"  conflict: {reason}")
    return 0
