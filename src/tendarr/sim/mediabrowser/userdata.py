"""Per-user item data (played, play count, favourite, resume point) for one server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tendarr.sim.mediabrowser.catalog import Catalog, Item
from tendarr.sim.mediabrowser.state import ServerState, UserItemData
from tendarr.sim.mediabrowser.wire import iso
from tendarr.sim.model import Favorite, MediaKind, User

TICKS_PER_MS = 10_000


def stored(state: ServerState, user: User, item: Item) -> UserItemData:
    """Return the item data for a movie or episode: stored changes, else the World's plays."""
    kept = state.user_data.get((user.id, item.key))
    if kept is not None:
        return kept
    plays = [
        p
        for p in state.world.plays
        if p.user_id == user.id
        and p.server_id == state.server.id
        and (p.item_kind, p.item_id) == item.key
    ]
    data = UserItemData()
    if not plays:
        return data
    plays.sort(key=lambda p: p.stopped_at)
    data.play_count = sum(1 for p in plays if p.completed)
    data.played = data.play_count > 0
    data.last_played = plays[-1].stopped_at
    last = plays[-1]
    data.position_ticks = 0 if last.completed else last.view_offset_ms * TICKS_PER_MS
    return data


def is_favorite(state: ServerState, user: User, item: Item) -> bool:
    """Return whether the user marked the item as a favourite on this server."""
    kind, item_id = item.key
    if kind in {"movie", "show"}:
        return any(
            f.user_id == user.id
            and f.server_id == state.server.id
            and (f.kind, f.item_id) == (kind, item_id)
            for f in state.world.favorites
        )
    return (user.id, item.key) in state.favorites


def set_favorite(state: ServerState, user: User, item: Item, value: bool) -> None:
    """Mark or unmark a favourite; movies and shows live in the World's favourites."""
    kind, item_id = item.key
    if kind in {"movie", "show"}:
        state.world.favorites = [
            f
            for f in state.world.favorites
            if not (
                f.user_id == user.id
                and f.server_id == state.server.id
                and (f.kind, f.item_id) == (kind, item_id)
            )
        ]
        if value:
            media_kind: MediaKind = "movie" if kind == "movie" else "show"
            state.world.favorites.append(
                Favorite(user.id, state.server.id, media_kind, item_id, state.world.now)
            )
    elif value:
        state.favorites.add((user.id, item.key))
    else:
        state.favorites.discard((user.id, item.key))


def mark_played(
    state: ServerState, catalog: Catalog, user: User, item: Item, when: datetime | None
) -> None:
    """Mark an item (or every episode below it) played, as Jellyfin's MarkPlayed does."""
    for target in catalog.episodes_of(item):
        data = stored(state, user, target)
        data = UserItemData(data.played, data.play_count, data.position_ticks, data.last_played)
        if when is not None:
            data.play_count += 1
        data.play_count = max(data.play_count, 1)
        data.position_ticks = 0
        data.last_played = when or data.last_played or state.world.now
        data.played = True
        state.user_data[(user.id, target.key)] = data


def mark_unplayed(state: ServerState, catalog: Catalog, user: User, item: Item) -> None:
    """Clear played state, count, resume point and last-played date."""
    for target in catalog.episodes_of(item):
        state.user_data[(user.id, target.key)] = UserItemData()


@dataclass(frozen=True)
class ItemView:
    """What an item's UserItemDataDto says for one user; folders add up their episodes."""

    played: bool
    play_count: int
    position_ticks: int
    last_played: datetime | None
    favorite: bool
    unplayed_count: int | None  # folders only
    resumable: bool


def view(state: ServerState, catalog: Catalog, user: User, item: Item) -> ItemView:
    """Return the user's data for an item as the DTO, the filters and the sorts read it."""
    favorite = is_favorite(state, user, item)
    if not item.is_folder:
        data = stored(state, user, item)
        return ItemView(
            data.played,
            data.play_count,
            data.position_ticks,
            data.last_played,
            favorite,
            None,
            data.position_ticks > 0,
        )
    episodes = [stored(state, user, e) for e in catalog.episodes_of(item)]
    unplayed = sum(1 for e in episodes if not e.played)
    dates = [e.last_played for e in episodes if e.last_played is not None]
    # Jellyfin: a series or season can be resumed when an episode is in progress, or when
    # some episodes are played and some are not.
    started = any(e.position_ticks > 0 for e in episodes)
    partly = 0 < unplayed < len(episodes)
    return ItemView(
        unplayed == 0, 0, 0, max(dates, default=None), favorite, unplayed, started or partly
    )


def user_data_dto(state: ServerState, catalog: Catalog, user: User, item: Item) -> dict[str, Any]:
    """Return the UserItemDataDto for an item."""
    seen = view(state, catalog, user, item)
    out: dict[str, Any] = {}
    if seen.unplayed_count is not None:
        out["UnplayedItemCount"] = seen.unplayed_count
    file = item.file
    if seen.position_ticks and file is not None and file.duration_ms:
        percent = seen.position_ticks / (file.duration_ms * TICKS_PER_MS) * 100
        out["PlayedPercentage"] = round(percent, 4)
    out["PlaybackPositionTicks"] = seen.position_ticks
    out["PlayCount"] = seen.play_count
    out["IsFavorite"] = seen.favorite
    if seen.last_played is not None:
        out["LastPlayedDate"] = iso(seen.last_played)
    out["Played"] = seen.played
    out["Key"] = _key(item)
    out["ItemId"] = item.id
    return out


def _key(item: Item) -> str:
    """Return the user-data key servers use to share data across copies of a title."""
    if item.movie is not None:
        return str(item.movie.tmdb_id)
    if item.episode is not None and item.show is not None:
        return (
            f"{item.show.tvdb_id}{item.episode.season_number:03d}{item.episode.episode_number:03d}"
        )
    if item.season is not None and item.show is not None:
        return f"{item.show.tvdb_id}{item.season.number:03d}"
    assert item.show is not None
    return str(item.show.tvdb_id)
