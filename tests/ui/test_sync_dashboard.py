"""After sync the facilitator dashboard sees all of a group's PCs: a learner's progress made on
two PCs adds up, and a learner added to the group on another PC is there (and in progress --json).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from facilitator.facilitator_helpers import open_facilitator
from sync_helpers import ON_REQUEST, LiveHub, enrolled_database
from test_sync_app import launch_with

from dzlearn.people import PeopleService
from dzlearn.services import ProgressService
from dzlearn.storage import Database, EventLog, LearnerStore
from dzlearn.sync.client import sync_once
from dzlearn.sync.totals import dumps, progress_totals


@pytest.fixture
def hub(tmp_path: Path):
    live = LiveHub(tmp_path / "hub")
    yield live
    live.close()


def people(db: Database) -> PeopleService:
    events = EventLog(db)
    return PeopleService(db, events, LearnerStore(db, events))


def test_the_dashboard_and_progress_json_see_every_pc_of_a_group(hub, launch, qtbot, tmp_path):
    from dzlearn.lessons.loader import load_library
    from dzlearn.paths import resource_root

    hub.start()
    library = load_library(resource_root() / "lessons", [])
    pack = next(p for p in library.packs if p.id == "dz-foundations")
    first, second = pack.lessons()[:2]
    data = tmp_path / "pc-a"
    with enrolled_database(data / "dzlearn.sqlite", hub, "pc-a") as a:
        pema = people(a).create_learner("Pema", "tree")
        group = people(a).create_group("Morning class", "Trongsa")
        people(a).set_members(group, [pema.learner_id])
        ProgressService(EventLog(a)).record_lesson_completed(pema.learner_id, pack, first)
        sync_once(a)
    with enrolled_database(tmp_path / "pc-b" / "dzlearn.sqlite", hub, "pc-b") as b:
        sync_once(b)  # pc-b learns of Pema and the group
        karma = people(b).create_learner("Karma", "sun")
        people(b).set_members(group, [pema.learner_id, karma.learner_id])
        done_on_b = ProgressService(EventLog(b))
        done_on_b.record_lesson_completed(pema.learner_id, pack, second)  # Pema moved PC
        done_on_b.record_lesson_completed(karma.learner_id, pack, first)
        sync_once(b)

    app = launch_with(launch, data, ON_REQUEST)
    screen = open_facilitator(app)
    dashboard = screen.dashboard_tab
    screen.tabs.setCurrentWidget(dashboard)
    qtbot.waitUntil(lambda: dashboard.model is not None and app.runner.pending == 0, timeout=15000)
    assert [x.name for x in dashboard.model.learners] == ["Pema"]
    before = dashboard.model
    app.window.sync.sync_now()  # the dashboard refreshes itself when the events arrive
    qtbot.waitUntil(lambda: dashboard.model is not before and app.runner.pending == 0,
                    timeout=20000)  # fmt: skip
    model = dashboard.model
    by_name = {x.name: x for x in model.learners}
    assert set(by_name) == {"Pema", "Karma"}
    assert by_name["Pema"].lessons_done == 2  # one lesson on each PC
    assert by_name["Karma"].lessons_done == 1
    [morning] = [g for g in model.groups if g.group_id == group]
    assert set(morning.members) == {pema.learner_id, karma.learner_id}
    with qtbot.waitSignal(dashboard.model_shown, timeout=10000):
        dashboard.group_picker.setCurrentIndex(dashboard.group_picker.findData(group))
    assert dashboard.tiles["learners"].value.text() == "2"

    shown = subprocess.run(
        [sys.executable, "-m", "dzlearn", "--data", str(data), "progress", "--json"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    with Database.open(tmp_path / "pc-b" / "dzlearn.sqlite") as b:
        sync_once(b)  # pc-b takes what pc-a made since (the facilitator account)
        assert shown.strip() == dumps(progress_totals(b))
    totals = {x["learner_id"]: x for x in json.loads(shown)["learners"]}
    assert totals[pema.learner_id]["lessons_completed"] == 2
    assert totals[karma.learner_id]["lessons_completed"] == 1
