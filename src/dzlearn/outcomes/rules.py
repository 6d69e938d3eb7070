"""What the report's numbers mean. The dashboard, the CSV and the PDF all say this.

Progress
    A learner's curriculum is the lessons assigned to their group(s), or every lesson in the
    installed packs when none are assigned. A lesson is done once it has been finished
    (``lesson.completed``). A lesson's assessment is passed when every step it names has been
    done and the mean of the latest score of each of those steps reaches the lesson's pass mark.

Typing
    Every typing exercise counts: the keyboard steps of lessons and the typing drills.
    Accuracy = correct keystrokes / all keystrokes. A learner's current accuracy is over their
    last ``TYPING_WINDOW`` exercises; speed (syllables per minute) is the median of their last
    ``TYPING_WINDOW`` drills (lesson steps are too short to time). "Change" compares the first
    ``TYPING_WINDOW`` exercises with the last ones. Charts show weekly values.

E-service practice
    Each finished e-service step is one practice. It is *independent* when it was completed
    correctly (every page right at the first Continue) with no hints; *with help* when it was
    correct but hints were used; *not correct* otherwise.

Outcome
    For each learner and each e-service they practised (a "learner-service pair"), the
    *baseline* is their first practice of it and the *follow-up* their latest. The outcome share
    is the share of pairs whose practice was correct and independent, over all pairs practised;
    for a single service this is exactly the share of the learners who practised it. Change =
    follow-up % − baseline % in percentage points (of the rounded percentages shown). A pair
    practised once has the same baseline and follow-up. "Over time" gives, at the end of each
    month, the follow-up share of the pairs practised so far.

Needs help
    A learner is flagged, with the reason, when: nothing was practised for
    ``INACTIVE_DAYS`` days (or nothing at all since joining that long ago); fewer than half of
    their last ``ESERVICE_WINDOW`` e-service practices were correct (from 2 practices on);
    typing accuracy over their last ``TYPING_WINDOW`` exercises is below
    ``TYPING_MIN_ACCURACY`` (from ``TYPING_MIN_SAMPLES`` exercises on).

Funders' report
    Outcomes only, by centre, group, month and service: no names, no learner ids, no row per
    learner. A row covering fewer than ``MIN_REPORTED_LEARNERS`` learners is not shown on its
    own: small groups (and centres) are merged into one "other" row, and a row that is still
    too small shows no numbers. A group whose name contains a learner's name is given a number.
"""

from __future__ import annotations

INACTIVE_DAYS = 14
ESERVICE_WINDOW = 3
ESERVICE_MIN_CORRECT = 0.5
ESERVICE_MIN_ATTEMPTS = 2
TYPING_WINDOW = 10
TYPING_MIN_ACCURACY = 0.80
TYPING_MIN_SAMPLES = 3
MIN_REPORTED_LEARNERS = 5

SYNTHETIC_BANNER = "DEMO DATA — synthetic, not real learners"


def method_paragraphs(funders: bool) -> list[tuple[str, str]]:
    """(heading, text) pairs for the report's method section, built from the constants above."""
    parts = [
        (
            "Outcome",
            "For each learner and each e-service they practised, the baseline is their first "
            "practice of it and the follow-up their latest. A practice counts when it was "
            "completed correctly (every page right at the first Continue) and independently "
            "(no hints). The outcome share is the share of learner-service pairs counted, over "
            "all pairs practised; for a single service it is the share of the learners who "
            "practised it. Change is follow-up minus baseline, in percentage points of the "
            "rounded percentages shown. A service practised once has the same baseline and "
            "follow-up. Over time: the follow-up share at the end of each month.",
        ),
    ]
    if funders:
        parts.append(
            (
                "Privacy",
                "This report holds no names, no learner ids and no row per learner. A row "
                f"covering fewer than {MIN_REPORTED_LEARNERS} learners is not shown on its own: "
                "small groups and centres are merged into one row, and a row that is still too "
                "small shows no numbers. A group whose name contains a learner's name is shown "
                "by number.",
            )
        )
        return parts
    parts += [
        (
            "Progress",
            "A learner's curriculum is the lessons assigned to their group, or every installed "
            "lesson when none are assigned; a lesson is done once finished. An assessment is "
            "passed when the mean of the latest scores of its steps reaches its pass mark.",
        ),
        (
            "Typing",
            "Accuracy is correct keystrokes over all keystrokes, over the last "
            f"{TYPING_WINDOW} typing exercises (lesson keyboard steps and drills). Speed is the "
            f"median syllables per minute of the last {TYPING_WINDOW} drills. Change compares "
            f"the first {TYPING_WINDOW} exercises with the last {TYPING_WINDOW}.",
        ),
        (
            "E-service practice",
            "Independent: correct with no hints. With help: correct, with hints. Not correct: "
            "a page was sent with a mistake.",
        ),
        (
            "Needs help",
            f"Flagged when nothing was practised for {INACTIVE_DAYS} days; when fewer than "
            f"{ESERVICE_MIN_CORRECT:.0%} of the last {ESERVICE_WINDOW} e-service practices were "
            f"correct (from {ESERVICE_MIN_ATTEMPTS} practices on); or when typing accuracy over "
            f"the last {TYPING_WINDOW} exercises is below {TYPING_MIN_ACCURACY:.0%} (from "
            f"{TYPING_MIN_SAMPLES} exercises on).",
        ),
    ]
    return parts
