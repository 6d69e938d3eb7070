"""The tables as the code sees them.

Alembic migrations create and change the tables; these definitions are what queries are written
against and what autogenerate compares with, and a test keeps the two in step. HEAD_REVISION lets
``Database.open`` see that a database is current with one plain query, without importing Alembic
(which would cost start-up time); a test checks it against Alembic's own head.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    text,
)

HEAD_REVISION = "0002"

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

device = Table(
    "device",
    metadata,
    Column("device_id", Text, primary_key=True),
    Column("created_at", Text),
)

events = Table(
    "events",
    metadata,
    Column("event_id", Text, primary_key=True),
    Column("device_id", Text, nullable=False),
    Column("device_seq", Integer, nullable=False),
    Column("learner_id", Text, nullable=True),
    Column("type", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("schema_version", Integer, nullable=False, server_default=text("1")),
    Column("occurred_at", Text, nullable=False),
    Column("recorded_at", Text, nullable=False),
    UniqueConstraint("device_id", "device_seq"),
    Index("ix_events_learner_id_device_seq", "learner_id", "device_seq"),
)

learners = Table(
    "learners",
    metadata,
    Column("learner_id", Text, primary_key=True),
    Column("display_name", Text, nullable=False),
    Column("picture", Text, nullable=False),
    Column("created_at", Text, nullable=False),
)

# One row (id = 1): the hub this device is enrolled with, its keys, and where sync resumes.
sync_hub = Table(
    "sync_hub",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("hub_url", Text, nullable=False),
    Column("hub_id", Text, nullable=False),
    Column("device_token", Text, nullable=False),
    Column("hub_sign_key", Text, nullable=False),
    Column("hub_box_key", Text, nullable=False),
    Column("device_sign_seed", Text, nullable=False),  # hex Ed25519 seed
    Column("device_box_secret", Text, nullable=False),  # hex Curve25519 private key
    Column("ca_pem", Text, nullable=True),  # a centre's own CA for an https hub (--ca FILE)
    Column("enrolled_at", Text, nullable=False),
    Column("pull_cursor", Integer, nullable=False, server_default=text("0")),
    Column("acked_seq", Integer, nullable=False, server_default=text("0")),
    Column("last_attempt_at", Text, nullable=True),
    Column("last_success_at", Text, nullable=True),
    Column("last_error", Text, nullable=True),
    Column("last_summary", Text, nullable=True),  # JSON
    CheckConstraint("id = 1", name="single_row"),
)

# Events refused as conflicts (by the hub on push, or here on pull), kept so they can be shown.
sync_conflicts = Table(
    "sync_conflicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Text, nullable=False),
    Column("device_id", Text, nullable=False),
    Column("device_seq", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("source", Text, nullable=False),  # "push", "pull" or "bundle"
    Column("detected_at", Text, nullable=False),
    Column("event", Text, nullable=False),  # the refused event as wire JSON
    UniqueConstraint("event_id", "device_id", "device_seq", "source"),
)
