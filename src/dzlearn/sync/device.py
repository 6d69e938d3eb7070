"""This device's side of sync, kept in its own progress file (no Qt, no HTTP here).

The ``sync_hub`` row says which hub the device is enrolled with (learners' data goes there and
nowhere else), holds the device's keys, and remembers where sync resumes: the pull cursor and
how far the hub has acknowledged this device's events. ``sync_conflicts`` keeps every event
that was refused as a conflict, so the app can show it rather than lose it. The UI reads
``status()``; the sync client (``sync.client``) writes through the helpers below, most of them
inside a transaction it already holds so a page and its bookkeeping commit together.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from nacl.public import PrivateKey
from nacl.signing import SigningKey
from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from dzlearn.storage import Database, Event, MergeResult
from dzlearn.storage.events import utc_now_iso
from dzlearn.storage.merge import merge_into
from dzlearn.storage.schema import events, sync_conflicts, sync_hub

from .protocol import event_to_wire

_ROW = 1  # sync_hub holds a single row
# A device enrolled from a hub's file (no network) keeps its one-time code where the token goes
# until the hub's first return bundle brings the token (``set_token``).
OFFLINE_PREFIX = "offline-enrol:"


@dataclass(frozen=True)
class Enrolment:
    """The hub this device trusts with its learners' data, and the keys it was given."""

    hub_url: str
    hub_id: str
    device_token: str = field(repr=False)  # secrets stay out of logs and tracebacks
    hub_sign_key: str
    hub_box_key: str
    device_sign_seed: str = field(repr=False)
    device_box_secret: str = field(repr=False)
    ca_pem: str | None
    enrolled_at: str
    pull_cursor: int
    acked_seq: int

    @property
    def signing_key(self) -> SigningKey:
        """Signs this device's USB bundles; the hub holds the matching verify key."""
        return SigningKey(bytes.fromhex(self.device_sign_seed))

    @property
    def box_secret(self) -> PrivateKey:
        """Opens return bundles the hub sealed to this device."""
        return PrivateKey(bytes.fromhex(self.device_box_secret))

    @property
    def offline_request(self) -> dict[str, str] | None:
        """``{"code", "name"}`` while enrolled from a file and not yet confirmed by the hub."""
        if not self.device_token.startswith(OFFLINE_PREFIX):
            return None
        try:
            request = json.loads(self.device_token.removeprefix(OFFLINE_PREFIX))
        except ValueError:
            return None
        return request if isinstance(request, dict) else None

    @property
    def usb_only(self) -> bool:
        """Enrolled from a file with no hub address, or not yet confirmed by the hub: this
        device can sync only by USB bundles (``client.usb_only`` says why in words)."""
        return self.offline_request is not None or not self.hub_url


@dataclass(frozen=True)
class DeviceKeys:
    """Made once per enrolment; only the public halves leave the device."""

    sign_seed: str = field(repr=False)
    box_secret: str = field(repr=False)
    sign_key: str  # Ed25519 verify key, hex
    box_key: str  # Curve25519 public key, hex

    @classmethod
    def generate(cls) -> DeviceKeys:
        signing = SigningKey.generate()
        box = PrivateKey.generate()
        return cls(
            sign_seed=bytes(signing).hex(),
            box_secret=bytes(box).hex(),
            sign_key=bytes(signing.verify_key).hex(),
            box_key=bytes(box.public_key).hex(),
        )


@dataclass(frozen=True)
class SyncStatus:
    """What the status indicator shows; every field is ready to display or None."""

    enrolled: bool
    hub_url: str | None
    last_success_at: str | None
    last_attempt_at: str | None
    pending: int  # this device's events the hub has not acknowledged
    conflicts: int
    last_error: str | None  # words for a facilitator; None after a successful sync
    last_summary: dict[str, Any] | None


@dataclass(frozen=True)
class StoredConflict:
    conflict_id: int
    event_id: str
    device_id: str
    device_seq: int
    reason: str
    source: str
    detected_at: str
    event: dict[str, Any]


