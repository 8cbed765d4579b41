"""Turn World changes and playback into PMS notifications and webhook payloads."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from tendarr.sim.model import Play
from tendarr.sim.plex.library import Catalog, Item
from tendarr.sim.plex.serialize import Serializer
from tendarr.sim.plex.state import Notification, NowPlaying, PlexState, account_id
from tendarr.sim.world import WorldEvent

LIBRARY_ID = "com.plexapp.plugins.library"
# Observed timeline states for a new item: created, processing (analysing), done.
NEW_ITEM_STATES = (0, 3, 5)
DELETED_STATE = 9
TIMELINE_TYPES = {"movie": 1, "show": 2, "season": 3, "episode": 4}


def on_world_event(state: PlexState, event: WorldEvent) -> None:
    """React to a World event: timeline entries and ``library.new`` for new items."""
    catalog = Catalog(state.world, state.server)
    if event.kind == "download.completed":
        kind, item_id = event.data["kind"], event.data["item_id"]
        rating_key = catalog.rating_key(kind, item_id)
        item = catalog.get(rating_key) if rating_key else None
        if item is None:
            return
        for timeline_state in NEW_ITEM_STATES:
            state.bus.publish(timeline(catalog, item, timeline_state))
        if not event.data.get("upgrade"):
            state.webhooks.queue(webhook_payload(state, "library.new", item, None))
    elif event.kind == "file.deleted":
        kind, item_id = event.data["kind"], event.data["item_id"]
        world = state.world
        title = (
            world.movie_by_id[item_id].title
            if kind == "movie"
            else world.episode_by_id[item_id].title
        )
        entry = {
            "identifier": LIBRARY_ID,
            "sectionID": _section_for(state, kind),
            "itemID": state.known_keys.get((kind, item_id), ""),
            "type": TIMELINE_TYPES.get(kind, 1),
            "title": title,
            "state": DELETED_STATE,
            "updatedAt": int(event.at.timestamp()),
        }
        state.bus.publish(Notification("timeline", {"TimelineEntry": entry}))


def _section_for(state: PlexState, kind: str) -> str:
    wanted = "movie" if kind == "movie" else "show"
    return next(lib.key for lib in state.server.libraries if lib.kind == wanted)


def timeline(catalog: Catalog, item: Item, timeline_state: int) -> Notification:
    """Return a TimelineEntry notification for ``item`` in ``timeline_state``."""
    title = (item.movie or item.episode or item.show).title  # type: ignore[union-attr]
    return Notification(
        "timeline",
        {
            "TimelineEntry": {
                "identifier": LIBRARY_ID,
                "sectionID": catalog.section_of(item).key,
                "itemID": item.rating_key,
                "type": TIMELINE_TYPES[item.kind],
                "title": title,
                "state": timeline_state,
                "updatedAt": int(catalog.world.now.timestamp()),
            }
        },
    )


def activity(state: PlexState, event: str, section_key: str, title: str) -> Notification:
    """Return an ActivityNotification of a library refresh."""
    state.activity_seq += 1
    activity_uuid = str(uuid.UUID(int=state.activity_seq, version=4))
    return Notification(
        "activity",
        {
            "ActivityNotification": {
                "event": event,
                "uuid": activity_uuid,
                "Activity": {
                    "uuid": activity_uuid,
                    "type": "library.refresh.items",
                    "cancellable": False,
                    "userID": 1,
                    "title": f"Scanning {title}",
                    "subtitle": "",
                    "progress": 100 if event == "ended" else 0,
                    "Context": {"librarySectionID": section_key},
                },
            }
        },
    )


def refresh(state: PlexState, section_key: str) -> None:
    """Publish the activity a section scan produces (files are already in the World)."""
    section = next(lib for lib in state.server.libraries if lib.key == section_key)
    started = activity(state, "started", section_key, section.name)
    state.bus.publish(started)
    ended = activity(state, "ended", section_key, section.name)
    ended.data["ActivityNotification"]["uuid"] = started.data["ActivityNotification"]["uuid"]
    ended.data["ActivityNotification"]["Activity"]["uuid"] = ended.data["ActivityNotification"][
        "uuid"
    ]
    state.bus.publish(ended)


def play_state(session: NowPlaying, item: Item) -> Notification:
    """Return a PlaySessionStateNotification for a session."""
    return Notification(
        "playing",
        {
            "PlaySessionStateNotification": {
                "sessionKey": str(session.session_key),
                "clientIdentifier": session.client_id,
                "guid": "",
                "ratingKey": item.rating_key,
                "url": "",
                "key": f"/library/metadata/{item.rating_key}",
                "viewOffset": session.view_offset_ms,
                "playQueueItemID": session.session_key,
                "state": session.state,
            }
        },
    )


def webhook_payload(
    state: PlexState, event: str, item: Item, session: NowPlaying | None
) -> dict[str, Any]:
    """Return the JSON ``payload`` part of a Plex webhook."""
    world = state.world
    user = world.user_by_id[session.user_id] if session else _owner(state)
    metadata = Serializer(state, user).metadata(item)
    metadata.pop("Media", None)  # webhooks carry no reliable file detail
    payload: dict[str, Any] = {
        "event": event,
        # Webhooks belong to the owner's account: ``owner`` says the server is theirs,
        # ``user`` says the owner (not a friend) caused the event.
        "user": user.kind == "owner",
        "owner": True,
        "Account": {"id": account_id(user), "thumb": "", "title": user.username},
        "Server": {"title": state.server.name, "uuid": state.server.machine_id},
        "Metadata": {"librarySectionType": "movie" if item.kind == "movie" else "show", **metadata},
    }
    if session is not None:
        payload["Player"] = {
            "local": True,
            "publicAddress": "203.0.113.7",
            "title": session.player,
            "uuid": session.client_id,
        }
    return payload


def _owner(state: PlexState) -> Any:
    return next(u for u in state.world.users if u.kind == "owner")


def start_session(
    state: PlexState, user_id: int, kind: str, item_id: int, view_offset_ms: int = 0
) -> NowPlaying:
    """Start a playback (test helper): it shows in /status/sessions and notifies."""
    catalog = Catalog(state.world, state.server)
    rating_key = catalog.rating_key(kind, item_id)
    item = catalog.get(rating_key) if rating_key else None
    if item is None:
        raise KeyError(f"{kind} {item_id} is not in the library of {state.server_id}")
    session = NowPlaying(
        session_key=state.next_session_key,
        user_id=user_id,
        kind="movie" if kind == "movie" else "episode",
        item_id=item_id,
        started_at=state.world.now,
        view_offset_ms=view_offset_ms,
        client_id=f"client-{user_id}-{state.next_session_key}",
    )
    state.next_session_key += 1
    state.sessions.append(session)
    state.bus.publish(play_state(session, item))
    state.webhooks.queue(webhook_payload(state, "media.play", item, session))
    return session


def update_session(
    state: PlexState, session_key: int, new_state: str, view_offset_ms: int | None = None
) -> NowPlaying:
    """Pause, resume or buffer a playback (test helper); notifies like PMS does."""
    session = next(s for s in state.sessions if s.session_key == session_key)
    if new_state not in {"playing", "paused", "buffering"}:
        raise ValueError(f"unknown session state {new_state}")
    previous, session.state = session.state, new_state  # type: ignore[assignment]
    if view_offset_ms is not None:
        session.view_offset_ms = view_offset_ms
    catalog = Catalog(state.world, state.server)
    item = catalog.get(catalog.rating_key(session.kind, session.item_id) or "")
    if item is None:
        return session
    state.bus.publish(play_state(session, item))
    if new_state == "paused" and previous != "paused":
        state.webhooks.queue(webhook_payload(state, "media.pause", item, session))
    elif new_state == "playing" and previous == "paused":
        state.webhooks.queue(webhook_payload(state, "media.resume", item, session))
    return session


def stop_session(state: PlexState, session_key: int, view_offset_ms: int | None = None) -> Play:
    """Stop a playback (test helper): record the play in the World and notify."""
    session = next(s for s in state.sessions if s.session_key == session_key)
    catalog = Catalog(state.world, state.server)
    item = catalog.get(catalog.rating_key(session.kind, session.item_id) or "")
    state.sessions.remove(session)
    if view_offset_ms is not None:
        session.view_offset_ms = view_offset_ms
    session.state = "stopped"
    file = item.file if item is not None else None
    duration = file.duration_ms if file is not None else session.view_offset_ms
    play = Play(
        id=max((p.id for p in state.world.plays), default=0) + 1,
        user_id=session.user_id,
        server_id=state.server_id,
        item_kind=session.kind,
        item_id=session.item_id,
        started_at=session.started_at,
        stopped_at=max(state.world.now, session.started_at + timedelta(seconds=1)),
        view_offset_ms=session.view_offset_ms,
        duration_ms=duration,
        completed=session.view_offset_ms >= duration * 0.9,
        player=session.player,
        platform=session.platform,
    )
    state.world.plays.append(play)
    state.world.emit("play.stopped", play_id=play.id, server_id=state.server_id)
    if item is not None:
        state.bus.publish(play_state(session, item))
        state.webhooks.queue(webhook_payload(state, "media.stop", item, session))
        if play.completed:
            state.webhooks.queue(webhook_payload(state, "media.scrobble", item, session))
    return play
