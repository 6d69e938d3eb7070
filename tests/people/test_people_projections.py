"""Replaying people events: lock-out, facilitators, groups, sessions, tombstones, log order."""

from dzlearn.people import LOCKOUT_AFTER, LessonRef, learner_access, log_order, project_people
from dzlearn.people import event_types as t
from dzlearn.storage.learners import LEARNER_CREATED


def test_the_learner_created_type_is_the_one_storage_writes():
    assert t.LEARNER_CREATED == LEARNER_CREATED


def test_lock_out_after_five_wrong_tries_in_a_row(log):
    assert LOCKOUT_AFTER == 5
    log.learner("L")
    log.add(t.PICTURE_PASSWORD_SET, {"hash": "h"}, "L")
    for _ in range(LOCKOUT_AFTER - 1):
        log.add(t.LOGIN_FAILED, {}, "L")
    access = learner_access(log.events, "L")
    assert access.has_password and not access.locked and access.tries_left == 1
    log.add(t.LOGIN_FAILED, {}, "L")
    access = learner_access(log.events, "L")
    assert access.locked and access.tries_left == 0


def test_a_success_or_an_unlock_starts_the_count_again(log):
    log.learner("L")
    log.add(t.PICTURE_PASSWORD_SET, {"hash": "h"}, "L")
    for _ in range(4):
        log.add(t.LOGIN_FAILED, {}, "L")
    log.add(t.LOGIN_SUCCEEDED, {}, "L")
    for _ in range(4):
        log.add(t.LOGIN_FAILED, {}, "L")
    assert not learner_access(log.events, "L").locked, "4 + 4 is not 5 in a row"
    log.add(t.LOGIN_FAILED, {}, "L")
    assert learner_access(log.events, "L").locked
    log.add(t.LEARNER_UNLOCKED, {"by_facilitator": "F"}, "L")
    access = learner_access(log.events, "L")
    assert not access.locked and access.failures == 0 and access.password_hash == "h"


def test_clearing_and_setting_the_password(log):
    log.learner("L")
    assert not learner_access(log.events, "L").has_password
    log.add(t.PICTURE_PASSWORD_SET, {"hash": "one"}, "L")
    log.add(t.PICTURE_PASSWORD_SET, {"hash": "two"}, "L")
    assert learner_access(log.events, "L").password_hash == "two"
    log.add(t.PICTURE_PASSWORD_CLEARED, {"by_facilitator": "F"}, "L")
    assert not learner_access(log.events, "L").has_password


def test_failures_on_two_pcs_add_up_in_log_order(log):
    log.learner("L")
    log.add(t.PICTURE_PASSWORD_SET, {"hash": "h"}, "L")
    for i in range(5):
        log.add(t.LOGIN_FAILED, {}, "L", device="pc-a" if i % 2 else "pc-b")
    assert learner_access(reversed(log.events), "L").locked


def test_log_order_keeps_each_devices_sequence_even_when_its_clock_goes_back(log):
    first = log.add("x.one", device="pc-a", at="2026-03-01T10:00:05Z")
    second = log.add("x.two", device="pc-a", at="2026-03-01T09:00:00Z")  # clock set back
    other = log.add("x.three", device="pc-b", at="2026-03-01T09:30:00Z")
    ordered = log_order([second, other, first])
    assert ordered.index(first) < ordered.index(second)
    assert log_order(log.events) == log_order(list(reversed(log.events)))
    assert other in ordered


def test_facilitators_and_a_passphrase_change(log):
    log.add(t.FACILITATOR_CREATED, {"facilitator_id": "F", "name": "Tashi", "passphrase_hash": "a"})
    log.add(t.FACILITATOR_CREATED, {"facilitator_id": "F", "name": "Again", "passphrase_hash": "x"})
    log.add(t.FACILITATOR_PASSPHRASE_CHANGED, {"facilitator_id": "F", "passphrase_hash": "b"})
    (facilitator,) = project_people(log.events).facilitators.values()
    assert (facilitator.name, facilitator.passphrase_hash) == ("Tashi", "b")


