"""The kinds of lesson step. Each is data a pack author writes; the player knows how to run it.

Every spoken instruction is a ``Prompt`` (a stable segment id whose recording is looked up in
the audio manifest), so low-literacy learners can hear every step once it has been recorded.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]
PictureName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]


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


class Choice(Strict):
    """One answer to pick: words, a picture, a sound, or several of them."""

    id: Identifier
    text: Text | None = None
    picture: PictureName | None = None
    sound: Prompt | None = None

    @model_validator(mode="after")
    def _shows_something(self) -> Choice:
        if self.text is None and self.picture is None and self.sound is None:
            raise ValueError(f"choice {self.id} needs text, a picture or a sound")
        return self


def _check_choices(choices: list[Choice], answer: str, where: str) -> None:
    ids = [c.id for c in choices]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate choice ids in {where}")
    if answer not in ids:
        raise ValueError(f"answer {answer!r} of {where} is not one of its choices {ids}")


class ListenStep(Strict):
    kind: Literal["listen"]
    id: Identifier
    prompt: Prompt
    show: str = Field(min_length=1, description="Dzongkha shown large while the prompt plays")


class ReadStep(Strict):
    """Read a word or phrase; its sound and meaning can be revealed."""

    kind: Literal["read"]
    id: Identifier
    prompt: Prompt
    text: Text
    sound: str = Field(min_length=1, description="how it sounds, in Roman Dzongkha")


class KeyboardStep(Strict):
    """Type ``target`` on the Dzongkha keyboard."""

    kind: Literal["keyboard"]
    id: Identifier
    prompt: Prompt
    target: str = Field(min_length=1)
    sound: str = Field(min_length=1, description="how it sounds, in Roman Dzongkha")


class TypeBySoundStep(Strict):
    """Type ``target`` by how it sounds, in Latin letters, and pick it from the candidates."""

    kind: Literal["type_by_sound"]
    id: Identifier
    prompt: Prompt
    target: str = Field(min_length=1)
    sound: str = Field(min_length=1, description="one way to type it, shown as a hint")


class ChooseStep(Strict):
    kind: Literal["choose"]
    id: Identifier
    prompt: Prompt
    mode: Literal["pictures", "sounds", "words"]
    choices: list[Choice] = Field(min_length=2, max_length=6)
    answer: Identifier
    explain: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ChooseStep:
        _check_choices(self.choices, self.answer, f"step {self.id}")
        need = {"pictures": "picture", "sounds": "sound", "words": "text"}[self.mode]
        lacking = [c.id for c in self.choices if getattr(c, need) is None]
        if lacking:
            raise ValueError(f"{self.mode} step {self.id}: choices {lacking} have no {need}")
        return self


class QuizQuestion(Strict):
    id: Identifier
    prompt: Prompt
    choices: list[Choice] = Field(min_length=2, max_length=6)
    answer: Identifier
    explain: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> QuizQuestion:
        _check_choices(self.choices, self.answer, f"question {self.id}")
        return self


class QuizStep(Strict):
    kind: Literal["quiz"]
    id: Identifier
    prompt: Prompt
    questions: list[QuizQuestion] = Field(min_length=1)


FieldKind = Literal["text", "number", "date", "choice", "consent", "otp", "liveness"]


class FormField(Strict):
    """One field of a simulated e-service screen.

    ``expected`` is what a correct answer is: Dzongkha text for ``text``, digits for ``number``
    and ``otp``, ``YYYY-MM-DD`` for ``date``, a choice id for ``choice``, ``allow`` or ``deny``
    for ``consent`` (sharing one item with one agency), and ``done`` for ``liveness`` (a
    simulated face check: look at the camera, blink).
    """

    id: Identifier
    kind: FieldKind
    label: Text
    expected: str = Field(min_length=1)
    choices: list[Choice] = Field(default_factory=list)
    hint: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> FormField:
        if self.kind == "choice":
            _check_choices(self.choices, self.expected, f"field {self.id}")
        elif self.choices:
            raise ValueError(f"field {self.id}: only choice fields have choices")
        if self.kind == "consent" and self.expected not in ("allow", "deny"):
            raise ValueError(f"consent field {self.id}: expected must be 'allow' or 'deny'")
        if self.kind == "liveness" and self.expected != "done":
            raise ValueError(f"liveness field {self.id}: expected must be 'done'")
        if self.kind in ("number", "otp") and not self.expected.isdigit():
            raise ValueError(f"{self.kind} field {self.id}: expected must be digits")
        return self


class FormScreen(Strict):
    id: Identifier
    title: Text
    fields: list[FormField] = Field(min_length=1)


class EServiceStep(Strict):
    """Practise a real e-service on simulated portal screens: the outcome the CSOs report is
    whether the learner completes it correctly without hints ("independently")."""

    kind: Literal["eservice"]
    id: Identifier
    prompt: Prompt
    service: Text
    scenario: Text
    screens: list[FormScreen] = Field(min_length=1)
    success: Text

    @model_validator(mode="after")
    def _unique(self) -> EServiceStep:
        ids = [f.id for s in self.screens for f in s.fields] + [s.id for s in self.screens]
        if len(set(ids)) != len(ids):
            raise ValueError(f"e-service step {self.id}: screen and field ids must be unique")
        return self


Step = Annotated[
    ListenStep | ReadStep | KeyboardStep | TypeBySoundStep | ChooseStep | QuizStep | EServiceStep,
    Field(discriminator="kind"),
]
STEP_KINDS = ("listen", "read", "keyboard", "type_by_sound", "choose", "quiz", "eservice")
SCORED_KINDS = frozenset({"keyboard", "type_by_sound", "choose", "quiz", "eservice"})
