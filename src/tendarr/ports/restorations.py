"""Storage port for restorations: tracked workflows that bring a deleted title back.

Each trigger acts once: ``trigger_key`` is unique (``watchlist:<entry id>``,
``request:<key>``, ``manual:<deletion id>:<n>``, ``viper:<deletion id>[:<n>]``), so
detecting the same watchlist entry again finds the restoration it already started
instead of starting another.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


class RestorationTrigger(enum.StrEnum):
    """What asked for the title back."""

    WATCHLIST = "watchlist"
    REQUEST = "request"
    MANUAL = "manual"
    VIPER = "viper"


class RestorationState(enum.StrEnum):
    """Where a restoration stands; each state is one step of the workflow."""

    QUEUED = "queued"
    REMOVING_EXCLUSION = "removing_exclusion"
    ADDING = "adding"
    SEARCHING = "searching"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"  # a waiting VIPER redownload no viewer needs any more


OPEN = frozenset(
    {
        RestorationState.QUEUED,
        RestorationState.REMOVING_EXCLUSION,
        RestorationState.ADDING,
        RestorationState.SEARCHING,
    }
)


@dataclass(frozen=True)
class NewRestoration:
    """A restoration to start."""

    ids_key: str
    ids: dict[str, Any]
    kind: str
    title: str
    trigger: RestorationTrigger
    trigger_key: str
    target: dict[str, Any]
    created_at: datetime
    deletion_id: int | None = None
    trigger_user_id: int | None = None
    not_before: datetime | None = None


@dataclass(frozen=True)
class Restoration:
    """One restoration as stored; ``steps`` records every external call and its outcome."""

    id: int
    deletion_id: int | None
    ids_key: str
    ids: dict[str, Any]
    kind: str
    title: str
    trigger: RestorationTrigger
    trigger_user_id: int | None
    trigger_key: str | None
    state: RestorationState
    detail: str | None
    target: dict[str, Any]
    not_before: datetime | None
    created_at: datetime
    updated_at: datetime
    steps: tuple[dict[str, Any], ...] = field(default_factory=tuple)


class RestorationRepository(Protocol):
    """Restorations."""

    def add(self, new: NewRestoration) -> Restoration: ...
    def get(self, restoration_id: int) -> Restoration | None: ...
    def by_trigger(self, trigger_key: str) -> Restoration | None: ...
    def open_for(self, ids_key: str) -> Restoration | None: ...
    def for_deletion(self, deletion_id: int) -> list[Restoration]: ...
    def save(self, restoration: Restoration) -> None: ...
    def listing(
        self, limit: int = 100, state: RestorationState | None = None
    ) -> list[Restoration]: ...
    def ready(self, now: datetime) -> list[Restoration]: ...
