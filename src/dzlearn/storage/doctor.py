"""Checking a progress file thoroughly, and repairing it from a backup plus what can be salvaged.

``examine`` reads only: the full ``integrity_check`` (not the quick one the app runs at start-up),
counts, the learners projection against a replay of the event log, and every backup. ``repair``
never deletes: the damaged file is set aside, a new file is built beside it from the newest
healthy backup plus every readable event the backup lacks, checked, and only then renamed into
place. Pure Python, no Qt; ``dzlearn doctor`` is the command line over it.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .backups import SET_ASIDE_FOLDER, _fsync_folder, list_backups, set_aside
from .database import Database
from .errors import StorageError
from .events import EventLog
from .instance import AlreadyRunning, InstanceLock
from .learners import LearnerStore
from .merge import merge_events
from .projection_check import projection_problems
from .salvage import Salvage, open_read_only, salvage_events

log = logging.getLogger(__name__)

__all__ = ["BackupReport", "CannotExamine", "DoctorReport", "examine", "repair"]

_SHOWN_INTEGRITY_ROWS = 100


class CannotExamine(Exception):
    """The doctor could not run at all (nothing to check, no permission, app running)."""


@dataclass
class BackupReport:
    path: str
    ok: bool
    events: int | None


@dataclass
class DoctorReport:
    database: str
    ok: bool = False
    integrity: list[str] = field(default_factory=list)
    events: int | None = None
    learners: int | None = None
    backups: list[BackupReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    no_data: bool = field(default=False, compare=False)  # no events table: rebuild the file
    projection_stale: bool = field(default=False, compare=False)  # rebuild the learners list

    def to_json(self) -> dict[str, Any]:
        """The stable JSON shape of ``dzlearn doctor --json``."""
        shape = asdict(self)
        del shape["no_data"], shape["projection_stale"]
        return shape

    @property
    def damaged(self) -> bool:
        return self.integrity != ["ok"]


def _count(connection: sqlite3.Connection, table: str) -> int:
    return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _check_backup(path: Path, full: bool = False) -> BackupReport:
    """Backups never change, so they are read as immutable: no ``-shm`` appears beside them."""
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True)
        try:
            pragma = "integrity_check" if full else "quick_check"
            rows = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}")]
            events = _count(connection, "events")
        finally:
            connection.close()
    except sqlite3.Error:
        return BackupReport(str(path), False, None)
    return BackupReport(str(path), rows == ["ok"], events)


def _examine_file(db_path: Path, report: DoctorReport) -> None:
    try:
        with open_read_only(db_path) as connection:
            try:
                rows = connection.execute("PRAGMA integrity_check").fetchall()
                report.integrity = [str(row[0]) for row in rows[:_SHOWN_INTEGRITY_ROWS]]
            except sqlite3.DatabaseError as error:
                report.integrity = [str(error)]
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not {"events", "learners"} <= tables:
                report.no_data = True
                report.problems.append(
                    f"The progress file {db_path} holds no dzlearn data (no events table)."
                )
                return
            for name in ("events", "learners"):
                try:
                    setattr(report, name, _count(connection, name))
                except sqlite3.DatabaseError as error:
                    report.problems.append(f"The {name} table cannot be read completely ({error}).")
            try:
                stale = projection_problems(connection)
                report.projection_stale = bool(stale)
                report.problems.extend(stale)
            except sqlite3.DatabaseError as error:
                report.problems.append(f"The list of learners cannot be checked ({error}).")
    except sqlite3.DatabaseError as error:
        report.integrity = [str(error)]
    except OSError as error:
        raise CannotExamine(
            f"The progress file {db_path} cannot be read ({error.strerror or error})."
        ) from error


def examine(db_path: Path) -> DoctorReport:
    """Check ``db_path`` and its backups, changing nothing; CannotExamine if it cannot run."""
    db_path = Path(db_path)
    report = DoctorReport(database=str(db_path))
    backups = list_backups(db_path)
    report.backups = [_check_backup(path) for path in backups]
    if db_path.is_dir():
        raise CannotExamine(f"The progress file {db_path} is a folder, not a file.")
    if not db_path.exists():
        if not backups:
            raise CannotExamine(
                f"There is no progress file at {db_path} yet (dzlearn makes one the first time "
                "it starts), and no backups beside it."
            )
        report.integrity = ["missing"]
        report.problems.append(f"The progress file {db_path} is missing, but backups exist.")
        report.actions.append("Run 'dzlearn doctor --repair' to restore the newest backup.")
        return _finish(report)
    _examine_file(db_path, report)
    if report.damaged:
        shown = "; ".join(report.integrity[:3]) + ("; …" if len(report.integrity) > 3 else "")
        report.problems.insert(0, f"The progress file {db_path} is damaged ({shown}).")
    for backup in report.backups:
        if not backup.ok:
            report.problems.append(f"The backup {backup.path} is damaged or unreadable.")
    healthy = [backup for backup in report.backups if backup.ok]
    if report.damaged or report.no_data:
        if healthy:
            report.actions.append(
                "Close dzlearn, then run 'dzlearn doctor --repair': it keeps the damaged file, "
                f"restores the newest healthy backup ({Path(healthy[0].path).name}) and adds "
                "back every event that can still be read."
            )
        else:
            report.actions.append(
                "Close dzlearn, then run 'dzlearn doctor --repair': there is no healthy backup, "
                "so it builds a new file from the events that can still be read."
            )
    elif report.projection_stale:
        report.actions.append(
            "Run 'dzlearn doctor --repair' to rebuild the list of learners from the event log."
        )
    if not backups and not report.damaged:
        report.actions.append(
            "There are no backups yet: dzlearn makes one every time it is closed normally."
        )
    return _finish(report)


def _finish(report: DoctorReport) -> DoctorReport:
    report.ok = not report.problems and not report.damaged
    return report


# --- repair -----------------------------------------------------------------------------------


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _newest_healthy_backup(db_path: Path) -> BackupReport | None:
    for path in list_backups(db_path):
        checked = _check_backup(path, full=True)
        if checked.ok:
            return checked
    return None


def _adopt_device(rebuilt: Path, devices: list[tuple[str, str | None]]) -> None:
    """A file rebuilt from nothing keeps the old device id, so its numbering carries on."""
    connection = sqlite3.connect(rebuilt, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("DELETE FROM device")
        connection.executemany("INSERT INTO device (device_id, created_at) VALUES (?, ?)", devices)
        connection.execute("COMMIT")
    finally:
        connection.close()


def _build(
    db_path: Path, rebuilt: Path, backup: BackupReport | None, salvage: Salvage
) -> list[str]:
    """Make the repaired file at ``rebuilt``; returns what was done, in words."""
    done = []
    if backup is not None:
        shutil.copyfile(backup.path, rebuilt)
        done.append(f"Restored the backup {backup.path} ({backup.events} events).")
    else:
        Database.open(rebuilt).close()
        if salvage.devices:
            _adopt_device(rebuilt, salvage.devices[:1])
        done.append("Started a new progress file (there was no healthy backup).")
    with Database.open(rebuilt) as db:
        merged = merge_events(db, salvage.events)
        LearnerStore(db, EventLog(db)).rebuild_projection()
        raw = db.engine.raw_connection()
        try:
            check = [str(row[0]) for row in raw.driver_connection.execute("PRAGMA integrity_check")]
        finally:
            raw.close()
    if check != ["ok"]:
        raise StorageError(f"The rebuilt progress file failed its check ({check[:3]}).", db_path)
    done.append(
        f"Added back {len(merged.inserted)} event(s) from the damaged file that the backup "
        f"lacked ({merged.already_present} were already in it)."
        if backup is not None
        else f"Added {len(merged.inserted)} event(s) read from the damaged file."
    )
    if merged.conflicts:
        done.append(
            f"Kept out {len(merged.conflicts)} event(s) that clash with ones already there "
            f"(first: {merged.conflicts[0].event.event_id}: {merged.conflicts[0].reason})."
        )
    done.append("Rebuilt the list of learners from the event log.")
    return done


def _describe_salvage(db_path: Path, salvage: Salvage) -> str:
    if salvage.error is not None:
        return f"Could not read any events from the damaged file ({salvage.error})."
    lost = []
    if salvage.unreadable:
        lost.append(
            f"{salvage.unreadable_rows} unreadable row(s) in "
            f"{len(salvage.unreadable)} damaged stretch(es)"
        )
    if salvage.rejected:
        lost.append(f"{len(salvage.rejected)} row(s) that were not valid events")
    tail = f"; lost: {', '.join(lost)}" if lost else "; nothing unreadable"
    return f"Read {len(salvage.events)} event(s) from the damaged file {db_path.name}{tail}."


def _swap_in(db_path: Path, rebuilt: Path) -> Path | None:
    """Set the damaged file aside (if any) and rename the rebuilt one into its place."""
    for suffix in ("-wal", "-shm"):
        leftover = rebuilt.with_name(rebuilt.name + suffix)
        if leftover.exists():
            if suffix == "-wal" and leftover.stat().st_size:
                raise StorageError(f"The rebuilt file {rebuilt} was not closed cleanly.", db_path)
            leftover.unlink()
    kept = None
    if any(db_path.with_name(db_path.name + s).exists() for s in ("", "-wal", "-shm", "-journal")):
        kept = set_aside(db_path)
    os.replace(rebuilt, db_path)
    _fsync_folder(db_path.parent)
    return kept


def _set_aside_damaged_backups(db_path: Path, backups: list[BackupReport]) -> list[str]:
    damaged = [Path(backup.path) for backup in backups if not backup.ok]
    if not damaged:
        return []
    folder = db_path.parent / SET_ASIDE_FOLDER / f"{_stamp()}-damaged-backups"
    folder.mkdir(parents=True)
    for path in damaged:
        os.rename(path, folder / path.name)
    return [f"Moved {len(damaged)} damaged backup(s) to {folder} (nothing was deleted)."]


def _rebuild_projection_in_place(db_path: Path) -> list[str]:
    with Database.open(db_path) as db:
        LearnerStore(db, EventLog(db)).rebuild_projection()
    return ["Rebuilt the list of learners from the event log."]


def repair(db_path: Path, *, take_lock: bool = True) -> DoctorReport:
    """Repair ``db_path`` if it needs it; the report describes the file afterwards.

    ``ok`` and the counts describe the file after the repair; ``problems`` lists what was found
    before it (and anything still wrong), ``actions`` what was done. With
    ``take_lock`` the data folder's InstanceLock is held throughout (a running dzlearn makes
    this raise CannotExamine); pass False only when the caller already holds it.
    """
    db_path = Path(db_path)
    lock = InstanceLock(db_path.parent)
    if take_lock:
        try:
            lock.acquire()
        except AlreadyRunning as error:
            raise CannotExamine(f"Cannot repair while dzlearn is open: {error.message}") from error
    try:
        return _repair_locked(db_path)
    finally:
        lock.release()


def _repair_locked(db_path: Path) -> DoctorReport:
    before = examine(db_path)
    if before.ok:
        before.actions = ["Nothing to repair."]
        return before
    done: list[str] = []
    if not (before.damaged or before.no_data):
        if before.projection_stale:
            done += _rebuild_projection_in_place(db_path)
    else:
        salvage = salvage_events(db_path) if db_path.exists() else Salvage()
        backup = _newest_healthy_backup(db_path)
        if backup is None and not salvage.events:
            before.actions = [
                "Nothing could be repaired: there is no healthy backup and no event could be "
                "read. The file was left as it is; start dzlearn and choose to start fresh "
                "(the damaged file is then kept in set-aside/)."
            ]
            return before
        if db_path.exists():
            done.append(_describe_salvage(db_path, salvage))
        work = db_path.parent / f".doctor-{_stamp()}"
        work.mkdir(parents=True)
        try:
            rebuilt = work / db_path.name
            done += _build(db_path, rebuilt, backup, salvage)
            kept = _swap_in(db_path, rebuilt)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if kept is not None:
            done.append(f"Kept the damaged file in {kept} (nothing was deleted).")
    done += _set_aside_damaged_backups(db_path, before.backups)
    with Database.open(db_path) as db:
        fresh = db.backup()
    done.append(f"Made a fresh backup {fresh.name}.")
    after = examine(db_path)  # ok says whether the file is healthy now
    after.problems = before.problems + [p for p in after.problems if p not in before.problems]
    after.actions = done
    return after
