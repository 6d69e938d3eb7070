"""Who is learning today? Pick yourself by picture and name; no password to type.

A learner may have a picture password (3 pictures tapped in order); then the picker leads to
``PictureLoginScreen``. The small "Facilitator" button leads to a passphrase, nothing more.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.people import LOCKOUT_AFTER
from dzlearn.storage import Learner
from dzlearn.ui.display import LanguageToggle
from dzlearn.ui.facilitator.picture_pad import PasswordSetter, PicturePad
from dzlearn.ui.style import (
    MIN_TARGET,
    button,
    clear_layout,
    label,
    palette,
    px,
    scroll_area,
    space,
    tile_style,
)
from dzlearn.ui.widgets.pictures import PictureSet

TILE = 140


class _Tile(QToolButton):
    """A picture tile that Enter activates too, so the picker works from the keyboard alone."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)


def _tile(text: str, icon_pixmap, parent: QWidget) -> QToolButton:  # noqa: ANN001
    tile = _Tile(parent)
    tile.setText(text)
    tile.setIcon(icon_pixmap)
    tile.setIconSize(PictureSet.icon_size(px(96)))
    tile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
    tile.setFixedSize(px(TILE + 30), px(TILE + 50))
    tile.setStyleSheet(tile_style())
    tile.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return tile


