"""Outgoing webhook posts: Jellyfin's webhook plugin and Emby's built-in webhooks."""

from __future__ import annotations

from typing import Any

import httpx

from tendarr.sim.mediabrowser.catalog import Item
from tendarr.sim.mediabrowser.state import ServerState
from tendarr.sim.mediabrowser.wire import iso
from tendarr.sim.model import User

_EMBY_EVENTS = {
    "ItemAdded": "library.new",
    "PlaybackStart": "playback.start",
    "PlaybackStop": "playback.stop",
}


def _providers(item: Item) -> dict[str, str]:
    out: dict[str, str] = {}
    if item.movie is not None:
        out = {"Provider_tmdb": str(item.movie.tmdb_id), "Provider_imdb": item.movie.imdb_id}
    elif item.show is not None:
        out = {"Provider_tvdb": str(item.show.tvdb_id), "Provider_tmdb": str(item.show.tmdb_id)}
        if item.episode is not None:
            out["Provider_tvdb"] = str(item.episode.tvdb_id)
            out["Provider_tmdb"] = str(item.episode.tmdb_id)
    return out


def jellyfin_payload(
    state: ServerState, event: str, item: Item, user: User | None = None, **extra: Any
) -> dict[str, Any]:
    """Return the JSON Tendarr's documented webhook-plugin template renders."""
    # The plugin renders a per-destination Handlebars template, so there is no fixed schema;
    # this is the template Tendarr ships, built from the plugin's documented variables.
    payload: dict[str, Any] = {
        "ServerId": state.server.machine_id,
        "ServerName": state.server.name,
        "ServerVersion": state.server.version,
        "NotificationType": event,
        "Timestamp": iso(state.world.now),
        "UtcTimestamp": iso(state.world.now),
        "Name": item.name,
        "ItemId": item.id,
        "ItemType": item.type,
        "Year": item.movie.year if item.movie else (item.show.year if item.show else None),
        **_providers(item),
    }
    if item.episode is not None and item.show is not None:
        payload.update(
            SeriesName=item.show.title,
            SeriesId=item.series_id,
            SeasonNumber=item.episode.season_number,
            EpisodeNumber=item.episode.episode_number,
        )
    if user is not None:
        payload["UserId"] = state.user_id(user)
        payload["NotificationUsername"] = user.username
    payload.update(extra)
    return payload


def emby_payload(
    state: ServerState,
    event: str,
    item_dto: dict[str, Any],
    user: User | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Return Emby's built-in webhook body (shape **unverified**: no Emby spec covers it)."""
    payload: dict[str, Any] = {
        "Title": f"{item_dto.get('Name', '')} {_EMBY_EVENTS[event].split('.')[-1]}",
        "Date": iso(state.world.now),
        "Event": _EMBY_EVENTS[event],
        "Item": item_dto,
        "Server": {
            "Name": state.server.name,
            "Id": state.server.machine_id,
            "Version": state.server.version,
        },
    }
    if user is not None:
        payload["User"] = {"Name": user.username, "Id": state.user_id(user)}
    payload.update(extra)
    return payload


def deliver(state: ServerState, payload: dict[str, Any]) -> None:
    """Post a payload to every registered URL; delivery failures are the receiver's problem."""
    state.sent_webhooks.append(payload)
    if not state.webhook_urls:
        return
    if state.webhook_client is None:
        state.webhook_client = httpx.Client(timeout=5)
    client = state.webhook_client
    for url in state.webhook_urls:
        try:
            client.post(url, json=payload)
        except httpx.HTTPError:
            continue  # servers log a failed delivery and move on
