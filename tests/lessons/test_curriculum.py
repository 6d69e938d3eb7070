"""The bundled curriculum in lessons/: complete, consistent, and honest about its Dzongkha.

What the CSOs were promised: every unit is there, the consonant unit drills all thirty letters and
the four vowel signs on the keyboard, each named life event can be practised on simulated portal
screens with a consent step (the recorded outcome: done correctly without hints), and digital
safety has its own lessons. What the learners are owed: Dzongkha that nobody has vouched for is
marked for review, never passed off as checked.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dzlearn.ime.lexicon import LEXICON_PATH, load_lexicon
from dzlearn.lessons.loader import load_library
from dzlearn.lessons.models import Lesson, Pack
from dzlearn.lessons.steps import SCORED_KINDS, EServiceStep, FormField, KeyboardStep, Text
from dzlearn.script.letters import CONSONANTS, VOWELS
from dzlearn.script.normalize import normalize
from dzlearn.script.syllables import check, parse, tokenize

REPO = Path(__file__).resolve().parents[2]
LESSONS = REPO / "lessons"

REQUIRED_UNITS = {
    "computer-basics", "consonants", "syllables", "numbers-dates", "everyday-words",
    "eservices", "digital-safety",
}  # fmt: skip
# Named parts of units the requirement lists: unit id -> lesson ids that must be in it.
REQUIRED_LESSONS = {
    "computer-basics": {"cb-mouse", "cb-keyboard", "cb-touchpad", "cb-windows"},
    "syllables": {"superscripts", "subscripts", "prefixes", "suffixes"},
    "numbers-dates": {"digits-0-4", "digits-5-9", "days-dates"},
}
# The five life events the CSOs report on: service -> (lesson id, e-service step id).
LIFE_EVENTS = {
    "birth registration": ("es-birth", "register-birth"),
    "citizenship ID card": ("es-cid-card", "apply-card"),
    "pension with a liveness check": ("es-pension", "claim-pension"),
    "business licence": ("es-business-licence", "apply-licence"),
    "health records": ("es-health-records", "doctor-visit"),
}
DRAFT_SOURCE = "dzlearn-draft"
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def packs() -> list[Pack]:
    library = load_library(LESSONS)
    assert library.problems == []
    return library.packs


def units(packs: list[Pack]) -> dict:
    return {unit.id: unit for pack in packs for unit in pack.units}


def lessons(packs: list[Pack]) -> list[tuple[Pack, Lesson]]:
    return [(pack, lesson) for pack in packs for lesson in pack.lessons()]


# ------------------------------------------------------------------ the whole curriculum


def test_dzlearn_lessons_validate_passes():
    result = subprocess.run(
        [sys.executable, "-m", "dzlearn", "lessons", "validate", str(LESSONS)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "problem" not in result.stdout


def test_at_least_thirty_lessons_with_unique_ids(packs):
    ids = [lesson.id for _, lesson in lessons(packs)]
    assert len(ids) >= 30
    assert len(set(ids)) == len(ids), "lesson ids are the home screen's keys: keep them unique"


def test_the_first_row_is_still_the_first_lesson(packs):
    assert packs[0].id == "dz-foundations"
    assert packs[0].lessons()[0].id == "ka-row"


def test_every_required_unit_is_present(packs):
    found = units(packs)
    assert REQUIRED_UNITS <= set(found)
    for unit_id, lesson_ids in REQUIRED_LESSONS.items():
        assert lesson_ids <= {lesson.id for lesson in found[unit_id].lessons}, unit_id
    assert len(found["digital-safety"].lessons) >= 4


def test_lessons_with_scored_steps_have_an_assessment(packs):
    for _, lesson in lessons(packs):
        scored = [s.id for s in lesson.steps if s.kind in SCORED_KINDS]
        if scored:
            assert lesson.assessment is not None, lesson.id
            assert lesson.objectives, lesson.id
        for step in lesson.steps:
            if isinstance(step, EServiceStep):
                assert step.id in lesson.assessment.steps, "an e-service is always assessed"


# ------------------------------------------------------------------ consonants and vowels


def test_all_thirty_consonants_and_four_vowel_signs_are_typed(packs):
    targets = [
        normalize(step.target)
        for lesson in units(packs)["consonants"].lessons
        for step in lesson.steps
        if isinstance(step, KeyboardStep)
    ]
    typed = set("".join(targets))
    assert len(CONSONANTS) == 30 and len(VOWELS) == 4
    assert set(CONSONANTS) - typed == set()
    assert set(VOWELS) - typed == set()
    for letter in CONSONANTS:  # each letter also drilled on its own
        assert letter in targets, letter


# ------------------------------------------------------------------ e-services


def eservice_steps(packs, unit_id: str) -> list[tuple[Lesson, EServiceStep]]:
    return [
        (lesson, step)
        for lesson in units(packs)[unit_id].lessons
        for step in lesson.steps
        if isinstance(step, EServiceStep)
    ]


def fields(step: EServiceStep) -> list[FormField]:
    return [f for screen in step.screens for f in screen.fields]


def test_each_life_event_has_an_eservice_practice_with_consent(packs):
    found = {(lesson.id, step.id): step for lesson, step in eservice_steps(packs, "eservices")}
    assert len(found) >= 5
    for service, where in LIFE_EVENTS.items():
        assert where in found, service
        step = found[where]
        assert len(step.screens) >= 2, service
        kinds = {f.kind for f in fields(step)}
        assert "consent" in kinds, service
    pension = found[LIFE_EVENTS["pension with a liveness check"]]
    assert "liveness" in {f.kind for f in fields(pension)}


def test_consent_screens_both_allow_and_deny(packs):
    """Choosing what each agency may see: some items are needed (allow), some are not."""
    for service, where in LIFE_EVENTS.items():
        lesson = next(x for _, x in lessons(packs) if x.id == where[0])
        step = next(s for s in lesson.steps if s.id == where[1])
        answers = {f.expected for f in fields(step) if f.kind == "consent"}
        assert answers == {"allow", "deny"}, service


def test_every_field_has_a_hint_and_the_scenario_gives_the_facts(packs):
    all_steps = eservice_steps(packs, "eservices") + eservice_steps(packs, "digital-safety")
    for lesson, step in all_steps:
        story = step.scenario.en
        for f in fields(step):
            where = f"{lesson.id}.{step.id}.{f.id}"
            assert f.hint is not None, where
            if f.kind in ("number", "otp"):
                assert f.expected in story.replace(" ", ""), f"{where}: not in the scenario"
            if f.kind == "date":
                assert f.expected[:4] in story, f"{where}: the year is not in the scenario"
            if f.kind == "text":
                assert f.expected in f.hint.en, f"{where}: the hint must show how to type it"


def test_digital_safety_has_a_refuse_to_share_twist(packs):
    steps = eservice_steps(packs, "digital-safety")
    assert steps
    denied = [
        f for _, step in steps for f in fields(step) if f.kind == "consent" and f.expected == "deny"
    ]
    assert any("OTP" in f.label.en for f in denied)
    assert any(f.kind == "otp" for _, step in steps for f in fields(step))


# ------------------------------------------------------------------ honest Dzongkha


def _key(text: str) -> str:
    return normalize(text).strip().rstrip("\u0f0b\u0f0d\u0f0e\u0f14 ").strip()


@pytest.fixture(scope="module")
def lexicon() -> tuple[set[str], set[str]]:
    """(vouched-for words, every word). A word is vouched for if a native speaker reviewed it or
    a published source (CLDR, Debian's localisation catalogs) attests it; the project's own
    unreviewed draft list alone does not vouch for anything."""
    entries = load_lexicon() if LEXICON_PATH.exists() else []
    vouched = {
        _key(e.dz)
        for e in entries
        if e.reviewed or any(s.strip() != DRAFT_SOURCE for s in e.source.split(","))
    }
    return vouched, {_key(e.dz) for e in entries}


def _alphabet_only(chunk: str) -> bool:
    """Letters, stacks with at most a vowel sign (the syllables of alphabet drills), digits."""
    for token in tokenize(chunk):
        if token.kind == "syllable":
            if not check(token.text).valid:
                return False
            p = parse(token.text)
            if p.prefix or p.suffix or p.second_suffix or p.ending:
                return False
        elif token.kind == "other":
            if token.text.strip("-/.:,()"):
                return False
        elif token.kind not in ("tsheg", "digits", "space", "punctuation"):
            return False
    return True


def needs_review(dz: str, lexicon: tuple[set[str], set[str]]) -> bool:
    """Anything but letters, digits and vouched-for lexicon words (several may be listed,
    separated by spaces or shads) is Dzongkha someone composed: a native speaker must check it.
    A tsheg-joined run counts as one word: it must be one whole lexicon entry, so words that
    merely exist cannot be strung into an unchecked phrase."""
    vouched, known = lexicon
    chunks = [c for c in normalize(dz).replace("\u0f0d", " ").split() if _key(c)]
    for chunk in chunks:
        key = _key(chunk)
        if key in vouched:
            continue
        if not _alphabet_only(chunk):
            return True
        if key in known and len(tokenize(key)) > 1:  # ཨ་པ: letters, but a draft-only word
            return True
    return not chunks


def texts(node, path=()):
    if isinstance(node, dict):
        if "dz" in node and "en" in node:
            yield ".".join(path), Text.model_validate(node)
        for k, v in node.items():
            yield from texts(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from texts(v, (*path, str(i)))


def all_texts():
    for file in sorted(LESSONS.glob("*/pack.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        for where, text in texts(data):
            yield f"{file.parent.name}:{where}", text


def test_the_review_check_itself(lexicon):
    assert not needs_review("ཀ་ཁ་ག་ང་", lexicon)
    assert not needs_review("༢༠༢༦-༠༣-༡༤", lexicon)
    assert not needs_review("སྐུ", lexicon)  # a stack with a vowel: an alphabet drill
    assert not needs_review("ཁ", lexicon)  # a letter, even if a draft word is spelt the same
    assert needs_review("ཀུན་ཁྱབ་མཐོང་", lexicon)  # not letters, not a lexicon word
    if lexicon[0]:
        assert not needs_review("རྫོང་ཁ", lexicon)  # CLDR
        assert needs_review("རྫོང་ཁ་ཨིན", lexicon)  # two words run together: a composed phrase


def test_unvouched_dzongkha_is_marked_for_review(lexicon):
    unflagged = [
        f"{where}: {text.dz}"
        for where, text in all_texts()
        if not text.review and needs_review(text.dz, lexicon)
    ]
    assert unflagged == []


def test_no_latin_letters_in_dzongkha(packs):
    for where, text in all_texts():
        assert not LATIN.search(text.dz), where
    for _, lesson in lessons(packs):
        for step in lesson.steps:
            for attr in ("target", "show"):
                value = getattr(step, attr, None)
                assert value is None or not LATIN.search(value), f"{lesson.id}.{step.id}"


def test_some_dzongkha_is_waiting_for_review_and_says_so():
    flagged = [text for _, text in all_texts() if text.review]
    assert flagged, "composed Dzongkha exists in these lessons; it must be flagged"


# ------------------------------------------------------------------ recordings


def prompts(node, path=()):
    if isinstance(node, dict):
        if "segment" in node and "text" in node:
            yield path, node
        for k, v in node.items():
            yield from prompts(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from prompts(v, (*path, str(i)))


def test_segment_ids_are_unique_across_all_packs():
    """A recording is keyed by its segment id: each step and question prompt has its own id,
    named <pack>.<lesson>.<step>..., and an id never carries two different texts."""
    own: dict[str, str] = {}
    said: dict[str, tuple[str, str]] = {}
    for file in sorted(LESSONS.glob("*/pack.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        for path, prompt in prompts(data):
            segment, text = prompt["segment"], (prompt["text"]["dz"], prompt["text"]["en"])
            assert said.setdefault(segment, text) == text, segment
            if "sound" in path:  # a choice's sound may be reused, with the same text
                continue
            where = f"{file.parent.name}:{'.'.join(path)}"
            assert segment not in own, f"{segment} used by {own.get(segment)} and {where}"
            own[segment] = where
            assert segment.startswith(f"{data['id']}."), where


# ------------------------------------------------------------------ pictures

SVG = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "g", "rect", "circle", "ellipse", "line", "polyline", "polygon", "path"}


def lesson_pictures() -> list[Path]:
    return sorted(LESSONS.glob("*/pictures/*.svg"))


def test_lesson_pictures_are_simple_svgs():
    pictures = lesson_pictures()
    assert len(pictures) >= 10
    for picture in pictures:
        root = ET.parse(picture).getroot()
        assert root.get("viewBox") == "0 0 128 128", picture.name
        for element in root.iter():
            if isinstance(element.tag, str):
                tag = element.tag.removeprefix(SVG)
                assert tag in ALLOWED, f"{picture.name}: <{tag}> (no text, gradients, filters)"


def test_lesson_pictures_render():
    qtsvg = pytest.importorskip("PySide6.QtSvg")
    for picture in lesson_pictures():
        assert qtsvg.QSvgRenderer(str(picture)).isValid(), picture.name


def test_every_lesson_picture_is_used_and_every_used_picture_exists(packs):
    used: dict[str, set[str]] = {}
    for file in sorted(LESSONS.glob("*/pack.json")):
        text = file.read_text(encoding="utf-8")
        used[file.parent.name] = set(re.findall(r'"picture": "([a-z0-9_-]+)"', text))
    shared = {p.stem for p in (REPO / "assets" / "pictures").glob("*.svg")}
    for folder, names in used.items():
        own = {p.stem for p in (LESSONS / folder / "pictures").glob("*.svg")}
        assert names <= own | shared, folder
        assert own <= names, f"{folder}: unused pictures {sorted(own - names)}"
