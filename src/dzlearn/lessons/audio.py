"""Audio manifest: which spoken prompt has a recording, and whether it still matches its text.

Like Bloom's talking books, a recording is keyed by the prompt's stable segment id and carries a
checksum of the text it was recorded from: when the lesson text changes the recording is stale.

The Dzongkha recording of a segment is keyed by the segment id itself. An English recording
(today only eSpeak NG reading the English instruction) is keyed ``<segment>#en`` and checked
against the English text, so it can stand in for a missing Dzongkha voice without ever being
mistaken for one. Synthetic audio is labelled as such and can never be approved.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from dzlearn.lessons.models import Prompt, Text

MANIFEST_FILE = "manifest.json"
Language = Literal["dz", "en"]
LANGUAGES: tuple[str, ...] = ("dz", "en")
SEGMENT_KEY = r"^[a-z0-9][a-z0-9._-]{0,63}(#en)?$"
UTC_TIME = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"


def text_checksum(text: str) -> str:
    return hashlib.sha256(unicodedata.normalize("NFC", text).encode("utf-8")).hexdigest()


def segment_key(segment: str, language: str = "dz") -> str:
    """The manifest key of a segment's recording in ``language``."""
    return segment if language == "dz" else f"{segment}#{language}"


def split_key(key: str) -> tuple[str, str]:
    segment, _, language = key.partition("#")
    return segment, language or "dz"


def text_in(text: Text, language: str) -> str:
    return text.dz if language == "dz" else text.en


class Recording(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={  # the rule _consistent enforces, for validators outside the app
            "not": {
                "required": ["approved", "synthetic"],
                "properties": {"approved": {"const": True}, "synthetic": {"const": True}},
            }
        },
    )

    segment: str = Field(pattern=SEGMENT_KEY, description="segment id; '<id>#en' for English")
    file: str = Field(min_length=1, description="path relative to the manifest's folder")
    text_sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="of the NFC text recorded")
    speaker: str
    licence: str
    approved: bool = False
    synthetic: bool = False
    language: Language = "dz"
    recorded_at: str | None = Field(default=None, pattern=UTC_TIME)
    duration_ms: int | None = Field(default=None, ge=0)

    @field_validator("file")
    @classmethod
    def _relative_file(cls, value: str) -> str:
        parts = PurePosixPath(value).parts
        if value.startswith("/") or "\\" in value or ":" in value or ".." in parts:
            raise ValueError(f"file {value!r} must be a relative path inside the audio folder")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Recording:
        if self.approved and self.synthetic:
            raise ValueError(f"{self.segment}: a synthetic recording can never be approved")
        if split_key(self.segment)[1] != self.language:
            raise ValueError(
                f"{self.segment}: language {self.language!r} does not match the segment key "
                f"(Dzongkha recordings use the bare id, English ones '<id>#en')"
            )
        return self

    @property
    def key(self) -> str:
        return self.segment

    @property
    def segment_id(self) -> str:
        return split_key(self.segment)[0]


class AudioManifest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = 1
    recordings: list[Recording] = Field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> AudioManifest:
        """The manifest at ``path``, an empty one if there is none; raises if it is damaged."""
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        return cls.model_validate(json.loads(raw))

    def to_bytes(self) -> bytes:
        text = json.dumps(
            self.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False
        )
        return (text + "\n").encode("utf-8")

    def find(self, key: str) -> Recording | None:
        return next((r for r in self.recordings if r.segment == key), None)

    def with_recording(self, recording: Recording) -> AudioManifest:
        """A copy with ``recording`` replacing any other of the same key, sorted by key."""
        others = [r for r in self.recordings if r.segment != recording.segment]
        ordered = sorted([*others, recording], key=lambda r: r.segment)
        return self.model_copy(update={"recordings": ordered})

    def without(self, key: str) -> AudioManifest:
        return self.model_copy(
            update={"recordings": [r for r in self.recordings if r.segment != key]}
        )


