"""Learner pictures (SVG, in assets/pictures): recognisable without reading."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
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
            # Only a picture of this set: an unknown name (from a newer PC, by sync) or one with a
            # path in it gets a plain person outline rather than an empty tile or another file.
            known = name in self.names
            renderer = QSvgRenderer(str(self.folder / f"{name}.svg")) if known else None
            painter = QPainter(pixmap)
            if renderer is not None and renderer.isValid():
                renderer.render(painter)
            else:
                _draw_person(painter, size)
            painter.end()
            self._cache[key] = pixmap
        return self._cache[key]

    def icon(self, name: str, size: int) -> QIcon:
        return QIcon(self.pixmap(name, size))

    @staticmethod
    def icon_size(size: int) -> QSize:
        return QSize(size, size)


def _draw_person(painter: QPainter, size: int) -> None:
    """A neutral head-and-shoulders outline for a picture this PC does not have."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#8a8f99"))
    painter.drawEllipse(QRectF(size * 0.34, size * 0.12, size * 0.32, size * 0.32))
    painter.drawPie(QRectF(size * 0.16, size * 0.50, size * 0.68, size * 0.70), 0, 180 * 16)
