"""The bundled lexicon (src/dzlearn/ime/data/lexicon.jsonl) keeps its promises: it is big
enough, every syllable is correctly spelt by both our checker and the hunspell-dz oracle, EWTS
converts back, every entry names a documented source, nothing claims a review that is not on
record, the 20 dzongkhags are there, and the input-method evaluation pairs point at real
entries."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from dzlearn.ime.lexicon import LEXICON_PATH, TOPICS, LexiconEntry, load_lexicon
from dzlearn.script.ewts import Transliterator
from dzlearn.script.letters import TSHEG
from dzlearn.script.normalize import normalize
from dzlearn.script.roman import romanize
from dzlearn.script.syllables import check, syllables

REPO = Path(__file__).resolve().parents[2]
HUNSPELL_DZ = REPO.parent / "shared" / "data" / "hunspell-dz"
DOCS = REPO / "docs" / "lexicon.md"
REVIEWS = LEXICON_PATH.parent / "reviews.tsv"
EVAL_PAIRS = Path(__file__).resolve().parent / "eval_pairs.tsv"

# The real size reached by tools/lexicon/build.py from its sources (docs/lexicon.md): a floor, so
# that a rebuild that silently loses a source fails here.
MIN_ENTRIES = 3985
MIN_EVAL_PAIRS = 300

DZONGKHAGS = {
    "Bumthang": "བུམ་ཐང",
    "Chhukha": "ཆུ་ཁ",
    "Dagana": "ད་གར་ན",
    "Gasa": "མགར་ས",
    "Haa": "ཧཱ",
    "Lhuentse": "ལྷུན་རྩེ",
    "Mongar": "མོང་སྒར",
    "Paro": "སྤ་རོ",
    "Pemagatshel": "པདྨ་དགའ་ཚལ",
    "Punakha": "སྤུ་ན་ཁ",
    "Samdrup Jongkhar": "བསམ་གྲུབ་ལྗོངས་མཁར",
    "Samtse": "བསམ་རྩེ",
    "Sarpang": "གསར་སྤང",
    "Thimphu": "ཐིམ་ཕུ",
    "Trashigang": "བཀྲ་ཤིས་སྒང",
    "Trashi Yangtse": "བཀྲ་ཤིས་གཡང་རྩེ",
    "Trongsa": "ཀྲོང་གསར",
    "Tsirang": "རྩི་རང",
    "Wangdue Phodrang": "དབང་འདུས་ཕོ་བྲང",
    "Zhemgang": "གཞམས་སྒང",
}
# Haa's standard spelling ཧཱ has the a-chung ཱ, which both hunspell-dz and check() reject outside
# ཨཱ; the lexicon leaves it out until the oracle accepts it (see docs/lexicon.md).
ORACLE_REJECTS = {"Haa"}


@cache
def _entries() -> tuple[LexiconEntry, ...]:
    return tuple(load_lexicon())


@pytest.fixture(scope="module")
def entries() -> tuple[LexiconEntry, ...]:
    return _entries()


def _hunspell_rejects(words: set[str]) -> set[str]:
    """One batched hunspell run; fails (never skips) when the oracle is missing."""
    if shutil.which("hunspell") is None:
        pytest.fail("the hunspell CLI is missing: run scripts/setup.sh (apt-get install hunspell)")
    if not (HUNSPELL_DZ / "dz.aff").exists() or not (HUNSPELL_DZ / "dz.dic").exists():
        pytest.fail(f"the hunspell-dz oracle is missing: expected {HUNSPELL_DZ}/dz.aff and dz.dic")
    result = subprocess.run(
        ["hunspell", "-d", str(HUNSPELL_DZ / "dz"), "-l"],
        input="\n".join(sorted(words)) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return set(result.stdout.split())


def _syllables(entry: LexiconEntry) -> list[str]:
    return entry.dz.split(TSHEG)


def test_lexicon_loads_with_the_size_reached(entries: tuple[LexiconEntry, ...]) -> None:
    assert len(entries) >= MIN_ENTRIES


def test_entries_are_canonical_sorted_and_unique(entries: tuple[LexiconEntry, ...]) -> None:
    dzs = [e.dz for e in entries]
    assert len(set(dzs)) == len(dzs), "the same Dzongkha must be merged into one entry"
    assert dzs == sorted(dzs)
    for e in entries:
        assert e.dz == normalize(e.dz)
        assert e.dz == TSHEG.join(syllables(e.dz)), f"{e.dz!r}: tsheg-separated syllables only"
        assert e.topics and set(e.topics) <= TOPICS
        assert e.weight > 0 and e.gloss and e.ewts


def test_every_syllable_passes_the_checker(entries: tuple[LexiconEntry, ...]) -> None:
    unique = {s for e in entries for s in _syllables(e)}
    bad = {s: check(s).problem for s in unique if not check(s).valid}
    assert not bad


def test_hunspell_rejects_no_syllable(entries: tuple[LexiconEntry, ...]) -> None:
    unique = {s for e in entries for s in _syllables(e)}
    assert not _hunspell_rejects(unique)


def test_ewts_round_trips(entries: tuple[LexiconEntry, ...]) -> None:
    translit = Transliterator()
    wrong = [(e.dz, e.ewts) for e in entries if translit.to_unicode(e.ewts) != e.dz]
    assert not wrong[:10]


def test_roman_is_romanized_or_a_noted_official_form(entries: tuple[LexiconEntry, ...]) -> None:
    for e in entries:
        assert e.roman == e.roman.lower()
        if e.roman != romanize(e.dz):
            assert "official form" in e.note, e


def test_every_source_is_documented(entries: tuple[LexiconEntry, ...]) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    sources = Counter(s for e in entries for s in e.source.split(","))
    undocumented = sorted(s for s in sources if f"`{s}`" not in docs)
    assert not undocumented, f"describe these sources in {DOCS}"


# Licences a localisation source may carry (docs/lexicon.md, "Licence of the lexicon").
ALLOWED_LICENCE = re.compile(r"^(L?GPL|MPL|BSD)")


def _doc_table_licences(docs: str) -> dict[str, str]:
    """Source id → licence column of the sources table in docs/lexicon.md."""
    rows = re.findall(r"^\| `([^`]+)` \| [^|]+ \| ([^|]+) \| [0-9,]+ \|$", docs, re.MULTILINE)
    return {source: licence.strip() for source, licence in rows}


def test_every_localisation_source_has_a_documented_licence(
    entries: tuple[LexiconEntry, ...],
) -> None:
    licences = _doc_table_licences(DOCS.read_text(encoding="utf-8"))
    sources = {s for e in entries for s in e.source.split(",")} - {"cldr", "dzlearn-draft"}
    assert sources, "the catalogs and LibreOffice's configuration must contribute"
    for source in sorted(sources):
        assert source.split(":")[0] in {"debian-l10n", "lo-config"}, source
        assert source in licences, f"{source}: no row in the sources table of {DOCS.name}"
        assert ALLOWED_LICENCE.match(licences[source]), f"{source}: licence {licences[source]!r}"


# Form vocabulary that only LibreOffice's Table Wizard (lo_config.py) supplies: a floor, so that
# a rebuild that loses the source fails here (docs/lexicon.md, "lo-config").
TABLE_WIZARD_WORDS = {
    "སྐྱེ་བའི་ཚེས་གྲངས": "birthdate",
    "ཤི་བའི་ཚེས་གྲངས": "date of death",
    "གཉེན་སྦྱོར་གྱི་གནས་ཚད": "marital status",
    "འགྲུལ་འཕྲིན་ཨང": "mobile number",
    "རྩིས་ཐོའི་ཨང": "account number",
    "དངུལ་ཕོགས": "salary",
}


def test_table_wizard_form_words_are_present(entries: tuple[LexiconEntry, ...]) -> None:
    by_dz = {e.dz: e for e in entries}
    for dz, gloss in TABLE_WIZARD_WORDS.items():
        entry = by_dz.get(dz)
        assert entry is not None, f"{gloss} ({dz}) is missing"
        assert gloss in entry.gloss.split("; "), entry
        assert "lo-config:TableWizard" in entry.source.split(","), entry
        assert not entry.reviewed


def test_pairs_rejected_by_hand_stay_out(entries: tuple[LexiconEntry, ...]) -> None:
    """keywords.py's reject lists: mistranslated Table Wizard fields and wrong-sense pairs."""
    glosses = {g for e in entries for g in e.gloss.split("; ")}
    assert not {"check number", "minutes type", "security name", "i don't care"} & glosses
    ring = {e.dz: e for e in entries}.get("ཨ་ལོང")
    assert ring is None or "ring" not in ring.gloss.split("; ")


