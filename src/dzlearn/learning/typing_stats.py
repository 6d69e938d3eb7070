"""What learners see about their typing, projected from the event log.

Screens never read raw events: they read these projections. A payload that does not look like
a drill (from an older or damaged device) is skipped, never trusted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from dzlearn.learning.drills import DRILL_EVENT, SETTINGS_EVENT, TrainerSettings, TrainerState
from dzlearn.learning.listening import LISTEN_EVENT
from dzlearn.script.keyboard import SPACE_CODE, Keystroke, keystrokes_for


def _field(event: Any, name: str) -> Any:
    if isinstance(event, Mapping):
        return event.get(name)
    return getattr(event, name, None)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def _times(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and _number(v) for k, v in value.items()
    )


def clean_drill(payload: Any) -> dict[str, Any] | None:
    """The payload if it is a usable drill attempt, else None."""
    if not isinstance(payload, Mapping):
        return None
    needed = ("keystrokes", "duration_ms", "syllables", "accuracy", "spm")
    if not all(_number(payload.get(k)) for k in needed) or payload["accuracy"] > 1:
        return None
    if not isinstance(payload.get("text"), str) or not isinstance(payload.get("stage"), str):
        return None
    errors = payload.get("errors", {})
    if not _times(errors) or not _times(payload.get("key_times", {})):
        return None
    if not _times(payload.get("stack_times", {})):
        return None
    level = payload.get("level", 0)
    if not isinstance(level, int) or isinstance(level, bool):
        return None
    return dict(payload)


def _ordered(events: Iterable[Any], kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(occurred_at, payload) of one event type, oldest first (log order on equal times)."""
    found = [
        (str(_field(e, "occurred_at") or ""), _field(e, "payload"))
        for e in events
        if _field(e, "type") == kind
    ]
    found.sort(key=lambda pair: pair[0])
    return found


def drill_payloads(events: Iterable[Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(at, p) for at, raw in _ordered(events, DRILL_EVENT) if (p := clean_drill(raw))]


def listen_payloads(events: Iterable[Any]) -> list[dict[str, Any]]:
    """``typing.listen`` payloads, oldest first (malformed ones skipped)."""
    return [
        dict(p)
        for _, p in _ordered(events, LISTEN_EVENT)
        if isinstance(p, Mapping) and isinstance(p.get("word"), str)
    ]


def settings_from_events(events: Iterable[Any]) -> TrainerSettings:
    """The last valid ``trainer.settings`` wins; defaults if there is none."""
    settings = TrainerSettings()
    for _, payload in _ordered(events, SETTINGS_EVENT):
        try:
            settings = TrainerSettings.from_payload(payload)
        except ValueError:
            continue
    return settings


def project_trainer(events: Iterable[Any]) -> TrainerState:
    """Settings, level and smoothed key times, replaying the learner's attempts in order."""
    events = list(events)
    state = TrainerState(settings=settings_from_events(events))
    for _, payload in drill_payloads(events):
        state.apply(payload)
    return state


@dataclass(frozen=True)
class TypingSummary:
    attempts: int
    keystrokes: int
    errors: int
    syllables: int
    minutes: float
    errors_by_char: dict[str, int]
    listened: int  # listen-and-type words done
    listened_first_try: int  # … right at the first answer

    @property
    def accuracy(self) -> float:
        """Right keystrokes ÷ all keystrokes (a wrong key is never inserted)."""
        return 1.0 - self.errors / self.keystrokes if self.keystrokes else 0.0

    @property
    def spm(self) -> float:
        """Syllables typed per minute of typing."""
        return self.syllables / self.minutes if self.minutes > 0 else 0.0


def _totals(payloads: Iterable[Mapping[str, Any]]) -> tuple[int, int, int, int, float]:
    attempts = keystrokes = errors = count = 0
    minutes = 0.0
    for p in payloads:
        attempts += 1
        keystrokes += int(p["keystrokes"])
        errors += int(sum(p.get("errors", {}).values()))
        count += int(p["syllables"])
        minutes += float(p["duration_ms"]) / 60_000
    return attempts, keystrokes, errors, count, minutes


def summarize(events: Iterable[Any]) -> TypingSummary:
    events = list(events)
    payloads = [p for _, p in drill_payloads(events)]
    attempts, keystrokes, errors, count, minutes = _totals(payloads)
    by_char: dict[str, int] = {}
    for p in payloads:
        for ch, n in p.get("errors", {}).items():
            by_char[ch] = by_char.get(ch, 0) + int(n)
    listened = listen_payloads(events)
    first_try = sum(1 for p in listened if p.get("correct") is True and p.get("attempts") == 1)
    return TypingSummary(
        attempts, keystrokes, errors, count, minutes, by_char, len(listened), first_try
    )


@dataclass(frozen=True)
class DayPoint:
    day: date
    attempts: int
    accuracy: float
    spm: float


def local_day(occurred_at: str, tz: tzinfo | None = None) -> date | None:
    """The learner's calendar day of an event time (UTC ISO-8601); None if unreadable."""
    try:
        moment = datetime.fromisoformat(occurred_at)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(tz).date()


def daily_progress(events: Iterable[Any], tz: tzinfo | None = None) -> list[DayPoint]:
    """Accuracy and syllables a minute for each day with drills, oldest first. ``tz`` is the
    learner's time zone (default: this computer's)."""
    by_day: dict[date, list[Mapping[str, Any]]] = {}
    for at, payload in drill_payloads(events):
        day = local_day(at, tz)
        if day is not None:
            by_day.setdefault(day, []).append(payload)
    points = []
    for day in sorted(by_day):
        attempts, keystrokes, errors, count, minutes = _totals(by_day[day])
        accuracy = 1.0 - errors / keystrokes if keystrokes else 0.0
        points.append(DayPoint(day, attempts, accuracy, count / minutes if minutes > 0 else 0.0))
    return points


def _stroke(ch: str) -> Keystroke | None:
    try:
        return keystrokes_for(ch)[0]
    except ValueError:
        return None


def confidence_by_key(state: TrainerState) -> dict[str, float]:
    """Physical key → its confidence (the weakest character typed on it), for the heat map.
    Keys never typed are left out."""
    found: dict[str, float] = {}
    for ch in state.key_ms:
        stroke = _stroke(ch)
        confidence = state.confidence(ch)
        if stroke is None or confidence is None:
            continue
        code = SPACE_CODE if stroke.code == SPACE_CODE else stroke.code
        found[code] = min(found.get(code, confidence), confidence)
    return found
