import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from syllable_candidates import valid_syllables

from dzlearn.script.ewts import Transliterator, default_transliterator
from dzlearn.script.normalize import normalize
from dzlearn.script.syllables import check


@pytest.fixture(scope="module")
def ewts() -> Transliterator:
    return Transliterator()


def test_documented_example_both_ways(ewts):
    assert ewts.to_unicode("sku gzugs bzang po lags/") == "སྐུ་གཟུགས་བཟང་པོ་ལགས།"
    assert ewts.to_ewts("སྐུ་གཟུགས་བཟང་པོ་ལགས།") == "sku gzugs bzang po lags/"


def test_dot_and_plus(ewts):
    assert ewts.to_unicode("g.yang") == "གཡང"
    assert ewts.to_unicode("pad+ma") == "པདྨ"


def test_output_is_canonical(ewts):
    assert ewts.to_unicode("kI") == normalize("ཀཱི") == "ཀ\u0f71\u0f72"


@pytest.mark.parametrize(
    ("bad", "named"),
    [
        ("kaq", '"q"'),
        ("k", '"k"'),
        ("yz", '"yz"'),
        ("kaé", "'é'"),
        ("k+k+k+k", "k+k+k+k"),
        ("Ka", '"K"'),  # capitals mean other letters in EWTS (Ta is ཊ); no guessing
        ("Mig", '"M"'),  # pyewts's sloppy mode would silently cut this to "mi"
    ],
)
def test_bad_ewts_raises_naming_the_bad_part(ewts, bad, named):
    with pytest.raises(ValueError, match="not valid EWTS") as error:
        ewts.to_unicode(bad)
    assert named in str(error.value)


def test_a_sign_with_no_letter_cannot_be_transliterated(ewts):
    with pytest.raises(ValueError, match="needs a top symbol"):
        ewts.to_ewts("\u0f90")


def test_typographic_apostrophe_is_the_a_chung_apostrophe(ewts):
    assert ewts.to_unicode("dga’") == ewts.to_unicode("dga'") == "དགའ"


@pytest.mark.parametrize("text", ["གནད", "མནད", "ཉ༷", "ཉ༵", "དགས", "དངས"])
def test_syllables_pyewts_finds_ambiguous_or_rare_still_round_trip(ewts, text):
    assert ewts.to_unicode(ewts.to_ewts(text)) == text


def test_blank_input_is_blank(ewts):
    assert ewts.to_unicode("") == ""


def test_each_transliterator_has_its_own_converter_and_the_default_is_cached():
    assert Transliterator()._converter is not Transliterator()._converter
    assert default_transliterator() is default_transliterator()


@settings(max_examples=400, deadline=None)
@given(valid_syllables())
def test_valid_syllables_round_trip(syllable):
    assert check(syllable).valid
    ewts = default_transliterator()
    assert ewts.to_unicode(ewts.to_ewts(syllable)) == normalize(syllable)


@settings(max_examples=100, deadline=None)
@given(st.lists(valid_syllables(), min_size=2, max_size=5))
def test_valid_phrases_round_trip(sylls):
    text = "་".join(sylls) + "།"
    ewts = default_transliterator()
    assert ewts.to_unicode(ewts.to_ewts(text)) == normalize(text)
