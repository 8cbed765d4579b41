"""What a Jellyfin or Emby server's household reads should report, read off the World.

Shared by the Jellyfin and Emby household tests (one MediaBrowser implementation).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from tendarr.domain.household import (
    AccountKind,
    PlaySource,
    RemoteAccount,
    RemotePlay,
    RemoteWatchEntry,
)
from tendarr.domain.media import ExternalIds, ItemKind
from tendarr.sim.model import MediaServer, Play, User
from tendarr.sim.world import World


def account_id(user: User, server: MediaServer) -> str:
    """Return the user's id on a Jellyfin or Emby server."""
    return user.jellyfin_id if server.kind == "jellyfin" else user.emby_id


def members(world: World, server: MediaServer) -> list[User]:
    """Return the household members with an account on ``server``."""
    return [u for u in world.users if server.id in u.servers]


def expected_accounts(world: World, server: MediaServer, server_id: str) -> list[RemoteAccount]:
    """Return every account the server lists: the owner administers, others only watch."""
    return [
        RemoteAccount(
            server_id=server_id,
            native_id=account_id(user, server),
            username=user.username,
            kind=AccountKind.ADMIN if user.kind == "owner" else AccountKind.USER,
        )
        for user in members(world, server)
    ]


def expected_plays(
    world: World,
    server: MediaServer,
    server_id: str,
    source: PlaySource,
    since: datetime | None = None,
) -> set[RemotePlay]:
    """Return one play per (user, item) the World's plays leave in the server's user data.

    The latest play dates the event; the count is the completed plays; an item whose last
    play stopped early keeps that position.
    """
    by_item: dict[tuple[int, str, int], list[Play]] = {}
    for play in world.plays:
        if play.server_id == server.id:
            by_item.setdefault((play.user_id, play.item_kind, play.item_id), []).append(play)
    out: set[RemotePlay] = set()
    for (user_id, kind, item_id), plays in by_item.items():
        native = server.native_ids.get((kind, item_id))
        if native is None:
            continue
        last = max(plays, key=lambda p: p.stopped_at)
        completed = sum(1 for p in plays if p.completed)
        position = None if last.completed else last.view_offset_ms
        if (completed == 0 and not position) or (since is not None and last.stopped_at <= since):
            continue
        user = account_id(world.user_by_id[user_id], server)
        out.add(
            RemotePlay(
                server_id=server_id,
                source=source,
                event_id=f"{user}:{native}:{last.stopped_at.isoformat()}",
                account_native_id=user,
                item_native_id=native,
                watched_at=last.stopped_at,
                completed=completed > 0,
                position_ms=position,
                duration_ms=_duration_ms(world, kind, item_id),
                play_count=completed,
            )
        )
    return out


def _duration_ms(world: World, kind: str, item_id: int) -> int:
    owner = world.movie_by_id[item_id] if kind == "movie" else world.episode_by_id[item_id]
    assert owner.file is not None
    return owner.file.duration_ms


def expected_favourites(world: World, server: MediaServer, user: User) -> set[RemoteWatchEntry]:
    """Return the user's favourite movies and shows on ``server`` as watchlist entries."""
    out: set[RemoteWatchEntry] = set()
    for fav in world.favorites:
        if fav.user_id != user.id or fav.server_id != server.id:
            continue
        native = server.native_ids[(fav.kind, fav.item_id)]
        if fav.kind == "movie":
            movie = world.movie_by_id[fav.item_id]
            ids = ExternalIds(tmdb=movie.tmdb_id, imdb=movie.imdb_id)
            out.add(RemoteWatchEntry(ItemKind.MOVIE, movie.title, ids, movie.year, None, native))
        else:
            show = world.show_by_id[fav.item_id]
            ids = ExternalIds(tmdb=show.tmdb_id, tvdb=show.tvdb_id, imdb=show.imdb_id)
            out.add(RemoteWatchEntry(ItemKind.SHOW, show.title, ids, show.year, None, native))
    return out


def flatten(pages: Iterable[list[RemotePlay]]) -> list[RemotePlay]:
    """Return every play of every page, in order."""
    return [play for page in pages for play in page]
