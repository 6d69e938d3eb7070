"""Make and sign .dzpack archives, byte-for-byte reproducibly.

The same folder always gives the same archive (fixed entry dates and permissions, sorted names,
``created_at`` taken from the newest file rather than the clock), so a CSO coordinator can rebuild
a pack an author sent and compare before signing. Ed25519 signatures are deterministic too.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from nacl.signing import SigningKey
from pydantic import ValidationError

from dzlearn import __version__
from dzlearn.packs.content import (
    check_document,
    check_document_listed,
    key_document,
    lesson_pack_header,
)
from dzlearn.packs.errors import Limits, PackRefused
from dzlearn.packs.fsutil import atomic_output
from dzlearn.packs.keys import TrustStore, key_id
from dzlearn.packs.manifest import KINDS, Manifest, describe, timestamp
from dzlearn.packs.names import check_members
from dzlearn.packs.verify import (
    CHUNK,
    FILES_PREFIX,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    check_archive,
    open_archive,
    open_member,
    stream_files,
)

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
STORED_SUFFIXES = {
    ".sig",
    ".ogg",
    ".opus",
    ".mp3",
    ".m4a",
    ".aac",
    ".flac",
    ".png",
    ".jpg",
    ".jpeg",
}
SKIPPED_NAMES = {"Thumbs.db", "desktop.ini", "__pycache__"}


@dataclass(frozen=True)
class SourceFile:
    path: str
    source: Path
    size: int
    sha256: str


def _zipinfo(name: str, size: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.create_system = 3
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    suffix = os.path.splitext(name)[1].lower()
    info.compress_type = zipfile.ZIP_STORED if suffix in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
    info.file_size = size
    return info


def _write_member(zout: zipfile.ZipFile, name: str, source: IO[bytes], size: int) -> str:
    """Copy a stream into the archive; returns the SHA-256 of what was written."""
    digest = hashlib.sha256()
    written = 0
    with zout.open(_zipinfo(name, size), "w") as dst:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            written += len(chunk)
    if written != size:
        raise PackRefused("size-mismatch", f"{name} changed size while the pack was written")
    return digest.hexdigest()


def _write_bytes(zout: zipfile.ZipFile, name: str, data: bytes) -> None:
    with zout.open(_zipinfo(name, len(data)), "w") as dst:
        dst.write(data)


def _walk(src: Path, folder: Path, prefix: str, out: list[tuple[str, Path]]) -> None:
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith(".") or entry.name in SKIPPED_NAMES:
            continue
        rel = prefix + entry.name
        if entry.is_symlink():
            raise PackRefused("symlink", f"cannot build: {rel} in {src} is a symbolic link")
        if entry.is_dir(follow_symlinks=False):
            _walk(src, Path(entry.path), rel + "/", out)
        elif entry.is_file(follow_symlinks=False):
            out.append((rel, Path(entry.path)))
        else:
            raise PackRefused("special-file", f"cannot build: {rel} in {src} is not a regular file")


def _hash_file(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def collect_sources(src: Path, limits: Limits) -> list[SourceFile]:
    """The files a pack will carry, held to the same name rules and limits as an import."""
    if not src.is_dir():
        raise PackRefused("bad-source", f"{src} is not a folder")
    found: list[tuple[str, Path]] = []
    _walk(src, src, "", found)
    found.sort()
    check_members(
        [_zipinfo(MANIFEST_NAME, 0)] + [_zipinfo(FILES_PREFIX + r, 0) for r, _ in found], limits
    )
    files = []
    for rel, path in found:
        size, sha = _hash_file(path)
        if size > limits.max_file_bytes:
            raise PackRefused(
                "too-large", f"{rel} is {size} bytes; at most {limits.max_file_bytes}"
            )
        files.append(SourceFile(rel, path, size, sha))
    total = sum(f.size for f in files)
    if total > limits.max_total_bytes:
        raise PackRefused(
            "too-large", f"{src} holds {total} bytes; at most {limits.max_total_bytes}"
        )
    return files


def build_pack(
    src: Path,
    out: Path,
    *,
    kind: str = "lessons",
    pack_id: str | None = None,
    version: int | None = None,
    min_app_version: str | None = None,
    created_at: str | None = None,
    limits: Limits | None = None,
) -> Manifest:
    """Write an unsigned archive of ``src`` to ``out``; lesson packs describe themselves."""
    limits = limits or Limits()
    if kind not in KINDS:
        raise PackRefused(
            "bad-source", f"unknown pack kind {kind!r}; use one of {', '.join(KINDS)}"
        )
    if out.resolve().is_relative_to(src.resolve()):
        raise PackRefused("bad-source", f"the output {out} must not be inside the folder {src}")
    files = collect_sources(src, limits)
    document = next((f for f in files if f.path == key_document(kind)), None)
    if document is None:
        raise PackRefused(
            "bad-pack", f"a {kind} pack needs {key_document(kind)} at the top of {src}"
        )
    if kind == "lessons":
        if pack_id is not None or version is not None or min_app_version is not None:
            raise PackRefused(
                "bad-source",
                "a lesson pack takes its id and versions from pack.json; drop --id/--version",
            )
        header = lesson_pack_header(document.source.read_bytes())
        pack_id, version, min_app_version = header.id, header.version, header.min_app_version
    if pack_id is None or version is None:
        raise PackRefused("bad-source", "an audio pack needs --id and --version")
    newest = max((f.source.stat().st_mtime for f in files), default=0.0)
    raw = {
        "schema_version": 1,
        "kind": kind,
        "pack_id": pack_id,
        "version": version,
        "min_app_version": min_app_version or __version__,
        "created_at": created_at or timestamp(newest),
        "key_id": None,
        "files": [{"path": f.path, "size": f.size, "sha256": f.sha256} for f in files],
    }
    try:
        manifest = Manifest.model_validate(raw)
    except ValidationError as exc:
        raise PackRefused("bad-source", f"cannot describe this pack: {describe(exc)}") from None
    check_document_listed(manifest, limits)
    check_document(manifest, document.source.read_bytes())
    with atomic_output(out) as fh, zipfile.ZipFile(fh, "w") as zout:
        _write_bytes(zout, MANIFEST_NAME, manifest.to_bytes())
        for f in files:
            with open(f.source, "rb") as source:
                if _write_member(zout, FILES_PREFIX + f.path, source, f.size) != f.sha256:
                    raise PackRefused(
                        "hash-mismatch", f"{f.path} changed while the pack was written"
                    )
    return manifest


def sign_archive(archive: Path, signing_key: SigningKey, limits: Limits | None = None) -> Manifest:
    """Check the archive as an import would (except the signature), then rewrite it signed.

    The old file is replaced only once the signed copy is complete and synced, so a failure
    leaves the archive as it was.
    """
    limits = limits or Limits()
    # The archive is closed before the signed copy replaces it (Windows will not replace an
    # open file), hence the temp file outside and the reader inside.
    with atomic_output(archive) as fh:
        with open_archive(archive, limits) as zf:
            checked = check_archive(zf, TrustStore(()), limits, None, require_signature=False)
            check_document(checked.manifest, stream_files(zf, checked, limits, None))
            manifest = checked.manifest.model_copy(
                update={"key_id": key_id(signing_key.verify_key)}
            )
            data = manifest.to_bytes()
            with zipfile.ZipFile(fh, "w") as zout:
                _write_bytes(zout, MANIFEST_NAME, data)
                _write_bytes(zout, SIGNATURE_NAME, signing_key.sign(data).signature)
                for entry in manifest.files:
                    name = FILES_PREFIX + entry.path
                    with open_member(zf, checked.members.files[name], entry.size) as source:
                        if _write_member(zout, name, source, entry.size) != entry.sha256:
                            raise PackRefused("hash-mismatch", f"{name} changed while signing")
    return manifest
