import pytest

from dzlearn.ui.audio import PromptPlayer
from dzlearn.ui.trainer import TrainerScreen


class Trainer:
    def __init__(self, app, qtbot) -> None:
        self.app, self.qtbot = app, qtbot
        window = app.window
        self.services = window.services
        self.learner = self.services.learners.create("Dechen", "bell")
        self.screen = TrainerScreen(self.services, app.runner, window.pictures, PromptPlayer())
        window.stack.addWidget(self.screen)
        window.stack.setCurrentWidget(self.screen)

    def start(self, part: str = "pad") -> "Trainer":
        self.screen.start(self.learner, part)
        self.qtbot.waitUntil(lambda: self.screen.ready, timeout=20000)
        self.app.idle()
        return self

    def events(self, kind: str | None = None):
        found = self.services.events.for_learner(self.learner.learner_id)
        return [e for e in found if kind is None or e.type == kind]


@pytest.fixture
def trainer(launch, qtbot) -> Trainer:
    return Trainer(launch(), qtbot)
