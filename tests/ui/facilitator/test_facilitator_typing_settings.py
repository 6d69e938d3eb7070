"""A facilitator changes a learner's keyboard-course thresholds; the learner's course uses them."""

from facilitator_helpers import add_learner, open_facilitator

from dzlearn.learning.typing_stats import settings_from_events


def test_thresholds_are_set_per_learner_from_facilitator_mode(launch, qtbot):
    app = launch()
    window = app.window
    pema = add_learner(app, "Pema", "tree")
    screen = open_facilitator(app)
    tab = screen.learners_tab
    tab.select(pema.learner_id)
    assert tab.typing_settings.isEnabled()
    tab.typing_settings.click()
    app.idle()
    dialog = screen.dialog
    dialog.accuracy.setValue(80)
    dialog.speed.setValue(12)
    dialog.submit()
    app.idle()
    events = window.services.events.for_learner(pema.learner_id)
    settings = settings_from_events(events)
    assert (round(settings.min_accuracy, 2), settings.min_spm) == (0.8, 12)
    assert "Pema" in screen.status.text()