def test_a_change_from_a_pc_whose_clock_is_behind_still_applies(log):
    log.add(
        t.GROUP_CREATED,
        {"group_id": "G", "name": "Monday", "centre": "Paro"},
        device="pc-a",
        at="2026-03-02T10:00:00Z",
    )
    log.add(t.GROUP_RENAMED, {"group_id": "G", "name": "Tuesday"}, device="pc-b", at="2020-01-01")
    assert project_people(log.events).groups["G"].name == "Tuesday"


def test_groups_members_and_lessons(log):
    for learner_id in "ABC":
        log.learner(learner_id)
    log.add(t.GROUP_CREATED, {"group_id": "G", "name": "Monday", "centre": "Paro"})
    log.add(t.GROUP_RENAMED, {"group_id": "G", "name": "Monday women"})
    for learner_id in "ABC":
        log.add(t.GROUP_MEMBER_ADDED, {"group_id": "G", "learner_id": learner_id})
    log.add(t.GROUP_MEMBER_ADDED, {"group_id": "G", "learner_id": "A"})
    log.add(t.GROUP_MEMBER_REMOVED, {"group_id": "G", "learner_id": "B"})
    lessons = [{"pack_id": "p", "lesson_id": "one"}, {"pack_id": "p", "lesson_id": "two"}]
    log.add(t.GROUP_LESSONS_ASSIGNED, {"group_id": "G", "lessons": lessons})
    log.add(t.GROUP_LESSONS_ASSIGNED, {"group_id": "G", "lessons": lessons[1:]})
    group = project_people(log.events).groups["G"]
    assert (group.name, group.centre) == ("Monday women", "Paro")
    assert group.members == ["A", "C"]
    assert group.lessons == [LessonRef("p", "two")], "an assignment replaces the one before"


def test_unreadable_events_are_skipped_not_fatal(log):
    log.add(t.GROUP_CREATED, {"group_id": "G", "name": "Monday"})
    log.add(t.GROUP_RENAMED, {"group_id": "G", "name": 42})
    log.add(t.GROUP_MEMBER_ADDED, {"group_id": "nope", "learner_id": "A"})
    log.add(t.GROUP_LESSONS_ASSIGNED, {"group_id": "G", "lessons": "all"})
    log.add(t.SESSION_RECORDED, {"session_id": "S"})
    log.add(t.FACILITATOR_CREATED, {"facilitator_id": "F"})
    people = project_people(log.events)
    assert people.groups["G"].name == "Monday" and people.groups["G"].centre == ""
    assert people.sessions == [] and people.facilitators == {}


def test_sessions(log):
    log.learner("A")
    log.add(t.GROUP_CREATED, {"group_id": "G", "name": "Monday", "centre": ""})
    payload = {
        "session_id": "S",
        "group_id": "G",
        "date": "2026-03-01",
        "attendees": ["A", "A"],
        "devices": ["pc-a", "Library PC 2"],
        "facilitator_id": "F",
    }
    log.add(t.SESSION_RECORDED, payload)
    (session,) = project_people(log.events).sessions
    assert session.attendees == ("A",) and session.devices == ("pc-a", "Library PC 2")
    assert session.date == "2026-03-01" and session.facilitator_id == "F"


def test_a_deleted_learner_leaves_every_projection(log):
    log.learner("A", "Pema")
    log.learner("B", "Karma")
    log.add(t.PICTURE_PASSWORD_SET, {"hash": "h"}, "A")
    log.add(t.GROUP_CREATED, {"group_id": "G", "name": "Monday", "centre": ""})
    log.add(t.GROUP_MEMBER_ADDED, {"group_id": "G", "learner_id": "A"})
    log.add(t.GROUP_MEMBER_ADDED, {"group_id": "G", "learner_id": "B"})
    session = {"session_id": "S", "group_id": "G", "date": "2026-03-01"}
    log.add(t.SESSION_RECORDED, session | {"attendees": ["A", "B"], "devices": ["pc-a"]})
    log.add(t.LEARNER_DELETED, {"by_facilitator": "F"}, "A")
    log.add(t.LOGIN_FAILED, {}, "A", device="pc-b")  # from a PC that had not heard yet
    people = project_people(log.events)
    assert "A" in people.deleted
    assert set(people.profiles) == {"B"} and "A" not in people.access
    assert people.groups["G"].members == ["B"]
    assert people.sessions[0].attendees == ("B",)
    kept = project_people(log.events, include_deleted=True)
    assert kept.groups["G"].members == ["A", "B"] and "A" in kept.profiles
