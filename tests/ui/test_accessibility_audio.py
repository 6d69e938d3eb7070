"""Every spoken instruction a learner meets has a Listen button on the audio path the lesson
uses (the Dzongkha recording, else the English synthetic one, else a note saying why not)."""

import json

import pytest
from PySide6.QtWidgets import QApplication
from test_audio_prompt import write_tone
from test_step_views import PACK

from dzlearn.lessons.audio import AudioLibrary, text_checksum
from dzlearn.lessons.models import Pack
from dzlearn.speech.coverage import spoken_in
from dzlearn.ui.steps.choice_steps import NEXT_QUESTION_MS


def recordings(folder, segments: dict[str, str]):  # noqa: ANN001
    """A tone "recorded" for each segment (id → the Dzongkha text it was recorded from)."""
    folder.mkdir()
    entries = []
    for segment, text in segments.items():
        write_tone(folder / f"{segment}.wav", seconds=0.1)
        entries.append(
            {
                "segment": segment,
                "file": f"{segment}.wav",
                "text_sha256": text_checksum(text),
                "speaker": "generated test tone (not speech)",
                "licence": "CC0-1.0",
            }
        )
    (folder / "manifest.json").write_text(json.dumps({"recordings": entries}), "utf-8")
    return AudioLibrary.load(folder)


@pytest.fixture
def quiz(launch, tmp_path):
    """The quiz step of the test pack, with the lesson's player recording what it plays."""

    def open_quiz(audio: AudioLibrary | None = None):  # noqa: ANN202
        app = launch()
        window = app.window
        if audio is not None:
            window.services.audio = audio
        learner = window.services.learners.create("Dechen", "bell")
        pack = Pack.model_validate(PACK)
        window.stack.setCurrentWidget(window.lesson_screen)
        screen = window.lesson_screen
        played: list = []
        screen.player.play = played.append
        screen.start(learner, pack, pack.lessons()[0], 2)
        app.idle()
        return app, screen, played

    return open_quiz


def test_each_quiz_question_has_its_own_listen_button(quiz, tmp_path, qtbot):
    audio = recordings(tmp_path / "audio", {"t.q1": "ཀ", "t.q2": "ཀ"})
    app, screen, played = quiz(audio)
    view = screen.view
    listener = view.listener
    assert listener.isVisible() and listener.play.isEnabled() and not listener.note.isVisible()
    assert played == [], "question 1 must not cut off the step's own instruction"
    listener.play.click()
    assert [p.name for p in played] == ["t.q1.wav"]
    view.grid.tiles["a"].click()  # right: question 2 comes after a moment
    qtbot.waitUntil(lambda: view.counter.text() == "Question 2 of 2", timeout=NEXT_QUESTION_MS * 5)
    assert [p.name for p in played] == ["t.q1.wav", "t.q2.wav"]  # played as it appears
    listener.play.click()
    assert played[-1].name == "t.q2.wav"


def test_without_a_recording_the_question_says_why(quiz):
    app, screen, played = quiz()
    listener = screen.view.listener
    assert listener.isVisible() and not listener.play.isEnabled()
    assert "No recording yet" in listener.note.text() and listener.note.isVisible()
    listener.play.click()
    assert played == []


def test_a_picture_question_has_no_second_listen_button(launch):
    """A one-question step is spoken by the lesson's own Listen button: no second one."""
    app = launch()
    window = app.window
    learner = window.services.learners.create("Dechen", "bell")
    pack = Pack.model_validate(PACK)
    window.stack.setCurrentWidget(window.lesson_screen)
    window.lesson_screen.start(learner, pack, pack.lessons()[0], 1)
    app.idle()
    QApplication.processEvents()
    assert (
        window.lesson_screen.play.isVisible() and not window.lesson_screen.view.listener.isVisible()
    )


def test_every_instruction_in_the_lessons_is_one_a_listen_button_plays(launch):
    """Step prompts play from the lesson's Listen, quiz questions from their own, choices'
    sounds when their tile is picked. A prompt anywhere else would have no button."""
    app = launch()
    heard = 0
    for pack in app.window.services.library.packs:
        for lesson in pack.lessons():
            for step in lesson.steps:
                playable = {id(step.prompt)}
                playable |= {id(q.prompt) for q in getattr(step, "questions", [])}
                for prompt, role in spoken_in(step):
                    if role == "instruction":
                        assert id(prompt) in playable, f"{lesson.id}/{step.id}: {prompt.segment}"
                        heard += 1
    assert heard > 250  # the bundled lessons, not an empty library
