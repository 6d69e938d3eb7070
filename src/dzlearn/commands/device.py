"""``dzlearn [--data DIR] device enrol --hub URL --code CODE [--name NAME] [--ca FILE]``,
``device enrol --file FILE [--name NAME]`` (no network: confirmed by USB bundles) and
``dzlearn [--data DIR] device status [--json]``.

Enrolling trades a one-time code from the hub (``dzlearn hub enrol-code``) for this device's
token; from then on learners' data is synced with that hub only. ``--ca FILE`` is for an
``https://`` hub whose certificate was made by the centre's own authority: the certificate is
stored in the progress file and TLS is checked against it. A plain ``http://`` hub (a laptop
hub without a certificate) is allowed; an ``https://`` hub is always verified.

Exit status: 0 done, 1 the hub could not be reached, 2 refused (bad code, address, file).
"""

from __future__ import annotations

import argparse
import json
import socket
from pathlib import Path
from typing import TYPE_CHECKING

from .device_data import (
    TRANSIENT_KINDS,
    CommandFailed,
    fail,
    has_database,
    location_of,
    open_database,
)

if TYPE_CHECKING:
    from dzlearn.sync.device import SyncStatus


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "device",
        help="enrol this device with a sync hub, or show its sync status",
        description="Enrol this device with a hub, or show how its sync stands.",
    )
    actions = parser.add_subparsers(dest="device_action", metavar="ACTION", required=True)
    enrol = actions.add_parser(
        "enrol",
        help="trade a one-time code from the hub for this device's access",
        description=(
            "Enrol this device with a hub using a one-time code printed by "
            "'dzlearn hub enrol-code'. Learners' data is then synced with that hub only."
        ),
    )
    enrol.add_argument("--hub", metavar="URL", help="e.g. http://192.168.1.10:8765")
    enrol.add_argument("--code", help="the one-time code from the hub")
    enrol.add_argument(
        "--file",
        metavar="FILE",
        help="instead of --hub and --code: a file from 'dzlearn hub enrol-file' (no network)",
    )
    enrol.add_argument("--name", default=None, help="how the hub lists this device")
    enrol.add_argument(
        "--ca", metavar="FILE", help="the centre's CA certificate (PEM) for an https:// hub"
    )
    enrol.set_defaults(handler=run_enrol)
    status = actions.add_parser("status", help="show the hub, last sync, pending events")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.set_defaults(handler=run_status)


def _read_ca(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).expanduser().read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandFailed(f"the certificate file {path} cannot be read ({error})") from None


def run_enrol(args: argparse.Namespace) -> int:
    from dzlearn.sync.client import SyncError, enrol

    name = (args.name if args.name is not None else socket.gethostname())[:100]
    if args.file or not (args.hub and args.code):
        return _enrol_from_file(args, name)
    try:
        ca_pem = _read_ca(args.ca)
        with open_database(location_of(args), lock=True) as db:
            enrolment = enrol(db, args.hub, args.code, name=name, ca_pem=ca_pem)
    except CommandFailed as error:
        return fail("device enrol", error.message, error.status)
    except ValueError as error:
        return fail("device enrol", str(error))
    except SyncError as error:
        return fail("device enrol", error.message, 1 if error.kind in TRANSIENT_KINDS else 2)
    print(
        f"Enrolled this device ({db.device_id}) with the hub {enrolment.hub_id} at "
        f"{enrolment.hub_url}. Sync with: dzlearn sync"
    )
    return 0


def _enrol_from_file(args: argparse.Namespace, name: str) -> int:
    """``--file``: trust the hub the file names; its first USB bundle completes the enrolment."""
    if not args.file or args.hub or args.code or args.ca:
        return fail(
            "device enrol",
            "give --hub URL and --code CODE, or --file FILE (from dzlearn hub enrol-file) alone",
        )
    from dzlearn.sync.bundles import BundleError
    from dzlearn.sync.enrol_file import enrol_from_file

    try:
        with open_database(location_of(args), lock=True) as db:
            enrolment = enrol_from_file(db, Path(args.file).expanduser(), name=name)
    except CommandFailed as error:
        return fail("device enrol", error.message, error.status)
    except BundleError as error:
        return fail("device enrol", error.message)
    print(
        f"Enrolled this device ({db.device_id}) with the hub {enrolment.hub_id} from "
        f"{args.file}. Carry its bundles by USB (dzlearn sync export --to DIR); the hub's first "
        "return bundle confirms the enrolment."
    )
    return 0


def run_status(args: argparse.Namespace) -> int:
    from dzlearn.sync.device import DeviceSyncState, SyncStatus

    location = location_of(args)
    if not has_database(location):
        status = SyncStatus(False, None, None, None, 0, 0, None, None)
        device_id = None
    else:
        try:
            with open_database(location, lock=False) as db:
                status = DeviceSyncState(db).status()
                device_id = db.device_id
        except CommandFailed as error:
            return fail("device status", error.message, error.status)
    if args.json:
        print(json.dumps({"device_id": device_id, **vars(status)}, indent=2, sort_keys=True))
        return 0
    print(format_status(status, device_id))
    return 0


def format_status(status: SyncStatus, device_id: str | None) -> str:
    if not status.enrolled:
        lines = ["Not enrolled with a hub. Enrol with: dzlearn device enrol --hub URL --code CODE"]
    else:
        lines = [f"Hub: {status.hub_url}"]
        lines.append(f"Last successful sync: {status.last_success_at or 'never'}")
        if status.last_error:
            lines.append(f"Last attempt ({status.last_attempt_at}) failed: {status.last_error}")
    if device_id:
        lines.append(f"This device: {device_id}")
    lines.append(f"Events waiting to be sent: {status.pending}")
    if status.conflicts:
        lines.append(f"Conflicts kept for a facilitator to look at: {status.conflicts}")
    return "\n".join(lines)
