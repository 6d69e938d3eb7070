"""PeopleService on a real progress file: log-in, lock-out, deletion as a tombstone."""

import pytest
from sqlalchemy import select

from dzlearn.people import LoginResult, NotFound, PeopleService
from dzlearn.people import event_types as t
from dzlearn.storage.schema import learners as learners_table


@pytest.fixture
def people(storage):
    db, events, learners = storage
    return PeopleService(db, events, learners)


def types_of(storage, learner_id):
    return [e.type for e in storage[1].for_learner(learner_id)]


def test_picture_log_in_right_wrong_locked_unlocked(storage, people):
    learner = people.create_learner("Pema", "tree", ["sun", "moon", "bird"])
    right, wrong = ["sun", "moon", "bird"], ["sun", "bird", "moon"]
    assert people.access(learner.learner_id).has_password
    assert people.try_picture_login(learner.learner_id, right).result is LoginResult.OK
    for left in (4, 3, 2, 1):
        outcome = people.try_picture_login(learner.learner_id, wrong)
        assert (outcome.result, outcome.tries_left) == (LoginResult.WRONG, left)
    assert people.try_picture_login(learner.learner_id, wrong).result is LoginResult.LOCKED
    # locked: even the right pictures do not open it, and no more tries are recorded
    assert people.try_picture_login(learner.learner_id, right).result is LoginResult.LOCKED
    assert types_of(storage, learner.learner_id).count(t.LOGIN_FAILED) == 5
    people.unlock(learner.learner_id, "F")
    assert people.try_picture_login(learner.learner_id, right).result is LoginResult.OK
    assert types_of(storage, learner.learner_id)[-2:] == [t.LEARNER_UNLOCKED, t.LOGIN_SUCCEEDED]


def test_a_learner_without_a_password_is_not_asked(people):
    learner = people.create_learner("Karma", "sun")
    assert not people.access(learner.learner_id).has_password
    outcome = people.try_picture_login(learner.learner_id, [])
    assert outcome.result is LoginResult.OK


def test_facilitator_accounts(people):
    with pytest.raises(ValueError, match="at least 8"):
        people.create_facilitator("Tashi", "short", "short")
    assert people.facilitators() == []
    tashi = people.create_facilitator("Tashi", "prayer flags", "prayer flags")
    assert people.verify_facilitator(tashi.facilitator_id, "prayer flags") == tashi
    assert people.verify_facilitator(tashi.facilitator_id, "prayer flag") is None
    with pytest.raises(ValueError, match="current passphrase"):
        people.change_passphrase(tashi.facilitator_id, "wrong one", "new phrase 1", "new phrase 1")
    people.change_passphrase(tashi.facilitator_id, "prayer flags", "new phrase 1", "new phrase 1")
    assert people.verify_facilitator(tashi.facilitator_id, "prayer flags") is None
    assert people.verify_facilitator(tashi.facilitator_id, "new phrase 1") is not None


def test_delete_is_a_tombstone_and_removes_the_row_in_the_same_step(storage, people):
    db, events, learners = storage
    gone = people.create_learner("Pema", "tree")
    kept = people.create_learner("Karma", "sun")
    group = people.create_group("Monday", "Paro")
    people.set_members(group, [gone.learner_id, kept.learner_id])
    people.delete_learner(gone.learner_id, "F")
    with db.reading() as connection:
        rows = connection.execute(select(learners_table.c.learner_id)).scalars().all()
    assert rows == [kept.learner_id]
    assert [x.learner_id for x in people.picker_learners()] == [kept.learner_id]
    assert types_of(storage, gone.learner_id) == ["learner.created", t.LEARNER_DELETED]
    assert people.people().groups[group].members == [kept.learner_id]
    with pytest.raises(NotFound, match="deleted"):
        people.set_picture_password(gone.learner_id, ["sun", "sun", "sun"])
    assert people.export_learner(gone.learner_id)["deleted"] is not None


def test_a_deleted_learner_stays_off_the_picker_even_after_a_rebuild(storage, people):
    db, events, learners = storage
    gone = people.create_learner("Pema", "tree")
    people.delete_learner(gone.learner_id, "F")
    learners.rebuild_projection()  # as dzlearn doctor or a sync merge would
    assert people.picker_learners() == []
    assert people.overview().learners == []


def test_storage_rebuild_and_doctor_respect_the_tombstone(storage, people):
    from dzlearn.storage.doctor import examine

    db, events, learners = storage
    gone = people.create_learner("Pema", "tree")
    people.delete_learner(gone.learner_id, "F")
    learners.rebuild_projection()
    assert learners.list() == []
    db.close()
    assert examine(db.path).ok


def test_groups_lessons_and_sessions(storage, people):
    from dzlearn.people import LessonRef

    db = storage[0]
    a = people.create_learner("Pema", "tree")
    b = people.create_learner("Karma", "sun")
    group = people.create_group("  Monday  ", "")
    people.rename_group(group, "Monday women")
    assert people.set_members(group, [a.learner_id, b.learner_id]) == (2, 0)
    assert people.set_members(group, [b.learner_id]) == (0, 1)
    people.assign_lessons(group, [LessonRef("dz-foundations", "ka-row")])
    session = people.record_session(group, "2026-03-01", [b.learner_id], ["PC 2", " ", "PC 2"], "F")
    assert session.devices == (db.device_id, "PC 2")
    seen = people.people()
    assert seen.groups[group].name == "Monday women"
    assert seen.groups[group].lessons == [LessonRef("dz-foundations", "ka-row")]
    assert seen.sessions == [session]
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        people.record_session(group, "1/3/2026", [], [], "F")
    with pytest.raises(NotFound):
        people.rename_group("nope", "x")
