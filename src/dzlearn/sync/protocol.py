"""The sync wire format shared by devices, the hub and USB bundles (no Qt, no HTTP here).

Devices exchange events, never rows of derived state. Event batches travel as gzip-compressed
NDJSON (one JSON object per line), read line by line with caps on line count, line length and
decompressed size, so a hostile or broken peer can neither exhaust memory nor slip a half batch
through: a batch that does not end with its trailer line is refused whole.

Nothing here depends on wall clocks: ``occurred_at``/``recorded_at`` travel as opaque text.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dzlearn.storage.events import Event, encode_payload

PROTOCOL_VERSION = 1
API_PREFIX = "/v1"

MAX_PUSH_EVENTS = 2000  # events in one push request
MAX_PULL_EVENTS = 2000  # events in one pull page
MAX_LINE_BYTES = 256 * 1024  # one NDJSON line (an event) when decompressed
MAX_BATCH_BYTES = 64 * 1024 * 1024  # a whole batch when decompressed (gzip-bomb cap)
MAX_COMPRESSED_BYTES = 16 * 1024 * 1024  # a request body as sent

_ID = r"^[0-9A-Za-z_-]{1,64}$"


class ProtocolError(ValueError):
    """A batch or message that breaks the protocol; the message names what and where."""


class WireEvent(BaseModel):
    """One event as it travels; the same fields as ``storage.Event``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event_id: str = Field(pattern=_ID)
    device_id: str = Field(pattern=_ID)
    device_seq: int = Field(ge=1, le=2**62)
    learner_id: str | None = Field(default=None, min_length=1, max_length=64)
    type: str = Field(min_length=1, max_length=100)
    payload: dict[str, Any]
    schema_version: int = Field(ge=1, le=1000)
    occurred_at: str = Field(max_length=64)
    recorded_at: str = Field(max_length=64)


def event_to_wire(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "device_id": event.device_id,
        "device_seq": event.device_seq,
        "learner_id": event.learner_id,
        "type": event.type,
        "payload": event.payload,
        "schema_version": event.schema_version,
        "occurred_at": event.occurred_at,
        "recorded_at": event.recorded_at,
    }


def wire_to_event(data: Any, where: str = "event") -> Event:
    """Validate one decoded event; ProtocolError names ``where`` and the bad field."""
    try:
        wire = WireEvent.model_validate(data)
        # refuses NaN, lone surrogates and anything else JSON cannot carry faithfully
        encode_payload(wire.payload).encode("utf-8")
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(whole)"
        raise ProtocolError(f"{where}: field {field}: {first['msg']}") from None
    except UnicodeEncodeError as error:
        raise ProtocolError(f"{where}: field payload: not valid Unicode ({error.reason})") from None
    except ValueError as error:
        raise ProtocolError(f"{where}: {error}") from None
    return Event(
        event_id=wire.event_id,
        device_id=wire.device_id,
        device_seq=wire.device_seq,
        learner_id=wire.learner_id,
        type=wire.type,
        payload=wire.payload,
        schema_version=wire.schema_version,
        occurred_at=wire.occurred_at,
        recorded_at=wire.recorded_at,
    )


# Built once: json.dumps with non-default options makes a new encoder on every call.
_PAYLOAD_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, allow_nan=False)
_HEAD_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def canonical_payload(payload: dict[str, Any]) -> str:
    """The payload's canonical text: what ``storage.events.encode_payload`` stores, without its
    round-trip check (for payloads already validated, e.g. by ``wire_to_event``)."""
    return _PAYLOAD_ENCODER.encode(payload)


def content_hash(event: Event, payload_text: str | None = None) -> str:
    """What makes two events "the same": every field but ``recorded_at``, canonically encoded.

    Used by the hub to tell a harmless re-send (same id, same hash) from a conflict (same id or
    same device slot, different content). ``payload_text`` is ``canonical_payload(payload)``
    when the caller has it already (the hub stores it anyway, so it is not encoded twice).
    """
    if payload_text is None:
        payload_text = canonical_payload(event.payload)
    head = _HEAD_ENCODER.encode(
        [
            event.event_id,
            event.device_id,
            event.device_seq,
            event.learner_id,
            event.type,
            event.schema_version,
            event.occurred_at,
        ]
    )
    return hashlib.sha256(f"{head}\n{payload_text}".encode()).hexdigest()


