"""The keyboard course: its order, and drill material that is real Dzongkha and typeable."""

import pytest

from dzlearn.ime.lexicon import load_lexicon
from dzlearn.learning.course import (
    SHAD,
    SPACE,
    STAGES,
    SUPERSCRIPT_STACKS,
    TSHEG,
    Course,
    finger_hint,
    join_items,
    requirements,
    shad_ended,
)
from dzlearn.script.keyboard import Keystroke, keystrokes_for
from dzlearn.script.letters import CONSONANTS, VOWELS
from dzlearn.script.syllables import check


@pytest.fixture(scope="module")
def entries():
    return load_lexicon()


@pytest.fixture(scope="module")
def course(entries):
    return Course.from_lexicon(entries)


def test_the_course_runs_from_the_alphabet_to_phrases(course):
    assert [s.id for s in STAGES][:2] == ["row-1", "row-2"]
    assert [s.id for s in STAGES][-6:] == [
        "vowels", "subscripts", "superscripts", "syllables", "words", "phrases",
    ]  # fmt: skip
    assert course.initial_level == 5
    assert course.active_units(course.initial_level) == ("ཀ", "ཁ", "ག", "ང", TSHEG)
    letters = [u for s in STAGES[:8] for u in s.units if u != TSHEG]
    assert "".join(letters) == CONSONANTS  # all thirty, in alphabet order, in rows of four
    assert course.next_step(course.initial_level).unit == "ཅ"
    assert course.stage_at(len(course.steps)).id == "phrases"
    assert course.finished(len(course.steps)) and not course.finished(course.initial_level)


def test_drill_syllables_are_real_and_checked(course, entries):
    lexicon_syllables = {s for e in entries for s in e.dz.split(TSHEG)}
    for item in course.syllables:
        assert item.text in lexicon_syllables and check(item.text).valid
    for item in course.primer:  # a letter, a letter and vowel, a bare stack
        assert check(item.text).valid
        bare = item.text.rstrip(VOWELS)
        assert bare in CONSONANTS or len(bare) == 2 and bare[0] in CONSONANTS


def test_words_and_phrases_come_from_the_lexicon(course, entries):
    lexicon = {e.dz for e in entries}
    assert len(course.words) > 200 and len(course.phrases) > 50
    assert all(w.text in lexicon for w in course.words)
    for phrase in course.phrases:
        text = phrase.text.removesuffix(SHAD).removesuffix(TSHEG)
        assert text in lexicon
        assert all(check(s).valid for s in text.split(TSHEG))


def test_every_pool_needs_only_unlocked_keys_and_every_key_gets_practised(course):
    for level in range(course.initial_level, len(course.steps) + 1):
        active = set(course.active_units(level)) | {TSHEG}
        pool = course.pool(level)
        assert pool, f"nothing to drill at level {level}"
        for item in pool:
            assert item.requires <= active
            keystrokes_for(item.text)  # every character has a key
        unit = course.steps[level - 1].unit
        if unit not in (None, TSHEG, SPACE):  # separators are typed between items
            assert any(unit in item.requires for item in pool), unit


def test_requirements_name_the_stacks_and_refuse_what_is_not_taught():
    assert requirements("བསྒྲུབ") == {"བ", "ས", "སྒ", "ྲ", "ུ"}
    assert requirements("རྒྱལ") == {"ར", "རྒ", "ྱ", "ལ"}
    assert requirements("ཀྱི") == {"ཀ", "ྱ", "ི"}
    assert requirements("པདྨ") is None  # a Sanskrit stack
    assert requirements("ཨཱ") is None  # the a-chung
    assert set(SUPERSCRIPT_STACKS) <= {u for s in STAGES for u in s.units}


def test_phrases_end_with_a_shad_and_keep_the_tsheg_after_nga():
    assert shad_ended("བཀྲ་ཤིས་བདེ་ལེགས") == "བཀྲ་ཤིས་བདེ་ལེགས།"
    assert shad_ended("ཡིག་ཆ་གཏང") == "ཡིག་ཆ་གཏང་།"
    assert join_items(["ཀ", "ཁ"], "letters") == "ཀ་ཁ་"
    assert join_items(["ཀ་ཁ།", "ག།"], "phrases") == "ཀ་ཁ། ག།"


def test_finger_hints_name_the_finger_and_the_shift_hand():
    assert finger_hint(Keystroke("KeyQ")) == "use your left little finger"
    assert finger_hint(Keystroke("KeyQ", True)) == (
        "hold Shift with your right little finger, then use your left little finger"
    )
    assert finger_hint(Keystroke("Comma", True)).startswith("hold Shift with your left")
    assert finger_hint(Keystroke("Space")) == "use your thumb"


def test_clusters_keep_a_stack_with_its_vowel():
    from dzlearn.learning.course import cluster_bounds

    text = "བསྒྲུབ་ཀ"
    assert cluster_bounds(text, 0) == (0, 1)
    assert [cluster_bounds(text, p) for p in (1, 2, 3, 4)] == [(1, 5)] * 4
    assert cluster_bounds(text, 5) == (5, 6) and cluster_bounds(text, 6) == (6, 7)
    assert cluster_bounds(text, 8) == (8, 8)
