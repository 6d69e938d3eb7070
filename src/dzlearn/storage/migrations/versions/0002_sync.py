"""Sync with a hub: the enrolment record and the conflicts a device has seen.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-15

Frozen history: plain ``sa`` objects only, never ``dzlearn.storage.schema``. Adds tables and
touches no existing row, so every event of a 0001 database comes through unchanged.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "sync_hub",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hub_url", sa.Text(), nullable=False),
        sa.Column("hub_id", sa.Text(), nullable=False),
        sa.Column("device_token", sa.Text(), nullable=False),
        sa.Column("hub_sign_key", sa.Text(), nullable=False),
        sa.Column("hub_box_key", sa.Text(), nullable=False),
        sa.Column("device_sign_seed", sa.Text(), nullable=False),
        sa.Column("device_box_secret", sa.Text(), nullable=False),
        sa.Column("ca_pem", sa.Text(), nullable=True),
        sa.Column("enrolled_at", sa.Text(), nullable=False),
        sa.Column("pull_cursor", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("acked_seq", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_attempt_at", sa.Text(), nullable=True),
        sa.Column("last_success_at", sa.Text(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_summary", sa.Text(), nullable=True),
        sa.CheckConstraint("id = 1", name=op.f("ck_sync_hub_single_row")),
        sa.PrimaryKeyConstraint("id", name="pk_sync_hub"),
    )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("device_id", sa.Text(), nullable=False),
        sa.Column("device_seq", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.Text(), nullable=False),
        sa.Column("event", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_conflicts"),
        sa.UniqueConstraint(
            "event_id",
            "device_id",
            "device_seq",
            "source",
            name="uq_sync_conflicts_event_id_device_id_device_seq_source",
        ),
    )


def downgrade() -> None:
    op.drop_table("sync_conflicts")
    op.drop_table("sync_hub")
