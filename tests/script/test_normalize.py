import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dzlearn.script.normalize import normalize

DISCOURAGED = "\u0f73\u0f75\u0f77\u0f79\u0f81"
TIBETAN = st.characters(min_codepoint=0x0F00, max_codepoint=0x0FFF)
MIXED_TEXT = st.text(alphabet=st.one_of(TIBETAN, st.sampled_from("abc é \n")), max_size=30)


@pytest.mark.parametrize(
    ("precomposed", "sequence"),
    [
        ("\u0f73", "\u0f71\u0f72"),  # ཱི
        ("\u0f75", "\u0f71\u0f74"),  # ཱུ
        ("\u0f81", "\u0f71\u0f80"),  # ཱྀ
        ("\u0f77", "\u0fb2\u0f71\u0f80"),  # ཷ (compatibility-only: NFD alone keeps it)
        ("\u0f79", "\u0fb3\u0f71\u0f80"),  # ཹ
        ("\u0f43", "\u0f42\u0fb7"),  # གྷ
    ],
)
def test_discouraged_precomposed_signs_become_their_sequences(precomposed, sequence):
    assert normalize("ཨ" + precomposed) == "ཨ" + sequence
    assert normalize("ཨ" + precomposed) == normalize("ཨ" + sequence)


def test_marks_typed_in_either_order_compare_equal():
    assert normalize("ཨ\u0f72\u0f71") == normalize("ཨ\u0f71\u0f72") == "ཨ\u0f71\u0f72"


def test_a_stacked_letter_typed_after_the_vowel_stays_a_different_text():
    # ཀིྱ renders with a dotted circle; it must not pass for ཀྱི
    assert normalize("ཀ\u0f72\u0fb1") != normalize("ཀ\u0fb1\u0f72")


def test_other_text_is_untouched():
    assert normalize("Kuzuzangpo la! སྐུ་གཟུགས") == "Kuzuzangpo la! སྐུ་གཟུགས"


@given(MIXED_TEXT)
def test_normalize_is_idempotent(text):
    assert normalize(normalize(text)) == normalize(text)


@given(MIXED_TEXT)
def test_output_is_nfd_without_discouraged_signs(text):
    out = normalize(text)
    assert unicodedata.is_normalized("NFD", out)
    assert not set(out) & set(DISCOURAGED)
