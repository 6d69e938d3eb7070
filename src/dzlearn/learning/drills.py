"""Adaptive keyboard drills in the spirit of keybr: confidence per key, one new key at a time.

For every key (and every letter stack) the time it takes to type is smoothed over attempts
(exponential filter, α = 0.1); its *confidence* is the target time ÷ that smoothed time, so 1.0
means "as fast as the target". A new key comes only when every active key and stack is
confident and the attempt just typed met the accuracy and speed thresholds. Drills lean on the
weakest key. Every decision is recorded in the ``typing.drill`` event, so a learner's level is
what the log says, never recomputed under thresholds that changed later.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from dzlearn.learning.course import ITEMS_PER_DRILL, SPACE, Course, Stage, Step, join_items
from dzlearn.learning.typing import Outcome, TypingExercise
from dzlearn.script import letters as L
from dzlearn.script.syllables import syllables

DRILL_EVENT = "typing.drill"
SETTINGS_EVENT = "trainer.settings"
ALPHA = 0.1  # keybr's smoothing factor
KEYS_PER_SYLLABLE = 4.0  # keystrokes in an average lexicon syllable, its tsheg included (4.03)


@dataclass(frozen=True)
class TrainerSettings:
    """The unlock thresholds; a facilitator can change them (a ``trainer.settings`` event).

    Defaults: 90 % accuracy and 20 syllables a minute. The learners are mostly older people who
    have never typed: KTouch asks 98 % and 180 strokes a minute, keybr 175 characters a minute;
    that would lock them out. 20 syllables a minute is 80 keystrokes a minute (an average
    syllable is 4 keystrokes with its tsheg), 0.75 s a key: less than half the speed those tutors
    ask, yet a pace at which filling in a name or a short message stops being a struggle. 90 %
    accuracy lets one slip in ten keys pass — a wrong key is never inserted, so slips cost only
    time — while still refusing guessing. The same speed sets each key's target time.
    """

    min_accuracy: float = 0.9
    min_spm: float = 20.0

    ACCURACY_RANGE = (0.5, 1.0)
    SPM_RANGE = (2.0, 120.0)

    def __post_init__(self) -> None:
        for name, value, (low, high) in (
            ("min_accuracy", self.min_accuracy, self.ACCURACY_RANGE),
            ("min_spm", self.min_spm, self.SPM_RANGE),
        ):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{name} must be a number, not {value!r}")
            if not (low <= value <= high) or math.isnan(value):
                raise ValueError(f"{name} must be between {low} and {high}, not {value}")

    @property
    def target_key_ms(self) -> float:
        """Target time for one keystroke (a stack of n letters: n times this)."""
        return 60_000 / (self.min_spm * KEYS_PER_SYLLABLE)

    def to_payload(self) -> dict[str, float]:
        return {"min_accuracy": float(self.min_accuracy), "min_spm": float(self.min_spm)}

    @classmethod
    def from_payload(cls, payload: Mapping[str, Any]) -> TrainerSettings:
        """Settings from an event payload; ValueError naming what is wrong."""
        if not isinstance(payload, Mapping):
            raise ValueError("trainer settings must be an object")
        unknown = set(payload) - {"min_accuracy", "min_spm"}
        if unknown:
            raise ValueError(f"unknown trainer settings: {', '.join(sorted(unknown))}")
        defaults = cls()
        return cls(
            payload.get("min_accuracy", defaults.min_accuracy),
            payload.get("min_spm", defaults.min_spm),
        )


def smooth(previous: float | None, sample: float, alpha: float = ALPHA) -> float:
    """keybr's exponential filter; the first sample starts it."""
    return sample if previous is None else previous + alpha * (sample - previous)


