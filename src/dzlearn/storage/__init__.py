"""dzlearn's storage layer: the SQLite progress file, its event log and projections.

No Qt here. The composition root opens one Database and passes it (and the stores built on it)
to whoever needs them.
"""

from .database import (
    Database,
    backups_dir,
    list_backups,
    restore_latest_backup,
    set_aside,
)
from .errors import DatabaseCorrupt, DatabaseUnavailable, StorageError
from .events import Event, EventLog
from .instance import AlreadyRunning, InstanceLock
from .learners import Learner, LearnerStore
from .merge import Conflict, MergeResult, merge_events
from .schema import HEAD_REVISION

__all__ = [
    "HEAD_REVISION",
    "AlreadyRunning",
    "Conflict",
    "Database",
    "DatabaseCorrupt",
    "DatabaseUnavailable",
    "Event",
    "EventLog",
    "InstanceLock",
    "Learner",
    "LearnerStore",
    "MergeResult",
    "StorageError",
    "backups_dir",
    "list_backups",
    "merge_events",
    "restore_latest_backup",
    "set_aside",
]