def test_draft_entries_say_they_need_review(entries: tuple[LexiconEntry, ...]) -> None:
    for e in entries:
        if "dzlearn-draft" in e.source.split(","):
            assert "needs native review" in e.note


def test_reviewed_only_with_a_review_record(entries: tuple[LexiconEntry, ...]) -> None:
    records = set()
    if REVIEWS.exists():
        for line in REVIEWS.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                cols = line.split("\t")
                assert len(cols) >= 3 and all(c.strip() for c in cols[:3]), line
                records.add(TSHEG.join(syllables(normalize(cols[0]))))
    claimed = {e.dz for e in entries if e.reviewed}
    assert claimed <= records, f"reviewed without a record: {sorted(claimed - records)[:10]}"


def test_the_20_dzongkhags_are_present(entries: tuple[LexiconEntry, ...]) -> None:
    assert len(DZONGKHAGS) == 20
    by_dz = {e.dz: e for e in entries}
    for name, dz in DZONGKHAGS.items():
        if name in ORACLE_REJECTS:
            continue
        entry = by_dz.get(normalize(dz))
        assert entry is not None, f"{name} ({dz}) is missing"
        assert "dzongkhag" in entry.topics
        assert name.lower() in entry.gloss.lower()
        assert entry.roman.replace(" ", "") == name.lower().replace(" ", "")


def test_haa_is_left_out_only_while_the_oracle_rejects_it(
    entries: tuple[LexiconEntry, ...],
) -> None:
    haa = normalize(DZONGKHAGS["Haa"])
    assert haa not in {e.dz for e in entries}
    assert not check(haa).valid
    assert _hunspell_rejects({haa}) == {haa}, "the oracle accepts ཧཱ now: add Haa to the lexicon"


def _eval_pairs() -> list[tuple[str, str, str]]:
    rows = []
    for line in EVAL_PAIRS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        typed, dz, topic = line.split("\t")
        rows.append((typed, dz, topic))
    return rows


def test_eval_pairs_point_at_lexicon_entries(entries: tuple[LexiconEntry, ...]) -> None:
    assert EVAL_PAIRS.read_text(encoding="utf-8").startswith("#"), "say how the set was made"
    by_dz = {e.dz: e for e in entries}
    rows = _eval_pairs()
    assert len(rows) >= MIN_EVAL_PAIRS
    assert len(set(rows)) == len(rows)
    for typed, dz, topic in rows:
        assert typed.strip() == typed and typed, typed
        entry = by_dz.get(normalize(dz))
        assert entry is not None, f"{typed!r} → {dz}: not a lexicon entry"
        assert topic in entry.topics, f"{typed!r} → {dz}: topic {topic} not among {entry.topics}"
