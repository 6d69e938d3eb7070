"""The one way a pack is refused: a stable code for scripts and tests, a message for people.

Every check in this package raises ``PackRefused`` before anything outside a temporary folder is
written, so a facilitator can read the message, fix the cause and simply try again.
"""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024
GiB = 1024 * MiB


class PackRefused(Exception):
    """A pack, key or source folder that dzlearn will not accept, and why."""

    def __init__(self, reason_code: str, message: str) -> None:
        super().__init__(f"{reason_code}: {message}")
        self.reason_code = reason_code
        self.message = message


@dataclass(frozen=True)
class Limits:
    """Ceilings that stop a hostile or broken archive before it fills a community centre's disk.

    Sizes are counted as bytes actually come out of the decompressor, never taken from the ZIP
    headers. ``ratio_floor_bytes`` keeps small, very repetitive files (a JSON file of spaces)
    from tripping the ratio check; past that much output a member must stay under ``max_ratio``.
    """

    max_file_bytes: int = 200 * MiB
    max_total_bytes: int = 2 * GiB
    max_members: int = 20_000
    max_ratio: int = 200
    ratio_floor_bytes: int = 1 * MiB
    max_manifest_bytes: int = 8 * MiB
    max_path_chars: int = 240

    @property
    def max_archive_bytes(self) -> int:
        """The archive file itself: the data, the manifest, and generous per-member overhead."""
        return self.max_total_bytes + self.max_manifest_bytes + self.max_members * 1024
