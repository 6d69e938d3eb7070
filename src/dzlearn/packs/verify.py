"""Read and check a .dzpack without trusting anything before it has been checked.

The order follows what Debian's signed repositories and TUF teach: member names and types first
(from the central directory, reading no data), then the Ed25519 signature over the exact bytes of
``manifest.json``, then the manifest itself, then that the archive holds exactly the listed files,
and only then the data, streamed, counted as it leaves the decompressor and hashed on the way.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from dzlearn import __version__
from dzlearn.packs.content import check_document, check_document_listed, key_document
from dzlearn.packs.errors import Limits, MiB, PackRefused
from dzlearn.packs.keys import TrustedKey, TrustStore
from dzlearn.packs.manifest import Manifest, check_app_version, parse_manifest
from dzlearn.packs.names import Members, check_members

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.sig"
FILES_PREFIX = "files/"
SIGNATURE_BYTES = 64
CHUNK = 256 * 1024
PROGRESS_STEP = 1 * MiB
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    ValueError,
    NotImplementedError,
    struct.error,
    zlib.error,
)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CheckedArchive:
    """An archive whose names, signature, manifest and member list have passed."""

    manifest: Manifest
    members: Members
    signer: TrustedKey | None


@dataclass(frozen=True)
class VerifiedPack:
    manifest: Manifest
    signer: TrustedKey


@contextlib.contextmanager
def open_archive(archive: Path, limits: Limits) -> Iterator[zipfile.ZipFile]:
    """Open a pack archive; OSError (missing, unreadable) is left for the caller to report."""
    size = archive.stat().st_size
    if size > limits.max_archive_bytes:
        raise PackRefused(
            "too-large", f"{archive.name} is {size} bytes; at most {limits.max_archive_bytes}"
        )
    try:
        zf = zipfile.ZipFile(archive)
    except ZIP_ERRORS as exc:
        raise PackRefused(
            "not-a-zip", f"{archive.name} is not a readable pack archive ({exc})"
        ) from None
    with zf:
        yield zf


def open_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, expected: int) -> IO[bytes]:
    """Open a member with our own size ceiling instead of the header's claimed size.

    zipfile stops reading at ``file_size``; a header that lies would hide the real output. The
    ceiling is the size we are prepared to accept plus one read, so overflow is seen, not cut.
    """
    probe = copy.copy(info)
    probe.file_size = expected + CHUNK + 1
    try:
        return zf.open(probe)
    except ZIP_ERRORS as exc:
        raise PackRefused(
            "not-a-zip", f"member {info.orig_filename!r} is damaged ({exc})"
        ) from None


def _read_small(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    with open_member(zf, info, cap) as stream:
        try:
            data = stream.read(cap + 1)
        except ZIP_ERRORS as exc:
            raise PackRefused(
                "not-a-zip", f"member {info.orig_filename!r} is damaged ({exc})"
            ) from None
    if len(data) > cap:
        raise PackRefused("too-large", f"member {info.orig_filename!r} is larger than {cap} bytes")
    return data


def _claimed_key_id(manifest_bytes: bytes) -> str | None:
    """Only to word the refusal: nothing in an unverified manifest is trusted."""
    try:
        value = json.loads(manifest_bytes).get("key_id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) else None


def _check_signature(
    zf: zipfile.ZipFile, members: Members, manifest_bytes: bytes, trust: TrustStore
) -> TrustedKey:
    info = members.files.get(SIGNATURE_NAME)
    if info is None:
        raise PackRefused(
            "unsigned", "the archive has no manifest.sig: it was never signed (dzlearn pack sign)"
        )
    signature = _read_small(zf, info, 1024)
    if len(signature) != SIGNATURE_BYTES:
        raise PackRefused(
            "bad-signature",
            f"manifest.sig is {len(signature)} bytes; an Ed25519 signature is 64",
        )
    if not trust.keys:
        raise PackRefused(
            "untrusted-key", "no signing keys are trusted here; add one with dzlearn pack trust"
        )
    signer = trust.signer_of(manifest_bytes, signature)
    if signer is not None:
        return signer
    claimed = _claimed_key_id(manifest_bytes)
    if claimed is not None and trust.find(claimed) is not None:
        raise PackRefused(
            "bad-signature",
            f"manifest.json does not match its signature by key {claimed}: "
            "it was changed after signing, or the archive is damaged",
        )
    raise PackRefused(
        "untrusted-key",
        f"the pack is signed by key {claimed or '(unnamed)'}, which is not trusted here "
        "(dzlearn pack trust --list shows the trusted keys)",
    )


def _check_listing(manifest: Manifest, members: Members, limits: Limits) -> None:
    expected = {FILES_PREFIX + f.path for f in manifest.files}
    for name in members.files:
        if name not in expected and name not in (MANIFEST_NAME, SIGNATURE_NAME):
            raise PackRefused(
                "unlisted-file", f"member {name!r} is not listed in the signed manifest"
            )
    for folder in members.folders:
        if not (folder + "/").startswith(FILES_PREFIX):
            raise PackRefused(
                "unlisted-file", f"folder {folder + '/'!r} is outside files/ and not expected"
            )
    for name in sorted(expected - members.files.keys()):
        raise PackRefused(
            "missing-file", f"the manifest lists {name!r} but the archive does not contain it"
        )
    for entry in manifest.files:
        if entry.size > limits.max_file_bytes:
            raise PackRefused(
                "too-large",
                f"member {FILES_PREFIX + entry.path!r} is {entry.size} bytes; "
                f"at most {limits.max_file_bytes} per file",
            )
    if manifest.total_size > limits.max_total_bytes:
        raise PackRefused(
            "too-large",
            f"the pack unpacks to {manifest.total_size} bytes; at most {limits.max_total_bytes}",
        )
    check_document_listed(manifest, limits)


def check_archive(
    zf: zipfile.ZipFile,
    trust: TrustStore,
    limits: Limits,
    app_version: str | None,
    *,
    require_signature: bool = True,
) -> CheckedArchive:
    """Everything that can be checked before reading file data; ``app_version`` None skips it."""
    members = check_members(zf.infolist(), limits)
    info = members.files.get(MANIFEST_NAME)
    if info is None:
        raise PackRefused("bad-manifest", "the archive has no manifest.json at its top")
    manifest_bytes = _read_small(zf, info, limits.max_manifest_bytes)
    signer = _check_signature(zf, members, manifest_bytes, trust) if require_signature else None
    manifest = parse_manifest(manifest_bytes)
    if signer is not None and manifest.key_id != signer.key_id:
        raise PackRefused(
            "bad-manifest",
            f"manifest.json names key {manifest.key_id} but was signed by key {signer.key_id}",
        )
    if app_version is not None:
        check_app_version(manifest, app_version)
    _check_listing(manifest, members, limits)
    return CheckedArchive(manifest, members, signer)


def stream_files(
    zf: zipfile.ZipFile,
    checked: CheckedArchive,
    limits: Limits,
    dest: Path | None,
    progress: Progress | None = None,
) -> bytes:
    """Decompress every listed file (into ``dest``, or nowhere), refusing at the first excess.

    Returns the bytes of the pack's key document (pack.json or the audio manifest.json).
    """
    manifest = checked.manifest
    document_name = key_document(manifest.kind)
    document = b""
    done = reported = 0
    for entry in manifest.files:
        name = FILES_PREFIX + entry.path
        info = checked.members.files[name]
        out = _create(dest, entry.path) if dest is not None else None
        digest = hashlib.sha256()
        count = 0
        try:
            with open_member(zf, info, entry.size) as stream:
                while chunk := _read_chunk(stream, name):
                    count += len(chunk)
                    if count > entry.size:
                        raise PackRefused(
                            "size-mismatch",
                            f"member {name!r} holds more than the {entry.size} bytes "
                            "the manifest lists",
                        )
                    _check_ratio(name, count, info.compress_size, limits)
                    digest.update(chunk)
                    if out is not None:
                        out.write(chunk)
                    if entry.path == document_name:
                        document += chunk
                    done += len(chunk)
                    if progress is not None and done - reported >= PROGRESS_STEP:
                        progress(done, manifest.total_size)
                        reported = done
        finally:
            if out is not None:
                out.close()
        if count != entry.size:
            raise PackRefused(
                "size-mismatch",
                f"member {name!r} is {count} bytes; the manifest says {entry.size}",
            )
        if digest.hexdigest() != entry.sha256:
            raise PackRefused(
                "hash-mismatch",
                f"member {name!r} does not match its SHA-256 in the signed manifest "
                "(changed or damaged)",
            )
    if progress is not None:
        progress(done, manifest.total_size)
    return document


def _read_chunk(stream: IO[bytes], name: str) -> bytes:
    try:
        return stream.read(CHUNK)
    except ZIP_ERRORS as exc:
        raise PackRefused(
            "hash-mismatch",
            f"member {name!r} is damaged ({exc}); it cannot match the signed manifest",
        ) from None


def _check_ratio(name: str, count: int, compressed: int, limits: Limits) -> None:
    if count > limits.ratio_floor_bytes and count > max(compressed, 1) * limits.max_ratio:
        raise PackRefused(
            "ratio",
            f"member {name!r} expands more than {limits.max_ratio}:1 "
            f"({compressed} bytes became over {count}); refusing a likely zip bomb",
        )


def _create(dest: Path, relative: str) -> IO[bytes]:
    target = dest.joinpath(*relative.split("/"))
    if not target.resolve().is_relative_to(dest.resolve()):
        raise PackRefused("parent-path", f"member {relative!r} would land outside the pack")
    target.parent.mkdir(parents=True, exist_ok=True)
    return open(target, "xb")


def verify_pack(
    archive: Path,
    trust: TrustStore,
    *,
    limits: Limits | None = None,
    app_version: str = __version__,
    progress: Progress | None = None,
) -> VerifiedPack:
    """Every check ``import_pack`` makes, writing nothing anywhere."""
    limits = limits or Limits()
    with open_archive(archive, limits) as zf:
        checked = check_archive(zf, trust, limits, app_version)
        document = stream_files(zf, checked, limits, None, progress)
    check_document(checked.manifest, document)
    if checked.signer is None:  # check_archive always verifies the signature here
        raise PackRefused("unsigned", "the archive's signature was not checked")
    return VerifiedPack(checked.manifest, checked.signer)
