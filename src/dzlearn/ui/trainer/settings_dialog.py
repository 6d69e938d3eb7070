"""The keyboard course's unlock thresholds, for a facilitator to change for one learner.

Saving appends a ``trainer.settings`` event (the last one wins), through the task runner. The
dialog knows nothing of the screen that opens it, so facilitator mode can open it too.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.learning.drills import SETTINGS_EVENT, TrainerSettings
from dzlearn.storage import EventLog
from dzlearn.ui.style import button, current_stylesheet, label, scroll_area
from dzlearn.ui.tasks import TaskRunner


class TrainerSettingsDialog(QDialog):
    saved = Signal(object)  # the TrainerSettings now in force

    def __init__(
        self,
        events: EventLog,
        runner: TaskRunner,
        learner_id: str,
        current: TrainerSettings,
        parent: QWidget | None = None,
        learner_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keyboard course settings"))
        if parent is None:  # with a parent it takes the window's stylesheet, at its scale
            self.setStyleSheet(current_stylesheet())
        self._events, self._runner, self._learner_id = events, runner, learner_id
        body = QWidget()  # scrolls when 200 % text makes it taller than the screen
        body.setMinimumWidth(520)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scroll_area(body))
        outer = QVBoxLayout(body)
        outer.setContentsMargins(24, 20, 24, 20)
        who = f" — {learner_name}" if learner_name else ""
        outer.addWidget(label(_("When does the next key come?") + who, "heading"))
        outer.addWidget(
            label(
                _(
                    "A new key comes when every key learned so far is typed at the target speed"
                    " and a whole drill is at least this accurate and this fast."
                ),
                "hint",
            )
        )
        form = QFormLayout()
        self.accuracy = QSpinBox()
        low, high = TrainerSettings.ACCURACY_RANGE
        self.accuracy.setRange(round(low * 100), round(high * 100))
        self.accuracy.setSuffix(" %")
        self.speed = QDoubleSpinBox()
        self.speed.setDecimals(0)
        self.speed.setRange(*TrainerSettings.SPM_RANGE)
        self.speed.setSuffix(_(" syllables a minute"))
        form.addRow(label(_("Accuracy"), "hint"), self.accuracy)
        form.addRow(label(_("Speed"), "hint"), self.speed)
        outer.addLayout(form)
        self.error = label("", "error")
        self.error.hide()
        outer.addWidget(self.error)
        row = QHBoxLayout()
        defaults = button(_("Defaults"))
        defaults.clicked.connect(lambda: self.show_settings(TrainerSettings()))
        row.addWidget(defaults)
        row.addStretch(1)
        cancel = button(_("Cancel"))
        cancel.clicked.connect(self.reject)
        row.addWidget(cancel)
        self.save = button(_("Save"), primary=True)
        self.save.setDefault(True)  # Enter in a box saves
        self.save.clicked.connect(self.submit)
        row.addWidget(self.save)
        outer.addLayout(row)
        self.show_settings(current)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def show_settings(self, settings: TrainerSettings) -> None:
        self.accuracy.setValue(round(settings.min_accuracy * 100))
        self.speed.setValue(settings.min_spm)

    def chosen(self) -> TrainerSettings:
        return TrainerSettings(self.accuracy.value() / 100, float(self.speed.value()))

    def submit(self) -> None:
        try:
            settings = self.chosen()
        except ValueError as error:
            self._failed(error)
            return
        self.save.setEnabled(False)
        events, learner_id, payload = self._events, self._learner_id, settings.to_payload()

        def done(_event: object) -> None:
            self.saved.emit(settings)
            self.accept()

        self._runner.run(
            lambda: events.append(learner_id, SETTINGS_EVENT, payload), done, self._failed
        )

    def _failed(self, error: BaseException) -> None:
        self.save.setEnabled(True)
        self.error.setText(_("The settings could not be saved: {e}").format(e=error))
        self.error.show()
