"""The recording studio (facilitators): see which prompts have a voice, record them one at a
time, clean each take, listen, approve; move recordings between centres as signed packs.

Everything slow (cleaning and encoding a take, manifests, packs) runs on the TaskRunner; this
class only moves widgets. Recordings go to ``<data>/audio/recordings/`` (speech/store.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from dzlearn.i18n import _
from dzlearn.packs import PackRefused
from dzlearn.speech.capture import FileFeed, Microphone, MicrophoneError
from dzlearn.speech.coverage import Coverage, Segment, SegmentStatus, coverage, segments_of
from dzlearn.speech.folders import audio_folders, recordings_dir
from dzlearn.speech.processing import AudioProcessingError, process_take
from dzlearn.speech.store import RecordingStore, StoreError
from dzlearn.ui.audio import PromptPlayer
from dzlearn.ui.studio.capture import default_microphone, fake_microphone
from dzlearn.ui.studio.pages import CoveragePage, WalkPage, status_text
from dzlearn.ui.studio.sharing import PackSharing, refusal_text
from dzlearn.ui.style import enter_presses_buttons, label, space
from dzlearn.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from dzlearn.services import Services

AUTO: Any = object()


class StudioScreen(PackSharing, QWidget):
    exit_requested = Signal()
    changed = Signal()  # after each save, approval or import: coverage is up to date

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        player: PromptPlayer,
        microphone: Microphone | None = AUTO,
        environ: Mapping[str, str] = os.environ,
    ) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.services, self.runner, self.player = services, runner, player
        self.store = RecordingStore(recordings_dir(services.location.root))
        self.coverage: Coverage | None = None
        self.segments: dict[str, Segment] = {}
        self.queue: list[str] = []
        self.index = 0
        self.recording = False
        self.busy = False
        self.heard = False
        self.last_take = None
        self.lesson_titles: dict[tuple[str, str], Any] = {}
        self._clock = QElapsedTimer()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 18, 32, 18)
        self.message = label("", "hint")
        self.message.setMinimumHeight(space(52))
        self.mic_note = label("", "badge")
        self.pages = QStackedWidget()
        self.list_page, self.walk_page = CoveragePage(), WalkPage()
        self.pages.addWidget(self.list_page)
        self.pages.addWidget(self.walk_page)
        outer.addWidget(self.pages, 1)
        outer.addWidget(self.mic_note)
        outer.addWidget(self.message)
        self._connect()
        enter_presses_buttons(self)
        self._set_microphone(microphone, environ)
        self.refresh()

    def _connect(self) -> None:
        page, walk = self.list_page, self.walk_page
        page.back_clicked.connect(self._leave)
        page.walk_missing.connect(self.walk_missing)
        page.walk_unapproved.connect(self.walk_unapproved)
        page.lesson_chosen.connect(self.walk_lesson)
        page.export_clicked.connect(self._choose_export)
        page.import_clicked.connect(self._choose_import)
        walk.back.clicked.connect(self.show_list)
        walk.record.clicked.connect(self.record)
        walk.rerecord.clicked.connect(self.record)
        walk.stop.clicked.connect(self.stop)
        walk.play.clicked.connect(self.play)
        walk.approve.clicked.connect(self.approve)
        walk.skip.clicked.connect(self.skip)
        self.player.failed.connect(
            lambda m: self.say(_("Could not play: {m}").format(m=m), "error")
        )

    # -- microphone ---------------------------------------------------------------------------
    def _set_microphone(self, microphone: Microphone | None, environ: Mapping[str, str]) -> None:
        if microphone is AUTO:
            fake = fake_microphone(environ)
            if fake is not None:
                microphone, path = fake
                self.runner.run(
                    lambda: FileFeed.load(path),
                    lambda feed: setattr(microphone, "feed", feed),
                    lambda e: self.say(str(e), "error"),
                )
            else:
                microphone = default_microphone()
        self.microphone = microphone
        if microphone is None:
            self.mic_note.setText(
                _(
                    "No microphone found. Plug one in and open the studio again to record; "
                    "you can still import and export recordings."
                )
            )
        elif microphone.fake:
            self.mic_note.setText(_("Test microphone: {n}").format(n=microphone.name))
        else:
            self.mic_note.setText(_("Microphone: {n}").format(n=microphone.name))

    # -- coverage -----------------------------------------------------------------------------
    def _reload_work(self) -> Coverage:
        """Off the UI thread: re-read every audio folder (imports included), then count."""
        audio = self.services.audio
        audio.reload(audio_folders(self.services.resources, self.services.location.root))
        return coverage(self.services.library, audio)

    def refresh(self) -> None:
        self.runner.run(self._reload_work, self._show_coverage, self._failed)

    def _show_coverage(self, result: Coverage) -> None:
        self.coverage = result
        self.segments = {s.id: s for s in segments_of(self.services.library)}
        self.lesson_titles = {(lc.ref.pack, lc.ref.lesson): lc.title for lc in result.lessons}
        titles = {p.id: f"{p.title.en} — {p.title.dz}" for p in self.services.library.packs}
        self.list_page.show_coverage(result, titles)
        if self.pages.currentWidget() is self.walk_page:
            self._show_segment()
        self.changed.emit()

    def status(self, segment_id: str) -> SegmentStatus | None:
        return self.coverage.statuses.get(segment_id) if self.coverage else None

    # -- walking through prompts --------------------------------------------------------------
    def _walk(self, ids: list[str], what: str) -> None:
        if not ids:
            self.say(_("Nothing to do here: {what}.").format(what=what), "good")
            return
        self.queue, self.index = ids, 0
        self.say("")
        self.pages.setCurrentWidget(self.walk_page)
        self._show_segment()
        self.walk_page.back.setFocus()  # keyboard users start at the top of the page

    def walk_missing(self) -> None:
        statuses = self.coverage.statuses if self.coverage else {}
        self._walk(
            [i for i, s in statuses.items() if not s.recorded], _("every prompt is recorded")
        )

    def walk_unapproved(self) -> None:
        statuses = self.coverage.statuses if self.coverage else {}
        ids = [i for i, s in statuses.items() if s.recorded and not s.approved]
        self._walk(ids, _("every recording is approved"))

    def walk_lesson(self, pack: str, lesson: str) -> None:
        found = self.coverage.lesson(pack, lesson) if self.coverage else None
        if found is not None:
            todo = [i for i in found.segments if not self.coverage.statuses[i].approved]
            start = found.segments.index(todo[0]) if todo else 0
            self._walk(found.segments, _("this lesson has no prompts"))
            self.index = start
            self._show_segment()

    @property
    def segment(self) -> Segment | None:
        if self.pages.currentWidget() is not self.walk_page or not self.queue:
            return None
        return self.segments.get(self.queue[self.index])

    def _show_segment(self) -> None:
        segment, walk = self.segment, self.walk_page
        if segment is None:
            return
        status = self.status(segment.id)
        ref = segment.lessons[0]
        title = self.lesson_titles.get((ref.pack, ref.lesson))
        walk.position.setText(
            _("Prompt {i} of {n} · lesson: {lesson}").format(
                i=self.index + 1, n=len(self.queue), lesson=title.en if title else ref.lesson
            )
        )
        walk.speaker_note.setText(
            _("Speaker: {s}").format(
                s=self.list_page.speaker.text().strip() or _("not set (see the list page)")
            )
        )
        walk.text_dz.setText(segment.text.dz)
        walk.text_en.setText(segment.text.en)
        walk.segment_id.setText(segment.id)
        if status is not None:
            self._set_status(*status_text(status))
        self._update_buttons()

    def _set_status(self, text: str, role: str) -> None:
        badge = self.walk_page.status
        badge.setText(text)
        badge.setProperty("role", role)
        badge.style().unpolish(badge)
        badge.style().polish(badge)

    def _update_buttons(self) -> None:
        walk, status = self.walk_page, self.status(self.queue[self.index]) if self.queue else None
        idle = not self.recording and not self.busy
        has_take = status is not None and status.recorded
        can_record = idle and self.microphone is not None
        walk.record.setEnabled(can_record and not has_take)
        walk.rerecord.setEnabled(can_record and has_take)
        walk.stop.setEnabled(self.recording)
        walk.play.setEnabled(idle and status is not None and status.dz.playable)
        walk.approve.setEnabled(idle and has_take and self.heard and not status.approved)
        walk.skip.setEnabled(idle)
        walk.back.setEnabled(idle)
        walk.skip.setText(_("Next ›") if status is not None and status.approved else _("Skip ›"))

    def skip(self) -> None:
        self.heard = False
        self.walk_page.take_info.setText("")
        if self.index + 1 >= len(self.queue):
            self.show_list()
            self.say(_("You reached the end of the list."), "good")
            return
        self.index += 1
        self._show_segment()

    def show_list(self) -> None:
        self.player.stop()
        self.say("")
        self.pages.setCurrentWidget(self.list_page)
        self.list_page.back.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """Opened from facilitator mode: the keys start on Back, not on a button now hidden."""
        super().showEvent(event)
        if not self.isAncestorOf(QApplication.focusWidget()):
            self.pages.currentWidget().back.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Escape goes back: from a prompt to the list, from the list to facilitator mode
        (never in the middle of a take)."""
        if event.key() != Qt.Key.Key_Escape or self.recording or self.busy:
            super().keyPressEvent(event)
        elif self.pages.currentWidget() is self.walk_page:
            self.show_list()
        else:
            self._leave()

    def _leave(self) -> None:
        self.stop_everything()
        self.exit_requested.emit()

    def stop_everything(self) -> None:
        if self.recording and self.microphone is not None:
            self.microphone.stop()
            self.recording = False
        self.player.stop()

    # -- record, play, approve ----------------------------------------------------------------
    def record(self) -> None:
        if self.segment is None or self.microphone is None or self.recording or self.busy:
            return
        if not self.list_page.speaker.text().strip():
            self.say(_("Type the speaker's name on the list page first."), "error")
            return
        self.player.stop()
        try:
            self.microphone.start(self._level, self._mic_failed)
        except MicrophoneError as exc:
            self.say(str(exc), "error")
            return
        self.recording, self.heard = True, False
        self._clock.start()
        self._set_status(_("● Recording"), "error")
        self.walk_page.take_info.setText("")
        self.say(_("Recording… speak now, then press Stop."), "hint")
        self._update_buttons()

    def _level(self, level_db: float) -> None:
        self.walk_page.show_level(level_db)
        if self.recording:
            seconds = self._clock.elapsed() / 1000
            self._set_status(_("● Recording  {s:.1f} s").format(s=seconds), "error")

    def _mic_failed(self, message: str) -> None:
        self.say(message, "error")

    def stop(self) -> None:
        if not self.recording or self.microphone is None:
            return
        take = self.microphone.stop()
        self.recording, self.busy = False, True
        self.walk_page.show_level(float("-inf"))
        self.say(_("Cleaning up the recording…"), "hint")
        self._update_buttons()
        segment = self.segment
        speaker = self.list_page.speaker.text()
        licence = self.list_page.licence.text()

        def work() -> tuple[Any, Coverage]:
            processed = process_take(take.samples, take.rate)
            self.store.save_clip(segment.id, segment.text, processed.clip, speaker, licence)
            return processed, self._reload_work()

        self.runner.run(work, self._saved, self._failed)

    def _saved(self, result: tuple[Any, Coverage]) -> None:
        processed, cov = result
        self.busy = False
        self.last_take = processed
        info = _("{s:.1f} s kept, {t:.1f} s of silence cut, loudness evened out.").format(
            s=processed.clip.duration_ms / 1000, t=processed.trimmed_ms / 1000
        )
        self.walk_page.take_info.setText(" ".join([info, *processed.warnings]))
        self.say(_("Saved. Listen to it, then approve it or record it again."), "good")
        self._show_coverage(cov)
        self.play()

    def play(self) -> None:
        status = self.status(self.segment.id) if self.segment else None
        if status is None or not status.dz.playable:
            return
        self.heard = True
        self.player.play(status.dz.path)
        self._update_buttons()

    def approve(self) -> None:
        segment = self.segment
        if segment is None or self.busy:
            return
        self.busy = True
        self._update_buttons()

        playing = self.services.audio.entry(segment.id)

        def work() -> Coverage:
            self.store.approve(segment.id, segment.text, adopt=playing)
            return self._reload_work()

        def done(cov: Coverage) -> None:
            self.busy = False
            self.say(_("Approved."), "good")
            self._show_coverage(cov)
            self.skip()

        self.runner.run(work, done, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        expected = (AudioProcessingError, StoreError, PackRefused, MicrophoneError, OSError)
        if not isinstance(error, expected):
            raise error
        self.say(refusal_text(error), "error")
        if self.queue:
            self._show_segment()

    def say(self, text: str, role: str = "hint") -> None:
        self.message.setText(text)
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
