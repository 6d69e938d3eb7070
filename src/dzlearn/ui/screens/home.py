"""Home: the learner's lessons and how far they have come in each."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _, digits
from dzlearn.learning.progress import LessonProgress
from dzlearn.lessons.loader import Library
from dzlearn.lessons.models import Lesson, Pack
from dzlearn.storage import Learner
from dzlearn.ui.display import LanguageToggle
from dzlearn.ui.style import (
    button,
    card_style,
    clear_layout,
    dzongkha_label,
    label,
    px,
    space,
)
from dzlearn.ui.widgets.flow import FlowLayout
from dzlearn.ui.widgets.pictures import PictureSet


class HomeScreen(QWidget):
    lesson_chosen = Signal(object, object)  # Pack, Lesson
    switch_learner = Signal()
    practice_requested = Signal()
    language_chosen = Signal(str)

    def __init__(
        self, library: Library, pictures: PictureSet, other_problems: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._library = library
        self._pictures = pictures
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 24)
        top = QHBoxLayout()
        self._avatar = QLabel()
        self._name = label("", "heading")
        top.addWidget(self._avatar)
        top.addWidget(self._name)
        tools = QWidget()  # at 200 % the buttons wrap onto a second row
        bar = FlowLayout(tools, spacing=space(10), align_right=True)
        self.language = LanguageToggle()
        self.language.language_chosen.connect(self.language_chosen.emit)
        bar.addWidget(self.language)
        practice = button(_("Typing practice"), primary=True)
        practice.setObjectName("typing-practice")
        practice.clicked.connect(self.practice_requested.emit)
        practice.setAutoDefault(True)
        bar.addWidget(practice)
        self.practice_button = practice
        switch = button(_("Change learner"))
        switch.setObjectName("change-learner")
        switch.clicked.connect(self.switch_learner.emit)
        bar.addWidget(switch)
        self.switch_button = switch
        switch.setAutoDefault(True)  # Enter presses the focused button
        top.addWidget(tools, 1)
        outer.addLayout(top)
        self._problems = label("", "error")
        self._problems.setVisible(False)
        outer.addWidget(self._problems)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes on to the lesson buttons
        self._list_host = QWidget()
        self._list = QVBoxLayout(self._list_host)
        self._list.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(self._list_host)
        outer.addWidget(scroll, 1)
        self._scroll = scroll
        self.start_buttons: dict[str, object] = {}
        problems = [str(p) for p in library.problems] + list(other_problems)
        if problems:
            lines = "\n".join(problems[:5])
            self.show_error(_("Some lessons or recordings could not be loaded:") + "\n" + lines)

    def show_error(self, message: str) -> None:
        self._problems.setText(message)
        self._problems.setVisible(bool(message))

    def show_learner(
        self,
        learner: Learner,
        progress: dict[tuple[str, str], LessonProgress],
        last_lesson: str | None = None,
    ) -> None:
        """List the lessons; coming back from a lesson, that lesson's card is in view."""
        self._avatar.setPixmap(self._pictures.pixmap(learner.picture, px(72)))
        self._name.setText(learner.display_name)
        clear_layout(self._list)
        self.start_buttons = {}
        cards: dict[str, QWidget] = {}
        for pack in self._library.packs:
            for unit in pack.units:
                self._list.addWidget(dzongkha_label(unit.title.dz, 30))
                self._list.addWidget(label(unit.title.en, "hint"))
                for lesson in unit.lessons:
                    cards[lesson.id] = self._lesson_card(pack, lesson, progress)
                    self._list.addWidget(cards[lesson.id])
        card = cards.get(last_lesson or "")
        if card is None:
            self._scroll.verticalScrollBar().setValue(0)
        else:  # after the layout has placed the new cards
            QTimer.singleShot(0, lambda: self._scroll.ensureWidgetVisible(card, 0, 60))

    def _lesson_card(
        self, pack: Pack, lesson: Lesson, progress: dict[tuple[str, str], LessonProgress]
    ) -> QWidget:
        card = QFrame()
        card.setObjectName("card")
        card.setStyleSheet(card_style())
        row = QHBoxLayout(card)
        row.setContentsMargins(20, 12, 20, 12)
        texts = QVBoxLayout()
        texts.addWidget(dzongkha_label(lesson.title.dz, 44))
        texts.addWidget(label(lesson.title.en, "hint"))
        entry = progress.get((pack.id, lesson.id))
        done = entry.steps_done(lesson) if entry else 0
        bar = QProgressBar()
        bar.setRange(0, len(lesson.steps))
        finished = bool(entry and entry.times_completed)
        bar.setValue(len(lesson.steps) if finished and not done else done)
        bar.setTextVisible(False)
        texts.addWidget(bar)
        if finished and not done:
            status = _("All {total} steps done").format(total=digits(len(lesson.steps)))
        else:
            status = _("{done} of {total} steps").format(
                done=digits(done), total=digits(len(lesson.steps))
            )
        if finished:
            status += "  ·  " + _("finished {n} time(s)").format(n=digits(entry.times_completed))
        status_label = label(status, "hint")
        status_label.setObjectName(f"status-{lesson.id}")
        texts.addWidget(status_label)
        row.addLayout(texts, 1)
        verb = _("Continue") if done else (_("Again") if entry else _("Start"))
        start = button(verb, primary=True)
        start.setMinimumWidth(px(160))
        start.setAutoDefault(True)
        start.clicked.connect(lambda: self.lesson_chosen.emit(pack, lesson))
        self.start_buttons[lesson.id] = start
        row.addWidget(start)
        return card
