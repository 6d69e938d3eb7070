"""Learner pictures (SVG, in assets/pictures): recognisable without reading."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer


class PictureSet:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names = sorted(p.stem for p in folder.glob("*.svg"))
        self._cache: dict[tuple[str, int], QPixmap] = {}

    def pixmap(self, name: str, size: int) -> QPixmap:
        key = (name, size)
        if key not in self._cache:
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            renderer = QSvgRenderer(str(self.folder / f"{name}.svg"))
            if renderer.isValid():
                painter = QPainter(pixmap)
                renderer.render(painter)
                painter.end()
            self._cache[key] = pixmap
        return self._cache[key]

    def icon(self, name: str, size: int) -> QIcon:
        return QIcon(self.pixmap(name, size))

    @staticmethod
    def icon_size(size: int) -> QSize:
        return QSize(size, size)
