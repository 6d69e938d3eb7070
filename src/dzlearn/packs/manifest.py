"""The signed manifest: what a pack is, which app it needs, and every file it may contain.

The manifest is the only thing the signature covers, so it lists each file's size and SHA-256;
a file that is not listed, or whose bytes differ, is refused. ``key_id`` is empty in a freshly
built archive and filled in by ``pack sign``.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dzlearn.lessons.models import Identifier
from dzlearn.packs.errors import PackRefused

MANIFEST_SCHEMA_VERSION = 1
PackKind = Literal["lessons", "audio"]
KINDS: tuple[str, ...] = ("lessons", "audio")
KeyId = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
AppVersion = Annotated[str, Field(pattern=r"^\d+\.\d+\.\d+$")]


class FileEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str = Field(min_length=1, description="relative to the pack folder, '/'-separated")
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1]
    kind: PackKind
    pack_id: Identifier
    version: int = Field(ge=1, description="grows with every release; older ones are refused")
    min_app_version: AppVersion
    created_at: str = Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    key_id: KeyId | None = None
    files: list[FileEntry]

    @model_validator(mode="after")
    def _sorted_and_unique(self) -> Manifest:
        paths = [f.path for f in self.files]
        if paths != sorted(paths):
            raise ValueError("files must be sorted by path")
        if len(set(paths)) != len(paths):
            raise ValueError("files lists a path twice")
        return self

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)

    def to_bytes(self) -> bytes:
        """The exact bytes that are signed: stable field order, UTF-8, one trailing newline."""
        text = json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")


def parse_manifest(data: bytes) -> Manifest:
    try:
        return Manifest.model_validate_json(data)
    except ValidationError as exc:
        raise PackRefused("bad-manifest", f"manifest.json is not valid: {describe(exc)}") from None


def describe(exc: ValidationError, limit: int = 5) -> str:
    """A pydantic error as one short line a pack author can act on."""
    parts = []
    for err in exc.errors()[:limit]:
        where = ".".join(str(p) for p in err["loc"]) or "(whole file)"
        parts.append(f"{where}: {err['msg']}")
    more = len(exc.errors()) - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def version_tuple(text: str) -> tuple[int, int, int]:
    """'0.1.0' or '0.2.0.dev1' -> (0, 2, 0); anything unreadable sorts as the oldest."""
    match = re.match(r"^(\d+)\.(\d+)\.(\d+)", text)
    if not match:
        return (0, 0, 0)
    return (int(match[1]), int(match[2]), int(match[3]))


def check_app_version(manifest: Manifest, app_version: str) -> None:
    if version_tuple(app_version) < version_tuple(manifest.min_app_version):
        raise PackRefused(
            "app-too-old",
            f"pack {manifest.pack_id} version {manifest.version} needs dzlearn "
            f"{manifest.min_app_version} or newer; this is dzlearn {app_version}",
        )


def timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(int(seconds), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
