"""Audio manifest: which spoken prompt has a recording, and whether it still matches its text.

Like Bloom's talking books, a recording is keyed by the prompt's stable segment id and carries a
checksum of the text it was recorded from: when the lesson text changes the recording is stale.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dzlearn.lessons.models import Prompt

MANIFEST_FILE = "manifest.json"


def text_checksum(text: str) -> str:
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


class Recording(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    segment: str
    file: str = Field(min_length=1, description="path relative to assets/audio/")
    text_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    speaker: str
    licence: str
    approved: bool = False
    synthetic: bool = False


class AudioManifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: int = 1
    recordings: list[Recording] = Field(default_factory=list)


class AudioState(Enum):
    RECORDED = "recorded"
    MISSING = "missing"  # no recording yet
    STALE = "stale"  # recorded from text that has since changed
    BROKEN = "broken"  # listed, but the file is not there


@dataclass(frozen=True)
class PromptAudio:
    state: AudioState
    path: Path | None = None
    synthetic: bool = False


class AudioLibrary:
    def __init__(self, folder: Path, manifest: AudioManifest, problem: str | None = None) -> None:
        self.folder = folder
        self.problem = problem
        self._by_segment = {r.segment: r for r in manifest.recordings}

    @classmethod
    def load(cls, folder: Path) -> AudioLibrary:
        """A damaged manifest must not stop lessons: it yields no recordings and a problem note."""
        path = folder / MANIFEST_FILE
        if not path.exists():
            return cls(folder, AudioManifest())
        try:
            manifest = AudioManifest.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, ValidationError) as exc:
            return cls(folder, AudioManifest(), f"{path}: {exc}")
        return cls(folder, manifest)

    def lookup(self, prompt: Prompt) -> PromptAudio:
        rec = self._by_segment.get(prompt.segment)
        if rec is None:
            return PromptAudio(AudioState.MISSING)
        path = self.folder / rec.file
        if rec.text_sha256 != text_checksum(prompt.text.dz):
            return PromptAudio(AudioState.STALE, path, rec.synthetic)
        if not path.is_file():
            return PromptAudio(AudioState.BROKEN, path, rec.synthetic)
        return PromptAudio(AudioState.RECORDED, path, rec.synthetic)
