"""Resolve Plex ratingKeys and sections against the World."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from tendarr.sim.model import Episode, Library, MediaFile, MediaServer, Movie, Season, Show
from tendarr.sim.world import World

PlexType = Literal["movie", "show", "season", "episode"]
TYPE_NUMBERS: dict[str, PlexType] = {"1": "movie", "2": "show", "3": "season", "4": "episode"}


@dataclass(frozen=True)
class Item:
    """One library item on one server: what it is and where it sits."""

    kind: PlexType
    rating_key: str
    movie: Movie | None = None
    show: Show | None = None
    season: Season | None = None
    episode: Episode | None = None

    @property
    def file(self) -> MediaFile | None:
        """Return the item's file (movies and episodes)."""
        if self.movie is not None:
            return self.movie.file
        return self.episode.file if self.episode is not None else None


def plex_hex(kind: str, tmdb_id: int) -> str:
    """Return the stable 24-hex Plex/Discover id of a title."""
    return hashlib.sha1(f"plex:{kind}:{tmdb_id}".encode(), usedforsecurity=False).hexdigest()[:24]


def season_key(show: Show, season: Season) -> int:
    """Return the World's id for a season."""
    return show.id * 1000 + season.number


class Catalog:
    """Look items up by ratingKey and list sections for one server."""

    def __init__(
        self,
        world: World,
        server: MediaServer,
        memo: dict[tuple[object, ...], list[Item]] | None = None,
    ) -> None:
        self.world = world
        self.server = server
        # Section listings, remembered until the World changes (every structural change
        # — download, deletion, id rescan — emits a World event).
        self._memo = memo if memo is not None else {}

    def section(self, key: str) -> Library | None:
        """Return the library section ``key``."""
        return next((lib for lib in self.server.libraries if lib.key == key), None)

    def section_of(self, item: Item) -> Library:
        """Return the section holding ``item``."""
        kind = "movie" if item.kind == "movie" else "show"
        return next(lib for lib in self.server.libraries if lib.kind == kind)

    def rating_key(self, kind: str, item_id: int) -> str | None:
        """Return the ratingKey of a World item on this server."""
        return self.server.native_ids.get((kind, item_id))

    def get(self, rating_key: str) -> Item | None:
        """Return the item with ``rating_key`` while it is in the library."""
        found = self.world.resolve_native(self.server.id, rating_key)
        if found is None:
            return None
        kind, item_id = found
        if kind == "movie":
            movie = self.world.movie_by_id[item_id]
            return Item("movie", rating_key, movie=movie) if movie.file else None
        if kind == "show":
            show = self.world.show_by_id[item_id]
            return Item("show", rating_key, show=show) if show.in_library else None
        if kind == "season":
            show = self.world.show_by_id[item_id // 1000]
            season = next((s for s in show.seasons if s.number == item_id % 1000), None)
            if season is None or not any(e.file for e in season.episodes):
                return None
            return Item("season", rating_key, show=show, season=season)
        episode = self.world.episode_by_id[item_id]
        if episode.file is None:
            return None
        show = self.world.show_by_id[episode.show_id]
        season = next(s for s in show.seasons if s.number == episode.season_number)
        return Item("episode", rating_key, show=show, season=season, episode=episode)

    def _item(self, kind: PlexType, item_id: int) -> Item | None:
        key = self.rating_key(kind, item_id)
        return self.get(key) if key is not None else None

    def section_items(
        self,
        section: Library,
        kind: PlexType | None = None,
        order: Callable[[Item], Any] | None = None,
    ) -> list[Item]:
        """Return a section's items of one type (its main type by default), in ``order``."""
        # Each order is remembered with the listing, so a paged walk sorts once.
        version = (len(self.world.events), len(self.server.native_ids), section.key, kind, order)
        cached = self._memo.get(version)
        if cached is None:
            if len(self._memo) > 64:
                self._memo.clear()
            found = self._section_items(section, kind)
            cached = self._memo[version] = found if order is None else sorted(found, key=order)
        return list(cached)

    def _section_items(self, section: Library, kind: PlexType | None) -> list[Item]:
        if section.kind == "movie":
            if kind not in (None, "movie"):
                return []
            found = [self._item("movie", m.id) for m in self.world.library_movies()]
        elif kind in (None, "show"):
            found = [self._item("show", s.id) for s in self.world.library_shows()]
        elif kind == "season":
            found = [
                self._item("season", season_key(show, season))
                for show in self.world.library_shows()
                for season in show.seasons
            ]
        elif kind == "episode":
            found = [
                self._item("episode", e.id)
                for show in self.world.library_shows()
                for e in show.episodes()
                if e.file is not None
            ]
        else:
            return []
        return [i for i in found if i is not None]

    def children(self, item: Item) -> list[Item]:
        """Return a show's seasons or a season's episodes."""
        if item.kind == "show" and item.show is not None:
            seasons = [self._item("season", season_key(item.show, s)) for s in item.show.seasons]
            return [s for s in seasons if s is not None]
        if item.kind == "season" and item.season is not None:
            episodes = [self._item("episode", e.id) for e in item.season.episodes]
            return [e for e in episodes if e is not None]
        return []

    def leaves(self, item: Item) -> list[Item]:
        """Return every episode below a show or season (a movie is its own leaf)."""
        if item.kind in ("movie", "episode"):
            return [item]
        return [leaf for child in self.children(item) for leaf in self.leaves(child)]
