"""Safety checks on archive member names and types, done before anything else is trusted.

Python's zipfile documentation warns never to extract untrusted archives without such checks.
The names come from the central directory (``orig_filename``: zipfile itself would silently cut
a name at a NUL byte) and must be safe on every system a USB stick may meet, Windows included.
"""

from __future__ import annotations

import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass

from dzlearn.packs.errors import Limits, PackRefused

_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]
}
_WINDOWS_FORBIDDEN = set('<>:"|?*')
_DRIVE = re.compile(r"^[A-Za-z]:")
_ENCRYPTED = 0x1
_DOS_DIRECTORY = 0x10
SUPPORTED_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


@dataclass(frozen=True)
class Members:
    """The archive's entries after the name checks: files by name, and folder names."""

    files: dict[str, zipfile.ZipInfo]
    folders: list[str]


def check_name(name: str, limits: Limits) -> None:
    """Refuse a member name that could land outside the target or misbehave on some system."""
    shown = repr(name)
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        raise PackRefused("absolute-path", f"member {shown} is an absolute path")
    if ".." in re.split(r"[/\\]", name):
        raise PackRefused("parent-path", f"member {shown} climbs out of its folder with '..'")
    if "\\" in name:
        raise PackRefused("backslash", f"member {shown} contains a backslash")
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in name):
        raise PackRefused("control-char", f"member {shown} contains a NUL or control character")
    segments = name.removesuffix("/").split("/")
    if any(seg in ("", ".") for seg in segments):
        raise PackRefused("empty-segment", f"member {shown} has an empty or '.' path segment")
    for seg in segments:
        _check_segment(seg, shown)
    if len(name) > limits.max_path_chars:
        raise PackRefused(
            "name-too-long",
            f"member {shown} is {len(name)} characters long (at most {limits.max_path_chars})",
        )


def _check_segment(seg: str, shown: str) -> None:
    stem = seg.split(".")[0].rstrip(" ").upper()
    if stem in _RESERVED:
        raise PackRefused("reserved-name", f"member {shown} uses the Windows device name {stem}")
    if seg.endswith((".", " ")):
        raise PackRefused(
            "reserved-name",
            f"member {shown} has a name ending in a dot or space (Windows drops it)",
        )
    bad = sorted(_WINDOWS_FORBIDDEN.intersection(seg))
    if bad:
        raise PackRefused(
            "reserved-name", f"member {shown} contains {''.join(bad)!r}, not allowed on Windows"
        )
    if len(seg.encode("utf-8")) > 255:
        raise PackRefused("name-too-long", f"member {shown} has a name part over 255 bytes")


def collision_key(name: str) -> str:
    """Names that a case-insensitive or normalising file system (NTFS, FAT, APFS) would merge."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).casefold())


def _check_type(info: zipfile.ZipInfo, is_dir: bool) -> None:
    shown = repr(info.orig_filename)
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise PackRefused("symlink", f"member {shown} is a symbolic link")
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        raise PackRefused(
            "special-file", f"member {shown} is a device, pipe or socket, not a regular file"
        )
    if not is_dir and (kind == stat.S_IFDIR or info.external_attr & _DOS_DIRECTORY):
        raise PackRefused(
            "special-file", f"member {shown} is marked as a folder but named as a file"
        )
    if is_dir and info.file_size:
        raise PackRefused("special-file", f"folder entry {shown} carries data")
    if info.flag_bits & _ENCRYPTED:
        raise PackRefused("unsupported-entry", f"member {shown} is encrypted")
    if not is_dir and info.compress_type not in SUPPORTED_COMPRESSION:
        raise PackRefused(
            "unsupported-entry",
            f"member {shown} uses compression method {info.compress_type}; "
            "only stored and deflate are accepted",
        )


def check_members(infos: list[zipfile.ZipInfo], limits: Limits) -> Members:
    """Every entry of the central directory, checked before the signature is even read."""
    if len(infos) > limits.max_members:
        raise PackRefused(
            "too-many-files",
            f"archive has {len(infos)} entries; at most {limits.max_members} are accepted",
        )
    files: dict[str, zipfile.ZipInfo] = {}
    folders: list[str] = []
    seen: dict[str, str] = {}
    for info in infos:
        name = info.orig_filename
        check_name(name, limits)
        is_dir = name.endswith("/")
        _check_type(info, is_dir)
        plain = name.removesuffix("/")
        key = collision_key(plain)
        if key in seen:
            other = seen[key]
            if other == plain:
                raise PackRefused("duplicate-name", f"member {name!r} appears twice")
            raise PackRefused(
                "case-collision",
                f"members {other!r} and {plain!r} are the same name on Windows and macOS "
                "(they differ only in letter case or Unicode normalisation)",
            )
        seen[key] = plain
        if is_dir:
            folders.append(plain)
        else:
            files[name] = info
    _check_file_folder_clash(files, seen)
    return Members(files, folders)


def _check_file_folder_clash(files: dict[str, zipfile.ZipInfo], seen: dict[str, str]) -> None:
    file_keys = {collision_key(name): name for name in files}
    for plain in seen.values():
        parts = plain.split("/")
        for i in range(1, len(parts)):
            parent = file_keys.get(collision_key("/".join(parts[:i])))
            if parent is not None:
                raise PackRefused(
                    "duplicate-name", f"member {parent!r} is a file but {plain!r} puts files in it"
                )
