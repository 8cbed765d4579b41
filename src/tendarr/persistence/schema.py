"""Every table Tendarr has, on one metadata (what Alembic compares against)."""

from tendarr.persistence import media_tables, tables

metadata = tables.Base.metadata
__all__ = ["media_tables", "metadata", "tables"]
