"""Saved per-user retention forms (``retention_rules``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tendarr.persistence.lifecycle_tables import RetentionRuleRow
from tendarr.ports.retention_store import StoredRetention


class SqlRetentionRuleRepository:
    """The ``retention_rules`` table."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, name: str, document: dict[str, Any], enabled: bool, now: datetime) -> int:
        """Store a new form; return its id."""
        row = RetentionRuleRow(
            name=name, document=document, enabled=enabled, created_at=now, updated_at=now
        )
        self._s.add(row)
        self._s.flush()
        return row.id

    def get(self, rule_id: int) -> StoredRetention | None:
        """Return one form, or None."""
        row = self._s.get(RetentionRuleRow, rule_id, populate_existing=True)
        return _stored(row) if row else None

    def all(self) -> list[StoredRetention]:
        """Return every form, by id."""
        rows = self._s.scalars(select(RetentionRuleRow).order_by(RetentionRuleRow.id))
        return [_stored(row) for row in rows]

    def update(
        self, rule_id: int, name: str, document: dict[str, Any], enabled: bool, now: datetime
    ) -> bool:
        """Replace a form; return whether it existed."""
        row = self._s.get(RetentionRuleRow, rule_id)
        if row is None:
            return False
        row.name, row.document, row.enabled, row.updated_at = name, document, enabled, now
        self._s.flush()
        return True

    def delete(self, rule_id: int) -> bool:
        """Remove a form; return whether there was one."""
        result = self._s.execute(delete(RetentionRuleRow).where(RetentionRuleRow.id == rule_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]


def _stored(row: RetentionRuleRow) -> StoredRetention:
    return StoredRetention(
        id=row.id,
        name=row.name,
        document=dict(row.document),
        enabled=row.enabled,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
