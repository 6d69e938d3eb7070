"""Look and feel: large text and large targets for learners who may be elderly or new to PCs.

The stylesheet is made from the PC's display settings (text scale, high contrast); the window
applies it with ``apply_display`` before it builds its screens, so labels and inline styles made
with these helpers pick up the same scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QLayout, QPushButton, QWidget

from dzlearn.ui.fonts import dzongkha_font

MIN_TARGET = 44  # px: the smallest button a learner has to hit


@dataclass(frozen=True, slots=True)
class Palette:
    screen: str
    text: str
    button: str
    border: str
    accent: str
    accent_text: str
    hint: str
    disabled: str
    disabled_border: str
    focus: str
    badge_bg: str
    badge_text: str
    good: str
    gentle: str
    error_bg: str
    error_text: str
    bar_bg: str
    bar: str
    card: str


NORMAL = Palette(
    screen="#f7f3ea", text="#1b1f27", button="#ffffff", border="#c9c2b1", accent="#a4472c",
    accent_text="white", hint="#4a4f59", disabled="#9a9a9a", disabled_border="#dedede",
    focus="#1a56c4", badge_bg="#fde7c4", badge_text="#7a4a00", good="#1e7b34", gentle="#8a5a00",
    error_bg="#fbe0de", error_text="#8b1a12", bar_bg="#e8e1d2", bar="#3f8f4f", card="white",
)  # fmt: skip
HIGH_CONTRAST = Palette(
    screen="#000000", text="#ffffff", button="#000000", border="#ffffff", accent="#ffff00",
    accent_text="#000000", hint="#ffffff", disabled="#b0b0b0", disabled_border="#808080",
    focus="#00ffff", badge_bg="#000000", badge_text="#ffff00", good="#7CFC00", gentle="#ffff00",
    error_bg="#000000", error_text="#ff8080", bar_bg="#404040", bar="#ffff00", card="#000000",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Display:
    scale: float = 1.0
    high_contrast: bool = False

    @property
    def palette(self) -> Palette:
        return HIGH_CONTRAST if self.high_contrast else NORMAL

    def px(self, size: float) -> int:
        return round(size * self.scale)


_display = Display()


def apply_display(scale: float, high_contrast: bool) -> None:
    """Set before screens are built; helpers below read it (the window rebuilds on change)."""
    global _display
    _display = Display(scale, high_contrast)


def display() -> Display:
    return _display


def px(size: float) -> int:
    return _display.px(size)


def text_px(size: int) -> int:
    """Scaled Dzongkha text; text that is already very large grows only up to 120 px, so a
    lesson's big letters still fit the screen at 200 %."""
    return max(size, min(_display.px(size), 120))


def make_stylesheet(scale: float = 1.0, high_contrast: bool = False) -> str:
    d = Display(scale, high_contrast)
    p, s = d.palette, d.px
    line = s(2) if not high_contrast else s(3)
    return f"""
QWidget#screen {{ background: {p.screen}; }}
QDialog {{ background: {p.screen}; }}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; }}
QPushButton {{
    font-size: {s(20)}px; padding: {s(12)}px {s(22)}px; border-radius: {s(12)}px;
    background: {p.button}; border: {line}px solid {p.border}; color: {p.text};
}}
QPushButton:hover {{ border-color: {p.accent}; }}
QPushButton:focus, QToolButton:focus {{ border: {s(4)}px solid {p.focus}; }}
QPushButton:disabled {{ color: {p.disabled}; border-color: {p.disabled_border}; }}
QPushButton[primary="true"] {{
    background: {p.accent}; color: {p.accent_text}; border-color: {p.accent};
}}
QPushButton[primary="true"]:focus {{ border: {s(4)}px solid {p.focus}; }}
QPushButton[primary="true"]:disabled {{
    background: {"#d9b4a8" if not high_contrast else "#404040"};
    border-color: {"#d9b4a8" if not high_contrast else "#808080"};
}}
QLabel[role="heading"] {{ font-size: {s(26)}px; color: {p.text}; }}
QLabel[role="hint"] {{ font-size: {s(18)}px; color: {p.hint}; }}
QLabel[role="badge"] {{
    font-size: {s(17)}px; padding: {s(6)}px {s(12)}px; border-radius: {s(10)}px;
    background: {p.badge_bg}; color: {p.badge_text};
}}
QLabel[role="good"] {{ font-size: {s(22)}px; color: {p.good}; }}
QLabel[role="gentle"] {{ font-size: {s(22)}px; color: {p.gentle}; }}
QLabel[role="error"] {{
    font-size: {s(18)}px; padding: {s(8)}px; border-radius: {s(8)}px;
    background: {p.error_bg}; color: {p.error_text};
}}
QRadioButton, QCheckBox {{ font-size: {s(20)}px; min-height: {s(44)}px; spacing: {s(12)}px; }}
QRadioButton::indicator, QCheckBox::indicator {{ width: {s(28)}px; height: {s(28)}px; }}
QRadioButton:focus, QCheckBox:focus {{ border: {s(3)}px solid {p.focus}; }}
QProgressBar {{
    height: {s(16)}px; border-radius: {s(8)}px; background: {p.bar_bg};
    border: {"none" if not high_contrast else "2px solid #ffffff"};
}}
QProgressBar::chunk {{ border-radius: {s(8)}px; background: {p.bar}; }}
QScrollBar:vertical {{ width: {s(18)}px; background: {p.bar_bg}; border: none; }}
QScrollBar::handle:vertical {{
    background: {p.hint}; min-height: {s(40)}px; border-radius: {s(6)}px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
""" + (_HIGH_CONTRAST_EXTRA if high_contrast else "")


_HIGH_CONTRAST_EXTRA = """
QWidget { color: #ffffff; }
QDialog, QMainWindow, QStackedWidget, QTabWidget > QWidget { background: #000000; }
QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QListWidget, QTableWidget, QTreeWidget {
    background: #000000; color: #ffffff; border: 2px solid #ffffff;
    selection-background-color: #ffff00; selection-color: #000000;
}
QLineEdit:focus, QTextEdit:focus, QComboBox:focus { border: 3px solid #00ffff; }
QToolButton { color: #ffffff; }
"""


STYLESHEET = make_stylesheet()


def card_style() -> str:
    """A lesson card; in high contrast a white outline keeps the black card visible."""
    p = _display.palette
    edge = f" border: {px(2)}px solid {p.border};" if _display.high_contrast else ""
    return f"QFrame#card {{ background: {p.card}; border-radius: {px(16)}px;{edge} }}"


def tile_style(font_size: int = 20, checked_width: int = 4) -> str:
    """A picture tile (QToolButton): a thick outline when chosen or focused."""
    p = _display.palette
    return (
        f"QToolButton {{ font-size: {px(font_size)}px; background: {p.button}; color: {p.text};"
        f" border: {px(2)}px solid {p.border}; border-radius: {px(14)}px; }}"
        f" QToolButton:hover, QToolButton:checked"
        f" {{ border: {px(checked_width)}px solid {p.accent}; }}"
        f" QToolButton:focus {{ border: {px(5)}px solid {p.focus}; }}"
    )


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
    b.setMinimumHeight(max(56, px(56)))
    return b


def label(text: str, role: str = "", parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    if role:
        lab.setProperty("role", role)
    lab.setWordWrap(True)
    return lab


def dzongkha_label(text: str, pixel_size: int, parent: QWidget | None = None) -> QLabel:
    lab = QLabel(text, parent)
    lab.setFont(dzongkha_font(text_px(pixel_size)))
    return lab
