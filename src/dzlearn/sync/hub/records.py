"""What the hub store hands out: its error, device and conflict records, enrolment codes, tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

# No 0/O or 1/I (misread aloud and on screen); 32 letters, so 10 of them carry 50 random bits.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


class HubError(Exception):
    """A refusal or failure with the HTTP status it maps to; ``message`` is for a person."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class DeviceRecord:
    device_id: str
    name: str
    sign_key: str  # Ed25519 verify key, hex
    box_key: str  # Curve25519 public key, hex
    enrolled_at: str
    revoked_at: str | None
    acked_seq: int

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class ConflictRecord:
    """An event the hub refused to store because its id or device slot holds other content."""

    conflict_id: int
    event_id: str
    device_id: str
    device_seq: int
    reason: str
    received_at: str
    source: str
    event: dict[str, Any]  # the rejected event, whole, as it arrived


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A bearer token with 256 random bits; the hub keeps only its SHA-256."""
    return secrets.token_urlsafe(32)


def new_code() -> str:
    """An enrolment code to read aloud or type: ``ABCDE-FGH23``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    """What was typed, as stored: case, spaces and dashes do not matter."""
    return "".join(ch for ch in code.upper() if ch not in " -\t")
