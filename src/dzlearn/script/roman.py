"""Dzongkha → Roman Dzongkha, the official phonetic romanization (simplified 1997 system).

Learners who cannot read the script yet need to see how a word sounds, and place names must
match the spelling on road signs, so the rules are the official ones (docs/dzongkha.md, after van
Driem): spelling → pronunciation, one syllable at a time, syllables of a word joined. Tone is not
written. Words whose official form does not follow the rules are listed whole in
:data:`EXCEPTIONS`; the rules are never bent to fit one word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from dzlearn.script.letters import TSHEG, base_of, is_subjoined_letter
from dzlearn.script.normalize import normalize
from dzlearn.script.syllables import Syllable, parse, tokenize

ROOT_SOUNDS = MappingProxyType(
    {
        "ཀ": "k", "ཁ": "kh", "ག": "g", "ང": "ng", "ཅ": "ch", "ཆ": "chh", "ཇ": "j", "ཉ": "ny",
        "ཏ": "t", "ཐ": "th", "ད": "d", "ན": "n", "པ": "p", "ཕ": "ph", "བ": "b", "མ": "m",
        "ཙ": "ts", "ཚ": "tsh", "ཛ": "dz", "ཝ": "w", "ཞ": "zh", "ཟ": "z", "འ": "", "ཡ": "y",
        "ར": "r", "ལ": "l", "ཤ": "sh", "ས": "s", "ཧ": "h", "ཨ": "",
    }
)  # fmt: skip
YA_SUBSCRIPT = MappingProxyType(
    {"ཀ": "ky", "ཁ": "chh", "ག": "gy", "པ": "ch", "ཕ": "chh", "བ": "j", "མ": "ny"}
)
RA_SUBSCRIPT = MappingProxyType(
    {
        "ཀ": "tr", "ཏ": "tr", "པ": "tr", "ཁ": "thr", "ཐ": "thr", "ཕ": "thr",
        "ག": "dr", "ད": "dr", "བ": "dr", "ཤ": "shr", "ས": "s", "ཧ": "hr", "མ": "m", "ན": "n",
    }
)  # fmt: skip
VOWEL_SOUNDS = MappingProxyType({"": "a", "ི": "i", "ུ": "u", "ེ": "e", "ོ": "o", "ཱ": "a"})
UMLAUT = MappingProxyType({"a": "e", "u": "ue", "o": "oe"})
UMLAUT_SUFFIXES = "དནལས"
SUFFIX_SOUNDS = MappingProxyType(
    {"ག": "k", "ང": "ng", "ད": "", "ན": "n", "བ": "p", "མ": "m", "འ": "", "ར": "r", "ལ": "l",
     "ས": ""}
)  # fmt: skip
# Endings written fused to the syllable. The genitive འི colours the vowel like a ད ན ལ ས suffix.
ENDING_SOUNDS = MappingProxyType(
    {"འོ": "o", "འུ": "u", "འང": "ang", "འམ": "am", "ཝ": "wa", "པ": "pa", "པོ": "po",
     "མ": "ma", "མོ": "mo", "ན": "na", "ནི": "ni"}
)  # fmt: skip
UMLAUT_ENDINGS = MappingProxyType({"འི": "", "འིའོ": "o"})

# Whole words whose official form the rules do not give. Keys are tsheg-separated syllables.
EXCEPTIONS = MappingProxyType(
    {
        "ཀྲོང་གསར": "trongsa",  # official: the final r of གསར is dropped (rules: trongsar)
        "མོང་སྒར": "mongar",  # official: one g (rules: monggar)
        "མགར་ས": "gasa",  # official: the r of མགར is dropped (rules: garsa)
        "གཞམས": "zhem",  # umlaut before མས, though a second suffix does not umlaut (rules: zham)
        "རྡོ་རྗེ": "dorji",  # the name's usual official spelling (rules: dorje)
        # Official place names (road signs, UNGEGN) and everyday words whose usual form the
        # rules miss, mostly through a final k/g that is not said or a word break.
        "ད་གར་ན": "dagana",  # rules: dagarna
        "དབང་འདུས་ཕོ་བྲང": "wangdue phodrang",  # rules: wangduephodrang
        "བསམ་གྲུབ་ལྗོངས་མཁར": "samdrup jongkhar",  # rules: samdrupjongkhar
        "བཀྲ་ཤིས་གཡང་རྩེ": "trashi yangtse",  # rules: trashiyangtse
        "ཕུན་ཚོགས་གླིང": "phuentsholing",  # rules: phuentshokling
        "དགེ་ལེགས་ཕུག": "gelephu",  # rules: gelekphuk
        "རྫོང་ཁག": "dzongkhag",  # rules: dzongkhak
        "རྒེད་འོག": "gewog",  # rules: geok
        "དྲུང་ཁག": "dungkhag",  # rules: drungkhak
        "ལགས": "la",  # the polite particle; final g not said (rules: lak)
        "སྐུ་གཟུགས་བཟང་པོ": "kuzuzangpo",  # the greeting as written everywhere (rules: kuzukzangpo)
        "སྐུ་གཟུགས་བཟང་པོ་ལགས": "kuzuzangpo la",  # rules: kuzukzangpolak
        "བཀའ་དྲིན་ཆེ་ལགས": "kadrinchhe la",  # rules: kadrinchhelak
    }
)


def _initial(s: Syllable) -> str:
    subs = [sub for sub in s.subscripts if sub != "\u0fad"]  # wa-zur is silent
    if s.root == "ཧ" and subs == ["\u0fa5"]:
        return "f"
    if s.superscript == "ལ" and s.root == "ཧ":
        return "lh"
    if subs == ["\u0fb1"]:
        if s.prefix == "ད" and s.root == "བ":
            return "y"
        return YA_SUBSCRIPT.get(s.root, ROOT_SOUNDS[s.root] + "y")
    if subs == ["\u0fb2"]:
        return RA_SUBSCRIPT.get(s.root, ROOT_SOUNDS[s.root] + "r")
    if subs == ["\u0fb3"]:
        return "d" if s.root == "ཟ" else "l"
    if s.prefix == "ད" and s.root == "བ" and not s.superscript and not subs and not s.vowel:
        return "w"
    return ROOT_SOUNDS[s.root]


def _ending(ending: str, after_vowel: bool) -> str:
    if ending in ENDING_SOUNDS:
        return ENDING_SOUNDS[ending]
    if ending == "བོ":
        return "wo" if after_vowel else "bo"
    return romanize_syllable(ending)


def romanize_syllable(syllable: str | Syllable) -> str:
    """One syllable's sound; ``ValueError`` if it is not correctly spelt."""
    s = syllable if isinstance(syllable, Syllable) else parse(syllable)
    if not s.suffix and len(s.ending) > 1 and is_subjoined_letter(s.ending[1]):
        # a Sanskrit stack across the syllable (པདྨ, ཀརྨ): its top letter closes this syllable
        rest = base_of(s.ending[1]) + s.ending[2:]
        s = replace(s, suffix=s.ending[0], ending=rest)
    vowel = VOWEL_SOUNDS.get(s.vowel, "a")
    if (s.suffix and s.suffix in UMLAUT_SUFFIXES) or s.ending in UMLAUT_ENDINGS:
        vowel = UMLAUT.get(vowel, vowel)
    coda = SUFFIX_SOUNDS.get(s.suffix, "")
    if s.ending in UMLAUT_ENDINGS:
        tail = UMLAUT_ENDINGS[s.ending]
    elif s.ending:
        tail = _ending(s.ending, after_vowel=not coda)
    else:
        tail = ""
    return _initial(s) + vowel + coda + tail


