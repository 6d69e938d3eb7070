"""The studio's two pages, as plain views: the coverage list, and one prompt at a time.

They show what they are given and report clicks; StudioScreen (screen.py) does the work.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.speech.coverage import Counts, Coverage, SegmentStatus
from dzlearn.speech.store import DEFAULT_LICENCE
from dzlearn.ui.style import (
    button,
    clear_layout,
    dzongkha_label,
    label,
    large_text,
    px,
    scroll_area,
    space,
)
from dzlearn.ui.widgets.flow import FlowLayout

METER_FLOOR_DB = -60.0


def counts_text(c: Counts) -> str:
    return _("{n} prompts · {r} recorded · {a} approved · {s} stale · {m} missing").format(
        n=c.segments, r=c.recorded, a=c.approved, s=c.stale, m=c.missing
    )


def status_text(status: SegmentStatus) -> tuple[str, str]:
    """What the badge says about a prompt's Dzongkha voice, and its style role."""
    if status.approved:
        return _("Approved recording"), "good"
    if status.recorded:
        return _("Recorded — listen, then approve or record again"), "badge"
    if status.stale:
        return _("The text changed since this was recorded: record it again"), "gentle"
    if status.synthetic:
        return _("No recording yet (only a synthetic voice stands in)"), "gentle"
    return _("No recording yet"), "gentle"


class CoveragePage(QWidget):
    walk_missing = Signal()
    walk_unapproved = Signal()
    lesson_chosen = Signal(str, str)  # pack id, lesson id
    export_clicked = Signal()
    import_clicked = Signal()
    back_clicked = Signal()

    def __init__(self) -> None:
        super().__init__()
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        top_bar = QWidget()
        top = FlowLayout(top_bar, spacing=space(10))  # wraps at 200 %
        self.back = button(_("Back"))
        self.back.clicked.connect(self.back_clicked.emit)
        top.addWidget(self.back)
        title = label(_("Recording studio"), "heading")
        title.setWordWrap(False)
        top.addWidget(title)
        self.import_button = button(_("Import recordings…"))
        self.import_button.clicked.connect(self.import_clicked.emit)
        self.export_button = button(_("Export recordings…"))
        self.export_button.clicked.connect(self.export_clicked.emit)
        top.addWidget(self.import_button)
        top.addWidget(self.export_button)
        page.addWidget(top_bar)
        body = QWidget()  # the rest scrolls when 200 % text makes it taller than the window
        page.addWidget(scroll_area(body), 1)
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)

        who = QGridLayout()
        self.speaker = QLineEdit()
        self.speaker.setPlaceholderText(_("Name of the person speaking"))
        self.licence = QLineEdit(DEFAULT_LICENCE)
        licence_at = (1, 0) if large_text() else (0, 2)  # under the speaker at 200 %
        who.addWidget(label(_("Speaker"), "hint"), 0, 0)
        who.addWidget(self.speaker, 0, 1)
        who.addWidget(label(_("Licence"), "hint"), *licence_at)
        who.addWidget(self.licence, licence_at[0], licence_at[1] + 1)
        who.setColumnStretch(1, 3)
        who.setColumnStretch(3, 1)
        outer.addLayout(who)
        self.licence_hint = label(
            _(
                "CC-BY-4.0 (the default) lets every centre use and share the recordings, "
                "naming the speaker."
            ),
            "hint",
        )
        outer.addWidget(self.licence_hint)
        self.only_approved = QCheckBox(_("Export only approved recordings"))
        self.only_approved.setChecked(True)
        outer.addWidget(self.only_approved)

        actions_bar = QWidget()
        actions = FlowLayout(actions_bar, spacing=space(10))
        self.missing_button = button(_("Record missing prompts"), primary=True)
        self.missing_button.clicked.connect(self.walk_missing.emit)
        self.unapproved_button = button(_("Listen and approve"))
        self.unapproved_button.clicked.connect(self.walk_unapproved.emit)
        actions.addWidget(self.missing_button)
        actions.addWidget(self.unapproved_button)
        outer.addWidget(actions_bar)
        self.totals = label("", "heading")
        outer.addWidget(self.totals)

        self.rows = QVBoxLayout()  # no AlignTop: an aligned layout would not wrap its labels
        outer.addLayout(self.rows, 1)
        self.lesson_buttons: dict[tuple[str, str], QPushButton] = {}
        self.lesson_counts: dict[tuple[str, str], object] = {}

    def show_coverage(self, coverage: Coverage, pack_titles: dict[str, str]) -> None:
        t = coverage.totals
        unapproved = t.recorded - t.approved
        self.totals.setText(counts_text(t))
        self.missing_button.setText(_("Record missing prompts ({n})").format(n=t.missing + t.stale))
        self.missing_button.setEnabled(t.missing + t.stale > 0)
        self.unapproved_button.setText(_("Listen and approve ({n})").format(n=unapproved))
        self.unapproved_button.setEnabled(unapproved > 0)
        clear_layout(self.rows)
        self.lesson_buttons.clear()
        self.lesson_counts.clear()
        pack = None
        for lc in coverage.lessons:
            if lc.ref.pack != pack:
                pack = lc.ref.pack
                self.rows.addWidget(label(pack_titles.get(pack, pack), "heading"))
            row = QHBoxLayout()
            names = QVBoxLayout()
            names.addWidget(dzongkha_label(lc.title.dz, 24))
            names.addWidget(label(lc.title.en, "hint"))
            row.addLayout(names, 2)
            counts = label(counts_text(lc.counts), "hint")
            row.addWidget(counts, 3)
            bar = QProgressBar()
            bar.setTextVisible(False)
            bar.setRange(0, max(1, lc.counts.segments))
            bar.setValue(lc.counts.recorded)
            bar.setFixedWidth(space(120))
            row.addWidget(bar)
            go = button(_("Open"))
            go.clicked.connect(lambda _c=False, r=lc.ref: self.lesson_chosen.emit(r.pack, r.lesson))
            row.addWidget(go)
            self.lesson_buttons[(lc.ref.pack, lc.ref.lesson)] = go
            self.lesson_counts[(lc.ref.pack, lc.ref.lesson)] = counts
            self.rows.addLayout(row)
        self.rows.addStretch(1)  # the rows stay at the top


