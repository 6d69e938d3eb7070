"""``dzlearn [--data DIR] progress [--json]``: per-learner totals computed from the event log.

The totals depend only on which events a device holds, never on their order or on clocks, so
after a sync two devices print byte-identical ``--json`` output. Deleted learners are listed
as deleted with no personal data. Reading only: the folder is not locked.

Exit status: 0 printed, 2 the progress file could not be read (the message says why).
"""

from __future__ import annotations

import argparse
from typing import Any

from .device_data import CommandFailed, fail, has_database, location_of, open_database


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "progress",
        help="print each learner's progress totals from the event log",
        description=(
            "Print per-learner totals (steps, lessons, mistakes, typing) computed from the "
            "event log alone. --json prints a stable form for comparing devices after sync."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print stable, sorted JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from dzlearn.sync.totals import dumps, progress_totals, totals_from_rows

    location = location_of(args)
    if not has_database(location):
        totals = totals_from_rows([])  # nothing recorded yet; do not create a file to say so
    else:
        try:
            with open_database(location, lock=False) as db:
                totals = progress_totals(db)
        except CommandFailed as error:
            return fail("progress", error.message, error.status)
    print(dumps(totals) if args.json else format_table(totals))
    return 0


COLUMNS = (
    ("Steps", "steps_completed"),
    ("Lessons", "lessons_completed"),
    ("Mistakes", "mistakes"),
    ("Drills", "drills"),
    ("Keys typed", "keystrokes"),
    ("Events", "events"),
)


def format_table(totals: dict[str, Any]) -> str:
    rows = []
    for learner in totals["learners"]:
        if learner["deleted"]:
            name = f"(deleted learner {learner['learner_id'][:8]})"
        else:
            name = learner["display_name"] or f"(unknown learner {learner['learner_id'][:8]})"
        rows.append([name] + [str(learner.get(key, "")) for _, key in COLUMNS])
    rows.sort(key=lambda row: row[0].casefold())
    header = ["Learner"] + [title for title, _ in COLUMNS]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
             for row in [header, *rows]]  # fmt: skip
    devices = len(totals["devices"])
    lines.append(
        f"{len(totals['learners'])} learner(s), {totals['events']} events "
        f"from {devices} device{'' if devices == 1 else 's'}."
    )
    return "\n".join(lines)
