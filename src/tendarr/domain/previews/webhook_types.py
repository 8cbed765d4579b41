"""What an incoming webhook turned out to be, and the small readers the recognisers share."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tendarr.domain.errors import ValidationFailed

Body = Mapping[str, Any]


class WebhookSource(enum.StrEnum):
    """Who sent a webhook."""

    SONARR = "sonarr"
    RADARR = "radarr"
    PLEX = "plex"
    JELLYFIN = "jellyfin"
    EMBY = "emby"
    CUSTOM = "custom"

    @property
    def is_media_server(self) -> bool:
        """Return whether paths in its payloads are a media server's own paths."""
        return self in {WebhookSource.PLEX, WebhookSource.JELLYFIN, WebhookSource.EMBY}

    @property
    def label(self) -> str:
        """Return the vendor's name as people write it."""
        return self.value.capitalize()


class Verdict(enum.StrEnum):
    """What to do with a recognised webhook."""

    IMPORT = "import"  # files to make previews for
    TEST = "test"  # the sender's "test connection" button
    NOISE = "noise"  # a known event that is not about new files (grab, playback, …)


@dataclass(frozen=True)
class RecognisedWebhook:
    """A webhook body understood: where it came from and which files it names."""

    source: WebhookSource
    verdict: Verdict
    event: str
    paths: tuple[str, ...] = ()  # as the sender sees them
    deleted_paths: tuple[str, ...] = ()  # files an upgrade replaced
    item_ids: tuple[str, ...] = ()  # the media server's item ids (files looked up later)
    server_identity: str | None = None  # Plex Server.uuid, Jellyfin ServerId, Emby Server.Id
    title: str | None = None
    upgrade: bool = False
    reason: str | None = None  # why it is noise


class WebhookUnrecognised(ValidationFailed):
    """A body no recogniser understands, or an import event that names no file."""

    code = "WEBHOOK_UNRECOGNISED"


def noise(source: WebhookSource, event: str, why: str | None = None) -> RecognisedWebhook:
    """Return a NOISE verdict for ``event``."""
    reason = why or f"{source.label} {event} events are not imports"
    return RecognisedWebhook(source, Verdict.NOISE, event, reason=reason)


def connection_test(source: WebhookSource, event: str) -> RecognisedWebhook:
    """Return a TEST verdict."""
    return RecognisedWebhook(source, Verdict.TEST, event, reason="test event: the URL works")


def text(body: Body, key: str) -> str | None:
    """Return ``body[key]`` when it is a non-empty string."""
    value = body.get(key)
    return value if isinstance(value, str) and value.strip() else None


def mapping(body: Body, key: str) -> Body:
    """Return ``body[key]`` when it is an object, else an empty one."""
    value = body.get(key)
    return value if isinstance(value, Mapping) else {}


def objects(value: object) -> list[Body]:
    """Return the objects of a JSON array (anything else: none)."""
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, Mapping)]


def unique(paths: Iterable[str | None]) -> tuple[str, ...]:
    """Return the non-empty paths once each, in order."""
    return tuple(dict.fromkeys(p for p in paths if p))
