"""Helpers for pack tests: a forge for hand-made (often hostile) archives, a header patcher
that makes ZIP entries lie, and snapshots to show a refused import changed nothing."""

from __future__ import annotations

import hashlib
import json
import struct
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from nacl.signing import SigningKey

from dzlearn.packs import key_id

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "lessons" / "dz-foundations"
AUDIO_DOC = b'{"schema_version": 1, "recordings": []}\n'
CHUNK = 1 << 20


@dataclass(frozen=True)
class Zeros:
    """Member data of ``size`` zero bytes, streamed so a 50 MB bomb never sits in memory."""

    size: int

    def chunks(self) -> Iterator[bytes]:
        left = self.size
        while left:
            n = min(CHUNK, left)
            yield bytes(n)
            left -= n


Data = bytes | Zeros
Member = tuple[str | zipfile.ZipInfo, Data]


def _chunks(data: Data) -> Iterator[bytes]:
    if isinstance(data, Zeros):
        yield from data.chunks()
    else:
        yield data


def describe_data(data: Data) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(data):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def member_name(member: str | zipfile.ZipInfo) -> str:
    return member.filename if isinstance(member, zipfile.ZipInfo) else member


class Forge:
    """Writes .dzpack archives by hand with zipfile, so tests control every byte that matters."""

    def __init__(self, folder: Path, key: SigningKey) -> None:
        self.folder = folder
        self.key = key
        self.count = 0

    def manifest(self, members: list[Member], **fields: object) -> dict:
        files = []
        for member, data in members:
            name = member_name(member)
            if name.startswith("files/") and not name.endswith("/"):
                size, sha = describe_data(data)
                files.append({"path": name.removeprefix("files/"), "size": size, "sha256": sha})
        manifest = {
            "schema_version": 1,
            "kind": "audio",
            "pack_id": "hostile",
            "version": 2,
            "min_app_version": "0.1.0",
            "created_at": "2024-01-01T00:00:00Z",
            "key_id": key_id(self.key.verify_key),
            "files": sorted(files, key=lambda f: f["path"]),
        }
        manifest.update(fields)
        return manifest

    def make(
        self,
        members: list[Member],
        *,
        manifest: dict | None = None,
        key: SigningKey | None = None,
        signed: bool = True,
        after_signing: Callable[[bytes], bytes] | None = None,
        with_document: bool = True,
        **fields: object,
    ) -> Path:
        """An archive holding ``members`` (plus an audio manifest.json) and a signed manifest."""
        members = list(members)
        if with_document and not any(member_name(m) == "files/manifest.json" for m, _ in members):
            members.insert(0, ("files/manifest.json", AUDIO_DOC))
        key = key or self.key
        data = manifest if manifest is not None else self.manifest(members, **fields)
        if manifest is None:
            data["key_id"] = key_id(key.verify_key)
        manifest_bytes = json.dumps(data, indent=2).encode()
        signature = key.sign(manifest_bytes).signature
        if after_signing is not None:
            manifest_bytes = after_signing(manifest_bytes)
        head: list[Member] = [("manifest.json", manifest_bytes)]
        if signed:
            head.append(("manifest.sig", signature))
        return self.write([*head, *members])

    def write(self, members: list[Member]) -> Path:
        self.count += 1
        path = self.folder / f"forged-{self.count}.dzpack"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names are deliberate in some tests
            for member, data in members:
                info = member if isinstance(member, zipfile.ZipInfo) else None
                if info is None:
                    info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                size, _ = describe_data(data)
                info.file_size = size
                with zf.open(info, "w") as out:
                    for chunk in _chunks(data):
                        out.write(chunk)
        return path


def patch_entry(archive: Path, name: str, *, file_size: int | None = None, flags: int = 0) -> None:
    """Make the headers of ``name`` lie: a different uncompressed size, or extra flag bits."""
    raw = bytearray(archive.read_bytes())
    encoded = name.encode()
    with zipfile.ZipFile(archive) as zf:
        local = zf.getinfo(name).header_offset
    # local header: flags at +6, uncompressed size at +22
    struct.pack_into("<H", raw, local + 6, struct.unpack_from("<H", raw, local + 6)[0] | flags)
    if file_size is not None:
        struct.pack_into("<I", raw, local + 22, file_size)
    pos = 0
    while (pos := raw.find(b"PK\x01\x02", pos)) != -1:
        name_len = struct.unpack_from("<H", raw, pos + 28)[0]
        if raw[pos + 46 : pos + 46 + name_len] == encoded:
            # central directory: flags at +8, uncompressed size at +24
            old = struct.unpack_from("<H", raw, pos + 8)[0]
            struct.pack_into("<H", raw, pos + 8, old | flags)
            if file_size is not None:
                struct.pack_into("<I", raw, pos + 24, file_size)
            break
        pos += 4
    else:
        raise AssertionError(f"{name} not found in the central directory")
    archive.write_bytes(bytes(raw))


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its content: what a refused import must leave as it was."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def temp_leftovers(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.startswith((".tmp-", ".old-", ".lock"))]


def lesson_source(folder: Path, version: int, pack_id: str = "dz-foundations") -> Path:
    """A copy of the bundled lesson pack with another version (and id)."""
    folder.mkdir(parents=True, exist_ok=True)
    pack = json.loads((BUNDLED / "pack.json").read_text(encoding="utf-8"))
    pack["version"] = version
    pack["id"] = pack_id
    text = json.dumps(pack, ensure_ascii=False, indent=2)
    (folder / "pack.json").write_text(text, encoding="utf-8")
    return folder
