"""Groups, sessions, export and deletion, done in facilitator mode and found in the log."""

import json
from datetime import date

from facilitator_helpers import add_learner, learner_types, open_facilitator, people_events

from dzlearn.people import event_types as t


def test_group_members_lessons_and_a_session(launch):
    app = launch()
    window = app.window
    pema = add_learner(app, "Pema", "tree")
    karma = add_learner(app, "Karma", "sun")
    screen = open_facilitator(app)
    fid = window.facilitator.facilitator.facilitator_id
    screen.tabs.setCurrentWidget(screen.groups_tab)
    groups = screen.groups_tab
    groups.new_name.setText("Monday morning")
    groups.new_centre.setText("Paro")
    groups.create.click()
    app.idle()
    (created,) = people_events(app, t.GROUP_CREATED)
    group_id = created.payload["group_id"]
    assert created.payload == {"group_id": group_id, "name": "Monday morning", "centre": "Paro"}
    assert groups.selected == group_id and groups.detail.isEnabled()
    groups.name.setText("Monday women")
    groups.member_boxes[pema.learner_id].setChecked(True)
    groups.member_boxes[karma.learner_id].setChecked(True)
    lessons = list(groups.lesson_boxes)
    assert len(lessons) > 2, "the lessons come from the library"
    for ref in lessons[:2]:
        groups.lesson_boxes[ref].setChecked(True)
    groups.save.click()
    app.idle()
    assert "is saved" in screen.status.text()
    assert [e.payload["name"] for e in people_events(app, t.GROUP_RENAMED)] == ["Monday women"]
    added = {e.payload["learner_id"] for e in people_events(app, t.GROUP_MEMBER_ADDED)}
    assert added == {pema.learner_id, karma.learner_id}
    (assigned,) = people_events(app, t.GROUP_LESSONS_ASSIGNED)
    assert assigned.payload["lessons"] == [ref.to_json() for ref in lessons[:2]]
    assert "2 learner(s), 2 lesson(s)" in groups.list.currentItem().text()

    groups.member_boxes[karma.learner_id].setChecked(False)
    groups.save.click()
    app.idle()
    (removed,) = people_events(app, t.GROUP_MEMBER_REMOVED)
    assert removed.payload == {"group_id": group_id, "learner_id": karma.learner_id}
    assert len(people_events(app, t.GROUP_LESSONS_ASSIGNED)) == 1, "unchanged: not written"

    screen.tabs.setCurrentWidget(screen.sessions_tab)
    sessions = screen.sessions_tab
    sessions.select_group(group_id)
    assert list(sessions.attendance) == [pema.learner_id]
    sessions.attendance[pema.learner_id].setChecked(True)
    sessions.other_pcs.setText("Library PC 2, , Library PC 2, Office laptop")
    sessions.record.click()
    app.idle()
    (session,) = people_events(app, t.SESSION_RECORDED)
    assert session.learner_id is None
    payload = session.payload
    assert payload["group_id"] == group_id and payload["attendees"] == [pema.learner_id]
    assert payload["date"] == date.today().isoformat() and payload["facilitator_id"] == fid
    assert payload["devices"] == [window.services.db.device_id, "Library PC 2", "Office laptop"]
    assert "1 came" in sessions.history.item(0).text()
    assert "this PC" in sessions.history.item(0).text()


def test_export_a_learners_data_as_json(launch, tmp_path):
    app = launch()
    pema = add_learner(app, "པདྨ་", "tree", ["sun", "sun", "sun"])
    add_learner(app, "Karma", "sun")
    screen = open_facilitator(app)
    asked = []
    target = tmp_path / "export.json"

    def fake_save_path(parent, suggested, done):
        asked.append(suggested)
        done(str(target))

    screen.ask_save_path = fake_save_path
    tab = screen.learners_tab
    tab.select(pema.learner_id)
    tab.export.click()
    app.idle()
    assert asked == [f"dzlearn-པདྨ་-{date.today().isoformat()}.json"]
    assert str(target) in screen.status.text()
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and data["learner_id"] == pema.learner_id
    assert data["profile"]["display_name"] == "པདྨ་"
    assert data["picture_password"]["set"] is True
    assert [e["type"] for e in data["events"]] == ["learner.created", t.PICTURE_PASSWORD_SET]
    assert "$argon2" not in target.read_text(encoding="utf-8")
    assert "Karma" not in target.read_text(encoding="utf-8")


def test_export_to_a_place_that_cannot_be_written_says_so(launch, tmp_path):
    app = launch()
    pema = add_learner(app, "Pema", "tree")
    screen = open_facilitator(app)
    screen.ask_save_path = lambda parent, name, done: done(str(tmp_path / "gone" / name))
    screen.learners_tab.select(pema.learner_id)
    screen.learners_tab.export.click()
    app.idle()
    assert screen.error.isVisible() and "Could not save the file" in screen.error.text()
    assert "No such file or directory" in screen.error.text()
    assert window_is(app, screen)


def window_is(app, screen):
    return app.window.stack.currentWidget() is screen


def test_delete_asks_by_name_and_the_learner_is_gone_after_a_restart(launch, tmp_path):
    data = tmp_path / "data"
    app = launch(data)
    pema = add_learner(app, "Pema", "tree")
    karma = add_learner(app, "Karma", "sun")
    screen = open_facilitator(app)
    groups = screen.groups_tab
    groups.new_name.setText("Monday")
    groups.create.click()
    app.idle()
    groups.member_boxes[pema.learner_id].setChecked(True)
    groups.save.click()
    app.idle()
    tab = screen.learners_tab
    tab.select(pema.learner_id)
    tab.delete.click()
    dialog = screen.dialog
    assert "Delete Pema?" in dialog.windowTitle() and dialog.confirm.text() == "Delete Pema"
    assert "Pema" in dialog.text.text()
    dialog.cancel.click()
    app.idle()
    assert pema.learner_id in tab.learners, "Cancel deletes nothing"
    tab.delete.click()
    screen.dialog.confirm.click()
    app.idle()
    assert "Pema was deleted" in screen.status.text()
    assert list(tab.learners) == [karma.learner_id]
    assert "0 learner(s)" in groups.list.item(0).text()
    (tombstone,) = [
        e
        for e in app.window.services.events.for_learner(pema.learner_id)
        if e.type == t.LEARNER_DELETED
    ]
    assert tombstone.payload == {
        "by_facilitator": app.window.facilitator.facilitator.facilitator_id
    }
    assert learner_types(app, pema)[0] == "learner.created", "the other events stay for sync"
    screen.leave.click()
    app.idle()
    assert set(app.window.picker.tiles) == {karma.learner_id}
    app.close()

    again = launch(data)
    assert set(again.window.picker.tiles) == {karma.learner_id}
