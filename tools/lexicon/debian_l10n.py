"""Source 2: Debian's Dzongkha localisation catalogs (gettext .mo files).

The packages are fetched with ``apt-get download`` into a cache under /tmp and unpacked with
``dpkg-deb -x`` (never installed). Every ``dz`` catalog is read with ``babel.messages.mofile``;
short, placeholder-free msgid → msgstr pairs are kept for the keyword filter in build.py.
"""

from __future__ import annotations

import glob
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.mofile import read_mo

CACHE = Path("/tmp/dzlearn-lexicon-cache")

# Debian 12 (bookworm) binary packages that ship Dzongkha (dz) catalogs, found by downloading
# candidate GNOME/MATE/Debian/LibreOffice packages and keeping those with a dz .mo file
# (docs/lexicon.md lists the candidates that had none). gimp-data has dz catalogs but is left out:
# its ~240 entries are image-editing terms (mostly topic computer) of little use to learners.
PACKAGES = (
    "aisleriot", "apt", "aptitude-common", "at-spi2-common", "atril-common", "baobab",
    "brasero-common", "caja-common", "cheese-common", "dasher-data", "debconf-i18n", "dpkg",
    "engrampa-common", "eog", "epiphany-browser-data", "evince-common", "evolution-common",
    "evolution-data-server-common", "file-roller", "gcr", "gdm3", "gedit-common", "ghex",
    "gnome-applets-data", "gnome-calculator", "gnome-chess",
    "gnome-control-center-data", "gnome-desktop3-data", "gnome-dictionary", "gnome-keyring",
    "gnome-menus", "gnome-mines", "gnome-nettool", "gnome-panel-data", "gnome-power-manager",
    "gnome-screenshot", "gnome-session-common", "gnome-settings-daemon-common", "gnome-sudoku",
    "gnome-system-monitor", "gnome-terminal-data", "gnome-user-share", "gnumeric-common",
    "iso-codes", "libapt-pkg6.0", "libgdk-pixbuf2.0-common", "libglib2.0-data",
    "libgnomekbd-common", "libgtk-3-common", "libgtk2.0-common", "libgweather-4-common",
    "libreoffice-l10n-dz", "login", "marco-common", "mate-control-center-common",
    "mate-desktop-common", "mate-panel-common", "mate-settings-daemon-common", "mate-utils-common",
    "metacity-common", "nautilus-data", "network-manager", "network-manager-gnome", "orca",
    "pidgin-data", "pluma-common", "rhythmbox-data", "seahorse", "sound-juicer", "totem-common",
    "tracker", "vino", "xdg-user-dirs-gtk", "yelp", "zenity-common",
)  # fmt: skip

# The licence of each package's translations, read from its usr/share/doc/<package>/copyright
# (the "Files: *" or "Files: po/*" stanza in machine-readable files; the licence text otherwise).
# libreoffice-common ships no dz catalog: it gives lo_config.py the English of the registry.
LICENCES = {
    "aisleriot": "GPL-3+", "apt": "GPL-2+", "aptitude-common": "GPL-2+",
    "at-spi2-common": "LGPL-2+", "atril-common": "GPL-2+", "baobab": "GPL-2+",
    "brasero-common": "GPL-3+", "caja-common": "GPL-2+ or LGPL-2+", "cheese-common": "GPL-2+",
    "dasher-data": "GPL-2+", "debconf-i18n": "BSD-2-clause", "dpkg": "GPL-2+",
    "engrampa-common": "GPL-2+", "eog": "GPL-2+", "epiphany-browser-data": "GPL-3+",
    "evince-common": "GPL-2+", "evolution-common": "LGPL-2 or LGPL-3",
    "evolution-data-server-common": "LGPL-2+", "file-roller": "GPL-2+", "gcr": "LGPL-2.1+",
    "gdm3": "GPL-2+", "gedit-common": "GPL-2", "ghex": "GPL-2+",
    "gnome-applets-data": "GPL-2+",
    "gnome-calculator": "GPL-2+", "gnome-chess": "GPL-3+", "gnome-control-center-data": "GPL-2+",
    "gnome-desktop3-data": "LGPL-2+", "gnome-dictionary": "GPL-2+", "gnome-keyring": "GPL-2+",
    "gnome-menus": "GPL-2", "gnome-mines": "GPL-3+", "gnome-nettool": "GPL-2+",
    "gnome-panel-data": "GPL-2+", "gnome-power-manager": "GPL-2+", "gnome-screenshot": "GPL-2+",
    "gnome-session-common": "GPL-2+", "gnome-settings-daemon-common": "GPL-2+",
    "gnome-sudoku": "GPL-3+", "gnome-system-monitor": "GPL-2+", "gnome-terminal-data": "GPL-3+",
    "gnome-user-share": "GPL-2+", "gnumeric-common": "GPL-2 or GPL-3", "iso-codes": "LGPL-2.1+",
    "libapt-pkg6.0": "GPL-2+", "libgdk-pixbuf2.0-common": "LGPL-2+", "libglib2.0-data": "LGPL-2+",
    "libgnomekbd-common": "LGPL-2+", "libgtk-3-common": "LGPL-2+", "libgtk2.0-common": "LGPL-2.1+",
    "libgweather-4-common": "GPL-2+", "libreoffice-common": "MPL-2.0",
    "libreoffice-l10n-dz": "MPL-2.0", "login": "BSD-3-clause", "marco-common": "GPL-2+",
    "mate-control-center-common": "GPL-2+", "mate-desktop-common": "GPL-2+ or LGPL-2+",
    "mate-panel-common": "GPL-2+ or LGPL-2+", "mate-settings-daemon-common": "GPL-2+ or LGPL-2.1+",
    "mate-utils-common": "GPL-2+ or LGPL-2.1+", "metacity-common": "GPL-2+",
    "nautilus-data": "GPL-3+", "network-manager": "GPL-2+", "network-manager-gnome": "GPL-2+",
    "orca": "LGPL-2.1+", "pidgin-data": "GPL-2+", "pluma-common": "GPL-2+",
    "rhythmbox-data": "GPL-2+", "seahorse": "GPL-2+", "sound-juicer": "GPL-2",
    "totem-common": "GPL-2+ (with exception)", "tracker": "GPL-2+", "vino": "GPL-2+",
    "xdg-user-dirs-gtk": "GPL-2+", "yelp": "GPL-2+", "zenity-common": "LGPL-2+",
}  # fmt: skip

