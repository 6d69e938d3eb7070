"""The facilitator's dialogs: passphrase, new passphrase, confirmation, picture password.

Each is opened with ``open()`` (never a nested ``exec()``), so the idle lock can close it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from dzlearn.i18n import _
from dzlearn.people import MIN_PASSPHRASE_LENGTH, Facilitator, check_new_passphrase
from dzlearn.ui.facilitator.common import say
from dzlearn.ui.facilitator.picture_pad import PasswordSetter
from dzlearn.ui.style import button, current_stylesheet, label, scroll_area, set_property, space
from dzlearn.ui.widgets.pictures import PictureSet


def _secret_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


class _Dialog(QDialog):
    """A dialog at the display's text size and contrast; its content scrolls when 200 % text
    makes it taller than the screen. Escape or Cancel closes it."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        if parent is None:  # with a parent it takes the window's stylesheet, at its scale
            self.setStyleSheet(current_stylesheet())
        body = QWidget()
        body.setMinimumWidth(560)  # the dialog is at least this wide, and as its content
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_area(body))
        self.layout_ = QVBoxLayout(body)
        self.layout_.setSpacing(space(12))
        self.layout_.setContentsMargins(24, 20, 24, 20)
        self.error = label("", "error")
        self.error.hide()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def _buttons(self, ok_text: str, danger: bool = False) -> tuple:
        self.layout_.addWidget(self.error)
        row = QHBoxLayout()
        cancel = button(_("Cancel"))
        cancel.clicked.connect(self.reject)
        ok = button(ok_text, primary=True)
        ok.setDefault(not danger)  # Enter in a box means OK; in a question of danger, Cancel
        if danger:
            set_property(ok, "danger", True)  # red, in both colour schemes
        row.addWidget(cancel)
        row.addStretch(1)
        row.addWidget(ok)
        self.layout_.addLayout(row)
        return cancel, ok


class PassphraseDialog(_Dialog):
    """Who is the facilitator, and their passphrase. ``verify(facilitator_id, passphrase)``
    runs off the UI thread and answers with ``accept()`` or ``refused()``."""

    def __init__(
        self,
        facilitators: Sequence[Facilitator],
        verify: Callable[[str, str], None],
        parent: QWidget | None,
        message: str = "",
    ) -> None:
        super().__init__(_("Facilitator mode"), parent)
        self._verify = verify
        self._facilitators = list(facilitators)
        self.layout_.addWidget(label(_("Facilitator mode"), "heading"))
        if message:
            self.layout_.addWidget(label(message, "gentle"))
        self.name_choice: QComboBox | None = None
        if len(self._facilitators) > 1:
            self.layout_.addWidget(label(_("Who are you?"), "hint"))
            self.name_choice = QComboBox()
            for facilitator in self._facilitators:
                self.name_choice.addItem(facilitator.name, facilitator.facilitator_id)
            self.layout_.addWidget(self.name_choice)
        else:
            only = _("Facilitator: {name}").format(name=self._facilitators[0].name)
            self.layout_.addWidget(label(only, "hint"))
        self.layout_.addWidget(label(_("Passphrase"), "hint"))
        self.passphrase = _secret_field(_("Type your passphrase"))
        self.layout_.addWidget(self.passphrase)
        self.cancel, self.open_button = self._buttons(_("Open facilitator mode"))
        self.open_button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)
        self.passphrase.setFocus()

    def chosen_id(self) -> str:
        if self.name_choice is not None:
            return str(self.name_choice.currentData())
        return self._facilitators[0].facilitator_id

    def choose(self, facilitator_id: str) -> None:
        if self.name_choice is not None:
            self.name_choice.setCurrentIndex(self.name_choice.findData(facilitator_id))

    def _submit(self) -> None:
        if not self.open_button.isEnabled():
            return
        if not self.passphrase.text():
            self.show_error(_("Type the passphrase first."))
            return
        self.open_button.setEnabled(False)
        self.show_error("")
        self._verify(self.chosen_id(), self.passphrase.text())

    def refused(self, message: str = "") -> None:
        self.passphrase.clear()
        self.passphrase.setFocus()
        self.open_button.setEnabled(True)
        self.show_error(message or _("That passphrase is not right. Try again."))


