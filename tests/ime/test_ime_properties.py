"""Property tests: no string makes the input method fail; EWTS round-trips for valid syllables."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from syllable_candidates import valid_syllables

from dzlearn.ime.engine import InputMethod
from dzlearn.ime.explain import explain
from dzlearn.script.ewts import default_transliterator
from dzlearn.script.orthography import LEXICON, STACK_PREFIXES
from dzlearn.script.roman import romanize_syllable
from dzlearn.script.syllables import parse

LATIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüAEIOU '-.,\\", max_size=40)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(text=st.one_of(st.text(max_size=60), LATIN))
def test_any_string_gives_a_list_of_candidates(shared_ime: InputMethod, text):
    found = shared_ime.candidates(text)
    assert isinstance(found, list) and len(found) <= 9
    for candidate in found:
        assert candidate.text and candidate.source
    assert shared_ime.candidates(text, mode="ewts") is not None


@SETTINGS
@given(text=LATIN)
def test_letter_by_letter_typing_matches_a_fresh_engine(entries, text):
    typing = InputMethod(entries)
    for end in range(len(text)):
        typing.candidates(text[:end])
    assert typing.candidates(text) == InputMethod(entries).candidates(text)


@SETTINGS
@given(text=st.text(max_size=40))
def test_explain_never_fails(text):
    assert isinstance(explain(text), list)


@SETTINGS
@given(syllable=valid_syllables())
def test_exact_ewts_round_trips_for_valid_syllables(shared_ime: InputMethod, syllable):
    ewts = default_transliterator().to_ewts(syllable)
    (candidate,) = shared_ime.candidates("\\" + ewts)
    assert candidate.text == syllable and candidate.ewts == ewts


@SETTINGS
@given(syllable=valid_syllables())
def test_a_common_valid_syllable_is_reachable_from_its_sound(shared_ime: InputMethod, syllable):
    parts = parse(syllable)
    built = parts.prefix + parts.stack + parts.vowel + parts.suffix + parts.second_suffix
    listed = any(syllable.startswith(stem) for stem in LEXICON)
    if parts.ending or built != syllable or parts.stack not in STACK_PREFIXES or listed:
        return  # fused particles and listed spellings are typed as words or in EWTS
    choices = shared_ime.syllable_choices(romanize_syllable(syllable))
    assert syllable in [c.text for c in choices]
    translit = default_transliterator()
    assert all(translit.to_unicode(c.ewts) == c.text for c in choices)