class WalkPage(QWidget):
    """One prompt: its text large, big buttons, a level meter while recording."""

    def __init__(self) -> None:
        super().__init__()
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        body = QWidget()  # scrolls when 200 % text makes it taller than the window
        page.addWidget(scroll_area(body))
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back = button(_("Back to the list"))
        top.addWidget(self.back)
        self.position = label("", "hint")
        top.addWidget(self.position, 1)
        self.speaker_note = label("", "hint")
        top.addWidget(self.speaker_note)
        outer.addLayout(top)
        outer.addStretch(1)
        status_row = QHBoxLayout()
        self.status = label("", "badge")
        self.status.setStyleSheet(f"font-size: {px(22)}px; padding: {space(8)}px {space(18)}px;")
        status_row.addStretch(1)
        status_row.addWidget(self.status)
        status_row.addStretch(1)
        outer.addLayout(status_row)
        outer.addSpacing(12)
        self.text_dz = dzongkha_label("", 72)
        self.text_dz.setWordWrap(True)
        self.text_en = label("", "heading")
        self.segment_id = label("", "small")
        for widget in (self.text_dz, self.text_en, self.segment_id):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(widget)
        outer.addStretch(1)
        self.meter = QProgressBar()
        self.meter.setRange(0, 100)
        self.meter.setTextVisible(False)
        self.meter.setFixedHeight(space(22))
        outer.addWidget(self.meter)
        self.take_info = label("", "hint")
        self.take_info.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.take_info)
        row_bar = QWidget()
        row = FlowLayout(row_bar, spacing=space(10))  # six big buttons: two rows at 200 %
        self.record = button(_("● Record"), primary=True)
        self.stop = button(_("■ Stop"), primary=True)
        self.play = button(_("▶ Play"))
        self.rerecord = button(_("Record again"))
        self.approve = button(_("✓ Approve"))
        self.skip = button(_("Skip ›"))
        for b in (self.record, self.stop, self.play, self.rerecord, self.approve, self.skip):
            b.setMinimumHeight(space(72))
            b.setStyleSheet(f"font-size: {px(22)}px;")
            row.addWidget(b)
        outer.addWidget(row_bar)

    def show_level(self, level_db: float) -> None:
        value = 0 if math.isinf(level_db) else (level_db - METER_FLOOR_DB) / -METER_FLOOR_DB
        self.meter.setValue(int(max(0.0, min(1.0, value)) * 100))
