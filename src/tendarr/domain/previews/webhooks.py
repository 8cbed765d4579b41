"""The universal webhook: recognise any supported sender, and map its paths to local ones.

Recognition is by shape, most specific first: Sonarr and Radarr (``eventType`` with series
or movie blocks), Plex (``event`` with ``Metadata``/``Server``), Emby (``Event`` with
``Item``/``Server``), Jellyfin's webhook plugin (``NotificationType``), then the custom
``{file_path}`` / ``{file_paths, title}`` body. Known events that are not imports are NOISE
(answered 202 and ignored); anything else raises WebhookUnrecognised (400).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from tendarr.domain.errors import ValidationFailed
from tendarr.domain.previews import webhook_arr, webhook_servers
from tendarr.domain.previews.webhook_types import (
    Body,
    RecognisedWebhook,
    Verdict,
    WebhookSource,
    WebhookUnrecognised,
)
from tendarr.domain.servers import PathMapping, ServerConfig, map_to_local

__all__ = [
    "RecognisedWebhook",
    "Verdict",
    "WebhookSource",
    "WebhookUnrecognised",
    "arr_path_to_local",
    "recognise_webhook",
    "server_path_to_local",
    "webhook_local_paths",
    "webhook_sender",
]

_RECOGNISERS: tuple[tuple[Callable[[Body], bool], Callable[[Body], RecognisedWebhook]], ...] = (
    (webhook_arr.looks_like_sonarr, webhook_arr.sonarr),
    (webhook_arr.looks_like_radarr, webhook_arr.radarr),
    (webhook_servers.looks_like_plex, webhook_servers.plex),
    (webhook_servers.looks_like_emby, webhook_servers.emby),
    (webhook_servers.looks_like_jellyfin, webhook_servers.jellyfin),
    (webhook_arr.looks_like_custom, webhook_arr.custom),
)


def recognise_webhook(body: object) -> RecognisedWebhook:
    """Return what ``body`` (parsed JSON) is; raise WebhookUnrecognised when unknown."""
    if not isinstance(body, Mapping):
        raise WebhookUnrecognised("the webhook body must be a JSON object")
    for looks_like, read in _RECOGNISERS:
        if looks_like(body):
            return read(body)
    raise WebhookUnrecognised(
        "unrecognised webhook: expected Sonarr, Radarr, Plex, Jellyfin, Emby or "
        "{file_path} / {file_paths}"
    )


def arr_path_to_local(path: str, mappings: tuple[PathMapping, ...]) -> str | None:
    """Return where Tendarr finds a path Sonarr/Radarr (or a script) reported, or None.

    Each mapping row matches on its ``webhook_prefixes`` and, since a blank webhook path
    means "the same as the media server", on its ``remote_prefix`` too. The longest
    matching prefix wins; prefixes match whole path segments.
    """
    best: tuple[str, PathMapping] | None = None
    for row in mappings:
        for prefix in (*row.webhook_prefixes, row.remote_prefix):
            bare = prefix.rstrip("/")
            if not bare or not (path == bare or path.startswith(bare + "/")):
                continue
            if best is None or len(bare) > len(best[0]):
                best = (bare, row)
    if best is None:
        return None
    bare, row = best
    return row.local_prefix.rstrip("/") + path[len(bare) :]


def server_path_to_local(path: str, mappings: tuple[PathMapping, ...]) -> str | None:
    """Return where Tendarr finds a path a media server reported, or None."""
    return map_to_local(path, mappings)


def webhook_sender(
    found: RecognisedWebhook,
    servers: Sequence[ServerConfig],
    pinned: ServerConfig | None,
) -> ServerConfig | None:
    """Return the configured server a media-server webhook came from (None: cannot tell).

    A pinned URL names the server; a body's server identity (Plex ``Server.uuid``, Jellyfin
    ``ServerId``, Emby ``Server.Id``) must then agree with it. Without a pin the identity
    picks the server, or the only server of that kind. Sonarr/Radarr/custom: the pin only.
    """
    sent = _norm(found.server_identity)
    if pinned is not None:
        stored = _norm(pinned.server_identity)
        if found.source.is_media_server and sent and stored and sent != stored:
            raise ValidationFailed(f"the webhook's server id is not that of {pinned.id}")
        return pinned
    if not found.source.is_media_server:
        return None
    same_kind = [s for s in servers if s.kind.value == found.source.value]
    if sent:
        return next((s for s in same_kind if _norm(s.server_identity) == sent), None)
    return same_kind[0] if len(same_kind) == 1 else None


def webhook_local_paths(
    paths: Sequence[str],
    source: WebhookSource,
    servers: Sequence[ServerConfig],
    pinned: ServerConfig | None,
    sender: ServerConfig | None,
) -> list[str]:
    """Return where Tendarr finds each reported path (unchanged when no mapping covers it).

    Media servers report their own paths (``remote_prefix``); Sonarr, Radarr and scripts
    report theirs (``webhook_prefixes``, then ``remote_prefix``). A pinned or identified
    server's mappings are used alone; otherwise the first server whose mapping matches.
    """
    if source.is_media_server:
        pool = [sender] if sender else [s for s in servers if s.kind.value == source.value]
        convert = server_path_to_local
    else:
        pool = [pinned] if pinned else list(servers)
        convert = arr_path_to_local
    local = []
    for path in paths:
        mapped = next((m for s in pool if (m := convert(path, s.path_mappings)) is not None), None)
        local.append(mapped or path)
    return list(dict.fromkeys(local))


def _norm(identity: str | None) -> str:
    return (identity or "").replace("-", "").lower()