def normalise_hub_url(url: str) -> str:
    """The hub address in one canonical spelling, or ValueError saying what is wrong with it.

    Scheme and host are lower-cased and trailing slashes dropped, so ``HTTP://Hub:8000/`` and
    ``http://hub:8000`` are the same hub. Passwords in the address, queries and fragments are
    refused: the address is stored and shown, and the token is the only credential.
    """
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise ValueError(f"{text!r} is not a hub address ({error})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(
            f"{text!r} is not a hub address: it must start with http:// or https://, "
            "such as http://192.168.1.10:8765"
        )
    if not parts.hostname:
        raise ValueError(f"{text!r} has no host name or address")
    if parts.username or parts.password:
        raise ValueError(f"{text!r} contains a user name or password; give the address only")
    if parts.query or parts.fragment:
        raise ValueError(f"{text!r} contains a ? or # part; give the hub's address only")
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port is None else f"{host}:{port}"
    return f"{scheme}://{netloc}{parts.path.rstrip('/')}"


def check_ca_pem(pem: str) -> None:
    """ValueError unless ``pem`` holds at least one certificate Python's TLS can load."""
    try:
        ssl.create_default_context(cadata=pem)
    except (ssl.SSLError, ValueError, TypeError) as error:
        raise ValueError(f"not a PEM certificate ({error})") from None


class DeviceSyncState:
    """Reads and writes the device's sync bookkeeping in its progress file."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def device_id(self) -> str:
        return self._db.device_id

    def enrolment(self) -> Enrolment | None:
        with self._db.reading() as connection:
            return read_enrolment(connection)

    def save_enrolment(
        self,
        *,
        hub_url: str,
        hub_id: str,
        device_token: str,
        hub_sign_key: str,
        hub_box_key: str,
        keys: DeviceKeys,
        ca_pem: str | None,
    ) -> Enrolment:
        """Replace any earlier enrolment. With the same hub (by id) sync resumes where it was;
        with another hub it starts afresh, since that hub's cursors mean nothing here."""
        with self._db.writing() as connection:
            before = read_enrolment(connection)
            same_hub = before is not None and before.hub_id == hub_id
            connection.execute(delete(sync_hub))
            connection.execute(
                insert(sync_hub).values(
                    id=_ROW,
                    hub_url=hub_url,
                    hub_id=hub_id,
                    device_token=device_token,
                    hub_sign_key=hub_sign_key,
                    hub_box_key=hub_box_key,
                    device_sign_seed=keys.sign_seed,
                    device_box_secret=keys.box_secret,
                    ca_pem=ca_pem,
                    enrolled_at=utc_now_iso(),
                    pull_cursor=before.pull_cursor if same_hub and before else 0,
                    acked_seq=before.acked_seq if same_hub and before else 0,
                )
            )
            saved = read_enrolment(connection)
        assert saved is not None
        return saved

    def pending_count(self) -> int:
        """This device's own events the hub has not acknowledged yet."""
        with self._db.reading() as connection:
            return pending_count(connection, self._db.device_id)

    def conflicts(self, limit: int = 100) -> list[StoredConflict]:
        """The newest conflicts first, for a facilitator to look at."""
        query = select(sync_conflicts).order_by(sync_conflicts.c.id.desc()).limit(limit)
        with self._db.reading() as connection:
            rows = connection.execute(query).all()
        return [
            StoredConflict(
                r.id, r.event_id, r.device_id, r.device_seq, r.reason, r.source,
                r.detected_at, json.loads(r.event),
            )
            for r in rows
        ]  # fmt: skip

    def record_outcome(
        self, *, attempted_at: str, error: str | None, summary: dict[str, Any] | None
    ) -> None:
        """One write per sync: when it ran, and either its summary or what went wrong."""
        values: dict[str, Any] = {"last_attempt_at": attempted_at, "last_error": error}
        if error is None:
            values["last_success_at"] = utc_now_iso()
            values["last_summary"] = json.dumps(summary, sort_keys=True) if summary else None
        with self._db.writing() as connection:
            connection.execute(update(sync_hub).where(sync_hub.c.id == _ROW).values(**values))

    def status(self) -> SyncStatus:
        with self._db.reading() as connection:
            row = connection.execute(select(sync_hub).where(sync_hub.c.id == _ROW)).first()
            pending = pending_count(connection, self._db.device_id)
            conflicts = connection.execute(
                select(func.count()).select_from(sync_conflicts)
            ).scalar_one()
        if row is None:
            return SyncStatus(False, None, None, None, pending, int(conflicts), None, None)
        try:
            summary = json.loads(row.last_summary) if row.last_summary else None
        except ValueError:
            summary = None
        return SyncStatus(
            enrolled=True,
            hub_url=row.hub_url,
            last_success_at=row.last_success_at,
            last_attempt_at=row.last_attempt_at,
            pending=pending,
            conflicts=int(conflicts),
            last_error=row.last_error,
            last_summary=summary if isinstance(summary, dict) else None,
        )


