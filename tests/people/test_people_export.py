"""A learner's data as JSON: everything about them, nothing that gives a password away."""

import json
from datetime import date

from dzlearn.people import EXPORT_SCHEMA_VERSION, export_learner, suggested_file_name, write_export
from dzlearn.people import event_types as t


def build(log):
    log.learner("A", "པདྨ་", "sun")
    log.learner("B", "Karma")
    log.add(t.PICTURE_PASSWORD_SET, {"hash": "$argon2id$secret"}, "A")
    log.add(t.LOGIN_FAILED, {}, "A")
    log.add("lesson.step_completed", {"pack_id": "p", "lesson_id": "l", "step_id": "s"}, "A")
    log.add("lesson.step_completed", {"pack_id": "p", "lesson_id": "l", "step_id": "s"}, "B")
    log.add(t.GROUP_CREATED, {"group_id": "G", "name": "Monday", "centre": "Paro"})
    log.add(t.GROUP_MEMBER_ADDED, {"group_id": "G", "learner_id": "A"})
    log.add(t.GROUP_MEMBER_ADDED, {"group_id": "G", "learner_id": "B"})
    session = {"session_id": "S", "group_id": "G", "date": "2026-03-01", "devices": ["pc-a"]}
    log.add(t.SESSION_RECORDED, session | {"attendees": ["A", "B"]})
    log.add(t.SESSION_RECORDED, session | {"session_id": "S2", "attendees": ["B"]})


def test_export_holds_the_learner_and_only_them(log):
    build(log)
    data = export_learner(log.events, "A", exported_at="2026-03-02T00:00:00Z")
    assert json.loads(json.dumps(data)) == data
    assert data["format"] == "dzlearn.learner-export"
    assert data["schema_version"] == EXPORT_SCHEMA_VERSION == 1
    assert data["profile"]["display_name"] == "པདྨ་" and data["profile"]["picture"] == "sun"
    assert data["deleted"] is None
    assert (
        data["picture_password"]["set"]
        and data["picture_password"]["wrong_tries_since_last_success"] == 1
    )
    assert [g["name"] for g in data["groups"]] == ["Monday"]
    assert [s["session_id"] for s in data["sessions_attended"]] == ["S"]
    types = [e["type"] for e in data["events"]]
    assert types == [
        "learner.created",
        t.PICTURE_PASSWORD_SET,
        t.LOGIN_FAILED,
        "lesson.step_completed",
    ]
    naming = [
        e["payload"].get("session_id") or e["type"] for e in data["events_naming_the_learner"]
    ]
    assert naming == [t.GROUP_MEMBER_ADDED, "S"]
    text = json.dumps(data, ensure_ascii=False)
    assert "secret" not in text, "a picture-password hash is never exported"
    assert "Karma" not in text


def test_export_of_a_deleted_learner_says_so(log):
    build(log)
    log.add(t.LEARNER_DELETED, {"by_facilitator": "F"}, "A")
    data = export_learner(log.events, "A")
    assert data["deleted"]["by_facilitator"] == "F"
    assert data["profile"]["display_name"] == "པདྨ་"


def test_file_name_and_atomic_write(tmp_path, log):
    name = suggested_file_name('པདྨ་ a/b:c "x"', date(2026, 3, 2))
    assert name == "dzlearn-པདྨ་-a-b-c-x-2026-03-02.json"
    assert suggested_file_name("...", date(2026, 3, 2)) == "dzlearn-learner-2026-03-02.json"
    build(log)
    path = write_export(tmp_path / name, export_learner(log.events, "A"))
    assert json.loads(path.read_text(encoding="utf-8"))["learner_id"] == "A"
    assert [p.name for p in tmp_path.iterdir()] == [name]
