"""Accuracy must not regress: top-1 / top-5 on the evaluation pairs, against measured floors.

Uses tests/ime/eval_pairs.tsv if present (else the seed pairs) with the bundled lexicon if
present (else the test fixture). Each floor is the figure measured when it was set (2026-11-27,
benchmarks/ime.py) minus about two points, so that a lexicon being extended does not trip it but
a change to the ranking that loses words does. Re-measure and raise a floor when accuracy rises.
"""

from pathlib import Path

import pytest

from dzlearn.ime.engine import InputMethod
from dzlearn.ime.evaluation import evaluate, read_pairs
from dzlearn.ime.lexicon import LEXICON_PATH, load_lexicon

HERE = Path(__file__).resolve().parent
EVAL, SEED = HERE / "eval_pairs.tsv", HERE / "eval_pairs_seed.tsv"
FIXTURE = HERE / "fixtures" / "lexicon.jsonl"

FLOORS = {
    # measured 97.4 % / 99.2 % (379 pairs, 3,288 entries)
    ("eval_pairs.tsv", "bundled"): (0.95, 0.97),
    # measured 89.1 % / 95.7 %: the seed has names the lexicon lacks (Dungna, lopdra)
    ("eval_pairs_seed.tsv", "bundled"): (0.87, 0.93),
    # measured 95.7 % / 97.8 %
    ("eval_pairs_seed.tsv", "fixture"): (0.93, 0.95),
    # measured 27.7 % / 38.8 %: the 41-word fixture lacks most eval words, so this guards only
    # the syllable fallback
    ("eval_pairs.tsv", "fixture"): (0.25, 0.36),
}


def test_accuracy_does_not_regress():
    eval_path = EVAL if EVAL.exists() else SEED
    lexicon = "bundled" if LEXICON_PATH.exists() else "fixture"
    entries = load_lexicon(LEXICON_PATH if lexicon == "bundled" else FIXTURE)
    pairs = read_pairs(eval_path)
    assert len(pairs) >= 40
    report = evaluate(InputMethod(entries), pairs)
    top1, top5 = FLOORS[(eval_path.name, lexicon)]
    misses = [f"{p.typed!r}→{p.expected} got {got[:3]}" for p, got in report.misses[:15]]
    assert report.overall.top1_rate >= top1, misses
    assert report.overall.top5_rate >= top5, misses


def test_the_seed_pairs_are_well_formed():
    pairs = read_pairs(SEED)
    assert len(pairs) >= 40
    assert {p.topic for p in pairs} == {"place", "greeting", "word"}


def test_a_malformed_pair_is_named(tmp_path: Path):
    bad = tmp_path / "pairs.tsv"
    bad.write_text("# comment\nkuzu\tསྐུ\tgreeting\nonly-one-field\n", encoding="utf-8")
    with pytest.raises(ValueError, match="pairs.tsv:3"):
        read_pairs(bad)
