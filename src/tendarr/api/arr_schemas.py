"""Request and response bodies of the Sonarr/Radarr instance API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from tendarr.api.connected_app_schemas import ConnectedAppBody, ConnectedAppOut
from tendarr.domain.arr import ArrKind, RootFolder
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.services.manage_arr import ArrConnectionResult


class ArrBody(ConnectedAppBody):
    """An instance as clients send it (the API key may come back as ``********``)."""

    kind: Literal["sonarr", "radarr"]

    def to_config(self) -> ArrInstanceConfig:
        """Return the domain form."""
        return ArrInstanceConfig(kind=ArrKind(self.kind), **self.config_fields())


class ArrOut(ConnectedAppOut):
    """An instance with its API key redacted."""


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
