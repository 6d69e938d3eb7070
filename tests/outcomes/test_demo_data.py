"""Synthetic activity: deterministic, marked on every event, and shaped like real learning."""

from datetime import UTC, date, datetime

from dzlearn.outcomes import build_report
from dzlearn.outcomes.demo import synthesize

UNTIL = date(2025, 3, 31)


def test_same_settings_same_events_and_every_event_is_marked(library):
    one = synthesize(library, learners=10, days=40, seed=7, until=UNTIL)
    two = synthesize(library, learners=10, days=40, seed=7, until=UNTIL)
    other = synthesize(library, learners=10, days=40, seed=8, until=UNTIL)
    assert one == two and one != other
    assert all(e.payload["synthetic"] is True for e in one)
    assert len({e.device_id for e in one}) == 1
    assert [e.device_seq for e in one] == list(range(1, len(one) + 1))
    assert all(e.occurred_at[:10] <= "2025-03-31" for e in one)


def test_demo_learners_learn_some_improve_some_need_help(library):
    events = synthesize(library, learners=24, days=60, seed=1, until=UNTIL)
    model = build_report(events, library, as_of=datetime(2025, 3, 31, 18, tzinfo=UTC))
    assert model.synthetic and len(model.learners) == 24
    assert all(x.name.startswith("Demo learner ") for x in model.learners)
    assert len(model.groups) == 3 and len(model.centre_outcomes) == 2
    assert model.overall.change is not None and model.overall.change > 0
    assert 0 < len(model.needing_help) < 24
    trend = model.typing_trend()
    assert trend[-1].accuracy > trend[0].accuracy and trend[-1].speed > trend[0].speed
    assert all(x.typing for x in model.learners)
