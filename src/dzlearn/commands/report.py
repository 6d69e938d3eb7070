"""``dzlearn report --format csv|pdf --out PATH [--funders] [--group ID]``.

The same report model the dashboard shows, written to a file: the facilitator's report (names,
per-learner rows, needs-help reasons) or, with --funders, the aggregated outcome report with no
personal data. The PDF is drawn by Qt (it shapes Dzongkha), so Qt is imported only for it.

Exit status: 0 written, 2 nothing written (the message says why).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from dzlearn.paths import resolve_data_location, resource_root


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "report",
        help="write the progress report (or the funders' outcome report) as CSV or PDF",
        description=(
            "Write the dashboard's report to a file. --funders writes the aggregated outcome "
            "report: no names, no learner ids, small groups merged."
        ),
    )
    parser.add_argument("--format", choices=("csv", "pdf"), required=True)
    parser.add_argument("--out", required=True, metavar="PATH", help="the file to write")
    parser.add_argument(
        "--funders", action="store_true", help="aggregated outcomes only, no personal data"
    )
    parser.add_argument("--group", metavar="ID", help="only this group's learners")
    parser.set_defaults(handler=run)


def _fail(message: str) -> int:
    print(f"dzlearn report: {message}", file=sys.stderr)
    return 2


def _check_out(out: Path) -> str | None:
    if out.is_dir():
        return f"{out} is a folder; give a file name, such as {out / 'report.pdf'}"
    if not out.parent.is_dir():
        return f"the folder {out.parent} does not exist"
    if not os.access(out.parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        return f"{out} cannot be written (read-only?)"
    return None


def _write_atomically(out: Path, data: bytes) -> None:
    partial = out.with_name(out.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, out)


def run(args: argparse.Namespace) -> int:
    from dzlearn.lessons.loader import load_library
    from dzlearn.outcomes import build_report
    from dzlearn.outcomes.csv_export import ENCODING, csv_text
    from dzlearn.outcomes.source import read_report_events
    from dzlearn.packs.install import installed_pack_dirs
    from dzlearn.storage import Database, StorageError

    out = Path(args.out).expanduser().resolve()
    problem = _check_out(out)
    if problem:
        return _fail(problem)
    location = resolve_data_location(args.data, os.environ)
    database = location.database
    if not database.is_file() or database.stat().st_size == 0:
        return _fail(f"there is no progress file in {location.root}: nothing to report yet")
    try:
        with Database.open(database) as db:
            events = read_report_events(db)
    except StorageError as error:
        return _fail(str(error))
    library = load_library(
        resource_root() / "lessons", installed_pack_dirs(location.root, "lessons")
    )
    try:
        model = build_report(events, library, group_id=args.group)
    except KeyError:
        everyone = build_report(events, library)
        known = ", ".join(f"{g.group_id} ({g.name})" for g in everyone.groups) or "none"
        return _fail(f"there is no group {args.group!r}; groups: {known}")
    if not model.learners:
        return _fail(f"{location.root} holds no learners yet: nothing to report")
    try:
        if args.format == "csv":
            _write_atomically(out, csv_text(model, args.funders).encode(ENCODING))
        else:
            from dzlearn.ui.dashboard.pdf import offscreen_app, render_pdf

            app = offscreen_app()  # noqa: F841 - kept alive while the PDF is drawn
            _write_atomically(out, render_pdf(model, funders=args.funders))
    except OSError as error:
        return _fail(f"{out} could not be written ({error.strerror or error})")
    kind = "funders' outcome report" if args.funders else "progress report"
    demo = " It is DEMO DATA (synthetic)." if model.synthetic else ""
    print(f"Wrote the {kind} ({model.scope_label}, {len(model.learners)} learners) to {out}.{demo}")
    return 0
