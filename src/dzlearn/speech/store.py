"""The centre's own recordings: ``<data>/audio/recordings/`` (files + ``manifest.json``), and
moving them between centres as signed audio packs.

The bundled ``assets/audio/`` is read-only content in an installed app, so the studio writes
to the data folder; the app loads that folder last, so the centre's own takes win. Every write
is temp file + rename, and the manifest is rewritten only after the audio file is safely in
place: a power cut leaves the old recording or the new one, never half of either.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from dzlearn.lessons.audio import (
    MANIFEST_FILE,
    AudioManifest,
    Recording,
    segment_key,
    text_checksum,
    text_in,
)
from dzlearn.lessons.models import Text
from dzlearn.packs import (
    InstalledPack,
    PackRefused,
    TrustStore,
    build_pack,
    import_pack,
    local_keys_dir,
    read_signing_key,
    shipped_keys_dir,
    sign_archive,
    verify_pack,
)
from dzlearn.packs.fsutil import atomic_output, atomic_write_bytes
from dzlearn.speech.processing import Clip, encode_opus

DEFAULT_LICENCE = "CC-BY-4.0"  # lets every centre and CSO share and reuse, crediting the speaker


class StoreError(Exception):
    """The recordings folder cannot be used; the message says what to do."""


def utc_now(clock: float | None = None) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if clock is None else clock))


@dataclass(frozen=True)
class ExportResult:
    archive: Path
    pack_id: str
    version: int
    recordings: int
    key_id: str


class RecordingStore:
    """Reads and writes one recordings folder. Call it off the UI thread; one writer at a time."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def manifest_path(self) -> Path:
        return self.folder / MANIFEST_FILE

    def manifest(self) -> AudioManifest:
        try:
            return AudioManifest.read(self.manifest_path)
        except (OSError, ValueError, ValidationError) as exc:
            raise StoreError(
                f"The recordings list {self.manifest_path} is damaged, so nothing was saved "
                f"({exc.__class__.__name__}). Restore it from a backup or move it away."
            ) from exc

    def _write(self, manifest: AudioManifest) -> None:
        atomic_write_bytes(self.manifest_path, manifest.to_bytes())

    def save_clip(
        self,
        segment: str,
        text: Text,
        clip: Clip,
        speaker: str,
        licence: str = DEFAULT_LICENCE,
        *,
        language: str = "dz",
        synthetic: bool = False,
        clock: float | None = None,
    ) -> Recording:
        """Encode ``clip`` as the segment's recording (replacing any earlier take, unapproved)."""
        if not speaker.strip():
            raise StoreError("Type the speaker's name before recording.")
        manifest = self.manifest()
        key = segment_key(segment, language)
        name = f"{language}/{segment}-{secrets.token_hex(4)}.ogg"
        encode_opus(clip, self.folder / name)
        recording = Recording(
            segment=key,
            file=name,
            text_sha256=text_checksum(text_in(text, language)),
            speaker=speaker.strip(),
            licence=licence.strip() or DEFAULT_LICENCE,
            approved=False,
            synthetic=synthetic,
            language=language,  # type: ignore[arg-type]
            recorded_at=utc_now(clock),
            duration_ms=clip.duration_ms,
        )
        old = manifest.find(key)
        try:
            self._write(manifest.with_recording(recording))
        except BaseException:
            (self.folder / name).unlink(missing_ok=True)
            raise
        if old is not None and old.file != name:
            self._discard(old.file)
        return recording

    def _discard(self, file: str) -> None:
        """Remove a replaced take; if Windows still has it open (a player), it stays as a
        harmless stray file rather than failing a save that has already happened."""
        with contextlib.suppress(OSError):
            (self.folder / file).unlink(missing_ok=True)

    def save_english_synthetic(self, segment: str, text: Text) -> Recording:
        """eSpeak NG (or the system voice) reading the English instruction, labelled synthetic."""
        from dzlearn.speech.tts import synthesize_clip

        processed, speaker = synthesize_clip(text.en)
        return self.save_clip(segment, text, processed.clip, speaker, language="en", synthetic=True)

    def approve(
        self,
        segment: str,
        text: Text,
        approved: bool = True,
        adopt: tuple[Path, Recording] | None = None,
    ) -> Recording:
        """Mark the Dzongkha recording approved, only if it is a person's, of the current text.

        ``adopt`` is the recording the app plays today (folder, entry), e.g. from an imported
        pack: approving it here copies it into this folder, so the approval is this centre's.
        """
        manifest = self.manifest()
        recording = manifest.find(segment)
        adopted = recording is None and adopt is not None and adopt[1].segment == segment
        if adopted:
            recording = adopt[1]
        if recording is None:
            raise StoreError("There is no recording of this prompt here to approve.")
        if recording.synthetic and approved:
            raise StoreError("A synthetic voice can never be approved; record a person instead.")
        if recording.text_sha256 != text_checksum(text.dz) and approved:
            raise StoreError("The text changed since this was recorded: record it again.")
        if adopted:
            name = f"dz/{segment}-{secrets.token_hex(4)}.ogg"
            with (
                open(adopt[0] / recording.file, "rb") as src,
                atomic_output(self.folder / name) as out,
            ):
                shutil.copyfileobj(src, out)
            recording = recording.model_copy(update={"file": name})
        updated = recording.model_copy(update={"approved": approved})
        self._write(manifest.with_recording(updated))
        return updated

    def remove(self, key: str) -> None:
        manifest = self.manifest()
        recording = manifest.find(key)
        if recording is None:
            return
        self._write(manifest.without(key))
        self._discard(recording.file)

    def export_folder(self, dest: Path, current: dict[str, str], approved_only: bool) -> int:
        """Copy the recordings worth sharing, with their manifest, into the empty ``dest``.

        ``current`` maps each manifest key to the checksum of its text today: stale takes and
        ones whose file is gone stay home; with ``approved_only`` so do unapproved ones.
        """
        chosen = [
            r
            for r in self.manifest().recordings
            if current.get(r.segment) == r.text_sha256
            and (self.folder / r.file).is_file()
            and (r.approved or not approved_only)
        ]
        for rec in chosen:
            target = dest / rec.file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.folder / rec.file, target)
        (dest / MANIFEST_FILE).write_bytes(AudioManifest(recordings=chosen).to_bytes())
        return len(chosen)

    def export_pack(
        self,
        archive: Path,
        key_file: Path,
        pack_id: str,
        current: dict[str, str],
        approved_only: bool = True,
        clock: float | None = None,
    ) -> ExportResult:
        """A signed ``.dzpack`` of this centre's recordings. The version is the UTC time
        (YYYYMMDDhhmmss), so every later export of the same pack id replaces an earlier one."""
        signing_key = read_signing_key(key_file)  # PackRefused("bad-key") before any work
        version = int(time.strftime("%Y%m%d%H%M%S", time.gmtime(clock or time.time())))
        staging_root = self.folder.parent
        staging_root.mkdir(parents=True, exist_ok=True)
        for left in staging_root.glob(".export-*"):  # from an export a power cut interrupted
            shutil.rmtree(left, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=".export-", dir=staging_root))
        try:
            count = self.export_folder(staging, current, approved_only)
            if count == 0:
                which = "approved recordings" if approved_only else "recordings"
                raise StoreError(f"There are no {which} of the current lesson text to export.")
            build_pack(staging, archive, kind="audio", pack_id=pack_id, version=version)
            manifest = sign_archive(archive, signing_key)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return ExportResult(archive, pack_id, version, count, manifest.key_id or "")


def trust_store(resources: Path, data_root: Path) -> TrustStore:
    return TrustStore.load(shipped_keys_dir(resources), local_keys_dir(data_root))


def import_audio_pack(archive: Path, resources: Path, data_root: Path) -> InstalledPack:
    """Verify and install an audio pack; raises PackRefused (with a code and words) or OSError.
    A lesson pack is refused here (the lesson list would not show it until a restart)."""
    trust = trust_store(resources, data_root)
    kind = verify_pack(archive, trust).manifest.kind
    if kind != "audio":
        raise PackRefused(
            "not-audio",
            f"this is a {kind} pack, not recordings: import it with 'dzlearn pack import'",
        )
    return import_pack(archive, data_root, trust)


def current_checksums(segments: list) -> dict[str, str]:  # list[Segment]
    """Manifest key → checksum of today's text, for every language of every segment."""
    return {
        segment_key(s.id, language): text_checksum(text_in(s.text, language))
        for s in segments
        for language in ("dz", "en")
    }