def manifest_schema() -> str:
    """The JSON Schema of ``manifest.json`` (committed as assets/audio/manifest.schema.json)."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "dzlearn audio manifest",
        **{k: v for k, v in AudioManifest.model_json_schema().items() if k != "title"},
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


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
    language: str = "dz"
    approved: bool = False
    recording: Recording | None = None

    @property
    def playable(self) -> bool:
        return self.state is AudioState.RECORDED and self.path is not None


class AudioLibrary:
    """Recordings from the bundled audio folder, imported audio packs and the studio's folder.

    A later folder's recording of a segment replaces an earlier one, so an imported pack can
    supply or re-record prompts and the centre's own studio recordings (loaded last) win. A
    damaged manifest must not stop lessons: its bad entries are skipped with a problem note.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.folders: tuple[Path, ...] = ()
        self._by_segment: dict[str, tuple[Path, Recording]] = {}

    @classmethod
    def load(cls, *folders: Path) -> AudioLibrary:
        library = cls()
        library.reload(folders)
        return library

    def reload(self, folders: tuple[Path, ...] | list[Path] | None = None) -> None:
        """Read the manifests again (off the UI thread), then swap the result in at once."""
        folders = tuple(self.folders if folders is None else folders)
        problems: list[str] = []
        by_segment: dict[str, tuple[Path, Recording]] = {}
        for folder in folders:
            seen: set[str] = set()
            for rec in _read_manifest(folder, problems):
                if rec.segment in seen:
                    problems.append(
                        f"{folder / MANIFEST_FILE}: {rec.segment!r} is listed twice; the later "
                        "entry counts"
                    )
                seen.add(rec.segment)
                by_segment[rec.segment] = (folder, rec)
        self.folders, self._by_segment, self.problems = folders, by_segment, problems

    def entry(self, key: str) -> tuple[Path, Recording] | None:
        """The folder and recording in effect for a manifest key (``segment_key``)."""
        return self._by_segment.get(key)

    def entries(self) -> list[tuple[Path, Recording]]:
        return list(self._by_segment.values())

    def lookup_text(self, segment: str, text: Text, language: str = "dz") -> PromptAudio:
        found = self._by_segment.get(segment_key(segment, language))
        if found is None:
            return PromptAudio(AudioState.MISSING, language=language)
        folder, rec = found
        path = folder / rec.file
        state = AudioState.RECORDED
        if rec.text_sha256 != text_checksum(text_in(text, language)):
            state = AudioState.STALE
        elif not path.is_file():
            state = AudioState.BROKEN
        return PromptAudio(state, path, rec.synthetic, language, rec.approved, rec)

    def lookup(self, prompt: Prompt, language: str = "dz") -> PromptAudio:
        return self.lookup_text(prompt.segment, prompt.text, language)

    def lookup_fallback(self, prompt: Prompt) -> PromptAudio:
        """The Dzongkha recording if it plays; else the English (synthetic) one if that plays;
        else the Dzongkha result, whose state says why there is nothing to hear."""
        dz = self.lookup(prompt)
        if dz.playable:
            return dz
        en = self.lookup(prompt, "en")
        return en if en.playable else dz


def _read_manifest(folder: Path, problems: list[str]) -> list[Recording]:
    path = folder / MANIFEST_FILE
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        problems.append(f"{path}: cannot be read: {exc}")
        return []
    try:
        return AudioManifest.model_validate(data).recordings
    except ValidationError as exc:
        whole = exc
    entries = data.get("recordings") if isinstance(data, dict) else None
    envelope_ok = isinstance(data, dict) and set(data) <= {"schema_version", "recordings"}
    if not envelope_ok or not isinstance(entries, list) or data.get("schema_version", 1) != 1:
        problems.append(f"{path}: not an audio manifest: {_describe(whole)}")
        return []
    good: list[Recording] = []
    for index, entry in enumerate(entries):
        try:
            good.append(Recording.model_validate(entry))
        except ValidationError as exc:
            problems.append(f"{path}: recordings.{index} skipped: {_describe(exc)}")
    return good


def _describe(exc: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or 'manifest'}: {err['msg']}"
        for err in exc.errors()
    )
