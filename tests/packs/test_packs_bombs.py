"""Zip bombs: sizes are counted as bytes leave the decompressor, never read from the headers."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from packforge import AUDIO_DOC, Forge, Zeros, patch_entry

from dzlearn.packs import Limits, PackRefused, TrustStore, verify_pack
from dzlearn.packs.errors import MiB

BOMB = 50 * MiB
ROOMY = Limits(max_file_bytes=64 * MiB, max_total_bytes=64 * MiB, max_ratio=100)


def _counted(archive: Path, trust: TrustStore, limits: Limits) -> tuple[PackRefused, int]:
    seen = [0]
    with pytest.raises(PackRefused) as caught:
        verify_pack(archive, trust, limits=limits, progress=lambda done, _: seen.append(done))
    return caught.value, max(seen)


def test_fifty_megabytes_of_zeros_is_refused_by_ratio(refuse, forge: Forge, trust):
    archive = forge.make([("files/zeros.bin", Zeros(BOMB))])
    assert archive.stat().st_size < 200_000
    refuse(archive, "ratio", names="'files/zeros.bin'", limits=ROOMY)
    refuse(archive, "ratio", names="'files/zeros.bin'")  # default limits too
    exc, decompressed = _counted(archive, trust, ROOMY)
    assert exc.reason_code == "ratio"
    assert decompressed < 12 * MiB  # stopped early, not after inflating all 50 MB


def test_header_that_understates_the_size_does_not_hide_the_bomb(refuse, forge: Forge, trust):
    archive = forge.make([("files/zeros.bin", Zeros(20 * MiB))])
    patch_entry(archive, "files/zeros.bin", file_size=1000)
    with zipfile.ZipFile(archive) as zf:
        assert zf.getinfo("files/zeros.bin").file_size == 1000  # what the header claims
    refuse(archive, "ratio", names="'files/zeros.bin'", limits=ROOMY)


def test_manifest_and_header_agreeing_on_a_lie(refuse, forge: Forge):
    members = [("files/zeros.bin", Zeros(20 * MiB))]
    manifest = forge.manifest([("files/manifest.json", AUDIO_DOC), *members])
    for entry in manifest["files"]:
        if entry["path"] == "zeros.bin":
            entry["size"] = 1000
    archive = forge.make(members, manifest=manifest)
    patch_entry(archive, "files/zeros.bin", file_size=1000)
    refuse(archive, "size-mismatch", names="more than the 1000 bytes")


def test_total_size_is_capped(refuse, forge: Forge):
    archive = forge.make([(f"files/{n}.bin", Zeros(300_000)) for n in range(4)])
    limits = Limits(max_total_bytes=1_000_000, ratio_floor_bytes=10 * MiB)
    refuse(archive, "too-large", names="unpacks to", limits=limits)
