"""One typing exercise: the learner types a target, character by character.

Forgiving by design: a wrong key is counted and explained but never inserted, so there is nothing
to erase and the learner simply tries again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum


class Outcome(Enum):
    CORRECT = "correct"
    WRONG = "wrong"
    DONE = "done"  # the keystroke was correct and completed the target
    IGNORED = "ignored"  # nothing typed (e.g. a key with no character), or already done


@dataclass
class TypingExercise:
    target: str
    position: int = 0
    keystrokes: int = 0
    mistakes: Counter[str] = field(default_factory=Counter)  # expected char → misses

    @property
    def done(self) -> bool:
        return self.position >= len(self.target)

    @property
    def expected(self) -> str | None:
        return None if self.done else self.target[self.position]

    @property
    def typed(self) -> str:
        return self.target[: self.position]

    def feed(self, char: str) -> Outcome:
        if self.done or not char:
            return Outcome.IGNORED
        self.keystrokes += 1
        expected = self.target[self.position]
        if char != expected:
            self.mistakes[expected] += 1
            return Outcome.WRONG
        self.position += 1
        return Outcome.DONE if self.done else Outcome.CORRECT

    @property
    def accuracy(self) -> float:
        return 1.0 if not self.keystrokes else self.position / self.keystrokes
