"""Configured Sonarr/Radarr instances: CRUD, redaction and the connection test."""

from __future__ import annotations

from dataclasses import dataclass

from tendarr.domain.arr import ArrKind, ArrSystem, RootFolder
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.ports.arr import ArrInstance
from tendarr.ports.arr_store import ArrFactory, ArrInstanceRepository
from tendarr.ports.clock import Clock
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory
from tendarr.services.connected_apps import ConnectedAppService, redacted

__all__ = ["ArrConnectionResult", "ArrService", "adapter", "redacted"]


@dataclass(frozen=True)
class ArrConnectionResult:
    """What a connection test found: the app and its root folders, or the error."""

    ok: bool
    system: ArrSystem | None = None
    root_folders: tuple[RootFolder, ...] = ()
    error: str | None = None


def adapter(factory: ArrFactory, config: ArrInstanceConfig) -> ArrInstance:
    """Return the Sonarr or Radarr adapter for ``config``."""
    if config.kind is ArrKind.SONARR:
        return factory.sonarr(config)
    return factory.radarr(config)


class ArrService(ConnectedAppService[ArrInstanceConfig, ArrConnectionResult]):
    """Everything the Sonarr/Radarr settings page and API do."""

    audit_prefix = "arr"
    noun = "instance"
    a_noun = "an instance"

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, connect: ArrFactory) -> None:
        super().__init__(uow, clock)
        self._connect = connect

    def _store(self, uow: UnitOfWork) -> ArrInstanceRepository:
        return uow.arr

    def _probe(self, config: ArrInstanceConfig) -> ArrConnectionResult:
        """Return the app's version and root folders, or why not."""
        try:
            app = adapter(self._connect, config)
            system = app.check()  # raises when the URL answers as the other app
            return ArrConnectionResult(True, system, tuple(app.root_folders()))
        except MediaServerError as err:
            return ArrConnectionResult(False, error=str(err))
