"""Persistence ports: repositories that speak domain objects, inside one unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from tendarr.domain.jobs import Job, JobPriority, JobState
from tendarr.domain.users import Permission, Role, User
from tendarr.ports.arr_store import ArrInstanceRepository
from tendarr.ports.cleanup_store import CleanupRuleRepository
from tendarr.ports.deletion_reads import DeletionReader
from tendarr.ports.deletions import DeletionRepository
from tendarr.ports.household_reads import HouseholdReader
from tendarr.ports.household_store import HouseholdRepository
from tendarr.ports.leaving_soon_store import LeavingSoonRepository
from tendarr.ports.library import LibraryReader, LibraryRepository, ServerConfigRepository
from tendarr.ports.lifecycle_events import LifecycleEventRepository
from tendarr.ports.protections import ProtectionRepository
from tendarr.ports.request_apps_store import RequestAppRepository
from tendarr.ports.restorations import RestorationRepository
from tendarr.ports.retention_store import RetentionRuleRepository
from tendarr.ports.viper_reads import ViperReader


@dataclass(frozen=True)
class NewJob:
    """What it takes to create a job row."""

    type: str
    title: str
    queue: str
    priority: JobPriority
    payload: dict[str, Any]
    max_attempts: int
    created_by: str | None
    now: datetime


@dataclass(frozen=True)
class SessionRecord:
    """A browser session as stored (the token itself is never stored)."""

    token_hash: str
    user_id: int
    csrf_token: str
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class ApiKeyRecord:
    """An API key as stored: a hash to verify and a ciphertext to show its owner."""

    user_id: int
    key_hash: str
    key_encrypted: str
    created_at: datetime


@dataclass(frozen=True)
class SettingsBackup:
    """A snapshot of application settings taken before a change."""

    id: int
    created_at: datetime
    reason: str
    created_by: str | None
    data: dict[str, Any]


@dataclass(frozen=True)
class AuditEntry:
    """One recorded action with its reason."""

    id: int
    at: datetime
    actor: str | None
    action: str
    target: str | None
    detail: dict[str, Any]


class JobRepository(Protocol):
    """Jobs table access; every state change is a conditional update."""

    def add(self, new: NewJob) -> Job: ...
    def get(self, job_id: int) -> Job | None: ...
    def find(
        self,
        states: Sequence[JobState] | None = None,
        job_type: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Job]: ...
    def count_by_state(self) -> dict[JobState, int]: ...
    def changed_since(self, since: datetime, limit: int = 200) -> list[Job]: ...
    def claim(self, job_id: int, worker: str, lease_token: str, now: datetime) -> Job | None: ...
    def heartbeat(self, job_id: int, lease_token: str, now: datetime) -> bool: ...
    def report_progress(
        self,
        job_id: int,
        lease_token: str,
        now: datetime,
        *,
        completed: int,
        total: int,
        failed: int,
        current_item: str | None,
    ) -> bool: ...
    def finish(
        self,
        job_id: int,
        lease_token: str,
        now: datetime,
        state: JobState,
        result: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> bool: ...
    def requeue(
        self,
        job_id: int,
        expected_lease: str | None,
        now: datetime,
        run_after: datetime,
        error: str | None,
    ) -> bool: ...
    def request_cancel(self, job_id: int, now: datetime) -> Job | None: ...
    def set_priority(self, job_id: int, priority: JobPriority, now: datetime) -> Job | None: ...
    def reset_for_retry(self, job_id: int, now: datetime) -> Job | None: ...
    def stale_running(self, heartbeat_before: datetime) -> list[Job]: ...
    def undispatched(self, created_before: datetime, now: datetime) -> list[Job]: ...
    def delete_finished_before(self, before: datetime) -> int: ...


class UserRepository(Protocol):
    """Users and their credentials."""

    def count(self) -> int: ...
    def add(
        self,
        username: str,
        password_hash: str | None,
        role: Role,
        permissions: frozenset[Permission],
        auth_source: str,
        now: datetime,
    ) -> User: ...
    def get(self, user_id: int) -> User | None: ...
    def by_username(self, username: str) -> User | None: ...
    def password_hash(self, user_id: int) -> str | None: ...
    def set_password_hash(self, user_id: int, password_hash: str) -> None: ...
    def touch_login(self, user_id: int, now: datetime) -> None: ...
    def first_admin(self) -> User | None: ...


class SessionRepository(Protocol):
    """Server-side browser sessions."""

    def add(self, record: SessionRecord) -> None: ...
    def get(self, token_hash: str) -> SessionRecord | None: ...
    def delete(self, token_hash: str) -> None: ...
    def delete_expired(self, now: datetime) -> int: ...


class ApiKeyRepository(Protocol):
    """One API key per user."""

    def replace(self, record: ApiKeyRecord) -> None: ...
    def for_user(self, user_id: int) -> ApiKeyRecord | None: ...
    def by_hash(self, key_hash: str) -> ApiKeyRecord | None: ...


class SettingsRepository(Protocol):
    """The application settings document and its rolling backups."""

    def load(self) -> dict[str, Any] | None: ...
    def create_if_missing(self, data: dict[str, Any], now: datetime) -> bool: ...
    def save(self, data: dict[str, Any], now: datetime) -> None: ...
    def add_backup(
        self, data: dict[str, Any], reason: str, created_by: str | None, now: datetime
    ) -> SettingsBackup: ...
    def backups(self) -> list[SettingsBackup]: ...
    def backup(self, backup_id: int) -> SettingsBackup | None: ...
    def prune_backups(self, keep: int) -> None: ...


class KeyValueRepository(Protocol):
    """Small pieces of system state (setup progress, schedule stamps)."""

    def get(self, key: str) -> Any | None: ...
    def put(self, key: str, value: Any) -> None: ...


class LeaseRepository(Protocol):
    """Named leases so that exactly one node does singleton work."""

    def acquire(self, name: str, holder: str, now: datetime, ttl_seconds: float) -> bool: ...
    def holder(self, name: str, now: datetime) -> str | None: ...
    def release(self, name: str, holder: str) -> None: ...
    def live(self, prefix: str, now: datetime) -> list[tuple[str, str]]: ...


class AuditRepository(Protocol):
    """Append-only audit log."""

    def record(
        self,
        now: datetime,
        actor: str | None,
        action: str,
        target: str | None,
        detail: dict[str, Any],
    ) -> None: ...
    def recent(self, limit: int = 50) -> list[AuditEntry]: ...


class UnitOfWork(Protocol):
    """One transaction and the repositories that share it."""

    jobs: JobRepository
    users: UserRepository
    sessions: SessionRepository
    api_keys: ApiKeyRepository
    settings: SettingsRepository
    kv: KeyValueRepository
    leases: LeaseRepository
    audit: AuditRepository
    servers: ServerConfigRepository
    library: LibraryRepository
    reader: LibraryReader
    household: HouseholdRepository
    household_reader: HouseholdReader
    cleanup_rules: CleanupRuleRepository
    leaving_soon: LeavingSoonRepository
    arr: ArrInstanceRepository
    request_apps: RequestAppRepository
    retention_rules: RetentionRuleRepository
    protections: ProtectionRepository
    restorations: RestorationRepository
    viper: ViperReader
    deletions: DeletionRepository
    deletion_reads: DeletionReader
    lifecycle_events: LifecycleEventRepository

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Start a unit of work."""

    def __call__(self) -> UnitOfWork: ...
