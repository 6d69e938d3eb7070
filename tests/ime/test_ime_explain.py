import pytest

from dzlearn.ime.explain import explain
from dzlearn.script.roman import romanize_syllable


def notes_for(text: str, syllable: str) -> list[str]:
    return [note for note in explain(text) if note.startswith(syllable + " (")]


def test_hello_explains_its_silent_letters():
    notes = explain("སྐུ་གཟུགས་བཟང་པོ")
    assert "སྐུ (ku): ས is a silent superscript" in notes
    assert "གཟུགས (zuk): ག is a silent prefix" in notes
    assert "གཟུགས (zuk): the second suffix ས is silent" in notes
    assert "བཟང (zang): བ is a silent prefix" in notes
    assert "པོ (po): said as it is spelt" in notes


@pytest.mark.parametrize(
    ("text", "syllable", "fragment"),
    [
        ("ཀུན་གསལ", "ཀུན", "changes u to ue (umlaut)"),
        ("ཀུན་གསལ", "གསལ", "changes a to e (umlaut)"),
        ("ཆོས", "ཆོས", "the suffix ས is silent"),
        ("ཆོས", "ཆོས", "ཆ is written chh"),
        ("ཁྱི", "ཁྱི", "ya-subscript ྱ is said chh"),
        ("གྲུ", "གྲུ", "ra-subscript ྲ is said dr"),
        ("གླིང", "གླིང", "only the l is said"),
        ("ཟླ་བ", "ཟླ", "is said d"),
        ("ཟླ་བ", "བ", "བ after a vowel is said w"),
        ("དབང", "དབང", "said w"),
        ("དབྱིངས", "དབྱིངས", "give y"),
        ("ལྷུན", "ལྷུན", "ལ over ཧ is said lh"),
        ("འབྲུག", "འབྲུག", "the suffix ག is said k"),
        ("ལྗོངས", "ལྗོངས", "the second suffix ས is silent"),
        ("པདྨ", "པདྨ", "Sanskrit stack"),
        ("རྒྱལཔོ", "རྒྱལཔོ", "particle"),
    ],
)
def test_rules_are_named(text, syllable, fragment):
    assert any(fragment in note for note in notes_for(text, syllable)), explain(text)


def test_official_exceptions_are_pointed_out():
    assert any("officially trongsa" in note and "trongsar" in note for note in explain("ཀྲོང་གསར"))


def test_notes_give_the_sound_the_romanizer_gives():
    for syllable in ["སྐུ", "གཟུགས", "ཀུན", "ཕྱུག", "དབྱིངས", "ཆོས", "ལྷུན", "གླིང", "ཀའི"]:
        sound = romanize_syllable(syllable)
        assert all(note.startswith(f"{syllable} ({sound}): ") for note in explain(syllable))


def test_a_misspelt_syllable_is_named_and_latin_is_passed_over():
    assert explain("ཀཀཀ hello") == ["ཀཀཀ: not a correctly spelt syllable (ཀ cannot be a suffix)"]
    assert explain("") == [] and explain("hello") == []
