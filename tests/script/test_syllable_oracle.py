"""The syllable checker must agree with hunspell-dz, the project's syllable oracle, on every
candidate: hundreds of thousands built from prefix × superscript × root × subscript × vowel ×
suffixes, the words of dz.dic with every ending, and random junk of Tibetan code points."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from syllable_candidates import _WORD_CHARS, HUNSPELL_DZ, built_syllables, candidates

from dzlearn.script.syllables import check

DICTIONARY = HUNSPELL_DZ / "dz"


@pytest.fixture(autouse=True)
def _oracle_present() -> None:
    """The oracle is part of the test set-up (scripts/setup.sh, ../shared): fail, never skip."""
    if shutil.which("hunspell") is None or not (HUNSPELL_DZ / "dz.aff").exists():
        pytest.fail("needs the hunspell CLI (scripts/setup.sh) and ../shared/data/hunspell-dz")


# Where hunspell-dz is wrong, by our reading; each must still be a disagreement (checked below).
DOCUMENTED_EXCEPTIONS = {
    "\u0f35": "dz.aff IGNOREs this annotation mark, so hunspell checks an empty word and accepts"
    " it; a lone mark is not a syllable",
    "\u0f37": "same as U+0F35: an IGNOREd mark alone is accepted as an empty word",
}


def _hunspell_rejects(words: list[str]) -> set[str]:
    """One hunspell run over all words; -l prints the ones it rejects."""
    result = subprocess.run(
        ["hunspell", "-d", str(DICTIONARY), "-l"],
        input="\n".join(words) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return set(result.stdout.splitlines())


def test_checker_agrees_with_hunspell_on_every_candidate() -> None:
    words = candidates() + list(DOCUMENTED_EXCEPTIONS)
    # hunspell would split a word at any other character and judge the pieces.
    assert set("".join(words)) <= set(_WORD_CHARS)
    rejected = _hunspell_rejects(words)
    accepted_by_hunspell = [w for w in words if w not in rejected]
    disagreements = {w for w in words if check(w).valid != (w not in rejected)}
    agreed = len(words) - len(disagreements)
    print(
        f"\nhunspell-dz agreement: {agreed}/{len(words)} candidates agree "
        f"({len(accepted_by_hunspell)} accepted by hunspell); "
        f"documented exceptions: {len(DOCUMENTED_EXCEPTIONS)}"
    )
    assert len(words) > 300_000
    assert len(accepted_by_hunspell) > 50_000  # the comparison is not only about rejects
    shown = sorted(disagreements - DOCUMENTED_EXCEPTIONS.keys())[:20]
    assert not shown, [(w, w not in rejected, check(w).problem) for w in shown]
    assert disagreements == set(DOCUMENTED_EXCEPTIONS)


class _HunspellPipe:
    """hunspell -a, kept open so Hypothesis can ask about one word at a time."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            ["hunspell", "-d", str(DICTIONARY), "-a"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        assert self.process.stdout is not None
        self.process.stdout.readline()  # version banner

    def accepts(self, word: str) -> bool:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("^" + word + "\n")
        self.process.stdin.flush()
        verdicts = []
        while line := self.process.stdout.readline().rstrip("\n"):
            verdicts.append(line[:1])
        return all(v in "*+-" for v in verdicts)

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()


@pytest.fixture(scope="module")
def hunspell() -> Iterator[_HunspellPipe]:
    pipe = _HunspellPipe()
    yield pipe
    pipe.close()


_junk = st.text(alphabet=_WORD_CHARS, min_size=1, max_size=8).filter(
    lambda w: w.strip("\u0f35\u0f37") != ""
)


@settings(max_examples=1500, deadline=None)
@given(word=st.one_of(built_syllables(), _junk))
def test_random_syllables_agree_with_hunspell(hunspell: _HunspellPipe, word: str) -> None:
    assert check(word).valid == hunspell.accepts(word), check(word).problem
