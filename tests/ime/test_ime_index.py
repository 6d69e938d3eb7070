from dzlearn.ime.index import SYLLABLE_COST, PhoneticIndex
from dzlearn.ime.lexicon import LexiconEntry
from dzlearn.ime.phonetic import phonetic_key
from dzlearn.ime.syllabary import Syllabary, _tables, rhyme_sound
from dzlearn.script.roman import romanize_syllable
from dzlearn.script.syllables import check


def entry(dz: str, roman: str, weight: float = 1.0) -> LexiconEntry:
    return LexiconEntry(dz, "", roman, "", ("everyday",), weight, "test", False)


def test_words_are_found_by_their_folded_key(entries):
    index = PhoneticIndex(entries)
    node = index.lookup(phonetic_key("kuzuzangpo"))
    assert node is not None
    assert [index.entries[n].dz for n in index.entries_at[node]] == ["སྐུ་གཟུགས་བཟང་པོ"]
    assert index.lookup("qqq") is None


def test_homophones_are_listed_heaviest_first():
    index = PhoneticIndex([entry("ཆུ", "chhu", 2.0), entry("བཅུ", "chu", 5.0)])
    node = index.lookup("cu")
    assert [index.entries[n].dz for n in index.entries_at[node]] == ["བཅུ", "ཆུ"]
    water = index.by_dz["ཆུ"][0]
    index.reweigh({water: 10.0})  # a learned boost for ཆུ
    assert [index.entries[n].dz for n in index.entries_at[node]] == ["ཆུ", "བཅུ"]


def test_each_node_knows_its_cheapest_completion(entries):
    index = PhoneticIndex(entries)
    cost, n, syllable = index.best_below[index.lookup(phonetic_key("kuzuzangp"))]
    assert index.entries[n].dz == "སྐུ་གཟུགས་བཟང་པོ" and syllable == ""
    cost, n, syllable = index.best_below[index.lookup("f")]
    assert n == -1 and syllable == "fa" and cost > SYLLABLE_COST


def test_the_order_of_the_lexicon_does_not_matter(entries):
    one, other = PhoneticIndex(entries), PhoneticIndex(list(reversed(entries)))
    assert one.entries == other.entries and one.best_below == other.best_below


def test_syllable_sounds_are_in_the_same_trie(entries):
    index = PhoneticIndex(entries)
    assert index.syllable_at[index.lookup("zuk")] == "zuk"
    assert index.syllable_at[index.lookup("kuzu")] is None


def test_every_spelling_in_the_syllabary_is_valid_and_sounds_as_listed():
    syllabary = Syllabary()
    seen = 0
    for key in sorted(syllabary.keys):
        for spelling in syllabary.spellings(key):
            assert check(spelling.text).valid, spelling.text
            assert romanize_syllable(spelling.text) == spelling.roman, spelling.text
            assert phonetic_key(spelling.roman) == key
            seen += 1
    assert seen > 14_000


def test_the_syllabary_has_common_shapes():
    syllabary = Syllabary()
    for typed, spelt in [
        ("ku", "སྐུ"), ("zuk", "གཟུགས"), ("zang", "བཟང"), ("wang", "དབང"), ("chhuk", "ཕྱུག"),
        ("drup", "བསྒྲུབས"), ("ying", "དབྱིངས"), ("ga", "དགའ"), ("da", "གྲྭ"), ("kuen", "ཀུན"),
    ]:  # fmt: skip
        assert spelt in [s.text for s in syllabary.spellings(phonetic_key(typed))], typed


def test_simplest_spelling_first_unless_the_lexicon_uses_another():
    assert Syllabary().spellings("ku")[0].text == "ཀུ"
    assert Syllabary({"སྐུ": 5.0}).spellings("ku")[0].text == "སྐུ"


def test_rhymes_follow_the_umlaut_rule():
    assert rhyme_sound("", "ན") == "en"
    assert rhyme_sound("\u0f74", "ད") == "ue"
    assert rhyme_sound("", "ངས") == "ang"
    assert rhyme_sound("\u0f7c", "ག") == "ok"
    assert len(_tables().keys) > 1000
