"""The colours and the stylesheet of the app, made from a text scale and a contrast choice.

Pure data and text (no widgets): ``style`` applies it and gives screens helpers that read the
display in force. Text grows with the scale (``px``); padding and gaps grow half as fast
(``space``), so 200 % text still fits a 1280×800 screen.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    faint: str  # text still to come (a drill's rest), quieter than hint
    portal: str  # the simulated government portal's blue
    right_bg: str  # behind the right answer


NORMAL = Palette(
    screen="#f7f3ea", text="#1b1f27", button="#ffffff", border="#c9c2b1", accent="#a4472c",
    accent_text="white", hint="#4a4f59", disabled="#9a9a9a", disabled_border="#dedede",
    focus="#1a56c4", badge_bg="#fde7c4", badge_text="#7a4a00", good="#1e7b34", gentle="#8a5a00",
    error_bg="#fbe0de", error_text="#8b1a12", bar_bg="#e8e1d2", bar="#3f8f4f", card="white",
    faint="#8d877b", portal="#2b5f8a", right_bg="#e8f5ea",
)  # fmt: skip
HIGH_CONTRAST = Palette(
    screen="#000000", text="#ffffff", button="#000000", border="#ffffff", accent="#ffff00",
    accent_text="#000000", hint="#ffffff", disabled="#b0b0b0", disabled_border="#808080",
    focus="#00ffff", badge_bg="#000000", badge_text="#ffff00", good="#7CFC00", gentle="#ffff00",
    error_bg="#000000", error_text="#ff8080", bar_bg="#404040", bar="#ffff00", card="#000000",
    faint="#b0b0b0", portal="#ffffff", right_bg="#003300",
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

    def space(self, size: float) -> int:
        """Padding, gaps and margins: half the text's growth (150 % at 200 % text)."""
        return round(size * (1 + (self.scale - 1) / 2))


