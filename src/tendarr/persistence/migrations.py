"""Run Alembic migrations programmatically (on start and via ``tendarr migrate``)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

_SCRIPTS = Path(__file__).with_name("alembic")


def _config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    config.attributes["engine"] = engine
    return config


def upgrade_to_head(engine: Engine) -> tuple[str | None, str | None]:
    """Apply every pending migration; return the revisions before and after."""
    before = current_revision(engine)
    command.upgrade(_config(engine), "head")
    return before, current_revision(engine)


def current_revision(engine: Engine) -> str | None:
    """Return the database's current Alembic revision (None when empty)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """Return the newest revision shipped with this version of Tendarr."""
    return ScriptDirectory(str(_SCRIPTS)).get_current_head()
