"""Typing practice is reached from the learner's home screen and leads back to it."""

from dzlearn.ui.trainer import TrainerScreen


def test_home_opens_typing_practice_for_this_learner_and_comes_back(launch):
    app = launch()
    window = app.window
    learner = window.services.learners.create("Yeshi", "cup")
    window.open_home(learner)
    app.idle()
    window.home.practice_button.click()
    app.idle()
    assert isinstance(window.trainer, TrainerScreen)
    assert window.stack.currentWidget() is window.trainer
    window.trainer.exit_requested.emit()
    app.idle()
    assert window.stack.currentWidget() is window.home and window.learner == learner
