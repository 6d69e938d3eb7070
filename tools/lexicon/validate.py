"""Spelling gate for lexicon entries: dzlearn's syllable checker and the hunspell-dz oracle.

A candidate's Dzongkha is cut into syllables; it is kept only if every syllable passes both
``dzlearn.script.syllables.check`` and hunspell-dz (one batched hunspell run for all syllables),
and if the EWTS transliterator and the romanizer accept it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from dzlearn.script.letters import TSHEG
from dzlearn.script.normalize import normalize
from dzlearn.script.syllables import check, tokenize

HUNSPELL_DZ = Path("/work/shared/data/hunspell-dz/dz")


class OracleMissing(RuntimeError):
    pass


def split_dz(text: str) -> list[str] | None:
    """The normalised syllables of ``text``, or None if it holds anything but syllables,
    tshegs, spaces and a final shad (digits, punctuation inside, Latin letters)."""
    text = normalize(text).strip()
    while text and text[-1] in "\u0f0d\u0f0e\u0f14 ":
        text = text[:-1].rstrip()
    out: list[str] = []
    for token in tokenize(text):
        if token.kind == "syllable":
            out.append(token.text)
        elif token.kind not in ("tsheg", "space"):
            return None
    return out or None


def join_dz(syllables: Iterable[str]) -> str:
    return TSHEG.join(syllables)


def checker_rejects(syllable: str) -> str | None:
    """Why dzlearn's checker rejects ``syllable``, or None if it passes."""
    result = check(syllable)
    return None if result.valid else (result.problem or "rejected")


def hunspell_rejected(syllables: Iterable[str], dictionary: Path = HUNSPELL_DZ) -> set[str]:
    """The syllables hunspell-dz rejects, from a single batched ``hunspell -l`` run."""
    exe = shutil.which("hunspell")
    if exe is None:
        raise OracleMissing("the hunspell program is not installed (apt-get install hunspell)")
    if not dictionary.with_suffix(".dic").exists() or not dictionary.with_suffix(".aff").exists():
        raise OracleMissing(f"the hunspell-dz dictionary is missing: {dictionary}.dic/.aff")
    unique = sorted(set(syllables))
    run = subprocess.run(
        [exe, "-d", str(dictionary), "-l", "-i", "UTF-8"],
        input="\n".join(unique) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return {line.strip() for line in run.stdout.splitlines() if line.strip()}
