"""SQL implementation of the Leaving Soon entries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tendarr.domain.errors import NotFound
from tendarr.persistence.cleanup_tables import CleanupRuleRow
from tendarr.persistence.leaving_soon_tables import LeavingSoonRow
from tendarr.persistence.media_tables import MediaItemRow
from tendarr.ports.leaving_soon_store import EntryState, LeavingEntry, NewEntry


def _entry(row: LeavingSoonRow, title: str = "", rule_name: str = "") -> LeavingEntry:
    return LeavingEntry(
        id=row.id,
        media_item_id=row.media_item_id,
        rule_id=row.rule_id,
        state=EntryState(row.state),
        first_matched_at=row.first_matched_at,
        visible_since=row.visible_since,
        grace_days=row.grace_days,
        delete_after=row.delete_after,
        extended_by=row.extended_by,
        reasons=tuple(str(r) for r in row.reasons),
        last_evaluated_at=row.last_evaluated_at,
        size_bytes=row.size_bytes,
        title=title,
        rule_name=rule_name,
    )


def _joined() -> Select[LeavingSoonRow, str, str]:
    return (
        select(LeavingSoonRow, MediaItemRow.title, CleanupRuleRow.name)
        .join(MediaItemRow, MediaItemRow.id == LeavingSoonRow.media_item_id)
        .join(CleanupRuleRow, CleanupRuleRow.id == LeavingSoonRow.rule_id)
    )


class SqlLeavingSoonRepository:
    """Leaving Soon entries over one session."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def listing(self, state: EntryState | None = None) -> list[LeavingEntry]:
        """Return entries (optionally in one state) with titles, soonest deletion first."""
        query = _joined()
        if state is not None:
            query = query.where(LeavingSoonRow.state == state.value)
        query = query.order_by(LeavingSoonRow.delete_after, LeavingSoonRow.id)
        return [_entry(row, title, name) for row, title, name in self._s.execute(query)]

    def for_rule(self, rule_id: int) -> list[LeavingEntry]:
        """Return every entry of one rule, locked until the transaction ends (PostgreSQL:
        an admin's keep or extend waits for a run that read these entries, and so is never
        overwritten by the run's older copy; SQLite's write lock already serialises them)."""
        rows = self._s.scalars(
            select(LeavingSoonRow).where(LeavingSoonRow.rule_id == rule_id).with_for_update()
        )
        return [_entry(row) for row in rows]

    def for_item(self, media_item_id: int) -> list[LeavingEntry]:
        """Return every entry of one item (one per rule)."""
        rows = self._s.scalars(
            select(LeavingSoonRow).where(LeavingSoonRow.media_item_id == media_item_id)
        )
        return [_entry(row) for row in rows]

    def get(self, entry_id: int) -> LeavingEntry | None:
        """Return one entry with its title and rule name, or None."""
        found = self._s.execute(_joined().where(LeavingSoonRow.id == entry_id)).first()
        return None if found is None else _entry(found[0], found[1], found[2])

    def put(self, entry: NewEntry, now: datetime) -> LeavingEntry:
        """Insert an entry, or re-open the (item, rule) entry that exists."""
        row = self._s.scalars(
            select(LeavingSoonRow).where(
                LeavingSoonRow.media_item_id == entry.media_item_id,
                LeavingSoonRow.rule_id == entry.rule_id,
            )
        ).first()
        if row is None:
            row = LeavingSoonRow(media_item_id=entry.media_item_id, rule_id=entry.rule_id)
            self._s.add(row)
        row.state = entry.state.value
        row.first_matched_at = entry.first_matched_at
        row.visible_since = entry.visible_since
        row.grace_days = entry.grace_days
        row.delete_after = entry.delete_after
        row.extended_by = 0
        row.reasons = list(entry.reasons)
        row.last_evaluated_at = now
        row.size_bytes = entry.size_bytes
        self._s.flush()
        return _entry(row)

    def save(self, entry: LeavingEntry) -> None:
        """Write an entry's mutable fields back."""
        row = self._s.get(LeavingSoonRow, entry.id)
        if row is None:
            raise NotFound(f"Leaving Soon entry {entry.id} does not exist")
        row.state = entry.state.value
        row.visible_since = entry.visible_since
        row.grace_days = entry.grace_days
        row.delete_after = entry.delete_after
        row.extended_by = entry.extended_by
        row.reasons = list(entry.reasons)
        row.last_evaluated_at = entry.last_evaluated_at
        row.size_bytes = entry.size_bytes
        self._s.flush()
