"""Who is learning today? Pick yourself by picture and name; no password to type."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.storage import Learner
from dzlearn.ui.style import button, clear_layout, label
from dzlearn.ui.widgets.pictures import PictureSet

TILE = 140


def _tile(text: str, icon_pixmap, parent: QWidget) -> QToolButton:  # noqa: ANN001
    tile = QToolButton(parent)
    tile.setText(text)
    tile.setIcon(icon_pixmap)
    tile.setIconSize(PictureSet.icon_size(96))
    tile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
    tile.setFixedSize(TILE + 30, TILE + 50)
    tile.setStyleSheet(
        "QToolButton { font-size: 20px; background: white; border: 2px solid #c9c2b1;"
        " border-radius: 14px; } QToolButton:hover, QToolButton:checked"
        " { border: 4px solid #a4472c; }"
    )
    return tile


class LearnerPicker(QWidget):
    learner_chosen = Signal(object)  # Learner
    create_requested = Signal()

    def __init__(self, pictures: PictureSet) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._pictures = pictures
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        outer.addWidget(label(_("Who is learning today?"), "heading"))
        outer.addWidget(label(_("Touch your picture."), "hint"))
        self._status = label("", "error")
        self._status.hide()
        outer.addWidget(self._status)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setSpacing(18)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll.setWidget(self._grid_host)
        outer.addWidget(scroll, 1)
        self.tiles: dict[str, QToolButton] = {}

    def show_learners(self, learners: list[Learner]) -> None:
        clear_layout(self._grid)
        self.tiles = {}
        columns = 5
        for i, learner in enumerate(learners):
            tile = _tile(learner.display_name, self._pictures.icon(learner.picture, 96), self)
            tile.clicked.connect(lambda _=False, chosen=learner: self.learner_chosen.emit(chosen))
            self.tiles[learner.learner_id] = tile
            self._grid.addWidget(tile, i // columns, i % columns)
        add = _tile(_("New learner"), self._pictures.icon("star", 96), self)
        add.setObjectName("new-learner")
        add.clicked.connect(self.create_requested.emit)
        self.add_tile = add
        n = len(learners)
        self._grid.addWidget(add, n // columns, n % columns)

    def show_error(self, message: str) -> None:
        self._status.setText(message)
        self._status.setVisible(bool(message))


class NewLearnerDialog(QDialog):
    """A facilitator or the learner types a name (Dzongkha or Latin) and picks a picture."""

    def __init__(
        self, pictures: PictureSet, submit: Callable[[str, str], None], parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New learner"))
        self.setModal(True)
        self._submit = submit
        layout = QVBoxLayout(self)
        layout.addWidget(label(_("Name"), "heading"))
        self.name = QLineEdit()
        self.name.setMaxLength(60)
        self.name.setMinimumHeight(48)
        self.name.setStyleSheet("font-size: 24px;")
        layout.addWidget(self.name)
        layout.addWidget(label(_("Choose a picture you will remember"), "heading"))
        grid = QGridLayout()
        self.picture_group = QButtonGroup(self)
        self.picture_buttons: dict[str, QToolButton] = {}
        for i, name in enumerate(pictures.names):
            b = QToolButton()
            b.setCheckable(True)
            b.setIcon(pictures.icon(name, 72))
            b.setIconSize(PictureSet.icon_size(72))
            b.setFixedSize(96, 96)
            b.setAccessibleName(name)
            b.setStyleSheet(
                "QToolButton { background: white; border: 2px solid #c9c2b1; border-radius: 12px; }"
                " QToolButton:checked { border: 5px solid #a4472c; background: #fff4e0; }"
            )
            self.picture_group.addButton(b)
            self.picture_buttons[name] = b
            grid.addWidget(b, i // 6, i % 6)
        layout.addLayout(grid)
        self.error = label("", "error")
        self.error.hide()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        cancel = button(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.create = button(_("Create"), primary=True)
        self.create.setEnabled(False)
        self.create.clicked.connect(self._on_create)
        row.addWidget(cancel)
        row.addStretch(1)
        row.addWidget(self.create)
        layout.addLayout(row)
        self.name.textChanged.connect(self._update)
        self.picture_group.buttonToggled.connect(self._update)

    def chosen_picture(self) -> str | None:
        return next((n for n, b in self.picture_buttons.items() if b.isChecked()), None)

    def _update(self, *_args: object) -> None:
        self.create.setEnabled(bool(self.name.text().strip()) and self.chosen_picture() is not None)

    def _on_create(self) -> None:
        picture = self.chosen_picture()
        if picture:
            self.create.setEnabled(False)
            self._submit(self.name.text().strip(), picture)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self._update()
