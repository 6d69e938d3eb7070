"""Small helpers shared by the facilitator screens."""

from __future__ import annotations

from dzlearn.i18n import _

FACILITATOR_STYLE = """
QTabBar::tab { font-size: 20px; padding: 12px 26px; }
QTabBar::tab:selected { font-weight: bold; }
QListWidget { font-size: 20px; background: white; border: 2px solid #c9c2b1; border-radius: 10px; }
QListWidget::item { padding: 8px; }
QListWidget::item:selected { background: #fde7c4; color: #1b1f27; }
QCheckBox { font-size: 20px; spacing: 12px; padding: 4px; }
QCheckBox::indicator { width: 26px; height: 26px; }
QLineEdit, QComboBox, QDateEdit { font-size: 20px; min-height: 44px; padding: 2px 8px; }
QGroupBox { font-size: 20px; font-weight: bold; border: 2px solid #e0d9c8; border-radius: 12px;
            margin-top: 18px; padding: 14px 10px 10px 10px; background: #fffdf8; }
QGroupBox::title { subcontrol-origin: margin; left: 14px; padding: 0 6px; }
"""


def say(error: BaseException) -> str:
    """An exception as a sentence a facilitator can act on (never a traceback)."""
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        text = f"{error.strerror}{where}"
    elif isinstance(error, (ValueError, OSError)) or type(error).__module__.startswith("dzlearn"):
        text = str(error)
    else:
        text = _("something unexpected went wrong ({kind}: {error})").format(
            kind=type(error).__name__, error=error
        )
    text = text.strip() or type(error).__name__
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."
