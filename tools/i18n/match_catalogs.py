"""Fill dzlearn's Dzongkha interface catalog from real translations: exact msgid matches.

    .venv/bin/python tools/i18n/match_catalogs.py           # report what would be added
    .venv/bin/python tools/i18n/match_catalogs.py --write   # also write the .po and compile the .mo

Nobody on the team speaks Dzongkha, so no Dzongkha is composed here. A message gets a msgstr only
when the same English string is a msgid in one of the real Dzongkha localisations the lexicon
build reads (tools/lexicon: Debian's gettext catalogs, LibreOffice's configuration strings, CLDR),
read whole (not the lexicon's keyword-filtered entries). Matching, after the lexicon build's own
cleaning (``debian_l10n.clean_english``/``clean_dz``: accelerators, trailing ``...``/``…``/``:``/
``.``/``!``/``?`` and shad removed), ignores case; icons at either end of our msgid (▶ ■ ● › ✓) and
a trailing ``…`` or ``:`` are put back around the translation; ``.``, ``!`` and ``?`` are not (the
earlier matches did the same: "Good!" → ལེགས་ཤོམ). A message with placeholders matches only when it
has exactly one and the catalog's English and Dzongkha each hold exactly one (``%s``, ``%d``,
``{0}``...); ours (``{name}``) replaces it. When catalogs disagree, the Dzongkha most catalogs use
wins (ties: the alphabetically first). Every syllable must pass the lexicon build's gate
(``build.gate``: dzlearn's checker, hunspell-dz, EWTS round trip, romanizer).

Only messages that are still untranslated are filled; earlier translations are kept. Matches
refused on sense (same English, different meaning) are listed in ``REFUSED`` with the reason.
Deterministic: the same catalogs and .po give the same output.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tools" / "lexicon"))
sys.path.insert(0, str(REPO / "src"))

import build  # noqa: E402
import cldr  # noqa: E402
import debian_l10n  # noqa: E402
import lo_config  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

LOCALE = REPO / "src" / "dzlearn" / "locale" / "dz" / "LC_MESSAGES"
PO = LOCALE / "dzlearn.po"
MO = LOCALE / "dzlearn.mo"

ICONS = "▶■●›✓ "
KEPT_ENDINGS = ("…", ":")  # layout marks, the same in both languages
OURS = re.compile(r"\{[^{}]*\}")
# printf conversions (%s, %d, %1$s, %'d, %.1f, %lu) and {0}/{} style; not %% or %(name)s.
THEIRS = re.compile(r"%(?:\d+\$)?[-+ 0#']*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t)?[sdiuxXfgec]|\{\d*\}")
SLOT = "\x00"
NO_MATCH = "untranslated: no exact match in Debian/LibreOffice catalogs or CLDR"
# Untranslated-status comments this tool writes (and rewrites on each run); others are by hand.
OWN_COMMENTS = (
    "untranslated: no exact match",
    "untranslated: no lexicon entry",  # the first matching's wording
    "untranslated: refused on sense",
    "untranslated: the catalogs'",
    "untranslated: only ",
)
NOT_REVIEWED = "exact msgid match; not reviewed by a native speaker"

# Same English, another sense: refused after reading the candidates (reason given).
REFUSED: dict[str, str] = {
    "Accuracy": "gnome-calculator's accuracy is decimal precision, ours is typing correctness",
    "Conflicts": "apt's package relation 'X conflicts with Y' (…ཨིན 'is conflicting'), "
    "not sync conflicts as a noun",
    "● Record": "LibreOffice's database record (དྲན་ཐོ), not an audio recording",
}
# Where catalogs tie, the form chosen on sense (reason given).
PREFERRED: dict[str, tuple[str, str]] = {
    "Lock": ("ལྡེ་མིག་རྐྱབས", "gnumeric has both forms (1 catalog each); this one pairs with "
             "Unlock ལྡེ་མིག་ཕྱེ and means locking with a key, the other 'keep closed'"),
}  # fmt: skip


@dataclass(frozen=True)
class Found:
    dz: str  # the msgstr to write, our placeholders and icons in place
    sources: tuple[str, ...]  # catalog source ids that gave this Dzongkha, sorted
    others: tuple[tuple[str, int], ...]  # other Dzongkha forms and how many catalogs use each


def split_msgid(msgid: str) -> tuple[str, str, str, list[str]]:
    """(text to put before, match key, text to put after, our placeholders in order).

    Spaces around the msgid (" then "), icons at either end and a trailing … or : are kept."""
    lead, trail = msgid[: len(msgid) - len(msgid.lstrip())], msgid[len(msgid.rstrip()) :]
    core = msgid.strip().replace("&&", "&")  # Qt's escaped ampersand
    body = core.lstrip(ICONS)
    icons_before = core[: len(core) - len(body)].strip()
    stripped = body.rstrip(ICONS)
    icons_after = body[len(stripped) :].strip()
    ending = next((e for e in KEPT_ENDINGS if stripped.rstrip(".").endswith(e)), "")
    key = debian_l10n.clean_english(OURS.sub(SLOT, stripped)).lower()
    prefix = lead + (icons_before + " " if icons_before else "")
    suffix = ending + (" " + icons_after if icons_after else "") + trail
    return prefix, key, suffix, OURS.findall(stripped)


def catalog_pairs() -> list[debian_l10n.Pair]:
    """Every pair of every source, whole catalogs (the lexicon build's readers, no filter)."""
    roots = debian_l10n.fetch()
    pairs = list(debian_l10n.pairs(roots)) + list(lo_config.pairs(lo_config.fetch()))
    pairs += [debian_l10n.Pair(i.gloss, i.dz, "cldr", "babel", "cldr") for i in cldr.items()]
    return pairs


def source_id(pair: debian_l10n.Pair) -> str:
    return "cldr" if pair.family == "cldr" else pair.source


def index(pairs: list[debian_l10n.Pair]) -> dict[str, list[tuple[str, str]]]:
    """Match key → (Dzongkha with SLOT for its one placeholder, source id) for each pair."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pair in pairs:
        en_slots, dz_slots = THEIRS.findall(pair.english), THEIRS.findall(pair.dz)
        if len(en_slots) != len(dz_slots) or len(en_slots) > 1:
            continue
        key = " ".join(THEIRS.sub(SLOT, pair.english).split()).lower()
        out[key].append((THEIRS.sub(SLOT, pair.dz), source_id(pair)))
    return out


def _chunks(dz: str) -> list[str]:
    return [c.strip() for c in dz.split(SLOT) if c.strip()]


def candidates(msgids: list[str], idx: dict[str, list[tuple[str, str]]]) -> dict[str, Found]:
    """msgid → the best-agreed gated translation, for the msgids some catalog has."""
    wanted: dict[str, list[tuple[str, str]]] = {}
    for msgid in msgids:
        _prefix, key, _suffix, ours = split_msgid(msgid)
        if len(ours) > 1 or key not in idx:
            continue
        wanted[msgid] = idx[key]
    # The gate: every Dzongkha chunk (text between placeholders) must be pure, valid syllables.
    texts = sorted({c for hits in wanted.values() for dz, _ in hits for c in _chunks(dz)})
    cands = [build.Candidate(t, "", (), "i18n") for t in texts]
    passed = {c.candidate.text: c.dz for c in build.gate(cands, build.Stats())}
    out: dict[str, Found] = {}
    for msgid, hits in sorted(wanted.items()):
        prefix, _key, suffix, ours = split_msgid(msgid)
        forms: dict[str, set[str]] = defaultdict(set)
        for dz, source in hits:
            chunks = _chunks(dz)
            if not chunks or any(c not in passed for c in chunks):
                continue
            if (SLOT in dz) != bool(ours):
                continue
            # Plain words in the gate's normalised form (as the lexicon has them); with a
            # placeholder, the catalog's own text (its spacing around the placeholder).
            forms[dz.strip() if ours else passed[chunks[0]]].add(source)
        if not forms:
            continue
        ranked = sorted(forms.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        if msgid in PREFERRED:
            ranked.sort(key=lambda kv: kv[0] != PREFERRED[msgid][0])
        best, sources = ranked[0]
        text = best.replace(SLOT, ours[0]) if ours else best
        out[msgid] = Found(
            prefix + text + suffix,
            tuple(sorted(sources, key=_source_order)),
            tuple((form, len(src)) for form, src in ranked[1:]),
        )
    return out


def _source_order(source: str) -> tuple[int, str]:
    """Debian catalogs first (the .po's status convention names one), then CLDR, LibreOffice's."""
    return ({"debian-l10n": 0, "cldr": 1}.get(source.split(":")[0], 2), source)


def status(found: Found) -> str:
    first, more = found.sources[0], len(found.sources) - 1
    extra = f" (and {more} more catalogs)" if more else ""
    return f"source: {first}{extra}; {NOT_REVIEWED}"


def untranslated_note(msgid: str, hit: Found | None, idx: dict) -> str:
    """Why a message stays English (rewritten below if it does get a translation)."""
    if msgid in REFUSED:
        return f"untranslated: refused on sense: {REFUSED[msgid]}"
    if hit is not None:
        return f"untranslated: only {hit.sources[0]} has it ({hit.dz}); no Debian catalog or CLDR"
    key = split_msgid(msgid)[1]
    if key in idx:
        forms = ", ".join(sorted({dz.replace(SLOT, "…").strip() for dz, _ in idx[key]}))
        return f"untranslated: the catalogs' Dzongkha ({forms}) fails the spelling gate"
    return NO_MATCH


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the .po and compile the .mo")
    args = parser.parse_args(argv)
    with PO.open("rb") as f:
        catalog = read_po(f)
    messages = [m for m in catalog if m.id]
    before = sum(1 for m in messages if m.string)
    todo = [m.id for m in messages if not m.string]
    idx = index(catalog_pairs())
    found = candidates(todo, idx)
    added = 0
    for message in messages:
        hit = found.get(message.id)
        if not message.string and (
            not message.user_comments or message.user_comments[0].startswith(OWN_COMMENTS)
        ):
            message.user_comments = [untranslated_note(message.id, hit, idx)]
        if hit is None:
            continue
        others = ", ".join(f"{form.replace(SLOT, '…')} ×{n}" for form, n in hit.others)
        if message.id in PREFERRED:
            print(f"   chosen on sense: {PREFERRED[message.id][1]}")
        if message.id in REFUSED:
            print(f"REFUSED {message.id!r} → {hit.dz}: {REFUSED[message.id]}")
            continue
        print(f"{message.id!r} → {hit.dz}  [{', '.join(hit.sources)}]"
              + (f"  (also: {others})" if others else ""))  # fmt: skip
        if not hit.sources[0].startswith(("debian-l10n:", "cldr")):
            print("   skipped: no Debian catalog or CLDR has it (the .po convention needs one)")
            continue
        added += 1
        message.string = hit.dz
        message.user_comments = [status(hit)]
    print(f"\ntranslated: {before} → {before + added} of {len(messages)} (+{added})")
    if args.write:
        out = io.BytesIO()
        write_po(out, catalog, width=76, sort_output=True, no_location=True)
        PO.write_bytes(out.getvalue())
        pybabel = str(Path(sys.executable).with_name("pybabel"))
        locale_dir = str(LOCALE.parents[1])
        compile_mo = [pybabel, "compile", "-d", locale_dir, "-D", "dzlearn", "-l", "dz"]
        subprocess.run(compile_mo, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
