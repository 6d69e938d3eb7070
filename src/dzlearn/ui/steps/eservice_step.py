"""Practise an e-service on simulated Citizen Service Portal screens, in Dzongkha.

The learner reads the scenario (the facts of their case), fills each screen and presses
Continue. A wrong field is pointed out gently and can be corrected; a hint can be asked for.
The result says whether the service was completed correctly (every screen right at the first
Continue) and independently (correctly and with no hints): the outcome the CSOs report.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.lessons.steps import EServiceStep, FormField, FormScreen
from dzlearn.script.normalize import normalize
from dzlearn.ui.steps.base import StepContext, StepView
from dzlearn.ui.style import (
    button,
    clear_layout,
    dzongkha_label,
    label,
    palette,
    px,
    set_property,
    space,
    wrapped,
)
from dzlearn.ui.widgets.dzongkha_edit import DzongkhaLineEdit
from dzlearn.ui.widgets.flow import FlowLayout

TIBETAN_DIGITS = str.maketrans("༠༡༢༣༤༥༦༧༨༩", "0123456789")
LIVENESS_STEPS = ("Look at the camera…", "Blink slowly…", "Turn your head a little…")
LIVENESS_STEP_MS = 700


def same_answer(field: FormField, value: str) -> bool:
    """Is ``value`` what the field expects? Dzongkha is compared in canonical form."""
    if field.kind in ("number", "otp"):
        return value.strip().translate(TIBETAN_DIGITS) == field.expected
    if field.kind == "text":
        return normalize(value.strip().rstrip("་")) == normalize(field.expected.rstrip("་"))
    return value == field.expected


class FieldInput(QWidget):
    """The input for one field, whatever its kind; ``value()`` is comparable to ``expected``."""

    def __init__(self, field: FormField) -> None:
        super().__init__()
        self.field = field
        self._value = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.editor: QWidget
        if field.kind == "text":
            self.editor = DzongkhaLineEdit()
        elif field.kind in ("number", "otp"):
            self.editor = QLineEdit()
            self.editor.setMinimumHeight(space(56))
            self.editor.setStyleSheet(
                f"QLineEdit {{ font-size: {px(28)}px; letter-spacing: {space(4)}px; }}"
            )
        elif field.kind == "date":
            self.editor = QDateEdit()
            self.editor.setDisplayFormat("yyyy-MM-dd")
            self.editor.setCalendarPopup(True)
            self.editor.setDate(QDate.currentDate())
            self.editor.setMinimumHeight(space(56))
            self.editor.setStyleSheet(f"QDateEdit {{ font-size: {px(24)}px; }}")
        elif field.kind in ("choice", "consent"):
            self.editor = self._toggles(field)
        else:  # liveness
            self.editor = button(wrapped(_("Start the face check (practice: no camera is used)")))
            self.editor.setAutoDefault(True)  # Enter or Space starts it
            self.editor.clicked.connect(self._run_liveness)
        row.addWidget(self.editor, 1)

    def _toggles(self, field: FormField) -> QWidget:
        box = QWidget()
        row = FlowLayout(box, spacing=space(10))  # at 200 % the choices wrap
        self.group = QButtonGroup(box)
        options = (
            [
                (c.id, c.text.dz if c.text else c.id, c.text.en if c.text else "")
                for c in field.choices
            ]
            if field.kind == "choice"
            else [("allow", "", _("Allow")), ("deny", "", _("Don't allow"))]
        )
        self.options: dict[str, QPushButton] = {}
        for value, dz, en in options:
            b = button(f"{dz}\n{wrapped(en)}".strip() if dz else en)
            b.setCheckable(True)
            b.setAutoDefault(True)  # Enter or Space chooses the focused one
            b.toggled.connect(lambda on, v=value: on and self._set(v))
            self.group.addButton(b)
            self.options[value] = b
            row.addWidget(b)
        return box

    def _set(self, value: str) -> None:
        self._value = value

    def _run_liveness(self) -> None:
        self.editor.setEnabled(False)
        for i, text in enumerate(LIVENESS_STEPS):
            QTimer.singleShot(i * LIVENESS_STEP_MS, lambda t=text: self.editor.setText(_(t)))
        QTimer.singleShot(len(LIVENESS_STEPS) * LIVENESS_STEP_MS, self._liveness_done)

    def _liveness_done(self) -> None:
        self._value = "done"
        self.editor.setText(_("Face check done ✓"))

    def value(self) -> str:
        if isinstance(self.editor, QDateEdit):
            return self.editor.date().toString("yyyy-MM-dd")
        if isinstance(self.editor, QLineEdit):
            return self.editor.text()
        return self._value

    def mark_wrong(self, wrong: bool) -> None:
        """A red outline (the window's stylesheet draws it) on the box or the choices."""
        for widget in getattr(self, "options", {}).values() or [self.editor]:
            set_property(widget, "wrong", wrong)


class EServiceStepView(StepView):
    def __init__(self) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        p = palette()
        case = QFrame()  # the facts of the learner's case, in both languages
        case.setObjectName("case")
        case.setStyleSheet(
            f"QFrame#case {{ background: {p.badge_bg}; border-radius: {space(10)}px;"
            f" border: {px(2)}px solid {p.border}; }}"
        )
        case_box = QVBoxLayout(case)
        case_box.setContentsMargins(space(10), space(6), space(10), space(6))
        self.scenario_dz = dzongkha_label("", 24)
        self.scenario_dz.setWordWrap(True)
        self.scenario = label("", "hint")
        case_box.addWidget(self.scenario_dz)
        case_box.addWidget(self.scenario)
        outer.addWidget(case)
        portal = QFrame()
        portal.setStyleSheet(
            f"QFrame#portal {{ background: {p.card}; border: {px(2)}px solid {p.portal};"
            f" border-radius: {space(12)}px; }}"
        )
        portal.setObjectName("portal")
        self._portal = QVBoxLayout(portal)
        self.service = label("", "heading")
        self.service.setStyleSheet(f"color: {p.portal};")
        self._portal.addWidget(self.service)
        self.screen_title = dzongkha_label("", 30)
        self.screen_title.setWordWrap(True)
        self._portal.addWidget(self.screen_title)
        self.screen_title_en = label("", "hint")
        self._portal.addWidget(self.screen_title_en)
        self._fields_host = QWidget()
        self._fields = QVBoxLayout(self._fields_host)  # each label above its box
        self._fields.setContentsMargins(0, 0, 0, 0)
        self._portal.addWidget(self._fields_host, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.submit = button(_("Continue"), primary=True)
        self.submit.setAutoDefault(True)  # Enter on it checks the page
        self.submit.clicked.connect(self.check_screen)
        row.addWidget(self.submit)
        self._portal.addLayout(row)
        outer.addWidget(portal, 1)  # the lesson screen scrolls a long form
        self.inputs: dict[str, FieldInput] = {}
        self.hint_labels: dict[str, Any] = {}
        self._step: EServiceStep | None = None
        self._screen = 0
        self.hints = 0
        self.wrong_submissions = 0
        self.wrong_fields: set[str] = set()
        self.done = False

    def show_step(self, step: EServiceStep, context: StepContext) -> None:
        self._step = step
        self._screen = 0
        self.hints = 0
        self.wrong_submissions = 0
        self.wrong_fields = set()
        self.done = False
        self.scenario_dz.setText(step.scenario.dz)
        self.scenario.setText(step.scenario.en)
        self.service.setText(f"{step.service.dz}   {step.service.en}")
        self._show_screen(step.screens[0])

    def _show_screen(self, screen: FormScreen) -> None:
        clear_layout(self._fields)
        self.inputs, self.hint_labels = {}, {}
        self.screen_title.setText(screen.title.dz)
        self.screen_title_en.setText(screen.title.en)
        for field in screen.fields:
            name = dzongkha_label(field.label.dz, 26)
            name.setWordWrap(True)
            self._fields.addWidget(name)
            self._fields.addWidget(label(field.label.en, "hint"))
            row = QHBoxLayout()
            field_input = FieldInput(field)
            self.inputs[field.id] = field_input
            row.addWidget(field_input, 1)
            if isinstance(field_input.editor, QLineEdit):  # Enter in a box: the next box
                field_input.editor.returnPressed.connect(self.focusNextChild)
            if field.hint is not None:
                hint_button = button(_("Help"))
                hint_button.setAutoDefault(True)
                hint_button.clicked.connect(lambda _=False, f=field: self.show_hint(f.id))
                row.addWidget(hint_button, 0, Qt.AlignmentFlag.AlignTop)
            self._fields.addLayout(row)
            if field.hint is not None:
                hint = label("", "gentle")
                hint.hide()
                self.hint_labels[field.id] = hint
                self._fields.addWidget(hint)
            self._fields.addSpacing(space(12))
        self._fields.addStretch(1)  # the fields stay together at the top of the page
        last = self._step is not None and self._screen == len(self._step.screens) - 1
        self.submit.setText(_("Submit") if last else _("Continue"))

    def show_hint(self, field_id: str) -> None:
        hint = self.hint_labels[field_id]
        if hint.isHidden():
            self.hints += 1
            field = self.inputs[field_id].field
            assert field.hint is not None
            hint.setText(f"{field.hint.dz} — {field.hint.en}")
            hint.show()

    def check_screen(self) -> None:
        if self._step is None or self.done:
            return
        wrong = [fid for fid, fi in self.inputs.items() if not same_answer(fi.field, fi.value())]
        for fid, field_input in self.inputs.items():
            field_input.mark_wrong(fid in wrong)
        if wrong:
            self.wrong_submissions += 1
            self.wrong_fields.update(wrong)
            names = ", ".join(self.inputs[f].field.label.en for f in wrong)
            self.feedback.emit(_("Please check: {names}").format(names=names), "gentle")
            return
        self._screen += 1
        if self._screen < len(self._step.screens):
            self.feedback.emit(_("Good. Next page."), "good")
            self._show_screen(self._step.screens[self._screen])
            return
        self.done = True
        self.submit.setEnabled(False)
        self.feedback.emit(f"{self._step.success.dz} — {self._step.success.en}", "good")
        correct = self.wrong_submissions == 0
        self.completed.emit(
            {
                "service": self._step.id,
                "completed": True,
                "correct": correct,
                "independent": correct and self.hints == 0,
                "hints": self.hints,
                "wrong_submissions": self.wrong_submissions,
                "wrong_fields": sorted(self.wrong_fields),
                "score": 1.0 if correct else 0.0,
            }
        )
