"""Sessions in facilitator mode: who came today, on which PCs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.people import Overview
from dzlearn.ui.facilitator.common import scrolling_page
from dzlearn.ui.style import button, clear_layout, label, large_text, side_by_side, space

if TYPE_CHECKING:
    from dzlearn.ui.facilitator.screen import FacilitatorScreen


class SessionsTab(QWidget):
    def __init__(self, host: FacilitatorScreen) -> None:
        super().__init__()
        self.host = host
        self.attendance: dict[str, QCheckBox] = {}
        row = side_by_side()  # at 200 % the sessions recorded go under the form
        scrolling_page(self).setLayout(row)
        form_box = QGroupBox(_("Record a session"))
        form = QVBoxLayout(form_box)
        top = QGridLayout()
        top.addWidget(label(_("Group"), "hint"), 0, 0)
        self.group = QComboBox()
        self.group.currentIndexChanged.connect(self._show_members)
        top.addWidget(self.group, 0, 1)
        # the date goes under the group at 200 %
        date_at = (1, 0) if large_text() else (0, 2)
        top.addWidget(label(_("Date"), "hint"), *date_at)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        top.addWidget(self.date, date_at[0], date_at[1] + 1)
        top.setColumnStretch(1, 2)
        top.setColumnStretch(3, 1)
        form.addLayout(top)
        form.addWidget(label(_("Who came? Tick each learner who was there."), "hint"))
        inner = QWidget()
        self.attendance_box = QVBoxLayout(inner)
        self.attendance_box.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setMinimumHeight(space(160))
        form.addWidget(scroll, 1)
        self.this_pc = label("", "hint")
        form.addWidget(self.this_pc)
        self.other_pcs = QLineEdit()
        self.other_pcs.setPlaceholderText(_("Other PCs used, separated by commas (optional)"))
        form.addWidget(self.other_pcs)
        self.record = button(_("Record this session"), primary=True)
        self.record.clicked.connect(self._record)
        form.addWidget(self.record)
        row.addWidget(form_box, 3)
        past = QVBoxLayout()
        past.addWidget(label(_("Sessions recorded"), "hint"))
        self.history = QListWidget()
        self.history.setWordWrap(True)
        self.history.setMinimumHeight(space(160))
        past.addWidget(self.history, 1)
        row.addLayout(past, 2)

    def show_overview(self, overview: Overview) -> None:
        keep = self.group.currentData()
        self.group.blockSignals(True)
        self.group.clear()
        groups = sorted(overview.people.groups.values(), key=lambda g: g.name.casefold())
        for group in groups:
            self.group.addItem(group.name, group.group_id)
        if keep is not None and self.group.findData(keep) >= 0:
            self.group.setCurrentIndex(self.group.findData(keep))
        self.group.blockSignals(False)
        self.this_pc.setText(
            _("This PC is recorded as {device}.").format(device=overview.device_id[:8])
        )
        self.record.setEnabled(bool(groups))
        ticked = {lid for lid, box in self.attendance.items() if box.isChecked()}
        self._show_members()
        if self.group.currentData() == keep:  # a refresh keeps the ticks being made
            for learner_id in ticked & self.attendance.keys():
                self.attendance[learner_id].setChecked(True)
        self.history.clear()
        names = {g.group_id: g.name for g in groups}
        for session in sorted(
            overview.people.sessions, key=lambda s: (s.date, s.recorded_at), reverse=True
        ):
            pcs = ", ".join(
                _("this PC") if d == overview.device_id else d[:20] for d in session.devices
            )
            self.history.addItem(
                _("{date} · {group}\n{n} came · PCs: {pcs}").format(
                    date=session.date,
                    group=names.get(session.group_id, _("(unknown group)")),
                    n=len(session.attendees),
                    pcs=pcs,
                )
            )
        if not overview.people.sessions:
            self.history.addItem(_("None yet."))

    def select_group(self, group_id: str) -> None:
        self.group.setCurrentIndex(self.group.findData(group_id))

    def _show_members(self, *_args: object) -> None:
        overview = self.host.overview
        clear_layout(self.attendance_box)
        self.attendance = {}
        group = overview.people.groups.get(self.group.currentData() or "") if overview else None
        if overview is None:
            return
        if group is None:
            text = _("Create a group first (in the Groups tab).")
            self.attendance_box.addWidget(label(text, "hint"))
            return
        names = {x.learner_id: x.display_name for x in overview.learners}
        for learner_id in sorted(group.members, key=lambda x: names.get(x, "").casefold()):
            if learner_id in names:
                box = QCheckBox(names[learner_id])
                self.attendance[learner_id] = box
                self.attendance_box.addWidget(box)
        if not self.attendance:
            text = _("This group has no learners yet: add them in the Groups tab.")
            self.attendance_box.addWidget(label(text, "hint"))

    def _record(self) -> None:
        group_id = self.group.currentData()
        if not group_id:
            return
        people, fid = self.host.people, self.host.facilitator.facilitator_id
        day = self.date.date().toString("yyyy-MM-dd")
        came = [lid for lid, box in self.attendance.items() if box.isChecked()]
        others = self.other_pcs.text().split(",")
        group_name = self.group.currentText()

        def recorded(_session: object) -> None:
            self.other_pcs.clear()
            for box in self.attendance.values():
                box.setChecked(False)

        self.host.act(
            lambda: people.record_session(group_id, day, came, others, fid),
            _("The session of {date} for “{group}” is recorded ({n} came).").format(
                date=day, group=group_name, n=len(came)
            ),
            _("Could not record the session:"),
            then=recorded,
        )
