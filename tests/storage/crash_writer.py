"""A writer for the crash suite that also backs up often, so kills land inside VACUUM INTO.

Not a test module: ``python crash_writer.py DB_PATH BACKUP_EVERY``. Like ``storage_child.py
loop``: prints "ready <device_id>", then each acknowledged device_seq after its commit.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dzlearn.storage import Database, EventLog


def main(db_path: Path, backup_every: int) -> None:
    db = Database.open(db_path)
    log = EventLog(db)
    print("ready", db.device_id, flush=True)
    n = 0
    while True:
        event = log.append("crash-learner", "crash.tick", {"n": n, "text": "ཀ་ཁ་" * 100})
        print(event.device_seq, flush=True)
        n += 1
        if n % backup_every == 0:
            db.backup(keep=3)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
