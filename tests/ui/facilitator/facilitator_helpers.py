"""Driving the learner picker, the picture pad and facilitator mode as a person would."""

from dzlearn.ui.facilitator.dialogs import NewPassphraseDialog, PassphraseDialog

PASSPHRASE = "prayer flags 108"
RIGHT = ["sun", "moon", "bird"]
WRONG = ["sun", "bird", "moon"]


def add_learner(app, name, picture, password=None):
    """A learner made behind the scenes (the UI way is tested on its own)."""
    learner = app.window.people.create_learner(name, picture, password)
    app.window.show_picker()
    app.idle()
    return learner


def tap(pad, pictures):
    for name in pictures:
        pad.tiles[name].click()


def choose(app, learner):
    window = app.window
    assert window.stack.currentWidget() is window.picker
    window.picker.tiles[learner.learner_id].click()
    app.idle()


def open_facilitator(app, passphrase=PASSPHRASE, name="Tashi"):
    window = app.window
    window.picker.facilitator_button.click()
    app.idle()
    dialog = window.facilitator.dialog
    if isinstance(dialog, NewPassphraseDialog):
        dialog.name.setText(name)
        dialog.passphrase.setText(passphrase)
        dialog.again.setText(passphrase)
        dialog.save.click()
    else:
        assert isinstance(dialog, PassphraseDialog)
        dialog.passphrase.setText(passphrase)
        dialog.open_button.click()
    app.idle()
    screen = window.facilitator.screen
    assert screen is not None and window.stack.currentWidget() is screen
    return screen


def people_events(app, type_):
    return [e for e in app.window.people.people_events() if e.type == type_]


def learner_types(app, learner):
    return [e.type for e in app.window.services.events.for_learner(learner.learner_id)]
