"""The recording studio for facilitators (see screen.py)."""

from dzlearn.ui.studio.screen import StudioScreen

__all__ = ["StudioScreen"]
