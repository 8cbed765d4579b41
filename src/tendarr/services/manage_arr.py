"""Configured Sonarr/Radarr instances: CRUD, redaction and the connection test."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tendarr.domain.arr import ArrKind, ArrSystem, RootFolder
from tendarr.domain.arr_instances import REDACTED, ArrInstanceConfig
from tendarr.domain.errors import Conflict, NotFound, ValidationFailed
from tendarr.ports.arr import ArrInstance
from tendarr.ports.arr_store import ArrFactory
from tendarr.ports.clock import Clock
from tendarr.ports.media_server import MediaServerError
from tendarr.ports.repositories import UnitOfWorkFactory

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")


@dataclass(frozen=True)
class ArrConnectionResult:
    """What a connection test found: the app and its root folders, or the error."""

    ok: bool
    system: ArrSystem | None = None
    root_folders: tuple[RootFolder, ...] = ()
    error: str | None = None


def redacted(config: ArrInstanceConfig) -> ArrInstanceConfig:
    """Return ``config`` with its API key hidden."""
    return replace(config, api_key=REDACTED if config.api_key else "")


def adapter(factory: ArrFactory, config: ArrInstanceConfig) -> ArrInstance:
    """Return the Sonarr or Radarr adapter for ``config``."""
    if config.kind is ArrKind.SONARR:
        return factory.sonarr(config)
    return factory.radarr(config)


class ArrService:
    """Everything the Sonarr/Radarr settings page and API do."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, connect: ArrFactory) -> None:
        self._uow = uow
        self._clock = clock
        self._connect = connect

    def all(self) -> list[ArrInstanceConfig]:
        """Return every instance, API keys redacted."""
        with self._uow() as uow:
            return [redacted(c) for c in uow.arr.all()]

    def get(self, instance_id: str) -> ArrInstanceConfig:
        """Return one instance, API key redacted."""
        return redacted(self._stored(instance_id))

    def create(self, config: ArrInstanceConfig, actor: str | None) -> ArrInstanceConfig:
        """Save a new instance."""
        _validate(config)
        if config.api_key == REDACTED:
            raise ValidationFailed("api_key: required")
        with self._uow() as uow:
            if uow.arr.get(config.id) is not None:
                raise Conflict(f"an instance with id {config.id!r} already exists")
            now = self._clock.now()
            uow.arr.add(config, now)
            detail = {"kind": config.kind.value, "url": config.url}
            uow.audit.record(now, actor, "arr.created", config.id, dict(detail))
            uow.commit()
        return self.get(config.id)

    def replace(self, config: ArrInstanceConfig, actor: str | None) -> ArrInstanceConfig:
        """Replace an instance; an API key sent back redacted (or empty) is kept."""
        merged = self._with_stored_key(config, self._stored(config.id))
        _validate(merged)
        with self._uow() as uow:
            now = self._clock.now()
            uow.arr.update(merged, now)
            uow.audit.record(now, actor, "arr.updated", config.id, {})
            uow.commit()
        return self.get(config.id)

    def delete(self, instance_id: str, actor: str | None) -> None:
        """Remove an instance."""
        with self._uow() as uow:
            if not uow.arr.delete(instance_id):
                raise NotFound(f"instance {instance_id} does not exist")
            uow.audit.record(self._clock.now(), actor, "arr.deleted", instance_id, {})
            uow.commit()

    def test_connection(self, config: ArrInstanceConfig) -> ArrConnectionResult:
        """Connect with a candidate (not saved): the app's version and root folders."""
        if config.id:
            with self._uow() as uow:
                stored = uow.arr.get(config.id)
            if stored is not None:
                config = self._with_stored_key(config, stored)
        if not config.api_key or config.api_key == REDACTED:
            raise ValidationFailed("api_key: required")
        try:
            app = adapter(self._connect, config)
            system = app.check()  # raises when the URL answers as the other app
            return ArrConnectionResult(True, system, tuple(app.root_folders()))
        except MediaServerError as err:
            return ArrConnectionResult(False, error=str(err))

    @staticmethod
    def _with_stored_key(config: ArrInstanceConfig, stored: ArrInstanceConfig) -> ArrInstanceConfig:
        if config.api_key in {"", REDACTED}:
            return replace(config, api_key=stored.api_key)
        return config

    def _stored(self, instance_id: str) -> ArrInstanceConfig:
        with self._uow() as uow:
            found = uow.arr.get(instance_id)
        if found is None:
            raise NotFound(f"instance {instance_id} does not exist")
        return found


def _validate(config: ArrInstanceConfig) -> None:
    if not _SLUG.match(config.id):
        raise ValidationFailed("id: lowercase letters, digits and dashes (at most 48)")
    if not config.name.strip():
        raise ValidationFailed("name: required")
    if not config.url.startswith(("http://", "https://")):
        raise ValidationFailed("url: must start with http:// or https://")
    if not config.api_key:
        raise ValidationFailed("api_key: required")
