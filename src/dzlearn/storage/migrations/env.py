"""Alembic environment for dzlearn's progress database.

The app never runs the ``alembic`` command line against a user's file: ``dzlearn.storage.migrate``
builds the Config in code and hands over a connection that is already inside its BEGIN IMMEDIATE
transaction, so the whole upgrade commits or rolls back as one.
"""

from __future__ import annotations

from alembic import context

from dzlearn.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "dzlearn migrations need a connection: run them through "
        "dzlearn.storage.migrate.upgrade_to_head, not the alembic command line"
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
