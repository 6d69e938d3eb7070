"""The interface language: catalogs, Tibetan digits, weekday names, each message's review status."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

import dzlearn
from dzlearn import i18n
from dzlearn.i18n import _, digits, format_date, set_language, weekday_name
from dzlearn.script.syllables import check, syllables

PACKAGE = Path(dzlearn.__file__).resolve().parent
POT = PACKAGE / "locale" / "dzlearn.pot"
PO = PACKAGE / "locale" / "dz" / "LC_MESSAGES" / "dzlearn.po"
MO = PACKAGE / "locale" / "dz" / "LC_MESSAGES" / "dzlearn.mo"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_language("en")


def _po():
    with PO.open("rb") as f:
        return read_po(f)


def _status(message) -> str:  # noqa: ANN001 - a babel Message
    """The review status a translator comment records for one message."""
    notes = [c for c in message.user_comments if c.split(":")[0] in STATUSES]
    assert len(notes) == 1, f"{message.id!r} needs exactly one status comment, has {notes}"
    return notes[0].split(":")[0]


STATUSES = ("source", "review", "untranslated")


def test_tibetan_digits_only_in_dzongkha() -> None:
    assert digits(2026) == "2026"
    set_language("dz")
    assert digits(2026) == "༢༠༢༦"
    assert digits("Step 2 of 16") == "Step ༢ of ༡༦"


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2026, 11, 23), "གཟའ་ཟླ་བ་"),
        (dt.date(2026, 11, 24), "གཟའ་མིག་དམར་"),
        (dt.date(2026, 11, 25), "གཟའ་ལྷག་པ་"),
        (dt.date(2026, 11, 26), "གཟའ་ཕུར་བུ་"),
        (dt.date(2026, 11, 27), "གཟའ་པ་སངས་"),  # a Friday; CLDR says Saturday's name
        (dt.date(2026, 11, 28), "གཟའ་སྤེན་པ་"),
        (dt.date(2026, 11, 29), "གཟའ་ཉི་མ་"),
    ],
)
def test_dzongkha_weekday_names_are_the_right_day(day: dt.date, name: str) -> None:
    set_language("dz")
    assert weekday_name(day) == name
    assert format_date(day).startswith(name)


def test_dates_in_each_language() -> None:
    friday = dt.date(2026, 11, 27)
    assert format_date(friday) == "Friday 27 November 2026"
    set_language("dz")
    assert format_date(friday) == "གཟའ་པ་སངས་ ༢༧/༡༡/༢༠༢༦"


def test_switching_language_at_run_time() -> None:
    assert _("Next") == "Next"
    set_language("dz")
    assert _("Next") == "ཤུལ་མམ"
    assert _("Who is learning today?") == "Who is learning today?"  # untranslated: English
    set_language("en")
    assert _("Next") == "Next"
    with pytest.raises(ValueError):
        set_language("fr")


def test_a_missing_catalog_falls_back_to_english(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    set_language("dz")
    assert _("Next") == "Next"


def test_review_status_of_every_dzongkha_message() -> None:
    counts = dict.fromkeys(STATUSES, 0)
    for message in _po():
        if not message.id:
            continue
        status = _status(message)
        counts[status] += 1
        assert (status == "untranslated") == (message.string == ""), message.id
        if status == "source":
            note = next(c for c in message.user_comments if c.startswith("source:"))
            assert note.startswith(("source: debian-l10n:", "source: cldr")), note
    print("Dzongkha catalog:", counts)
    assert counts["source"] >= 30
    assert sum(counts.values()) == len([m for m in _po() if m.id])


def test_every_dzongkha_translation_is_well_spelt_and_keeps_its_placeholders() -> None:
    for message in _po():
        if not message.id or not message.string:
            continue
        for syllable in syllables(message.string):
            verdict = check(syllable)
            assert verdict.valid, f"{message.id!r}: {syllable} — {verdict.problem}"
        assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(message.id)), (
            message.id
        )


def test_the_compiled_catalog_matches_the_po() -> None:
    """The shipped .mo is what ``pybabel compile`` makes of the .po today."""
    fresh = io.BytesIO()
    write_mo(fresh, _po())
    fresh.seek(0)
    with MO.open("rb") as f:
        shipped = {m.id: m.string for m in read_mo(f) if m.id}
    compiled = {m.id: m.string for m in read_mo(fresh) if m.id}
    assert shipped == compiled, "run: pybabel compile (see docs/translations.md)"


def test_the_template_and_catalog_hold_every_string_in_the_source() -> None:
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    in_source = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(PACKAGE), [("**.py", "python")], keywords=keywords
        )
    }
    with POT.open("rb") as f:
        in_template = {m.id for m in read_po(f) if m.id}
    hint = "run: pybabel extract / update (see docs/translations.md)"
    assert in_template == in_source, hint
    assert {m.id for m in _po() if m.id} == in_template, hint
