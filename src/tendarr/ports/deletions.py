"""Storage port for the deletion pipeline: checkpoints that double as the deletion history.

One record per destructive action, written (``planned``/``acting``) and committed *before*
any external call, and reconciled afterwards (``done``/``failed``/``skipped``). A crash
leaves an ``acting`` record that the next run resumes idempotently. Records keep the
title, ids and target (instance, remote ids, profile, root folder, tags) so history and
restoration survive the library row's removal.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol


class DeletionSource(enum.StrEnum):
    """What asked for the deletion (one pipeline for all of them)."""

    RULE = "rule"
    VIPER = "viper"
    RETENTION = "retention"
    MANUAL = "manual"


class DeletionState(enum.StrEnum):
    """Where a deletion stands."""

    PLANNED = "planned"  # checkpoint written, nothing external done yet
    ACTING = "acting"  # external side effects may have started
    DONE = "done"  # every external step completed and reconciled
    FAILED = "failed"  # a step failed; ``detail`` says which and why
    SKIPPED = "skipped"  # the re-check before acting kept it; ``detail`` says why


UNFINISHED = frozenset({DeletionState.PLANNED, DeletionState.ACTING})


class DeletionMethod(enum.StrEnum):
    """How the files go."""

    ARR_DELETE = "arr_delete"  # Sonarr/Radarr delete with files (+ import exclusion)
    ARR_EPISODE_FILES = "arr_episode_files"  # Sonarr episode files deleted and unmonitored
    MEDIA_SERVER = "media_server"  # the media server deletes (fallback)
    FILES = "files"  # files removed directly under TENDARR_MEDIA_ROOT (last resort)
    NONE = "none"  # nothing was acted on (skipped before a method was chosen)


@dataclass(frozen=True)
class NewDeletion:
    """A checkpoint to write before acting."""

    media_item_id: int | None
    source: DeletionSource
    kind: str
    title: str
    ids: dict[str, Any]
    reasons: tuple[str, ...]
    size_bytes: int | None
    created_at: datetime
    rule_id: int | None = None
    leaving_entry_id: int | None = None
    job_id: int | None = None
    method: DeletionMethod = DeletionMethod.NONE
    target: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DeletionRecord:
    """One deletion as stored (history row and checkpoint)."""

    id: int
    media_item_id: int | None
    source: DeletionSource
    kind: str
    title: str
    ids: dict[str, Any]
    reasons: tuple[str, ...]
    size_bytes: int | None
    created_at: datetime
    rule_id: int | None
    leaving_entry_id: int | None
    job_id: int | None
    method: DeletionMethod
    target: dict[str, Any]
    state: DeletionState
    detail: str | None
    steps: tuple[dict[str, Any], ...]  # each external call: {"step", "at", "outcome", ...}
    space_freed_bytes: int | None
    started_at: datetime | None
    external_done_at: datetime | None
    finished_at: datetime | None


@dataclass(frozen=True)
class DeletionStats:
    """Totals for the history page."""

    done: int
    failed: int
    skipped: int
    space_freed_bytes: int
    since: datetime | None


class DeletionRepository(Protocol):
    """Deletion checkpoints and history."""

    def add(self, new: NewDeletion) -> DeletionRecord: ...
    def get(self, deletion_id: int) -> DeletionRecord | None: ...
    def save(self, record: DeletionRecord) -> None: ...
    def unfinished(self) -> list[DeletionRecord]: ...
    def history(
        self,
        limit: int = 50,
        offset: int = 0,
        state: DeletionState | None = None,
        source: DeletionSource | None = None,
        media_item_id: int | None = None,
    ) -> list[DeletionRecord]: ...
    def count(
        self,
        state: DeletionState | None = None,
        source: DeletionSource | None = None,
        media_item_id: int | None = None,
    ) -> int: ...
    def stats(self, since: datetime | None = None) -> DeletionStats: ...
    def latest_done_for(self, ids_key: str, kind: str | None = None) -> DeletionRecord | None: ...
    def episode_file_deletions(self, item_ids: Collection[int]) -> dict[int, DeletionRecord]:
        """Return the newest ``done`` ``arr_episode_files`` deletion per media item id."""
        ...
