"""Ways to reach each screen, step view and dialog the accessibility tests look at.

Each opener takes a launched app (tests/ui/conftest.py) and returns the window or dialog to
check; they drive the app the way the rest of the UI tests do (clicks and calls, no sleeps).
"""

from __future__ import annotations

from collections.abc import Callable

from a11y_helpers import settle
from PySide6.QtWidgets import QWidget

from dzlearn.lessons.models import Lesson, Pack
from dzlearn.storage import Learner
from dzlearn.ui.facilitator.dialogs import NewPassphraseDialog

PASSPHRASE = "prayer flags 108"


def learner(app) -> Learner:  # noqa: ANN001 - a Launched app
    """The learner the screens are opened for (made once per app)."""
    window = app.window
    if getattr(app, "a11y_learner", None) is None:
        app.a11y_learner = window.people.create_learner("Pema Wangmo", "tree", None)
    return app.a11y_learner


def find_lesson(app, pack_id: str, lesson_id: str) -> tuple[Pack, Lesson]:  # noqa: ANN001
    pack = next(p for p in app.window.services.library.packs if p.id == pack_id)
    return pack, next(x for x in pack.lessons() if x.id == lesson_id)


def lesson_step(app, pack_id: str, lesson_id: str, index: int) -> QWidget:  # noqa: ANN001
    window = app.window
    who = learner(app)
    window.open_home(who)
    app.idle()
    pack, lesson = find_lesson(app, pack_id, lesson_id)
    window.stack.setCurrentWidget(window.lesson_screen)
    window.lesson_screen.start(who, pack, lesson, index)
    app.idle()
    settle()
    return window


# kind → (pack, lesson, step index) in the bundled lessons
STEPS = {
    "listen": ("dz-foundations", "ka-row", 0),
    "keyboard": ("dz-foundations", "ka-row", 1),
    "read": ("dz-foundations", "superscripts", 5),
    "choose": ("dz-foundations", "ca-row", 6),
    "quiz": ("dz-services", "es-ndi-login", 4),
    "type_by_sound": ("dz-foundations", "place-names", 3),
    "eservice": ("dz-services", "es-ndi-login", 3),
}


def picker(app) -> QWidget:  # noqa: ANN001
    learner(app)
    app.window.show_picker()
    app.idle()
    return app.window


def home(app) -> QWidget:  # noqa: ANN001
    app.window.open_home(learner(app))
    app.idle()
    return app.window


def picture_login(app) -> QWidget:  # noqa: ANN001
    window = app.window
    locked = window.people.create_learner("Karma", "sun", ["sun", "moon", "bird"])
    window.show_picker()
    app.idle()
    window.picker.tiles[locked.learner_id].click()
    app.idle()
    assert window.stack.currentWidget() is window.login
    return window


def new_learner_dialog(app) -> QWidget:  # noqa: ANN001
    picker(app)
    app.window.picker.add_tile.click()
    return app.window.dialog


def display_dialog(app) -> QWidget:  # noqa: ANN001
    picker(app)
    app.window.picker.display_button.click()
    return app.window.dialog


def trainer(part: str) -> Callable:
    def open_part(app) -> QWidget:  # noqa: ANN001
        window = app.window
        home(app)
        window.home.practice_button.click()
        app.qtbot.waitUntil(lambda: window.trainer.ready, timeout=20000)
        window.trainer.show_part(part)
        app.idle()
        return window

    return open_part


def trainer_settings(app) -> QWidget:  # noqa: ANN001
    trainer("course")(app)
    return app.window.trainer.open_settings()


def facilitator_screen(app):  # noqa: ANN001, ANN201
    """Facilitator mode, entered through the first-account dialog (or the passphrase)."""
    window = app.window
    if window.facilitator.screen is not None:
        return window.facilitator.screen
    picker(app)
    window.picker.facilitator_button.click()
    app.idle()
    dialog = window.facilitator.dialog
    dialog.passphrase.setText(PASSPHRASE)
    if isinstance(dialog, NewPassphraseDialog):  # no facilitator yet: the first account
        dialog.name.setText("Tashi")
        dialog.again.setText(PASSPHRASE)
        dialog.save.click()
    else:
        dialog.open_button.click()
    app.idle()
    screen = window.facilitator.screen
    screen.learners_tab.select(learner(app).learner_id)
    app.idle()
    return screen


def first_account_dialog(app) -> QWidget:  # noqa: ANN001
    picker(app)
    app.window.picker.facilitator_button.click()
    app.idle()
    return app.window.facilitator.dialog


def facilitator_tab(index: int) -> Callable:
    def open_tab(app) -> QWidget:  # noqa: ANN001
        screen = facilitator_screen(app)
        screen.tabs.setCurrentIndex(index)
        app.idle()
        return app.window

    return open_tab


def facilitator_dialog(button: str) -> Callable:
    """A dialog opened from the learners tab (``set_password``, ``delete``…) or the top of
    facilitator mode (``change_passphrase``)."""

    def open_dialog(app) -> QWidget:  # noqa: ANN001
        screen = facilitator_screen(app)
        screen.tabs.setCurrentIndex(0)
        (getattr(screen.learners_tab, button, None) or getattr(screen, button)).click()
        app.idle()
        return screen.dialog

    return open_dialog


def passphrase_dialog(app) -> QWidget:  # noqa: ANN001
    facilitator_screen(app)
    app.window.facilitator.lock()
    app.idle()
    return app.window.facilitator.dialog


def studio(walk: bool) -> Callable:
    def open_studio(app) -> QWidget:  # noqa: ANN001
        facilitator_screen(app)
        app.window.open_studio()
        app.idle()
        if walk:
            app.window.studio.walk_missing()
            app.idle()
        return app.window

    return open_studio


LEARNER_SCREENS = {
    "picker": picker,
    "home": home,
    "picture log-in": picture_login,
    "new learner dialog": new_learner_dialog,
    "display dialog": display_dialog,
}
TRAINER_SCREENS = {
    "trainer: type by sound": trainer("pad"),
    "trainer: keyboard course": trainer("course"),
    "trainer: listen and type": trainer("listen"),
    "trainer: my progress": trainer("progress"),
    "trainer settings dialog": trainer_settings,
}
FACILITATOR_SCREENS = {
    "first facilitator dialog": first_account_dialog,
    "facilitator: learners": facilitator_tab(0),
    "facilitator: groups": facilitator_tab(1),
    "facilitator: sessions": facilitator_tab(2),
    "facilitator: dashboard": facilitator_tab(3),
    "picture password dialog": facilitator_dialog("set_password"),
    "delete (confirm) dialog": facilitator_dialog("delete"),
    "keyboard course settings dialog": facilitator_dialog("typing_settings"),
    "change passphrase dialog": facilitator_dialog("change_passphrase"),
    "passphrase dialog (locked)": passphrase_dialog,
    "recording studio": studio(walk=False),
    "recording studio: one prompt": studio(walk=True),
}
