"""Storage port for Leaving Soon entries (one per item and rule)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class EntryState(enum.StrEnum):
    """Where an entry stands; only ``due`` entries are ever acted on (services/cleanup_delete)."""

    PENDING_REVIEW = "pending_review"  # a review rule matched; waits for an admin
    LEAVING = "leaving"  # visible in Leaving Soon, counting down to ``delete_after``
    EXTENDED = "extended"  # an admin pushed ``delete_after`` later
    KEPT_BY_ADMIN = "kept_by_admin"  # an admin kept it: the rule never re-adds it while kept
    LEFT = "left"  # the item stopped matching (known FALSE)
    DUE = "due"  # ``delete_after`` has passed while it still matched
    DELETED = "deleted"  # the deletion pipeline deleted it (see the deletion history)


ACTIVE = frozenset({EntryState.PENDING_REVIEW, EntryState.LEAVING, EntryState.EXTENDED})
COUNTING = frozenset({EntryState.LEAVING, EntryState.EXTENDED})


@dataclass(frozen=True)
class LeavingEntry:
    """One Leaving Soon entry; ``title``/``rule_name`` are filled in by listings."""

    id: int
    media_item_id: int
    rule_id: int
    state: EntryState
    first_matched_at: datetime
    visible_since: datetime | None  # when it entered Leaving Soon (approval for review rules)
    grace_days: int  # the rule's grace when it became visible (stored, never lowered)
    delete_after: datetime | None  # None while pending review
    extended_by: int
    reasons: tuple[str, ...]
    last_evaluated_at: datetime
    size_bytes: int | None
    title: str = ""
    rule_name: str = ""


@dataclass(frozen=True)
class NewEntry:
    """What a run adds (or re-opens, for an entry that had left)."""

    media_item_id: int
    rule_id: int
    state: EntryState
    first_matched_at: datetime
    visible_since: datetime | None
    grace_days: int
    delete_after: datetime | None
    reasons: tuple[str, ...]
    size_bytes: int | None


class LeavingSoonRepository(Protocol):
    """Leaving Soon entries."""

    def listing(self, state: EntryState | None = None) -> list[LeavingEntry]: ...
    def for_rule(self, rule_id: int) -> list[LeavingEntry]: ...
    def for_item(self, media_item_id: int) -> list[LeavingEntry]: ...
    def get(self, entry_id: int) -> LeavingEntry | None: ...
    def put(self, entry: NewEntry, now: datetime) -> LeavingEntry: ...
    def save(self, entry: LeavingEntry) -> None: ...
