"""Groups in facilitator mode: create and rename, members, lessons assigned to the group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.people import LessonRef, Overview
from dzlearn.ui.facilitator.common import scrolling_page
from dzlearn.ui.style import button, clear_layout, label, side_by_side, space

if TYPE_CHECKING:
    from dzlearn.ui.facilitator.screen import FacilitatorScreen


def _scrolled(inner: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    scroll.setMinimumHeight(space(220))
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


class GroupsTab(QWidget):
    def __init__(self, host: FacilitatorScreen) -> None:
        super().__init__()
        self.host = host
        self.selected: str | None = None
        self.member_boxes: dict[str, QCheckBox] = {}
        self.lesson_boxes: dict[LessonRef, QCheckBox] = {}
        row = side_by_side()  # at 200 % the group's details go under the list of groups
        scrolling_page(self).setLayout(row)
        left = QVBoxLayout()
        new = QGroupBox(_("New group"))
        form = QVBoxLayout(new)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(_("Group name, e.g. Monday morning"))
        self.new_name.setMaxLength(60)
        self.new_centre = QLineEdit()
        self.new_centre.setPlaceholderText(_("Community centre (optional)"))
        self.new_centre.setMaxLength(60)
        self.create = button(_("Create group"), primary=True)
        self.create.clicked.connect(self._create)
        for widget in (self.new_name, self.new_centre, self.create):
            form.addWidget(widget)
        left.addWidget(new)
        self.list = QListWidget()
        self.list.setMinimumHeight(space(160))
        self.list.currentItemChanged.connect(self._picked)
        left.addWidget(self.list, 1)
        row.addLayout(left, 3)

        self.detail = QGroupBox(_("Choose a group"))
        panel = QVBoxLayout(self.detail)
        rename_row = QHBoxLayout()
        rename_row.addWidget(label(_("Name"), "hint"))
        self.name = QLineEdit()
        self.name.setMaxLength(60)
        rename_row.addWidget(self.name, 1)
        panel.addLayout(rename_row)
        columns = side_by_side()
        members = QVBoxLayout()
        members.addWidget(label(_("Learners in this group"), "hint"))
        host_widget = QWidget()
        self.members_box = QVBoxLayout(host_widget)
        self.members_box.setAlignment(Qt.AlignmentFlag.AlignTop)
        members.addWidget(_scrolled(host_widget), 1)
        lessons = QVBoxLayout()
        lessons.addWidget(label(_("Lessons for this group"), "hint"))
        host_widget = QWidget()
        self.lessons_box = QVBoxLayout(host_widget)
        self.lessons_box.setAlignment(Qt.AlignmentFlag.AlignTop)
        lessons.addWidget(_scrolled(host_widget), 1)
        columns.addLayout(members, 2)
        columns.addLayout(lessons, 3)
        panel.addLayout(columns, 1)
        self.save = button(_("Save changes to this group"), primary=True)
        self.save.clicked.connect(self._save)
        panel.addWidget(self.save)
        row.addWidget(self.detail, 8)
        self._show_selected()

    # showing ---------------------------------------------------------------------------------

    def show_overview(self, overview: Overview) -> None:
        groups = sorted(overview.people.groups.values(), key=lambda g: g.name.casefold())
        keep = self.selected if self.selected in overview.people.groups else None
        self.list.blockSignals(True)
        self.list.clear()
        for group in groups:
            count = len([m for m in group.members if m in overview.people.profiles])
            where = f" · {group.centre}" if group.centre else ""
            text = _("{name}{where}\n{n} learner(s), {k} lesson(s)").format(
                name=group.name, where=where, n=count, k=len(group.lessons)
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, group.group_id)
            self.list.addItem(item)
            if group.group_id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        carried = self._edits() if keep is not None and keep == self.selected else None
        self.selected = keep
        self._show_selected()
        if carried is not None:  # a refresh for another reason keeps what is being edited
            self._restore(carried)

    def _edits(self) -> tuple[str, dict[str, bool], dict[LessonRef, bool]]:
        return (
            self.name.text(),
            {key: box.isChecked() for key, box in self.member_boxes.items()},
            {key: box.isChecked() for key, box in self.lesson_boxes.items()},
        )

    def _restore(self, edits: tuple[str, dict[str, bool], dict[LessonRef, bool]]) -> None:
        name, members, lessons = edits
        self.name.setText(name)
        for key, checked in members.items():
            if key in self.member_boxes:
                self.member_boxes[key].setChecked(checked)
        for ref, checked in lessons.items():
            if ref in self.lesson_boxes:
                self.lesson_boxes[ref].setChecked(checked)

    def select(self, group_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == group_id:
                self.list.setCurrentRow(i)

    def _picked(self, item: QListWidgetItem | None, _previous: Any = None) -> None:
        self.selected = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        self._show_selected()

    def _show_selected(self) -> None:
        overview = self.host.overview
        group = overview.people.groups.get(self.selected or "") if overview else None
        clear_layout(self.members_box)
        clear_layout(self.lessons_box)
        self.member_boxes, self.lesson_boxes = {}, {}
        self.detail.setEnabled(group is not None)
        self.detail.setTitle(group.name if group else _("Choose or create a group"))
        self.name.setText(group.name if group else "")
        if group is None or overview is None:
            return
        for learner in overview.learners:
            box = QCheckBox(learner.display_name)
            box.setChecked(learner.learner_id in group.members)
            self.member_boxes[learner.learner_id] = box
            self.members_box.addWidget(box)
        if not overview.learners:
            self.members_box.addWidget(label(_("No learners yet."), "hint"))
        for pack in self.host.library.packs:
            self.lessons_box.addWidget(label(pack.title.en, "hint"))
            for lesson in pack.lessons():
                ref = LessonRef(pack.id, lesson.id)
                box = QCheckBox(f"{lesson.title.en}")
                box.setToolTip(lesson.title.dz)
                box.setChecked(ref in group.lessons)
                self.lesson_boxes[ref] = box
                self.lessons_box.addWidget(box)

    # actions ---------------------------------------------------------------------------------

    def _create(self) -> None:
        name, centre = self.new_name.text(), self.new_centre.text()
        people = self.host.people

        def created(group_id: str) -> None:
            self.new_name.clear()
            self.new_centre.clear()
            self.select(group_id)

        self.host.act(
            lambda: people.create_group(name, centre),
            _("The group “{name}” was created.").format(name=name.strip()),
            _("Could not create the group:"),
            then=created,
        )

    def _save(self) -> None:
        overview = self.host.overview
        group = overview.people.groups.get(self.selected or "") if overview else None
        if group is None:
            return
        people, group_id = self.host.people, group.group_id
        name = self.name.text()
        rename = name.strip() != group.name
        members = [lid for lid, box in self.member_boxes.items() if box.isChecked()]
        lessons = [ref for ref, box in self.lesson_boxes.items() if box.isChecked()]
        old_lessons = [ref for ref in group.lessons if ref not in self.lesson_boxes]
        lessons = old_lessons + lessons  # a lesson from a pack not on this PC stays assigned
        assign = lessons != group.lessons

        def work() -> None:
            if rename:
                people.rename_group(group_id, name)
            people.set_members(group_id, members)
            if assign:
                people.assign_lessons(group_id, lessons)

        self.host.act(
            work,
            _("The group “{name}” is saved.").format(name=name.strip()),
            _("Could not save the group “{name}”:").format(name=group.name),
        )
