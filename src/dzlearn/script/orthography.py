"""Spelling rules of the Dzongkha syllable, as data.

The tables follow the standard orthography (docs/dzongkha.md) narrowed to what hunspell-dz
(/work/shared/data/hunspell-dz, Elie Roux, CC0) accepts, because that dictionary is the project's
syllable oracle: what it rejects, the app must not teach. Where hunspell-dz lists a spelling as a
word rather than through its rules (wa-zur words, the diminutive ending འུ, a few Sanskrit
spellings), the spelling is in :data:`LEXICON` and nowhere else.

A syllable is read as ``[prefix] stack [vowel] tail``: the stack is a root letter with its
superscript and subscripts; the tail holds suffixes, the second suffix ས, and the grammatical
endings and particles that Dzongkha writes fused to the syllable (རྒྱལཔོ, ཀའི).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Literal

TailParts = tuple[str, str, str]  # (suffix, second suffix, ending)
StemClass = Literal["A", "B", "C", "fixed"]

# Every stack a syllable may be built on, with the prefixes it takes ("" = no prefix allowed).
STACK_PREFIXES: MappingProxyType[str, str] = MappingProxyType(
    {
        "ཀ": "དབ", "ཀྱ": "དབ", "ཀྲ": "དབ", "ཀླ": "བ", "རྐ": "བ", "རྐྱ": "བ", "ལྐ": "",
        "སྐ": "བ", "སྐྱ": "བ", "སྐྲ": "བ",
        "ཁ": "མའ", "ཁྱ": "མའ", "ཁྲ": "མའ",
        "ག": "དབམའ", "གྱ": "དབམའ", "གྲ": "དབམའ", "གླ": "", "རྒ": "བ", "རྒྱ": "བ", "ལྒ": "",
        "སྒ": "བ", "སྒྱ": "བ", "སྒྲ": "བ",
        "ང": "དམ", "རྔ": "བ", "ལྔ": "", "སྔ": "བ",
        "ཅ": "གབ", "ལྕ": "", "ཆ": "མའ", "ཇ": "མའ", "རྗ": "བ", "ལྗ": "",
        "ཉ": "གམ", "རྙ": "བ", "སྙ": "བ",
        "ཏ": "གབ", "རྟ": "བ", "ལྟ": "བ", "སྟ": "བ", "ཐ": "མའ",
        "ད": "གབམའ", "དྲ": "འ", "རྡ": "བ", "ལྡ": "བ", "སྡ": "བ",
        "ན": "གམ", "རྣ": "བ", "སྣ": "བ",
        "པ": "ད", "པྱ": "ད", "པྲ": "ད", "ལྤ": "", "སྤ": "", "སྤྱ": "", "སྤྲ": "",
        "ཕ": "འ", "ཕྱ": "འ", "ཕྲ": "འ",
        "བ": "དའ", "བྱ": "དའ", "བྲ": "དའ", "བླ": "", "རྦ": "", "ལྦ": "", "སྦ": "",
        "སྦྱ": "", "སྦྲ": "",
        "མ": "ད", "མྱ": "ད", "རྨ": "", "རྨྱ": "", "སྨ": "", "སྨྱ": "",
        "ཙ": "གབ", "རྩ": "བ", "སྩ": "བ", "ཚ": "མའ", "ཛ": "མའ", "རྫ": "བ",
        "ཝ": "", "ཞ": "གབ", "ཟ": "གབ", "ཟླ": "བ", "འ": "", "ཡ": "ག",
        "ར": "", "རླ": "བ", "ལ": "", "ཤ": "གབ", "ས": "གབ", "སྲ": "བ", "སླ": "བ",
        "ཧ": "", "ཧྲ": "", "ལྷ": "", "ཨ": "",
        "ཧྥ": "",  # the borrowed "f" sound
    }
)  # fmt: skip

# Superscript → roots it may sit on; root → subscripts it may carry. Used to explain a rejection.
SUPERSCRIPT_ROOTS = MappingProxyType({"ར": "ཀགངཇཉཏདནབམཙཛ", "ལ": "ཀགངཅཇཏདཔབཧ", "ས": "ཀགངཉཏདནཔབམཙ"})
SUBSCRIPT_ROOTS = MappingProxyType(
    {"\u0fb1": "ཀཁགཔཕབམ", "\u0fb2": "ཀཁགདཔཕབསཧ", "\u0fb3": "ཀགབཟརས", "\u0fad": ""}
)

SECOND_SUFFIX_AFTER = "གངབམ"  # ས follows only these suffixes

# Prefix + root + suffix + ས, or root + suffix + second suffix ས? Both spellings are legal; the
# dictionaries' convention (as in pyewts) names the root. Value: index of the root letter.
AMBIGUOUS_ROOT = MappingProxyType(
    {"དགས": 1, "དམས": 1, "དངས": 0, "འགས": 1, "འབས": 1, "མངས": 0, "མགས": 0, "བགས": 0, "དབས": 1}
)

# Particles Dzongkha writes fused after a suffix, per suffix (+ second suffix), from dz.aff.
FUSED_PARTICLES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "ག": ("པ", "པོ", "མ", "མོ", "ན", "ནི"),
        "ང": ("ཝ", "བོ", "པ", "པོ", "མ", "མོ", "ན", "ནི"),
        "ད": ("ཝ", "པ", "པོ", "མ", "མོ", "ན", "ནི"),
        "ན": ("པ", "པོ", "མ", "མོ", "ན", "ནི"),
        "བ": ("པ", "མ", "མོ", "ན", "ནི"),
        "མ": ("པ", "པོ", "ན", "ནི"),
        "ར": ("ཝ", "པ", "པོ", "མ", "མོ", "ན", "ནི"),
        "ལ": ("ཝ", "པ", "པོ", "མ", "མོ", "ན", "ནི"),
        "ས": ("ཝ", "པ", "པོ", "མ", "མོ", "ན", "ནི"),
        "གས": ("ཝ", "པ", "པོ", "མ", "མོ", "ན", "ནི"),
        "ངས": ("ཝ", "པ", "པོ", "མ", "མོ", "ན", "ནི"),
        "བས": ("ཝ", "པ", "པོ", "མ", "མོ", "ན", "ནི"),
        "མས": ("ཝ", "པ", "པོ", "མ", "མོ", "ན", "ནི"),
    }
)
PARTICLES = ("ཝ", "བོ", "པ", "པོ", "མ", "མོ", "ན", "ནི")  # fused straight onto an open syllable
CASE_ENDINGS = ("འི", "འོ", "འིའོ", "འང", "འམ")  # genitive, final, concessive, disjunctive
A_CHUNG_TAILS = ("འ", "འབོ", "འཝ", "འམ", "འམོ")  # only after a prefixed, bare, vowel-less root


def _ordinary_tails() -> dict[str, TailParts]:
    tails: dict[str, TailParts] = {}
    for suffix in "གངདནབམརལས":
        tails[suffix] = (suffix, "", "")
    for suffix in SECOND_SUFFIX_AFTER:
        tails[suffix + "ས"] = (suffix, "ས", "")
    for ending in CASE_ENDINGS:
        tails[ending] = ("", "", ending)
    for before, particles in FUSED_PARTICLES.items():
        for particle in particles:
            tails[before + particle] = (before[0], before[1:], particle)
    return tails


def _tail_sets() -> dict[str, MappingProxyType[str, TailParts]]:
    ordinary = _ordinary_tails()
    bare_particles = {p: ("", "", p) for p in PARTICLES}
    a_chung = {t: ("འ", "", t[1:]) for t in A_CHUNG_TAILS}
    lexical = {e: ("", "", e) for e in CASE_ENDINGS} | {"ར": ("ར", "", ""), "ས": ("ས", "", "")}
    empty: dict[str, TailParts] = {"": ("", "", "")}
    return {
        # an unprefixed or stacked root: vowel optional, never an a-chung
        "A": MappingProxyType(empty | bare_particles | ordinary),
        # a prefixed bare root without a vowel: a suffix or an a-chung is compulsory (དགའ, དཀར)
        "B": MappingProxyType(ordinary | a_chung),
        # a word listed whole in the lexicon: only grammatical endings and particles may follow
        "C": MappingProxyType(empty | bare_particles | lexical),
        "fixed": MappingProxyType(empty),
    }


TAILS = MappingProxyType(_tail_sets())


def _diminutives(bases: str) -> dict[str, StemClass]:
    return {base + "འུ": "C" for base in bases.split()}


# Spellings hunspell-dz lists as words: they take no vowel or suffix beyond what is written here.
LEXICON: MappingProxyType[str, StemClass] = MappingProxyType(
    {
        # wa-zur ྭ words
        "ཀྭ": "C", "ཀྭའི": "C", "ཁྭ": "C", "གྭ": "C", "གྲྭ": "C", "ཉྭ": "C", "དྭ": "C",
        "དྭོ": "C", "དྲྭ": "C", "ཕྱྭ": "C", "རྩྭ": "C", "ཚྭ": "C", "ཞྭ": "C", "ཟྭ": "C",
        "ཟྭོ": "C", "རྭ": "C", "རྭི": "C", "ལྭ": "C", "ཤྭ": "C", "སྭོ": "C", "བསྭ": "C",
        "བསྭོ": "C", "བསྭེ": "C", "ཧྭ": "C", "རྒྭ": "C", "སྟྭ": "C", "གྭའུ": "C",
        "རྭང": "fixed", "དྭང": "fixed", "དྭངས": "fixed", "དྭགས": "fixed", "ཏྭོན": "fixed",
        "ཀྭན": "fixed", "ཀྭས": "fixed", "ཧྭང": "fixed", "ཧྭག": "fixed", "ཧྭགས": "fixed",
        "ཚྭབ": "fixed",
        # rare ra-subscripts
        "ཏྲ": "C", "ཏྲེས": "fixed", "ཐྲིག": "fixed", "མྲ": "C", "སྨྲ": "C", "སྨྲེ": "C",
        "སྨྲོས": "fixed", "སྨྲས": "fixed", "སྨྲེང": "fixed", "སྨྲངས": "fixed", "སྨྲང": "fixed",
        "སྨྲིག": "fixed", "སྣྲོན": "fixed", "སྣྲུབས": "fixed", "སྣྲེལ": "fixed",
        "མདྲོན": "fixed",
        # Sanskrit and borrowed spellings, the long-vowel ཨཱ
        "ཀརྨ": "C", "པདྨ": "C", "ཨཱ": "C", "བགླ": "C",
        # a-chung where the rules do not call for one, and fused two-syllable words
        "དམེའ": "fixed", "མེའ": "fixed", "བརྡའ": "fixed", "བརྟའ": "fixed", "དབའས": "fixed",
        "བྲའོ": "C", "སླེའོ": "C", "ཨའེ": "fixed", "ནོའུར": "fixed",
        "ནོརབུ": "fixed", "རིལབུ": "fixed", "རྫིབུ": "fixed",
    }
    | _diminutives(
        "ཀྲ ཀྲུ ཁྲུ སྒྱི ཅོ གཅོ ཐུ དུ དྲི ཕེ མུ མོ ཚུ ལོ ཧུ ཧེ ཧྲུ ཀ ཀི ཀེ ཁི ཁེ ཁྱི ཁྱེ ཁྲི ཁྲེ ག"
        " གྲི གྲེ གླེ འགི རྒེ སྒ སྒེ སྒྱེ སྒྲེ རྔེ སྔེ ཅེ གཅི གཅེ ལྕེ རྗེ ཉེ སྙེ ཏེ གཏེ རྟ རྟེ སྟེ ཐ ཐི ཐེ ཐོ"
        " མཐེ དེ དྲེ མདེ རྡེ ལྡེ སྡེ ན ནེ སྣེ དཔེ སྤ སྤེ སྤྱི སྤྲེ ཕྲ ཕྲེ འཕེ བེ བྱ བྱི བྱེ བྲ བྲེ བྲོ འབེ"
        " སྦྲེ མི མྱི རྨེ སྨེ ཙི ཙེ གཙེ རྩི རྩེ ཚ ཚེ མཚེ རྫི རྫེ གཞུ ཟེ ཡེ གཡི རེ ལ ལི ལེ ཤ ཤེ སི སེ སྲི"
        " སླེ བསེ ཨ ཅི ཇི ཏ ད ནི བོ ཙ ཚི ཞི རྙི རྟི ལྟེ ལྷི ཤི སྡི ཧ ཧི"
    )
)  # fmt: skip
