"""Request and response bodies of the REST API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tendarr.domain.jobs import Job
from tendarr.domain.users import User


class Strict(BaseModel):
    """Bodies reject unknown fields, so typos fail loudly."""

    model_config = ConfigDict(extra="forbid")


class Credentials(Strict):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class UserOut(BaseModel):
    id: int
    username: str
    role: str
    permissions: list[str]
    auth_source: str

    @classmethod
    def of(cls, user: User) -> UserOut:
        perms = sorted(p.value for p in user.permissions)
        return cls(
            id=user.id,
            username=user.username,
            role=user.role.value,
            permissions=perms,
            auth_source=user.auth_source,
        )


class UserEnvelope(BaseModel):
    user: UserOut
    csrf_token: str | None = None


class SetupStatusOut(BaseModel):
    setup_complete: bool
    auth_method: str
    has_admin: bool


class ApiKeyOut(BaseModel):
    key: str | None
    source: str
    created_at: str | None


class SettingsChangeOut(BaseModel):
    settings: dict[str, Any]
    changed: list[str]


class BackupOut(BaseModel):
    id: int
    created_at: datetime
    reason: str
    created_by: str | None


class BackupList(BaseModel):
    backups: list[BackupOut]


class RestoreBody(Strict):
    id: int


class JobOut(BaseModel):
    id: int
    type: str
    title: str
    queue: str
    state: str
    priority: int
    progress: float
    total: int
    completed: int
    failed: int
    current_item: str | None
    attempts: int
    max_attempts: int
    cancel_requested: bool
    worker: str | None
    created_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    updated_at: datetime | None
    run_after: datetime | None
    error: str | None
    result: dict[str, Any] | None
    created_by: str | None
    history: list[dict[str, Any]]

    @classmethod
    def of(cls, job: Job) -> JobOut:
        return cls(
            id=job.id,
            type=job.type,
            title=job.title,
            queue=job.queue,
            state=job.state.value,
            priority=int(job.priority),
            progress=job.progress,
            total=job.total,
            completed=job.completed,
            failed=job.failed,
            current_item=job.current_item,
            attempts=job.attempts,
            max_attempts=job.max_attempts,
            cancel_requested=job.cancel_requested,
            worker=job.worker,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
            updated_at=job.updated_at,
            run_after=job.run_after,
            error=job.error,
            result=job.result,
            created_by=job.created_by,
            history=job.history,
        )


class JobList(BaseModel):
    jobs: list[JobOut]


class JobTypes(BaseModel):
    types: list[str]


class NewJobBody(Strict):
    type: str = Field(min_length=1, max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict)
    priority: Literal[1, 2, 3] = 2
    title: str | None = Field(None, max_length=255)


class PriorityBody(Strict):
    priority: Literal[1, 2, 3]


class WorkerOut(BaseModel):
    name: str
    queues: str


class SystemStatusOut(BaseModel):
    version: str
    database: str
    queue: str
    workers: list[WorkerOut]
    jobs: dict[str, int]
    queue_depth: dict[str, int]


class VersionOut(BaseModel):
    version: str
    python: str


class Health(BaseModel):
    status: Literal["ok"]
