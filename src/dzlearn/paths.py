"""Where dzlearn keeps learner data, and where its bundled resources are.

Order of precedence for data: ``--data DIR``, then ``DZLEARN_DATA``, then portable mode (a
``dzlearn.portable`` marker file next to the app or at the top of the stick the app runs from),
then the platform's user data folder. On a shared USB stick the portable marker keeps every
learner's work on the stick, not on whichever PC it was plugged into.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

PORTABLE_MARKER = "dzlearn.portable"
PORTABLE_DATA_DIRNAME = "dzlearn-data"
DB_FILENAME = "dzlearn.sqlite"


@dataclass(frozen=True)
class DataLocation:
    root: Path
    reason: str  # "--data", "DZLEARN_DATA", "portable", "user"

    @property
    def database(self) -> Path:
        return self.root / DB_FILENAME


def app_dir() -> Path:
    """Folder the running app lives in: the bundle folder when frozen, else the checkout."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return resource_root()


def _mount_root(path: Path) -> Path:
    path = path.resolve()
    while not os.path.ismount(path) and path.parent != path:
        path = path.parent
    return path


def find_portable_marker(start: Path) -> Path | None:
    """The marker next to the app, or one folder up (``usb prepare`` puts the app bundle in a
    ``dzlearn/`` folder beside the marker), else at the top of the drive or stick."""
    for folder in (start, start.parent, _mount_root(start)):
        marker = folder / PORTABLE_MARKER
        if marker.is_file():
            return marker
    return None


def resolve_data_location(
    cli_data: str | None,
    environ: dict[str, str] | os._Environ[str],
    start: Path | None = None,
) -> DataLocation:
    if cli_data:
        return DataLocation(Path(cli_data).expanduser().resolve(), "--data")
    env_value = environ.get("DZLEARN_DATA", "").strip()
    if env_value:
        return DataLocation(Path(env_value).expanduser().resolve(), "DZLEARN_DATA")
    marker = find_portable_marker(start if start is not None else app_dir())
    if marker is not None:
        return DataLocation(marker.parent / PORTABLE_DATA_DIRNAME, "portable")
    return DataLocation(Path(platformdirs.user_data_dir("dzlearn", appauthor=False)), "user")


def resource_root() -> Path:
    """Folder holding ``fonts/``, ``lessons/`` and ``assets/``.

    ``DZLEARN_RESOURCES`` wins; a PyInstaller bundle keeps them next to the executable; a source
    checkout (editable install) has them at the repository's top level.
    """
    override = os.environ.get("DZLEARN_RESOURCES")
    if override:
        return Path(override).resolve()
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)).resolve()
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "fonts").is_dir() and (parent / "lessons").is_dir():
            return parent
    return here.parents[2]
