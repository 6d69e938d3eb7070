"""The recording studio is reached from facilitator mode only, and leads back to it."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "facilitator"))
from facilitator_helpers import open_facilitator  # noqa: E402


def test_studio_opens_from_facilitator_mode_and_returns_to_it(launch):
    app = launch()
    window = app.window
    assert window.studio is None  # not built for learners
    screen = open_facilitator(app)
    screen.studio_button.click()
    app.idle()
    assert window.stack.currentWidget() is window.studio
    window.studio.exit_requested.emit()
    assert window.stack.currentWidget() is screen
