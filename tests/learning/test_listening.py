"""Listen, then type: words from the lexicon, pictures that mean them, fair scoring."""

import re

import pytest

from dzlearn.ime.lexicon import load_lexicon
from dzlearn.learning.listening import (
    PICTURE_WORDS,
    ListenWord,
    first_try_counts,
    is_right,
    listen_payload,
    listen_words,
    next_word,
)
from dzlearn.paths import resource_root

PICTURES = resource_root() / "assets" / "pictures"


@pytest.fixture(scope="module")
def entries():
    return load_lexicon()


def test_every_picture_word_is_in_the_lexicon_and_has_a_picture(entries):
    lexicon = {e.dz for e in entries}
    for picture, dz in PICTURE_WORDS.items():
        assert dz in lexicon, dz
        assert (PICTURES / f"{picture}.svg").is_file(), picture


def test_words_start_with_pictures_and_have_unique_recording_ids(entries):
    words = listen_words(entries, [p.stem for p in PICTURES.glob("*.svg")])
    assert [w.picture for w in words[: len(PICTURE_WORDS)]] == list(PICTURE_WORDS)
    tree = next(w for w in words if w.picture == "tree")
    assert (tree.dz, tree.gloss) == ("ཤིང", "tree")
    assert next(w for w in words if w.picture == "sun").gloss == "sun"
    segments = [w.segment for w in words]
    assert len(set(segments)) == len(segments)  # བྱ (bird) and ཇ (tea) are both "ja"
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,63}", s) for s in segments)
    assert all(len(w.dz.split("་")) <= 3 for w in words)


def test_a_picture_missing_from_the_folder_is_left_out(entries):
    words = listen_words(entries, ["sun"])
    assert [w.picture for w in words if w.picture] == ["sun"]


def test_answers_are_compared_fairly():
    assert is_right("བཀའ་དྲིན་ཆེ", "བཀའ་དྲིན་ཆེ་")
    assert is_right("བཀའ་དྲིན་ཆེ", " བཀའ་དྲིན་ཆེ།")
    assert is_right("སྐུ", "ས\u0f90\u0f74")
    assert not is_right("བཀའ་དྲིན་ཆེ", "ཀ་དྲིན་ཆེ")
    assert not is_right("ཀ", "")


def test_payload_and_the_next_word():
    assert listen_payload("ཉ", "sound", True, 1) == {
        "word": "ཉ", "mode": "sound", "correct": True, "attempts": 1,
    }  # fmt: skip
    with pytest.raises(ValueError):
        listen_payload("ཉ", "guess", True, 1)
    with pytest.raises(ValueError):
        listen_payload("ཉ", "sound", True, 0)
    words = [ListenWord(dz, dz, "", None, f"s.{i}") for i, dz in enumerate(["ཀ", "ཁ", "ག"])]
    done = first_try_counts(
        [listen_payload("ཀ", "sound", True, 1), listen_payload("ཁ", "keyboard", True, 2)]
    )
    assert done == {"ཀ": 1, "ཁ": 0}
    assert next_word(words, done, 0).dz == "ཁ"
    assert next_word(words, done, 2).dz == "ག"
