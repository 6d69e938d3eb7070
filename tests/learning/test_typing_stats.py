"""What learners see, projected from events: accuracy, speed, confidence per key, days."""

from datetime import UTC, date, timedelta, timezone

import pytest

from dzlearn.learning.drills import DrillAttempt, TrainerState
from dzlearn.learning.listening import listen_payload
from dzlearn.learning.typing_stats import (
    clean_drill,
    confidence_by_key,
    daily_progress,
    project_trainer,
    settings_from_events,
    summarize,
)

BHUTAN = timezone(timedelta(hours=6))


def drill_event(at: str, text: str, ms: float, wrong: int = 0) -> dict:
    attempt = DrillAttempt(text, "row-1")
    now = 0.0
    for n, ch in enumerate(text):
        if n < wrong:
            attempt.feed("ཨ", now)
        attempt.feed(ch, now)
        now += ms
    return {"type": "typing.drill", "payload": attempt.payload(5, None), "occurred_at": at}


def test_summary_adds_up_the_attempts():
    events = [
        drill_event("2026-03-01T04:00:00Z", "ཀ་ཁ་ག་ང་", 500, wrong=2),  # 10 keys, 4 syllables
        drill_event("2026-03-01T05:00:00Z", "ཀ་ཁ་", 250),  # 4 keys, 2 syllables
        {"type": "typing.drill", "payload": {"text": "broken"}, "occurred_at": "2026-03-01"},
        {"type": "lesson.completed", "payload": {}},
    ]
    summary = summarize(events)
    assert summary.attempts == 2 and summary.keystrokes == 14 and summary.errors == 2
    assert summary.accuracy == pytest.approx(12 / 14)
    minutes = (3500 + 750) / 60_000
    assert summary.spm == pytest.approx(6 / minutes)
    assert summary.errors_by_char == {"ཀ": 1, "་": 1}


def test_days_follow_the_learners_clock():
    events = [
        drill_event("2026-03-01T10:00:00Z", "ཀ་ཁ་", 500),
        drill_event("2026-03-01T20:00:00Z", "ཀ་ཁ་", 500, wrong=1),  # 02:00 on 2 March in Thimphu
        drill_event("2026-03-04T03:00:00Z", "ཀ་", 500),
    ]
    points = daily_progress(events, tz=BHUTAN)
    assert [p.day for p in points] == [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 4)]
    assert [p.attempts for p in points] == [1, 1, 1]
    assert points[0].accuracy == 1.0 and points[1].accuracy == pytest.approx(0.8)
    assert points[0].spm == pytest.approx(2 / (1500 / 60_000))
    in_utc = daily_progress(events, tz=UTC)
    assert [(p.day, p.attempts) for p in in_utc] == [(date(2026, 3, 1), 2), (date(2026, 3, 4), 1)]


def test_the_last_valid_settings_win():
    events = [
        {"type": "trainer.settings", "payload": {"min_accuracy": 0.8, "min_spm": 10},
         "occurred_at": "2026-03-01T00:00:00Z"},
        {"type": "trainer.settings", "payload": {"min_accuracy": 7},
         "occurred_at": "2026-03-02T00:00:00Z"},  # refused: not a proportion
        {"type": "trainer.settings", "payload": {"min_accuracy": 0.95, "min_spm": 12},
         "occurred_at": "2026-03-03T00:00:00Z"},
    ]  # fmt: skip
    assert settings_from_events(events).min_accuracy == 0.95
    assert settings_from_events(reversed(events)).min_accuracy == 0.95  # by time, not order
    assert settings_from_events([]).min_spm == 20
    assert project_trainer(events).settings.min_spm == 12


def test_malformed_drills_are_skipped():
    good = drill_event("2026-03-01T10:00:00Z", "ཀ་", 500)["payload"]
    assert clean_drill(good) == good
    for broken in (
        None, [], {**good, "accuracy": 2}, {**good, "keystrokes": -1},
        {**good, "errors": {"ཀ": "many"}}, {**good, "level": "3"}, {**good, "spm": True},
    ):  # fmt: skip
        assert clean_drill(broken) is None


def test_confidence_by_key_takes_the_weakest_character_on_each_key():
    state = TrainerState(key_ms={"ཀ": 500.0, "\u0f90": 1500.0, "ཁ": 750.0, "་": 375.0})
    heat = confidence_by_key(state)
    assert heat["KeyQ"] == pytest.approx(0.5)  # ྐ (Shift+Q) is the weak one
    assert heat["KeyW"] == pytest.approx(1.0) and heat["Space"] == pytest.approx(2.0)
    assert "KeyE" not in heat


def test_listening_results_are_counted():
    events = [
        {"type": "typing.listen", "payload": listen_payload("ཉ", "sound", True, 1)},
        {"type": "typing.listen", "payload": listen_payload("ཆུ", "keyboard", True, 3)},
        {"type": "typing.listen", "payload": listen_payload("ཇ", "keyboard", False, 2)},
    ]
    summary = summarize(events)
    assert (summary.listened, summary.listened_first_try) == (3, 1)
    assert summary.attempts == 0 and summary.accuracy == 0.0 and summary.spm == 0.0
