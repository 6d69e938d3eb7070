"""Large targets, keyboard-only use, text scale and high contrast for the learner screens."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication
from test_lesson_flow import create_learner, open_first_lesson

from dzlearn.i18n import set_language
from dzlearn.ui.settings import DisplaySettings
from dzlearn.ui.style import MIN_TARGET, apply_display


@pytest.fixture(autouse=True)
def _english_at_100_afterwards(qapp):
    font = QApplication.font()
    yield
    set_language("en")
    apply_display(1.0, False)
    QApplication.setFont(font)


def small_targets(screen) -> list[str]:
    return [
        f"{b.objectName() or b.text()!r}: {b.width()}x{b.height()}"
        for b in screen.findChildren(QAbstractButton)
        if b.isVisible() and min(b.width(), b.height()) < MIN_TARGET
    ]


def test_every_button_on_the_learner_screens_is_big_enough(launch):
    app = launch()
    window = app.window
    learner = create_learner(app)
    assert window.home.start_buttons and not small_targets(window.home)
    window.show_picker()
    app.idle()
    assert window.picker.tiles and not small_targets(window.picker)
    window.open_home(learner)
    app.idle()
    screen = open_first_lesson(app)
    assert not small_targets(screen)


def press(key) -> None:
    """A key as the learner presses it: to the focused widget, else to the active window."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    QTest.keyClick(target, key)


def tab_to(widget, limit: int = 40) -> None:
    for _ in range(limit):
        if QApplication.focusWidget() is widget:
            return
        press(Qt.Key.Key_Tab)
    seen = []
    for _ in range(8):
        press(Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        seen.append(f"{type(focus).__name__}:{focus.objectName() if focus else None}")
    raise AssertionError(f"Tab never reached {widget.text()!r}; Tab went through {seen}")


def test_picker_home_and_lesson_with_tab_and_enter_only(launch, qtbot):
    app = launch()
    window = app.window
    create_learner(app, "Dorji")
    window.show_picker()
    app.idle()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    (tile,) = window.picker.tiles.values()
    tab_to(tile)
    cards_before = window.home.start_buttons
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.home.start_buttons is not cards_before)  # home refilled
    app.idle()
    assert window.stack.currentWidget() is window.home and window.learner.display_name == "Dorji"

    qtbot.waitUntil(lambda: window.home.start_buttons["ka-row"].isVisible())
    start = window.home.start_buttons["ka-row"]
    tab_to(start)
    press(Qt.Key.Key_Return)
    app.idle()
    screen = window.lesson_screen
    assert window.stack.currentWidget() is screen and screen.index == 0
    # Tab and Shift+Tab move between the lesson's buttons; Enter still means Next.
    tab_to(screen.next)
    press(Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is not screen.next
    press(Qt.Key.Key_Return)
    app.idle()
    assert screen.index == 1


def test_language_toggle_and_back_to_picker_by_keyboard(launch, qtbot):
    app = launch()
    window = app.window
    create_learner(app)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tab_to(window.home.language.buttons["dz"])
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "ka-row" in window.home.start_buttons)
    app.idle()
    assert window.home.start_buttons["ka-row"].text() == "འགོ་བཙུགས"
    assert QApplication.focusWidget() is window.home.language.buttons["dz"]
    tab_to(window.home.switch_button)
    press(Qt.Key.Key_Return)
    app.idle()
    assert window.stack.currentWidget() is window.picker


def test_text_at_200_percent_and_high_contrast(launch):
    app = launch()
    window = app.window
    create_learner(app)
    window.show_picker()
    app.idle()
    tile_at_100 = next(iter(window.picker.tiles.values())).size()
    window.change_settings(DisplaySettings(scale=200, high_contrast=True))
    app.idle()
    tile = next(iter(window.picker.tiles.values()))
    assert tile.width() == 2 * tile_at_100.width()
    assert "font-size: 40px" in window.styleSheet()  # buttons: 20 px at 100 %
    assert "background: #000000" in window.styleSheet()
    assert not small_targets(window.picker)
    assert window.settings == DisplaySettings(scale=200, high_contrast=True)


def test_display_dialog_from_the_picker(launch, tmp_path):
    app = launch()
    window = app.window
    window.picker.display_button.click()
    dialog = window.dialog
    dialog.scale_buttons[150].click()
    dialog.contrast.click()
    dialog.accept()
    app.idle()
    assert window.settings.scale == 150 and window.settings.high_contrast
    assert (tmp_path / "data" / "display.json").is_file()
