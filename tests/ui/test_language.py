"""Switching the interface language at run time, from the picker and from home, kept per PC."""

import json

import pytest
from PySide6.QtWidgets import QApplication
from test_lesson_flow import create_learner, open_first_lesson

from dzlearn.i18n import set_language
from dzlearn.ui.style import apply_display


@pytest.fixture(autouse=True)
def _english_at_100_afterwards(qapp):
    font = QApplication.font()
    yield
    set_language("en")
    apply_display(1.0, False)
    QApplication.setFont(font)


def test_the_toggle_switches_language_on_the_picker_and_is_remembered(launch, tmp_path):
    app = launch()
    window = app.window
    picker = window.picker
    toggle = picker.language.buttons
    assert toggle["dz"].isVisible() and toggle["en"].isVisible()
    assert toggle["en"].isChecked() and picker.display_button.text() == "Display"
    toggle["dz"].click()
    app.idle()
    assert window.picker is not picker, "the screens are rebuilt in the new language"
    assert window.stack.currentWidget() is window.picker
    assert window.picker.display_button.text() == "བཀྲམ་སྟོན"
    assert window.picker.language.buttons["dz"].isChecked()
    saved = json.loads((tmp_path / "data" / "display.json").read_text(encoding="utf-8"))
    assert saved["language"] == "dz"
    app.close()

    again = launch(tmp_path / "data")
    assert again.window.picker.display_button.text() == "བཀྲམ་སྟོན"


def test_switching_on_home_keeps_the_learner_and_counts_in_tibetan_digits(launch, qtbot):
    app = launch()
    learner = create_learner(app)
    window = app.window
    window.home.language.buttons["dz"].click()
    qtbot.waitUntil(lambda: "ka-row" in window.home.start_buttons)
    app.idle()
    assert window.stack.currentWidget() is window.home and window.learner == learner
    assert window.home.start_buttons["ka-row"].text() == "འགོ་བཙུགས"  # Start (Debian catalogs)
    status = window.home.findChild(type(window.home._name), "status-ka-row").text()
    assert status.startswith("༠/"), status
    screen = open_first_lesson(app)
    assert screen.step_label.text().startswith("༡/")
    assert screen.next.text() == "ཤུལ་མམ"  # Next (Debian catalogs)
    screen.home.click()
    app.idle()
    window.home.language.buttons["en"].click()
    qtbot.waitUntil(lambda: "ka-row" in window.home.start_buttons)
    app.idle()
    assert window.home.start_buttons["ka-row"].text() == "Start"
    assert window.stack.currentWidget() is window.home and window.learner == learner