# --- inside a caller's transaction ----------------------------------------------------------


def read_enrolment(connection: Connection) -> Enrolment | None:
    row = connection.execute(select(sync_hub).where(sync_hub.c.id == _ROW)).first()
    if row is None:
        return None
    return Enrolment(
        hub_url=row.hub_url,
        hub_id=row.hub_id,
        device_token=row.device_token,
        hub_sign_key=row.hub_sign_key,
        hub_box_key=row.hub_box_key,
        device_sign_seed=row.device_sign_seed,
        device_box_secret=row.device_box_secret,
        ca_pem=row.ca_pem,
        enrolled_at=row.enrolled_at,
        pull_cursor=int(row.pull_cursor),
        acked_seq=int(row.acked_seq),
    )


def pending_count(connection: Connection, device_id: str) -> int:
    acked = connection.execute(select(sync_hub.c.acked_seq).where(sync_hub.c.id == _ROW)).scalar()
    query = select(func.count()).where(
        events.c.device_id == device_id, events.c.device_seq > int(acked or 0)
    )
    return int(connection.execute(query).scalar_one())


def set_acked(connection: Connection, acked_seq: int) -> None:
    connection.execute(update(sync_hub).where(sync_hub.c.id == _ROW).values(acked_seq=acked_seq))


def set_token(connection: Connection, token: str) -> None:
    """The token a hub sent back to a device enrolled from a file (in a return bundle)."""
    connection.execute(update(sync_hub).where(sync_hub.c.id == _ROW).values(device_token=token))


def set_cursor(connection: Connection, cursor: int) -> None:
    connection.execute(update(sync_hub).where(sync_hub.c.id == _ROW).values(pull_cursor=cursor))


def apply_pulled(
    connection: Connection, incoming: Iterable[Event], cursor: int, source: str
) -> MergeResult:
    """Merge other devices' events and move the pull cursor in the caller's one transaction.

    Shared by the network pull (a page) and a USB return bundle, so both keep refused events
    the same way and neither can store events without the cursor that says they arrived (or
    the other way round). Count the result only once the caller has committed.
    """
    result = MergeResult()
    merge_into(connection, incoming, result)
    record_conflicts(connection, [(c.event, c.reason) for c in result.conflicts], source)
    set_cursor(connection, cursor)
    return result


def record_conflicts(
    connection: Connection, refused: Iterable[tuple[Event, str]], source: str
) -> int:
    """Keep each refused event whole with the reason; the same one seen again is kept once."""
    now = utc_now_iso()
    rows = [
        {
            "event_id": event.event_id,
            "device_id": event.device_id,
            "device_seq": event.device_seq,
            "reason": reason,
            "source": source,
            "detected_at": now,
            "event": json.dumps(event_to_wire(event), ensure_ascii=False, sort_keys=True),
        }
        for event, reason in refused
    ]
    if not rows:
        return 0
    connection.execute(sqlite_insert(sync_conflicts).on_conflict_do_nothing(), rows)
    return len(rows)
