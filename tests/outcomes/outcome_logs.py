"""Hand-built event logs for the report model: each test says exactly what happened."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

AS_OF = datetime(2025, 3, 31, 12, tzinfo=UTC)
LOGIN = ("dz-services", "es-ndi-login", "login")
BIRTH = ("dz-services", "es-birth", "register-birth")


@dataclass
class Ev:
    type: str
    learner_id: str | None
    payload: dict[str, Any]
    occurred_at: str
    device_id: str = "dev"
    device_seq: int = 0
    event_id: str = ""


@dataclass
class Log:
    """Appends events one minute apart (or at a given day) with growing sequence numbers."""

    events: list[Ev] = field(default_factory=list)
    clock: datetime = AS_OF - timedelta(days=60)

    def add(self, type_: str, learner: str | None, payload: dict, days_ago: float | None = None):
        if days_ago is not None:
            self.clock = AS_OF - timedelta(days=days_ago)
        else:
            self.clock += timedelta(minutes=1)
        n = len(self.events) + 1
        stamp = self.clock.isoformat().replace("+00:00", "Z")
        self.events.append(Ev(type_, learner, payload, stamp, "dev", n, f"e{n}"))

    def learner(self, lid: str, name: str, days_ago: float = 60, **extra) -> None:
        self.add(
            "learner.created", lid, {"display_name": name, "picture": "sun", **extra}, days_ago
        )

    def group(self, gid: str, name: str, centre: str, members: list[str]) -> None:
        self.add("group.created", None, {"group_id": gid, "name": name, "centre": centre})
        for m in members:
            self.add("group.member_added", None, {"group_id": gid, "learner_id": m})

    def eservice(self, lid: str, service: tuple, outcome: str, days_ago: float | None = None):
        correct = outcome in ("independent", "help")
        self.add(
            "lesson.step_completed",
            lid,
            {"pack_id": service[0], "lesson_id": service[1], "step_id": service[2],
             "kind": "eservice", "duration_ms": 60000, "service": service[2],
             "completed": True, "correct": correct, "independent": outcome == "independent",
             "hints": 0 if outcome == "independent" else 1, "wrong_submissions": 0,
             "wrong_fields": [], "score": 1.0 if correct else 0.0},
            days_ago,
        )  # fmt: skip

    def drill(self, lid: str, keystrokes: int, errors: int, spm: float, days_ago=None) -> None:
        self.add(
            "typing.drill",
            lid,
            {"stage": "row-1", "keystrokes": keystrokes, "errors": errors, "duration_ms": 60000,
             "syllables": 10, "accuracy": (keystrokes - errors) / keystrokes, "spm": spm},
            days_ago,
        )  # fmt: skip
