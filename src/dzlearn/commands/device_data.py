"""Opening the progress file for the sync commands (``device``, ``sync``, ``progress``).

Not a command itself. The same rules as ``report`` and ``demo``: the data folder comes from
``--data``/``DZLEARN_DATA``/portable/user, and every problem (a damaged or locked file, dzlearn
already open on the folder) becomes one line on stderr and exit status 2. Commands that write
take the folder's instance lock, as ``demo`` does, so they never run under an open app.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from dzlearn.paths import DataLocation, resolve_data_location

if TYPE_CHECKING:
    from dzlearn.storage import Database


# SyncError kinds worth simply trying again later (exit status 1 rather than 2)
TRANSIENT_KINDS = frozenset({"unreachable", "interrupted", "hub_error"})


class CommandFailed(Exception):
    """Stop the command: ``message`` goes to stderr as one line, ``status`` is the exit code."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def location_of(args: argparse.Namespace) -> DataLocation:
    return resolve_data_location(args.data, os.environ)


def has_database(location: DataLocation) -> bool:
    path = location.database
    return path.is_file() and path.stat().st_size > 0


@contextmanager
def open_database(location: DataLocation, *, lock: bool) -> Iterator[Database]:
    """The progress file, open (and the folder locked when ``lock``); CommandFailed if not."""
    from dzlearn.storage import AlreadyRunning, Database, InstanceLock, StorageError

    instance = InstanceLock(location.root)
    if lock:
        try:
            instance.acquire()
        except AlreadyRunning as error:
            raise CommandFailed(
                f"this cannot run while dzlearn is open on the same data. {error.message}"
            ) from None
        except StorageError as error:
            raise CommandFailed(str(error)) from None
    try:
        try:
            db = Database.open(location.database)
        except StorageError as error:
            raise CommandFailed(str(error)) from None
        try:
            yield db
        except StorageError as error:
            raise CommandFailed(str(error)) from None
        finally:
            db.close()
    finally:
        instance.release()


def fail(command: str, message: str, status: int = 2) -> int:
    print(f"dzlearn {command}: {message}", file=sys.stderr)
    return status
