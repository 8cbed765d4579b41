"""Request and response bodies of ``/api/servers``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from tendarr.domain.media import ServerKind
from tendarr.domain.servers import LibraryToggle, PathMapping, ServerConfig, TautulliLink
from tendarr.services.manage_servers import ConnectionResult


class LibraryBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=64)
    name: str = Field(max_length=256)
    kind: str = Field(max_length=32)
    enabled: bool = True


class PathMappingBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    remote_prefix: str = Field(min_length=1, max_length=1024)
    local_prefix: str = Field(min_length=1, max_length=1024)
    webhook_prefixes: list[str] = Field(default_factory=list, max_length=16)


class TautulliBody(BaseModel):
    """The Tautulli instance watching a Plex server (its API key comes back redacted)."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=512)
    api_key: str = Field(min_length=1, max_length=256)


class ServerBody(BaseModel):
    """A server entry as clients send it (secrets may come back redacted)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=48)
    kind: Literal["plex", "jellyfin", "emby"]
    name: str = Field(min_length=1, max_length=128)
    url: str = Field(min_length=1, max_length=512)
    enabled: bool = True
    auth: dict[str, Any] = Field(default_factory=dict)
    libraries: list[LibraryBody] = Field(default_factory=list, max_length=200)
    path_mappings: list[PathMappingBody] = Field(default_factory=list, max_length=64)
    plex_config_folder: str | None = Field(None, max_length=1024)
    server_identity: str | None = Field(None, max_length=128)
    tautulli: TautulliBody | None = None

    def to_config(self) -> ServerConfig:
        return ServerConfig(
            id=self.id,
            kind=ServerKind(self.kind),
            name=self.name,
            url=self.url.rstrip("/"),
            enabled=self.enabled,
            auth=dict(self.auth),
            libraries=tuple(LibraryToggle(x.id, x.name, x.kind, x.enabled) for x in self.libraries),
            path_mappings=tuple(
                PathMapping(m.remote_prefix, m.local_prefix, tuple(m.webhook_prefixes))
                for m in self.path_mappings
            ),
            plex_config_folder=self.plex_config_folder,
            server_identity=self.server_identity,
            tautulli=(
                TautulliLink(self.tautulli.url.rstrip("/"), self.tautulli.api_key)
                if self.tautulli
                else None
            ),
        )


class ServerOut(ServerBody):
    """A stored server entry; secrets are always redacted."""

    model_config = ConfigDict(extra="forbid")

    last_sync_at: datetime | None = None
    last_sync_status: str | None = None

    @classmethod
    def of(cls, config: ServerConfig) -> ServerOut:
        return cls(
            id=config.id,
            kind=config.kind.value,
            name=config.name,
            url=config.url,
            enabled=config.enabled,
            auth=dict(config.auth),
            libraries=[
                LibraryBody(id=x.id, name=x.name, kind=x.kind, enabled=x.enabled)
                for x in config.libraries
            ],
            path_mappings=[
                PathMappingBody(
                    remote_prefix=m.remote_prefix,
                    local_prefix=m.local_prefix,
                    webhook_prefixes=list(m.webhook_prefixes),
                )
                for m in config.path_mappings
            ],
            plex_config_folder=config.plex_config_folder,
            server_identity=config.server_identity,
            tautulli=(
                TautulliBody(url=config.tautulli.url, api_key=config.tautulli.api_key)
                if config.tautulli
                else None
            ),
            last_sync_at=config.last_sync_at,
            last_sync_status=config.last_sync_status,
        )


class ServerList(BaseModel):
    servers: list[ServerOut]


class IdentityOut(BaseModel):
    kind: str
    name: str
    machine_id: str
    version: str


class RemoteLibraryOut(BaseModel):
    id: str
    name: str
    kind: str


class ConnectionOut(BaseModel):
    ok: bool
    identity: IdentityOut | None
    libraries: list[RemoteLibraryOut]
    error: str | None

    @classmethod
    def of(cls, result: ConnectionResult) -> ConnectionOut:
        identity = result.identity
        return cls(
            ok=result.ok,
            error=result.error,
            identity=IdentityOut(
                kind=identity.kind.value,
                name=identity.name,
                machine_id=identity.machine_id,
                version=identity.version,
            )
            if identity
            else None,
            libraries=[
                RemoteLibraryOut(id=x.id, name=x.name, kind=x.kind) for x in result.libraries
            ],
        )


class EnabledBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enabled: bool


class SyncBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full: bool = True


class OwnerOut(BaseModel):
    server_id: str
    local_path: str


class OwnerList(BaseModel):
    owners: list[OwnerOut]
