"""The report model: one object that the dashboard, the CSV and the PDF all render.

It is computed once from the event log and the installed lessons (pure: no Qt, no storage), and
every figure a person can read comes out of it as finished text (``tables()``, ``tiles()``).
That is how a number in an export always equals the number on screen (Kolibri #12734 is what
happens otherwise). What each number means is in rules.py.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from dzlearn.lessons.loader import Library

from .events import NO_CENTRE, EventLike, GroupInfo, is_synthetic, log_order, project_roster
from .formatting import share_percent
from .learner import (
    Curriculum,
    LearnerReport,
    ServiceInfo,
    build_learner,
    week_of,
    weighted_accuracy,
)
from .outcome import OutcomeRow, by_month, outcome
from .tables import (
    Table,
    Tile,
    facilitator_tables,
    funders_tables,
    funders_tiles,
    learner_tiles,
    scope_tiles,
)

ALL_GROUPS = "All groups"


def name_order(name: str) -> tuple:
    """Names as people sort them: "Learner 2" before "Learner 10"."""
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", name))


NOT_IN_A_GROUP = "Not in a group"


@dataclass(frozen=True)
class TrendPoint:
    week: date  # the Monday
    accuracy: int | None  # percent
    speed: float | None  # median syllables per minute of the week's drills
    exercises: int


@dataclass
class ReportModel:
    as_of: datetime
    synthetic: bool
    group_id: str | None
    scope_label: str
    learners: list[LearnerReport]  # in scope, by name
    groups: list[GroupInfo]  # every group, by name (for pickers)
    scope_groups: list[GroupInfo]
    curriculum: Curriculum
    overall: OutcomeRow
    group_outcomes: list[OutcomeRow]
    centre_outcomes: list[OutcomeRow]
    month_outcomes: list[OutcomeRow]
    service_outcomes: list[tuple[ServiceInfo, OutcomeRow]]
    _by_id: dict[str, LearnerReport] = field(default_factory=dict, repr=False)

    def learner(self, learner_id: str) -> LearnerReport | None:
        return self._by_id.get(learner_id)

    def members(self, group: GroupInfo) -> list[LearnerReport]:
        return [self._by_id[m] for m in group.members if m in self._by_id]

    def ungrouped(self) -> list[LearnerReport]:
        return [x for x in self.learners if not x.group_ids]

    @property
    def needing_help(self) -> list[LearnerReport]:
        return [x for x in self.learners if x.flags]

    def typing_trend(self, learner_id: str | None = None) -> list[TrendPoint]:
        chosen = [self._by_id[learner_id]] if learner_id in self._by_id else self.learners
        weeks: dict[date, list] = defaultdict(list)
        for learner in chosen:
            for sample in learner.typing:
                weeks[week_of(sample.at)].append(sample)
        points = []
        for week in sorted(weeks):
            samples = weeks[week]
            speeds = [s.speed for s in samples if s.speed is not None]
            points.append(
                TrendPoint(
                    week,
                    share_percent(weighted_accuracy(samples)),
                    statistics.median(speeds) if speeds else None,
                    len(samples),
                )
            )
        return points

    # Text for people (kept in tables.py, so this file stays about the numbers).
    def tiles(self, learner_id: str | None = None) -> list[Tile]:
        learner = self.learner(learner_id) if learner_id else None
        return learner_tiles(self, learner) if learner else scope_tiles(self)

    def tables(self) -> list[Table]:
        return facilitator_tables(self)

    def funders_tiles(self) -> list[Tile]:
        return funders_tiles(self)

    def funders_tables(self) -> list[Table]:
        return funders_tables(self)


def build_report(
    events: Iterable[EventLike],
    library: Library,
    *,
    as_of: datetime | None = None,
    group_id: str | None = None,
) -> ReportModel:
    """The whole report for everyone (``group_id=None``) or for one group's members."""
    as_of = as_of or datetime.now(UTC)
    ordered = log_order(events)
    synthetic = any(is_synthetic(e) for e in ordered)
    roster = project_roster(ordered)
    curriculum = Curriculum.from_library(library)
    groups = sorted(roster.groups.values(), key=lambda g: (g.name.casefold(), g.group_id))
    scope_groups = [g for g in groups if group_id is None or g.group_id == group_id]
    if group_id is not None and not scope_groups:
        raise KeyError(f"there is no group {group_id}")
    in_scope = (
        set(roster.names) if group_id is None else {m for g in scope_groups for m in g.members}
    )
    per_learner: dict[str, list[EventLike]] = defaultdict(list)
    for event in ordered:
        if event.learner_id in in_scope:
            per_learner[event.learner_id].append(event)
    learners: list[LearnerReport] = []
    for learner_id in in_scope:
        mine = roster.groups_of(learner_id)
        assigned = list(dict.fromkeys(k for g in mine for k in g.lessons))
        base = LearnerReport(
            learner_id=learner_id,
            name=roster.names[learner_id],
            group_ids=tuple(g.group_id for g in mine),
            group_label=", ".join(g.name for g in mine) or NOT_IN_A_GROUP,
            centres=tuple(dict.fromkeys(g.centre_label for g in mine)) or (NO_CENTRE,),
            joined=roster.joined.get(learner_id),
        )
        learners.append(
            build_learner(base, per_learner.get(learner_id, []), curriculum, assigned, as_of)
        )
    learners.sort(key=lambda x: (name_order(x.name), x.learner_id))
    by_id = {x.learner_id: x for x in learners}

    def members(group: GroupInfo) -> list[LearnerReport]:
        return [by_id[m] for m in group.members if m in by_id]

    group_rows = [outcome(g.name, members(g)) for g in scope_groups]
    loose = [x for x in learners if not x.group_ids]
    if loose:
        group_rows.append(outcome(NOT_IN_A_GROUP, loose))
    centres: dict[str, dict[str, LearnerReport]] = defaultdict(dict)
    for learner in learners:
        for centre in learner.centres:
            centres[centre][learner.learner_id] = learner
    centre_rows = [
        outcome(name, list(centres[name].values()))
        for name in sorted(centres, key=lambda c: (c == NO_CENTRE, c.casefold()))
    ]
    practised = {a.service for x in learners for a in x.attempts}
    services = [
        (info, outcome(info.en, learners, services={key}))
        for key, info in curriculum.services.items()
        if key in practised
    ]
    scope_label = ALL_GROUPS if group_id is None else scope_groups[0].name
    return ReportModel(
        as_of=as_of,
        synthetic=synthetic,
        group_id=group_id,
        scope_label=scope_label,
        learners=learners,
        groups=groups,
        scope_groups=scope_groups,
        curriculum=curriculum,
        overall=outcome(scope_label, learners),
        group_outcomes=group_rows,
        centre_outcomes=centre_rows,
        month_outcomes=by_month(learners, as_of),
        service_outcomes=services,
        _by_id=by_id,
    )
