"""Facilitator mode: the first account, the passphrase, and the lock when left idle."""

from facilitator_helpers import PASSPHRASE, open_facilitator, people_events
from PySide6.QtTest import QTest

from dzlearn.people import event_types as t
from dzlearn.ui.facilitator.dialogs import NewPassphraseDialog, PassphraseDialog


def test_the_first_facilitator_account_is_offered_and_checked(launch):
    app = launch()
    window = app.window
    assert window.picker.facilitator_button.isVisible()
    window.picker.facilitator_button.click()
    app.idle()
    dialog = window.facilitator.dialog
    assert isinstance(dialog, NewPassphraseDialog) and dialog.isVisible()
    dialog.name.setText("Tashi")
    dialog.passphrase.setText("short")
    dialog.again.setText("short")
    dialog.save.click()
    assert "at least 8 characters" in dialog.error.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.again.setText(PASSPHRASE + "!")
    dialog.save.click()
    assert "not the same" in dialog.error.text()
    assert people_events(app, t.FACILITATOR_CREATED) == []
    dialog.again.setText(PASSPHRASE)
    dialog.save.click()
    app.idle()
    screen = window.facilitator.screen
    assert window.stack.currentWidget() is screen and "Tashi" in screen.signed_in.text()
    (created,) = people_events(app, t.FACILITATOR_CREATED)
    assert created.learner_id is None and created.payload["name"] == "Tashi"
    assert created.payload["passphrase_hash"].startswith("$argon2id$")
    assert PASSPHRASE not in str(created.payload)
    from dzlearn.ui.dashboard import DashboardView

    assert screen.tabs.tabText(3) == "Dashboard"
    assert isinstance(screen.dashboard_tab, DashboardView)


def test_a_wrong_passphrase_is_refused(launch):
    app = launch()
    window = app.window
    open_facilitator(app).leave.click()
    app.idle()
    assert window.facilitator.screen is None and window.stack.currentWidget() is window.picker
    window.picker.facilitator_button.click()
    app.idle()
    dialog = window.facilitator.dialog
    assert isinstance(dialog, PassphraseDialog)
    dialog.passphrase.setText("prayer flags 109")
    dialog.open_button.click()
    app.idle()
    assert "not right" in dialog.error.text() and dialog.passphrase.text() == ""
    assert window.facilitator.screen is None and window.stack.currentWidget() is window.picker
    dialog.cancel.click()
    app.idle()
    assert window.facilitator.dialog is None and window.stack.currentWidget() is window.picker
    open_facilitator(app)


def test_idle_facilitator_mode_locks_and_asks_again(launch, qtbot):
    app = launch(start=False)
    app.window.facilitator_idle_ms = 600
    app.start()
    window = app.window
    screen = open_facilitator(app)
    mode = window.facilitator
    for _ in range(8):  # someone is working: the timer starts again at every key
        QTest.keyClick(screen.groups_tab.new_name, "a")
        qtbot.wait(150)
    assert not mode.locked and window.stack.currentWidget() is screen
    qtbot.waitUntil(lambda: mode.locked, timeout=5000)
    assert window.stack.currentWidget() is window.picker, "the records are hidden"
    dialog = mode.dialog
    assert (
        isinstance(dialog, PassphraseDialog)
        and "locked" in dialog.findChildren(type(screen.signed_in))[1].text()
    )
    dialog.passphrase.setText("wrong passphrase")
    dialog.open_button.click()
    app.idle()
    assert mode.locked and window.stack.currentWidget() is window.picker
    dialog.passphrase.setText(PASSPHRASE)
    dialog.open_button.click()
    app.idle()
    assert window.stack.currentWidget() is screen, "the same screen, nothing lost"
    assert screen.groups_tab.new_name.text() == "a" * 8
    qtbot.waitUntil(lambda: mode.locked, timeout=5000)
    mode.dialog.cancel.click()  # walk away: back to the learners, facilitator mode closed
    app.idle()
    assert mode.screen is None and window.stack.currentWidget() is window.picker
