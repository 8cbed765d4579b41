"""Every table Tendarr has, on one metadata (what Alembic compares against)."""

from tendarr.persistence import household_tables, media_tables, preview_tables, tables

metadata = tables.Base.metadata
__all__ = ["household_tables", "media_tables", "metadata", "preview_tables", "tables"]