def _padlock(size: int) -> QPixmap:
    """A closed padlock, drawn, so "locked" is clear without reading."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    unit = size / 10
    painter.setPen(QPen(QColor(palette().badge_text), unit * 0.9))  # yellow in high contrast
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawArc(QRectF(unit * 2.6, unit * 0.8, unit * 4.8, unit * 6), 0, 180 * 16)
    painter.drawLine(QPointF(unit * 2.6, unit * 3.8), QPointF(unit * 2.6, unit * 4.6))
    painter.drawLine(QPointF(unit * 7.4, unit * 3.8), QPointF(unit * 7.4, unit * 4.6))
    painter.setPen(QPen(QColor("#7a4a00"), unit * 0.3))
    painter.setBrush(QColor("#e8a33d"))
    painter.drawRoundedRect(QRectF(unit * 1.5, unit * 4.4, unit * 7, unit * 5.2), unit, unit)
    painter.setBrush(QColor("#7a4a00"))
    painter.drawEllipse(QPointF(unit * 5, unit * 6.6), unit * 0.7, unit * 0.7)
    painter.drawRect(QRectF(unit * 4.7, unit * 6.8, unit * 0.6, unit * 1.5))
    painter.end()
    return pixmap


class LearnerPicker(QWidget):
    learner_chosen = Signal(object)  # Learner
    create_requested = Signal()
    facilitator_requested = Signal()
    language_chosen = Signal(str)
    display_requested = Signal()

    def __init__(self, pictures: PictureSet) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._pictures = pictures
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(label(_("Who is learning today?"), "heading"))
        titles.addWidget(label(_("Touch your picture."), "hint"))
        top.addLayout(titles, 1)
        self.language = LanguageToggle()
        self.language.language_chosen.connect(self.language_chosen.emit)
        top.addWidget(self.language, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)
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
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        p = palette()
        quiet = (
            f"QPushButton {{ font-size: {px(15)}px; padding: {space(6)}px {space(14)}px;"
            f" color: {p.hint}; background: transparent; border: {px(1)}px solid {p.border}; }}"
            f" QPushButton:focus {{ border: {px(4)}px solid {p.focus}; }}"
        )
        self.display_button = QPushButton(_("Display"))
        self.display_button.setObjectName("display")
        self.display_button.setStyleSheet(quiet)
        self.display_button.setMinimumHeight(MIN_TARGET)
        self.display_button.clicked.connect(self.display_requested.emit)
        bottom.addWidget(self.display_button)
        self.facilitator_button = QPushButton(_("Facilitator"))
        self.facilitator_button.setObjectName("facilitator")
        self.facilitator_button.setStyleSheet(quiet)
        self.facilitator_button.setMinimumHeight(MIN_TARGET)
        for b in (self.display_button, self.facilitator_button):
            b.setAutoDefault(True)  # Enter presses the focused button
        self.facilitator_button.clicked.connect(self.facilitator_requested.emit)
        bottom.addWidget(self.facilitator_button)
        outer.addLayout(bottom)
        self.tiles: dict[str, QToolButton] = {}

    def show_learners(self, learners: list[Learner]) -> None:
        clear_layout(self._grid)
        self.tiles = {}
        columns = max(2, min(5, 1100 // (px(TILE + 30) + 18)))
        for i, learner in enumerate(learners):
            tile = _tile(learner.display_name, self._pictures.icon(learner.picture, px(96)), self)
            tile.clicked.connect(lambda _=False, chosen=learner: self.learner_chosen.emit(chosen))
            self.tiles[learner.learner_id] = tile
            self._grid.addWidget(tile, i // columns, i % columns)
        add = _tile(_("New learner"), self._pictures.icon("star", px(96)), self)
        add.setObjectName("new-learner")
        add.clicked.connect(self.create_requested.emit)
        self.add_tile = add
        n = len(learners)
        self._grid.addWidget(add, n // columns, n % columns)

    def show_error(self, message: str) -> None:
        self._status.setText(message)
        self._status.setVisible(bool(message))


class NewLearnerDialog(QDialog):
    """A facilitator or the learner types a name (Dzongkha or Latin) and picks a picture;
    a picture password is an optional extra step (tap 3, then the same 3 again)."""

    def __init__(
        self,
        pictures: PictureSet,
        submit: Callable[[str, str, list[str] | None], None],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("New learner"))
        self.setModal(True)
        self._submit = submit
        self.password: list[str] | None = None
        self.pages = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_area(self.pages))  # at 200 % the pictures scroll
        form = QWidget()
        self.pages.addWidget(form)
        layout = QVBoxLayout(form)
        layout.addWidget(label(_("Name"), "heading"))
        self.name = QLineEdit()
        self.name.setMaxLength(60)
        layout.addWidget(self.name)
        layout.addWidget(label(_("Choose a picture you will remember"), "heading"))
        grid = QGridLayout()
        self.picture_group = QButtonGroup(self)
        self.picture_buttons: dict[str, QToolButton] = {}
        for i, name in enumerate(pictures.names):
            b = QToolButton()
            b.setCheckable(True)
            b.setIcon(pictures.icon(name, space(72)))
            b.setIconSize(PictureSet.icon_size(space(72)))
            b.setFixedSize(space(96), space(96))
            b.setAccessibleName(name)
            b.setStyleSheet(tile_style(checked_width=6))
            self.picture_group.addButton(b)
            self.picture_buttons[name] = b
            grid.addWidget(b, i // 6, i % 6)
        layout.addLayout(grid)
        password_row = QHBoxLayout()
        self.password_state = label(_("No picture password (it is not needed)."), "hint")
        password_row.addWidget(self.password_state, 1)
        self.add_password = button(_("Add a picture password?"))
        self.add_password.clicked.connect(self._ask_password)
        password_row.addWidget(self.add_password)
        self.remove_password = button(_("No password"))
        self.remove_password.clicked.connect(lambda: self._password_chosen(None))
        self.remove_password.hide()
        password_row.addWidget(self.remove_password)
        layout.addLayout(password_row)
        self.error = label("", "error")
        self.error.hide()
        layout.addWidget(self.error)
        row = QHBoxLayout()
        cancel = button(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.create = button(_("Create"), primary=True)
        self.create.setDefault(True)  # Enter in the name box creates, once a picture is chosen
        self.create.setEnabled(False)
        self.create.clicked.connect(self._on_create)
        row.addWidget(cancel)
        row.addStretch(1)
        row.addWidget(self.create)
        layout.addLayout(row)
        self.setter = PasswordSetter(pictures, tile=96)
        self.setter.chosen.connect(self._password_chosen)
        self.setter.cancelled.connect(lambda: self.pages.setCurrentIndex(0))
        self.pages.addWidget(self.setter)
        self.name.textChanged.connect(self._update)
        self.picture_group.buttonToggled.connect(self._update)

    def chosen_picture(self) -> str | None:
        return next((n for n, b in self.picture_buttons.items() if b.isChecked()), None)

    def _ask_password(self) -> None:
        self.setter.restart()
        self.pages.setCurrentWidget(self.setter)

    def _password_chosen(self, taps: list[str] | None) -> None:
        self.password = taps
        self.pages.setCurrentIndex(0)
        if taps is None:
            self.password_state.setText(_("No picture password (it is not needed)."))
        else:
            self.password_state.setText(_("Picture password chosen: ● ● ●  Remember it!"))
        self.add_password.setText(
            _("Choose another") if taps is not None else _("Add a picture password?")
        )
        self.remove_password.setVisible(taps is not None)

    def _update(self, *_args: object) -> None:
        self.create.setEnabled(bool(self.name.text().strip()) and self.chosen_picture() is not None)

    def _on_create(self) -> None:
        picture = self.chosen_picture()
        if picture:
            self.create.setEnabled(False)
            self._submit(self.name.text().strip(), picture, self.password)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self._update()


class PictureLoginScreen(QWidget):
    """A learner with a picture password taps their 3 pictures. Wrong: a gentle word and
    another try; after too many, only a facilitator can open it again."""

    attempted = Signal(object, list)  # Learner, the 3 picture names
    back = Signal()

    def __init__(self, pictures: PictureSet) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._pictures = pictures
        self.learner: Learner | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 24)
        top = QHBoxLayout()
        self.avatar = QLabel()
        self.name = label("", "heading")
        top.addWidget(self.avatar)
        top.addWidget(self.name, 1)
        self.back_button = button(_("Not me"))
        self.back_button.clicked.connect(self.back.emit)
        top.addWidget(self.back_button)
        outer.addLayout(top)
        body = QWidget()
        outer.addWidget(scroll_area(body), 1)  # the 12 pictures scroll at 200 %
        outer = QVBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)
        self.instruction = label(_("Touch your 3 pictures, in order."), "heading")
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.instruction)
        self.message = label("", "gentle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.message)
        self.pad = PicturePad(pictures, tile=136)
        self.pad.completed.connect(self._completed)
        outer.addWidget(self.pad)
        self.locked_note = label(
            _("This picture password was wrong {n} times, so it is locked.").format(n=LOCKOUT_AFTER)
            + "\n"
            + _("Ask your facilitator to unlock."),
            "heading",
        )
        self.locked_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.locked_note.setStyleSheet(f"color: {palette().gentle}; padding: {space(20)}px;")
        self.padlock = QLabel()
        self.padlock.setPixmap(_padlock(space(180)))
        self.padlock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.locked_box = QWidget()
        box = QVBoxLayout(self.locked_box)
        box.addSpacing(space(40))
        box.addWidget(self.padlock)
        box.addWidget(self.locked_note)
        outer.addWidget(self.locked_box)
        outer.addStretch(1)
        self.locked_box.hide()

    def start(self, learner: Learner, locked: bool = False) -> None:
        self.learner = learner
        self.avatar.setPixmap(self._pictures.pixmap(learner.picture, px(72)))
        self.name.setText(learner.display_name)
        self.message.setText("")
        self.pad.reset()
        self.pad.setEnabled(True)
        self._show_locked(locked)

    def _show_locked(self, locked: bool) -> None:
        self.pad.setVisible(not locked)
        self.instruction.setVisible(not locked)
        self.locked_box.setVisible(locked)
        self.back_button.setText(_("Back") if locked else _("Not me"))
        if locked:
            self.message.setText("")

    def _completed(self, taps: list[str]) -> None:
        if self.learner is None:
            return
        self.pad.setEnabled(False)
        self.message.setText(_("Checking…"))
        self.attempted.emit(self.learner, taps)

    def show_wrong(self, tries_left: int) -> None:
        self.pad.setEnabled(True)
        self.pad.reset()
        text = _("Those were not your pictures. Try again, slowly.")
        if tries_left == 1:
            text += " " + _("This is the last try before a facilitator must help.")
        else:
            text += " " + _("{n} tries left.").format(n=tries_left)
        self.message.setText(text)

    def show_locked(self) -> None:
        self._show_locked(True)

    def show_error(self, message: str) -> None:
        """Could not check (storage trouble): say so; the learner may simply try again."""
        self.pad.setEnabled(True)
        self.pad.reset()
        self.message.setText(message)
