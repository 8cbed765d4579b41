"""Domain events the lifecycle engine emits (an outbox the notification issue delivers).

Events are written in the same transaction as the change they describe, so an event is
recorded exactly when its change is.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol


class LifecycleEventKind(enum.StrEnum):
    """What happened."""

    ENTERED_LEAVING_SOON = "entered_leaving_soon"
    LEFT_LEAVING_SOON = "left_leaving_soon"
    DELETED = "deleted"
    DELETION_FAILED = "deletion_failed"
    PROTECTED = "protected"
    UNPROTECTED = "unprotected"
    RESTORE_REQUESTED = "restore_requested"
    RESTORED = "restored"


@dataclass(frozen=True)
class LifecycleEvent:
    """One recorded event; ``delivered_at`` is set by whoever delivers it."""

    id: int
    kind: LifecycleEventKind
    at: datetime
    media_item_id: int | None
    title: str
    payload: dict[str, Any]
    delivered_at: datetime | None


class LifecycleEventRepository(Protocol):
    """The lifecycle outbox."""

    def emit(
        self,
        kind: LifecycleEventKind,
        at: datetime,
        title: str,
        media_item_id: int | None = None,
        payload: dict[str, Any] | None = None,
    ) -> LifecycleEvent: ...
    def recent(
        self, limit: int = 50, kind: LifecycleEventKind | None = None
    ) -> list[LifecycleEvent]: ...
    def undelivered(self, limit: int = 100) -> list[LifecycleEvent]: ...
    def mark_delivered(self, event_ids: list[int], at: datetime) -> None: ...
