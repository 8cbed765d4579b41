"""Configured Overseerr/Jellyseerr apps: CRUD, redaction and the connection test."""

from __future__ import annotations

from dataclasses import dataclass

from tendarr.domain.request_apps import RequestAppConfig
from tendarr.ports.clock import Clock
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.ports.request_apps_store import RequestAppFactory, RequestAppRepository
from tendarr.services.connected_apps import ConnectedAppService, redacted

__all__ = ["RequestAppConnectionResult", "RequestAppService", "redacted"]


@dataclass(frozen=True)
class RequestAppConnectionResult:
    """What a connection test found: the version, the key's user and the request count."""

    ok: bool
    version: str | None = None
    acting_user: str | None = None
    requests: int | None = None
    error: str | None = None


class RequestAppService(ConnectedAppService[RequestAppConfig, RequestAppConnectionResult]):
    """Everything the request-app settings section and API do."""

    audit_prefix = "request_app"
    noun = "request app"
    a_noun = "a request app"

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, connect: RequestAppFactory) -> None:
        super().__init__(uow, clock)
        self._connect = connect

    def _store(self, uow: UnitOfWork) -> RequestAppRepository:
        return uow.request_apps

    def _probe(self, config: RequestAppConfig) -> RequestAppConnectionResult:
        """Return the version, the key's user and how many requests, or why not."""
        try:
            app = self._connect(config)
            status = app.check()
            count = len(app.requests())
            return RequestAppConnectionResult(True, status.version, status.acting_user, count)
        except MediaServerError as err:
            return RequestAppConnectionResult(False, error=str(err))
