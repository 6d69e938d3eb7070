"""Synthetic activity for trying the dashboard: plausible, deterministic, and marked as demo.

Every event carries ``"synthetic": true`` in its payload and comes from one demo device, so
the report can say "demo data" on its first line and nobody mistakes it for a centre's work.
The activity follows simple learning curves: typing accuracy and speed rise with practice, an
e-service is more often done correctly and independently each time it is practised again, a
few learners struggle (low skill) and a few stop coming (drop-outs), which is what the "needs
help" flags are for. The same seed and settings always give the same events, ids included.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from dzlearn.lessons.loader import Library
from dzlearn.lessons.models import Lesson, Pack

from .events import (
    GROUP_CREATED,
    GROUP_LESSONS_ASSIGNED,
    GROUP_MEMBER_ADDED,
    LEARNER_CREATED,
    LESSON_COMPLETED,
    SESSION_RECORDED,
    STEP_COMPLETED,
    SYNTHETIC_KEY,
    TYPING_DRILL,
)

DEMO_NAMESPACE = uuid.UUID("5f0c1d0e-6b7a-4c7e-9d55-0d2f7d3e2a11")
DEMO_FACILITATOR = "demo-facilitator"
DZONGKHA_NAMES = (
    "བཀྲ་ཤིས་ལྷ་མོ",
    "ཚེ་རིང་དོ་རྗེ",
    "བསོད་ནམས་ཆོས་སྐྱིད",
    "པདྨ་དབང་ཆེན",
    "ཀརྨ་ཡེ་ཤེས",
    "ཕུན་ཚོགས་དབང་མོ",
    "ནོར་བུ་རྡོ་རྗེ",
    "བདེ་ཆེན་སྒྲོལ་མ",
    "རིན་ཆེན་དཔལ་ལྡན",
    "ཟླ་བ་བཟང་མོ",
    "ཀུན་ལེགས་རྒྱལ་མཚན",
    "ཉི་མ་ལྷ་མོ",
)
PICTURES = ("sun", "moon", "star", "tree", "flower", "fish", "bird", "house", "mountain", "cup")
CENTRES = ("Paro community centre", "Trongsa community centre")
SLOTS = ("morning", "evening", "weekend", "afternoon")
TYPING_STAGES = (
    "row-1",
    "row-2",
    "row-3",
    "row-4",
    "row-5",
    "row-6",
    "row-7",
    "row-8",
    "vowels",
    "subscripts",
    "superscripts",
    "syllables",
    "words",
    "phrases",
)


@dataclass(frozen=True)
class SyntheticEvent:
    """Shaped like ``dzlearn.storage.Event`` (the demo command converts it)."""

    event_id: str
    device_id: str
    device_seq: int
    learner_id: str | None
    type: str
    payload: dict[str, Any]
    schema_version: int
    occurred_at: str
    recorded_at: str


def demo_device_id(seed: int, learners: int, days: int, until: date) -> str:
    return uuid.uuid5(DEMO_NAMESPACE, f"{seed}:{learners}:{days}:{until.isoformat()}").hex


def demo_name(number: int) -> str:
    return f"Demo learner {number} ({DZONGKHA_NAMES[(number - 1) % len(DZONGKHA_NAMES)]})"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@dataclass
class _Learner:
    learner_id: str
    group: int
    skill: float
    attendance: float
    joined: date
    drops_out: date | None
    track: list[tuple[Pack, Lesson]]  # lessons without e-services, in order
    services: list[tuple[Pack, Lesson]]  # lessons with an e-service step
    position: int = 0
    sessions: int = 0
    tried: dict[str, int] | None = None


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.events: list[tuple[datetime, str | None, str, dict[str, Any]]] = []

    def new_id(self) -> str:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4).hex

    def add(self, at: datetime, learner_id: str | None, type_: str, payload: dict) -> None:
        self.events.append((at, learner_id, type_, {**payload, SYNTHETIC_KEY: True}))


def _step_result(rng: random.Random, step: Any, learner: _Learner, tries: int) -> dict:
    kind = step.kind
    skill = learner.skill + 0.05 * learner.sessions
    if kind == "keyboard":
        mistakes = sum(1 for _ in step.target if rng.random() > _sigmoid(1.6 + skill))
        keystrokes = len(step.target) + mistakes
        return {
            "target": step.target,
            "keystrokes": keystrokes,
            "mistakes": mistakes,
            "missed": {step.target[0]: mistakes} if mistakes else {},
            "correct": mistakes == 0,
            "score": round(len(step.target) / keystrokes, 4),
        }
    if kind in ("choose", "quiz"):
        questions = len(step.questions) if kind == "quiz" else 1
        first = sum(1 for _ in range(questions) if rng.random() < _sigmoid(1.2 + skill))
        return {
            "questions": questions,
            "first_try": first,
            "mistakes": questions - first,
            "correct": first == questions,
            "score": round(first / questions, 4),
        }
    if kind == "type_by_sound":
        mistakes = 0 if rng.random() < _sigmoid(0.8 + skill) else rng.randint(1, 3)
        hints = 1 if mistakes >= 2 else 0
        return {
            "mistakes": mistakes,
            "hints": hints,
            "correct": mistakes == 0,
            "independent": mistakes == 0 and hints == 0,
            "score": round(1 / (1 + mistakes), 4),
        }
    if kind == "eservice":
        logit = -2.0 + 0.8 * learner.skill + 1.5 * tries + 0.04 * learner.sessions
        u = rng.random()
        fields = [f.id for screen in step.screens for f in screen.fields]
        independent = u < _sigmoid(logit)
        correct = independent or u < _sigmoid(logit + 2.2)
        hints = 0 if independent else rng.randint(1, 3)
        wrong = [] if correct else sorted(rng.sample(fields, min(len(fields), rng.randint(1, 2))))
        return {
            "service": step.id,
            "completed": True,
            "correct": correct,
            "independent": independent,
            "hints": hints,
            "wrong_submissions": 0 if correct else rng.randint(1, 3),
            "wrong_fields": wrong,
            "score": 1.0 if correct else 0.0,
        }
    return {}


def _do_lesson(w: _Writer, at: datetime, learner: _Learner, pack: Pack, lesson: Lesson) -> datetime:
    assert learner.tried is not None
    tries = learner.tried.get(lesson.id, 0)
    for step in lesson.steps:
        duration = w.rng.randint(15, 90) * 1000
        at += timedelta(milliseconds=duration)
        payload = {
            **_step_result(w.rng, step, learner, tries),
            "pack_id": pack.id,
            "pack_version": pack.version,
            "lesson_id": lesson.id,
            "step_id": step.id,
            "kind": step.kind,
            "duration_ms": duration,
        }
        w.add(at, learner.learner_id, STEP_COMPLETED, payload)
    at += timedelta(seconds=2)
    w.add(
        at,
        learner.learner_id,
        LESSON_COMPLETED,
        {"pack_id": pack.id, "pack_version": pack.version, "lesson_id": lesson.id},
    )
    learner.tried[lesson.id] = tries + 1
    return at


def _drill(w: _Writer, at: datetime, learner: _Learner, day: date) -> datetime:
    t = (day - learner.joined).days
    rng = w.rng
    accuracy = 0.75 + 0.06 * learner.skill + 0.14 * (1 - math.exp(-t / 20)) + rng.gauss(0, 0.03)
    accuracy = min(max(accuracy, 0.45), 0.995)
    spm = max(1.5, 6 + 2.5 * learner.skill + 10 * (1 - math.exp(-t / 25)) + rng.gauss(0, 1.2))
    syllables = rng.randint(12, 30)
    keystrokes = int(syllables * rng.uniform(2.4, 3.2) / accuracy)
    errors = round(keystrokes * (1 - accuracy))
    duration = int(syllables / spm * 60000)
    at += timedelta(milliseconds=duration)
    stage = TYPING_STAGES[min(len(TYPING_STAGES) - 1, t // 5)]
    w.add(
        at,
        learner.learner_id,
        TYPING_DRILL,
        {
            "stage": stage,
            "keystrokes": keystrokes,
            "errors": errors,
            "duration_ms": duration,
            "syllables": syllables,
            "accuracy": round((keystrokes - errors) / keystrokes, 4),
            "spm": round(syllables / (duration / 60000), 2),
        },
    )
    return at


def _curriculum(library: Library) -> tuple[list[tuple[Pack, Lesson]], list[tuple[Pack, Lesson]]]:
    track, services = [], []
    for pack in library.packs:
        for lesson in pack.lessons():
            kinds = {s.kind for s in lesson.steps}
            (services if "eservice" in kinds else track).append((pack, lesson))
    return track, services


def synthesize(
    library: Library, *, learners: int, days: int, seed: int, until: date
) -> list[SyntheticEvent]:
    """``learners`` demo learners in a few groups at two centres, active over ``days`` days
    ending on ``until``; sorted and numbered as one device's log."""
    if learners < 1 or days < 1:
        raise ValueError("learners and days must be at least 1")
    rng = random.Random(f"dzlearn-demo:{seed}:{learners}:{days}:{until.isoformat()}")
    w = _Writer(rng)
    start = until - timedelta(days=days - 1)
    setup = datetime(start.year, start.month, start.day, 2, tzinfo=UTC) - timedelta(days=1)
    track, services = _curriculum(library)
    n_groups = max(1, round(learners / 8))
    groups = []
    for g in range(n_groups):
        gid = w.new_id()
        centre = CENTRES[g % len(CENTRES)]
        name = f"{centre.split()[0]} {SLOTS[(g // len(CENTRES)) % len(SLOTS)]} group"
        w.add(setup, None, GROUP_CREATED, {"group_id": gid, "name": name, "centre": centre})
        if g < n_groups - 1 or n_groups == 1:  # the last of several keeps the whole library
            chosen = track[:10] + services
            lessons = [{"pack_id": p.id, "lesson_id": x.id} for p, x in chosen]
            w.add(setup, None, GROUP_LESSONS_ASSIGNED, {"group_id": gid, "lessons": lessons})
        groups.append((gid, {g % 5, (g + 2) % 5, 5} if g % 2 else {g % 5, (g + 3) % 5}))
    people: list[_Learner] = []
    for i in range(learners):
        lid = w.new_id()
        skill = rng.gauss(0.2, 1.0)
        joined = start + timedelta(days=rng.randint(0, max(0, days // 5)))
        span = (until - joined).days
        drops = rng.random() < 0.15 and span > 20
        person = _Learner(
            lid,
            i % n_groups,
            skill,
            min(max(0.78 + 0.08 * skill + rng.gauss(0, 0.08), 0.35), 0.97),
            joined,
            joined + timedelta(days=int(span * rng.uniform(0.3, 0.6))) if drops else None,
            track,
            services,
            tried={},
        )
        people.append(person)
        created = datetime(joined.year, joined.month, joined.day, 2, 30, tzinfo=UTC)
        w.add(
            created,
            lid,
            LEARNER_CREATED,
            {"display_name": demo_name(i + 1), "picture": PICTURES[i % len(PICTURES)]},
        )
        w.add(
            created,
            None,
            GROUP_MEMBER_ADDED,
            {"group_id": groups[person.group][0], "learner_id": lid},
        )
    for offset in range(days):
        day = start + timedelta(days=offset)
        for g, (gid, weekdays) in enumerate(groups):
            if day.weekday() not in weekdays:
                continue
            begin = datetime(day.year, day.month, day.day, 3, 30, tzinfo=UTC)
            present = [
                p
                for p in people
                if p.group == g
                and p.joined <= day
                and (p.drops_out is None or day < p.drops_out)
                and rng.random() < p.attendance
            ]
            for n, person in enumerate(present):
                at = begin + timedelta(minutes=3 * n)
                person.sessions += 1
                at = _session(w, at, person, day)
            if present:
                w.add(
                    begin + timedelta(hours=3),
                    None,
                    SESSION_RECORDED,
                    {
                        "session_id": w.new_id(),
                        "group_id": gid,
                        "date": day.isoformat(),
                        "attendees": [p.learner_id for p in present],
                        "devices": [f"PC-{k + 1}" for k in range(min(len(present), 6))],
                        "facilitator_id": DEMO_FACILITATOR,
                    },
                )
    return _numbered(w, demo_device_id(seed, learners, days, until))


def _session(w: _Writer, at: datetime, person: _Learner, day: date) -> datetime:
    rng = w.rng
    lessons = 2 if person.skill > 0.8 and rng.random() < 0.3 else int(rng.random() < 0.85)
    for _ in range(lessons):
        if person.position < len(person.track):
            pack, lesson = person.track[person.position]
            at = _do_lesson(w, at, person, pack, lesson)
            person.position += 1
    assert person.tried is not None
    if person.sessions > 1 and person.services and rng.random() < 0.7:
        untried = [x for x in person.services if x[1].id not in person.tried]
        tried = [x for x in person.services if x[1].id in person.tried]
        pick = untried[0] if untried and (not tried or rng.random() < 0.45) else rng.choice(tried)
        at = _do_lesson(w, at, person, *pick)
    for _ in range(rng.randint(1, 3)):
        at = _drill(w, at, person, day)
    return at


def _numbered(w: _Writer, device_id: str) -> list[SyntheticEvent]:
    ordered = sorted(enumerate(w.events), key=lambda item: (item[1][0], item[0]))
    found = []
    for seq, (_, (at, learner_id, type_, payload)) in enumerate(ordered, 1):
        stamp = _iso(at)
        found.append(
            SyntheticEvent(w.new_id(), device_id, seq, learner_id, type_, payload, 1, stamp, stamp)
        )
    return found
