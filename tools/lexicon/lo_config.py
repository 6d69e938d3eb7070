"""Source 3: LibreOffice's Dzongkha configuration strings (not gettext): the registry and wizards.

Since LibreOffice 6, menu and toolbar command labels, sidebar titles and the Table Wizard's field
names ("Birthdate", "MaritalStatus", "MobileNumber", "PaymentMethod"...) are not in the .mo
catalogs that debian_l10n.py reads but in configuration files:

* ``registry_dz.xcd`` in libreoffice-l10n-dz holds every Dzongkha ``<value xml:lang="dz">``;
  the English for the same registry path (component / node names / property) is the
  ``xml:lang="en-US"`` value in libreoffice-common's ``main.xcd`` and ``fcfg_langpack_en-US.xcd``.
* ``wizards/resources_dz.properties`` in libreoffice-common pairs with ``resources_en_US``
  by key.

Both packages are LibreOffice (MPL-2.0). The pairs go through the same filters and spelling gate
as the gettext catalogs (build.py, catalog_filter.py); the source id is
``lo-config:<component>`` (``TableWizard``, ``GenericCommands``, ``wizards``...).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import debian_l10n

FAMILY = "lo-config"
DZ_PACKAGE = "libreoffice-l10n-dz"
EN_PACKAGE = "libreoffice-common"
PACKAGES = (DZ_PACKAGE, EN_PACKAGE)

_OOR = "{http://openoffice.org/2001/registry}"
_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Properties that hold words a person reads. ShortName is left out: it is the Table Wizard's
# truncated column name ("ContctName", "FertilFreq"), not English.
LABEL_PROPS = frozenset(
    {"Label", "ContextLabel", "PopupLabel", "TooltipLabel", "UIName", "Title", "Name",
     "DisplayName", "DriverTypeDisplayName"}
)  # fmt: skip

# "DateofDeath" → "Date of Death", "ISBNNumber" → "ISBN Number", "PaymentID" → "Payment ID".
_CAMEL = re.compile(
    r"(?<=[a-z])(?=of[A-Z])|(?<=of)(?=[A-Z])|(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])"
)
_CAMEL_WORD = re.compile(r"^[A-Z][A-Za-z]*[a-z][A-Z][A-Za-z]*$")
_PROPERTY = re.compile(r"^([A-Za-z0-9_.]+)=(.*)$")


def split_camel(text: str) -> str:
    """Table Wizard field names are identifiers; their words are the English gloss."""
    if not _CAMEL_WORD.match(text):
        return text
    return " ".join(_CAMEL.split(text))


def _values(path: Path, lang: str) -> dict[tuple[str, ...], str]:
    """Registry path (component, node names..., property) → the value in ``lang``."""
    out: dict[tuple[str, ...], str] = {}

    def walk(element: ET.Element, key: tuple[str, ...]) -> None:
        for child in element:
            if child.tag.endswith("component-data"):
                component = f"{child.get(_OOR + 'package')}.{child.get(_OOR + 'name')}"
                walk(child, (component,))
            elif child.tag == "node":
                walk(child, key + (child.get(_OOR + "name") or "",))
            elif child.tag == "prop":
                for value in child.findall("value"):
                    if value.get(_LANG) == lang and value.text:
                        out[key + (child.get(_OOR + "name") or "",)] = value.text
            else:
                walk(child, key)

    walk(ET.parse(path).getroot(), ())
    return out


def _component(key: tuple[str, ...]) -> str:
    """org.openoffice.Office.UI.GenericCommands → GenericCommands."""
    return key[0].rsplit(".", 1)[-1]


def registry_pairs(dz_root: Path, en_root: Path) -> Iterator[tuple[str, str, str]]:
    """(component, English, Dzongkha) for every registry string present in both languages."""
    dz = {}
    for path in sorted(dz_root.glob("usr/lib/libreoffice/share/.registry/**/*_dz.xcd")):
        dz.update(_values(path, "dz"))
    en = {}
    share = en_root / "usr/lib/libreoffice/share/.registry"
    for path in [share / "main.xcd", *sorted(share.glob("res/*en-US.xcd"))]:
        if path.exists():
            en.update(_values(path, "en-US"))
    for key in sorted(dz):
        if key[-1] in LABEL_PROPS and key in en:
            yield _component(key), en[key], dz[key]


def _properties(path: Path) -> dict[str, str]:
    """A Java .properties file (the wizards' resources): key → value, \\uXXXX decoded."""
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        match = _PROPERTY.match(line.strip())
        if match:
            value = re.sub(r"\\u([0-9A-Fa-f]{4})", lambda m: chr(int(m.group(1), 16)), match[2])
            out[match[1]] = value
    return out


def wizard_pairs(en_root: Path) -> Iterator[tuple[str, str, str]]:
    folder = en_root / "usr/lib/libreoffice/share/wizards"
    dz_file, en_file = folder / "resources_dz.properties", folder / "resources_en_US.properties"
    if not dz_file.exists() or not en_file.exists():
        return
    dz, en = _properties(dz_file), _properties(en_file)
    for key in sorted(dz):
        if key in en:
            yield "wizards", en[key], dz[key]


def pairs(roots: dict[str, Path]) -> Iterator[debian_l10n.Pair]:
    """Cleaned, de-duplicated pairs; ``roots`` maps the two packages to their unpacked trees."""
    seen: set[tuple[str, str, str]] = set()
    raw = [*registry_pairs(roots[DZ_PACKAGE], roots[EN_PACKAGE]), *wizard_pairs(roots[EN_PACKAGE])]
    for component, english, dz in raw:
        package = EN_PACKAGE if component == "wizards" else DZ_PACKAGE
        item = (
            component,
            debian_l10n.clean_english(split_camel(english)),
            debian_l10n.clean_dz(dz),
        )
        if item[1] and item[2] and item not in seen:
            seen.add(item)
            yield debian_l10n.Pair(item[1], item[2], component, package, FAMILY)


def fetch() -> dict[str, Path]:
    return debian_l10n.fetch(PACKAGES)
