"""Signed lesson and audio packs: build, sign, verify and install ``.dzpack`` archives.

Packs travel on USB sticks between community centres, so an archive is treated as hostile until
its names, its Ed25519 signature (by a trusted key) and every file's SHA-256 have been checked,
and it is installed by renaming a fully checked folder into place. Pure Python, no Qt.
"""

from dzlearn.packs.build import build_pack, sign_archive
from dzlearn.packs.errors import Limits, PackRefused
from dzlearn.packs.install import (
    InstalledPack,
    import_pack,
    installed_pack_dirs,
    list_installed,
    pack_dir,
    recover_interrupted,
)
from dzlearn.packs.keys import (
    TrustedKey,
    TrustStore,
    generate_keypair,
    key_id,
    local_keys_dir,
    read_public_key,
    read_signing_key,
    shipped_keys_dir,
    trust_key,
    untrust_key,
)
from dzlearn.packs.manifest import FileEntry, Manifest
from dzlearn.packs.verify import VerifiedPack, verify_pack

__all__ = [
    "FileEntry",
    "InstalledPack",
    "Limits",
    "Manifest",
    "PackRefused",
    "TrustStore",
    "TrustedKey",
    "VerifiedPack",
    "build_pack",
    "generate_keypair",
    "import_pack",
    "installed_pack_dirs",
    "key_id",
    "list_installed",
    "local_keys_dir",
    "pack_dir",
    "read_public_key",
    "read_signing_key",
    "recover_interrupted",
    "shipped_keys_dir",
    "sign_archive",
    "trust_key",
    "untrust_key",
    "verify_pack",
]
