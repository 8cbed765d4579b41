"""Request and response bodies of the Sonarr/Radarr instance API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tendarr.domain.arr import ArrKind, RootFolder
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.services.manage_arr import ArrConnectionResult


class ArrBody(BaseModel):
    """An instance as clients send it (the API key may come back as ``********``)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=48)
    kind: Literal["sonarr", "radarr"]
    name: str = Field(min_length=1, max_length=128)
    url: str = Field(min_length=1, max_length=512)
    api_key: str = Field("", max_length=256)
    enabled: bool = True
    created_at: datetime | None = None  # read-only: accepted so a GET can be sent back
    updated_at: datetime | None = None

    def to_config(self) -> ArrInstanceConfig:
        """Return the domain form."""
        return ArrInstanceConfig(
            id=self.id,
            kind=ArrKind(self.kind),
            name=self.name,
            url=self.url.rstrip("/"),
            api_key=self.api_key,
            enabled=self.enabled,
        )


class ArrOut(BaseModel):
    """An instance with its API key redacted."""

    id: str
    kind: str
    name: str
    url: str
    api_key: str
    enabled: bool
    created_at: datetime | None
    updated_at: datetime | None

    @classmethod
    def of(cls, config: ArrInstanceConfig) -> ArrOut:
        """Build from a (redacted) config."""
        return cls(
            id=config.id,
            kind=config.kind.value,
            name=config.name,
            url=config.url,
            api_key=config.api_key,
            enabled=config.enabled,
            created_at=config.created_at,
            updated_at=config.updated_at,
        )


class RootFolderOut(BaseModel):
    """A root folder and its disk space."""

    path: str
    free_bytes: int | None
    total_bytes: int | None

    @classmethod
    def of(cls, folder: RootFolder) -> RootFolderOut:
        """Build from the domain form."""
        return cls(path=folder.path, free_bytes=folder.free_bytes, total_bytes=folder.total_bytes)


class ArrConnectionOut(BaseModel):
    """A connection test: the app's version and root folders, or the error."""

    ok: bool
    app_name: str | None = None
    version: str | None = None
    root_folders: list[RootFolderOut] = Field(default_factory=list)
    error: str | None = None

    @classmethod
    def of(cls, result: ArrConnectionResult) -> ArrConnectionOut:
        """Build from the service's result."""
        system = result.system
        return cls(
            ok=result.ok,
            app_name=system.app_name if system else None,
            version=system.version if system else None,
            root_folders=[RootFolderOut.of(f) for f in result.root_folders],
            error=result.error,
        )
