"""The tables as the code sees them.

Alembic migrations create and change the tables; these definitions are what queries are written
against and what autogenerate compares with, and a test keeps the two in step. HEAD_REVISION lets
``Database.open`` see that a database is current with one plain query, without importing Alembic
(which would cost start-up time); a test checks it against Alembic's own head.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Index,
    Integer,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
    text,
)

HEAD_REVISION = "0001"

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
