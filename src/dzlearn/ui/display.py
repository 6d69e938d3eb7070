"""The always-visible language toggle, and the "Display" dialog (text size, high contrast).

The toggle names each language in itself (རྫོང་ཁ, English) so a learner who reads only one of
them can still find theirs. The dialog is for the facilitator or helper who sets up the PC.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _, current_language, digits
from dzlearn.ui.fonts import dzongkha_font
from dzlearn.ui.settings import SCALES, DisplaySettings
from dzlearn.ui.style import button, display, label, px

LANGUAGE_NAMES = {"dz": "རྫོང་ཁ", "en": "English"}


class LanguageToggle(QWidget):
    """Two big buttons side by side; the current language is the highlighted one."""

    language_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("རྫོང་ཁ / English")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(px(6))
        self.buttons: dict[str, QPushButton] = {}
        for code in ("dz", "en"):
            b = button(LANGUAGE_NAMES[code], primary=code == current_language())
            b.setObjectName(f"language-{code}")
            b.setCheckable(True)
            b.setAutoDefault(True)  # Enter presses the focused button
            b.setChecked(code == current_language())
            b.setAccessibleName(LANGUAGE_NAMES[code])
            if code == "dz":  # Uchen is small for its size: a larger size reads alike
                b.setFont(dzongkha_font(px(28)))
                b.setStyleSheet(f"font-size: {px(28)}px;")
            b.clicked.connect(lambda _=False, chosen=code: self._chosen(chosen))
            self.buttons[code] = b
            row.addWidget(b)

    def _chosen(self, code: str) -> None:
        for other, b in self.buttons.items():
            b.setChecked(other == current_language())  # the window rebuilds on a real change
        if code != current_language():
            self.language_chosen.emit(code)


class DisplayDialog(QDialog):
    """Text size 100/150/200 % and high contrast, for this PC."""

    def __init__(self, settings: DisplaySettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Display"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(px(12))
        layout.addWidget(label(_("Font size"), "heading"))
        sizes = QHBoxLayout()
        self.scale_group = QButtonGroup(self)
        self.scale_buttons: dict[int, QRadioButton] = {}
        for scale in SCALES:
            radio = QRadioButton(digits(scale) + " %")
            radio.setObjectName(f"scale-{scale}")
            radio.setChecked(scale == settings.scale)
            # Each size shows itself, but none is smaller than the text size in force.
            shown = max(scale / 100, display().scale)
            radio.setStyleSheet(f"font-size: {round(20 * shown)}px;")
            self.scale_group.addButton(radio, scale)
            self.scale_buttons[scale] = radio
            sizes.addWidget(radio)
        layout.addLayout(sizes)
        self.contrast = QCheckBox(_("High contrast (black background)"))
        self.contrast.setObjectName("high-contrast")
        self.contrast.setChecked(settings.high_contrast)
        layout.addWidget(self.contrast)
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = button(_("Cancel"))
        cancel.clicked.connect(self.reject)
        ok = button(_("OK"), primary=True)
        ok.setDefault(True)
        ok.clicked.connect(self.accept)
        row.addWidget(cancel)
        row.addWidget(ok)
        layout.addLayout(row)
        self._settings = settings

    def chosen(self) -> DisplaySettings:
        return self._settings.with_changes(
            scale=self.scale_group.checkedId(), high_contrast=self.contrast.isChecked()
        )
