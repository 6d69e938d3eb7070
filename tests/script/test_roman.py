import pytest

from dzlearn.script.roman import EXCEPTIONS, romanize, romanize_syllable, romanize_word

# docs/dzongkha.md: names and words with their official Roman Dzongkha forms.
OFFICIAL = [
    ("ཐིམ་ཕུ", "Thimphu"),
    ("སྤ་རོ", "Paro"),
    ("སྤུ་ན་ཁ", "Punakha"),
    ("ཀྲོང་གསར", "Trongsa"),
    ("བུམ་ཐང", "Bumthang"),
    ("མོང་སྒར", "Mongar"),
    ("བཀྲ་ཤིས་སྒང", "Trashigang"),
    ("བསམ་རྩེ", "Samtse"),
    ("གསར་སྤང", "Sarpang"),
    ("མགར་ས", "Gasa"),
    ("ཆུ་ཁ", "Chhukha"),
    ("ལྷུན་རྩེ", "Lhuentse"),
    ("དབང་ཕྱུག", "Wangchhuk"),
    ("ཀུན་གསལ", "Kuensel"),
    ("ཟླ་བ", "dawa"),
    ("གླིང", "ling"),
    ("ལྗོངས", "jong"),
    ("གཞམས", "zhem"),
    ("གདུང་ན", "Dungna"),
    ("ལྷུན", "lhuen"),
    ("དབང", "wang"),
]


@pytest.mark.parametrize(("dzongkha", "official"), OFFICIAL)
def test_official_forms(dzongkha, official):
    assert romanize(dzongkha).casefold() == official.casefold()


@pytest.mark.parametrize(("dzongkha", "official"), OFFICIAL)
def test_capitalize_on_request_only(dzongkha, official):
    assert romanize(dzongkha, capitalize=True) == official[0].upper() + official[1:].lower()
    assert romanize(dzongkha) == official.lower()


@pytest.mark.parametrize("word", sorted(EXCEPTIONS))
def test_every_listed_exception_is_one_the_rules_get_wrong(word):
    assert romanize(word, exceptions={}) != EXCEPTIONS[word]
    assert romanize(word) == EXCEPTIONS[word]


@pytest.mark.parametrize(
    ("syllable", "sound"),
    [
        # silent prefixes and superscripts; ལྷ is lh
        ("བསམ", "sam"), ("སྐུ", "ku"), ("ལྷ", "lha"), ("མགོ", "go"),
        # suffixes: ད འ ས silent, the others sounded; the second suffix ས silent
        ("ཀག", "kak"), ("ཀང", "kang"), ("ཀབ", "kap"), ("ཀམ", "kam"), ("ཀར", "kar"),
        ("དགའ", "ga"), ("ཐབས", "thap"), ("ལྗོངས", "jong"),
        # umlaut before ད ན ལ ས, not before ང or a second suffix
        ("ཀད", "ke"), ("ཀུན", "kuen"), ("བོད", "boe"), ("ཡིད", "yi"), ("གསལ", "sel"),
        ("ཀོང", "kong"),
        # ya, ra and la subscripts
        ("ཀྱི", "kyi"), ("ཁྱི", "chhi"), ("གྱི", "gyi"), ("ཕྱི", "chhi"), ("བྱ", "ja"),
        ("མྱ", "nya"), ("དབྱིངས", "ying"), ("ཀྲ", "tra"), ("ཁྲི", "thri"), ("གྲུ", "dru"),
        ("སྲི", "si"), ("གླ", "la"), ("ཟླ", "da"), ("བླ", "la"),
        # ཅ ch, ཆ chh, ལྕ ch; a-chung and ཨ carry the vowel
        ("ཅི", "chi"), ("ཆོས", "chhoe"), ("ལྕེ", "che"), ("འོད", "oe"), ("ཨ", "a"),
        # fused endings
        ("རྒྱལཔོ", "gyelpo"), ("ཀའི", "ke"), ("ནོརབུ", "norbu"),
        # a Sanskrit stack's top letter closes the syllable, like a suffix
        ("པདྨ", "pema"), ("ཀརྨ", "karma"), ("པདྨའི", "peme"),
    ],
)  # fmt: skip
def test_syllable_rules(syllable, sound):
    assert romanize_syllable(syllable) == sound


def test_bare_ba_after_an_open_syllable_is_w():
    assert romanize_word(["ཟླ", "བ"]) == "dawa"
    assert romanize_word(["ཟླ", "བ"], exceptions={}) == "dawa"  # a rule, not an exception
    assert romanize_word(["བུམ", "ཐང"]) == "bumthang"  # word-initial stays b
    assert romanize_word(["ཐམ", "བ"]) == "thamba"  # after a consonant stays b


def test_text_with_several_words_punctuation_and_digits():
    text = "སྐུ་གཟུགས་བཟང་པོ་ལགས། ཐིམ་ཕུ ༢༠༢༦ OK"
    assert romanize(text) == "kuzuzangpo la thimphu 2026 OK"
    assert romanize(text, capitalize=True) == "Kuzuzangpo La Thimphu 2026 OK"
    assert romanize(text, exceptions={}) == "kuzukzangpolak thimphu 2026 OK"


def test_exceptions_match_inside_a_longer_run():
    assert romanize("ཀྲོང་གསར་རྫོང") == "trongsadzong"


def test_a_misspelt_syllable_is_named():
    with pytest.raises(ValueError, match="ཀཀཀ"):
        romanize("ཐིམ་ཀཀཀ")
