"""The picture-password pad: 12 big pictures, tap 3 in order, 3 dots fill as you go.

Used on the learner side (log-in, and the optional step when a learner is created) and in
facilitator mode (setting a learner's password), so it lives here, beside facilitator mode.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from dzlearn.i18n import _
from dzlearn.people import PICTURE_NAMES, PICTURE_PASSWORD_LENGTH
from dzlearn.ui.style import button, label, palette, px, space
from dzlearn.ui.widgets.pictures import PictureSet

COLUMNS = 4
DOT = 34  # px at 100 %: one filled dot per picture tapped


def _tile_style() -> str:
    """No hover style: on a touch screen it sticks to the last picture tapped, for all to see."""
    p = palette()
    return (
        f"QToolButton {{ background: {p.button}; border: {px(3)}px solid {p.border};"
        f" border-radius: {space(16)}px; }}"
        f" QToolButton:pressed {{ background: {p.badge_bg}; border: {px(5)}px solid {p.accent}; }}"
        f" QToolButton:focus {{ border: {px(5)}px solid {p.focus}; }}"
        f" QToolButton:disabled {{ background: {p.bar_bg}; }}"
    )


def _slot_style(filled: bool, radius: int) -> str:
    p = palette()
    return (
        f"border: {px(3)}px solid {p.accent}; border-radius: {radius}px;"
        f" background: {p.accent if filled else p.card};"
    )


class PicturePad(QWidget):
    """Tap ``PICTURE_PASSWORD_LENGTH`` pictures; ``completed`` carries their names in order.

    ``reveal`` shows the tapped pictures in the slots (while choosing a new password); at log-in
    only dots fill, so someone looking over a shoulder sees nothing useful.
    """

    completed = Signal(list)

    def __init__(self, pictures: PictureSet, tile: int = 120, reveal: bool = False) -> None:
        super().__init__()
        self._pictures = pictures
        self._reveal = reveal
        tile, self._dot = space(tile), space(DOT)  # the pictures grow half as fast as text
        self._slot_size = max(self._dot, tile // 2)
        self.taps: list[str] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(space(14))
        row = QHBoxLayout()
        row.addStretch(1)
        self.slots: list[QLabel] = []
        for _i in range(PICTURE_PASSWORD_LENGTH):
            slot = QLabel()
            slot.setAlignment(Qt.AlignmentFlag.AlignCenter)
            size = self._slot_size if reveal else self._dot
            slot.setFixedSize(size, size)
            self.slots.append(slot)
            row.addWidget(slot)
            row.addSpacing(space(10))
        row.addSpacing(space(20))
        self.start_again = button(_("Start again"))
        self.start_again.clicked.connect(self.reset)
        row.addWidget(self.start_again)
        row.addStretch(1)
        outer.addLayout(row)
        grid = QGridLayout()
        grid.setSpacing(space(12))
        self.tiles: dict[str, QToolButton] = {}
        for i, name in enumerate(PICTURE_NAMES):
            tile_button = QToolButton()
            tile_button.setIcon(pictures.icon(name, tile - 24))
            tile_button.setIconSize(PictureSet.icon_size(tile - 24))
            tile_button.setFixedSize(tile, tile)
            tile_button.setAccessibleName(name)
            tile_button.setStyleSheet(_tile_style())
            tile_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            tile_button.clicked.connect(lambda _=False, chosen=name: self.tap(chosen))
            self.tiles[name] = tile_button
            grid.addWidget(tile_button, i // COLUMNS, i % COLUMNS)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addLayout(grid)
        centred.addStretch(1)
        outer.addLayout(centred)
        self._paint_slots()

    def tap(self, name: str) -> None:
        if len(self.taps) >= PICTURE_PASSWORD_LENGTH or not self.isEnabled():
            return
        self.taps.append(name)
        self._paint_slots()
        if len(self.taps) == PICTURE_PASSWORD_LENGTH:
            self._set_tiles_enabled(False)
            self.completed.emit(list(self.taps))

    def reset(self) -> None:
        self.taps = []
        self._set_tiles_enabled(True)
        self._paint_slots()

    def _set_tiles_enabled(self, enabled: bool) -> None:
        for tile_button in self.tiles.values():
            tile_button.setEnabled(enabled)

    def _paint_slots(self) -> None:
        for i, slot in enumerate(self.slots):
            filled = i < len(self.taps)
            if self._reveal:
                slot.setStyleSheet(_slot_style(False, space(10)))
                pixmap = (
                    self._pictures.pixmap(self.taps[i], self._slot_size - 12) if filled else None
                )
                slot.setPixmap(pixmap) if pixmap is not None else slot.clear()
            else:
                slot.setStyleSheet(_slot_style(filled, self._dot // 2))
        self.start_again.setEnabled(bool(self.taps))


class PasswordSetter(QWidget):
    """Choose a picture password: tap 3, then the same 3 again to be sure."""

    chosen = Signal(list)
    cancelled = Signal()

    def __init__(self, pictures: PictureSet, tile: int = 110) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.instruction = label("", "heading")
        self.instruction.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.instruction)
        self.message = label("", "gentle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.message)
        self.pad = PicturePad(pictures, tile, reveal=True)
        self.pad.completed.connect(self._completed)
        layout.addWidget(self.pad)
        row = QHBoxLayout()
        self.cancel = button(_("Cancel"))
        self.cancel.clicked.connect(self.cancelled.emit)
        row.addWidget(self.cancel)
        row.addStretch(1)
        layout.addLayout(row)
        self.restart()

    def restart(self) -> None:
        self._first: list[str] | None = None
        self.instruction.setText(_("Touch 3 pictures, in order."))
        self.message.setText("")
        self.pad.reset()

    def _completed(self, taps: list[str]) -> None:
        if self._first is None:
            self._first = taps
            self.instruction.setText(_("Now touch the same 3 pictures again."))
            self.message.setText("")
            self.pad.reset()
            return
        if taps == self._first:
            self.chosen.emit(taps)
            return
        self.restart()
        self.message.setText(_("Those were not the same pictures. Let us start again."))
