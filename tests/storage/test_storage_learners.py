"""Learners as a projection of learner.created events."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from dzlearn.storage import Database, EventLog, Learner, LearnerStore


def test_create_list_get(learners: LearnerStore) -> None:
    pema = learners.create("  Pema Wangmo ", "yak")
    dorji = learners.create("dorji", "tiger")
    karma = learners.create("ཀརྨ", "flower")
    assert pema.display_name == "Pema Wangmo"
    assert learners.get(pema.learner_id) == pema
    assert learners.get("missing") is None
    assert [learner.display_name for learner in learners.list()] == [
        "dorji",
        "Pema Wangmo",
        "ཀརྨ",
    ]
    assert set(learners.list()) == {pema, dorji, karma}


def test_create_records_an_event(learners: LearnerStore, log: EventLog) -> None:
    pema = learners.create("Pema", "yak")
    (event,) = log.for_learner(pema.learner_id)
    assert event.type == "learner.created"
    assert event.payload == {"display_name": "Pema", "picture": "yak"}
    assert event.occurred_at == pema.created_at


@pytest.mark.parametrize("name", ["", "   ", "x" * 61, "two\nlines"])
def test_bad_names_are_refused_and_nothing_is_written(
    learners: LearnerStore, log: EventLog, name: str
) -> None:
    with pytest.raises(ValueError):
        learners.create(name, "yak")
    assert learners.list() == []
    assert log.count() == 0


def test_sixty_characters_is_allowed(learners: LearnerStore) -> None:
    assert len(learners.create("x" * 60, "yak").display_name) == 60


def test_missing_picture_is_refused(learners: LearnerStore) -> None:
    with pytest.raises(ValueError):
        learners.create("Pema", " ")


def test_rebuild_projection_gives_the_same_rows(db: Database, learners: LearnerStore) -> None:
    made = [learners.create(name, "yak") for name in ("Pema", "Dorji", "ཀརྨ", "Sonam")]
    before = learners.list()
    with db.writing() as connection:
        connection.execute(text("DELETE FROM learners"))
        connection.execute(
            text("INSERT INTO learners VALUES ('ghost', 'Ghost', 'owl', '2000-01-01T00:00:00Z')")
        )
    assert learners.list() != before
    learners.rebuild_projection()
    assert learners.list() == before
    assert set(before) == set(made)


def test_learners_survive_reopen(db_path) -> None:
    with Database.open(db_path) as db:
        pema = LearnerStore(db, EventLog(db)).create("Pema", "yak")
    with Database.open(db_path) as db:
        assert LearnerStore(db, EventLog(db)).list() == [
            Learner(pema.learner_id, "Pema", "yak", pema.created_at)
        ]


@settings(max_examples=25, deadline=None, database=None)
@given(
    steps=st.lists(
        st.tuples(
            st.sampled_from(["learner", "event", "failing"]),
            st.text(min_size=1, max_size=70),
        ),
        max_size=15,
    )
)
def test_any_mix_of_writes_keeps_log_and_projection_consistent(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, str]]
) -> None:
    """Whatever succeeds or fails, the log has no holes and the projection equals a rebuild."""
    path = tmp_path_factory.mktemp("mix") / "dzlearn.sqlite"
    with Database.open(path) as db:
        log = EventLog(db)
        store = LearnerStore(db, log)
        written = 0
        for kind, name in steps:
            if kind == "learner":
                try:
                    store.create(name, "yak")
                except ValueError:
                    continue
            elif kind == "event":
                log.append(None, "note", {"text": name})
            else:
                with pytest.raises(RuntimeError):
                    log.append(None, "note", {"text": name}, apply=_fail)
                continue
            written += 1
        assert log.count() == written
        assert [e.device_seq for e in log.since(db.device_id, 0, limit=100)] == list(
            range(1, written + 1)
        )
        before = store.list()
        store.rebuild_projection()
        assert store.list() == before


def _fail(connection: object) -> None:
    raise RuntimeError("projection failed")
