"""Every table Tendarr has, on one metadata (what Alembic compares against)."""

from tendarr.persistence import (
    arr_tables,
    cleanup_tables,
    household_tables,
    leaving_soon_tables,
    lifecycle_tables,
    media_tables,
    preview_tables,
    tables,
)

metadata = tables.Base.metadata
__all__ = [
    "arr_tables",
    "cleanup_tables",
    "household_tables",
    "leaving_soon_tables",
    "lifecycle_tables",
    "media_tables",
    "metadata",
    "preview_tables",
    "tables",
]
