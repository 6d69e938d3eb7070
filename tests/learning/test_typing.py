from dzlearn.learning.typing import Outcome, TypingExercise


def test_wrong_keys_are_counted_but_never_inserted():
    ex = TypingExercise("ཀ་ཁ")
    assert ex.feed("ཁ") is Outcome.WRONG
    assert ex.typed == "" and ex.expected == "ཀ"
    assert ex.feed("ཀ") is Outcome.CORRECT
    assert ex.feed("་") is Outcome.CORRECT
    assert ex.feed("ཁ") is Outcome.DONE
    assert ex.done and ex.typed == "ཀ་ཁ"
    assert ex.mistakes == {"ཀ": 1}
    assert ex.keystrokes == 4 and ex.accuracy == 0.75


def test_nothing_counts_after_done_or_for_empty_keys():
    ex = TypingExercise("ཀ")
    assert ex.feed("") is Outcome.IGNORED
    assert ex.feed("ཀ") is Outcome.DONE
    assert ex.feed("ཁ") is Outcome.IGNORED
    assert ex.keystrokes == 1 and not ex.mistakes
