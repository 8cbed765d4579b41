"""Connected apps with a sealed API key: CRUD, redaction and the stored-key merge.

Sonarr/Radarr instances (``manage_arr.py``) and Overseerr/Jellyseerr apps
(``manage_request_apps.py``) are saved, listed, replaced and tested the same way; each
subclass names its store, its words in messages and audit events, and its connection test.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import Field, replace
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from tendarr.domain.arr_instances import REDACTED
from tendarr.domain.errors import Conflict, NotFound, ValidationFailed
from tendarr.ports.clock import Clock
from tendarr.ports.connected_apps import ConnectedAppConfig, ConnectedAppStore
from tendarr.ports.repositories import UnitOfWork, UnitOfWorkFactory

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")


class SavedApp(ConnectedAppConfig, Protocol):
    """A connected app's config that is a (frozen) dataclass, so fields can be replaced."""

    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]


AppT = TypeVar("AppT", bound=SavedApp)
ResultT = TypeVar("ResultT")


def redacted(config: AppT) -> AppT:
    """Return ``config`` with its API key hidden."""
    return replace(config, api_key=REDACTED if config.api_key else "")


class ConnectedAppService(ABC, Generic[AppT, ResultT]):
    """Save, list, replace, remove and test one kind of connected app."""

    audit_prefix: ClassVar[str]  # audit actions are ``<prefix>.created`` and so on
    noun: ClassVar[str]  # "instance": "instance x does not exist"
    a_noun: ClassVar[str]  # "an instance": "an instance with id 'x' already exists"

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def all(self) -> list[AppT]:
        """Return every app, API keys redacted."""
        with self._uow() as uow:
            return [redacted(c) for c in self._store(uow).all()]

    def get(self, app_id: str) -> AppT:
        """Return one app, API key redacted."""
        return redacted(self._stored(app_id))

    def create(self, config: AppT, actor: str | None) -> AppT:
        """Save a new app."""
        _validate(config)
        if config.api_key == REDACTED:
            raise ValidationFailed("api_key: required")
        with self._uow() as uow:
            store = self._store(uow)
            if store.get(config.id) is not None:
                raise Conflict(f"{self.a_noun} with id {config.id!r} already exists")
            now = self._clock.now()
            store.add(config, now)
            detail = {"kind": config.kind.value, "url": config.url}
            uow.audit.record(now, actor, f"{self.audit_prefix}.created", config.id, detail)
            uow.commit()
        return self.get(config.id)

    def replace(self, config: AppT, actor: str | None) -> AppT:
        """Replace an app; an API key sent back redacted (or empty) is kept."""
        merged = _with_stored_key(config, self._stored(config.id))
        _validate(merged)
        with self._uow() as uow:
            now = self._clock.now()
            self._store(uow).update(merged, now)
            uow.audit.record(now, actor, f"{self.audit_prefix}.updated", config.id, {})
            uow.commit()
        return self.get(config.id)

    def delete(self, app_id: str, actor: str | None) -> None:
        """Remove an app."""
        with self._uow() as uow:
            if not self._store(uow).delete(app_id):
                raise NotFound(f"{self.noun} {app_id} does not exist")
            uow.audit.record(self._clock.now(), actor, f"{self.audit_prefix}.deleted", app_id, {})
            uow.commit()

    def test_connection(self, config: AppT) -> ResultT:
        """Connect with a candidate (not saved); a redacted key is the stored one."""
        if config.id:
            with self._uow() as uow:
                stored = self._store(uow).get(config.id)
            if stored is not None:
                config = _with_stored_key(config, stored)
        if not config.api_key or config.api_key == REDACTED:
            raise ValidationFailed("api_key: required")
        return self._probe(config)

    @abstractmethod
    def _store(self, uow: UnitOfWork) -> ConnectedAppStore[AppT]:
        """Return this kind's repository in ``uow``."""

    @abstractmethod
    def _probe(self, config: AppT) -> ResultT:
        """Connect with a complete config; a MediaServerError becomes a failed result."""

    def _stored(self, app_id: str) -> AppT:
        with self._uow() as uow:
            found = self._store(uow).get(app_id)
        if found is None:
            raise NotFound(f"{self.noun} {app_id} does not exist")
        return found


def _with_stored_key(config: AppT, stored: AppT) -> AppT:
    if config.api_key in {"", REDACTED}:
        return replace(config, api_key=stored.api_key)
    return config


def _validate(config: ConnectedAppConfig) -> None:
    if not _SLUG.match(config.id):
        raise ValidationFailed("id: lowercase letters, digits and dashes (at most 48)")
    if not config.name.strip():
        raise ValidationFailed("name: required")
    if not config.url.startswith(("http://", "https://")):
        raise ValidationFailed("url: must start with http:// or https://")
    if not config.api_key:
        raise ValidationFailed("api_key: required")
