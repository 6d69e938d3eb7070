"""Per-PC display choices: interface language, text size and high contrast.

A facilitator sets these up once for the PC; they live in a small JSON file in the data folder
(never the Windows registry, so a portable install on a USB stick carries them along). A missing
or damaged file means the defaults: the app must start whatever is on the disk.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from dzlearn.i18n import LANGUAGES

SETTINGS_FILE = "display.json"
SCALES = (100, 150, 200)


@dataclass(frozen=True, slots=True)
class DisplaySettings:
    language: str = "en"
    scale: int = 100  # per cent
    high_contrast: bool = False

    def with_changes(self, **changes: object) -> DisplaySettings:
        return replace(self, **changes)


def settings_path(data_root: Path) -> Path:
    return data_root / SETTINGS_FILE


def load_settings(path: Path) -> DisplaySettings:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return DisplaySettings()
    if not isinstance(raw, dict):
        return DisplaySettings()
    default = DisplaySettings()
    language = raw.get("language")
    scale = raw.get("scale")
    contrast = raw.get("high_contrast")
    return DisplaySettings(
        language=language if language in LANGUAGES else default.language,
        scale=scale if scale in SCALES else default.scale,
        high_contrast=contrast if isinstance(contrast, bool) else default.high_contrast,
    )


def save_settings(path: Path, settings: DisplaySettings) -> None:
    """Written whole to a temporary file, then renamed over the old one: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".display-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(settings), out, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
