"""A SQLAlchemy session wrapped as the UnitOfWork port."""

from __future__ import annotations

import threading
from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from tendarr.persistence.arr_repository import SqlArrInstanceRepository
from tendarr.persistence.cleanup_repository import SqlCleanupRuleRepository
from tendarr.persistence.deletion_queries import SqlDeletionReader
from tendarr.persistence.deletion_repository import (
    SqlDeletionRepository,
    SqlLifecycleEventRepository,
)
from tendarr.persistence.household_queries import SqlHouseholdReader
from tendarr.persistence.household_repository import SqlHouseholdRepository
from tendarr.persistence.job_repository import SqlJobRepository
from tendarr.persistence.leaving_soon_repository import SqlLeavingSoonRepository
from tendarr.persistence.library_queries import SqlLibraryReader
from tendarr.persistence.library_repository import SqlLibraryRepository
from tendarr.persistence.protection_repository import SqlProtectionRepository
from tendarr.persistence.repositories import (
    SqlApiKeyRepository,
    SqlAuditRepository,
    SqlKeyValueRepository,
    SqlLeaseRepository,
    SqlSessionRepository,
    SqlSettingsRepository,
    SqlUserRepository,
)
from tendarr.persistence.request_app_repository import SqlRequestAppRepository
from tendarr.persistence.restoration_repository import SqlRestorationRepository
from tendarr.persistence.retention_repository import SqlRetentionRuleRepository
from tendarr.persistence.server_repository import SqlServerRepository
from tendarr.persistence.viper_queries import SqlViperReader
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
from tendarr.ports.repositories import (
    ApiKeyRepository,
    AuditRepository,
    JobRepository,
    KeyValueRepository,
    LeaseRepository,
    SessionRepository,
    SettingsRepository,
    UnitOfWork,
    UserRepository,
)
from tendarr.ports.request_apps_store import RequestAppRepository
from tendarr.ports.restorations import RestorationRepository
from tendarr.ports.retention_store import RetentionRuleRepository
from tendarr.ports.viper_reads import ViperReader
from tendarr.security.secretbox import SecretBox

_open = threading.local()


class NestedUnitOfWork(RuntimeError):
    """A unit of work was started while this thread already had one open.

    On SQLite every transaction takes the write lock up front, so a nested one on the same
    thread waits for itself until the busy timeout; we fail at once instead.
    """


class SqlUnitOfWork:
    """One transaction; leaving the block without commit() rolls it back."""

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

    def __init__(self, session_factory: sessionmaker[Session], box: SecretBox) -> None:
        self._factory = session_factory
        self._box = box

    def __enter__(self) -> Self:
        if getattr(_open, "active", False):
            raise NestedUnitOfWork("a unit of work is already open on this thread")
        _open.active = True
        self._session = self._factory()
        s = self._session
        self.jobs = SqlJobRepository(s)
        self.users = SqlUserRepository(s)
        self.sessions = SqlSessionRepository(s)
        self.api_keys = SqlApiKeyRepository(s)
        self.settings = SqlSettingsRepository(s)
        self.kv = SqlKeyValueRepository(s)
        self.leases = SqlLeaseRepository(s)
        self.audit = SqlAuditRepository(s)
        self.servers = SqlServerRepository(s, self._box)
        self.library = SqlLibraryRepository(s)
        self.reader = SqlLibraryReader(s)
        self.household = SqlHouseholdRepository(s, self._box)
        self.household_reader = SqlHouseholdReader(s)
        self.cleanup_rules = SqlCleanupRuleRepository(s)
        self.leaving_soon = SqlLeavingSoonRepository(s)
        self.arr = SqlArrInstanceRepository(s, self._box)
        self.request_apps = SqlRequestAppRepository(s, self._box)
        self.retention_rules = SqlRetentionRuleRepository(s)
        self.protections = SqlProtectionRepository(s)
        self.restorations = SqlRestorationRepository(s)
        self.viper = SqlViperReader(s)
        self.deletions = SqlDeletionRepository(s)
        self.deletion_reads = SqlDeletionReader(s)
        self.lifecycle_events = SqlLifecycleEventRepository(s)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._session.rollback()
        finally:
            self._session.close()
            _open.active = False

    def commit(self) -> None:
        """Commit everything done in this unit of work."""
        self._session.commit()

    def rollback(self) -> None:
        """Discard everything done in this unit of work."""
        self._session.rollback()


class SqlUnitOfWorkFactory:
    """Callable that starts a SqlUnitOfWork."""

    def __init__(self, session_factory: sessionmaker[Session], box: SecretBox) -> None:
        self._factory = session_factory
        self._box = box

    def __call__(self) -> UnitOfWork:
        return SqlUnitOfWork(self._factory, self._box)
