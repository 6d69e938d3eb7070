"""Bundled fonts: a PC with no Tibetan font would otherwise draw Dzongkha as empty boxes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

DZONGKHA_FAMILY = "DDC Uchen"
# Latin text reads best in a plain sans-serif; DDC Uchen (which has Latin too) is the fallback.
LATIN_FAMILIES = ("Noto Sans", "DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial")
DZONGKHA_FONT_FILE = "DDC_Uchen.ttf"


class FontError(RuntimeError):
    pass


def load_fonts(fonts_dir: Path) -> str:
    """Register the bundled Dzongkha font and make it the fallback for the whole app."""
    path = fonts_dir / DZONGKHA_FONT_FILE
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        raise FontError(f"The Dzongkha font {path} is missing or damaged; reinstall dzlearn.")
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    installed = set(QFontDatabase.families())
    latin = [f for f in LATIN_FAMILIES if f in installed][:1]
    app_font = QApplication.font()
    app_font.setFamilies([*latin, family])
    app_font.setPointSize(max(app_font.pointSize(), 13))
    QApplication.setFont(app_font)
    return family


def dzongkha_font(pixel_size: int) -> QFont:
    font = QFont()
    font.setFamilies([DZONGKHA_FAMILY])
    font.setPixelSize(pixel_size)
    return font
