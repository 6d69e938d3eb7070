"""``dzlearn doctor [--json] [--repair]``: check the progress file thoroughly, and repair it.

Exit status: 0 healthy, 1 problems found (or left after a repair), 2 the check could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dzlearn.paths import resolve_data_location

if TYPE_CHECKING:
    from dzlearn.storage.doctor import DoctorReport


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "doctor",
        help="check the progress file and its backups; --repair restores and salvages",
        description=(
            "Run SQLite's full integrity check on the progress file, count its events and "
            "learners, check every backup, and check the list of learners against the event "
            "log. --repair keeps a damaged file aside, restores the newest healthy backup and "
            "adds back every event that can still be read."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--repair", action="store_true", help="repair what was found (close dzlearn first)"
    )
    parser.set_defaults(handler=run)


def format_report(report: DoctorReport, repaired: bool) -> str:
    lines = [f"Progress file: {report.database}"]
    if report.integrity == ["ok"]:
        lines.append("Integrity check: ok")
    else:
        lines.append(f"Integrity check: DAMAGED ({len(report.integrity)} finding(s))")
        lines += [f"    {row}" for row in report.integrity[:5]]
    counts = [
        f"{name}s unreadable" if value is None else f"{value} {name}{'' if value == 1 else 's'}"
        for name, value in (("event", report.events), ("learner", report.learners))
    ]
    lines.append("Contents: " + ", ".join(counts))
    if report.backups:
        lines.append("Backups (newest first):")
        for backup in report.backups:
            state = "ok     " if backup.ok else "DAMAGED"
            events = f"{backup.events} events" if backup.events is not None else "unreadable"
            lines.append(f"    {state} {Path(backup.path).name}  ({events})")
    else:
        lines.append("Backups: none yet")
    if report.problems:
        lines.append("Problems found:" if not repaired else "Problems found before the repair:")
        lines += [f"  - {problem}" for problem in report.problems]
    if report.actions:
        lines.append("What was done:" if repaired else "What to do:")
        lines += [f"  - {action}" for action in report.actions]
    if repaired:
        lines.append("Result: the progress file is healthy." if report.ok else "Result: NOT fixed.")
    else:
        lines.append("Result: healthy." if report.ok else "Result: problems found.")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from dzlearn.storage import StorageError
    from dzlearn.storage.doctor import CannotExamine, examine, repair

    location = resolve_data_location(args.data, os.environ)
    try:
        report = repair(location.database) if args.repair else examine(location.database)
    except CannotExamine as error:
        return _cannot(args, location.database, str(error))
    except (StorageError, OSError) as error:
        return _cannot(args, location.database, str(error))
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(format_report(report, args.repair))
    return 0 if report.ok else 1


def _cannot(args: argparse.Namespace, database: Path, message: str) -> int:
    print(f"dzlearn: doctor could not run: {message}", file=sys.stderr)
    if args.json:
        result = {
            "database": str(database),
            "ok": False,
            "integrity": [],
            "events": None,
            "learners": None,
            "backups": [],
            "problems": [message],
            "actions": [],
        }
        print(json.dumps(result, indent=2, ensure_ascii=False))
    return 2
