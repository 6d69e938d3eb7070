"""What must be inside a pack of each kind, checked the same way at build, verify and import.

A lesson pack's ``pack.json`` and an audio pack's ``manifest.json`` must load with the app's own
models and agree with the signed manifest, so a pack that installs is a pack the app can use.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from dzlearn.lessons.audio import AudioManifest
from dzlearn.lessons.models import Pack
from dzlearn.packs.errors import Limits, PackRefused
from dzlearn.packs.manifest import Manifest, describe

DOCUMENTS = {"lessons": "pack.json", "audio": "manifest.json"}


def key_document(kind: str) -> str:
    return DOCUMENTS[kind]


def check_document_listed(manifest: Manifest, limits: Limits) -> None:
    name = key_document(manifest.kind)
    entry = next((f for f in manifest.files if f.path == name), None)
    if entry is None:
        raise PackRefused("bad-pack", f"a {manifest.kind} pack must contain {name} at its top")
    if entry.size > limits.max_manifest_bytes:
        raise PackRefused(
            "bad-pack", f"{name} is {entry.size} bytes; at most {limits.max_manifest_bytes}"
        )


def _load_json(name: str, data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise PackRefused("bad-pack", f"{name} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise PackRefused(
            "bad-pack", f"{name} line {exc.lineno} column {exc.colno}: not valid JSON: {exc.msg}"
        ) from None


def lesson_pack_header(data: bytes) -> Pack:
    try:
        return Pack.model_validate(_load_json("pack.json", data))
    except ValidationError as exc:
        raise PackRefused(
            "bad-pack", f"pack.json is not a valid lesson pack: {describe(exc)}"
        ) from None


def check_document(manifest: Manifest, data: bytes) -> None:
    """The pack's own description agrees with the signed manifest."""
    if manifest.kind == "lessons":
        pack = lesson_pack_header(data)
        pairs = [
            ("id", pack.id, manifest.pack_id),
            ("version", pack.version, manifest.version),
            ("min_app_version", pack.min_app_version, manifest.min_app_version),
        ]
        for field, inside, signed in pairs:
            if inside != signed:
                raise PackRefused(
                    "bad-pack",
                    f"pack.json says {field} {inside!r} but the signed manifest says {signed!r}",
                )
        return
    try:
        audio = AudioManifest.model_validate(_load_json("manifest.json", data))
    except ValidationError as exc:
        raise PackRefused(
            "bad-pack", f"manifest.json is not a valid audio manifest: {describe(exc)}"
        ) from None
    listed = {f.path for f in manifest.files}
    for rec in audio.recordings:
        if rec.file not in listed:
            raise PackRefused(
                "bad-pack",
                f"manifest.json: recording {rec.segment!r} names {rec.file!r}, "
                "which is not in the pack",
            )