# --- NDJSON + gzip -----------------------------------------------------------------------------


def dump_line(obj: Any) -> bytes:
    return (
        json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
    ).encode("utf-8")


class GzipLineWriter:
    """Compresses NDJSON lines incrementally (for streamed responses and bundle files)."""

    def __init__(self, level: int = 6) -> None:
        self._zip = zlib.compressobj(level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)

    def line(self, obj: Any) -> bytes:
        return self._zip.compress(dump_line(obj))

    def finish(self) -> bytes:
        return self._zip.flush()


def encode_lines(objects: Iterable[Any], level: int = 6) -> bytes:
    """A whole gzip NDJSON body in memory (callers keep batches bounded)."""
    writer = GzipLineWriter(level)
    parts = [writer.line(obj) for obj in objects]
    parts.append(writer.finish())
    return b"".join(parts)


def iter_lines(
    chunks: Iterable[bytes],
    *,
    max_lines: int,
    max_line_bytes: int = MAX_LINE_BYTES,
    max_total_bytes: int = MAX_BATCH_BYTES,
    what: str = "batch",
) -> Iterator[Any]:
    """Decode gzip NDJSON from byte chunks as they arrive, one JSON value per line.

    Caps are counted on decompressed bytes as they come out, so a gzip bomb stops at the cap.
    Raises ProtocolError naming the line; a stream that stops mid-member (truncated) is refused.
    """
    unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending = b""
    total = 0
    number = 0

    def parse(raw: bytes) -> Any:
        nonlocal number
        number += 1
        if number > max_lines:
            raise ProtocolError(f"{what}: more than {max_lines} lines")
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise ProtocolError(f"{what} line {number}: not valid JSON ({error})") from None

    try:
        for chunk in chunks:
            data = chunk
            while data:
                out = unzip.decompress(data, max_line_bytes + 1)
                data = unzip.unconsumed_tail
                if unzip.eof and unzip.unused_data.strip(b"\x00"):
                    raise ProtocolError(f"{what}: unexpected data after the compressed stream")
                total += len(out)
                if total > max_total_bytes:
                    raise ProtocolError(f"{what}: more than {max_total_bytes} bytes decompressed")
                pending += out
                if b"\n" in out:
                    *complete, pending = pending.split(b"\n")
                    for raw in complete:
                        if raw.strip():
                            yield parse(raw)
                if len(pending) > max_line_bytes:
                    raise ProtocolError(
                        f"{what} line {number + 1}: longer than {max_line_bytes} bytes"
                    )
                if unzip.eof:
                    break
    except zlib.error as error:
        raise ProtocolError(f"{what}: not valid gzip data ({error})") from None
    if not unzip.eof:
        raise ProtocolError(f"{what}: the data stops part-way (truncated)")
    if pending.strip():
        yield parse(pending)


def decode_lines(body: bytes, *, max_lines: int, what: str = "batch") -> list[Any]:
    return list(iter_lines([body], max_lines=max_lines, what=what))


# --- messages ------------------------------------------------------------------------------------


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrolRequest(_Message):
    code: str = Field(min_length=1, max_length=64)
    device_id: str = Field(pattern=_ID)
    name: str = Field(default="", max_length=100)
    sign_key: str = Field(pattern=r"^[0-9a-f]{64}$")  # the device's Ed25519 verify key, hex
    box_key: str = Field(pattern=r"^[0-9a-f]{64}$")  # the device's Curve25519 public key, hex


class EnrolResponse(_Message):
    hub_id: str
    device_id: str
    token: str
    hub_sign_key: str  # hex Ed25519 verify key: checks return bundles
    hub_box_key: str  # hex Curve25519 public key: device bundles are sealed to it


class HubState(_Message):
    """What the hub holds for the asking device: where to resume pushing and pulling."""

    hub_id: str
    device_id: str
    acked_seq: int  # every event of this device up to here is on the hub (stored or conflicted)
    head: int  # the newest hub cursor


class ConflictReport(_Message):
    event_id: str
    device_id: str
    device_seq: int
    reason: str


class PushResult(_Message):
    stored: int
    duplicates: int
    conflicts: list[ConflictReport]
    acked_seq: int


class PageEnd(_Message):
    """The last line of a pull page: where the next page starts, and whether there is one."""

    cursor: int
    more: bool
