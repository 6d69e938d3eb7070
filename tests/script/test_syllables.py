import pytest
from hypothesis import given
from hypothesis import strategies as st

from dzlearn.script.syllables import Syllable, check, parse, syllables, tokenize


def test_split_on_tsheg_shad_and_space_keeping_other_runs():
    text = "སྐུ་གཟུགས་བཟང་པོ་ལགས། Hi ༡༢ ཀ༌ཁ"
    tokens = tokenize(text)
    assert [(t.text, t.kind) for t in tokens] == [
        ("སྐུ", "syllable"), ("་", "tsheg"), ("གཟུགས", "syllable"), ("་", "tsheg"),
        ("བཟང", "syllable"), ("་", "tsheg"), ("པོ", "syllable"), ("་", "tsheg"),
        ("ལགས", "syllable"), ("།", "punctuation"), (" ", "space"), ("Hi", "other"),
        (" ", "space"), ("༡༢", "digits"), (" ", "space"), ("ཀ", "syllable"),
        ("༌", "tsheg"), ("ཁ", "syllable"),
    ]  # fmt: skip
    assert all(text[t.start : t.start + len(t.text)] == t.text for t in tokens)
    assert syllables(text) == ["སྐུ", "གཟུགས", "བཟང", "པོ", "ལགས", "ཀ", "ཁ"]


@given(st.text(alphabet=st.sampled_from("ཀཁགསྐིོུ་༌། a1༡")))
def test_tokens_rebuild_the_text(text):
    assert "".join(t.text for t in tokenize(text)) == text


def test_a_full_syllable_is_read_into_its_parts():
    assert parse("བསྒྲུབས") == Syllable(
        text="བསྒྲུབས", prefix="བ", superscript="ས", root="ག", subscripts=("\u0fb2",),
        vowel="\u0f74", suffix="བ", second_suffix="ས",
    )  # fmt: skip
    assert parse("བསྒྲུབས").stack == "སྒྲ"


@pytest.mark.parametrize(
    ("syllable", "prefix", "root", "suffix", "second", "ending"),
    [
        ("དག", "", "ད", "ག", "", ""),  # two letters: the first is the root
        ("དགས", "ད", "ག", "ས", "", ""),  # dgas, the dictionaries' reading
        ("དངས", "", "ད", "ང", "ས", ""),  # dangs
        ("དགའ", "ད", "ག", "འ", "", ""),  # a-chung after a prefixed root
        ("གཡང", "ག", "ཡ", "ང", "", ""),
        ("ཀའི", "", "ཀ", "", "", "འི"),
        ("རྒྱལཔོ", "", "ག", "ལ", "", "པོ"),  # Dzongkha writes the particle fused
        ("ཀུན", "", "ཀ", "ན", "", ""),
    ],
)
def test_readings(syllable, prefix, root, suffix, second, ending):
    parts = parse(syllable)
    assert (parts.prefix, parts.root, parts.suffix, parts.second_suffix, parts.ending) == (
        prefix, root, suffix, second, ending,
    )  # fmt: skip


@pytest.mark.parametrize(
    "syllable",
    ["ཀ", "ཀུན", "སྐུ", "བཀྲ", "ལྷུན", "ཟླ", "དབྱིངས", "འགྲོའི", "ཨཱ", "ཀྭ", "ཀའུ", "ནོརབུ", "ཀ༵"],
)
def test_correct_spellings_pass(syllable):
    result = check(syllable)
    assert result.valid and result.problem is None and result.parts is not None


@pytest.mark.parametrize(
    ("syllable", "problem"),
    [
        ("གཀི", "ཀ cannot take the prefix ག"),
        ("གཀ", "ཀ cannot take the prefix ག"),
        ("མཀར", "ཀ cannot take the prefix མ"),
        ("ཀིུ", "two vowels"),
        ("ཀནས", "ས cannot be a second suffix after ན"),
        ("ཀཀཀ", "ཀ cannot be a suffix"),
        ("ཅྲ", "ཅ cannot take the subscript ྲ"),
        ("ལྙ", "ཉ cannot take the superscript ལ"),
        ("ཀའ", "a-chung འ follows only a prefixed root with no vowel (as in དགའ), not ཀ"),
        ("དཀ", "the prefixed root དཀ needs a vowel or a suffix"),
        ("ཀགཝ", "the particle ཝ is not written fused after ག"),
        ("ཀྭང", "ཀྭ: the wa-zur ྭ is written only in a few listed words"),
        ("ལཱ", "the long-vowel mark ཱ is written only in ཨཱ"),
        ("ཀུྱ", "ྱ is written after the vowel: stacked letters come before vowel signs"),
    ],
)
def test_misspellings_are_explained(syllable, problem):
    result = check(syllable)
    assert not result.valid and result.parts is None
    assert result.problem == problem


@pytest.mark.parametrize("text", ["ka", "", "ཀ་", "ཀ ཁ", "༡"])
def test_what_is_not_one_syllable_is_named(text):
    result = check(text)
    assert not result.valid
    assert "not a Tibetan syllable" in result.problem or "separates syllables" in result.problem


def test_check_compares_in_canonical_form():
    assert check("ཀ\u0f73").problem == check("ཀ\u0f71\u0f72").problem  # precomposed ཱི
    assert check("ཨ\u0f71").valid


def test_parse_refuses_a_misspelling_with_the_reason():
    with pytest.raises(ValueError, match="two vowels"):
        parse("ཀིུ")
