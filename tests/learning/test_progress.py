from dataclasses import dataclass
from pathlib import Path

from dzlearn.learning.progress import LESSON_COMPLETED, STEP_COMPLETED, project_progress
from dzlearn.lessons.loader import load_pack

REPO = Path(__file__).resolve().parents[2]
LESSON = load_pack(REPO / "lessons" / "dz-foundations").lesson("ka-row")
KEY = ("dz-foundations", "ka-row")


@dataclass
class Ev:
    type: str
    payload: dict


def step(step_id: str, mistakes: int = 0) -> Ev:
    return Ev(
        STEP_COMPLETED,
        {"pack_id": KEY[0], "lesson_id": KEY[1], "step_id": step_id, "mistakes": mistakes},
    )


def test_resume_at_first_step_not_done():
    progress = project_progress([step("intro"), step("type-ka", 2), Ev("other", {})])[KEY]
    assert progress.steps_done(LESSON) == 2
    assert progress.next_step_index(LESSON) == 2
    assert progress.mistakes == 2 and progress.times_completed == 0


def test_finishing_a_lesson_starts_the_next_run_from_the_beginning():
    events = [step(s.id) for s in LESSON.steps]
    events.append(Ev(LESSON_COMPLETED, {"pack_id": KEY[0], "lesson_id": KEY[1]}))
    progress = project_progress(events)[KEY]
    assert progress.times_completed == 1
    assert progress.next_step_index(LESSON) == 0 and progress.steps_done(LESSON) == 0
    progress = project_progress([*events, step("intro")])[KEY]
    assert progress.next_step_index(LESSON) == 1 and progress.times_completed == 1


def test_no_events_no_progress():
    assert project_progress([]) == {}


def test_a_malformed_step_event_from_another_pc_is_left_out_not_fatal():
    """Sync brings other PCs' events; one missing its ids must not break the home screen."""
    from types import SimpleNamespace

    from dzlearn.learning.progress import STEP_COMPLETED, project_progress

    good = SimpleNamespace(
        type=STEP_COMPLETED,
        payload={"pack_id": "p", "lesson_id": "l", "step_id": "s1", "mistakes": 2},
    )
    broken = [
        SimpleNamespace(type=STEP_COMPLETED, payload={"lesson_id": "l", "step_id": "s2"}),
        SimpleNamespace(type=STEP_COMPLETED, payload={"pack_id": "p", "lesson_id": "l"}),
        SimpleNamespace(
            type=STEP_COMPLETED,
            payload={"pack_id": "p", "lesson_id": "l", "step_id": "s3", "mistakes": "many"},
        ),
    ]
    progress = project_progress([good, *broken])
    entry = progress[("p", "l")]
    assert entry.current_run == {"s1", "s3"}
    assert entry.mistakes == 2
