"""PMS sessions, play history, scrobbling and server preferences."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from tendarr.sim.model import Play, User
from tendarr.sim.plex.library import Catalog
from tendarr.sim.plex.serialize import Serializer, epoch
from tendarr.sim.plex.state import PlexState, account_id
from tendarr.sim.plex.wire import container, page, plain


def sessions(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /status/sessions``: playbacks in progress."""
    catalog = Catalog(state.world, state.server)
    rows = []
    for session in state.sessions:
        item = catalog.get(catalog.rating_key(session.kind, session.item_id) or "")
        if item is None:
            continue
        viewer = state.world.user_by_id[session.user_id]
        row = Serializer(state, viewer).metadata(item, detail=True)
        row.update(
            sessionKey=str(session.session_key),
            viewOffset=session.view_offset_ms,
            User={"id": str(account_id(viewer)), "title": viewer.username, "thumb": ""},
            Player={
                "title": session.player,
                "machineIdentifier": session.client_id,
                "platform": session.platform,
                "product": "Plex for Apple TV",
                "state": session.state,
                "local": True,
                "address": "192.168.1.40",
                "userID": account_id(viewer),
            },
            Session={"id": f"session-{session.session_key}", "bandwidth": 20000, "location": "lan"},
        )
        rows.append(row)
    return container(request, {"size": len(rows), "Metadata": rows})


def history(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /status/sessions/history/all`` (accountID, viewedAt>=, section, sort)."""
    query = request.query_params
    plays = [p for p in state.world.plays if p.server_id == state.server_id and p.completed]
    accounts = {account_id(u): u.id for u in state.users_with_access()}
    if user.kind != "owner":
        plays = [p for p in plays if p.user_id == user.id]
    if "accountID" in query:
        wanted = accounts.get(int(query["accountID"]), -1)
        plays = [p for p in plays if p.user_id == wanted]
    if "viewedAt>" in query:  # ``viewedAt>=N`` parses as key ``viewedAt>``
        plays = [p for p in plays if epoch(p.stopped_at) >= int(query["viewedAt>"])]
    if "viewedAt<" in query:
        plays = [p for p in plays if epoch(p.stopped_at) <= int(query["viewedAt<"])]
    rows = [r for r in (_history_row(state, p) for p in plays) if r is not None]
    if "librarySectionID" in query:
        rows = [r for r in rows if r["librarySectionID"] == query["librarySectionID"]]
    if "metadataItemID" in query:
        rows = [r for r in rows if r["ratingKey"] == query["metadataItemID"]]
    field, _, direction = query.get("sort", "viewedAt:asc").partition(":")
    if field in {"viewedAt", "accountID", "ratingKey"}:
        rows.sort(key=lambda r: (r[field], r["historyKey"]), reverse=direction == "desc")
    chosen, fields, headers = page(request, rows)
    return container(request, {**fields, "Metadata": chosen}, headers)


def _history_row(state: PlexState, play: Play) -> dict[str, Any] | None:
    rating_key = state.known_keys.get((play.item_kind, play.item_id))
    if rating_key is None:
        return None
    world = state.world
    viewer = world.user_by_id[play.user_id]
    section = next(
        lib
        for lib in state.server.libraries
        if lib.kind == ("movie" if play.item_kind == "movie" else "show")
    )
    row: dict[str, Any] = {
        "historyKey": f"/status/sessions/history/{play.id}",
        "key": f"/library/metadata/{rating_key}",
        "ratingKey": rating_key,
        "librarySectionID": section.key,
        "type": play.item_kind,
        "thumb": f"/library/metadata/{rating_key}/thumb/{epoch(play.started_at)}",
        "viewedAt": epoch(play.stopped_at),
        "accountID": account_id(viewer),
        "deviceID": 1 + play.user_id,
    }
    if play.item_kind == "movie":
        movie = world.movie_by_id[play.item_id]
        row.update(title=movie.title, originallyAvailableAt=movie.release_date.isoformat())
        return row
    episode = world.episode_by_id[play.item_id]
    show = world.show_by_id[episode.show_id]
    show_key = state.known_keys.get(("show", show.id), "")
    season_key = state.known_keys.get(("season", show.id * 1000 + episode.season_number), "")
    row.update(
        title=episode.title,
        grandparentTitle=show.title,
        index=episode.episode_number,
        parentIndex=episode.season_number,
        parentKey=f"/library/metadata/{season_key}",
        grandparentKey=f"/library/metadata/{show_key}",
    )
    if episode.air_date is not None:
        row["originallyAvailableAt"] = episode.air_date.isoformat()
    return row


def scrobble(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``PUT|GET /:/scrobble``: mark an item (or all its leaves) played."""
    return _mark(request, state, user, played=True)


def unscrobble(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``PUT|GET /:/unscrobble``: mark an item (or all its leaves) unplayed."""
    return _mark(request, state, user, played=False)


def _mark(request: Request, state: PlexState, user: User, *, played: bool) -> Response:
    if request.query_params.get("identifier") != "com.plexapp.plugins.library":
        return plain(400)
    catalog = Catalog(state.world, state.server)
    item = catalog.get(request.query_params.get("key", ""))
    if item is None:
        return plain(404)
    now = state.world.now
    for leaf in catalog.leaves(item):
        owner = leaf.movie or leaf.episode
        file = leaf.file
        assert owner is not None
        assert file is not None
        kind: Any = "movie" if leaf.kind == "movie" else "episode"
        if not played:
            state.unwatched_since[(user.id, kind, owner.id)] = now
            continue
        state.world.plays.append(
            Play(
                id=max((p.id for p in state.world.plays), default=0) + 1,
                user_id=user.id,
                server_id=state.server_id,
                item_kind=kind,
                item_id=owner.id,
                started_at=now,
                stopped_at=now,
                view_offset_ms=file.duration_ms,
                duration_ms=file.duration_ms,
                completed=True,
                player="Plex Web",
                platform="Web",
            )
        )
        state.unwatched_since.pop((user.id, kind, owner.id), None)
    return plain(200)


def prefs(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``GET /:/prefs``: server settings."""
    rows = []
    for name, value in state.prefs.items():
        kind = "bool" if isinstance(value, bool) else "int" if isinstance(value, int) else "text"
        rows.append(
            {
                "id": name,
                "label": name,
                "summary": "",
                "type": kind,
                "default": value,
                "value": value,
                "hidden": False,
                "advanced": False,
                "group": "general",
            }
        )
    return container(request, {"size": len(rows), "Setting": rows})


def set_prefs(request: Request, state: PlexState, user: User) -> Response:
    """Answer ``PUT /:/prefs``: change known settings; unknown names are a 400."""
    changes = {k: v for k, v in request.query_params.items() if not k.startswith("X-Plex-")}
    if not changes or any(k not in state.prefs for k in changes):
        return plain(400)
    for name, raw in changes.items():
        current = state.prefs[name]
        if isinstance(current, bool):
            state.prefs[name] = raw.lower() in {"1", "true"}
        elif isinstance(current, int):
            state.prefs[name] = int(raw)
        else:
            state.prefs[name] = raw
    state.server.allow_media_deletion = bool(state.prefs["allowMediaDeletion"])
    return plain(200)
