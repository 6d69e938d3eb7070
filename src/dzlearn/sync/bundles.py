"""USB sync bundles: the file format a facilitator's stick carries between a device and its hub.

Some villages see no network for months, so a device's events travel as a file. A bundle is one
clear line naming what it is and who it is from and for (``DZSYNC1 device <device> <hub>``),
then a NaCl ``SealedBox`` to the recipient's Curve25519 key holding an Ed25519-signed gzip
NDJSON message: a header line, event (and, going back, conflict) lines, and an end line with
the counts. A stick lost on a bus shows its finder two random ids and noise; a truncated, altered
or forged bundle fails decryption, the signature or the counts and is refused whole, before
anything is stored. The clear line only lets the receiver say *whose* bundle it is: the signed
header repeats it and must agree.

Reading is bounded (file size, decompressed bytes, lines) and runs in two passes over the same
verified bytes: the first validates every line, the second hands validated events to the caller
in a stream, so memory does not grow with the number of events. Writing is in ``bundle_write``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey, SealedBox
from nacl.signing import VerifyKey
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dzlearn.storage.events import Event

from .protocol import (
    MAX_LINE_BYTES,
    ConflictReport,
    EnrolRequest,
    ProtocolError,
    iter_lines,
    wire_to_event,
)

MAGIC = "DZSYNC1"
SUFFIX = ".dzsync"
DEVICE = "device"  # a device's events, for its hub
RETURN = "return"  # the hub's acknowledgements and other devices' events, for one device
MAX_BUNDLE_EVENTS = 200_000  # events (plus conflicts) in one bundle; more go in further bundles
MAX_BUNDLE_BYTES = 160 * 1024 * 1024  # decompressed NDJSON a writer puts in one bundle
MAX_READ_BYTES = 192 * 1024 * 1024  # decompressed NDJSON a reader accepts (gzip-bomb cap)
MAX_FILE_BYTES = 200 * 1024 * 1024  # a bundle file as stored
_ID = r"[0-9A-Za-z_-]{1,64}"
FIRST_LINE = re.compile(rf"{MAGIC} ({DEVICE}|{RETURN}) ({_ID}) ({_ID})\n".encode())
_FIRST_LINE_MAX = 2 * 64 + 32


class BundleError(Exception):
    """A bundle that cannot be written or is refused; ``message`` is one line for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DeviceHeader(_Model):
    format: Literal[1] = 1
    kind: Literal["device"] = DEVICE
    device_id: str = Field(pattern=f"^{_ID}$")
    hub_id: str = Field(pattern=f"^{_ID}$")
    created: str = Field(max_length=64)  # informative only: device clocks can be years off
    part: int = Field(ge=1)
    acked_seq: int = Field(ge=0)  # what the device believed the hub had
    pull_cursor: int = Field(ge=0)  # where the hub's reply should start
    enrol: EnrolRequest | None = None  # a device enrolled offline asks to be enrolled


class DeviceEnd(_Model):
    events: int = Field(ge=0)
    first_seq: int = Field(ge=0)  # 0 when there are no events
    last_seq: int = Field(ge=0)


class ReturnHeader(_Model):
    format: Literal[1] = 1
    kind: Literal["return"] = RETURN
    device_id: str = Field(pattern=f"^{_ID}$")
    hub_id: str = Field(pattern=f"^{_ID}$")
    created: str = Field(max_length=64)
    part: int = Field(ge=1)
    after: int = Field(ge=0)  # the pull cursor the events start after
    acked_seq: int = Field(ge=0)  # the hub's acknowledgement after ingesting the device's bundle
    stored: int = Field(default=0, ge=0)  # what ingesting the device's bundle did (first part)
    duplicates: int = Field(default=0, ge=0)
    token: str | None = Field(default=None, max_length=200)  # for a device enrolled offline


class ReturnEnd(_Model):
    events: int = Field(ge=0)
    conflicts: int = Field(ge=0)
    cursor: int = Field(ge=0)  # the device's pull cursor once this bundle is applied
    more: bool  # the hub holds events after ``cursor`` (in a later bundle, or next time)


