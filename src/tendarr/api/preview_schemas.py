"""Request and response bodies of the preview jobs, processing, schedules and webhook API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import AliasChoices, BaseModel, Field

from tendarr.api.schemas import JobOut, Strict
from tendarr.domain.previews.schedules import Schedule, ScheduleKind, ScheduleSpec
from tendarr.ports.preview_store import FileOutcomeRecord, PendingBatch, WebhookEvent
from tendarr.services.preview_control import ProcessingState
from tendarr.services.preview_jobs import MAX_PATHS, OutcomePage
from tendarr.services.webhooks_incoming import WebhookReceipt


class ManualJobBody(Strict):
    paths: list[str] = Field(
        min_length=1,
        max_length=MAX_PATHS,
        validation_alias=AliasChoices("paths", "file_paths"),
        description="Absolute paths as Tendarr sees the files",
    )
    force: bool = Field(False, validation_alias=AliasChoices("force", "force_regenerate"))
    priority: int = Field(2, ge=1, le=3, description="1 high, 2 normal, 3 low")
    title: str | None = Field(None, max_length=200)


class FileOutcomeOut(BaseModel):
    path: str
    status: str
    reason: str | None
    decoder: str | None
    seconds: float | None
    thumbnails: int | None
    created_at: datetime | None

    @classmethod
    def of(cls, record: FileOutcomeRecord) -> FileOutcomeOut:
        return cls(
            path=record.path,
            status=record.status.value,
            reason=record.reason,
            decoder=record.decoder,
            seconds=record.seconds,
            thumbnails=record.thumbnails,
            created_at=record.created_at,
        )


class OutcomePageOut(BaseModel):
    job_id: int
    files: list[FileOutcomeOut]
    total: int
    limit: int
    offset: int
    counts: dict[str, int]

    @classmethod
    def of(cls, job_id: int, page: OutcomePage, limit: int, offset: int) -> OutcomePageOut:
        return cls(
            job_id=job_id,
            files=[FileOutcomeOut.of(r) for r in page.items],
            total=page.total,
            limit=limit,
            offset=offset,
            counts={status.value: n for status, n in page.counts.items()},
        )


class ProcessingOut(BaseModel):
    paused: bool
    paused_at: datetime | None
    paused_by: str | None
    quiet_hours: dict[str, str] | None
    quiet_now: bool
    quiet_until: datetime | None
    blocked_reason: str | None

    @classmethod
    def of(cls, state: ProcessingState) -> ProcessingOut:
        window = state.quiet_hours
        return cls(
            paused=state.paused,
            paused_at=state.paused_at,
            paused_by=state.paused_by,
            quiet_hours=(
                {"start": window.start.strftime("%H:%M"), "end": window.end.strftime("%H:%M")}
                if window
                else None
            ),
            quiet_now=state.quiet_now,
            quiet_until=state.quiet_until,
            blocked_reason=state.blocked_reason,
        )


class ScheduleBody(Strict):
    name: str = Field(min_length=1, max_length=128)
    kind: ScheduleKind = ScheduleKind.FULL_LIBRARY
    server_id: str | None = Field(None, max_length=48)
    library_id: str | None = Field(None, max_length=64)
    cron: str | None = Field(None, max_length=128, examples=["0 2 * * *"])
    interval_seconds: int | None = Field(None, description="Instead of cron; at least 60")
    lookback_hours: float | None = Field(None, description="recently_added: 0.25-720")
    force: bool = False
    priority: int = Field(3, ge=1, le=3)
    enabled: bool = True

    def to_spec(self) -> ScheduleSpec:
        return ScheduleSpec(
            name=self.name,
            kind=self.kind,
            server_id=self.server_id,
            library_id=self.library_id,
            cron=self.cron,
            interval_seconds=self.interval_seconds,
            lookback_hours=self.lookback_hours,
            force=self.force,
            priority=self.priority,
            enabled=self.enabled,
        )


class ScheduleOut(BaseModel):
    id: int
    name: str
    kind: str
    server_id: str | None
    library_id: str | None
    cron: str | None
    interval_seconds: int | None
    lookback_hours: float | None
    force: bool
    priority: int
    enabled: bool
    next_run_at: datetime | None
    last_run_at: datetime | None
    last_job_id: int | None
    last_status: str | None

    @classmethod
    def of(cls, schedule: Schedule) -> ScheduleOut:
        spec = schedule.spec
        return cls(
            id=schedule.id,
            name=spec.name,
            kind=spec.kind.value,
            server_id=spec.server_id,
            library_id=spec.library_id,
            cron=spec.cron,
            interval_seconds=spec.interval_seconds,
            lookback_hours=spec.lookback_hours,
            force=spec.force,
            priority=spec.priority,
            enabled=spec.enabled,
            next_run_at=schedule.next_run_at,
            last_run_at=schedule.last_run_at,
            last_job_id=schedule.last_job_id,
            last_status=schedule.last_status,
        )


class ScheduleList(BaseModel):
    schedules: list[ScheduleOut]


class WebhookReceiptOut(BaseModel):
    status: Literal["accepted", "duplicate", "ignored", "test"]
    source: str
    event: str
    message: str
    paths: list[str]
    duplicates: list[str]
    batch: str | None
    due_at: datetime | None

    @classmethod
    def of(cls, receipt: WebhookReceipt) -> WebhookReceiptOut:
        return cls(
            status=receipt.status,
            source=receipt.source,
            event=receipt.event,
            message=receipt.message,
            paths=list(receipt.paths),
            duplicates=list(receipt.duplicates),
            batch=receipt.batch_key,
            due_at=receipt.due_at,
        )


class WebhookEventOut(BaseModel):
    id: int
    received_at: datetime
    source: str
    event: str | None
    server_id: str | None
    status: str
    paths: list[str]
    title: str | None
    reason: str | None
    batch: str | None
    job_id: int | None

    @classmethod
    def of(cls, event: WebhookEvent) -> WebhookEventOut:
        return cls(
            id=event.id,
            received_at=event.received_at,
            source=event.source,
            event=event.event,
            server_id=event.server_id,
            status=event.status,
            paths=list(event.paths),
            title=event.title,
            reason=event.reason,
            batch=event.batch_key,
            job_id=event.job_id,
        )


class WebhookHistory(BaseModel):
    events: list[WebhookEventOut]


class PendingOut(BaseModel):
    key: str
    kind: str
    title: str
    due_at: datetime
    first_at: datetime
    paths: list[str]
    items: list[dict[str, str]]
    attempt: int

    @classmethod
    def of(cls, batch: PendingBatch) -> PendingOut:
        return cls(
            key=batch.key,
            kind=batch.kind,
            title=batch.title,
            due_at=batch.due_at,
            first_at=batch.first_at,
            paths=list(batch.paths),
            items=[dict(i) for i in batch.items],
            attempt=batch.attempt,
        )


class PendingList(BaseModel):
    pending: list[PendingOut]


class FlushBody(Strict):
    key: str | None = Field(None, max_length=128, description="One batch; omit for all")


class FiredJobs(BaseModel):
    jobs: list[JobOut]


class WebhookConfigOut(BaseModel):
    secret: str
    url: str
    pinned_url: str
