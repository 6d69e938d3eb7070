"""Every screen, step view and dialog at 200 % text in high contrast on a 1280×800 window.

For each one: its text is at least twice the size it is at 100 % (the same texts are compared,
on an app built at 100 % first), it uses the high-contrast colours, every button, list to open,
tab and spin-box arrow is at least 44 px both ways, and no widget reaches outside the window or
is cut off (text that does not fit its label or button counts as cut off).
"""

import a11y_screens as S
import pytest
from a11y_helpers import (
    BIG,
    BLACK,
    contrast,
    fit_dialog,
    fits,
    font_px,
    low_contrast,
    name,
    not_high_contrast_text,
    settle,
    shown,
    small_targets,
    text_sizes,
    unscaled_text,
    write_display,
)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QDialog,
    QLabel,
    QRadioButton,
)

from dzlearn.i18n import set_language
from dzlearn.ui.style import apply_display, display

# The Display dialog shows each text size in itself (20, 30, 40 px at 100 %), by design.
SHOWN_AT_THEIR_OWN_SIZE = {"100 %", "150 %", "200 %"}


@pytest.fixture(autouse=True)
def _normal_afterwards(qapp):
    font = QApplication.font()
    yield
    set_language("en")
    apply_display(1.0, False)
    QApplication.setFont(font)


def _close(app, top) -> None:  # noqa: ANN001
    if isinstance(top, QDialog):
        top.reject()
        app.idle()


def sizes_at_100(app, screens: dict) -> dict[str, dict[str, int]]:  # noqa: ANN001
    assert display().scale == 1.0
    sizes = {}
    for title, open_screen in screens.items():
        top = open_screen(app)
        settle()  # widgets added to a shown screen appear once their show event has run
        sizes[title] = text_sizes(top)
        _close(app, top)
    return sizes


def problems_at_200(app, screens: dict, normal: dict) -> dict[str, list[str]]:  # noqa: ANN001
    assert display().scale == 2.0 and display().high_contrast
    found = {}
    for title, open_screen in screens.items():
        top = open_screen(app)
        settle()
        big = text_sizes(top)
        wrong = fit_dialog(top) if isinstance(top, QDialog) else fits(top)
        wrong += small_targets(top)
        wrong += low_contrast(top)
        plain = [w for w in shown(top, QLabel) if w.property("role") in ("heading", "hint")]
        wrong += not_high_contrast_text(plain)
        buttons = shown(top, QAbstractButton)
        assert buttons, f"{title}: no button on screen?"
        wrong += [f"{p} (button)" for p in _button_contrast(buttons)]
        small = {k: v for k, v in normal[title].items() if k not in SHOWN_AT_THEIR_OWN_SIZE}
        wrong += unscaled_text(small, big)
        if wrong:
            found[title] = wrong
        _close(app, top)
    return found


def _button_contrast(buttons: list) -> list[str]:
    """Push and tool buttons: their text on their own background; radio buttons and check
    boxes paint none, so their text is on the black screen."""
    wrong = []
    for b in buttons:
        fg = b.palette().color(b.foregroundRole())
        bg = b.palette().color(b.backgroundRole())
        if isinstance(b, (QCheckBox, QRadioButton)):
            bg = BLACK
        if b.isEnabled() and contrast(fg, bg) < 4.5:
            wrong.append(f"{name(b)}: {fg.name()} on {bg.name()}")
    return wrong


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{title}:\n  " + "\n  ".join(lines[:12]) for title, lines in found.items())


def compare(launch, tmp_path, screens: dict) -> None:  # noqa: ANN001
    normal = sizes_at_100(launch(tmp_path / "normal"), screens)
    big = launch(write_display(tmp_path / "big", BIG))
    found = problems_at_200(big, screens, normal)
    assert not found, report(found)


def test_learner_screens(launch, tmp_path):
    compare(launch, tmp_path, S.LEARNER_SCREENS)


def test_every_kind_of_step(launch, tmp_path):
    steps = {
        f"step: {kind}": (lambda app, where=where: S.lesson_step(app, *where))
        for kind, where in S.STEPS.items()
    }
    compare(launch, tmp_path, steps)


def test_typing_practice(launch, tmp_path):
    compare(launch, tmp_path, S.TRAINER_SCREENS)


def test_facilitator_screens_dialogs_dashboard_and_studio(launch, tmp_path):
    compare(launch, tmp_path, S.FACILITATOR_SCREENS)


def test_the_checks_see_a_fixed_size_a_small_button_and_dark_text(launch, tmp_path):
    """The checks above can fail: a window that will not shrink to 1280×800, a 30 px button,
    grey text on black and text left at its 100 % size are all reported."""
    app = launch(write_display(tmp_path / "big", BIG))
    window = S.home(app)
    window.home.setMinimumWidth(1500)
    assert any("more than" in p for p in fits(window))
    window.home.setMinimumWidth(0)
    window.home.switch_button.setFixedSize(30, 30)
    assert any("change-learner" in p for p in small_targets(window))
    window.home.switch_button.setStyleSheet("color: #555555;")
    assert _button_contrast([window.home.switch_button])
    hint = next(w for w in shown(window, QLabel) if w.property("role") == "hint")
    hint.setStyleSheet("color: #333333;")
    assert low_contrast(window) and not_high_contrast_text([hint])
    assert unscaled_text({"a": 20, "b": 18, "c": 26}, {"a": 40, "b": 36, "c": 30}) == [
        "'c': 26 px → 30 px"
    ]


def test_the_damaged_file_dialog_is_at_the_pcs_text_size(launch, tmp_path, qtbot):
    """It opens before the window has its settings: start-up reads them for it."""
    from test_recovery import make_db_with_backup

    from dzlearn.ui.recovery import ask_recovery

    data = write_display(tmp_path / "data", BIG)
    make_db_with_backup(data)
    seen = []

    def ask(message, backup, parent):  # noqa: ANN001 - as Startup calls it
        def look() -> None:
            box = QApplication.activeModalWidget()
            seen.append(box.styleSheet())
            labels = [w for w in shown(box, QLabel) if w.text()]
            seen.append(min(font_px(w) for w in labels))
            seen.append(not_high_contrast_text(labels))
            seen.append(small_targets(box) + fit_dialog(box))
            next(b for b in box.buttons() if "Quit" in b.text()).click()

        QTimer.singleShot(0, look)
        return ask_recovery(message, backup, parent)

    app = launch(data, ask=ask, start=False)
    with qtbot.waitSignal(app.startup.failed, timeout=10000):
        app.startup.begin()
    sheet, smallest, colours, problems = seen
    assert "font-size: 40px" in sheet and "#000000" in sheet  # 200 %, high contrast
    assert smallest >= 40 and not colours and not problems
