"""Lesson pack schema (pydantic). Packs are data from outside: unknown fields are refused."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 1
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """Text in Dzongkha and English; ``review`` flags Dzongkha awaiting a native speaker."""

    dz: str = Field(min_length=1)
    en: str = Field(min_length=1)
    review: bool = False


class Prompt(Strict):
    """Something spoken to the learner: a stable segment id (its recording is looked up by id)."""

    segment: Identifier
    text: Text


class ListenStep(Strict):
    kind: Literal["listen"]
    id: Identifier
    prompt: Prompt
    show: str = Field(min_length=1, description="Dzongkha shown large while the prompt plays")


class KeyboardStep(Strict):
    """Type ``target`` on the Dzongkha keyboard."""

    kind: Literal["keyboard"]
    id: Identifier
    prompt: Prompt
    target: str = Field(min_length=1)
    sound: str = Field(min_length=1, description="how it sounds, in Roman Dzongkha")


Step = Annotated[ListenStep | KeyboardStep, Field(discriminator="kind")]


class Lesson(Strict):
    id: Identifier
    title: Text
    objectives: list[Text] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_steps(self) -> Lesson:
        _require_unique([s.id for s in self.steps], f"step ids in lesson {self.id}")
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
