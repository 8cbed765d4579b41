"""The webhook notification agent: render the JSON template and POST it."""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

import httpx

from tendarr.sim.model import MediaRequest
from tendarr.sim.seerr.serialize import user_json
from tendarr.sim.seerr.state import NOTIFICATION_BITS, STATUS_NAMES, MediaRecord, SeerrState
from tendarr.sim.tmdb.catalog import art_path

# Overseerr's default payload template (byte-identical in Jellyseerr).
DEFAULT_TEMPLATE: dict[str, Any] = {
    "notification_type": "{{notification_type}}",
    "event": "{{event}}",
    "subject": "{{subject}}",
    "message": "{{message}}",
    "image": "{{image}}",
    "{{media}}": {
        "media_type": "{{media_type}}",
        "tmdbId": "{{media_tmdbid}}",
        "tvdbId": "{{media_tvdbid}}",
        "status": "{{media_status}}",
        "status4k": "{{media_status4k}}",
    },
    "{{request}}": {
        "request_id": "{{request_id}}",
        "requestedBy_email": "{{requestedBy_email}}",
        "requestedBy_username": "{{requestedBy_username}}",
        "requestedBy_avatar": "{{requestedBy_avatar}}",
        "requestedBy_settings_discordId": "{{requestedBy_settings_discordId}}",
        "requestedBy_settings_telegramChatId": "{{requestedBy_settings_telegramChatId}}",
    },
    "{{issue}}": {
        "issue_id": "{{issue_id}}",
        "issue_type": "{{issue_type}}",
        "issue_status": "{{issue_status}}",
        "reportedBy_email": "{{reportedBy_email}}",
        "reportedBy_username": "{{reportedBy_username}}",
        "reportedBy_avatar": "{{reportedBy_avatar}}",
        "reportedBy_settings_discordId": "{{reportedBy_settings_discordId}}",
        "reportedBy_settings_telegramChatId": "{{reportedBy_settings_telegramChatId}}",
    },
    "{{comment}}": {
        "comment_message": "{{comment_message}}",
        "commentedBy_email": "{{commentedBy_email}}",
        "commentedBy_username": "{{commentedBy_username}}",
        "commentedBy_avatar": "{{commentedBy_avatar}}",
        "commentedBy_settings_discordId": "{{commentedBy_settings_discordId}}",
        "commentedBy_settings_telegramChatId": "{{commentedBy_settings_telegramChatId}}",
    },
    "{{extra}}": [],
}
_EVENTS = {
    "MEDIA_PENDING": "New {kind} Request",
    "MEDIA_AUTO_APPROVED": "{kind} Request Automatically Approved",
    "MEDIA_APPROVED": "{kind} Request Approved",
    "MEDIA_DECLINED": "{kind} Request Declined",
    "MEDIA_AVAILABLE": "{kind} Now Available",
    "MEDIA_FAILED": "{kind} Request Failed",
}
_SPECIAL = {"{{media}}": "media", "{{request}}": "request", "{{issue}}": "issue"}
_SPECIAL["{{comment}}"] = "comment"


def variables(
    state: SeerrState, kind: str, request: MediaRequest | None, record: MediaRecord
) -> dict[str, str]:
    """Return the template variables for a media notification, every value a string."""
    world = state.world
    if record.kind == "movie":
        movie = world.movie_by_id[record.item_id]
        subject, overview = f"{movie.title} ({movie.release_date.year})", movie.overview
        tmdb_id, tvdb_id, label = movie.tmdb_id, "", "Movie"
        poster = art_path("movie", movie.tmdb_id, "poster")
    else:
        show = world.show_by_id[record.item_id]
        subject, overview = f"{show.title} ({show.first_air_date.year})", show.overview
        tmdb_id, tvdb_id, label = show.tmdb_id, str(show.tvdb_id), "Series"
        poster = art_path("tv", show.tmdb_id, "poster")
    values = {
        "notification_type": kind,
        "event": _EVENTS[kind].format(kind=label),
        "subject": subject,
        "message": overview[:500],
        "image": f"https://image.tmdb.org/t/p/w600_and_h900_bestv2{poster}",
        "media_type": "movie" if record.kind == "movie" else "tv",
        "media_tmdbid": str(tmdb_id),
        "media_tvdbid": tvdb_id,
        "media_status": STATUS_NAMES[state.status(record)],
        "media_status4k": "UNKNOWN",
    }
    if request is not None:
        user = world.user_by_id[request.user_id]
        values.update(
            {
                "request_id": str(request.id),
                "requestedBy_email": user.email,
                "requestedBy_username": user.username,
                "requestedBy_avatar": user_json(state, user)["avatar"],
                "requestedBy_settings_discordId": "",
                "requestedBy_settings_telegramChatId": "",
            }
        )
    return values