def _is_bare_ba(s: Syllable) -> bool:
    return s.root == "བ" and not (s.prefix or s.superscript or s.subscripts)


def romanize_word(syllables: Sequence[str], exceptions: Mapping[str, str] = EXCEPTIONS) -> str:
    """The syllables of one word, romanized and joined without spaces.

    A run of syllables listed in ``exceptions`` (tsheg-separated keys) takes its listed form.
    A bare བ after an open syllable is said w (ཟླ་བ → dawa), as in the particles བ, བོ.
    """
    listed = {tuple(normalize(k).split(TSHEG)): v for k, v in exceptions.items()}
    longest = max((len(k) for k in listed), default=0)
    keys = [normalize(s) for s in syllables]
    out: list[str] = []
    i = 0
    while i < len(keys):
        for n in range(min(longest, len(keys) - i), 0, -1):
            official = listed.get(tuple(keys[i : i + n]))
            if official:
                out.append(official)
                i += n
                break
        else:
            parts = parse(keys[i])
            sound = romanize_syllable(parts)
            if out and out[-1][-1:] in "aeiou" and _is_bare_ba(parts):
                sound = "w" + sound[1:]
            out.append(sound)
            i += 1
    return "".join(out)


def romanize(
    text: str, capitalize: bool = False, exceptions: Mapping[str, str] = EXCEPTIONS
) -> str:
    """Romanize Tibetan-script text: tsheg-joined syllables form one word; words are spaced.

    Dzongkha does not mark word boundaries, so callers that know them should pass one word at a
    time (or use :func:`romanize_word`). Non-Tibetan text is kept; Tibetan digits become 0–9;
    punctuation is dropped. ``ValueError`` names a misspelt syllable.
    """
    words: list[str] = []
    current: list[str] = []
    for token in tokenize(text):
        if token.kind == "syllable":
            current.append(token.text)
            continue
        if token.kind == "tsheg":
            continue
        if current:
            words.append(romanize_word(current, exceptions))
            current = []
        if token.kind == "other":
            words.append(token.text)
        elif token.kind == "digits":
            words.append("".join(str(ord(d) - 0x0F20) for d in token.text))
    if current:
        words.append(romanize_word(current, exceptions))
    if capitalize:  # an exception may hold several words ("wangdue phodrang")
        words = [" ".join(p[:1].upper() + p[1:] for p in w.split(" ")) for w in words]
    return " ".join(words)