# Catalogs of names, taken whole (no keyword filter) with these topics.
NAME_CATALOGS = {"iso_3166-1": ("country", "place")}

# Catalogs not mined at all, and why (everything else goes through the keyword filter).
SKIPPED_CATALOGS = {
    "libgweather-4.0-locations": "foreign weather-station and city names (none in Bhutan)",
    "iso_3166": "older duplicate of iso_3166-1",
    "iso_3166-3": "names of countries that no longer exist",
    "gucharmap": "Unicode block and script names",
    "gtk20-properties": "GTK widget property names, shown only to programmers",
    "gtk30-properties": "GTK widget property names, shown only to programmers",
}


@dataclass(frozen=True)
class Pair:
    english: str  # msgid, accelerators and trailing punctuation removed
    dz: str  # msgstr, accelerators and trailing punctuation removed
    catalog: str  # gettext domain, e.g. "gtk30" or "libreoffice/sw"
    package: str  # the Debian package that ships the Dzongkha (its licence is in LICENCES)
    family: str = "debian-l10n"  # source family: "debian-l10n", or "lo-config" (lo_config.py)

    @property
    def source(self) -> str:
        """The source id written to the lexicon entry, e.g. "debian-l10n:gtk30"."""
        return f"{self.family}:{self.catalog}"


def _run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)


def fetch(packages: tuple[str, ...] = PACKAGES, cache: Path = CACHE) -> dict[str, Path]:
    """Download (once) and unpack each package; package name → unpacked root."""
    debs, trees = cache / "debs", cache / "trees"
    debs.mkdir(parents=True, exist_ok=True)
    trees.mkdir(parents=True, exist_ok=True)
    roots: dict[str, Path] = {}
    for package in packages:
        found = sorted(debs.glob(f"{package}_*.deb"))
        if not found:
            _run(["apt-get", "download", "-q", package], cwd=debs)
            found = sorted(debs.glob(f"{package}_*.deb"))
        if not found:
            raise RuntimeError(f"apt-get download {package} gave no .deb")
        deb = found[-1]
        root = trees / deb.stem
        if not root.exists():
            tmp = trees / (deb.stem + ".part")
            _run(["rm", "-rf", str(tmp)], cwd=trees)
            _run(["dpkg-deb", "-x", str(deb), str(tmp)], cwd=trees)
            tmp.rename(root)
        roots[package] = root
    return roots


def package_version(root: Path) -> str:
    """The Debian version from the unpacked tree's directory name (package_version_arch)."""
    return root.name.split("_")[1].replace("%3a", ":")


def catalogs(root: Path) -> Iterator[tuple[str, Path]]:
    """(catalog id, path) for every Dzongkha .mo in an unpacked package."""
    for path in sorted(glob.glob(str(root / "**/dz/LC_MESSAGES/*.mo"), recursive=True)):
        p = Path(path)
        name = p.stem
        if "/libreoffice/" in path:
            name = "libreoffice/" + name
        yield name, p


_ACCEL_PARENS = re.compile(r"\s*\(_?[A-Za-z0-9]\)")  # GNOME dz: "ཁ་ཕྱེ།(_O)"
_ACCEL = re.compile(r"[_~&](?=\w)")  # _Open (GTK), ~Open (LibreOffice), &Open (Qt)
_TRAILING_EN = re.compile(r"(\s*(\.\.\.|…|:|\.|!|\?))+$")
_TRAILING_DZ = re.compile(r"[\s\u0f0d\u0f0e\u0f14…:.!?]+$")


def clean_english(text: str) -> str:
    if text.count("_") > 1:
        return text  # an identifier, not an accelerator; the English filter rejects it
    text = " ".join(_ACCEL.sub("", text, count=1).split())
    return _TRAILING_EN.sub("", text).strip()


def clean_dz(text: str) -> str:
    text = _ACCEL.sub("", _ACCEL_PARENS.sub("", text), count=1)
    return _TRAILING_DZ.sub("", text.strip()).strip()


def read_catalog(path: Path) -> Iterator[tuple[str, str]]:
    """Raw (msgid, msgstr) pairs of a .mo file; plural forms give their first form."""
    with path.open("rb") as f:
        catalog = read_mo(f)
    for message in catalog:
        msgid = message.id[0] if isinstance(message.id, list | tuple) else message.id
        msgstr = message.string[0] if isinstance(message.string, list | tuple) else message.string
        if msgid and msgstr:
            yield msgid, msgstr


def pairs(roots: dict[str, Path]) -> Iterator[Pair]:
    for package, root in sorted(roots.items()):
        for catalog, path in catalogs(root):
            if catalog in SKIPPED_CATALOGS:
                continue
            for msgid, msgstr in read_catalog(path):
                yield Pair(clean_english(msgid), clean_dz(msgstr), catalog, package)
