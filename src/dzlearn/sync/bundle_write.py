"""Writing USB sync bundles (their format is in ``bundles``): fill, seal, write atomically.

A bundle is written to a temporary file in the target folder, flushed, fsynced and renamed, and
the folder is fsynced: a full disk or a pulled stick leaves no partial file under the bundle's
name, and an earlier bundle of that name stays whole.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from contextlib import suppress
from pathlib import Path
from typing import Any, Literal

from nacl.public import PublicKey, SealedBox
from nacl.signing import SigningKey

from .bundles import (
    FIRST_LINE,
    MAGIC,
    MAX_BUNDLE_BYTES,
    MAX_BUNDLE_EVENTS,
    BundleError,
    End,
    Header,
)
from .protocol import dump_line


class PartWriter:
    """One bundle being filled: lines compressed as they come, with the writer's caps enforced."""

    def __init__(
        self,
        header: Header,
        *,
        max_items: int = MAX_BUNDLE_EVENTS,
        max_bytes: int = MAX_BUNDLE_BYTES,
    ) -> None:
        self.header = header
        self.items = 0
        self._max_items = max_items
        self._max_bytes = max_bytes
        self._zip = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        self._plain = 0
        self._chunks: list[bytes] = []
        self._put(dump_line({"header": header.model_dump(exclude_none=True)}))

    def _put(self, line: bytes) -> None:
        self._plain += len(line)
        self._chunks.append(self._zip.compress(line))

    def add(self, tag: Literal["event", "conflict"], data: dict[str, Any]) -> bool:
        """Add one line; False (nothing added) when this bundle is full and another must start."""
        line = dump_line({tag: data})
        full = self.items >= self._max_items or self._plain + len(line) > self._max_bytes
        if full and self.items:
            return False
        self._put(line)
        self.items += 1
        return True

    def finish(self, end: End) -> bytes:
        """The whole gzip NDJSON message, end line included."""
        self._put(dump_line({"end": end.model_dump()}))
        self._chunks.append(self._zip.flush())
        return b"".join(self._chunks)


def seal(
    kind: str,
    sender: str,
    recipient: str,
    message: bytes,
    signing_key: SigningKey,
    recipient_key: PublicKey,
) -> bytes:
    """The bundle file's bytes: the clear line, then the signed message sealed to the recipient."""
    signed = signing_key.sign(message)
    first = f"{MAGIC} {kind} {sender} {recipient}\n".encode("ascii")
    if not FIRST_LINE.fullmatch(first):
        raise ValueError(f"not a bundle address line: {first!r}")
    return first + SealedBox(recipient_key).encrypt(bytes(signed))


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that it is either there whole or not there at all.

    BundleError (saying nothing was written under that name) when the folder cannot be written:
    a full stick, a write-protected or pulled one.
    """
    folder = path.parent
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        temporary = None
        _fsync_folder(folder)
    except OSError as error:
        raise BundleError(
            f"cannot write {path}: {error.strerror or error}. Nothing was written under that "
            "name; check that the stick is plugged in, not write-protected and has room"
        ) from None
    finally:
        if temporary is not None:
            with suppress(OSError):
                os.unlink(temporary)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows cannot open a folder, and needs not."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def writable_folder(folder: Path, what: str) -> Path:
    """``folder`` if it is an existing folder; BundleError naming it otherwise."""
    if not folder.exists():
        raise BundleError(f"{what} {folder} does not exist (is the stick plugged in?)")
    if not folder.is_dir():
        raise BundleError(f"{what} {folder} is not a folder")
    return folder
