"""The main unit of work plus the preview repositories and queries, on the same session.

It shares ``SqlUnitOfWork``'s one-per-thread guard, so opening it while the thread holds
any unit of work fails at once (``NestedUnitOfWork``) instead of waiting for itself.
"""

from __future__ import annotations

from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from tendarr.persistence.preview_queries import SqlPreviewItemReader
from tendarr.persistence.preview_repository import SqlPreviewRepository
from tendarr.persistence.preview_schedule_repository import SqlScheduleRepository
from tendarr.persistence.unit_of_work import SqlUnitOfWork
from tendarr.persistence.webhook_repository import SqlWebhookRepository
from tendarr.ports.preview_items import PreviewItemReader
from tendarr.ports.preview_store import (
    PreviewRepository,
    ScheduleRepository,
    WebhookRepository,
)
from tendarr.security.secretbox import SecretBox


class SqlPreviewUnitOfWork(SqlUnitOfWork):
    """A SqlUnitOfWork that also carries the preview repositories and ``preview_items``."""

    previews: PreviewRepository
    preview_schedules: ScheduleRepository
    webhooks: WebhookRepository
    preview_items: PreviewItemReader

    def __enter__(self) -> Self:
        super().__enter__()
        self.previews = SqlPreviewRepository(self._session)
        self.preview_schedules = SqlScheduleRepository(self._session)
        self.webhooks = SqlWebhookRepository(self._session)
        self.preview_items = SqlPreviewItemReader(self._session)
        return self


class SqlPreviewUnitOfWorkFactory:
    """Callable that starts a SqlPreviewUnitOfWork."""

    def __init__(self, session_factory: sessionmaker[Session], box: SecretBox) -> None:
        self._factory = session_factory
        self._box = box

    def __call__(self) -> SqlPreviewUnitOfWork:
        return SqlPreviewUnitOfWork(self._factory, self._box)
