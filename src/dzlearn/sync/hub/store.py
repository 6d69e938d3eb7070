"""The hub's storage: enrolled devices, their events, the pull cursor, conflicts and the hub's keys.

One HubStore per process, shared by every request thread. On SQLite one writer at a time is a
given (an in-process lock keeps request threads from busy-waiting on each other); on PostgreSQL,
where several hub processes may serve one database, each ingest transaction first takes a
transaction-level advisory lock, so ``hub_seq`` values become visible in the order they were
assigned and a device paging by ``hub_seq`` can never step over a row that commits late.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from datetime import UTC, datetime, timedelta
from typing import Any

from nacl.public import PrivateKey, PublicKey
from nacl.signing import SigningKey, VerifyKey
from sqlalchemy import Connection, Engine, func, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from dzlearn.storage.events import Event

from ..protocol import (
    MAX_PULL_EVENTS,
    EnrolRequest,
    EnrolResponse,
    HubState,
    PageEnd,
    PushResult,
)
from .engine import database_errors, first_line, make_engine, parse_url, reading, safe_url
from .ingest import store_batch
from .records import (
    CODE_ALPHABET,
    CODE_LENGTH,
    ConflictRecord,
    DeviceRecord,
    HubError,
    new_code,
    new_token,
    normalise_code,
    sha256_hex,
)
from .tables import (
    HUB_SCHEMA_VERSION,
    hub_conflicts,
    hub_devices,
    hub_enrol_codes,
    hub_events,
    hub_meta,
    metadata,
)

# Arbitrary constants naming the hub's PostgreSQL advisory locks (one key space per database).
INGEST_LOCK_KEY = 0x647A_6C65_6172_6E01  # "dzlearn" + 1
SETUP_LOCK_KEY = 0x647A_6C65_6172_6E02

Clock = Callable[[], datetime]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _device(row: Any) -> DeviceRecord:
    return DeviceRecord(
        device_id=row.device_id,
        name=row.name,
        sign_key=row.sign_key,
        box_key=row.box_key,
        enrolled_at=row.enrolled_at,
        revoked_at=row.revoked_at,
        acked_seq=int(row.acked_seq),
    )


class HubStore:
    """The hub's database. Methods raise HubError (status + message) for anything refused."""

    def __init__(
        self, engine: Engine, url: str, hub_id: str, meta: dict[str, str], clock: Clock
    ) -> None:
        self.engine = engine
        self.url = url
        self.hub_id = hub_id
        self._box = PrivateKey(bytes.fromhex(meta["box_private_key"]))
        self._sign = SigningKey(bytes.fromhex(meta["sign_seed"]))
        self._clock = clock
        self._postgres = engine.dialect.name == "postgresql"
        self._write_lock: Any = nullcontext() if self._postgres else threading.Lock()
        self._dialect: Any = postgresql if self._postgres else sqlite

    @classmethod
    def open(cls, url: str, *, clock: Clock | None = None) -> HubStore:
        """Open (creating on first use) the hub database at ``url``, with its id and keys."""
        parsed = parse_url(url)
        engine = make_engine(parsed)
        try:
            with engine.begin() as connection:
                if engine.dialect.name == "postgresql":
                    connection.execute(select(func.pg_advisory_xact_lock(SETUP_LOCK_KEY)))
                metadata.create_all(connection)
                meta = _bring_up_meta(connection)
        except HubError:
            engine.dispose()
            raise
        except Exception as error:
            engine.dispose()
            raise HubError(
                503, f"cannot open the hub database {safe_url(parsed)}: {first_line(error)}"
            ) from None
        clock = clock or (lambda: datetime.now(UTC))
        return cls(engine, safe_url(parsed), meta["hub_id"], meta, clock)

    # --- transactions ---------------------------------------------------------------------

    @contextmanager
    def _writing(self, what: str) -> Iterator[Connection]:
        with database_errors(what), self._write_lock, self.engine.begin() as connection:
            yield connection

    @contextmanager
    def _reading(self, what: str) -> Iterator[Connection]:
        with database_errors(what), reading(self.engine) as connection:
            yield connection

    def _now(self) -> str:
        return _iso(self._clock())

    # --- enrolment and trust ---------------------------------------------------------------

    def new_enrol_code(self, valid_hours: float = 24) -> str:
        """A one-time code a facilitator reads out to a device; only its hash is kept."""
        if not 0 < valid_hours <= 24 * 365:
            raise HubError(400, f"a code must be valid for 0–8760 hours, not {valid_hours}")
        code = new_code()
        now = self._clock()
        with self._writing("making an enrolment code") as connection:
            connection.execute(
                insert(hub_enrol_codes).values(
                    code_hash=sha256_hex(normalise_code(code)),
                    created_at=_iso(now),
                    expires_at=_iso(now + timedelta(hours=valid_hours)),
                )
            )
        return code

    def enrol(self, request: EnrolRequest) -> EnrolResponse:
        """Trade a one-time code for a device token; re-enrolling replaces the old token."""
        code = normalise_code(request.code)
        if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
            raise HubError(403, _WRONG_CODE)
        token = new_token()
        now = self._clock()
        with self._writing("enrolling a device") as connection:
            row = connection.execute(
                select(hub_enrol_codes).where(hub_enrol_codes.c.code_hash == sha256_hex(code))
            ).first()
            if row is None:
                raise HubError(403, _WRONG_CODE)
            if row.used_by is not None:
                raise HubError(
                    403,
                    f"this enrolment code was already used (at {row.used_at[:16]} UTC):"
                    " ask for a new one (dzlearn hub enrol-code)",
                )
            if datetime.fromisoformat(row.expires_at) <= now:
                raise HubError(
                    403,
                    f"this enrolment code expired at {row.expires_at[:16]} UTC:"
                    " ask for a new one (dzlearn hub enrol-code)",
                )
            connection.execute(
                update(hub_enrol_codes)
                .where(hub_enrol_codes.c.code_hash == row.code_hash)
                .values(used_by=request.device_id, used_at=_iso(now))
            )
            values = {
                "name": request.name,
                "token_hash": sha256_hex(token),
                "sign_key": request.sign_key,
                "box_key": request.box_key,
                "enrolled_at": _iso(now),
                "revoked_at": None,
            }
            # A new token replaces the old one (which stops working); acked_seq is kept, as the
            # hub still holds everything the device sent before.
            upsert = self._dialect.insert(hub_devices).values(
                device_id=request.device_id, acked_seq=0, **values
            )
            connection.execute(
                upsert.on_conflict_do_update(index_elements=[hub_devices.c.device_id], set_=values)
            )
        return EnrolResponse(
            hub_id=self.hub_id,
            device_id=request.device_id,
            token=token,
            hub_sign_key=self._sign.verify_key.encode().hex(),
            hub_box_key=self._box.public_key.encode().hex(),
        )

    def device_for_token(self, token: str) -> DeviceRecord:
        with self._reading("checking a device token") as connection:
            row = connection.execute(
                select(hub_devices).where(hub_devices.c.token_hash == sha256_hex(token))
            ).first()
        if row is None:
            raise HubError(
                401, "this device is not enrolled with this hub: enrol it with a new code"
            )
        if row.revoked_at is not None:
            raise HubError(
                401,
                f"device {row.device_id} was revoked on this hub at {row.revoked_at[:16]} UTC:"
                " enrol it again with a new code",
            )
        return _device(row)

    def revoke(self, device_id: str) -> None:
        with self._writing("revoking a device") as connection:
            changed = connection.execute(
                update(hub_devices)
                .where(hub_devices.c.device_id == device_id)
                .values(revoked_at=self._now())
            ).rowcount
        if not changed:
            raise HubError(404, f"no device {device_id!r} is enrolled with this hub")

    def devices(self) -> list[DeviceRecord]:
        with self._reading("listing devices") as connection:
            rows = connection.execute(select(hub_devices).order_by(hub_devices.c.enrolled_at))
            return [_device(row) for row in rows]

    def hub_keys(self) -> tuple[PrivateKey, SigningKey]:
        """The hub's Curve25519 private key (opens device bundles) and Ed25519 signing key."""
        return self._box, self._sign

    def device_keys(self, device_id: str) -> tuple[VerifyKey, PublicKey]:
        """A device's Ed25519 verify key (checks its bundles) and Curve25519 public key."""
        with self._reading("reading a device's keys") as connection:
            row = connection.execute(
                select(hub_devices).where(hub_devices.c.device_id == device_id)
            ).first()
        if row is None:
            raise HubError(404, f"no device {device_id!r} is enrolled with this hub")
        return VerifyKey(bytes.fromhex(row.sign_key)), PublicKey(bytes.fromhex(row.box_key))

    # --- events ----------------------------------------------------------------------------

    def state(self, device_id: str) -> HubState:
        with self._reading("reading sync state") as connection:
            acked = connection.execute(
                select(hub_devices.c.acked_seq).where(hub_devices.c.device_id == device_id)
            ).scalar()
            head = connection.execute(select(func.max(hub_events.c.hub_seq))).scalar()
        if acked is None:
            raise HubError(404, f"no device {device_id!r} is enrolled with this hub")
        return HubState(
            hub_id=self.hub_id, device_id=device_id, acked_seq=int(acked), head=int(head or 0)
        )

    def ingest(
        self, device_id: str, events: Sequence[Event], *, source: str = "push"
    ) -> PushResult:
        """Store one batch of ``device_id``'s own events in one transaction.

        Re-sent events are counted as duplicates; an event whose id or device slot already holds
        other content is kept in ``hub_conflicts`` and reported, never dropped.
        """
        for number, event in enumerate(events, 1):
            if event.device_id != device_id:
                raise HubError(
                    403,
                    f"event {number} ({event.event_id}) was recorded by device {event.device_id},"
                    f" not by {device_id}: a device may only send its own events",
                )
        with self._writing("storing events") as connection:
            if self._postgres:
                connection.execute(select(func.pg_advisory_xact_lock(INGEST_LOCK_KEY)))
            device = connection.execute(
                select(hub_devices.c.acked_seq, hub_devices.c.revoked_at).where(
                    hub_devices.c.device_id == device_id
                )
            ).first()
            if device is None:
                raise HubError(403, f"device {device_id} is not enrolled with this hub")
            if device.revoked_at is not None:
                raise HubError(403, f"device {device_id} was revoked on this hub")
            outcome = store_batch(
                connection, device_id, int(device.acked_seq), events, self._now(), source
            )
        return PushResult(
            stored=outcome.stored,
            duplicates=outcome.duplicates,
            conflicts=outcome.conflicts,
            acked_seq=outcome.acked_seq,
        )

    def pull(
        self, device_id: str, after: int, limit: int = MAX_PULL_EVENTS
    ) -> tuple[list[tuple[int, Event]], PageEnd]:
        """Up to ``limit`` events after cursor ``after``, leaving out the asker's own.

        At most ``limit`` rows are scanned (an index range on ``hub_seq``), so a page costs the
        same however many of the asker's own events it steps over.
        """
        limit = max(1, min(int(limit), MAX_PULL_EVENTS))
        after = max(0, int(after))
        seq = hub_events.c.hub_seq
        with self._reading("reading events") as connection:
            window = select(seq).where(seq > after).order_by(seq).limit(limit).subquery()
            bound = connection.execute(select(func.max(window.c.hub_seq))).scalar()
            if bound is None:
                return [], PageEnd(cursor=after, more=False)
            rows = connection.execute(
                select(hub_events)
                .where(seq > after, seq <= bound, hub_events.c.device_id != device_id)
                .order_by(seq)
            ).all()
            more = connection.execute(select(seq).where(seq > bound).order_by(seq).limit(1)).first()
        page = [
            (
                int(row.hub_seq),
                Event(
                    event_id=row.event_id,
                    device_id=row.device_id,
                    device_seq=int(row.device_seq),
                    learner_id=row.learner_id,
                    type=row.type,
                    payload=json.loads(row.payload),
                    schema_version=row.schema_version,
                    occurred_at=row.occurred_at,
                    recorded_at=row.recorded_at,
                ),
            )
            for row in rows
        ]
        return page, PageEnd(cursor=int(bound), more=more is not None)

    def conflicts(self, limit: int = 100) -> list[ConflictRecord]:
        """The newest conflicts first, for a facilitator to look at."""
        with self._reading("listing conflicts") as connection:
            rows = connection.execute(
                select(hub_conflicts).order_by(hub_conflicts.c.conflict_id.desc()).limit(limit)
            ).all()
        return [
            ConflictRecord(
                conflict_id=int(row.conflict_id),
                event_id=row.event_id,
                device_id=row.device_id,
                device_seq=int(row.device_seq),
                reason=row.reason,
                received_at=row.received_at,
                source=row.source,
                event=json.loads(row.event_json),
            )
            for row in rows
        ]

    def ping(self) -> None:
        """Raise HubError(503) unless the database answers (for /health behind a load balancer)."""
        with self._reading("answering a health check") as connection:
            connection.execute(text("SELECT 1"))

    def close(self) -> None:
        """Let go of the database; on SQLite fold the WAL back into the file first."""
        try:
            if not self._postgres:
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception:  # noqa: BLE001 - committed data is safe in the WAL either way
            pass
        finally:
            self.engine.dispose()


_WRONG_CODE = (
    "this enrolment code is not known to this hub: check it was typed right"
    " (codes look like ABCDE-FGH23)"
)


def _bring_up_meta(connection: Connection) -> dict[str, str]:
    meta = {row.key: row.value for row in connection.execute(select(hub_meta))}
    if not meta:
        meta = {
            "schema_version": str(HUB_SCHEMA_VERSION),
            "hub_id": uuid.uuid4().hex,
            "box_private_key": PrivateKey.generate().encode().hex(),
            "sign_seed": SigningKey.generate().encode().hex(),
            "created_at": _iso(datetime.now(UTC)),
        }
        connection.execute(insert(hub_meta), [{"key": k, "value": v} for k, v in meta.items()])
    version = int(meta.get("schema_version", "0"))
    if version > HUB_SCHEMA_VERSION:
        raise HubError(
            503,
            f"this hub database was made by a newer dzlearn (hub schema {version}):"
            " upgrade dzlearn to serve it",
        )
    return meta
