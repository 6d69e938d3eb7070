"""Moving recordings between centres from the studio: export a signed audio pack, import one.

A mixin of StudioScreen, kept apart so the screen stays about recording. Both run on the
TaskRunner; a refusal is shown in words with what to do about it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from dzlearn.i18n import _
from dzlearn.packs import PackRefused
from dzlearn.speech.coverage import Coverage
from dzlearn.speech.store import current_checksums, import_audio_pack

REFUSAL_HINTS = {
    "untrusted-key": "Ask the centre that made it for their .pub key, then: dzlearn pack trust.",
    "bad-signature": "The pack was changed or damaged after signing: get a fresh copy.",
    "unsigned": "The pack is not signed: ask its maker to export it again with a key.",
    "downgrade": "A newer version of these recordings is already installed.",
    "already-installed": "These recordings are already installed.",
    "not-a-zip": "The file is damaged or not a pack: copy it again.",
    "bad-key": "Choose the .key file made by: dzlearn pack keygen NAME.",
}


def refusal_text(error: BaseException) -> str:
    if isinstance(error, PackRefused):
        hint = REFUSAL_HINTS.get(error.reason_code, "")
        return _("Refused ({code}): {m}").format(code=error.reason_code, m=error.message) + (
            "\n" + _(hint) if hint else ""
        )
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    return str(error)


class PackSharing:
    """Needs from the screen: services, runner, store, list_page, segments, say(), _failed(),
    _reload_work() and _show_coverage()."""

    def _choose_export(self) -> None:
        key, _f = QFileDialog.getOpenFileName(
            self, _("Choose your signing key (.key)"), "", _("Signing keys (*.key)")
        )
        if not key:
            self.say(_("To export, choose the .key file made by: dzlearn pack keygen NAME"))
            return
        suggested = str(Path.home() / f"{self.pack_id()}.dzpack")
        out, _f = QFileDialog.getSaveFileName(
            self, _("Save the recordings as"), suggested, _("dzlearn packs (*.dzpack)")
        )
        if out:
            self.export_to(Path(out), Path(key))

    def pack_id(self) -> str:
        return f"dz-voice-{self.services.db.device_id[:8]}"

    def export_to(self, archive: Path, key_file: Path, approved_only: bool | None = None) -> None:
        only = self.list_page.only_approved.isChecked() if approved_only is None else approved_only
        current = current_checksums(list(self.segments.values()))
        self.say(_("Exporting…"))

        def done(result: Any) -> None:
            self.say(
                _(
                    "Exported {n} recordings to {p} (pack {i} version {v}, signed by key {k}). "
                    "Centres that trust this key can import it."
                ).format(
                    n=result.recordings,
                    p=result.archive,
                    i=result.pack_id,
                    v=result.version,
                    k=result.key_id,
                ),  # fmt: skip
                "good",
            )

        self.runner.run(
            lambda: self.store.export_pack(archive, key_file, self.pack_id(), current, only),
            done,
            self._failed,
        )

    def _choose_import(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, _("Choose a recordings pack"), "", _("dzlearn packs (*.dzpack)")
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, archive: Path) -> None:
        self.say(_("Checking and importing {n}…").format(n=archive.name))
        resources, root = self.services.resources, self.services.location.root

        def work() -> tuple[Any, Coverage]:
            installed = import_audio_pack(archive, resources, root)
            return installed, self._reload_work()

        def done(result: tuple[Any, Coverage]) -> None:
            installed, cov = result
            self._show_coverage(cov)
            self.say(
                _("Imported recordings {i} version {v}.").format(
                    i=installed.pack_id, v=installed.version
                ),
                "good",
            )

        self.runner.run(work, done, self._failed)
