"""The indicator's words: calm, short, in the learner's language, never an alarm."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dzlearn.i18n import set_language
from dzlearn.sync.device import SyncStatus
from dzlearn.ui.sync_indicator import ATTENTION, BUSY, GOOD, OFF, QUIET, describe
from dzlearn.ui.sync_worker import CHECKING, NOT_ENROLLED, STOPPED, SYNCING, WAITING, SyncSnapshot

NOW = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def status(**changes) -> SyncStatus:  # noqa: ANN003
    values = dict(
        enrolled=True, hub_url="http://hub:8765", last_success_at=None, last_attempt_at=None,
        pending=0, conflicts=0, last_error=None, last_summary=None,
    )  # fmt: skip
    values.update(changes)
    return SyncStatus(**values)


def ago(minutes: float) -> str:
    return (NOW - timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")


def words(snapshot: SyncSnapshot | None, seen: int = 0, now: float = 1000.0) -> tuple[str, str]:
    look = describe(snapshot, seen, now=now, wall=NOW)
    return look.text, look.tone


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    set_language("en")


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0.2, "Synced just now"), (5, "Synced 5 min ago"), (-90, "Synced just now"),
     (59, "Synced 59 min ago"), (180, "Synced 3 h ago"), (4 * 24 * 60, "Synced 4 days ago")],
)  # fmt: skip
def test_when_it_last_synced(minutes: float, text: str):
    snapshot = SyncSnapshot(WAITING, status(last_success_at=ago(minutes)))
    assert words(snapshot) == (text, GOOD)


def test_waiting_events_syncing_and_not_set_up():
    assert words(SyncSnapshot(WAITING, status(pending=12))) == ("12 to send", QUIET)
    assert words(SyncSnapshot(SYNCING, status(pending=12))) == ("Syncing…", BUSY)
    assert words(SyncSnapshot(CHECKING, status())) == ("Syncing…", BUSY)
    assert words(SyncSnapshot(NOT_ENROLLED)) == ("Not set up", OFF)
    assert words(SyncSnapshot(WAITING, status(enrolled=False))) == ("Not set up", OFF)
    assert words(None) == ("Not set up", OFF)


def test_hub_out_of_reach_counts_down_in_calm_steps():
    def out_of_reach(left: float) -> SyncSnapshot:
        return SyncSnapshot(
            WAITING, status(pending=3), next_try_at=1000.0 + left,
            error="The hub at … cannot be reached", error_kind="unreachable",
        )  # fmt: skip

    assert words(out_of_reach(37.2))[0] == "Hub not reachable — will try again in 40 s"
    assert words(out_of_reach(0.4))[0] == "Hub not reachable — will try again in 5 s"
    assert words(out_of_reach(600)) == ("Hub not reachable — will try again in 10 min", QUIET)
    broken = SyncSnapshot(
        WAITING, status(), next_try_at=1020.0, error="broke", error_kind="interrupted"
    )
    assert words(broken)[0] == "Sync did not finish — will try again in 20 s"


def test_what_only_a_facilitator_can_mend_asks_for_one_without_details():
    revoked = SyncSnapshot(WAITING, status(), 1600.0, "no longer accepts", "revoked")
    assert words(revoked) == ("Sync needs a facilitator", ATTENTION)
    assert words(SyncSnapshot(STOPPED, status()))[1] == ATTENTION


def test_conflicts_until_a_facilitator_has_seen_them():
    snapshot = SyncSnapshot(WAITING, status(conflicts=3, last_success_at=ago(1)))
    assert words(snapshot) == ("3 conflicts — facilitator, please look", ATTENTION)
    assert words(snapshot, seen=2)[0] == "1 conflict — facilitator, please look"
    assert words(snapshot, seen=3) == ("Synced 1 min ago", GOOD)


def test_numbers_in_dzongkha_use_tibetan_digits():
    set_language("dz")
    text, _tone = words(SyncSnapshot(WAITING, status(pending=12)))
    assert "༡༢" in text and "12" not in text
