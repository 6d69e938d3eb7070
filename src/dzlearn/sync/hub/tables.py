"""The hub's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

The hub keeps the events devices send, exactly as sent, plus what it needs to say who may send
them. ``hub_seq`` is the pull cursor: an autoincrementing integer (a rowid alias on SQLite, an
identity-backed bigint on PostgreSQL) that only ever grows, so a device asks "what came after N".

``hub_meta`` holds the hub's private keys: the hub database must be protected like a key file
(file permissions on SQLite, database roles on PostgreSQL).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

HUB_SCHEMA_VERSION = 1

# SQLite only aliases the rowid (fast appends, no extra index) for INTEGER PRIMARY KEY.
Cursor = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

hub_meta = Table(
    "hub_meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

hub_devices = Table(
    "hub_devices",
    metadata,
    Column("device_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("token_hash", Text, nullable=False, unique=True),  # SHA-256 hex of the bearer token
    Column("sign_key", Text, nullable=False),  # Ed25519 verify key, hex
    Column("box_key", Text, nullable=False),  # Curve25519 public key, hex
    Column("enrolled_at", Text, nullable=False),
    Column("revoked_at", Text, nullable=True),
    Column("acked_seq", BigInteger, nullable=False),
)

hub_enrol_codes = Table(
    "hub_enrol_codes",
    metadata,
    Column("code_hash", Text, primary_key=True),  # SHA-256 hex of the normalised code
    Column("created_at", Text, nullable=False),
    Column("expires_at", Text, nullable=False),  # the hub's own clock, ISO-8601 UTC
    Column("used_by", Text, nullable=True),
    Column("used_at", Text, nullable=True),
)

hub_events = Table(
    "hub_events",
    metadata,
    Column("hub_seq", Cursor, primary_key=True, autoincrement=True),
    Column("event_id", Text, nullable=False, unique=True),
    Column("device_id", Text, nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("learner_id", Text, nullable=True),
    Column("type", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("occurred_at", Text, nullable=False),
    Column("recorded_at", Text, nullable=False),
    Column("content_hash", Text, nullable=False),
    Column("received_at", Text, nullable=False),
    Column("source", Text, nullable=False),  # "push" or "bundle"
    # The unique index doubles as the (device_id, device_seq) lookup index.
    UniqueConstraint("device_id", "device_seq"),
)

hub_conflicts = Table(
    "hub_conflicts",
    metadata,
    Column("conflict_id", Cursor, primary_key=True, autoincrement=True),
    Column("event_id", Text, nullable=False),
    Column("device_id", Text, nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("reason", Text, nullable=False),
    Column("content_hash", Text, nullable=False, unique=True),  # the rejected event's hash
    Column("event_json", Text, nullable=False),  # the rejected event, whole
    Column("received_at", Text, nullable=False),
    Column("source", Text, nullable=False),
    Index("ix_hub_conflicts_device_id_device_seq", "device_id", "device_seq"),
)
