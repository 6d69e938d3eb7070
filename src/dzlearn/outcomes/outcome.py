"""Baseline, follow-up and change: the outcome CSOs report (definitions in rules.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from . import rules
from .formatting import percent_of
from .learner import Attempt, LearnerReport, ServiceKey


@dataclass(frozen=True)
class OutcomeRow:
    label: str
    learners: int  # learners with at least one practice
    pairs: int  # learner-service pairs practised
    repeated: int  # pairs practised twice or more
    baseline: int  # pairs whose first practice was correct and independent
    follow_up: int  # pairs whose latest practice was
    suppressed: bool = False  # funders' report: too few learners to show

    @property
    def baseline_percent(self) -> int | None:
        return None if self.suppressed else percent_of(self.baseline, self.pairs)

    @property
    def follow_up_percent(self) -> int | None:
        return None if self.suppressed else percent_of(self.follow_up, self.pairs)

    @property
    def change(self) -> int | None:
        """Percentage points between the rounded percentages shown."""
        b, f = self.baseline_percent, self.follow_up_percent
        return None if b is None or f is None else f - b


def _pairs(
    learners: Iterable[LearnerReport],
    until: datetime | None,  # exclusive
    services: set[ServiceKey] | None = None,
) -> tuple[int, list[list[Attempt]]]:
    """(learners with practice, attempts per learner-service pair in time order)."""
    pairs: list[list[Attempt]] = []
    active = 0
    for learner in learners:
        mine: dict[ServiceKey, list[Attempt]] = {}
        for attempt in sorted(learner.attempts, key=lambda a: a.at):
            if until is not None and attempt.at >= until:
                continue
            if services is not None and attempt.service not in services:
                continue
            mine.setdefault(attempt.service, []).append(attempt)
        if mine:
            active += 1
            pairs.extend(mine.values())
    return active, pairs


def _good(attempt: Attempt) -> bool:
    return attempt.correct and attempt.independent


def outcome(
    label: str,
    learners: Iterable[LearnerReport],
    *,
    until: datetime | None = None,
    services: set[ServiceKey] | None = None,
) -> OutcomeRow:
    active, pairs = _pairs(learners, until, services)
    return OutcomeRow(
        label=label,
        learners=active,
        pairs=len(pairs),
        repeated=sum(1 for p in pairs if len(p) > 1),
        baseline=sum(1 for p in pairs if _good(p[0])),
        follow_up=sum(1 for p in pairs if _good(p[-1])),
    )


def month_ends(learners: Sequence[LearnerReport], as_of: datetime) -> list[tuple[str, datetime]]:
    """(YYYY-MM, the start of the next month) from the month of the first practice to as_of's."""
    times = [a.at for learner in learners for a in learner.attempts]
    if not times:
        return []
    first = min(times).date().replace(day=1)
    stop = as_of.date().replace(day=1)
    months: list[tuple[str, datetime]] = []
    month = first
    while month <= stop:
        following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        end = datetime(following.year, following.month, 1, tzinfo=UTC)
        months.append((month.strftime("%Y-%m"), end))
        month = following
    return months


def by_month(learners: Sequence[LearnerReport], as_of: datetime) -> list[OutcomeRow]:
    return [outcome(label, learners, until=end) for label, end in month_ends(learners, as_of)]


def suppress(row: OutcomeRow) -> OutcomeRow:
    """The funders' version of a row: no numbers when fewer than MIN_REPORTED_LEARNERS."""
    if row.learners >= rules.MIN_REPORTED_LEARNERS:
        return row
    return OutcomeRow(row.label, row.learners, 0, 0, 0, 0, suppressed=True)


def merged_for_funders(
    parts: Sequence[tuple[str, list[LearnerReport]]], other_label: str
) -> list[OutcomeRow]:
    """Rows for groups or centres: large ones as they are, small ones merged into one row
    (each learner once), which shows no numbers if it is still too small."""
    rows: list[OutcomeRow] = []
    small: dict[str, LearnerReport] = {}
    for label, members in parts:
        row = outcome(label, members)
        if row.learners >= rules.MIN_REPORTED_LEARNERS:
            rows.append(row)
        elif row.learners:
            small.update((m.learner_id, m) for m in members)
    if small:
        rows.append(suppress(outcome(other_label, list(small.values()))))
    return rows
