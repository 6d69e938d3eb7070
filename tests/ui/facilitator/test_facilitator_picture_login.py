"""Picture passwords: chosen when a learner is made, tapped at log-in, locked after 5 misses."""

from facilitator_helpers import (
    RIGHT,
    WRONG,
    add_learner,
    choose,
    learner_types,
    open_facilitator,
    tap,
)

from dzlearn.people import LOCKOUT_AFTER, verify_picture_password
from dzlearn.people import event_types as t


def test_a_new_learner_adds_a_picture_password_then_logs_in_with_it(launch):
    app = launch()
    window = app.window
    window.picker.add_tile.click()
    dialog = window.dialog
    dialog.name.setText("Pema")
    dialog.picture_buttons["tree"].click()
    dialog.add_password.click()
    setter = dialog.setter
    assert dialog.pages.currentWidget() is setter
    assert "Touch 3 pictures" in setter.instruction.text()
    tap(setter.pad, RIGHT)
    assert "same 3 pictures again" in setter.instruction.text()
    tap(setter.pad, WRONG)  # not the same: start over, kindly
    assert "not the same" in setter.message.text()
    assert "Touch 3 pictures" in setter.instruction.text()
    tap(setter.pad, RIGHT)
    tap(setter.pad, RIGHT)
    assert dialog.pages.currentIndex() == 0 and "chosen" in dialog.password_state.text()
    dialog.create.click()
    app.idle()
    learner = window.learner
    assert window.stack.currentWidget() is window.home and learner.display_name == "Pema"
    (event,) = [
        e
        for e in window.services.events.for_learner(learner.learner_id)
        if e.type == t.PICTURE_PASSWORD_SET
    ]
    assert verify_picture_password(event.payload["hash"], RIGHT)

    window.home.switch_learner.emit()
    app.idle()
    choose(app, learner)
    login = window.login
    assert window.stack.currentWidget() is login and login.pad.isVisible()
    tap(login.pad, RIGHT[:2])
    assert [s.styleSheet().count("background: #a4472c") for s in login.pad.slots] == [1, 1, 0]
    login.pad.start_again.click()
    assert login.pad.taps == []
    tap(login.pad, WRONG)
    app.idle()
    assert window.stack.currentWidget() is login
    assert "not your pictures" in login.message.text() and "4 tries left" in login.message.text()
    tap(login.pad, RIGHT)
    app.idle()
    assert window.stack.currentWidget() is window.home and window.learner == learner
    assert learner_types(app, learner)[-2:] == [t.LOGIN_FAILED, t.LOGIN_SUCCEEDED]


def test_lock_out_after_five_misses_until_a_facilitator_unlocks(launch):
    app = launch()
    window = app.window
    learner = add_learner(app, "Karma", "sun", RIGHT)
    choose(app, learner)
    login = window.login
    for _ in range(LOCKOUT_AFTER):
        tap(login.pad, WRONG)
        app.idle()
    assert login.locked_note.isVisible() and not login.pad.isVisible()
    assert "Ask your facilitator to unlock" in login.locked_note.text()
    login.back_button.click()
    app.idle()
    choose(app, learner)  # still locked: no pad at all, only the message
    assert window.stack.currentWidget() is login and not login.pad.isVisible()
    assert learner_types(app, learner).count(t.LOGIN_FAILED) == LOCKOUT_AFTER
    login.back_button.click()
    app.idle()

    screen = open_facilitator(app)
    tab = screen.learners_tab
    tab.select(learner.learner_id)
    assert "Locked" in tab.state.text() and tab.unlock.isEnabled()
    assert "Locked" in tab.list.currentItem().text()
    tab.unlock.click()
    app.idle()
    assert "can log in again" in screen.status.text()
    assert not tab.unlock.isEnabled() and tab.state.text() == "Picture password"
    events = window.services.events.for_learner(learner.learner_id)
    assert events[-1].type == t.LEARNER_UNLOCKED
    assert events[-1].payload == {"by_facilitator": window.facilitator.facilitator.facilitator_id}
    screen.leave.click()
    app.idle()
    choose(app, learner)
    tap(login.pad, RIGHT)
    app.idle()
    assert window.stack.currentWidget() is window.home


def test_a_facilitator_sets_and_clears_a_picture_password(launch):
    app = launch()
    window = app.window
    learner = add_learner(app, "Dechen", "bell")
    screen = open_facilitator(app)
    tab = screen.learners_tab
    tab.select(learner.learner_id)
    assert tab.state.text() == "No picture password" and not tab.clear_password.isEnabled()
    tab.set_password.click()
    setter = screen.dialog.setter
    tap(setter.pad, ["cup", "cup", "fish"])
    tap(setter.pad, ["cup", "cup", "fish"])
    app.idle()
    assert "picture password is saved" in screen.status.text()
    assert tab.clear_password.isEnabled() and tab.state.text() == "Picture password"
    assert learner_types(app, learner)[-1] == t.PICTURE_PASSWORD_SET
    tab.clear_password.click()
    app.idle()
    assert learner_types(app, learner)[-1] == t.PICTURE_PASSWORD_CLEARED
    screen.leave.click()
    app.idle()
    choose(app, learner)  # no password any more: straight home
    assert window.stack.currentWidget() is window.home
