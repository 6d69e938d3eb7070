"""``dzlearn demo seed``: fill a data folder with synthetic learners and activity, marked as demo.

The events arrive the way events from another device do (storage's ``merge_events``), from one
demo device, each with ``"synthetic": true`` in its payload; the dashboard and every report then
say "demo data" first. Seeding refuses a folder that holds real learners, so demo activity can
never be mixed into a centre's real report. The same settings give the same events, so running
it twice adds nothing the second time.

Exit status: 0 done, 2 refused or failed (the message says why).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, date, datetime

from dzlearn.paths import resolve_data_location, resource_root


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="synthetic learners and activity, for trying things out")
    actions = parser.add_subparsers(dest="demo_action", metavar="ACTION", required=True)
    seed = actions.add_parser(
        "seed",
        help="fill the data folder with synthetic activity (clearly marked as demo data)",
        description=(
            "Add LEARNERS synthetic learners in a few groups at two centres, with DAYS days of "
            "lessons, typing drills and e-service practice ending on --until. Refuses a data "
            "folder that holds real learners."
        ),
    )
    seed.add_argument("--learners", type=_positive, default=24, metavar="N")
    seed.add_argument("--days", type=_positive, default=60, metavar="D")
    seed.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")
    seed.add_argument(
        "--until", type=_day, default=None, metavar="YYYY-MM-DD", help="last day (default today)"
    )
    parser.set_defaults(handler=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 5000:
        raise argparse.ArgumentTypeError(f"{value} is not between 1 and 5000")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-03-31") from None


def _fail(message: str) -> int:
    print(f"dzlearn demo: {message}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    from dzlearn.lessons.loader import load_library
    from dzlearn.outcomes.demo import synthesize
    from dzlearn.outcomes.events import LEARNER_CREATED, SYNTHETIC_KEY
    from dzlearn.packs.install import installed_pack_dirs
    from dzlearn.storage import (
        AlreadyRunning,
        Database,
        Event,
        EventLog,
        InstanceLock,
        LearnerStore,
        StorageError,
        merge_events,
    )

    location = resolve_data_location(args.data, os.environ)
    until = args.until or datetime.now(UTC).date()
    library = load_library(
        resource_root() / "lessons", installed_pack_dirs(location.root, "lessons")
    )
    if not library.packs:
        return _fail("no lesson packs could be loaded, so there is nothing to practise")
    made = synthesize(library, learners=args.learners, days=args.days, seed=args.seed, until=until)
    lock = InstanceLock(location.root)
    try:
        lock.acquire()
    except AlreadyRunning as error:
        return _fail(error.message)
    except StorageError as error:
        return _fail(str(error))
    try:
        with Database.open(location.database) as db:
            events = EventLog(db)
            learners = LearnerStore(db, events)
            demo_device = made[0].device_id
            others = [x for x in learners.list() if not _is_demo(events, x.learner_id)]
            if others:
                return _fail(
                    f"{location.root} holds {len(others)} real learner(s); demo data is only "
                    "added to a folder without real learners. Use --data with an empty folder."
                )
            result = merge_events(db, (Event(**vars(e)) for e in made))
            if result.conflicts:
                return _fail(
                    "this folder already holds other demo data (made with other settings); "
                    "use an empty folder or the same --seed/--learners/--days/--until"
                )
            learners.rebuild_projection()
    except StorageError as error:
        return _fail(str(error))
    finally:
        lock.release()
    created = sum(1 for e in made if e.type == LEARNER_CREATED and e.payload.get(SYNTHETIC_KEY))
    print(
        f"Demo data in {location.root}: {created} synthetic learners, {len(made)} events "
        f"({len(result.inserted)} new) over {args.days} days up to {until.isoformat()}, "
        f"from demo device {demo_device}. Reports will say DEMO DATA."
    )
    return 0


def _is_demo(events, learner_id: str) -> bool:  # noqa: ANN001 - storage.EventLog
    from dzlearn.outcomes.events import LEARNER_CREATED, SYNTHETIC_KEY

    return any(
        e.type == LEARNER_CREATED and e.payload.get(SYNTHETIC_KEY) is True
        for e in events.for_learner(learner_id)
    )
