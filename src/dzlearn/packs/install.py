"""Install a verified pack atomically, remember versions, and list what is installed.

Layout under the data root: ``packs/<kind>/<pack_id>/`` holds an installed pack's files,
``packs/installed.json`` the installed and highest-ever versions (so a downgrade is refused even
if someone deletes a pack folder), ``packs/.tmp-*`` an import in progress (same volume, so the
final rename is atomic) and ``packs/<kind>/.old-*`` a previous version during the swap.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dzlearn import __version__
from dzlearn.lessons.models import Identifier
from dzlearn.packs.content import check_document
from dzlearn.packs.errors import Limits, PackRefused
from dzlearn.packs.fsutil import atomic_write_bytes, fsync_dir
from dzlearn.packs.keys import TrustStore
from dzlearn.packs.manifest import KINDS, Manifest, PackKind, describe, timestamp
from dzlearn.packs.verify import Progress, check_archive, open_archive, stream_files

REGISTRY_FILE = "installed.json"
LOCK_FILE = ".lock"
STALE_SECONDS = 3600


class InstalledPack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: PackKind
    pack_id: Identifier
    version: int = Field(ge=1)
    highest_version: int = Field(ge=1)
    key_id: str | None
    installed_at: str


class Registry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = 1
    packs: list[InstalledPack] = Field(default_factory=list)

    def get(self, kind: str, pack_id: str) -> InstalledPack | None:
        return next((p for p in self.packs if p.kind == kind and p.pack_id == pack_id), None)

    def with_pack(self, pack: InstalledPack) -> Registry:
        others = [p for p in self.packs if (p.kind, p.pack_id) != (pack.kind, pack.pack_id)]
        return Registry(packs=sorted([*others, pack], key=lambda p: (p.kind, p.pack_id)))


def packs_root(data_root: Path) -> Path:
    return data_root / "packs"


def pack_dir(data_root: Path, kind: str, pack_id: str) -> Path:
    return packs_root(data_root) / kind / pack_id


def load_registry(data_root: Path) -> Registry:
    path = packs_root(data_root) / REGISTRY_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Registry()
    try:
        return Registry.model_validate_json(raw)
    except ValidationError as exc:
        raise PackRefused(
            "bad-state",
            f"{path} is damaged ({describe(exc)}); repair it from a backup before importing",
        ) from None


def _save_registry(data_root: Path, registry: Registry) -> None:
    data = json.dumps(registry.model_dump(mode="json"), indent=2) + "\n"
    atomic_write_bytes(packs_root(data_root) / REGISTRY_FILE, data.encode("utf-8"))


def installed_pack_dirs(data_root: Path, kind: str = "lessons") -> list[Path]:
    """Folders of installed packs of one kind, sorted; for the app to load beside bundled ones."""
    folder = packs_root(data_root) / kind
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def list_installed(data_root: Path) -> list[InstalledPack]:
    """Installed packs whose folder is present (a deleted folder keeps only its version floor)."""
    registry = load_registry(data_root)
    return [p for p in registry.packs if pack_dir(data_root, p.kind, p.pack_id).is_dir()]


def _folder_version(target: Path) -> int | None:
    """A lesson folder's own version, for installs that predate installed.json."""
    try:
        value = json.loads((target / "pack.json").read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def _check_version(registry: Registry, manifest: Manifest, target: Path) -> None:
    entry = registry.get(manifest.kind, manifest.pack_id)
    present = target.is_dir()
    current = entry.version if entry and present else None
    if current is None and present and manifest.kind == "lessons":
        current = _folder_version(target)
    highest = max(entry.highest_version if entry else 0, current or 0)
    name = f"{manifest.kind} pack {manifest.pack_id}"
    if current == manifest.version:
        raise PackRefused(
            "already-installed",
            f"{name} version {manifest.version} is already installed (installed: {current})",
        )
    if manifest.version < highest:
        where = "is installed" if current == highest else "was installed before"
        raise PackRefused(
            "downgrade",
            f"{name} version {manifest.version} is older than version {highest}, which {where}; "
            "downgrades are refused",
        )


@contextlib.contextmanager
def _import_lock(root: Path) -> Iterator[None]:
    """One import at a time per data folder; a lock left by a crash expires after an hour."""
    root.mkdir(parents=True, exist_ok=True)
    lock = root / LOCK_FILE
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            with contextlib.suppress(OSError):
                if time.time() - lock.stat().st_mtime > STALE_SECONDS:
                    lock.unlink()
                    continue
            raise PackRefused("busy", f"another pack import is running ({lock})") from None
    else:
        raise PackRefused("busy", f"another pack import is running ({lock})")
    os.close(fd)
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def recover_interrupted(data_root: Path) -> list[str]:
    """Undo what a crash in the middle of an import left behind; returns notes on what it did.

    Call under the import lock (``import_pack`` does) or at app start before any import.
    """
    notes: list[str] = []
    root = packs_root(data_root)
    for kind in KINDS:
        folder = root / kind
        for old in sorted(folder.glob(".old-*")) if folder.is_dir() else []:
            target = folder / old.name.removeprefix(".old-").rsplit("-", 1)[0]
            if not target.exists():
                os.replace(old, target)
                notes.append(f"restored {target} after an interrupted import")
            else:
                shutil.rmtree(old, ignore_errors=True)
    for tmp in sorted(root.glob(".tmp-*")) if root.is_dir() else []:
        if time.time() - tmp.stat().st_mtime > STALE_SECONDS:
            shutil.rmtree(tmp, ignore_errors=True)
            notes.append(f"removed {tmp} left by an interrupted import")
    return notes


def _swap_in(new: Path, target: Path, commit: Callable[[], None]) -> None:
    """Rename the new version in; the old one stays whole until the new one is in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old: Path | None = None
    if target.exists():
        old = target.parent / f".old-{target.name}-{secrets.token_hex(4)}"
        os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        if old is not None:
            os.replace(old, target)
        raise
    try:
        commit()
    except BaseException:
        os.replace(target, new)
        if old is not None:
            os.replace(old, target)
        raise
    fsync_dir(target.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def import_pack(
    archive: Path,
    data_root: Path,
    trust: TrustStore,
    *,
    limits: Limits | None = None,
    app_version: str = __version__,
    progress: Progress | None = None,
    clock: Callable[[], float] = time.time,
) -> InstalledPack:
    """Verify and install a pack, or raise PackRefused having changed nothing.

    OSError (unreadable archive, full disk, a file held open on Windows) is raised as is, after
    the temporary folder is removed and any previous version is back in place.
    """
    limits = limits or Limits()
    root = packs_root(data_root)
    with open_archive(archive, limits) as zf:
        checked = check_archive(zf, trust, limits, app_version)
        manifest = checked.manifest
        target = pack_dir(data_root, manifest.kind, manifest.pack_id)
        _check_version(load_registry(data_root), manifest, target)
        with _import_lock(root):
            recover_interrupted(data_root)
            tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
            try:
                content = tmp / "content"
                content.mkdir()
                check_document(manifest, stream_files(zf, checked, limits, content, progress))
                registry = load_registry(data_root)
                _check_version(registry, manifest, target)
                entry = registry.get(manifest.kind, manifest.pack_id)
                installed = InstalledPack(
                    kind=manifest.kind,
                    pack_id=manifest.pack_id,
                    version=manifest.version,
                    highest_version=max(manifest.version, entry.highest_version if entry else 0),
                    key_id=manifest.key_id,
                    installed_at=timestamp(clock()),
                )
                _swap_in(
                    content,
                    target,
                    lambda: _save_registry(data_root, registry.with_pack(installed)),
                )
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
    return installed