@dataclass
class TrainerState:
    """What the drills need to know about one learner, rebuilt from their events."""

    settings: TrainerSettings = field(default_factory=TrainerSettings)
    level: int = 0
    key_ms: dict[str, float] = field(default_factory=dict)
    stack_ms: dict[str, float] = field(default_factory=dict)
    attempts: int = 0

    def apply(self, payload: Mapping[str, Any]) -> None:
        """One recorded attempt (a clean ``typing.drill`` payload)."""
        for key, ms in payload.get("key_times", {}).items():
            self.key_ms[key] = smooth(self.key_ms.get(key), float(ms))
        for stack, ms in payload.get("stack_times", {}).items():
            self.stack_ms[stack] = smooth(self.stack_ms.get(stack), float(ms))
        self.level = max(self.level, int(payload.get("level", 0)))
        self.attempts += 1

    def smoothed_ms(self, unit: str) -> float | None:
        return (self.stack_ms if len(unit) > 1 else self.key_ms).get(unit)

    def confidence(self, unit: str) -> float | None:
        """Target time ÷ smoothed time; None before the unit was ever typed."""
        ms = self.smoothed_ms(unit)
        if ms is None:
            return None
        return self.settings.target_key_ms * len(unit) / max(ms, 1.0)

    def copy(self) -> TrainerState:
        return replace(self, key_ms=dict(self.key_ms), stack_ms=dict(self.stack_ms))


def weakest_unit(units: Sequence[str], state: TrainerState) -> str:
    """The unit to practise most: one never typed yet (the newest first), else the lowest
    confidence (the newest on a tie)."""
    if not units:
        raise ValueError("no units to choose from")
    ranked = [
        (-1.0 if (c := state.confidence(u)) is None else c, -n, u) for n, u in enumerate(units)
    ]
    return min(ranked)[2]


@dataclass(frozen=True)
class UnlockCheck:
    """Why the next key did (or did not) come."""

    unlocked: Step | None
    not_confident: tuple[str, ...]
    accuracy_ok: bool
    speed_ok: bool
    finished: bool  # nothing left to unlock

    @property
    def ready(self) -> bool:
        return not self.not_confident and self.accuracy_ok and self.speed_ok


def check_unlock(course: Course, state: TrainerState, accuracy: float, spm: float) -> UnlockCheck:
    """The unlock rule: every active unit confident (≥ 1.0) and this attempt accurate and fast
    enough. ``state`` already includes the attempt."""
    level = course.clamp(state.level)
    weak = tuple(u for u in course.active_units(level) if (state.confidence(u) or 0.0) < 1.0 - 1e-9)
    accuracy_ok = accuracy >= state.settings.min_accuracy - 1e-9
    speed_ok = spm >= state.settings.min_spm - 1e-9
    step = course.next_step(level)
    ready = not weak and accuracy_ok and speed_ok
    return UnlockCheck(step if ready else None, weak, accuracy_ok, speed_ok, finished=step is None)


def unlocked_name(course: Course, step: Step) -> str:
    """How a step is named in the event: its unit, or the id of the stage it opens."""
    return step.unit if step.unit is not None else course.stages[step.stage].id


@dataclass(frozen=True)
class DrillPlan:
    text: str
    stage: Stage
    focus: str  # the weakest unit, practised most
    items: tuple[str, ...]


def _weakness(state: TrainerState, unit: str) -> float:
    c = state.confidence(unit)
    return 1.0 if c is None else max(0.0, 1.0 - c)


def plan_drill(course: Course, state: TrainerState, seed: int) -> DrillPlan:
    """The next drill's text: real items leaning on the weakest unit, the same for one seed.

    Every other item contains the weakest unit (when any item does); the rest are drawn by
    frequency, favouring items with other weak units too.
    """
    level = course.clamp(state.level)
    stage = course.stage_at(level)
    active = course.active_units(level)
    focus = weakest_unit(active, state)
    pool = course.pool(level)
    kind = stage.kind
    count = items_per_drill(stage, active)
    active_set = set(active)
    weights = [
        item.weight * (1.0 + sum(_weakness(state, u) for u in item.requires & active_set))
        for item in pool
    ]
    with_focus = [n for n, item in enumerate(pool) if focus in item.requires]
    rng = random.Random(seed)
    picked: list[int] = []
    for i in range(count):
        choices = with_focus if with_focus and i % 2 == 0 else range(len(pool))
        choices = list(choices)
        for _ in range(6):  # avoid the same item twice in a row
            n = rng.choices(choices, weights=[weights[k] for k in choices])[0]
            if not picked or n != picked[-1] or len(choices) == 1:
                break
        picked.append(n)
    items = tuple(pool[n].text for n in picked)
    if stage.kind == "phrases" and not all(i.endswith(L.SHAD) for i in items):
        kind = "syllables"  # phrases not reachable yet: the fallback pool holds syllables
    return DrillPlan(join_items(items, kind), stage, focus, items)


