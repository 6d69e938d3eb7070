"""Each kind of step, driven as a learner would, and what it records in the event log."""

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest

from dzlearn.learning.progress import STEP_COMPLETED
from dzlearn.lessons.models import Pack

PROMPT = {"segment": "t.p", "text": {"dz": "ཀ", "en": "Do this"}}


def prompt(name: str) -> dict:
    return {"segment": f"t.{name}", "text": {"dz": "ཀ", "en": f"Instruction {name}"}}


def words(*pairs):
    return [{"id": i, "text": {"dz": dz, "en": en}} for i, dz, en in pairs]


PACK = {
    "schema_version": 1, "id": "test-pack", "version": 1, "min_app_version": "0.1.0",
    "title": {"dz": "ཀ", "en": "Test"},
    "units": [{"id": "u", "title": {"dz": "ཀ", "en": "U"}, "lessons": [{
        "id": "all-kinds", "title": {"dz": "ཀ", "en": "All kinds"},
        "steps": [
            {"kind": "read", "id": "read", "prompt": prompt("read"), "sound": "dzongkha",
             "text": {"dz": "རྫོང་ཁ", "en": "Dzongkha"}},
            {"kind": "choose", "id": "pick-sun", "prompt": prompt("pick"), "mode": "pictures",
             "answer": "sun", "choices": [{"id": "sun", "picture": "sun"},
                                          {"id": "moon", "picture": "moon"}]},
            {"kind": "quiz", "id": "quiz", "prompt": prompt("quiz"), "questions": [
                {"id": "q1", "prompt": prompt("q1"), "answer": "a",
                 "choices": words(("a", "ཀ", "ka"), ("b", "ཁ", "kha"))},
                {"id": "q2", "prompt": prompt("q2"), "answer": "b",
                 "choices": words(("a", "ག", "ga"), ("b", "ང", "nga"))}]},
            {"kind": "eservice", "id": "birth", "prompt": prompt("birth"),
             "service": {"dz": "ཀ", "en": "Birth registration"},
             "scenario": {"dz": "ཀ", "en": "Your granddaughter ཀ was born on 2026-03-14."},
             "success": {"dz": "ཀ", "en": "Registered"},
             "screens": [
                 {"id": "child", "title": {"dz": "ཀ", "en": "The child"}, "fields": [
                     {"id": "name", "kind": "text", "label": {"dz": "ཀ", "en": "Name"},
                      "expected": "ཀ་ཁ", "hint": {"dz": "ཀ", "en": "Type ka, tsheg, kha"}},
                     {"id": "born", "kind": "date", "label": {"dz": "ཀ", "en": "Born"},
                      "expected": "2026-03-14"}]},
                 {"id": "share", "title": {"dz": "ཀ", "en": "Sharing"}, "fields": [
                     {"id": "health", "kind": "consent", "expected": "deny",
                      "label": {"dz": "ཀ", "en": "Pension office may see your health record"}},
                     {"id": "otp", "kind": "otp", "expected": "4821",
                      "label": {"dz": "ཀ", "en": "Code from your phone"}},
                     {"id": "face", "kind": "liveness", "expected": "done",
                      "label": {"dz": "ཀ", "en": "Face check"}}]}]},
            {"kind": "type_by_sound", "id": "thanks", "prompt": prompt("thanks"),
             "target": "བཀའ་དྲིན་ཆེ", "sound": "kadrinchhe"},
        ],
        "assessment": {"steps": ["pick-sun", "quiz", "birth"]},
    }]}],
}  # fmt: skip


@pytest.fixture
def lesson_screen(launch):
    app = launch()
    window = app.window
    learner = window.services.learners.create("Dechen", "bell")
    pack = Pack.model_validate(PACK)
    window.learner = learner
    window.stack.setCurrentWidget(window.lesson_screen)
    window.lesson_screen.start(learner, pack, pack.lessons()[0], 0)
    return app, learner, window.lesson_screen


def recorded(app, learner):
    events = app.window.services.events.for_learner(learner.learner_id)
    return {e.payload["step_id"]: e.payload for e in events if e.type == STEP_COMPLETED}


