"""The report model's numbers on hand-built logs: outcomes, needs-help rules, scope, tombstones."""

import pytest
from outcome_logs import AS_OF, BIRTH, LOGIN

from dzlearn.outcomes import build_report
from dzlearn.outcomes.csv_export import csv_rows, csv_text
from dzlearn.outcomes.rules import SYNTHETIC_BANNER, method_paragraphs


def table(model, key, funders=False):
    tables = model.funders_tables() if funders else model.tables()
    return {t.key: t for t in tables}[key]


def test_baseline_is_first_practice_follow_up_latest_change_in_points(log, library):
    for lid in "abc":
        log.learner(lid, f"Learner {lid}")
    log.group("g", "Morning", "Paro", ["a", "b", "c"])
    log.eservice("a", LOGIN, "wrong", days_ago=20)
    log.eservice("a", LOGIN, "help")
    log.eservice("a", LOGIN, "independent")
    log.eservice("b", LOGIN, "independent")
    log.eservice("c", LOGIN, "help")
    log.eservice("c", LOGIN, "help")
    model = build_report(log.events, library, as_of=AS_OF)
    o = model.overall
    assert (o.learners, o.pairs, o.repeated, o.baseline, o.follow_up) == (3, 3, 2, 1, 2)
    assert (o.baseline_percent, o.follow_up_percent, o.change) == (33, 67, 34)
    rows = {r[0]: r[1:] for r in table(model, "outcome_groups").rows}
    assert rows["Morning"] == ("3", "3", "2", "33%", "67%", "+34 pts")
    service = table(model, "outcome_services").rows
    assert service[0][0] == "Log in to the Citizen Service Portal"
    assert service[0][2:] == ("3", "3", "2", "33%", "67%", "+34 pts")


def test_each_service_is_its_own_pair_and_month_rows_are_cumulative(log, library):
    log.learner("a", "A")
    log.eservice("a", LOGIN, "wrong", days_ago=45)  # February
    log.eservice("a", BIRTH, "independent", days_ago=10)  # March
    log.eservice("a", LOGIN, "independent", days_ago=5)
    model = build_report(log.events, library, as_of=AS_OF)
    assert [(r.label, r.pairs, r.baseline, r.follow_up) for r in model.month_outcomes] == [
        ("2025-02", 1, 0, 0),
        ("2025-03", 2, 1, 2),
    ]
    assert model.overall.change == 50  # 50 % → 100 %


def test_practice_with_help_or_wrong_is_not_independent(log, library):
    log.learner("a", "A")
    for outcome in ("help", "wrong", "independent"):
        log.eservice("a", LOGIN, outcome, days_ago=3)
    learner = build_report(log.events, library, as_of=AS_OF).learners[0]
    row = table(build_report(log.events, library, as_of=AS_OF), "learners").rows[0]
    assert [a.status for a in learner.attempts] == ["with help", "not correct", "independent"]
    assert row[7:10] == ("1", "1", "1")


def test_needs_help_rules_and_their_reasons(log, library):
    log.learner("idle", "Idle", days_ago=60)
    log.drill("idle", 100, 5, 10, days_ago=15)
    log.learner("new", "Never started", days_ago=20)
    log.learner("eserv", "Struggles online", days_ago=30)
    for outcome in ("independent", "wrong", "help", "wrong", "wrong"):
        log.eservice("eserv", LOGIN, outcome, days_ago=2)
    log.learner("typist", "Types badly", days_ago=30)
    for _ in range(3):
        log.drill("typist", 100, 25, 8, days_ago=1)
    log.learner("fine", "Doing fine", days_ago=30)
    for _ in range(2):
        log.drill("fine", 100, 40, 8, days_ago=1)  # too few exercises to judge
    log.eservice("fine", LOGIN, "wrong", days_ago=1)  # one practice is too few
    model = build_report(log.events, library, as_of=AS_OF)
    reasons = {x.name: [f.reason for f in x.flags] for x in model.learners}
    assert reasons["Idle"] == ["No practice for 15 days"]
    assert reasons["Never started"] == ["Has not started (20 days since joining)"]
    assert reasons["Struggles online"] == ["E-services: 1 of the last 3 practices correct"]
    assert reasons["Types badly"] == ["Typing accuracy 75% over the last 3 exercises"]
    assert reasons["Doing fine"] == []
    shown = table(model, "needs_help").rows
    assert ("Idle", "Not in a group", "No practice for 15 days") in shown
    assert {t.key: t.value for t in model.tiles()}["needs_help"] == "4"


def test_two_of_three_correct_is_not_flagged(log, library):
    log.learner("a", "A", days_ago=3)
    for outcome in ("wrong", "help", "independent"):
        log.eservice("a", LOGIN, outcome, days_ago=1)
    assert build_report(log.events, library, as_of=AS_OF).learners[0].flags == []


