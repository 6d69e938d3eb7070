"""``dzlearn hub import BUNDLE... [--db URL] [--out DIR]``: take in devices' USB bundles, and
``dzlearn hub enrol-file --out FILE [--url URL]``: enrol a device that has no network.

Every bundle is checked whole first (meant for this hub, from an enrolled device, not damaged);
then its events are stored exactly as a network push would store them, and a return bundle for
each device (acknowledgements, conflicts, the other devices' events) is written into --out
(default: next to that device's bundle). BUNDLE may be a folder: every device bundle in it.

Exit status: 0 done; 2 refused or failed (one line on stderr saying why; a refused bundle
changes nothing).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .hub import _fail, with_store

if TYPE_CHECKING:
    from dzlearn.sync.hub import HubStore


def register(hub_sub: argparse._SubParsersAction, add_db_option: Callable[..., None]) -> None:
    parser = hub_sub.add_parser(
        "import",
        help="store devices' USB bundles and write their return bundles",
        description=(
            "Store the events in devices' USB bundles (made by 'dzlearn sync export') and "
            "write each device a return bundle to carry back: dzlearn sync import BUNDLE."
        ),
    )
    add_db_option(parser)
    parser.add_argument("bundles", nargs="+", metavar="BUNDLE", help="a .dzsync file or a folder")
    parser.add_argument(
        "--out", metavar="DIR", help="where to write return bundles (default: beside each bundle)"
    )
    parser.set_defaults(handler=run_import)

    enrol_file = hub_sub.add_parser(
        "enrol-file",
        help="write a file that enrols one device without network (by USB)",
        description=(
            "Write a file with this hub's id, address and public keys and a one-time code. "
            "On the device: dzlearn device enrol --file FILE; its first USB bundle then asks "
            "this hub to enrol it, and 'dzlearn hub import' checks the code."
        ),
    )
    add_db_option(enrol_file)
    enrol_file.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    enrol_file.add_argument(
        "--url", metavar="URL", help="the hub's network address, if the device may use it later"
    )
    enrol_file.add_argument(
        "--hours", type=float, default=24 * 365, help="how long the code stays valid (8760)"
    )
    enrol_file.set_defaults(handler=run_enrol_file)


def run_import(args: argparse.Namespace) -> int:
    from dzlearn.sync.bundle_hub import find_device_bundles, import_device_bundles
    from dzlearn.sync.bundles import BundleError

    paths: list[Path] = []
    for given in args.bundles:
        path = Path(given).expanduser()
        if path.is_dir():
            found = find_device_bundles(path)
            if not found:
                return _fail(f"import: {path} holds no device bundle (dzlearn-…-events-….dzsync)")
            paths.extend(found)
        else:
            paths.append(path)
    out = Path(args.out).expanduser() if args.out else None

    def work(store: HubStore) -> int:
        try:
            outcomes = import_device_bundles(store, paths, out)
        except BundleError as error:
            return _fail(f"import: {error.message}")
        refused = [outcome.refused for outcome in outcomes if outcome.refused]
        for outcome in outcomes:
            if outcome.refused:
                continue
            count = len(outcome.conflicts)
            print(
                f"device {outcome.device_id}: {outcome.events} events in "
                f"{len(outcome.bundles)} bundle{'' if len(outcome.bundles) == 1 else 's'}: "
                f"stored {outcome.stored}, {outcome.duplicates} already there, "
                f"{count} conflict{'' if count == 1 else 's'}; acknowledged up to "
                f"{outcome.acked_seq}"
            )
            for conflict in outcome.conflicts[:20]:
                print(f"  conflict: {conflict.reason}")
            for path, events in outcome.returns:
                print(f"  return bundle {path} ({events} event{'' if events == 1 else 's'})")
            if outcome.token:
                print("  enrolled it from its file: the return bundle confirms it on the device")
        sys.stdout.flush()
        for message in refused:
            _fail(f"import: {message}")
        return 2 if refused else 0

    return with_store(args, work)


def run_enrol_file(args: argparse.Namespace) -> int:
    from dzlearn.sync.bundles import BundleError
    from dzlearn.sync.enrol_file import write_enrol_file

    def work(store: HubStore) -> int:
        try:
            made = write_enrol_file(
                store, Path(args.out).expanduser(), hub_url=args.url, hours=args.hours
            )
        except ValueError as error:
            return _fail(f"enrol-file: {error}")
        except BundleError as error:
            return _fail(f"enrol-file: {error.message}")
        print(f"wrote {args.out}: enrols one device with hub {made.hub_id}")
        print(
            f"On the device: dzlearn device enrol --file FILE (the code in it stays valid "
            f"{made.valid_hours:g} hours and works once; keep the file away from learners)"
        )
        return 0

    return with_store(args, work)
