"""Ed25519 signing keys and the trust store that decides whose packs a centre will install.

Several public keys can be trusted at once: that is how a signing key is rotated (ship the old
and the new public key for a while, then drop the old one). Shipped keys come with the app in
``<resources>/keys/trusted``; a facilitator may add a CSO's key under ``<data>/trusted-keys``.
Private keys never live in the app or its data folder.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from pathlib import Path

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from dzlearn.packs.errors import PackRefused
from dzlearn.packs.fsutil import atomic_write_bytes

PUBLIC_TAG = "dzlearn-ed25519-public"
SECRET_TAG = "dzlearn-ed25519-secret"
SECRET_WARNING = """\
# SECRET - dzlearn pack signing key (Ed25519 private key).
# Anyone holding this file can sign packs that community centres will install.
# Keep it offline with the CSO coordinator. Never commit it, e-mail it, or copy it onto a
# USB stick with packs. Share only the matching .pub file.
"""


def key_id(verify_key: VerifyKey) -> str:
    """First 16 hex digits of SHA-256 over the 32 raw public-key bytes."""
    return hashlib.sha256(bytes(verify_key)).hexdigest()[:16]


def public_key_text(verify_key: VerifyKey) -> str:
    encoded = base64.b64encode(bytes(verify_key)).decode("ascii")
    return (
        "# dzlearn pack signing public key (Ed25519). Safe to share.\n"
        f"# key id: {key_id(verify_key)}\n"
        f"{PUBLIC_TAG} {encoded}\n"
    )


def generate_keypair(prefix: Path) -> tuple[Path, Path, str]:
    """Write PREFIX.key (secret, mode 0600) and PREFIX.pub; never overwrite an existing key."""
    secret_path = prefix.with_name(prefix.name + ".key")
    public_path = prefix.with_name(prefix.name + ".pub")
    for path in (secret_path, public_path):
        if path.exists():
            raise PackRefused("bad-key", f"{path} already exists; refusing to overwrite a key")
    signing_key = SigningKey.generate()
    seed = base64.b64encode(bytes(signing_key)).decode("ascii")
    ident = key_id(signing_key.verify_key)
    secret = f"{SECRET_WARNING}# key id: {ident}\n{SECRET_TAG} {seed}\n"
    atomic_write_bytes(secret_path, secret.encode("ascii"), mode=0o600)
    atomic_write_bytes(public_path, public_key_text(signing_key.verify_key).encode("ascii"))
    return secret_path, public_path, ident


def _read_tagged(path: Path, tag: str) -> bytes:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackRefused("bad-key", f"{path} is not a dzlearn key file") from None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    other = SECRET_TAG if tag == PUBLIC_TAG else PUBLIC_TAG
    if lines and lines[0].startswith(other + " "):
        if other == SECRET_TAG:
            raise PackRefused(
                "bad-key",
                f"{path} is a PRIVATE key; give the matching .pub file and keep this one secret",
            )
        raise PackRefused("bad-key", f"{path} is a public key; signing needs the .key file")
    if len(lines) != 1 or not lines[0].startswith(tag + " "):
        raise PackRefused("bad-key", f"{path} is not a dzlearn key file (no '{tag}' line)")
    try:
        raw = base64.b64decode(lines[0].split(" ", 1)[1], validate=True)
    except (binascii.Error, ValueError):
        raise PackRefused("bad-key", f"{path}: the key is not valid base64") from None
    if len(raw) != 32:
        raise PackRefused("bad-key", f"{path}: the key is {len(raw)} bytes, not 32")
    return raw


def read_signing_key(path: Path) -> SigningKey:
    return SigningKey(_read_tagged(path, SECRET_TAG))


def read_public_key(path: Path) -> VerifyKey:
    return VerifyKey(_read_tagged(path, PUBLIC_TAG))


@dataclass(frozen=True)
class TrustedKey:
    key_id: str
    verify_key: VerifyKey
    path: Path | None  # None for keys handed in directly (tests, embedding)
    shipped: bool


@dataclass(frozen=True)
class TrustStore:
    """The public keys whose signatures this installation accepts; unreadable files are noted."""

    keys: tuple[TrustedKey, ...]
    problems: tuple[str, ...] = ()

    @classmethod
    def of(cls, *verify_keys: VerifyKey) -> TrustStore:
        return cls(tuple(TrustedKey(key_id(k), k, None, False) for k in verify_keys))

    @classmethod
    def load(cls, shipped_dir: Path, local_dir: Path) -> TrustStore:
        keys: dict[str, TrustedKey] = {}
        problems: list[str] = []
        for folder, shipped in ((shipped_dir, True), (local_dir, False)):
            paths = sorted(folder.glob("*.pub")) if folder.is_dir() else []
            for path in paths:
                try:
                    vk = read_public_key(path)
                except (PackRefused, OSError) as exc:
                    problems.append(getattr(exc, "message", str(exc)))
                    continue
                keys.setdefault(key_id(vk), TrustedKey(key_id(vk), vk, path, shipped))
        return cls(tuple(keys.values()), tuple(problems))

    def find(self, ident: str) -> TrustedKey | None:
        return next((k for k in self.keys if k.key_id == ident), None)

    def signer_of(self, message: bytes, signature: bytes) -> TrustedKey | None:
        """The trusted key that made this signature, if any: any trusted key will do."""
        for key in self.keys:
            try:
                key.verify_key.verify(message, signature)
            except BadSignatureError:
                continue
            return key
        return None


def shipped_keys_dir(resource_root: Path) -> Path:
    return resource_root / "keys" / "trusted"


def local_keys_dir(data_root: Path) -> Path:
    return data_root / "trusted-keys"


def trust_key(data_root: Path, key_file: Path) -> TrustedKey:
    """Copy a CSO's public key into this installation's trust store, named by its key id."""
    vk = read_public_key(key_file)
    ident = key_id(vk)
    target = local_keys_dir(data_root) / f"{ident}.pub"
    atomic_write_bytes(target, public_key_text(vk).encode("ascii"))
    return TrustedKey(ident, vk, target, False)


def untrust_key(data_root: Path, store: TrustStore, ident: str) -> Path:
    key = store.find(ident)
    if key is None:
        raise PackRefused("bad-key", f"no trusted key has id {ident}")
    if key.shipped or key.path is None:
        raise PackRefused(
            "bad-key",
            f"key {ident} ships with the app ({key.path}); it is removed by an app update",
        )
    key.path.unlink()
    return key.path
