import unicodedata

import pytest

from dzlearn.script.keyboard import (
    KEYS,
    TSHEG,
    Keystroke,
    char_for,
    keystrokes_for,
    label_for,
)
from dzlearn.script.keypositions import code_from_native, code_from_us_char


def test_documented_example_sku_is_comma_shift_q_y():
    # docs/dzongkha.md: སྐུ is typed `,` Shift+`q` `y`.
    assert keystrokes_for("སྐུ") == [
        Keystroke("Comma"),
        Keystroke("KeyQ", shift=True),
        Keystroke("KeyY"),
    ]


def test_first_row_and_tsheg():
    assert [char_for(c) for c in ("KeyQ", "KeyW", "KeyE", "KeyR")] == ["ཀ", "ཁ", "ག", "ང"]
    assert char_for("Space") == TSHEG
    assert char_for("Space", shift=True) == " "
    assert [label_for(s) for s in keystrokes_for("ཀ་")] == ["Q", "Space"]


@pytest.mark.parametrize(
    ("code", "shift", "char"),
    [
        ("KeyT", False, "\u0f72"),
        ("KeyI", False, "\u0f7c"),
        ("Comma", False, "ས"),
        ("Slash", False, "ཨ"),
        ("Backslash", True, "\u0fad"),
        ("KeyC", True, "\u0f71"),
        ("Digit1", False, "༡"),
        ("Digit0", False, "༠"),
        ("Equal", False, "།"),
        ("KeyB", True, "\u0fb2"),  # subjoined ra
        ("KeyV", True, "\u0fb1"),  # subjoined ya
    ],
)
def test_layout_matches_the_ddc_table(code, shift, char):
    assert char_for(code, shift) == char


def test_shift_on_a_consonant_gives_its_subjoined_form():
    # The one documented exception: Shift+c (on འ) types the a-chung vowel sign ཱ.
    for key in KEYS:
        if key.code != "KeyC" and key.base and "TIBETAN LETTER" in unicodedata.name(key.base, ""):
            sub = unicodedata.name(key.shift)
            assert sub == "TIBETAN SUBJOINED " + unicodedata.name(key.base).removeprefix("TIBETAN ")


def test_no_unassigned_code_points_on_the_layout():
    # Debian's xkb 'bt' puts U+0F48 and U+0F70 on Shift+4/5: unassigned, must not be copied.
    for key in KEYS:
        for ch in (key.base, key.shift):
            if ch:
                assert unicodedata.name(ch, None), f"{key.code} types unassigned {ord(ch):04X}"


def test_every_character_round_trips_through_its_keystroke():
    for key in KEYS:
        for ch in (key.base, key.shift):
            if ch:
                (stroke,) = keystrokes_for(ch)
                assert char_for(stroke.code, stroke.shift) == ch


def test_text_with_no_key_is_refused_with_the_character_named():
    with pytest.raises(ValueError, match=r"U\+0041"):
        keystrokes_for("ཀA")


def test_native_key_numbers_map_to_positions():
    assert code_from_native("xcb", 24, 0) == "KeyQ"
    assert code_from_native("xcb", 65, 0) == "Space"
    assert code_from_native("windows", 0x10, 0) == "KeyQ"
    assert code_from_native("cocoa", 0, 0x0C) == "KeyQ"
    assert code_from_native("cocoa", 0, 0x00) == "KeyA"
    assert code_from_native("offscreen", 24, 0) is None
    assert code_from_native("xcb", 0, 0) is None


def test_us_fallback_knows_shifted_characters():
    assert code_from_us_char("q") == "KeyQ"
    assert code_from_us_char("Q") == "KeyQ"
    assert code_from_us_char("!") == "Digit1"
    assert code_from_us_char(",") == "Comma"
    assert code_from_us_char("é") is None
