"""Alembic environment: the engine is handed in by tendarr.persistence.migrations."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from tendarr.persistence.schema import metadata

# Several processes may start at once (web and workers). On PostgreSQL an advisory lock
# serialises their migrations; on SQLite the transaction's BEGIN IMMEDIATE already does.
MIGRATION_LOCK_ID = 0x7E4DA22

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    context.run_migrations()
