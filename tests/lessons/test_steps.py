import pytest
from pydantic import TypeAdapter, ValidationError

from dzlearn.lessons.models import Lesson
from dzlearn.lessons.steps import Step

STEP = TypeAdapter(Step)
PROMPT = {"segment": "t.p", "text": {"dz": "ཀ", "en": "Listen"}}


def choose(**over):
    return {
        "kind": "choose", "id": "c", "prompt": PROMPT, "mode": "words", "answer": "a",
        "choices": [{"id": "a", "text": {"dz": "ཀ", "en": "ka"}},
                    {"id": "b", "text": {"dz": "ཁ", "en": "kha"}}],
    } | over  # fmt: skip


def field(**over):
    return {"id": "f", "kind": "text", "label": {"dz": "མིང", "en": "Name"}, "expected": "ཀ"} | over


def eservice(fields):
    return {
        "kind": "eservice", "id": "e", "prompt": PROMPT,
        "service": {"dz": "ཀ", "en": "Birth registration"},
        "scenario": {"dz": "ཀ", "en": "Register your daughter"},
        "screens": [{"id": "s1", "title": {"dz": "ཀ", "en": "Child"}, "fields": fields}],
        "success": {"dz": "ཀ", "en": "Registered"},
    }  # fmt: skip


def test_every_kind_parses():
    assert STEP.validate_python(choose()).kind == "choose"
    assert STEP.validate_python(eservice([field()])).kind == "eservice"
    question = {k: v for k, v in choose(id="q1").items() if k not in ("kind", "mode")}
    quiz = {"kind": "quiz", "id": "q", "prompt": PROMPT, "questions": [question]}
    assert STEP.validate_python(quiz).kind == "quiz"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (choose(answer="z"), "is not one of its choices"),
        (choose(mode="pictures"), "have no picture"),
        (eservice([field(kind="consent", expected="maybe")]), "'allow' or 'deny'"),
        (eservice([field(kind="otp", expected="12ab")]), "must be digits"),
        (eservice([field(), field()]), "must be unique"),
        (eservice([field(kind="choice", expected="x")]), "is not one of its choices"),
    ],
)
def test_inconsistent_steps_are_refused(data, message):
    with pytest.raises(ValidationError, match=message):
        STEP.validate_python(data)


def test_assessment_must_name_scored_steps():
    lesson = {
        "id": "l", "title": {"dz": "ཀ", "en": "L"},
        "steps": [{"kind": "listen", "id": "i", "prompt": PROMPT, "show": "ཀ"}, choose()],
        "assessment": {"steps": ["c"]},
    }  # fmt: skip
    assert Lesson.model_validate(lesson).assessment.pass_mark == 0.8
    with pytest.raises(ValidationError, match="not scored"):
        Lesson.model_validate(lesson | {"assessment": {"steps": ["i"]}})
    with pytest.raises(ValidationError, match="unknown step"):
        Lesson.model_validate(lesson | {"assessment": {"steps": ["nope"]}})
