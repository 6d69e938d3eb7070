"""Which localisation pairs (English UI string → Dzongkha translation) become lexicon candidates.

Used for every source of software translations (debian_l10n.py's gettext catalogs and
lo_config.py's LibreOffice configuration strings), so that all of them obey the same rules
(docs/lexicon.md, "Extraction rules"): plain 1–4 word English, every word on the reviewed keyword
list, no calendar names, at most 10 Dzongkha syllables, and the alignment check for phrases.
The spelling gate in build.py comes after this.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import debian_l10n
import keywords
import validate

MAX_ENGLISH_WORDS = 4
MAX_CATALOG_SYLLABLES = 10  # longer msgstrs are sentences, not words or common phrases
ACRONYMS = frozenset({"URL", "AM", "PM", "PIN", "OTP", "SMS", "PGP", "ID", "OK"})
PLURAL = validate.TSHEG + "ཚུ"  # the plural particle a translation of "files" may end with

Kept = tuple[debian_l10n.Pair, str, tuple[str, ...]]  # pair, gloss, topics


def gloss_case(english: str) -> str:
    """Menu items are Title Case and spreadsheet arguments upper case (NAME, SUM); glosses are
    lower case except acronyms."""
    return " ".join(w if w in ACRONYMS else w.lower() for w in english.split())


def plain_english(english: str) -> bool:
    return (
        bool(english)
        and english[0].isalpha()
        and all(ch.isascii() and (ch.isalpha() or ch in " '-") for ch in english)
    )


def forms(word: str) -> set[str]:
    """The word and its possible singulars (files → file, fil; entries → entry)."""
    out = {word}
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.add(word[: -len(suffix)] + repl)
    return out


def alone_translations(pairs: Iterable[debian_l10n.Pair]) -> dict[str, set[str]]:
    """English word → how the sources translate it when it is a msgid on its own."""
    alone: dict[str, set[str]] = defaultdict(set)
    for pair in pairs:
        word = pair.english.lower()
        if " " in word or not plain_english(word):
            continue
        syllables = validate.split_dz(pair.dz)
        if syllables:
            dz = validate.join_dz(syllables).removesuffix(PLURAL)
            for form in forms(word):
                alone[form].add(dz)
    return alone


def aligned(english: str, dz: str, alone: dict[str, set[str]]) -> bool | None:
    """Does a multi-word pair contain the Dzongkha of one of its English words? None: can't tell.

    Translations are sometimes attached to the wrong msgid, or adapt freely; requiring one word
    of the phrase to appear as the sources translate it alone catches most of those.
    """
    words = [w for w in english.lower().split() if w not in keywords.NEUTRAL]
    found = {dz for w in words for form in forms(w) for dz in alone.get(form, ())}
    if len(english.split()) == 1 or not found:
        return None
    haystack = validate.TSHEG + dz
    return any(validate.TSHEG + form in haystack for form in found)


def keep(pairs: list[debian_l10n.Pair], filtered: Counter) -> list[Kept]:
    """The pairs that pass the filters; ``filtered`` counts the others by (family, reason)."""
    alone = alone_translations(pairs)
    out: list[Kept] = []
    for pair in pairs:

        def drop(reason: str, pair: debian_l10n.Pair = pair) -> None:
            filtered[(pair.family, reason)] += 1

        if not plain_english(pair.english):
            drop("English not plain words (placeholders, markup, punctuation)")
            continue
        if len(pair.english.split()) > MAX_ENGLISH_WORDS:
            drop(f"English longer than {MAX_ENGLISH_WORDS} words")
            continue
        names = pair.family == "debian-l10n" and pair.catalog in debian_l10n.NAME_CATALOGS
        topics = debian_l10n.NAME_CATALOGS[pair.catalog] if names else None
        topics = topics or keywords.phrase_topics(pair.english)
        if topics is None:
            drop("English word outside the reviewed keyword list")
            continue
        syllables = validate.split_dz(pair.dz)
        if syllables is not None and len(syllables) > MAX_CATALOG_SYLLABLES:
            drop(f"Dzongkha longer than {MAX_CATALOG_SYLLABLES} syllables")
            continue
        if names:  # country names: no keyword or alignment filter
            out.append((pair, pair.english, topics))
            continue
        if pair.english.lower() in keywords.REJECTED_PHRASES or (
            syllables
            and (pair.english.lower(), validate.join_dz(syllables)) in keywords.REJECTED_PAIRS
        ):
            drop("English phrase or pair on the reviewed reject list")
            continue
        if keywords.CALENDAR_NAMES.intersection(pair.english.lower().split()):
            drop("weekday or month name (taken from CLDR only)")
            continue
        if syllables is not None:
            verdict = aligned(pair.english, validate.join_dz(syllables), alone)
            if verdict is False:
                drop("phrase holds the Dzongkha of none of its words (misaligned?)")
                continue
            if verdict is None and " " in pair.english:
                drop("(kept) phrase whose alignment could not be checked")
        out.append((pair, gloss_case(pair.english), topics))
    return out