def test_every_step_kind_records_what_the_learner_did(lesson_screen, qtbot):
    app, learner, screen = lesson_screen
    # read: passive; the learner may reveal sound and meaning first
    screen.view.reveal.click()
    assert screen.view.sound.text() == "dzongkha" and screen.view.meaning.text() == "Dzongkha"
    QTest.keyClick(screen, Qt.Key.Key_Return)
    app.idle()

    # choose a picture: one miss, then right
    grid = screen.view.grid
    grid.tiles["moon"].click()
    assert not grid.tiles["moon"].isEnabled() and "Not this one" in screen.feedback.text()
    grid.tiles["sun"].click()
    app.idle()
    assert screen.next.isEnabled()
    QTest.keyClick(screen, Qt.Key.Key_Return)
    app.idle()

    # quiz: first question right at once, second after one miss
    screen.view.grid.tiles["a"].click()
    qtbot.waitUntil(lambda: screen.view.counter.text() == "Question 2 of 2", timeout=5000)
    screen.view.grid.tiles["a"].click()
    screen.view.grid.tiles["b"].click()
    app.idle()
    QTest.keyClick(screen, Qt.Key.Key_Return)
    app.idle()

    # e-service: type the name in Dzongkha by key position, ask for a hint, get one field wrong
    view = screen.view
    name = view.inputs["name"].editor
    name.setFocus()
    for key in (Qt.Key.Key_Q, Qt.Key.Key_Space, Qt.Key.Key_W):
        QTest.keyClick(name, key)
    assert name.text() == "ཀ་ཁ"
    view.show_hint("name")
    view.submit.click()  # the date is still today's: wrong
    assert "Born" in screen.feedback.text() and view.wrong_submissions == 1
    view.inputs["born"].editor.setDate(QDate(2026, 3, 14))
    view.submit.click()
    assert view.screen_title_en.text() == "Sharing"
    view.inputs["health"].options["deny"].click()
    view.inputs["otp"].editor.setText("༤༨༢༡")  # Tibetan digits are fine
    view.inputs["face"].editor.click()
    qtbot.waitUntil(lambda: view.inputs["face"].value() == "done", timeout=5000)
    view.submit.click()
    app.idle()

    steps = recorded(app, learner)
    assert steps["read"]["revealed"] is True and steps["read"]["kind"] == "read"
    pick = steps["pick-sun"]
    assert (pick["correct"], pick["mistakes"], pick["score"]) == (False, 1, 0.0)
    assert pick["missed"] == {"sun": ["moon"]}
    assert steps["quiz"]["first_try"] == 1 and steps["quiz"]["score"] == 0.5
    birth = steps["birth"]
    assert birth["completed"] and not birth["correct"] and not birth["independent"]
    assert birth["hints"] == 1 and birth["wrong_fields"] == ["born"]


def test_an_eservice_done_right_without_help_is_independent(lesson_screen, qtbot):
    app, learner, screen = lesson_screen
    pack = Pack.model_validate(PACK)
    lesson = pack.lessons()[0]
    screen.start(learner, pack, lesson, 3)
    view = screen.view
    for key in (Qt.Key.Key_Q, Qt.Key.Key_Space, Qt.Key.Key_W, Qt.Key.Key_Space):
        QTest.keyClick(view.inputs["name"].editor, key)  # a trailing tsheg is fine
    view.inputs["born"].editor.setDate(QDate(2026, 3, 14))
    view.submit.click()
    view.inputs["health"].options["deny"].click()
    QTest.keyClicks(view.inputs["otp"].editor, "4821")
    view.inputs["face"].editor.click()
    qtbot.waitUntil(lambda: view.inputs["face"].value() == "done", timeout=5000)
    view.submit.click()
    app.idle()
    birth = recorded(app, learner)["birth"]
    assert birth["correct"] and birth["independent"] and birth["hints"] == 0
    assert "Registered" in screen.feedback.text()


def test_type_by_sound_checks_each_pick_and_remembers_choices(lesson_screen, qtbot):
    from dzlearn.ime.history import CHOICE_EVENT

    app, learner, screen = lesson_screen
    pack = Pack.model_validate(PACK)
    screen.start(learner, pack, pack.lessons()[0], 4)
    view = screen.view
    qtbot.waitUntil(lambda: screen._context.input_method is not None, timeout=20000)
    QTest.keyClicks(view.box.edit, "thimphu")
    assert view.box.shown and view.box.shown[0].text == "ཐིམ་ཕུ"
    QTest.keyClick(view.box.edit, Qt.Key.Key_Space)  # picks the first candidate: wrong word
    assert view.mistakes == 1 and "ཐིམ་ཕུ" in screen.feedback.text()
    assert view.box.edit.text() == "" and not view.done
    QTest.keyClicks(view.box.edit, "kadrinche")
    number = next(i for i, c in enumerate(view.box.shown) if c.text == "བཀའ་དྲིན་ཆེ") + 1
    QTest.keyClick(view.box.edit, getattr(Qt.Key, f"Key_{number}"))
    app.idle()
    assert view.done and any("silent" in line for line in view.why.text().splitlines())
    result = recorded(app, learner)["thanks"]
    assert (result["correct"], result["mistakes"], result["independent"]) == (False, 1, False)
    events = app.window.services.events.for_learner(learner.learner_id)
    choices = [e.payload for e in events if e.type == CHOICE_EVENT]
    assert choices == [
        {"input": "thimphu", "chosen": "ཐིམ་ཕུ"},
        {"input": "kadrinche", "chosen": "བཀའ་དྲིན་ཆེ"},
    ]


def test_a_half_typed_stack_is_not_coloured_apart(launch):
    """སྐུ typed up to ས: the stack སྐུ stays whole (uncoloured) until it is complete."""
    from dzlearn.lessons.steps import KeyboardStep
    from dzlearn.ui.steps.keyboard_step import KeyboardStepView

    view = KeyboardStepView()
    step = KeyboardStep.model_validate(
        {"kind": "keyboard", "id": "k", "prompt": PROMPT, "target": "སྐུ་ཀ", "sound": "ku ka"}
    )
    view.show_step(step, None)
    view.type_char("ས")
    assert view.big.text() == '<span style="color:#1e7b34"></span>སྐུ་ཀ'
    view.type_char("\u0f90")
    view.type_char("\u0f74")
    assert view.big.text() == '<span style="color:#1e7b34">སྐུ</span>་ཀ'
