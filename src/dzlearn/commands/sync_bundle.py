"""``dzlearn [--data DIR] sync export --to DIR`` and ``sync import BUNDLE...``: USB sync bundles.

For a centre without network: ``export`` writes this device's events the hub lacks onto a stick
(signed, and encrypted so only the hub can read them); a facilitator runs ``dzlearn hub import``
on the hub, which writes a return bundle; ``import`` applies it here. BUNDLE may be a folder:
then every return bundle for this device in it is applied, in order.

Exit status: 0 done; 2 refused (not enrolled, a damaged bundle or one meant for somewhere else,
a stick that cannot be written, a locked progress file); nothing is changed by a refusal.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .device_data import CommandFailed, fail, has_database, location_of, open_database


def register(actions: argparse._SubParsersAction) -> None:
    export = actions.add_parser(
        "export",
        help="write this device's new events to a USB bundle for the hub",
        description=(
            "Write this device's events that the hub has not acknowledged into a bundle file "
            "in DIR (a USB stick), signed by this device and encrypted to the hub. Take it to "
            "the hub: dzlearn hub import BUNDLE."
        ),
    )
    export.add_argument("--to", required=True, metavar="DIR", help="the folder to write into")
    export.set_defaults(handler=run_export)
    apply = actions.add_parser(
        "import",
        help="apply a return bundle the hub wrote for this device",
        description=(
            "Apply the hub's return bundle(s): acknowledgements, and the other devices' events "
            "this device lacks. A folder means every return bundle for this device in it."
        ),
    )
    apply.add_argument("bundles", nargs="+", metavar="BUNDLE", help="a .dzsync file or a folder")
    apply.set_defaults(handler=run_import)


def _not_enrolled(location: object) -> str:
    from dzlearn.sync.bundle_device import NOT_ENROLLED_WORDS

    return f"there is no progress file in {location} yet, so {NOT_ENROLLED_WORDS}"


def run_export(args: argparse.Namespace) -> int:
    from dzlearn.sync.bundle_device import export_bundles
    from dzlearn.sync.bundles import BundleError

    location = location_of(args)
    if not has_database(location):
        return fail("sync export", _not_enrolled(location.root))
    try:
        with open_database(location, lock=False) as db:
            result = export_bundles(db, Path(args.to).expanduser())
    except CommandFailed as error:
        return fail("sync export", error.message, error.status)
    except BundleError as error:
        return fail("sync export", error.message)
    for path, count in result.files:
        print(f"wrote {path} ({count} event{'' if count == 1 else 's'})")
    print(
        f"{result.events} event{'' if result.events == 1 else 's'} for the hub. On the hub run: "
        "dzlearn hub import BUNDLE, then bring the return bundle back: dzlearn sync import BUNDLE"
    )
    return 0


def run_import(args: argparse.Namespace) -> int:
    from dzlearn.sync.bundle_device import find_return_bundles, import_return_bundles
    from dzlearn.sync.bundles import BundleError

    location = location_of(args)
    if not has_database(location):
        return fail("sync import", _not_enrolled(location.root))
    try:
        with open_database(location, lock=True) as db:
            paths: list[Path] = []
            for given in args.bundles:
                path = Path(given).expanduser()
                if path.is_dir():
                    found = find_return_bundles(path, db.device_id)
                    if not found:
                        raise BundleError(f"{path} holds no return bundle for this device")
                    paths.extend(found)
                else:
                    paths.append(path)
            summary = import_return_bundles(db, paths)
    except CommandFailed as error:
        return fail("sync import", error.message, error.status)
    except BundleError as error:
        return fail("sync import", error.message)
    print(
        f"hub stored {summary.pushed} ({summary.duplicates} already there), received "
        f"{summary.pulled} new event{'' if summary.pulled == 1 else 's'}, "
        f"{summary.conflicts} conflict{'' if summary.conflicts == 1 else 's'}"
    )
    for reason in summary.conflict_reasons:
        print(f"  conflict: {reason}")
    return 0
