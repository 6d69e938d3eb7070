"""Fixtures for the input method tests: a small hand-checked lexicon, independent of the bundled
one (which another engineer is still compiling), so these tests pin behaviour, not data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dzlearn.ime.engine import InputMethod
from dzlearn.ime.lexicon import LexiconEntry, load_lexicon

HERE = Path(__file__).resolve().parent
FIXTURE_LEXICON = HERE / "fixtures" / "lexicon.jsonl"
# tests/script/syllable_candidates.py: strategies for correctly spelt syllables
sys.path.insert(0, str(HERE.parent / "script"))


@pytest.fixture(scope="session")
def entries() -> list[LexiconEntry]:
    return load_lexicon(FIXTURE_LEXICON)


@pytest.fixture
def ime(entries: list[LexiconEntry]) -> InputMethod:
    return InputMethod(entries)


@pytest.fixture(scope="session")
def shared_ime(entries: list[LexiconEntry]) -> InputMethod:
    """One engine for tests that only read (its caches warm up across them)."""
    return InputMethod(entries)
