"""Helper run in a separate process by the storage tests (crash, disk-full, start-up).

Not a test module: ``python storage_child.py MODE DB_PATH``.
  loop      open, print "ready <device_id>", then append forever, printing each acknowledged
            device_seq after its commit (and making a backup every 200 appends)
  hard-exit append N events and leave without closing, so -wal and -shm stay behind
  disk-full append until the file-size limit makes a write fail; report as JSON
  startup   open an up-to-date database; report whether Alembic or Qt got imported
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from dzlearn.storage import Database, DatabaseUnavailable, EventLog


def loop(db_path: Path) -> None:
    db = Database.open(db_path)
    log = EventLog(db)
    print("ready", db.device_id, flush=True)
    text = "ཀ་ཁ་ག་ང་" * 40
    n = 0
    while True:
        event = log.append("crash-learner", "crash.tick", {"n": n, "text": text})
        print(event.device_seq, flush=True)
        n += 1
        if n % 200 == 0:
            db.backup(keep=3)


def hard_exit(db_path: Path, count: int) -> None:
    db = Database.open(db_path)
    log = EventLog(db)
    for n in range(count):
        log.append(None, "hard.exit", {"n": n})
    print(db.device_id, flush=True)
    os._exit(0)


def disk_full(db_path: Path) -> None:
    import resource
    import signal

    db = Database.open(db_path)
    log = EventLog(db)
    for n in range(5):
        log.append(None, "warm.up", {"n": n})
    before = log.count()
    wal = db_path.with_name(db_path.name + "-wal")
    limit = max(db_path.stat().st_size, wal.stat().st_size)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    error = None
    try:
        log.append(None, "too.big", {"blob": "ཀ" * 100_000})
    except DatabaseUnavailable as exc:
        error = {"message": str(exc), "cause": repr(exc.__cause__)}
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    after = log.count()
    next_seq = log.append(None, "after.space.freed", {}).device_seq
    db.close()
    print(json.dumps({"before": before, "after": after, "error": error, "next_seq": next_seq}))


def startup(db_path: Path) -> None:
    db = Database.open(db_path)
    db.close()
    imported = {name.split(".")[0] for name in sys.modules}
    print(json.dumps({"alembic": "alembic" in imported, "qt": "PySide6" in imported}))


if __name__ == "__main__":
    mode, path = sys.argv[1], Path(sys.argv[2])
    if mode == "loop":
        loop(path)
    elif mode == "hard-exit":
        hard_exit(path, int(sys.argv[3]))
    elif mode == "disk-full":
        disk_full(path)
    elif mode == "startup":
        startup(path)
    else:
        raise SystemExit(f"unknown mode {mode}")
