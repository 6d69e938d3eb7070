"""Small helpers shared by the facilitator screens."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from dzlearn.i18n import _
from dzlearn.ui.style import scroll_area


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


def scrolling_page(page: QWidget) -> QWidget:
    """The widget a facilitator tab lays itself out in: inside a scroll area that fills
    ``page``, so 200 % text scrolls instead of pushing the window past the screen."""
    body = QWidget()
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll_area(body))
    return body