class NewPassphraseDialog(_Dialog):
    """A new facilitator account (name + passphrase twice), or a new passphrase for oneself
    (current + new twice). ``submit(name, current, new, again)`` runs off the UI thread."""

    def __init__(
        self,
        title: str,
        intro: str,
        submit: Callable[[str, str, str, str], None],
        parent: QWidget | None,
        ask_name: bool = True,
        ask_current: bool = False,
    ) -> None:
        super().__init__(title, parent)
        self._submit = submit
        self.layout_.addWidget(label(title, "heading"))
        if intro:
            self.layout_.addWidget(label(intro, "hint"))
        self.name: QLineEdit | None = None
        self.current: QLineEdit | None = None
        if ask_name:
            self.layout_.addWidget(label(_("Your name"), "hint"))
            self.name = QLineEdit()
            self.name.setMaxLength(60)
            self.layout_.addWidget(self.name)
        if ask_current:
            self.layout_.addWidget(label(_("Your passphrase now"), "hint"))
            self.current = _secret_field("")
            self.layout_.addWidget(self.current)
        self.layout_.addWidget(label(_("New passphrase"), "hint"))
        rule = _(
            "At least {n} characters. A few words you will remember work well."
            " Nobody can look it up for you later."
        ).format(n=MIN_PASSPHRASE_LENGTH)
        self.passphrase = _secret_field(
            _("At least {n} characters").format(n=MIN_PASSPHRASE_LENGTH)
        )
        self.layout_.addWidget(self.passphrase)
        self.layout_.addWidget(label(rule, "hint"))
        self.layout_.addWidget(label(_("The same passphrase again"), "hint"))
        self.again = _secret_field("")
        self.layout_.addWidget(self.again)
        self.cancel, self.save = self._buttons(_("Save"))
        self.save.clicked.connect(self._on_save)
        (self.name or self.current or self.passphrase).setFocus()

    def _on_save(self) -> None:
        if self.name is not None and not self.name.text().strip():
            self.show_error(_("Type your name."))
            return
        try:
            check_new_passphrase(self.passphrase.text(), self.again.text())
        except ValueError as error:
            self.show_error(say(error))
            return
        self.save.setEnabled(False)
        self.show_error("")
        self._submit(
            self.name.text() if self.name is not None else "",
            self.current.text() if self.current is not None else "",
            self.passphrase.text(),
            self.again.text(),
        )

    def failed(self, message: str) -> None:
        self.save.setEnabled(True)
        self.show_error(message)


class ConfirmDialog(_Dialog):
    """Are you sure? The question names exactly what will happen, and to whom."""

    def __init__(
        self,
        title: str,
        text: str,
        confirm_text: str,
        on_confirm: Callable[[], None],
        parent: QWidget | None,
    ) -> None:
        super().__init__(title, parent)
        self.layout_.addWidget(label(title, "heading"))
        self.text = label(text, "hint")
        self.text.setMinimumWidth(520)
        self.layout_.addWidget(self.text)
        self.cancel, self.confirm = self._buttons(confirm_text, danger=True)
        self.cancel.setDefault(True)  # Enter never deletes: only a deliberate click or Space
        self.confirm.clicked.connect(lambda: (self.accept(), on_confirm()))


class PicturePasswordDialog(_Dialog):
    """A facilitator sets a learner's picture password, with the learner beside them."""

    def __init__(
        self,
        pictures: PictureSet,
        learner_name: str,
        on_chosen: Callable[[list[str]], None],
        parent: QWidget | None,
    ) -> None:
        title = _("Picture password for {name}").format(name=learner_name)
        super().__init__(title, parent)
        heading = label(title, "heading")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_.addWidget(heading)
        self.setter = PasswordSetter(pictures, tile=104)
        self.setter.cancelled.connect(self.reject)
        self.setter.chosen.connect(lambda taps: (self.accept(), on_chosen(taps)))
        self.layout_.addWidget(self.setter)
