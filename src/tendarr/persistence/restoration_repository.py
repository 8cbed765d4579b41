"""SQL implementation of restorations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tendarr.domain.errors import NotFound
from tendarr.persistence.lifecycle_tables import RestorationRow
from tendarr.ports.restorations import (
    OPEN,
    NewRestoration,
    Restoration,
    RestorationState,
    RestorationTrigger,
)


def _restoration(row: RestorationRow) -> Restoration:
    return Restoration(
        id=row.id,
        deletion_id=row.deletion_id,
        ids_key=row.ids_key,
        ids=dict(row.ids),
        kind=row.kind,
        title=row.title,
        trigger=RestorationTrigger(row.trigger),
        trigger_user_id=row.trigger_user_id,
        trigger_key=row.trigger_key,
        state=RestorationState(row.state),
        detail=row.detail,
        target=dict(row.target),
        not_before=row.not_before,
        created_at=row.created_at,
        updated_at=row.updated_at,
        steps=tuple(dict(step) for step in row.steps),
    )


class SqlRestorationRepository:
    """Restorations over one session."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, new: NewRestoration) -> Restoration:
        """Store a queued restoration (the caller checked that its trigger is unused)."""
        row = RestorationRow(
            deletion_id=new.deletion_id,
            ids_key=new.ids_key,
            ids=dict(new.ids),
            kind=new.kind,
            title=new.title,
            trigger=new.trigger.value,
            trigger_user_id=new.trigger_user_id,
            trigger_key=new.trigger_key,
            state=RestorationState.QUEUED.value,
            steps=[],
            target=dict(new.target),
            not_before=new.not_before,
            created_at=new.created_at,
            updated_at=new.created_at,
        )
        self._s.add(row)
        self._s.flush()
        return _restoration(row)

    def get(self, restoration_id: int) -> Restoration | None:
        """Return one restoration, or None."""
        row = self._s.get(RestorationRow, restoration_id)
        return None if row is None else _restoration(row)

    def by_trigger(self, trigger_key: str) -> Restoration | None:
        """Return the restoration a trigger started, or None."""
        row = self._s.scalars(
            select(RestorationRow).where(RestorationRow.trigger_key == trigger_key)
        ).first()
        return None if row is None else _restoration(row)

    def open_for(self, ids_key: str) -> Restoration | None:
        """Return the unfinished restoration of a title, or None."""
        row = self._s.scalars(
            select(RestorationRow)
            .where(
                RestorationRow.ids_key == ids_key,
                RestorationRow.state.in_([s.value for s in OPEN]),
            )
            .order_by(RestorationRow.id)
        ).first()
        return None if row is None else _restoration(row)

    def for_deletion(self, deletion_id: int) -> list[Restoration]:
        """Return every restoration of one deletion, oldest first."""
        rows = self._s.scalars(
            select(RestorationRow)
            .where(RestorationRow.deletion_id == deletion_id)
            .order_by(RestorationRow.id)
        )
        return [_restoration(row) for row in rows]

    def save(self, restoration: Restoration) -> None:
        """Write a restoration's mutable fields back."""
        row = self._s.get(RestorationRow, restoration.id)
        if row is None:
            raise NotFound(f"restoration {restoration.id} does not exist")
        row.state = restoration.state.value
        row.detail = restoration.detail
        row.steps = [dict(step) for step in restoration.steps]
        row.target = dict(restoration.target)
        row.not_before = restoration.not_before
        row.updated_at = restoration.updated_at
        self._s.flush()

    def listing(self, limit: int = 100, state: RestorationState | None = None) -> list[Restoration]:
        """Return restorations newest first (optionally in one state)."""
        query = select(RestorationRow)
        if state is not None:
            query = query.where(RestorationRow.state == state.value)
        rows = self._s.scalars(query.order_by(RestorationRow.id.desc()).limit(limit))
        return [_restoration(row) for row in rows]

    def ready(self, now: datetime) -> list[Restoration]:
        """Return unfinished restorations whose ``not_before`` has passed, oldest first."""
        rows = self._s.scalars(
            select(RestorationRow)
            .where(
                RestorationRow.state.in_([s.value for s in OPEN]),
                or_(RestorationRow.not_before.is_(None), RestorationRow.not_before <= now),
            )
            .order_by(RestorationRow.id)
        )
        return [_restoration(row) for row in rows]