def test_typing_accuracy_and_speed_from_drills_and_keyboard_steps(log, library):
    log.learner("a", "A", days_ago=10)
    log.drill("a", 100, 10, 12.0, days_ago=2)
    log.add(
        "lesson.step_completed",
        "a",
        {"pack_id": "dz-foundations", "lesson_id": "ka-row", "step_id": "type-ka",
         "kind": "keyboard", "duration_ms": 4000, "keystrokes": 4, "mistakes": 2, "score": 0.5},
    )  # fmt: skip
    learner = build_report(log.events, library, as_of=AS_OF).learners[0]
    assert learner.typing_accuracy == pytest.approx((90 + 2) / 104)
    assert learner.typing_speed == 12.0


def test_without_typing_drills_speed_is_a_dash(log, library):
    log.learner("a", "A", days_ago=3)
    model = build_report(log.events, library, as_of=AS_OF)
    row = table(model, "learners").rows[0]
    assert row[4:7] == ("—", "—", "—")


def test_progress_counts_assigned_lessons_and_passed_assessments(log, library):
    log.learner("a", "A", days_ago=5)
    log.group("g", "G", "Paro", ["a"])
    lessons = [{"pack_id": "dz-foundations", "lesson_id": x} for x in ("ka-row", "ca-row")]
    log.add("group.lessons_assigned", None, {"group_id": "g", "lessons": lessons})
    for step in ("type-ka", "type-kha", "type-ga", "type-nga", "type-row"):
        log.add("lesson.step_completed", "a",
                {"pack_id": "dz-foundations", "lesson_id": "ka-row", "step_id": step,
                 "kind": "keyboard", "keystrokes": 2, "mistakes": 0, "score": 0.9})  # fmt: skip
    log.add("lesson.completed", "a", {"pack_id": "dz-foundations", "lesson_id": "ka-row"})
    learner = build_report(log.events, library, as_of=AS_OF).learners[0]
    assert (learner.lessons_done, learner.lessons_total) == (1, 2)
    assert (learner.assessments_passed, learner.assessments_total) == (1, 2)


def test_deleted_learners_are_left_out_everywhere(log, library):
    log.learner("a", "Stays")
    log.learner("gone", "Was deleted")
    log.group("g", "G", "Paro", ["a", "gone"])
    log.eservice("gone", LOGIN, "independent")
    log.eservice("a", LOGIN, "wrong")
    log.add("learner.deleted", "gone", {"by_facilitator": "f1"})
    model = build_report(log.events, library, as_of=AS_OF)
    assert [x.name for x in model.learners] == ["Stays"]
    assert model.overall.pairs == 1 and model.overall.follow_up == 0
    assert "Was deleted" not in csv_text(model) and "gone" not in csv_text(model)
    assert model.groups[0].members == ["a"]


def test_a_group_scope_holds_only_its_members(log, library):
    log.learner("a", "A")
    log.learner("b", "B")
    log.group("g1", "One", "Paro", ["a"])
    log.group("g2", "Two", "Haa", ["b"])
    model = build_report(log.events, library, as_of=AS_OF, group_id="g2")
    assert [x.name for x in model.learners] == ["B"] and model.scope_label == "Two"
    assert [r.label for r in model.centre_outcomes] == ["Haa"]
    with pytest.raises(KeyError):
        build_report(log.events, library, as_of=AS_OF, group_id="nope")


def test_renamed_group_and_removed_member(log, library):
    log.learner("a", "A")
    log.learner("b", "B")
    log.group("g", "Old name", "Paro", ["a", "b"])
    log.add("group.renamed", None, {"group_id": "g", "name": "New name"})
    log.add("group.member_removed", None, {"group_id": "g", "learner_id": "b"})
    model = build_report(log.events, library, as_of=AS_OF)
    by_name = {x.name: x.group_label for x in model.learners}
    assert by_name == {"A": "New name", "B": "Not in a group"}


def test_a_broken_event_is_skipped_not_fatal(log, library):
    log.learner("a", "A")
    log.add("group.member_added", None, {"group_id": "missing", "learner_id": "a"})
    log.add("group.created", None, {"name": "no id"})
    assert [x.name for x in build_report(log.events, library, as_of=AS_OF).learners] == ["A"]


def test_synthetic_events_make_the_first_line_say_so(log, library):
    log.learner("a", "A")
    real = build_report(log.events, library, as_of=AS_OF)
    assert not real.synthetic and csv_rows(real)[0] == ["dzlearn progress report"]
    log.learner("d", "Demo learner 1", synthetic=True)
    demo = build_report(log.events, library, as_of=AS_OF)
    assert demo.synthetic
    assert csv_rows(demo)[0] == [SYNTHETIC_BANNER]
    assert csv_rows(demo, funders=True)[0] == [SYNTHETIC_BANNER]


def test_method_text_states_the_thresholds():
    text = " ".join(t for _, t in method_paragraphs(False))
    assert "14 days" in text and "80%" in text and "last 3" in text
    assert "fewer than 5 learners" in " ".join(t for _, t in method_paragraphs(True))
