"""The items one Jellyfin or Emby server shows for the World, keyed by native id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from tendarr.sim.model import Episode, Library, MediaFile, MediaServer, Movie, Season, Show
from tendarr.sim.world import World

ItemType = Literal["Movie", "Series", "Season", "Episode"]
WorldKey = tuple[str, int]  # ("movie" | "show" | "season" | "episode", world id)


@dataclass
class Item:
    """One library item on a server: a movie, series, season or episode."""

    type: ItemType
    key: WorldKey
    id: str  # the server's native id
    library: Library
    parent_id: str
    movie: Movie | None = None
    show: Show | None = None
    season: Season | None = None
    episode: Episode | None = None
    series_id: str | None = None
    season_id: str | None = None

    @property
    def file(self) -> MediaFile | None:
        """Return the file behind a movie or episode."""
        if self.movie is not None:
            return self.movie.file
        if self.episode is not None:
            return self.episode.file
        return None

    @property
    def name(self) -> str:
        """Return the display name."""
        if self.movie is not None:
            return self.movie.title
        if self.episode is not None:
            return self.episode.title
        if self.season is not None:
            return f"Season {self.season.number}"
        assert self.show is not None
        return self.show.title

    @property
    def is_folder(self) -> bool:
        """Return whether the item holds children."""
        return self.type in {"Series", "Season"}


def normalize_id(raw: str) -> str:
    """Return an id as servers compare them: GUIDs lower-case without dashes."""
    return raw.strip().replace("-", "").lower()


class Catalog:
    """A snapshot of what one server lists, built from the World on demand."""

    def __init__(self, world: World, server: MediaServer) -> None:
        self.world = world
        self.server = server
        self.items: list[Item] = []
        self.by_id: dict[str, Item] = {}
        self.children: dict[str, list[Item]] = {}
        self.sort_names: dict[str, str] = {}  # memo for listing.sort_name, per snapshot
        # Memos for listings, valid for this snapshot only (a changed World builds a new
        # Catalog): every item below a parent, each folder's DateCreated, sorted orders.
        self._below: dict[str, list[Item]] = {}
        self.created: dict[str, datetime] = {}
        self.orders: dict[tuple[object, ...], list[Item]] = {}
        movie_lib = next((lib for lib in server.libraries if lib.kind == "movie"), None)
        show_lib = next((lib for lib in server.libraries if lib.kind == "show"), None)
        ids = server.native_ids
        if movie_lib is not None:
            for movie in world.movies:
                native = ids.get(("movie", movie.id))
                if movie.file is not None and native is not None:
                    self._add(
                        Item(
                            "Movie",
                            ("movie", movie.id),
                            native,
                            movie_lib,
                            movie_lib.key,
                            movie=movie,
                        )
                    )
        if show_lib is not None:
            for show in world.shows:
                self._add_show(show, show_lib)

    def _add_show(self, show: Show, library: Library) -> None:
        ids = self.server.native_ids
        series_id = ids.get(("show", show.id))
        if series_id is None or not show.in_library:
            return
        self._add(Item("Series", ("show", show.id), series_id, library, library.key, show=show))
        for season in show.seasons:
            season_id = ids.get(("season", show.id * 1000 + season.number))
            episodes = [e for e in season.episodes if e.file is not None]
            if season_id is None or not episodes:
                continue
            self._add(
                Item(
                    "Season",
                    ("season", show.id * 1000 + season.number),
                    season_id,
                    library,
                    series_id,
                    show=show,
                    season=season,
                    series_id=series_id,
                )
            )
            for ep in episodes:
                native = ids.get(("episode", ep.id))
                if native is not None:
                    self._add(
                        Item(
                            "Episode",
                            ("episode", ep.id),
                            native,
                            library,
                            season_id,
                            show=show,
                            season=season,
                            episode=ep,
                            series_id=series_id,
                            season_id=season_id,
                        )
                    )

    def _add(self, item: Item) -> None:
        self.items.append(item)
        self.by_id[normalize_id(item.id)] = item
        self.children.setdefault(normalize_id(item.parent_id), []).append(item)

    def find(self, raw_id: str) -> Item | None:
        """Return the item with a native id (any GUID spelling), or None."""
        return self.by_id.get(normalize_id(raw_id))

    def library(self, raw_id: str) -> Library | None:
        """Return the library whose ItemId this is, or None."""
        wanted = normalize_id(raw_id)
        return next((lib for lib in self.server.libraries if normalize_id(lib.key) == wanted), None)

    def descendants(self, parent_id: str) -> list[Item]:
        """Return every item below a library, series or season, depth first (a new list)."""
        key = normalize_id(parent_id)
        found = self._below.get(key)
        if found is None:
            found = []
            for child in self.children.get(key, []):
                found.append(child)
                found.extend(self.descendants(child.id))
            self._below[key] = found
        return list(found)

    def episodes_of(self, item: Item) -> list[Item]:
        """Return the episodes under a series or season (the item itself if an episode)."""
        if item.type in {"Movie", "Episode"}:
            return [item]
        return [i for i in self.descendants(item.id) if i.type == "Episode"]


def date_created(item: Item, catalog: Catalog) -> datetime:
    """Return when the server first saw the item."""
    if item.file is not None:
        return item.file.added_at
    known = catalog.created.get(item.id)
    if known is None:
        files = [e.file.added_at for e in catalog.episodes_of(item) if e.file is not None]
        if not files:
            return catalog.world.now  # not a fixed moment: never remembered
        known = catalog.created[item.id] = min(files)
    return known


def date_last_media_added(item: Item, catalog: Catalog) -> datetime:
    """Return when the newest file below the item appeared."""
    if item.file is not None:
        return item.file.added_at
    files = [e.file.added_at for e in catalog.episodes_of(item) if e.file is not None]
    return max(files) if files else catalog.world.now
