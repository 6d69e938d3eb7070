"""Where recordings live. Kept apart from the recording store so that the app can find its audio
at start-up without loading the sound-processing libraries (numpy, libsndfile: ~14 MB)."""

from __future__ import annotations

from pathlib import Path

from dzlearn.packs.install import installed_pack_dirs


def recordings_dir(data_root: Path) -> Path:
    """This centre's own recordings, made in the studio."""
    return data_root / "audio" / "recordings"


def audio_folders(resources: Path, data_root: Path) -> list[Path]:
    """Where the app finds recordings, later ones winning: bundled, imported packs, studio."""
    return [
        resources / "assets" / "audio",
        *installed_pack_dirs(data_root, "audio"),
        recordings_dir(data_root),
    ]
