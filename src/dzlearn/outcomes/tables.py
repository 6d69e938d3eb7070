"""The report as text: tiles and tables, exactly as the screen, the CSV and the PDF show them."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import rules
from .events import NO_CENTRE
from .formatting import count, day, fraction, pct, percent_of, points, share_percent, speed
from .learner import INDEPENDENT, NOT_CORRECT, WITH_HELP, LearnerReport
from .outcome import OutcomeRow, merged_for_funders, suppress

if TYPE_CHECKING:
    from .model import ReportModel

NOT_IN_A_GROUP = "Not in a group"
OTHER_GROUPS = f"Other groups (fewer than {rules.MIN_REPORTED_LEARNERS} learners each)"
OTHER_CENTRES = f"Other centres (fewer than {rules.MIN_REPORTED_LEARNERS} learners each)"
TOO_FEW = f"fewer than {rules.MIN_REPORTED_LEARNERS}"
OUTCOME_COLUMNS = (
    "Learners",
    "Services practised",
    "Practised again",
    "Baseline",
    "Follow-up",
    "Change",
)


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


def _outcome_cells(row: OutcomeRow) -> tuple[str, ...]:
    if row.suppressed:
        return (TOO_FEW, "—", "—", "—", "—", "—")
    return (
        count(row.learners),
        count(row.pairs),
        count(row.repeated),
        pct(row.baseline_percent),
        pct(row.follow_up_percent),
        points(row.change),
    )


def _outcome_table(key: str, title: str, first: str, rows: list[OutcomeRow], note: str) -> Table:
    body = tuple((r.label, *_outcome_cells(r)) for r in rows)
    return Table(key, title, (first, *OUTCOME_COLUMNS), body, note)


def typing_accuracy_of(learners: list[LearnerReport]) -> int | None:
    """A group's accuracy: the mean of its learners' current accuracies (each counts once)."""
    values = [x.typing_accuracy for x in learners if x.typing_accuracy is not None]
    return share_percent(statistics.fmean(values)) if values else None


def typing_speed_of(learners: list[LearnerReport]) -> float | None:
    values = [x.typing_speed for x in learners if x.typing_speed is not None]
    return statistics.median(values) if values else None


def progress_of(learners: list[LearnerReport]) -> tuple[int, int]:
    return sum(x.lessons_done for x in learners), sum(x.lessons_total for x in learners)


def scope_tiles(model: ReportModel) -> list[Tile]:
    learners = model.learners
    done, total = progress_of(learners)
    centres = {c for x in learners for c in x.centres}
    o = model.overall
    return [
        Tile(
            "learners",
            "Learners",
            count(len(learners)),
            f"{len(model.scope_groups)} groups, {len(centres)} centres",
        ),
        Tile("progress", "Lessons done", pct(percent_of(done, total)), f"{done} of {total}"),
        Tile(
            "typing",
            "Typing accuracy",
            pct(typing_accuracy_of(learners)),
            f"speed {speed(typing_speed_of(learners))} syllables/min",
        ),
        Tile(
            "outcome",
            "E-services done independently",
            pct(o.follow_up_percent),
            f"baseline {pct(o.baseline_percent)}, change {points(o.change)}",
        ),
        Tile("needs_help", "Need help", count(len(model.needing_help)), f"of {len(learners)}"),
    ]


def learner_tiles(model: ReportModel, learner: LearnerReport) -> list[Tile]:
    accuracy = learner.typing_accuracy
    return [
        Tile("learners", "Learner", learner.name, learner.group_label),
        Tile(
            "progress",
            "Lessons done",
            fraction(learner.lessons_done, learner.lessons_total),
            "assessments passed " + fraction(learner.assessments_passed, learner.assessments_total),
        ),
        Tile(
            "typing",
            "Typing accuracy",
            pct(share_percent(accuracy) if accuracy is not None else None),
            f"speed {speed(learner.typing_speed)} syllables/min",
        ),
        Tile(
            "outcome",
            "E-services done independently",
            count(learner.count(INDEPENDENT)),
            f"{learner.count(WITH_HELP)} with help, {learner.count(NOT_CORRECT)} not correct",
        ),
        Tile(
            "needs_help",
            "Needs help",
            "Yes" if learner.flags else "No",
            "; ".join(f.reason for f in learner.flags),
        ),
    ]


def _learner_row(x: LearnerReport) -> tuple[str, ...]:
    accuracy = x.typing_accuracy
    return (
        x.name,
        x.group_label,
        fraction(x.lessons_done, x.lessons_total),
        fraction(x.assessments_passed, x.assessments_total),
        pct(share_percent(accuracy) if accuracy is not None else None),
        points(x.accuracy_change),
        speed(x.typing_speed),
        count(x.count(INDEPENDENT)),
        count(x.count(WITH_HELP)),
        count(x.count(NOT_CORRECT)),
        "Yes" if x.flags else "No",
    )


def _group_row(name: str, centre: str, sessions: str, members: list[LearnerReport]) -> tuple:
    done, total = progress_of(members)
    return (
        name,
        centre,
        count(len(members)),
        sessions,
        pct(percent_of(done, total)),
        pct(typing_accuracy_of(members)),
        count(sum(x.count(INDEPENDENT) for x in members)),
        count(sum(x.count(WITH_HELP) for x in members)),
        count(sum(x.count(NOT_CORRECT) for x in members)),
        count(sum(1 for x in members if x.flags)),
    )


def summary_table(key: str, tiles: list[Tile]) -> Table:
    return Table(
        key,
        "Summary",
        ("Measure", "Value", "Detail"),
        tuple((t.label, t.value, t.detail) for t in tiles),
    )


def facilitator_tables(model: ReportModel) -> list[Table]:
    groups = [
        _group_row(g.name, g.centre_label, count(g.sessions), model.members(g))
        for g in model.scope_groups
    ]
    if model.ungrouped():
        groups.append(_group_row(NOT_IN_A_GROUP, NO_CENTRE, "—", model.ungrouped()))
    services = [(info.en, info.dz, *_outcome_cells(row)) for info, row in model.service_outcomes]
    return [
        summary_table("summary", model.tiles()),
        Table(
            "learners",
            "Learners",
            (
                "Learner",
                "Group",
                "Lessons done",
                "Assessments passed",
                "Typing accuracy",
                "Accuracy change",
                "Speed (syllables/min)",
                "Independent",
                "With help",
                "Not correct",
                "Needs help",
            ),  # fmt: skip
            tuple(_learner_row(x) for x in model.learners),
        ),
        Table(
            "needs_help",
            "Needs help",
            ("Learner", "Group", "Reason"),
            tuple((x.name, x.group_label, f.reason) for x in model.needing_help for f in x.flags),
        ),
        Table(
            "groups",
            "Groups",
            (
                "Group",
                "Centre",
                "Learners",
                "Sessions",
                "Lessons done",
                "Typing accuracy",
                "Independent",
                "With help",
                "Not correct",
                "Need help",
            ),  # fmt: skip
            tuple(groups),
        ),
        _outcome_table(
            "outcome_groups",
            "Outcome by group",
            "Group",
            [*model.group_outcomes, model.overall],
            "Share of e-service practices done correctly and independently.",
        ),
        _outcome_table("outcome_centres", "Outcome by centre", "Centre", model.centre_outcomes, ""),
        _outcome_table(
            "outcome_months",
            "Outcome over time",
            "Month",
            model.month_outcomes,
            "Follow-up share at the end of each month.",
        ),  # fmt: skip
        Table(
            "outcome_services",
            "Outcome by e-service",
            ("Service", "In Dzongkha", *OUTCOME_COLUMNS),
            tuple(services),
        ),
        Table(
            "typing_weeks",
            "Typing, week by week",
            ("Week of", "Accuracy", "Speed (syllables/min)", "Exercises"),
            tuple(
                (day(p.week), pct(p.accuracy), speed(p.speed), count(p.exercises))
                for p in model.typing_trend()
            ),
        ),
    ]


def _funders_group_label(name: str, number: int, names: list[str]) -> str:
    folded = name.casefold()
    return f"Group {number}" if any(n.casefold() in folded for n in names if n) else name


def funders_group_rows(model: ReportModel) -> list[OutcomeRow]:
    names = [x.name for x in model.learners]
    parts = [
        (_funders_group_label(g.name, i, names), model.members(g))
        for i, g in enumerate(model.scope_groups, 1)
    ]
    if model.ungrouped():
        parts.append((NOT_IN_A_GROUP, model.ungrouped()))
    return merged_for_funders(parts, OTHER_GROUPS)


def funders_centre_rows(model: ReportModel) -> list[OutcomeRow]:
    by_centre: dict[str, dict[str, LearnerReport]] = {}
    for x in model.learners:
        for centre in x.centres:
            by_centre.setdefault(centre, {})[x.learner_id] = x
    parts = [(c, list(by_centre[c].values())) for c in sorted(by_centre, key=str.casefold)]
    return merged_for_funders(parts, OTHER_CENTRES)


def funders_tiles(model: ReportModel) -> list[Tile]:
    o = suppress(model.overall)
    centres = {c for x in model.learners for c in x.centres}
    return [
        Tile(
            "learners",
            "Learners who practised e-services",
            TOO_FEW if o.suppressed else count(o.learners),
            f"{len(centres)} centres, {len(model.scope_groups)} groups",
        ),
        Tile("baseline", "Baseline", pct(o.baseline_percent), "first practice of each service"),
        Tile("follow_up", "Follow-up", pct(o.follow_up_percent), "latest practice"),
        Tile("change", "Change", points(o.change), "percentage points"),
    ]


def funders_tables(model: ReportModel) -> list[Table]:
    services = [
        (info.en, info.dz, *_outcome_cells(suppress(row))) for info, row in model.service_outcomes
    ]
    return [
        summary_table("funders_summary", funders_tiles(model)),
        _outcome_table(
            "funders_centres", "Outcome by centre", "Centre", funders_centre_rows(model), ""
        ),
        _outcome_table(
            "funders_groups", "Outcome by group", "Group", funders_group_rows(model), ""
        ),
        _outcome_table(
            "funders_months",
            "Outcome over time",
            "Month",
            [suppress(r) for r in model.month_outcomes],
            "Follow-up share at the end of each month.",
        ),
        Table(
            "funders_services",
            "Outcome by e-service",
            ("Service", "In Dzongkha", *OUTCOME_COLUMNS),
            tuple(services),
        ),
    ]


REPORT_TITLE = "dzlearn progress report"
FUNDERS_TITLE = "dzlearn outcome report for funders"
NO_PERSONAL_DATA = "No names, no learner ids, no row per learner."


def header_lines(model: ReportModel, funders: bool) -> list[str]:
    """The report's first lines: the demo-data warning first of all, when it applies."""
    lines = [rules.SYNTHETIC_BANNER] if model.synthetic else []
    lines.append(FUNDERS_TITLE if funders else REPORT_TITLE)
    lines.append(f"Scope: {model.scope_label}")
    lines.append(f"As of: {model.as_of.strftime('%Y-%m-%d %H:%M')} UTC")
    if funders:
        lines.append(NO_PERSONAL_DATA)
    return lines
