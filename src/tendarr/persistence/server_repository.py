"""Configured media servers; credentials are sealed before they reach the database."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from tendarr.domain.media import ServerKind
from tendarr.domain.servers import (
    SECRET_FIELDS,
    LibraryToggle,
    PathMapping,
    ServerConfig,
    TautulliLink,
)
from tendarr.persistence.media_tables import MediaServerRow
from tendarr.security.secretbox import SecretBox


class SqlServerRepository:
    """The ``media_servers`` table."""

    def __init__(self, session: Session, box: SecretBox) -> None:
        self._s = session
        self._box = box

    def all(self) -> list[ServerConfig]:
        query = select(MediaServerRow).order_by(MediaServerRow.position, MediaServerRow.id)
        return [self._config(r) for r in self._s.scalars(query)]

    def get(self, server_id: str) -> ServerConfig | None:
        row = self._s.get(MediaServerRow, server_id, populate_existing=True)
        return self._config(row) if row else None

    def add(self, config: ServerConfig, now: datetime) -> None:
        position = len(self.all())
        row = MediaServerRow(id=config.id, created_at=now, position=position)
        self._write(row, config, now)
        self._s.add(row)
        self._s.flush()

    def update(self, config: ServerConfig, now: datetime) -> None:
        row = self._s.get(MediaServerRow, config.id)
        if row is not None:
            self._write(row, config, now)
            self._s.flush()

    def delete(self, server_id: str) -> bool:
        result = self._s.execute(delete(MediaServerRow).where(MediaServerRow.id == server_id))
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def record_sync(self, server_id: str, now: datetime, status: str) -> None:
        row = self._s.get(MediaServerRow, server_id)
        if row is not None:
            row.last_sync_at = now
            row.last_sync_status = status

    def _write(self, row: MediaServerRow, config: ServerConfig, now: datetime) -> None:
        row.kind = config.kind.value
        row.name = config.name
        row.url = config.url
        row.enabled = config.enabled
        row.auth = {k: self._seal(k, v) for k, v in config.auth.items()}
        row.libraries = [
            {"id": lib.id, "name": lib.name, "kind": lib.kind, "enabled": lib.enabled}
            for lib in config.libraries
        ]
        row.path_mappings = [
            {
                "remote_prefix": m.remote_prefix,
                "local_prefix": m.local_prefix,
                "webhook_prefixes": list(m.webhook_prefixes),
            }
            for m in config.path_mappings
        ]
        row.plex_config_folder = config.plex_config_folder
        row.server_identity = config.server_identity
        row.tautulli = (
            {"url": config.tautulli.url, "api_key": self._seal("api_key", config.tautulli.api_key)}
            if config.tautulli
            else None
        )
        row.updated_at = now

    def _seal(self, key: str, value: Any) -> Any:
        if key in SECRET_FIELDS and isinstance(value, str) and value:
            return {"sealed": self._box.seal(value)}
        return value

    def _open(self, value: Any) -> Any:
        if isinstance(value, dict) and "sealed" in value:
            return self._box.open(str(value["sealed"]))
        return value

    def _tautulli(self, stored: dict[str, Any] | None) -> TautulliLink | None:
        if not stored:
            return None
        return TautulliLink(str(stored["url"]), str(self._open(stored.get("api_key")) or ""))

    def _config(self, row: MediaServerRow) -> ServerConfig:
        return ServerConfig(
            id=row.id,
            kind=ServerKind(row.kind),
            name=row.name,
            url=row.url,
            enabled=row.enabled,
            auth={k: self._open(v) for k, v in (row.auth or {}).items()},
            libraries=tuple(
                LibraryToggle(
                    str(x["id"]), str(x["name"]), str(x["kind"]), bool(x.get("enabled", True))
                )
                for x in row.libraries or []
            ),
            path_mappings=tuple(
                PathMapping(
                    str(m["remote_prefix"]),
                    str(m["local_prefix"]),
                    tuple(m.get("webhook_prefixes") or ()),
                )
                for m in row.path_mappings or []
            ),
            plex_config_folder=row.plex_config_folder,
            server_identity=row.server_identity,
            tautulli=self._tautulli(row.tautulli),
            last_sync_at=row.last_sync_at,
            last_sync_status=row.last_sync_status,
        )
