"""SQL implementation of the saved cleanup rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tendarr.persistence.cleanup_tables import CleanupRuleRow
from tendarr.ports.cleanup_store import StoredRule


def _record(row: CleanupRuleRow) -> StoredRule:
    return StoredRule(
        id=row.id,
        name=row.name,
        target=row.target,
        document=dict(row.document),
        mode=row.mode,
        enabled=row.enabled,
        created_at=row.created_at,
        updated_at=row.updated_at,
        created_by=row.created_by,
    )


def _fill(row: CleanupRuleRow, document: dict[str, Any]) -> None:
    row.document = document
    row.name = str(document["name"])
    row.target = str(document["target"])
    row.mode = str(document["mode"])


class SqlCleanupRuleRepository:
    """Cleanup rules over one session."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(
        self, document: dict[str, Any], enabled: bool, created_by: str | None, now: datetime
    ) -> StoredRule:
        """Insert a rule and return it with its id."""
        row = CleanupRuleRow(enabled=enabled, created_at=now, updated_at=now, created_by=created_by)
        _fill(row, document)
        self._s.add(row)
        self._s.flush()
        return _record(row)

    def get(self, rule_id: int) -> StoredRule | None:
        """Return one rule, or None."""
        row = self._s.get(CleanupRuleRow, rule_id)
        return None if row is None else _record(row)

    def all(self) -> list[StoredRule]:
        """Return every rule, oldest first."""
        rows = self._s.scalars(select(CleanupRuleRow).order_by(CleanupRuleRow.id))
        return [_record(row) for row in rows]

    def update(
        self, rule_id: int, document: dict[str, Any], enabled: bool, now: datetime
    ) -> StoredRule | None:
        """Replace a rule's document and switch; None when it does not exist."""
        row = self._s.get(CleanupRuleRow, rule_id)
        if row is None:
            return None
        _fill(row, document)
        row.enabled = enabled
        row.updated_at = now
        self._s.flush()
        return _record(row)

    def delete(self, rule_id: int) -> bool:
        """Delete a rule; return whether it existed."""
        row = self._s.get(CleanupRuleRow, rule_id)
        if row is None:
            return False
        self._s.delete(row)
        self._s.flush()
        return True
