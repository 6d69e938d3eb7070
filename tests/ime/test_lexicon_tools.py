"""tools/lexicon's LibreOffice reader and shared filter, on small data made here (no network):
registry values pair by path across languages, identifiers split into words, and the reject
lists and alignment check act on catalog pairs."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "lexicon"
sys.path.insert(0, str(TOOLS))

import catalog_filter  # noqa: E402
import debian_l10n  # noqa: E402
import lo_config  # noqa: E402

XCD = """<?xml version="1.0"?>
<oor:data xmlns:oor="http://openoffice.org/2001/registry">
  <oor:component-data oor:name="TableWizard" oor:package="org.openoffice.Office">
    <node oor:name="Fields"><node oor:name="birthdate">
      <prop oor:name="Name"><value xml:lang="{lang}">{name}</value></prop>
      <prop oor:name="ShortName"><value xml:lang="{lang}">{short}</value></prop>
    </node></node>
  </oor:component-data>
</oor:data>
"""


def _tree(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_split_camel_gives_the_words_of_an_identifier() -> None:
    assert lo_config.split_camel("DateofDeath") == "Date of Death"
    assert lo_config.split_camel("MobileNumber") == "Mobile Number"
    assert lo_config.split_camel("PaymentID") == "Payment ID"
    assert lo_config.split_camel("Open Hyperlink") == "Open Hyperlink"
    assert lo_config.split_camel("Birthdate") == "Birthdate"


def test_registry_values_pair_by_path_and_skip_short_names(tmp_path: Path) -> None:
    dz_root, en_root = tmp_path / "dz", tmp_path / "en"
    registry = "usr/lib/libreoffice/share/.registry/"
    dz_name = "སྐྱེ་བའི་ཚེས་གྲངས།"
    _tree(dz_root, registry + "res/registry_dz.xcd",
          XCD.format(lang="dz", name=dz_name, short="སྐྱེ"))  # fmt: skip
    _tree(en_root, registry + "main.xcd", XCD.format(lang="en-US", name="Birthdate", short="Birth"))
    _tree(en_root, "usr/lib/libreoffice/share/wizards/resources_dz.properties",
          "RID_1=\\u0F58\\u0F72\\u0F44\\u0F0D\nRID_2=only dz\n")  # fmt: skip
    _tree(en_root, "usr/lib/libreoffice/share/wizards/resources_en_US.properties", "RID_1=Name\n")
    roots = {lo_config.DZ_PACKAGE: dz_root, lo_config.EN_PACKAGE: en_root}
    pairs = list(lo_config.pairs(roots))
    assert [(p.source, p.english, p.dz, p.package) for p in pairs] == [
        ("lo-config:TableWizard", "Birthdate", "སྐྱེ་བའི་ཚེས་གྲངས", lo_config.DZ_PACKAGE),
        ("lo-config:wizards", "Name", "མིང", lo_config.EN_PACKAGE),
    ]


def _pair(english: str, dz: str) -> debian_l10n.Pair:
    return debian_l10n.Pair(english, dz, "TableWizard", lo_config.DZ_PACKAGE, lo_config.FAMILY)


def test_filter_applies_reject_lists_and_alignment() -> None:
    pairs = [
        _pair("Number", "ཨང"),
        _pair("Mobile Number", "འགྲུལ་འཕྲིན་ཨང"),  # holds ཨང, the stand-alone "number": kept
        _pair("Account Number", "རྩིས་ཐོ་ཚུ"),  # holds no word's translation: misaligned
        _pair("Check Number", "ཨང་གྲངས་ཞིབ་དཔྱད་འབད་ནི"),  # on the reject list
        _pair("Ring", "ཨ་ལོང"),  # a rejected pair
        _pair("Purchase Order", "ཉོ་ཚོང་གོ་རིམ"),  # "order" is not on the keyword list
    ]
    filtered: Counter = Counter()
    kept = {pair.english: gloss for pair, gloss, _ in catalog_filter.keep(pairs, filtered)}
    assert kept == {"Number": "number", "Mobile Number": "mobile number"}
    assert filtered[("lo-config", "English phrase or pair on the reviewed reject list")] == 2
    assert filtered[("lo-config", "English word outside the reviewed keyword list")] == 1
    assert filtered[("lo-config", "phrase holds the Dzongkha of none of its words (misaligned?)")]
