"""A damaged progress file gives a choice — restore the latest backup or start fresh — and the
damaged file is kept aside, never deleted."""

from pathlib import Path

from dzlearn.storage import Database, EventLog, LearnerStore, list_backups
from dzlearn.ui.recovery import Recovery


def make_db_with_backup(data: Path) -> Path:
    db = Database.open(data / "dzlearn.sqlite")
    LearnerStore(db, EventLog(db)).create("Sonam", "moon")
    db.backup()
    db.close()
    path = data / "dzlearn.sqlite"
    path.write_bytes(b"\x00garbage, not SQLite" * 500)
    return path


class Asker:
    def __init__(self, answer: Recovery) -> None:
        self.answer = answer
        self.asked: list[tuple[str, Path | None]] = []

    def __call__(self, message, backup, parent):
        self.asked.append((message, backup))
        return self.answer


def test_restore_the_latest_backup(launch, tmp_path):
    data = tmp_path / "data"
    path = make_db_with_backup(data)
    asker = Asker(Recovery.RESTORE)
    app = launch(data, ask=asker)
    ((message, backup),) = asker.asked
    assert str(path) in message and "damaged" in message
    assert backup == list_backups(path)[0]
    learners = app.window.services.learners.list()
    assert [learner.display_name for learner in learners] == ["Sonam"]
    assert list((data / "set-aside").rglob("dzlearn.sqlite")), "the damaged file was not kept"


def test_start_fresh_keeps_the_damaged_file_aside(launch, tmp_path):
    data = tmp_path / "data"
    path = make_db_with_backup(data)
    damaged = path.read_bytes()
    app = launch(data, ask=Asker(Recovery.START_FRESH))
    assert app.window.services.learners.list() == []
    kept = list((data / "set-aside").rglob("dzlearn.sqlite"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_quit_changes_nothing(launch, tmp_path, qtbot):
    data = tmp_path / "data"
    path = make_db_with_backup(data)
    damaged = path.read_bytes()
    app = launch(data, ask=Asker(Recovery.QUIT), start=False)
    with qtbot.waitSignal(app.startup.failed, timeout=10000):
        app.startup.begin()
    assert app.window.services is None
    assert path.read_bytes() == damaged and not (data / "set-aside").exists()


def test_an_unreachable_progress_file_can_be_retried(launch, tmp_path, qtbot, monkeypatch):
    """A stick pulled out before start-up: the facilitator is told, plugs it in, tries again."""
    from dzlearn.storage import Database, DatabaseUnavailable

    data = tmp_path / "data"
    real_open = Database.open
    attempts = []

    def flaky_open(path):
        attempts.append(path)
        if len(attempts) == 1:
            raise DatabaseUnavailable(f"The folder for {path} is not there.", path)
        return real_open(path)

    monkeypatch.setattr(Database, "open", staticmethod(flaky_open))
    asked = []
    app = launch(data, retry=lambda message, parent: asked.append(message) or True, start=False)
    with qtbot.waitSignal(app.startup.ready, timeout=10000):
        app.startup.begin()
    assert len(attempts) == 2 and "is not there" in asked[0]
    assert app.window.services is not None


def test_a_second_copy_on_the_same_data_is_refused_politely(launch, tmp_path, qtbot):
    data = tmp_path / "data"
    first = launch(data)
    assert first.window.services is not None
    second = launch(data, start=False)
    with qtbot.waitSignal(second.startup.failed, timeout=10000) as blocker:
        second.startup.begin()
    (message,) = blocker.args
    assert "already open" in message and second.window.services is None
    first.close()
    third = launch(data)  # once the first copy has closed, the data folder is free again
    assert third.window.services is not None
