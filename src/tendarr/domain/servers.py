"""Configured media servers: connection, credentials, libraries and path mappings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from tendarr.domain.media import ServerKind

AUTH_METHODS: dict[ServerKind, frozenset[str]] = {
    ServerKind.PLEX: frozenset({"token"}),
    ServerKind.JELLYFIN: frozenset({"password", "quick_connect", "api_key"}),
    ServerKind.EMBY: frozenset({"password", "api_key"}),
}
SECRET_FIELDS = frozenset({"token", "password", "api_key", "access_token"})
REDACTED = "********"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")


@dataclass(frozen=True)
class LibraryToggle:
    """A library of the server and whether Tendarr tends it."""

    id: str
    name: str
    kind: str
    enabled: bool = True


@dataclass(frozen=True)
class PathMapping:
    """How a path the server reports maps to a path Tendarr can open."""

    remote_prefix: str
    local_prefix: str
    webhook_prefixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TautulliLink:
    """A Tautulli instance that watches a Plex server: the richer history source."""

    url: str
    api_key: str = field(repr=False)

    def redacted(self) -> TautulliLink:
        """Return a copy whose API key reads as ``REDACTED``."""
        return replace(self, api_key=REDACTED if self.api_key else "")


@dataclass(frozen=True)
class ServerConfig:
    """One entry of ``media_servers``, in the spirit of the reference system's settings."""

    id: str
    kind: ServerKind
    name: str
    url: str
    enabled: bool = True
    auth: dict[str, Any] = field(default_factory=dict)
    libraries: tuple[LibraryToggle, ...] = ()
    path_mappings: tuple[PathMapping, ...] = ()
    plex_config_folder: str | None = None
    server_identity: str | None = None
    tautulli: TautulliLink | None = None  # Plex only
    last_sync_at: datetime | None = None
    last_sync_status: str | None = None

    def enabled_libraries(self) -> list[LibraryToggle]:
        """Return the libraries to sync."""
        return [lib for lib in self.libraries if lib.enabled and lib.kind in {"movie", "show"}]

    def redacted(self) -> ServerConfig:
        """Return a copy whose secrets read as ``REDACTED``."""
        auth = {k: (REDACTED if k in SECRET_FIELDS and v else v) for k, v in self.auth.items()}
        tautulli = self.tautulli.redacted() if self.tautulli else None
        return replace(self, auth=auth, tautulli=tautulli)


def config_problem(config: ServerConfig) -> str | None:
    """Return why a server configuration cannot be saved, or None."""
    if not _ID.match(config.id):
        return "id must be lowercase letters, digits and dashes (at most 48)"
    if not config.name.strip():
        return "name must not be empty"
    if problem := url_problem(config.url):
        return problem
    method = config.auth.get("method")
    allowed = AUTH_METHODS[config.kind]
    if method not in allowed:
        return f"auth.method for {config.kind.value} must be one of {', '.join(sorted(allowed))}"
    needs = {"token": "token", "api_key": "api_key"}.get(str(method))
    if needs and not config.auth.get(needs):
        return f"auth.{needs} is required for auth.method {method}"
    if method in {"password", "quick_connect"} and not config.auth.get("access_token"):
        return f"auth.access_token is required for auth.method {method} (sign in first)"
    if config.tautulli is not None:
        if config.kind is not ServerKind.PLEX:
            return "tautulli can only be linked to a Plex server"
        if problem := url_problem(config.tautulli.url):
            return f"tautulli {problem}"
        if not config.tautulli.api_key:
            return "tautulli.api_key is required"
    for mapping in config.path_mappings:
        if not mapping.remote_prefix.startswith("/") or not mapping.local_prefix.startswith("/"):
            return "path mappings need absolute remote_prefix and local_prefix"
    return None


def url_problem(url: str) -> str | None:
    """Return why ``url`` cannot be a server URL, or None."""
    if not re.match(r"^https?://[^\s/]+", url):
        return "url must start with http:// or https:// and name a host"
    return None


def free_server_id(name: str, taken: set[str]) -> str:
    """Return an id made from ``name`` (lowercase, dashes) that is not in ``taken``."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-") or "server"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def keep_redacted_secrets(new_auth: dict[str, Any], old_auth: dict[str, Any]) -> dict[str, Any]:
    """Return ``new_auth`` where a secret sent back redacted keeps its stored value."""
    merged = dict(new_auth)
    for key in SECRET_FIELDS:
        if merged.get(key) == REDACTED and key in old_auth:
            merged[key] = old_auth[key]
    return merged


def keep_redacted_tautulli(
    new: TautulliLink | None, old: TautulliLink | None
) -> TautulliLink | None:
    """Return ``new`` where an API key sent back redacted keeps its stored value."""
    if new is not None and new.api_key == REDACTED and old is not None:
        return replace(new, api_key=old.api_key)
    return new


def map_to_local(path: str, mappings: tuple[PathMapping, ...]) -> str | None:
    """Return where Tendarr finds a server path, or None if no mapping covers it.

    The longest matching remote prefix wins; prefixes match whole path segments.
    """
    best: PathMapping | None = None
    for mapping in mappings:
        prefix = mapping.remote_prefix.rstrip("/")
        if (path == prefix or path.startswith(prefix + "/")) and (
            best is None or len(prefix) > len(best.remote_prefix.rstrip("/"))
        ):
            best = mapping
    if best is None:
        return None
    return best.local_prefix.rstrip("/") + path[len(best.remote_prefix.rstrip("/")) :]
