"""Does the learners table say what a replay of the event log says? (For ``dzlearn doctor``.)

The replay follows ``LearnerStore.rebuild_projection`` exactly: ``learner.created`` events in
(device, sequence) order, the first per learner wins, unusable payloads are skipped. It reads
through a plain sqlite3 connection so it also works on a file opened read-only.
"""

from __future__ import annotations

import json
import sqlite3

from .learners import LEARNER_CREATED, LEARNER_DELETED

__all__ = ["expected_learners", "projection_problems"]


def expected_learners(connection: sqlite3.Connection) -> dict[str, tuple[str, str, str]]:
    """The learners table as ``LearnerStore.rebuild_projection`` would make it from the log."""
    expected: dict[str, tuple[str, str, str]] = {}
    deleted = {
        learner_id
        for (learner_id,) in connection.execute(
            "SELECT learner_id FROM events WHERE type = ?", (LEARNER_DELETED,)
        )
    }
    rows = connection.execute(
        "SELECT learner_id, payload, occurred_at FROM events WHERE type = ? "
        "ORDER BY device_id, device_seq",
        (LEARNER_CREATED,),
    )
    for learner_id, payload, occurred_at in rows:
        if learner_id is None or learner_id in expected or learner_id in deleted:
            continue
        try:
            data = json.loads(payload)
        except (TypeError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        name, picture = data.get("display_name"), data.get("picture")
        if isinstance(name, str) and isinstance(picture, str):
            expected[learner_id] = (name, picture, occurred_at)
    return expected


def projection_problems(connection: sqlite3.Connection) -> list[str]:
    expected = expected_learners(connection)
    actual = {
        row[0]: (row[1], row[2], row[3])
        for row in connection.execute(
            "SELECT learner_id, display_name, picture, created_at FROM learners"
        )
    }
    missing = expected.keys() - actual.keys()
    extra = actual.keys() - expected.keys()
    different = [key for key in expected.keys() & actual.keys() if expected[key] != actual[key]]
    parts = []
    if missing:
        parts.append(f"{len(missing)} learner(s) in the event log are missing from it")
    if extra:
        parts.append(f"{len(extra)} learner(s) in it have no learner.created event")
    if different:
        parts.append(f"{len(different)} learner(s) differ from their learner.created event")
    if not parts:
        return []
    return ["The list of learners does not match the event log: " + "; ".join(parts) + "."]
