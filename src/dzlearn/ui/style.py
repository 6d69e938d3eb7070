"""Look and feel: large text and large targets for learners who may be elderly or new to PCs."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLayout, QPushButton, QWidget

from dzlearn.ui.fonts import dzongkha_font

STYLESHEET = """
QWidget#screen { background: #f7f3ea; }
QScrollArea, QScrollArea > QWidget > QWidget { background: transparent; }
QPushButton {
    font-size: 20px; padding: 12px 22px; border-radius: 12px;
    background: #ffffff; border: 2px solid #c9c2b1; color: #1b1f27;
}
QPushButton:hover { border-color: #a4472c; }
QPushButton:disabled { color: #9a9a9a; border-color: #dedede; }
QPushButton[primary="true"] { background: #a4472c; color: white; border-color: #a4472c; }
QPushButton[primary="true"]:disabled { background: #d9b4a8; border-color: #d9b4a8; }
QLabel[role="heading"] { font-size: 26px; color: #1b1f27; }
QLabel[role="hint"] { font-size: 18px; color: #4a4f59; }
QLabel[role="badge"] {
    font-size: 17px; padding: 6px 12px; border-radius: 10px;
    background: #fde7c4; color: #7a4a00;
}
QLabel[role="good"] { font-size: 22px; color: #1e7b34; }
QLabel[role="gentle"] { font-size: 22px; color: #8a5a00; }
QLabel[role="error"] {
    font-size: 18px; padding: 8px; border-radius: 8px; background: #fbe0de; color: #8b1a12;
}
QProgressBar { height: 16px; border-radius: 8px; background: #e8e1d2; border: none; }
QProgressBar::chunk { border-radius: 8px; background: #3f8f4f; }
"""


def clear_layout(layout: QLayout) -> None:
    """Empty a layout that is refilled (a new learner list, the next question, the next form
    page): widgets are hidden at once and deleted, nested layouts emptied too."""
    while layout.count():
        item = layout.takeAt(0)
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)


def button(text: str, primary: bool = False, parent: QWidget | None = None) -> QPushButton:
    b = QPushButton(text, parent)
    b.setProperty("primary", primary)
    b.setMinimumHeight(56)
    return b


def label(text: str, role: str = "", parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    if role:
        lab.setProperty("role", role)
    lab.setWordWrap(True)
    return lab


def dzongkha_label(text: str, pixel_size: int, parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    lab.setFont(dzongkha_font(pixel_size))
    return lab
