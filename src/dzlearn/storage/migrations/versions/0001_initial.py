"""Initial schema: device, append-only events, learners projection.

Revision ID: 0001
Revises:
Create Date: 2024-11-27

Migrations are frozen history: define tables here with plain ``sa`` objects, never import
``dzlearn.storage.schema`` (it describes the newest schema, not this one).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "device",
        sa.Column("device_id", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("device_id", name="pk_device"),
    )
    op.create_table(
        "events",
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("device_id", sa.Text(), nullable=False),
        sa.Column("device_seq", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Text(), nullable=True),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("schema_version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("occurred_at", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_events"),
        sa.UniqueConstraint("device_id", "device_seq", name="uq_events_device_id_device_seq"),
    )
    op.create_index(
        "ix_events_learner_id_device_seq", "events", ["learner_id", "device_seq"], unique=False
    )
    op.execute(
        "CREATE TRIGGER events_no_update BEFORE UPDATE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER events_no_delete BEFORE DELETE ON events "
        "BEGIN SELECT RAISE(ABORT, 'events are append-only'); END"
    )
    op.create_table(
        "learners",
        sa.Column("learner_id", sa.Text(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("picture", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("learner_id", name="pk_learners"),
    )


def downgrade() -> None:
    op.drop_table("learners")
    op.execute("DROP TRIGGER events_no_delete")
    op.execute("DROP TRIGGER events_no_update")
    op.drop_index("ix_events_learner_id_device_seq", table_name="events")
    op.drop_table("events")
    op.drop_table("device")
