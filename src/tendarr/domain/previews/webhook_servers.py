"""Recognisers for media-server webhooks: Plex, Jellyfin's webhook plugin and Emby."""

from __future__ import annotations

from tendarr.domain.previews.webhook_types import (
    Body,
    RecognisedWebhook,
    Verdict,
    WebhookSource,
    WebhookUnrecognised,
    connection_test,
    mapping,
    noise,
    objects,
    text,
    unique,
)

# Item types that have video files (a show or season stands for its episodes).
_PLEX_VIDEO = frozenset({"movie", "episode", "show", "season", "clip"})
_MEDIABROWSER_VIDEO = frozenset(
    {"Movie", "Episode", "Series", "Season", "Video", "MusicVideo", "Trailer"}
)


def looks_like_plex(body: Body) -> bool:
    """Return whether the body is a Plex webhook (the ``payload`` part)."""
    return text(body, "event") is not None and any(
        key in body for key in ("Metadata", "Server", "Account", "Player")
    )


def looks_like_emby(body: Body) -> bool:
    """Return whether the body is an Emby webhook."""
    return text(body, "Event") is not None and any(
        key in body for key in ("Item", "Server", "Title")
    )


def looks_like_jellyfin(body: Body) -> bool:
    """Return whether the body is a Jellyfin webhook-plugin template."""
    return text(body, "NotificationType") is not None


def plex(body: Body) -> RecognisedWebhook:
    """Read Plex ``library.new``; file paths come from ``Media[].Part[].file`` when present."""
    event = text(body, "event") or ""
    if event == "test.ping":
        return connection_test(WebhookSource.PLEX, event)
    if event != "library.new":
        return noise(WebhookSource.PLEX, event)
    metadata = mapping(body, "Metadata")
    kind = text(metadata, "type")
    if kind is not None and kind not in _PLEX_VIDEO:
        return noise(WebhookSource.PLEX, event, f"Plex library.new for a {kind}: no video")
    paths = unique(
        text(part, "file")
        for media in objects(metadata.get("Media"))
        for part in objects(media.get("Part"))
    )
    rating_key = metadata.get("ratingKey")
    item = str(rating_key) if isinstance(rating_key, str | int) and str(rating_key) else None
    if not paths and item is None:
        raise WebhookUnrecognised("Plex library.new carries neither a ratingKey nor a file")
    title = text(metadata, "title") or "Plex item"
    if (show := text(metadata, "grandparentTitle")) is not None:
        title = f"{show} - {title}"
    return RecognisedWebhook(
        WebhookSource.PLEX,
        Verdict.IMPORT,
        event,
        paths=paths,
        item_ids=(item,) if item else (),
        server_identity=text(mapping(body, "Server"), "uuid"),
        title=title,
    )


def jellyfin(body: Body) -> RecognisedWebhook:
    """Read the webhook plugin's ``ItemAdded`` (any template with ``ItemId``)."""
    event = text(body, "NotificationType") or ""
    if event != "ItemAdded":
        return noise(WebhookSource.JELLYFIN, event)
    kind = text(body, "ItemType")
    if kind is not None and kind not in _MEDIABROWSER_VIDEO:
        return noise(WebhookSource.JELLYFIN, event, f"Jellyfin ItemAdded for a {kind}: no video")
    item = text(body, "ItemId")
    # The plugin offers no path variable today; a template that adds one is honoured.
    paths = unique([text(body, "Path"), text(body, "ItemPath")])
    if item is None and not paths:
        raise WebhookUnrecognised("Jellyfin ItemAdded needs ItemId in the template")
    name = text(body, "Name") or "Jellyfin item"
    if (series := text(body, "SeriesName")) is not None:
        name = f"{series} - {name}"
    return RecognisedWebhook(
        WebhookSource.JELLYFIN,
        Verdict.IMPORT,
        event,
        paths=paths,
        item_ids=(item,) if item else (),
        server_identity=text(body, "ServerId"),
        title=name,
    )


def emby(body: Body) -> RecognisedWebhook:
    """Read Emby's built-in ``library.new`` (``Item.Path`` is the server's path)."""
    event = text(body, "Event") or ""
    if event == "system.notificationtest":
        return connection_test(WebhookSource.EMBY, event)
    if event != "library.new":
        return noise(WebhookSource.EMBY, event)
    item = mapping(body, "Item")
    kind = text(item, "Type")
    if kind is not None and kind not in _MEDIABROWSER_VIDEO:
        return noise(WebhookSource.EMBY, event, f"Emby library.new for a {kind}: no video")
    item_id = text(item, "Id")
    paths = unique([text(item, "Path")])
    if item_id is None and not paths:
        raise WebhookUnrecognised("Emby library.new carries neither Item.Id nor Item.Path")
    name = text(item, "Name") or "Emby item"
    if (series := text(item, "SeriesName")) is not None:
        name = f"{series} - {name}"
    return RecognisedWebhook(
        WebhookSource.EMBY,
        Verdict.IMPORT,
        event,
        paths=paths,
        item_ids=(item_id,) if item_id else (),
        server_identity=text(mapping(body, "Server"), "Id"),
        title=name,
    )
