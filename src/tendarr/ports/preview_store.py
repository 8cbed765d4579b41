"""Persistence port for preview work: per-file outcomes, freshness state, schedules,
webhook history and pending (debounced or back-off) batches.

``PreviewUnitOfWork`` is the slice of a unit of work the preview services need. Today
``persistence.preview_unit_of_work.SqlPreviewUnitOfWork`` provides it; once the main unit
of work carries the three repositories below it satisfies this Protocol as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from tendarr.domain.previews.schedules import Schedule, ScheduleSpec
from tendarr.domain.previews.work import FileStatus
from tendarr.ports.library import ServerConfigRepository
from tendarr.ports.repositories import AuditRepository, KeyValueRepository


@dataclass(frozen=True)
class FileOutcomeRecord:
    """What one preview job did with one file."""

    job_id: int
    path: str
    status: FileStatus
    reason: str | None = None
    decoder: str | None = None
    seconds: float | None = None
    thumbnails: int | None = None
    created_at: datetime | None = None
    id: int = 0


@dataclass(frozen=True)
class PreviewState:
    """The last good generation of one source path: what freshness is judged by."""

    path: str
    fingerprint: str | None
    outputs: tuple[str, ...]
    settings_digest: str
    source_size: int | None
    source_mtime_ns: int | None
    status: FileStatus
    updated_at: datetime


@dataclass(frozen=True)
class LibraryFile:
    """A file of a synced server item, with the server's own path."""

    server_id: str
    library_id: str
    native_id: str
    path: str
    added_at: datetime | None


@dataclass(frozen=True)
class WebhookEvent:
    """One received webhook and what became of it."""

    received_at: datetime
    source: str
    status: str  # accepted | ignored | rejected | duplicate
    event: str | None = None
    server_id: str | None = None
    paths: tuple[str, ...] = ()
    title: str | None = None
    reason: str | None = None
    batch_key: str | None = None
    job_id: int | None = None
    id: int = 0


@dataclass(frozen=True)
class PendingBatch:
    """Work waiting for its moment: a debounced webhook batch or a not-indexed retry."""

    key: str
    kind: str  # webhook | retry
    origin: str
    title: str
    due_at: datetime
    first_at: datetime
    paths: tuple[str, ...] = ()
    items: tuple[dict[str, str], ...] = ()
    event_ids: tuple[int, ...] = ()
    force: bool = False
    priority: int = 2
    attempt: int = 1
    detail: dict[str, Any] = field(default_factory=dict)


class PreviewRepository(Protocol):
    """Per-file outcomes, freshness state and the library reads preview jobs need."""

    def add_outcomes(self, outcomes: Sequence[FileOutcomeRecord]) -> None: ...
    def outcomes(
        self, job_id: int, statuses: Sequence[FileStatus] | None, limit: int, offset: int
    ) -> list[FileOutcomeRecord]: ...
    def outcome_counts(self, job_id: int) -> dict[FileStatus, int]: ...
    def outcome_paths(self, job_id: int, statuses: Sequence[FileStatus]) -> list[str]: ...
    def states(self, paths: Iterable[str]) -> dict[str, PreviewState]: ...
    def save_state(self, state: PreviewState) -> None: ...
    def forget_states(self, paths: Iterable[str]) -> int: ...
    def library_files(
        self,
        server_id: str,
        library_ids: Sequence[str],
        added_since: datetime | None = None,
    ) -> list[LibraryFile]: ...
    def item_files(self, server_id: str, native_id: str) -> list[str] | None: ...


class ScheduleRepository(Protocol):
    """Preview schedules."""

    def add(self, spec: ScheduleSpec, next_run_at: datetime | None, now: datetime) -> Schedule: ...
    def get(self, schedule_id: int) -> Schedule | None: ...
    def all(self) -> list[Schedule]: ...
    def update(self, schedule_id: int, spec: ScheduleSpec, next_run_at: datetime | None,
               now: datetime) -> Schedule | None: ...  # fmt: skip
    def delete(self, schedule_id: int) -> bool: ...
    def due(self, now: datetime) -> list[Schedule]: ...
    def record_run(
        self,
        schedule_id: int,
        now: datetime,
        *,
        next_run_at: datetime | None,
        job_id: int | None,
        status: str,
    ) -> None: ...


class WebhookRepository(Protocol):
    """Webhook history and pending batches."""

    def add_event(self, event: WebhookEvent) -> int: ...
    def events(self, limit: int, offset: int, status: str | None = None) -> list[WebhookEvent]: ...
    def recent_paths(self, batch_key: str, since: datetime) -> set[str]: ...
    def link_events(self, event_ids: Sequence[int], job_id: int) -> None: ...
    def prune_events(self, before: datetime) -> int: ...
    def pending(self, key: str) -> PendingBatch | None: ...
    def save_pending(self, batch: PendingBatch) -> None: ...
    def all_pending(self) -> list[PendingBatch]: ...
    def take_pending(self, due_before: datetime | None, key: str | None = None) -> list[
        PendingBatch
    ]: ...  # fmt: skip


class PreviewUnitOfWork(Protocol):
    """One transaction over the preview repositories and the shared ones they lean on."""

    previews: PreviewRepository
    preview_schedules: ScheduleRepository
    webhooks: WebhookRepository
    kv: KeyValueRepository
    servers: ServerConfigRepository
    audit: AuditRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class PreviewUnitOfWorkFactory(Protocol):
    """Start a preview unit of work."""

    def __call__(self) -> PreviewUnitOfWork: ...
