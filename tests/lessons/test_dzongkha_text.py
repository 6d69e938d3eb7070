"""Every Dzongkha syllable a learner sees must be valid: checked against hunspell-dz (CC0),
an oracle independent of our code, in ../shared/data/hunspell-dz."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ORACLE = REPO.parent / "shared" / "data" / "hunspell-dz" / "dz"
TIBETAN = re.compile(r"[\u0F40-\u0FBC]+")


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def bundled_syllables() -> set[str]:
    found: set[str] = set()
    for pack in (REPO / "lessons").glob("*/pack.json"):
        for text in _strings(json.loads(pack.read_text(encoding="utf-8"))):
            found.update(TIBETAN.findall(text))
    return found


def rejected_by_oracle(syllables: set[str]) -> list[str]:
    if shutil.which("hunspell") is None or not ORACLE.with_suffix(".dic").exists():
        pytest.fail("hunspell and ../shared/data/hunspell-dz are needed (scripts/setup.sh)")
    out = subprocess.run(
        ["hunspell", "-d", str(ORACLE), "-l"],
        input="\n".join(sorted(syllables)) + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    return sorted(set(out.stdout.split()))


def test_oracle_can_reject_an_invalid_syllable():
    assert rejected_by_oracle({"ཀཀཀཀཀ", "ཀ"}) == ["ཀཀཀཀཀ"]


def test_every_syllable_in_the_lessons_is_valid():
    syllables = bundled_syllables()
    assert {"ཀ", "ཁ", "ག", "ང", "རྫོང"} <= syllables
    assert rejected_by_oracle(syllables) == []
