"""The funders' report: aggregates only, small groups merged or hidden, no personal data."""

from outcome_logs import AS_OF, LOGIN

from dzlearn.outcomes import build_report
from dzlearn.outcomes.csv_export import csv_text


def _centre(log, gid, name, centre, learners, outcome="independent"):
    ids = [f"{gid}-{i}" for i in range(learners)]
    for i, lid in enumerate(ids):
        log.learner(lid, f"Person {gid} {i}")
    log.group(gid, name, centre, ids)
    for lid in ids:
        log.eservice(lid, LOGIN, "wrong")
        log.eservice(lid, LOGIN, outcome)
    return ids


def _funders_text(model) -> str:
    parts = [csv_text(model, funders=True)]
    for t in model.funders_tables():
        parts += [t.title, *t.columns, *(c for row in t.rows for c in row)]
    parts += [f"{t.label} {t.value} {t.detail}" for t in model.funders_tiles()]
    return "\n".join(parts)


def test_no_name_or_learner_id_reaches_the_funders_report(log, library):
    ids = _centre(log, "big", "Big group", "Paro", 6)
    ids += _centre(log, "small", "Small group", "Haa", 2)
    model = build_report(log.events, library, as_of=AS_OF)
    text = _funders_text(model)
    for learner in model.learners:
        assert learner.name not in text
        assert learner.learner_id not in text
    assert "Person" not in text
    assert "big-0" not in text and "Big group" in text


def test_small_groups_are_merged_and_a_still_small_row_shows_no_numbers(log, library):
    _centre(log, "g1", "Six", "Paro", 6)
    _centre(log, "g2", "Three A", "Paro", 3)
    _centre(log, "g3", "Three B", "Paro", 3)
    _centre(log, "g4", "Two", "Haa", 2, outcome="wrong")
    model = build_report(log.events, library, as_of=AS_OF)
    groups = {
        r[0]: r[1:] for r in {t.key: t for t in model.funders_tables()}["funders_groups"].rows
    }
    assert set(groups) == {"Six", "Other groups (fewer than 5 learners each)"}
    assert groups["Other groups (fewer than 5 learners each)"][:4] == ("8", "8", "8", "0%")
    centres = {
        r[0]: r[1:] for r in {t.key: t for t in model.funders_tables()}["funders_centres"].rows
    }
    assert centres["Paro"][0] == "12"
    assert centres["Other centres (fewer than 5 learners each)"] == ("fewer than 5",) + ("—",) * 5
    # the facilitator's own table still shows every group
    assert len({t.key: t for t in model.tables()}["outcome_groups"].rows) == 5


def test_a_group_named_after_a_learner_is_shown_by_number(log, library):
    ids = _centre(log, "g1", "Group of Person g1 0", "Paro", 5)
    assert ids
    model = build_report(log.events, library, as_of=AS_OF)
    rows = {t.key: t for t in model.funders_tables()}["funders_groups"].rows
    assert rows[0][0] == "Group 1"


def test_too_few_learners_overall_shows_no_outcome(log, library):
    _centre(log, "g", "Tiny", "Paro", 3)
    tiles = {t.key: t.value for t in build_report(log.events, library, as_of=AS_OF).funders_tiles()}
    assert tiles == {"learners": "fewer than 5", "baseline": "—", "follow_up": "—", "change": "—"}
