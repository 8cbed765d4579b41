"""The simulated Discover service (``discover.provider.plex.tv``): per-user watchlists.

Reading a friend's watchlist with the owner's token is not in any spec; the simulator
takes the friend's account ``uuid`` as a query parameter and answers a private watchlist
with an error, never with an empty list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tendarr.sim.faults import FaultMiddleware, FaultPlan
from tendarr.sim.model import MediaKind, Movie, Show, User, WatchlistEntry
from tendarr.sim.plex.library import plex_hex
from tendarr.sim.plex.plextv import PlexTvState
from tendarr.sim.plex.plextv_wire import errors
from tendarr.sim.plex.wire import container
from tendarr.sim.world import World

FILTERS = {"all", "available", "released"}
DEFAULT_PAGE = 20


@dataclass(frozen=True)
class Title:
    """A catalog title as Discover knows it."""

    kind: MediaKind
    rating_key: str
    movie: Movie | None
    show: Show | None


def titles(world: World) -> dict[str, Title]:
    """Return every catalog title by its Discover ratingKey."""
    out = {
        plex_hex("movie", m.tmdb_id): Title("movie", plex_hex("movie", m.tmdb_id), m, None)
        for m in world.movies
    }
    for s in world.shows:
        out[plex_hex("show", s.tmdb_id)] = Title("show", plex_hex("show", s.tmdb_id), None, s)
    return out


def _title_of(world: World, entry: WatchlistEntry) -> Title:
    if entry.kind == "movie":
        movie = world.movie_by_id[entry.item_id]
        return Title("movie", plex_hex("movie", movie.tmdb_id), movie, None)
    show = world.show_by_id[entry.item_id]
    return Title("show", plex_hex("show", show.tmdb_id), None, show)


def metadata(title: Title, *, guids: bool = False) -> dict[str, Any]:
    """Return a Discover Metadata object for a title."""
    item = title.movie or title.show
    assert item is not None
    released = title.movie.release_date if title.movie else title.show.first_air_date  # type: ignore[union-attr]
    slug = item.title.lower().replace(" ", "-")
    out: dict[str, Any] = {
        "ratingKey": title.rating_key,
        "key": f"/library/metadata/{title.rating_key}",
        "guid": f"plex://{title.kind}/{title.rating_key}",
        "type": title.kind,
        "title": item.title,
        "slug": slug,
        "year": item.year,
        "originallyAvailableAt": released.isoformat(),
        "contentRating": item.content_rating,
        "thumb": f"https://metadata-static.plex.tv/{title.rating_key[:1]}/gracenote/{title.rating_key}.jpg",
        "art": f"https://metadata-static.plex.tv/{title.rating_key[:1]}/art/{title.rating_key}.jpg",
        "publicPagesURL": f"https://watch.plex.tv/{title.kind}/{slug}",
        "audienceRating": round(item.tmdb_rating, 1),
        "audienceRatingImage": "themoviedb://image.rating",
    }
    if title.movie is not None:
        out["studio"] = title.movie.studio
        out["duration"] = title.movie.runtime_min * 60_000
    else:
        assert title.show is not None
        out["studio"] = title.show.network
        out["childCount"] = len(title.show.seasons)
        out["isContinuingSeries"] = title.show.status == "continuing"
    if guids:
        ids = [f"imdb://{item.imdb_id}", f"tmdb://{item.tmdb_id}"]
        if title.show is not None:
            ids.append(f"tvdb://{title.show.tvdb_id}")
        out["Guid"] = [{"id": i} for i in ids]
    return out


def _paging(request: Request) -> tuple[int, int]:
    start = request.headers.get("x-plex-container-start") or request.query_params.get(
        "X-Plex-Container-Start", "0"
    )
    size = request.headers.get("x-plex-container-size") or request.query_params.get(
        "X-Plex-Container-Size", str(DEFAULT_PAGE)
    )
    return int(start or 0), int(size or DEFAULT_PAGE)


def create_discover_app(
    world: World, *, faults: FaultPlan | None = None, accounts: PlexTvState | None = None
) -> FaultMiddleware:
    """Return the Discover simulator: watchlist listing, add and remove."""
    tv = accounts or PlexTvState(world)

    def caller(request: Request) -> User | None:
        token = request.headers.get("x-plex-token") or request.query_params.get("X-Plex-Token", "")
        return tv.user_for_token(token)

    async def watchlist(request: Request) -> Response:
        user = caller(request)
        if user is None:
            return errors(request, 401, 1001, "User could not be authenticated")
        which = request.path_params["filter"]
        if which not in FILTERS:
            return errors(request, 400, 1000, f"Invalid filter {which}")
        target = user
        wanted_uuid = request.query_params.get("uuid")
        if wanted_uuid and wanted_uuid != user.plex_uuid:
            friend = next((u for u in world.users if u.plex_uuid == wanted_uuid), None)
            if friend is None or user.kind != "owner":
                return errors(request, 404, 1020, "User not found")
            if friend.watchlist_private:
                return errors(request, 403, 1040, "This user's watchlist is private")
            target = friend
        entries = [e for e in world.watchlist if e.user_id == target.id]
        libtype = request.query_params.get("libtype")
        if libtype in {"movie", "show"}:
            entries = [e for e in entries if e.kind == libtype]
        chosen = [(e, _title_of(world, e)) for e in entries]
        if which == "available":
            chosen = [(e, t) for e, t in chosen if (t.movie or t.show).in_library]  # type: ignore[union-attr]
        elif which == "released":
            chosen = [(e, t) for e, t in chosen if _released(world, t)]
        sort = request.query_params.get("sort", "watchlistedAt:desc")
        field, _, direction = sort.partition(":")
        if field == "titleSort":
            chosen.sort(
                key=lambda et: metadata(et[1])["title"].lower(), reverse=direction == "desc"
            )
        else:
            chosen.sort(key=lambda et: et[0].added_at, reverse=direction != "asc")
        start, size = _paging(request)
        rows = []
        for entry, title in chosen[start : start + size]:
            row = metadata(title)
            row["watchlistedAt"] = int(entry.added_at.timestamp())
            rows.append(row)
        body = {
            "librarySectionID": "watchlist",
            "librarySectionTitle": "Watchlist",
            "identifier": "tv.plex.provider.discover",
            "offset": start,
            "totalSize": len(chosen),
            "size": len(rows),
            "Metadata": rows,
        }
        return container(request, body)

    async def item(request: Request) -> Response:
        if caller(request) is None:
            return errors(request, 401, 1001, "User could not be authenticated")
        title = titles(world).get(request.path_params["key"])
        if title is None:
            return errors(request, 404, 1020, "Not found")
        body = {
            "size": 1,
            "identifier": "tv.plex.provider.metadata",
            "Metadata": [metadata(title, guids=True)],
        }
        return container(request, body)

    async def add(request: Request) -> Response:
        return _change(request, add=True)

    async def remove(request: Request) -> Response:
        return _change(request, add=False)

    def _change(request: Request, *, add: bool) -> Response:
        user = caller(request)
        if user is None:
            return errors(request, 401, 1001, "User could not be authenticated")
        title = titles(world).get(request.query_params.get("ratingKey", ""))
        if title is None:
            return errors(request, 400, 1000, "Invalid ratingKey")
        item_id = (title.movie or title.show).id  # type: ignore[union-attr]
        present = [
            e
            for e in world.watchlist
            if e.user_id == user.id and e.kind == title.kind and e.item_id == item_id
        ]
        if add and not present:
            world.watchlist.append(WatchlistEntry(user.id, title.kind, item_id, world.now))
        if not add:
            for entry in present:
                world.watchlist.remove(entry)
        return Response(b"", status_code=200)

    routes = [
        Route("/library/sections/watchlist/{filter}", watchlist, methods=["GET"]),
        Route("/library/metadata/{key}", item, methods=["GET"]),
        Route("/actions/addToWatchlist", add, methods=["PUT"]),
        Route("/actions/removeFromWatchlist", remove, methods=["PUT"]),
    ]
    app = Starlette(routes=routes)
    return FaultMiddleware(app, faults or FaultPlan())


def _released(world: World, title: Title) -> bool:
    if title.movie is not None:
        return title.movie.release_date <= world.now.date()
    assert title.show is not None
    return title.show.first_air_date <= world.now.date()