def render(
    template: dict[str, Any], values: dict[str, str], present: set[str], extra: list[Any]
) -> dict[str, Any]:
    """Render a template the way the agent's ``parseKeys`` does."""
    out: dict[str, Any] = {}
    for key, value in copy.deepcopy(template).items():
        if key == "{{extra}}":
            out["extra"] = extra
            continue
        if key in _SPECIAL:
            name = _SPECIAL[key]
            out[name] = render(value, values, present, extra) if name in present else None
            continue
        if isinstance(value, str):
            for var, text in values.items():
                value = value.replace("{{" + var + "}}", text)
            # Variables with nothing to say become empty strings, as in the agent.
            while "{{" in value and "}}" in value.split("{{", 1)[1]:
                head, rest = value.split("{{", 1)
                value = head + rest.split("}}", 1)[1]
            out[key] = value
        elif isinstance(value, dict):
            out[key] = render(value, values, present, extra)
        else:
            out[key] = value
    return out


def payload(
    state: SeerrState, kind: str, request: MediaRequest | None, record: MediaRecord
) -> dict[str, Any]:
    """Return the JSON body the webhook agent posts for a media notification."""
    template = (state.webhook.template if state.webhook else None) or DEFAULT_TEMPLATE
    present = {"media"} | ({"request"} if request is not None else set())
    extra: list[Any] = []
    if request is not None and request.kind == "show" and request.seasons:
        seasons = ", ".join(str(n) for n in request.seasons)
        extra = [{"name": "Requested Seasons", "value": seasons}]
    return render(template, variables(state, kind, request, record), present, extra)


class WebhookSender:
    """POST notifications through an injected httpx transport."""

    def __init__(self, state: SeerrState, transport: httpx.BaseTransport | None = None) -> None:
        self.state = state
        self.transport = transport

    def __call__(self, kind: str, request: MediaRequest | None, record: MediaRecord) -> None:
        hook = self.state.webhook
        if hook is None or not hook.enabled or not hook.types & NOTIFICATION_BITS[kind]:
            return
        self.send(payload(self.state, kind, request, record))

    def send(self, body: dict[str, Any]) -> None:
        """POST a rendered payload to the configured URL."""
        hook = self.state.webhook
        if hook is None:
            return
        headers = {"Content-Type": "application/json"}
        if hook.authorization:
            headers["Authorization"] = hook.authorization
        # The agent logs a failed delivery and moves on.
        with (
            httpx.Client(transport=self.transport, timeout=20) as client,
            contextlib.suppress(httpx.HTTPError),
        ):
            client.post(hook.url, content=json.dumps(body), headers=headers)


def sample_notification(state: SeerrState) -> dict[str, Any]:
    """Return the body of the agent's test notification."""
    template = (state.webhook.template if state.webhook else None) or DEFAULT_TEMPLATE
    values = {
        "notification_type": "TEST_NOTIFICATION",
        "event": "",
        "subject": "Test Notification",
        "message": "Check check, 1, 2, 3. Are we coming in clear?",
        "image": "",
    }
    return render(template, values, set(), [])
