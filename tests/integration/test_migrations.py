"""Migrations build exactly the schema the code expects, and start-up is idempotent."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tendarr.persistence.database import create_db_engine
from tendarr.persistence.migrations import current_revision, head_revision, upgrade_to_head
from tendarr.persistence.schema import metadata


def test_migrations_match_the_models(database_url: str) -> None:
    engine = create_db_engine(database_url)
    before, after = upgrade_to_head(engine)
    assert before is None
    assert after == head_revision()
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert diff == []
    engine.dispose()


def test_upgrading_twice_is_a_no_op(database_url: str) -> None:
    engine = create_db_engine(database_url)
    upgrade_to_head(engine)
    assert upgrade_to_head(engine) == (head_revision(), head_revision())
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_sqlite_runs_in_wal_mode(tmp_path: object) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path}/wal.db")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