def items_per_drill(stage: Stage, active: Sequence[str]) -> int:
    if stage.kind == "phrases" and SPACE not in active:
        return 1  # no space between phrases until the space is taught
    return ITEMS_PER_DRILL[stage.kind]


def _stacks(text: str) -> list[tuple[int, int]]:
    """(start, end) of each letter stack of two letters or more."""
    found: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        j = i + 1
        if L.is_base_letter(text[i]):
            while j < len(text) and L.is_subjoined_letter(text[j]):
                j += 1
            if j - i > 1:
                found.append((i, j))
        i = j
    return found


class DrillAttempt:
    """One drill as the learner types it: what went wrong, and how long each key took.

    A key's time runs from the previous correct key to this one, so time spent on wrong keys
    counts against the key that was wanted (as in keybr). The first key has no time.
    """

    def __init__(self, text: str, stage: str) -> None:
        self.text = text
        self.stage = stage
        self.exercise = TypingExercise(text)
        self._first_ms: float | None = None
        self._last_ms: float | None = None
        self._previous_ok_ms: float | None = None
        self._interval: dict[int, float] = {}

    @property
    def done(self) -> bool:
        return self.exercise.done

    def feed(self, char: str, at_ms: float) -> Outcome:
        outcome = self.exercise.feed(char)
        if outcome is Outcome.IGNORED:
            return outcome
        if self._first_ms is None:
            self._first_ms = at_ms
        self._last_ms = at_ms
        if outcome is not Outcome.WRONG:
            if self._previous_ok_ms is not None:
                self._interval[self.exercise.position - 1] = max(0.0, at_ms - self._previous_ok_ms)
            self._previous_ok_ms = at_ms
        return outcome

    @property
    def duration_ms(self) -> int:
        if self._first_ms is None or self._last_ms is None:
            return 0
        return int(round(self._last_ms - self._first_ms))

    def key_times(self) -> dict[str, float]:
        samples: dict[str, list[float]] = {}
        for pos, ms in self._interval.items():
            samples.setdefault(self.text[pos], []).append(ms)
        return {ch: round(sum(v) / len(v), 1) for ch, v in sorted(samples.items())}

    def stack_times(self) -> dict[str, float]:
        """A stack's time is its letters' times added; a stack of three (སྒྲ) also counts for
        the two on top (སྒ), the stack the course teaches."""
        samples: dict[str, list[float]] = {}
        for start, end in _stacks(self.text):
            spans = [(start, end)] + ([(start, start + 2)] if end - start > 2 else [])
            for a, b in spans:
                if all(p in self._interval for p in range(a, b)):
                    total = sum(self._interval[p] for p in range(a, b))
                    samples.setdefault(self.text[a:b], []).append(total)
        return {s: round(sum(v) / len(v), 1) for s, v in sorted(samples.items())}

    def payload(self, level: int, unlocked: str | None) -> dict[str, Any]:
        """The ``typing.drill`` event: one attempt's aggregates, not a row per keystroke."""
        ex = self.exercise
        count = len(syllables(self.text))
        minutes = self.duration_ms / 60_000
        spm = count / minutes if minutes > 0 else 0.0
        return {
            "stage": self.stage,
            "level": level,
            "unlocked": unlocked,
            "text": self.text,
            "keystrokes": ex.keystrokes,
            "errors": dict(sorted(Counter(ex.mistakes).items())),
            "duration_ms": self.duration_ms,
            "syllables": count,
            "accuracy": round(ex.accuracy, 4),
            "spm": round(spm, 2),
            "key_times": self.key_times(),
            "stack_times": self.stack_times(),
        }


def finish_attempt(
    course: Course, state: TrainerState, attempt: DrillAttempt
) -> tuple[dict[str, Any], UnlockCheck]:
    """Decide the unlock for a finished attempt, update ``state``, and return the event payload."""
    level = course.clamp(state.level)
    payload = attempt.payload(level, None)
    trial = state.copy()
    trial.level = level
    trial.apply(payload)
    check = check_unlock(course, trial, payload["accuracy"], payload["spm"])
    if check.unlocked is not None:
        payload["level"] = level + 1
        payload["unlocked"] = unlocked_name(course, check.unlocked)
    state.level = level
    state.apply(payload)
    return payload, check
