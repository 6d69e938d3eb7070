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
    """Recordings from the bundled audio folder and from imported audio packs.

    A later folder's recording of a segment replaces an earlier one, so an imported pack can
    supply or re-record prompts. A damaged manifest must not stop lessons: it contributes no
    recordings and a problem note.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []
        self._by_segment: dict[str, tuple[Path, Recording]] = {}

    @classmethod
    def load(cls, *folders: Path) -> AudioLibrary:
        library = cls()
        for folder in folders:
            library._add(folder)
        return library

    def _add(self, folder: Path) -> None:
        path = folder / MANIFEST_FILE
        if not path.exists():
            return
        try:
            manifest = AudioManifest.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, ValidationError) as exc:
            self.problems.append(f"{path}: {exc}")
            return
        for rec in manifest.recordings:
            self._by_segment[rec.segment] = (folder, rec)

    def lookup(self, prompt: Prompt) -> PromptAudio:
        found = self._by_segment.get(prompt.segment)
        if found is None:
            return PromptAudio(AudioState.MISSING)
        folder, rec = found
        path = folder / rec.file
        if rec.text_sha256 != text_checksum(prompt.text.dz):
            return PromptAudio(AudioState.STALE, path, rec.synthetic)
        if not path.is_file():
            return PromptAudio(AudioState.BROKEN, path, rec.synthetic)
        return PromptAudio(AudioState.RECORDED, path, rec.synthetic)
