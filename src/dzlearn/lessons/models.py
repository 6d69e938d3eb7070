"""Lesson pack schema (pydantic). Packs are data from outside: unknown fields are refused."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from dzlearn.lessons.steps import (
    SCORED_KINDS,
    ChooseStep,
    EServiceStep,
    Identifier,
    KeyboardStep,
    ListenStep,
    Prompt,
    QuizStep,
    ReadStep,
    Step,
    Strict,
    Text,
    TypeBySoundStep,
)

SCHEMA_VERSION = 1
__all__ = [
    "ChooseStep", "EServiceStep", "KeyboardStep", "ListenStep", "Prompt", "QuizStep",
    "ReadStep", "Step", "Text", "TypeBySoundStep", "Assessment", "Lesson", "Unit", "Pack",
]  # fmt: skip


class Assessment(Strict):
    """Which scored steps decide whether the lesson is passed, and the mark to reach."""

    steps: list[Identifier] = Field(min_length=1)
    pass_mark: float = Field(default=0.8, gt=0, le=1)


class Lesson(Strict):
    id: Identifier
    title: Text
    objectives: list[Text] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)
    assessment: Assessment | None = None

    @model_validator(mode="after")
    def _unique_steps(self) -> Lesson:
        _require_unique([s.id for s in self.steps], f"step ids in lesson {self.id}")
        if self.assessment is not None:
            kinds = {s.id: s.kind for s in self.steps}
            for step_id in self.assessment.steps:
                if step_id not in kinds:
                    raise ValueError(f"assessment of {self.id} names unknown step {step_id!r}")
                if kinds[step_id] not in SCORED_KINDS:
                    raise ValueError(f"assessment of {self.id}: step {step_id!r} is not scored")
        return self


class Unit(Strict):
    id: Identifier
    title: Text
    lessons: list[Lesson] = Field(min_length=1)


class Pack(Strict):
    schema_version: Literal[1]
    id: Identifier
    version: int = Field(ge=1)
    title: Text
    min_app_version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    units: list[Unit] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Pack:
        _require_unique([u.id for u in self.units], "unit ids")
        _require_unique([lesson.id for u in self.units for lesson in u.lessons], "lesson ids")
        return self

    def lessons(self) -> list[Lesson]:
        return [lesson for unit in self.units for lesson in unit.lessons]

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((x for x in self.lessons() if x.id == lesson_id), None)


def _require_unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    dupes = sorted({i for i in ids if i in seen or seen.add(i)})
    if dupes:
        raise ValueError(f"duplicate {what}: {', '.join(dupes)}")
