import pytest

from dzlearn.ime.engine import MAX_KEY_LETTERS, InputMethod
from dzlearn.ime.lexicon import LexiconEntry
from dzlearn.script.ewts import default_transliterator
from dzlearn.script.roman import romanize_syllable

HELLO = "སྐུ་གཟུགས་བཟང་པོ"
HELLO_LA = "སྐུ་གཟུགས་བཟང་པོ་ལགས"


def texts(ime: InputMethod, typed: str, top: int = 9) -> list[str]:
    return [c.text for c in ime.candidates(typed, top=top)]


def test_a_run_of_words_typed_without_spaces_is_segmented(shared_ime):
    best = shared_ime.candidates("kuzuzangpola")[0]
    assert best.text == HELLO_LA
    assert best.source == "segmented"
    assert best.ewts == "sku gzugs bzang po lags"
    assert best.roman == "kuzukzangpo la"
    assert best.gloss == "hello + polite particle (sir, madam)"


@pytest.mark.parametrize(
    "typed", ["kuzuzangpola", "kuzu zangpo la", "Kuzuzangpo La", "KUZUZANGPO LA", "kuzukzangpo lak"]
)
def test_case_and_spaces_do_not_matter(shared_ime, typed):
    assert texts(shared_ime, typed)[0] == HELLO_LA


@pytest.mark.parametrize(
    ("typed", "expected", "source"),
    [
        ("kuzuzangpo", HELLO, "word"),
        ("tashi delek", "བཀྲ་ཤིས་བདེ་ལེགས", "phrase"),
        ("trashidelek", "བཀྲ་ཤིས་བདེ་ལེགས", "phrase"),
        ("kadrinche", "བཀའ་དྲིན་ཆེ", "word"),
        ("kadrinchhe", "བཀའ་དྲིན་ཆེ", "word"),
        ("timpu", "ཐིམ་ཕུ", "word"),
        ("tongsa", "ཀྲོང་གསར", "word"),
        ("lhuntse", "ལྷུན་རྩེ", "word"),
        ("wangchuk", "དབང་ཕྱུག", "word"),
        ("gyalpo", "རྒྱལ་པོ", "word"),  # a for the umlaut e
        ("druk yul", "འབྲུག་ཡུལ", "word"),
        ("ama apa", "ཨ་མ་ཨ་པ", "segmented"),
    ],
)
def test_loose_spellings_find_the_word(shared_ime, typed, expected, source):
    best = shared_ime.candidates(typed)[0]
    assert (best.text, best.source) == (expected, source)


def test_candidates_are_ranked_best_first_and_distinct(shared_ime):
    found = shared_ime.candidates("chhoe", top=9)
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert len({c.text for c in found}) == len(found)
    assert found[0].text == "ཆོས"


def test_top_limits_the_candidates(shared_ime):
    assert len(shared_ime.candidates("ku", top=3)) == 3
    assert len(shared_ime.candidates("ku", top=1)) == 1


def test_a_syllable_missing_from_the_lexicon_is_typed_from_its_sound(shared_ime):
    # none of these is in the fixture lexicon
    for syllable in ["ཁྱིམ", "རྒྱུད", "སྨན", "བསྒྲུབས", "སློབ", "ཞབས", "འབྲས", "གཡུ"]:
        typed = romanize_syllable(syllable)
        found = texts(shared_ime, typed) + [c.text for c in shared_ime.syllable_choices(typed)]
        assert syllable in found, (syllable, typed)


def test_the_simplest_spelling_comes_first_for_an_unknown_syllable(shared_ime):
    best = shared_ime.candidates("sem")[0]
    assert best.source == "syllables"
    assert best.text in {"སེམ", "སེམས"}


def test_a_listed_word_is_preferred_to_fallback_syllables(shared_ime):
    found = shared_ime.candidates("thimphu")
    assert found[0].source == "word"
    assert {c.source for c in found[1:]} <= {"syllables", "segmented", "completion"}
    assert "ཐིམ་ཕུ" in [c.text for c in InputMethod([]).candidates("thimphu")]


def test_half_typed_words_are_completed(shared_ime):
    best = shared_ime.candidates("kuzuzangp")[0]
    assert (best.text, best.source) == (HELLO, "completion")


def test_exact_ewts_with_a_backslash_or_mode(shared_ime):
    for found in (
        shared_ime.candidates("\\sku gzugs bzang po"),
        shared_ime.candidates("sku gzugs bzang po", mode="ewts"),
    ):
        assert len(found) == 1
        assert (found[0].text, found[0].source, found[0].gloss) == (HELLO, "ewts", "hello")
        assert found[0].roman == "kuzuzangpo"  # the usual form (roman.EXCEPTIONS)


def test_invalid_ewts_gives_nothing_and_convert_says_why(shared_ime):
    assert shared_ime.candidates("\\kkkq") == []
    with pytest.raises(ValueError, match="EWTS"):
        shared_ime.convert_ewts("kkkq")


@pytest.mark.parametrize("typed", ["", "   ", "\t\n", "123", "!?", "ཀ་ཁ", "\\"])
def test_no_candidates_for_empty_or_non_latin_input(shared_ime, typed):
    assert shared_ime.candidates(typed) == []


def test_very_long_input_is_refused_quickly(shared_ime):
    assert shared_ime.candidates("ka" * MAX_KEY_LETTERS) == []


def test_ranking_is_deterministic(entries):
    first = InputMethod(entries).candidates("kuzu zangpo la", top=9)
    again = InputMethod(list(reversed(entries))).candidates("kuzu zangpo la", top=9)
    assert first == again


def test_typing_letter_by_letter_gives_what_a_fresh_engine_gives(entries):
    typing = InputMethod(entries)
    typed = "Kuzuzangpo la, tashi delek"
    for end in range(1, len(typed) + 1):
        typing.candidates(typed[:end])
    assert typing.candidates(typed) == InputMethod(entries).candidates(typed)


def test_works_without_any_lexicon():
    ime = InputMethod([])
    assert ime.candidates("ku")[0].text == "ཀུ"
    assert ime.candidates("kuzuzangpo")[0].source == "syllables"


def test_candidate_ewts_converts_back_to_the_text(shared_ime):
    translit = default_transliterator()
    for typed in ["kuzuzangpola", "sem", "lopdra", "kadrinche la"]:
        for candidate in shared_ime.candidates(typed):
            assert translit.to_unicode(candidate.ewts) == candidate.text


def test_a_heavier_homophone_ranks_first():
    entries = [
        LexiconEntry("ཆུ", "chu", "chhu", "water", ("nature",), 9.0, "test", False),
        LexiconEntry("བཅུ", "bcu", "chu", "ten", ("number",), 3.0, "test", False),
    ]
    assert texts(InputMethod(entries), "chu")[:2] == ["ཆུ", "བཅུ"]
