from pathlib import Path

from dzlearn.ime.engine import InputMethod
from dzlearn.ime.history import (
    CHOICE_EVENT,
    ChoiceHistory,
    choice_payload,
    history_from_events,
    input_key,
)
from dzlearn.storage import Database, EventLog, LearnerStore


def test_history_is_rebuilt_from_choice_events_only():
    events = [
        {"type": CHOICE_EVENT, "payload": choice_payload("chu", "བཅུ")},
        {"type": CHOICE_EVENT, "payload": {"input": "Chu", "chosen": "བཅུ"}},
        {"type": "lesson.completed", "payload": {"input": "chu", "chosen": "ཆུ"}},
        {"type": CHOICE_EVENT, "payload": {"input": 3, "chosen": "ཆུ"}},  # malformed: skipped
        {"type": CHOICE_EVENT, "payload": "not a dict"},
        {"type": CHOICE_EVENT},
    ]
    history = history_from_events(events)
    assert dict(history.choices_for("chu")) == {"བཅུ": 2}
    assert len(history) == 2


def test_choices_are_remembered_under_the_phonetic_key():
    assert input_key("Kuzu zangpo") == input_key("kuzuzangpo")
    history = ChoiceHistory()
    history.record("Kuzu zangpo", "X")
    assert history.choices_for("kuzuzangpo") == {"X": 1}


def test_choosing_the_second_candidate_twice_makes_it_first(entries):
    ime = InputMethod(entries)
    first, second = (c.text for c in ime.candidates("chu")[:2])
    ime.record_choice("chu", second)
    ime.record_choice("chu", second)
    assert ime.candidates("chu")[0].text == second
    assert ime.candidates("chu")[1].text == first


def test_learning_comes_back_from_the_event_log(tmp_path: Path, entries):
    db = Database.open(tmp_path / "dzlearn.sqlite")
    try:
        log = EventLog(db)
        learner = LearnerStore(db, log).create("Pema", "yak")
        other = LearnerStore(db, log).create("Dorji", "dragon")
        ime = InputMethod(entries)
        second = ime.candidates("chu")[1].text
        for _ in range(2):
            log.append(learner.learner_id, CHOICE_EVENT, choice_payload("chu", second))
        mine = InputMethod(entries, history_from_events(log.for_learner(learner.learner_id)))
        theirs = InputMethod(entries, history_from_events(log.for_learner(other.learner_id)))
        assert mine.candidates("chu")[0].text == second
        assert theirs.candidates("chu")[0].text != second  # learning is per learner
    finally:
        db.close()


def test_a_word_chosen_once_moves_up_for_that_input(entries):
    ime = InputMethod(entries)
    before = [c.text for c in ime.candidates("chu", top=9)]
    third = before[2]
    ime.record_choice("chu", third)
    after = [c.text for c in ime.candidates("chu", top=9)]
    assert after.index(third) < 2


def test_a_chosen_text_the_lattice_misses_is_still_offered(entries):
    ime = InputMethod(entries)
    ime.record_choice("ku", "སྐུ་དྲིན")
    ime.record_choice("ku", "སྐུ་དྲིན")
    assert ime.candidates("ku")[0].text == "སྐུ་དྲིན"


def test_choices_for_one_input_leave_the_best_of_others_alone(entries):
    ime = InputMethod(entries)
    before = ime.candidates("thimphu")[0]
    second = ime.candidates("chu")[1].text
    ime.record_choice("chu", second)
    ime.record_choice("chu", second)
    assert ime.candidates("thimphu")[0] == before


def test_scores_follow_the_learned_order(entries):
    ime = InputMethod(entries)
    third = ime.candidates("chu")[2].text
    ime.record_choice("chu", third)
    ime.record_choice("chu", third)
    found = ime.candidates("chu")
    assert found[0].text == third
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_a_text_chosen_once_stays_on_offer(entries):
    ime = InputMethod(entries)
    assert "སྐུ་དྲིན" not in [c.text for c in ime.candidates("ku")]
    ime.record_choice("ku", "སྐུ་དྲིན")
    assert "སྐུ་དྲིན" in [c.text for c in ime.candidates("ku")]


def test_choosing_a_lexicon_word_ranks_it_higher_for_other_inputs_too(entries):
    ime = InputMethod(entries)
    water = "ཆུ"
    assert not ime.candidates("chu tshoe")[0].text.startswith(water)
    for _ in range(4):
        ime.record_choice("chu", water)
    assert ime.candidates("chu tshoe")[0].text.startswith(water)
