"""One table of connected apps whose API keys are sealed before they reach the database."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import Session

from tendarr.ports.connected_apps import ConnectedAppConfig
from tendarr.security.secretbox import SecretBox


class SealedAppRow(Protocol):
    """The columns every connected-app table has (``api_key`` holds the sealed key)."""

    id: str
    kind: str
    name: str
    url: str
    api_key: str
    enabled: bool
    created_at: datetime
    updated_at: datetime

    def __init__(self, *, id: str, created_at: datetime) -> None: ...


KindT = TypeVar("KindT", bound=enum.Enum)
KindT_contra = TypeVar("KindT_contra", bound=enum.Enum, contravariant=True)
AppT = TypeVar("AppT", bound=ConnectedAppConfig)
AppT_co = TypeVar("AppT_co", bound=ConnectedAppConfig, covariant=True)


class AppConfigType(Protocol[KindT_contra, AppT_co]):
    """The domain config class: built from a row's fields with the key opened."""

    def __call__(
        self,
        *,
        id: str,
        kind: KindT_contra,
        name: str,
        url: str,
        api_key: str,
        enabled: bool,
        created_at: datetime | None,
        updated_at: datetime | None,
    ) -> AppT_co: ...


class SealedAppRepository(Generic[KindT, AppT]):
    """Read and write one connected-app table; keys are sealed on write, opened on read."""

    def __init__(
        self,
        session: Session,
        box: SecretBox,
        row_type: type[SealedAppRow],
        config_type: AppConfigType[KindT, AppT],
        kind_type: Callable[[str], KindT],
    ) -> None:
        self._s = session
        self._box = box
        self._row = row_type
        self._id = inspect(row_type).primary_key[0]
        self._config_type = config_type
        self._kind = kind_type

    def all(self) -> list[AppT]:
        """Return every app, by id."""
        rows = self._s.scalars(select(self._row).order_by(self._id))
        return [self._config(row) for row in rows]

    def get(self, app_id: str) -> AppT | None:
        """Return one app, or None."""
        row = self._s.get(self._row, app_id, populate_existing=True)
        return self._config(row) if row else None

    def add(self, config: AppT, now: datetime) -> None:
        """Store a new app."""
        row = self._row(id=config.id, created_at=now)
        self._write(row, config, now)
        self._s.add(row)
        self._s.flush()

    def update(self, config: AppT, now: datetime) -> None:
        """Replace a stored app's fields."""
        row = self._s.get(self._row, config.id)
        if row is not None:
            self._write(row, config, now)
            self._s.flush()

    def delete(self, app_id: str) -> bool:
        """Remove an app; return whether there was one."""
        result = self._s.execute(delete(self._row).where(self._id == app_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def _write(self, row: SealedAppRow, config: AppT, now: datetime) -> None:
        row.kind = config.kind.value
        row.name = config.name
        row.url = config.url
        row.api_key = self._box.seal(config.api_key)
        row.enabled = config.enabled
        row.updated_at = now

    def _config(self, row: SealedAppRow) -> AppT:
        return self._config_type(
            id=row.id,
            kind=self._kind(row.kind),
            name=row.name,
            url=row.url,
            api_key=self._box.open(row.api_key) or "",  # "": sealed under another key
            enabled=row.enabled,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