Header = DeviceHeader | ReturnHeader
End = DeviceEnd | ReturnEnd
_MODELS: dict[str, tuple[type[_Model], type[_Model]]] = {
    DEVICE: (DeviceHeader, DeviceEnd),
    RETURN: (ReturnHeader, ReturnEnd),
}


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Envelope:
    """A bundle file read but not yet opened: what its clear line says, and the sealed rest."""

    path: Path
    kind: str
    sender: str
    recipient: str
    sealed: bytes


def read_envelope(path: Path) -> Envelope:
    """Read a bundle file (size-capped) and its clear line; BundleError if it is not one."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise BundleError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BundleError(f"{path} is a folder, not a bundle file") from None
    except OSError as error:
        raise BundleError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise BundleError(f"{path} is larger than any bundle ({MAX_FILE_BYTES} bytes): refused")
    end = data.find(b"\n", 0, _FIRST_LINE_MAX)
    match = FIRST_LINE.fullmatch(data[: end + 1]) if end >= 0 else None
    if match is None:
        raise BundleError(f"{path} is not a dzlearn sync bundle (it does not start with {MAGIC})")
    kind, sender, recipient = (part.decode("ascii") for part in match.groups())
    return Envelope(path, kind, sender, recipient, data[end + 1 :])


@dataclass(frozen=True)
class OpenedBundle:
    """A bundle whose seal, signature and every line have been checked."""

    path: Path
    header: Any  # DeviceHeader or ReturnHeader, as the envelope's kind says
    end: Any  # DeviceEnd or ReturnEnd
    _message: bytes

    def events(self) -> Iterator[Event]:
        """The events again, streamed from the same verified bytes ``open_envelope`` validated
        line by line (so they are rebuilt without validating each a second time)."""
        for tag, item in _walk(self._message, self.path, self.header.kind, checked=True):
            if tag == "event":
                yield item

    def conflicts(self) -> Iterator[ConflictReport]:
        for tag, item in _walk(self._message, self.path, self.header.kind, checked=True):
            if tag == "conflict":
                yield item


def open_envelope(
    envelope: Envelope,
    box_secret: PrivateKey,
    sender_key: VerifyKey | None,
    *,
    reader: str,
    unknown_sender: str = "",
) -> OpenedBundle:
    """Decrypt, check the signature, then validate every line; BundleError naming the file.

    ``reader`` names the recipient in messages ("this hub", "this device"). ``sender_key`` None
    means the sender is not known yet: only a device bundle carrying an enrolment request is
    then opened, checked against the key that request names (the caller must still check the
    request's one-time code); any other is refused with ``unknown_sender``. Nothing is kept or
    returned from a bundle that fails any check.
    """
    path = envelope.path
    try:
        signed = SealedBox(box_secret).decrypt(envelope.sealed)
    except CryptoError:
        raise BundleError(
            f"{path}: the bundle is damaged (cut short or altered) or not meant for {reader}: "
            "nothing was imported"
        ) from None
    if sender_key is None:
        sender_key = _enrolling_key(envelope, signed, unknown_sender)
    try:
        message = sender_key.verify(signed)
    except (BadSignatureError, ValueError):
        raise BundleError(
            f"{path}: the signature does not match {envelope.kind} sender {envelope.sender}'s key "
            "(altered or forged): nothing was imported"
        ) from None
    header: Any = None
    end: Any = None
    events = conflicts = 0
    last_seq = 0
    first_seq = 0
    for tag, item in _walk(message, path, envelope.kind):
        if tag == "header":
            header = item
            _check_addresses(envelope, header)
        elif tag == "end":
            end = item
        elif tag == "conflict":
            conflicts += 1
            if item.device_id != header.device_id:
                raise _bad(path, f"conflict {conflicts} is about device {item.device_id}")
        else:
            events += 1
            if envelope.kind == DEVICE:
                if item.device_id != header.device_id:
                    raise _bad(path, f"event {events} was recorded by device {item.device_id}")
                if item.device_seq <= last_seq:
                    raise _bad(path, f"event {events}: sequence numbers do not go up")
                first_seq = first_seq or item.device_seq
                last_seq = item.device_seq
    if envelope.kind == DEVICE:
        counted: tuple[int, ...] = (events, first_seq, last_seq)
        claimed: tuple[int, ...] = (end.events, end.first_seq, end.last_seq)
    else:
        counted, claimed = (events, conflicts), (end.events, end.conflicts)
        if end.cursor < header.after:
            raise _bad(path, f"its cursor goes back from {header.after} to {end.cursor}")
    if counted != claimed:
        raise _bad(path, f"it holds {counted} (events, …) but its end line says {claimed}")
    return OpenedBundle(path, header, end, message)


def _enrolling_key(envelope: Envelope, signed: bytes, unknown_sender: str) -> VerifyKey:
    """The key a not-yet-enrolled device's bundle says it signs with (read before verifying,
    within the reading caps; the signature is then checked with it)."""
    header: Any = None
    if envelope.kind == DEVICE:
        walk = _walk(signed[64:], envelope.path, DEVICE)
        try:
            _, header = next(walk)
        except BundleError:
            header = None
        finally:
            walk.close()
    if header is None or header.enrol is None:
        raise BundleError(unknown_sender or f"{envelope.path}: its sender is not known here")
    if header.enrol.device_id != header.device_id:
        raise _bad(envelope.path, "its enrolment request is for another device")
    return VerifyKey(bytes.fromhex(header.enrol.sign_key))


def _check_addresses(envelope: Envelope, header: Any) -> None:
    """The signed header must say what the clear line said."""
    sender, recipient = (
        (header.device_id, header.hub_id)
        if envelope.kind == DEVICE
        else (header.hub_id, header.device_id)
    )
    if (sender, recipient) != (envelope.sender, envelope.recipient):
        raise BundleError(
            f"{envelope.path}: the outside says from {envelope.sender} for {envelope.recipient}, "
            f"the signed inside from {sender} for {recipient} (altered): nothing was imported"
        )


def _bad(path: Path, detail: str) -> BundleError:
    return BundleError(f"{path}: not a valid bundle ({detail}): nothing was imported")


def _walk(
    message: bytes, path: Path, kind: str, *, checked: bool = False
) -> Iterator[tuple[str, Any]]:
    """Every line, validated: ("header", model), ("event", Event), ("conflict", report), ("end",
    model), in that order, refusing anything else (extra, missing or misplaced lines).

    ``checked``: these very bytes passed once already, so events skip ``wire_to_event``'s
    validation (two thirds of the cost of reading a bundle).
    """
    header_model, end_model = _MODELS[kind]
    allowed = {"event", "conflict"} if kind == RETURN else {"event"}
    lines = iter_lines(
        [message],
        max_lines=MAX_BUNDLE_EVENTS + 2,
        max_line_bytes=MAX_LINE_BYTES,
        max_total_bytes=MAX_READ_BYTES,
        what=f"{path}",
    )
    seen_end = False
    number = 0
    try:
        for number, line in enumerate(lines, start=1):
            if seen_end:
                raise ProtocolError(f"line {number}: more lines after the end line")
            if not isinstance(line, dict) or len(line) != 1:
                raise ProtocolError(f"line {number}: not a bundle line")
            ((tag, data),) = line.items()
            if number == 1:
                if tag != "header":
                    raise ProtocolError("line 1: the header is missing")
                yield tag, header_model.model_validate(data)
            elif tag == "end":
                seen_end = True
                yield tag, end_model.model_validate(data)
            elif tag == "event" and tag in allowed:
                if checked:
                    yield tag, Event(**{"learner_id": None, **data})
                else:
                    yield tag, wire_to_event(data, f"line {number}")
            elif tag == "conflict" and tag in allowed:
                yield tag, ConflictReport.model_validate(data)
            else:
                raise ProtocolError(f"line {number}: unexpected {tag!r} line")
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(whole)"
        raise _bad(path, f"line {number}: field {field}: {first['msg']}") from None
    except ProtocolError as error:
        detail = str(error).removeprefix(f"{path}").lstrip(": ")
        raise _bad(path, detail) from None
    if not seen_end:
        raise _bad(path, "the end line is missing")
