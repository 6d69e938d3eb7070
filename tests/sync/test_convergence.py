"""Property: whatever happens on the way, devices that sync until quiet hold the same state.

Hypothesis draws schedules for 3-4 devices (each its own progress file) and one hub (on
SQLite, and on a real PostgreSQL through the real FastAPI app). Learners are made on one
device and practise on another once a sync has brought them; some are deleted (a tombstone);
device clocks and the hub's clock jump ten years either way; syncs run a page or two at a time
in tiny batches while the relay loses requests and replies after the hub committed, cuts push
bodies and pull pages, sends batches twice and answers pulls with replies to older requests
(stale pages), and the device's disk fills up mid-write. After every page and every sync: no
cursor or acknowledgement moves back, nothing acknowledged is missing from the hub, nothing is
doubled or altered, and every hub event below a device's cursor is on that device. At the end
every device syncs until quiet, and the hub and all devices hold the same events (by id and
content hash), the same learners projection (the one their own log rebuilds), and print
byte-identical ``dzlearn progress --json``.

``@given`` over a list of steps, not a RuleBasedStateMachine: its swarm testing switched whole
rules off per example and left two thirds of the examples without a single sync.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import sim
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from dzlearn.people.service import PeopleService
from dzlearn.storage import Database, EventLog, LearnerStore
from dzlearn.sync.client import SyncError, enrol, sync_once
from dzlearn.sync.device import DeviceSyncState, Enrolment
from dzlearn.sync.hub.app import create_app
from dzlearn.sync.hub.store import HubStore

NAMES = ["Pema", "Dorji", "ཀརྨ", "བཀྲ་ཤིས", "Sonam Choden"]
DEVICE = st.integers(0, 3)  # taken modulo the number of devices in the example
PAGES = st.one_of(st.none(), st.integers(1, 3))  # stop after this many pages (None: finish)
LIMIT = st.integers(1, 3)  # events per push or pull page: tiny, so there are many pages
FAULT_KINDS = sorted(sim.FAULTS)


@dataclass(frozen=True)
class NewLearner:
    device: int
    name: str


@dataclass(frozen=True)
class Practise:
    """A short session for a learner the device knows (made there, or brought by a sync)."""

    device: int
    which: int
    session: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Remove:
    """A facilitator deletes a learner the device knows: a tombstone event."""

    device: int
    which: int


@dataclass(frozen=True)
class SetClock:
    device: int
    clock: str


@dataclass(frozen=True)
class Sync:
    """Sync ``pages`` pages (None: to the end) in tiny batches, with a fault aimed at the
    ``fault``-th request (None: no fault). Which fault is the world's next in turn, so every
    kind is played about as often as the others (hypothesis's own draws cluster); the kind
    each sync played is printed with a failing example."""

    device: int
    pages: int | None
    push_limit: int
    pull_limit: int
    fault: int | None


@dataclass
class Pc:
    name: str
    folder: Path
    db: Database
    relay: sim.FaultyRelay
    client: httpx.Client
    clock: timedelta = timedelta(0)
    max_cursor: int = 0
    max_acked: int = 0
    faults: list[tuple[str, int]] = field(default_factory=list)  # armed, waiting their turn

    @property
    def people(self) -> PeopleService:
        log = EventLog(self.db)
        return PeopleService(self.db, log, LearnerStore(self.db, log))


class World:
    """One hub, some devices, and what the test knows must end up everywhere."""

    def __init__(self, folder: Path, template: Path, hub_url: str, through_app: bool, *,
                 devices: int, hub_clock: timedelta, first_fault: int) -> None:  # fmt: skip
        self.store = HubStore.open(hub_url, clock=lambda: datetime.now(UTC) + hub_clock)
        self.hub = sim.HubView(self.store)
        self._exits = contextlib.ExitStack()
        self._exits.callback(self.store.close)
        self.pcs: list[Pc] = []
        try:
            target: TestClient | sim.DirectHub = sim.DirectHub(self.store)
            if through_app:
                target = self._exits.enter_context(TestClient(create_app(self.store)))
            for number in range(devices):
                self.pcs.append(self._enrolled(f"pc{number}", folder, template, target))
        except BaseException:
            self._exits.close()
            raise
        self.authored: dict[str, str] = {}  # every event any device recorded: id -> hash
        self.created: set[str] = set()
        self.deleted: set[str] = set()
        self.fault_turn = first_fault

    def _enrolled(
        self, name: str, folder: Path, template: Path, target: TestClient | sim.DirectHub
    ) -> Pc:
        db = sim.open_from_template(template, folder / name / "dzlearn.sqlite")
        self._exits.callback(db.close)
        relay = sim.FaultyRelay(target)
        client = self._exits.enter_context(httpx.Client(transport=relay, base_url=sim.HUB_URL))
        enrol(db, sim.HUB_URL, self.store.new_enrol_code(), name=name, client=client)
        return Pc(name, db.path.parent, db, relay, client)

    def __enter__(self) -> World:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._exits.close()

    def play(self, step: object) -> None:
        pc = self.pcs[step.device % len(self.pcs)]  # type: ignore[attr-defined]
        if isinstance(step, NewLearner):
            self._new_learner(pc, step.name)
        elif isinstance(step, Practise):
            self._practise(pc, step)
        elif isinstance(step, Remove):
            known = pc.people.picker_learners()
            if known:
                learner = known[step.which % len(known)].learner_id
                self._record(pc, lambda: pc.people.delete_learner(learner, "facilitator-1"))
                self.deleted.add(learner)
        elif isinstance(step, SetClock):
            pc.clock = sim.CLOCKS[step.clock]
        else:
            assert isinstance(step, Sync)
            self._sync(pc, step)

    # --- what people do ------------------------------------------------------------------

    def _record(self, pc: Pc, make: Callable[[], object]) -> None:
        before = set(sim.held_events(pc.db))
        with sim.device_clock(pc.clock):
            make()
        for event_id, (digest, device_id, _) in sim.held_events(pc.db).items():
            if event_id not in before:
                assert device_id == pc.db.device_id
                self.authored[event_id] = digest

    def _new_learner(self, pc: Pc, name: str) -> None:
        learners = LearnerStore(pc.db, EventLog(pc.db))
        made: list[str] = []
        self._record(pc, lambda: made.append(learners.create(name, "yak").learner_id))
        self.created.update(made)

    def _practise(self, pc: Pc, step: Practise) -> None:
        known = pc.people.picker_learners()
        if not known:  # a newcomer, then
            self._new_learner(pc, NAMES[step.which % len(NAMES)])
            known = pc.people.picker_learners()
        learner = known[step.which % len(known)].learner_id
        log = EventLog(pc.db)

        def record() -> None:
            for activity, amount in step.session:
                log.append(learner, *sim.activity(activity, amount))

        self._record(pc, record)

    # --- sync, with faults ----------------------------------------------------------------

    def _sync(self, pc: Pc, step: Sync) -> None:
        """A fault that finds nothing to spoil waits for one of the device's next syncs; a push
        fault goes to a device with something to send, a stale page to one past cursor 1."""
        fault = None
        if step.fault is not None:
            fault = (FAULT_KINDS[self.fault_turn % len(FAULT_KINDS)], step.fault)
            self.fault_turn += 1
            if fault[0] in sim.PUSH_FAULTS and not self._pending(pc):
                pc = next((other for other in self.pcs if self._pending(other)), pc)
            if fault[0] == "stale_page" and not self._has_stale(pc):
                pc = next((other for other in self.pcs if self._has_stale(other)), pc)
            note(f"{step} arms {fault[0]} on {pc.name}")
        if fault:
            pc.faults.append(fault)
        kind, at = pc.faults[0] if pc.faults else (None, 1)
        pc.relay.arm(kind if kind in sim.NETWORK_FAULTS else None, at)
        pages: list[str] = []

        def page_done(stage: str, _summary: object) -> None:
            pages.append(stage)
            self._marks_move_forward(pc)  # checked as each page commits

        held_before, on_hub_before = len(sim.held_events(pc.db)), len(self.hub.events())
        outcome: str | None = None
        with sim.local_fault(kind) as local_fired:
            try:
                summary = sync_once(
                    pc.db, client=pc.client, push_limit=step.push_limit,
                    pull_limit=step.pull_limit, progress=page_done,
                    should_stop=(lambda: len(pages) >= step.pages) if step.pages else None,
                )  # fmt: skip
            except SyncError as error:
                outcome = error.kind
        fired = pc.relay.fired or local_fired()
        if fired:
            pc.faults.pop(0)
            assert outcome in sim.FAULTS[kind], f"{kind} ended the sync as {outcome}"  # type: ignore[index]
        else:
            assert outcome is None, f"the sync failed with no fault played: {outcome}"
            if pc.faults:  # not this time: the next one in line has a go at the next sync
                pc.faults.append(pc.faults.pop(0))
        if outcome is None:
            assert len(sim.held_events(pc.db)) - held_before == summary.pulled
            assert summary.conflicts == 0
            if kind != "send_twice":
                assert len(self.hub.events()) - on_hub_before == summary.pushed
            # a sync that says it is done left nothing behind (unless it was told "nothing
            # more" by a replayed stale page, which only delays the rest to the next sync)
            if not summary.stopped and not (fired and kind == "stale_page"):
                head = max((row[1] for row in self.hub.events().values()), default=0)
                assert sim.enrolment(pc.db).pull_cursor == head, "the sync stopped short"
                assert self._pending(pc) == 0, "the sync left events unsent"
        self._nothing_lost_doubled_or_behind()

    @staticmethod
    def _has_stale(pc: Pc) -> bool:
        return sim.enrolment(pc.db).pull_cursor >= 2

    @staticmethod
    def _pending(pc: Pc) -> int:
        return DeviceSyncState(pc.db).pending_count()

    def _marks_move_forward(self, pc: Pc) -> Enrolment:
        state = sim.enrolment(pc.db)
        assert state.pull_cursor >= pc.max_cursor, f"{pc.name}'s pull cursor went back"
        assert state.acked_seq >= pc.max_acked, f"{pc.name}'s acknowledged seq went back"
        pc.max_cursor, pc.max_acked = state.pull_cursor, state.acked_seq
        return state

    def _nothing_lost_doubled_or_behind(self) -> None:
        on_hub, hub_acked = self.hub.events(), self.hub.acked()
        assert len({(d, s) for _, _, d, s in on_hub.values()}) == len(on_hub)
        for event_id, (digest, *_rest) in on_hub.items():
            assert self.authored.get(event_id) == digest, "the hub holds an altered event"
        assert self.hub.conflict_count() == 0
        for pc in self.pcs:
            held, me = sim.held_events(pc.db), pc.db.device_id
            for event_id, (digest, _device, _seq) in held.items():
                assert self.authored.get(event_id) == digest, f"{pc.name} holds an altered event"
            mine = {e: seq for e, (_h, d, seq) in held.items() if d == me}
            assert sorted(mine.values()) == list(range(1, len(mine) + 1)), "a gap in own events"
            state = self._marks_move_forward(pc)
            assert hub_acked[me] >= state.acked_seq, f"{pc.name} counts as sent what is not"
            for event_id, seq in mine.items():
                if seq <= hub_acked[me]:  # the hub said it has it: it must, unaltered
                    assert event_id in on_hub, f"{pc.name}'s acknowledged event {seq} is lost"
            for event_id, (digest, hub_seq, device_id, _) in on_hub.items():
                if hub_seq <= state.pull_cursor and device_id != me:
                    assert held.get(event_id, (None,))[0] == digest, (
                        f"{pc.name}'s cursor {state.pull_cursor} passed event {hub_seq} "
                        "without storing it"
                    )
            assert sim.device_conflict_count(pc.db) == 0

    # --- the end --------------------------------------------------------------------------

    def converge_and_compare(self) -> None:
        for pc in self.pcs:
            pc.relay.arm(None)
        # Round one sends everything (a page whose reply was lost goes again, as duplicates);
        # round two brings each device what the others sent. Then the devices are quiet: a
        # third round would find nothing to send (all acknowledged) and nothing to fetch
        # (every cursor at the hub's head), which is checked directly, as it is cheaper.
        for round_number in (1, 2):
            for pc in self.pcs:
                summary = sync_once(pc.db, client=pc.client)
                if round_number == 2:
                    assert (summary.pushed, summary.duplicates) == (0, 0), "round two pushed"
        on_hub_rows = self.hub.events()
        head = max((row[1] for row in on_hub_rows.values()), default=0)
        for pc in self.pcs:
            state = sim.enrolment(pc.db)
            own = sum(1 for row in on_hub_rows.values() if row[2] == pc.db.device_id)
            assert (state.pull_cursor, state.acked_seq) == (head, own), f"{pc.name} is not quiet"
        assert {event_id: row[0] for event_id, row in on_hub_rows.items()} == self.authored
        projections, outputs = set(), set()
        expected = sorted(self.created - self.deleted)
        for pc in self.pcs:
            held = {event_id: row[0] for event_id, row in sim.held_events(pc.db).items()}
            assert held == self.authored, f"{pc.name} does not hold every event"
            learners = LearnerStore(pc.db, EventLog(pc.db))
            shown = tuple(learners.list())
            assert sorted(x.learner_id for x in shown) == expected
            learners.rebuild_projection()
            assert tuple(learners.list()) == shown, f"{pc.name}'s projection is not its log's"
            projections.add(shown)
            outputs.add(sim.progress_json(pc.folder))
            status = DeviceSyncState(pc.db).status()
            assert (status.pending, status.conflicts, status.last_error) == (0, 0, None)
        assert len(projections) == 1
        assert len(outputs) == 1, "dzlearn progress --json differs between devices"
        assert f'"events": {len(self.authored)},' in outputs.pop()


SESSION = st.lists(
    st.tuples(st.sampled_from(sim.ACTIVITIES), st.integers(0, 4)), min_size=1, max_size=4
).map(tuple)

STEP = st.one_of(
    st.builds(NewLearner, DEVICE, st.sampled_from(NAMES)),
    st.builds(Practise, DEVICE, st.integers(0, 9), SESSION),
    st.builds(Remove, DEVICE, st.integers(0, 9)),
    st.builds(SetClock, DEVICE, st.sampled_from(sorted(sim.CLOCKS))),
    st.builds(Sync, DEVICE, PAGES, LIMIT, LIMIT, st.none()),
    st.builds(Sync, DEVICE, PAGES, LIMIT, LIMIT, st.integers(1, 3)),
    st.builds(Sync, DEVICE, PAGES, LIMIT, LIMIT, st.integers(1, 3)),
)
SCHEDULE = st.lists(STEP, min_size=12, max_size=30)


@dataclass
class Setting:
    """What one test run shares between its examples."""

    base: Path
    template: Path
    hub_url: Callable[[Path], str]  # an empty hub database for one example
    through_app: bool  # the real FastAPI app over TestClient, or sim.DirectHub (faster)


def _check(setting: Setting, examples: int, *, every_family: bool) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        devices=st.integers(3, 4),
        hub_clock=st.sampled_from(sorted(sim.CLOCKS)),
        first_fault=st.integers(0, len(FAULT_KINDS) - 1),
        schedule=SCHEDULE,
    )
    def any_schedule(
        devices: int, hub_clock: str, first_fault: int, schedule: list[object]
    ) -> None:
        folder = Path(tempfile.mkdtemp(dir=setting.base))
        try:
            with World(folder, setting.template, setting.hub_url(folder), setting.through_app,
                       devices=devices, hub_clock=sim.CLOCKS[hub_clock],
                       first_fault=first_fault) as world:  # fmt: skip
                for step in schedule:
                    world.play(step)
                world.converge_and_compare()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    sim.PLAYED.clear()
    any_schedule()
    # the run was not vacuous: faults happened (of every family, in the long run)
    families = [sim.PUSH_FAULTS, sim.PULL_FAULTS, set(sim.LOCAL_FAULTS)]
    assert sim.PLAYED, "no fault was played"
    assert not every_family or all(set(sim.PLAYED) & family for family in families), sim.PLAYED


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sim.make_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    with sim.memory_folder(tmp_path) as folder:
        yield folder


def test_any_schedule_of_faults_converges_on_sqlite(scratch: Path, template: Path) -> None:
    def empty_hub(folder: Path) -> str:
        return f"sqlite:///{folder / 'hub.db'}"

    _check(Setting(scratch, template, empty_hub, through_app=False), 60, every_family=True)


def test_any_schedule_of_faults_converges_on_postgresql_through_the_app(
    scratch: Path, template: Path, postgres_url: str
) -> None:
    def empty_hub(_folder: Path) -> str:
        sim.empty_postgres_hub(postgres_url)
        return postgres_url

    _check(Setting(scratch, template, empty_hub, through_app=True), 12, every_family=False)
