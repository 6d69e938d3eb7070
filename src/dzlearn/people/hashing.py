"""argon2id for facilitators' passphrases and learners' picture passwords.

A 3-picture sequence (1,728 possibilities) protects learners from each other, not from someone
holding the progress file: that protection comes from the in-app lock-out. Facilitators' real
passphrases are what keep facilitator mode closed.
"""

from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .rules import check_picture_sequence

_HASHER = PasswordHasher()  # argon2id, RFC 9106's second recommendation (t=3, 64 MiB, p=4)


def hash_passphrase(passphrase: str) -> str:
    return _HASHER.hash(passphrase)


def verify_passphrase(passphrase_hash: str, passphrase: str) -> bool:
    """False for a wrong passphrase and for a hash that cannot be read (never an exception)."""
    try:
        return _HASHER.verify(passphrase_hash, passphrase)
    except (VerificationError, InvalidHashError, TypeError, ValueError):
        return False


def picture_secret(pictures: Iterable[str]) -> str:
    """What is hashed: the picture names joined by ','."""
    return ",".join(check_picture_sequence(pictures))


def hash_picture_password(pictures: Iterable[str]) -> str:
    return _HASHER.hash(picture_secret(pictures))


def verify_picture_password(password_hash: str, pictures: Iterable[str]) -> bool:
    try:
        secret = picture_secret(pictures)
    except ValueError:
        return False
    return verify_passphrase(password_hash, secret)