def make_stylesheet(scale: float = 1.0, high_contrast: bool = False) -> str:
    d = Display(scale, high_contrast)
    p, s, g = d.palette, d.px, d.space
    line = s(2) if not high_contrast else s(3)
    target = max(MIN_TARGET, g(MIN_TARGET))
    return f"""
QWidget#screen {{ background: {p.screen}; }}
QDialog, QMessageBox {{ background: {p.screen}; }}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; }}
QPushButton {{
    font-size: {s(20)}px; padding: {g(12)}px {g(22)}px; border-radius: {g(12)}px;
    background: {p.button}; border: {line}px solid {p.border}; color: {p.text};
}}
QPushButton:hover {{ border-color: {p.accent}; }}
QPushButton:focus, QToolButton:focus {{ border: {s(4)}px solid {p.focus}; }}
QPushButton:disabled {{ color: {p.disabled}; border-color: {p.disabled_border}; }}
QPushButton[primary="true"], QPushButton[tab="true"]:checked, QPushButton:checked {{
    background: {p.accent}; color: {p.accent_text}; border-color: {p.accent};
}}
QPushButton[primary="true"]:focus, QPushButton:checked:focus {{
    border: {s(4)}px solid {p.focus};
}}
QPushButton[primary="true"]:disabled {{
    background: {"#d9b4a8" if not high_contrast else "#404040"};
    border-color: {"#d9b4a8" if not high_contrast else "#808080"};
    color: {p.accent_text if not high_contrast else p.disabled};
}}
QPushButton[danger="true"] {{ color: {p.error_text}; border-color: {p.error_text}; }}
QPushButton[danger="true"][primary="true"] {{
    background: {p.error_text}; color: {p.accent_text if not high_contrast else "#000000"};
}}
QLabel[role="heading"] {{ font-size: {s(26)}px; color: {p.text}; }}
QLabel[role="hint"] {{ font-size: {s(18)}px; color: {p.hint}; }}
QLabel[role="small"] {{ font-size: {s(14)}px; color: {p.hint}; }}
QLabel[role="number"] {{ font-size: {s(36)}px; font-weight: bold; color: {p.text}; }}
QLabel[role="badge"] {{
    font-size: {s(17)}px; padding: {g(6)}px {g(12)}px; border-radius: {g(10)}px;
    background: {p.badge_bg}; color: {p.badge_text};
}}
QLabel[role="good"] {{ font-size: {s(22)}px; color: {p.good}; }}
QLabel[role="gentle"] {{ font-size: {s(22)}px; color: {p.gentle}; }}
QLabel[role="error"] {{
    font-size: {s(18)}px; padding: {g(8)}px; border-radius: {g(8)}px;
    background: {p.error_bg}; color: {p.error_text};
}}
QLabel[role="banner"] {{
    font-size: {s(20)}px; font-weight: bold; padding: {g(10)}px; border-radius: {g(8)}px;
    background: {p.error_bg}; color: {p.error_text}; border: {line}px solid {p.error_text};
}}
QFrame#card, QFrame#tile, QFrame#panel {{
    background: {p.card}; border: {line}px solid {p.border}; border-radius: {g(14)}px;
}}
QRadioButton, QCheckBox {{
    font-size: {s(20)}px; min-height: {target}px; spacing: {g(12)}px; color: {p.text};
}}
QRadioButton::indicator, QCheckBox::indicator {{ width: {s(28)}px; height: {s(28)}px; }}
QRadioButton:focus, QCheckBox:focus {{ border: {s(3)}px solid {p.focus}; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QSpinBox, QDoubleSpinBox {{
    font-size: {s(20)}px; padding: {g(4)}px {g(10)}px; border-radius: {g(8)}px;
    background: {p.card}; color: {p.text}; border: {line}px solid {p.border};
    selection-background-color: {p.accent}; selection-color: {p.accent_text};
}}
QLineEdit, QComboBox, QDateEdit, QSpinBox, QDoubleSpinBox {{ min-height: {target - 2 * line}px; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QDateEdit:focus,
QSpinBox:focus, QDoubleSpinBox:focus {{ border: {s(4)}px solid {p.focus}; }}
QLineEdit[wrong="true"], QDateEdit[wrong="true"] {{ border: {s(4)}px solid {p.error_text}; }}
QComboBox::drop-down, QDateEdit::drop-down {{ width: {target}px; }}
QComboBox::down-arrow, QDateEdit::down-arrow {{ width: {s(14)}px; height: {s(14)}px; }}
QAbstractSpinBox > QLineEdit, QComboBox > QLineEdit {{
    border: none; padding: 0; min-height: 0; background: transparent;
}}
QSpinBox, QDoubleSpinBox {{
    padding-left: {target + g(6)}px; padding-right: {target + g(6)}px; min-height: {target}px;
}}
QSpinBox::up-button, QDoubleSpinBox::up-button {{
    subcontrol-origin: padding; subcontrol-position: center right;
    width: {target}px; height: {target}px;
}}
QSpinBox::down-button, QDoubleSpinBox::down-button {{
    subcontrol-origin: padding; subcontrol-position: center left;
    width: {target}px; height: {target}px;
}}
QComboBox QAbstractItemView {{
    font-size: {s(20)}px; background: {p.card}; color: {p.text};
    selection-background-color: {p.accent}; selection-color: {p.accent_text};
}}
QListWidget {{
    font-size: {s(20)}px; background: {p.card}; color: {p.text};
    border: {line}px solid {p.border}; border-radius: {g(10)}px;
}}
QListWidget:focus {{ border: {s(4)}px solid {p.focus}; }}
QListWidget::item {{ padding: {g(8)}px; min-height: {target}px; }}
QListWidget::item:selected {{ background: {p.badge_bg}; color: {p.badge_text}; }}
QTableWidget {{
    font-size: {s(15)}px; background: {p.card}; color: {p.text}; gridline-color: {p.border};
    alternate-background-color: {"#f3efe6" if not high_contrast else "#1a1a1a"};
    selection-background-color: {p.accent}; selection-color: {p.accent_text};
}}
QTableWidget:focus {{ border: {s(3)}px solid {p.focus}; }}
QHeaderView::section {{
    font-size: {s(15)}px; font-weight: bold; padding: {g(4)}px {g(6)}px;
    background: {p.bar_bg}; color: {p.text}; border: 1px solid {p.border};
}}
QTabWidget::pane {{ border: {line}px solid {p.border}; border-radius: {g(8)}px; }}
QTabBar::tab {{
    font-size: {s(20)}px; padding: {g(10)}px {g(22)}px; min-height: {target - 2 * g(10)}px;
    background: {p.button}; color: {p.text}; border: {line}px solid {p.border};
    border-top-left-radius: {g(10)}px; border-top-right-radius: {g(10)}px; margin-right: {g(4)}px;
}}
QTabBar::tab:selected {{ background: {p.accent}; color: {p.accent_text}; font-weight: bold; }}
QTabBar::tab:focus {{ border: {s(4)}px solid {p.focus}; }}
QTabBar::scroller {{ width: {2 * target}px; }}
QTabBar QToolButton {{
    background: {p.button}; border: {line}px solid {p.border}; min-height: {target}px;
}}
QGroupBox {{
    font-size: {s(20)}px; font-weight: bold; color: {p.text};
    border: {line}px solid {p.border}; border-radius: {g(12)}px;
    margin-top: {s(18)}px; padding: {g(14)}px {g(10)}px {g(10)}px {g(10)}px;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: {g(14)}px; padding: 0 {g(6)}px; }}
QToolTip {{
    font-size: {s(18)}px; color: {p.text}; background: {p.card}; border: 1px solid {p.border};
}}
QMessageBox QLabel {{ font-size: {s(20)}px; color: {p.text}; }}
QProgressBar {{
    height: {s(16)}px; border-radius: {s(8)}px; background: {p.bar_bg};
    border: {"none" if not high_contrast else "2px solid #ffffff"};
}}
QProgressBar::chunk {{ border-radius: {s(8)}px; background: {p.bar}; }}
QScrollBar:vertical {{ width: {g(18)}px; background: {p.bar_bg}; border: none; }}
QScrollBar::handle:vertical {{
    background: {p.hint}; min-height: {s(40)}px; border-radius: {g(6)}px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
""" + (_HIGH_CONTRAST_EXTRA if high_contrast else "")


_HIGH_CONTRAST_EXTRA = """
QWidget { color: #ffffff; }
QDialog, QMainWindow, QStackedWidget, QTabWidget > QWidget { background: #000000; }
QToolButton { color: #ffffff; }
"""
