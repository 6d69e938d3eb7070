"""The keyboard course: type real Dzongkha on the DDC keyboard, one new key at a time.

The next key is lit on the on-screen keyboard (Shift too, for a letter written below), with the
finger to use. A wrong key is never typed: the learner hears nothing harsh, sees a gentle word
and tries again. Each finished drill is saved as one ``typing.drill`` event through the task
runner; the next drill is ready at once, whatever the disk is doing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from dzlearn.i18n import _
from dzlearn.learning.course import TSHEG, Course, cluster_bounds, finger_hint
from dzlearn.learning.drills import (
    DrillAttempt,
    DrillPlan,
    TrainerState,
    UnlockCheck,
    finish_attempt,
    plan_drill,
)
from dzlearn.learning.typing import Outcome
from dzlearn.script.keyboard import char_for, keystrokes_for
from dzlearn.ui.fonts import DZONGKHA_FAMILY
from dzlearn.ui.keymap import dzongkha_char_from_event
from dzlearn.ui.style import button, dzongkha_label, label, large_text, palette, px, space
from dzlearn.ui.trainer.keys import FastKeyboard, key_name, shown_char

TARGET_PX = 64
Saver = Callable[[dict[str, Any], Callable[[Any], None], Callable[[BaseException], None]], None]


def _percent(x: float) -> str:
    return f"{round(100 * x)} %"


class DrillView(QWidget):
    """``saver(payload, on_done, on_error)`` stores a finished attempt (off the UI thread)."""

    attempt_saved = Signal(dict)

    def __init__(self, saver: Saver) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self._saver = saver
        self._elapsed = QElapsedTimer()
        self._elapsed.start()
        self.clock: Callable[[], float] = lambda: float(self._elapsed.elapsed())
        self.course: Course | None = None
        self.state: TrainerState | None = None
        self.plan: DrillPlan | None = None
        self.attempt: DrillAttempt | None = None
        self.last_check: UnlockCheck | None = None
        self.unsaved: list[dict[str, Any]] = []
        self._news_pending = False
        self._build()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.stage = label("", "heading")
        head.addWidget(self.stage, 1)
        self.keys_count = label("", "hint")
        head.addWidget(self.keys_count)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(space(220))
        head.addWidget(self.bar)
        outer.addLayout(head)
        self.news = label("", "badge")
        self.news.setTextFormat(Qt.TextFormat.RichText)
        self.news.hide()
        outer.addWidget(self.news)
        self.target = dzongkha_label("", TARGET_PX)
        self.target.setTextFormat(Qt.TextFormat.RichText)
        self.target.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.target.setWordWrap(True)
        line = QFontMetrics(self.target.font()).height()  # one whole line, stacks and all
        self.target.setMinimumHeight(max(space(140), line))
        outer.addWidget(self.target)
        row = QHBoxLayout()
        self.next_char = dzongkha_label("", 48)
        self.next_char.setMinimumWidth(space(120))
        self.next_char.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.next_char)
        self.hint = label("", "heading")
        row.addWidget(self.hint, 1)
        self.again = button(_("Next drill"), primary=True)
        self.again.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # Enter does it from the keys too
        self.again.clicked.connect(self.new_drill)
        self.again.hide()
        row.addWidget(self.again)
        self.retry = button(_("Save again"))
        self.retry.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.retry.clicked.connect(self._save_pending)
        self.retry.hide()
        row.addWidget(self.retry)
        outer.addLayout(row)
        for shown_sometimes in (self.news, self.again, self.retry):
            policy = shown_sometimes.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # nothing moves, the keyboard keeps its size
            shown_sometimes.setSizePolicy(policy)
        self.message = label("", "hint")
        self.message.setMinimumHeight(space(44))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if large_text():  # the buttons go beside the message: the hint keeps its width
            below = QHBoxLayout()
            below.addWidget(self.message, 1)
            for b in (self.again, self.retry):
                row.removeWidget(b)
                below.addWidget(b)
            outer.addLayout(below)
        else:
            outer.addWidget(self.message)
        self.keyboard = FastKeyboard()
        self.keyboard.setMaximumHeight(300)
        self.keyboard.key_clicked.connect(lambda code, shift: self.type_char(char_for(code, shift)))
        outer.addWidget(self.keyboard, 1)

    # --- set up -----------------------------------------------------------------------------

    def set_course(self, course: Course, state: TrainerState) -> None:
        self.course, self.state = course, state
        self.new_drill()

    def new_drill(self) -> None:
        if self.course is None or self.state is None:
            return
        self.plan = plan_drill(self.course, self.state, seed=self.state.attempts)
        self.attempt = DrillAttempt(self.plan.text, self.plan.stage.id)
        level = self.course.clamp(self.state.level)
        self.stage.setText(self.plan.stage.title)
        learned = len(self.course.active_units(level))
        self.keys_count.setText(
            _("Keys: {n} of {total}").format(n=learned, total=len(self.course.units))
        )
        self.bar.setRange(0, len(self.course.steps))
        self.bar.setValue(level)
        self.again.hide()
        self.news.setVisible(self._news_pending)
        self._news_pending = False
        self._say("", "hint")
        self._refresh()
        self.setFocus()

    # --- typing -----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.attempt is not None and self.attempt.done:
                self.new_drill()
            return
        if event.isAutoRepeat():
            return  # a key held down is one press, not a row of mistakes
        char = dzongkha_char_from_event(event)
        if char:
            self.type_char(char)
        else:
            super().keyPressEvent(event)

    def type_char(self, char: str) -> None:
        attempt = self.attempt
        if attempt is None or attempt.done or not char:
            return
        wanted = attempt.exercise.expected or ""
        outcome = attempt.feed(char, self.clock())
        if outcome is Outcome.WRONG:
            self._say(
                _("Not quite — that was {got}. The key to press is lit in yellow.").format(
                    got=shown_char(char)
                ),
                "gentle",
            )
        elif outcome is Outcome.CORRECT and self.message.property("role") == "gentle":
            self._say(_("That's it!") + f"  {shown_char(wanted)}", "good")
        self._refresh()
        if outcome is Outcome.DONE:
            self._finish()

    def _refresh(self) -> None:
        attempt = self.attempt
        if attempt is None:
            return
        text, pos = attempt.text, attempt.exercise.position
        start, end = cluster_bounds(text, pos)
        done, now, rest = text[:start], text[start:end], text[end:]
        p = palette()  # typed, the key to press now, still to come
        self.target.setText(
            f'<span style="color:{p.good}">{html.escape(done)}</span>'
            f'<span style="color:{p.accent}"><u>{html.escape(now)}</u></span>'
            f'<span style="color:{p.faint}">{html.escape(rest)}</span>'
        )
        expected = attempt.exercise.expected
        if expected is None:
            self.keyboard.set_highlight(None)
            self.next_char.setText("")
            return
        stroke = keystrokes_for(expected)[0]
        self.keyboard.set_highlight(stroke)
        separator = expected in (TSHEG, " ")
        self.next_char.setText("" if separator else shown_char(expected))
        what = _("the tsheg ་") if expected == TSHEG else _("a space") if separator else ""
        name = f"{key_name(stroke)} ({what})" if what else key_name(stroke)
        self.hint.setText(f"{name} — {finger_hint(stroke)}")

    # --- the end of a drill -----------------------------------------------------------------

    def _finish(self) -> None:
        assert self.course and self.state and self.attempt
        before = self.course.clamp(self.state.level)
        payload, check = finish_attempt(self.course, self.state, self.attempt)
        self.last_check = check
        self.unsaved.append(payload)
        self._save_pending()
        self.hint.setText(
            _("Accuracy {a} · {s} syllables a minute").format(
                a=_percent(payload["accuracy"]), s=round(payload["spm"])
            )
        )
        self.again.show()
        if payload["unlocked"] is not None:
            self._announce(before)
        elif check.finished and check.ready:
            self._say(_("Well done! You have finished the course. Keep practising."), "good")
        else:
            self._say(self._what_next(check), "hint")

    def _announce(self, before: int) -> None:
        assert self.course is not None
        step = self.course.steps[before]
        if step.unit is None:
            title = html.escape(self.course.stages[step.stage].title)
            news = _("Well done! Next: {stage}").format(stage=title)
        else:
            strokes = keystrokes_for(step.unit)
            keys = _(" then ").join(key_name(s) for s in strokes)
            big = (
                f"<span style=\"font-family:'{DZONGKHA_FAMILY}'; font-size:{px(28)}px\">"
                f"{html.escape(shown_char(step.unit))}</span>"
            )
            news = _("Well done! A new key: {char} — press {keys}; {finger}").format(
                char=big, keys=html.escape(keys), finger=finger_hint(strokes[-1])
            )
        self.news.setText(news)
        self.news.show()
        self._news_pending = True
        self._say(_("Press Enter or “Next drill” to try it."), "good")

    def _what_next(self, check: UnlockCheck) -> str:
        assert self.state is not None
        settings = self.state.settings
        needs = []
        if not check.accuracy_ok:
            needs.append(_("fewer slips (aim for {a})").format(a=_percent(settings.min_accuracy)))
        if not check.speed_ok:
            needs.append(_("a little more speed ({s} a minute)").format(s=round(settings.min_spm)))
        if check.not_confident:
            weakest = "  ".join(shown_char(u) for u in check.not_confident[:4])
            needs.append(_("steadier keys: {keys}").format(keys=weakest))
        return _("Good practice. For the next key: {needs}.").format(needs="; ".join(needs))

    def _save_pending(self) -> None:
        self.retry.hide()
        while self.unsaved:
            payload = self.unsaved.pop(0)
            self._saver(
                payload, lambda _e, p=payload: self.attempt_saved.emit(p), self._failed(payload)
            )

    def _failed(self, payload: dict[str, Any]) -> Callable[[BaseException], None]:
        def failed(error: BaseException) -> None:
            self.unsaved.insert(0, payload)
            self.retry.show()
            self._say(_("This drill could not be saved: {e}").format(e=error), "error")

        return failed

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        self.message.setProperty("role", role)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
