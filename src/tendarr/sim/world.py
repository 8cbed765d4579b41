"""The world: one household's state, its indexes, and a clock that tests advance.

Moving the clock completes pending downloads (files appear on disk and in every media
server), and lets viewers keep watching at their own pace. Each change is published as a
``WorldEvent`` so simulators can emit webhooks and server-sent events.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from tendarr.sim.model import (
    Episode,
    Favorite,
    ImportExclusion,
    MediaFile,
    MediaRequest,
    MediaServer,
    Movie,
    Play,
    QualityProfile,
    RootFolder,
    Show,
    Tag,
    User,
    WatchlistEntry,
)

ItemKind = Literal["movie", "show", "season", "episode"]
FileFactory = Callable[[str, str, int, int, datetime], MediaFile]


@dataclass(frozen=True)
class WorldEvent:
    """Something that happened in the world at ``at``."""

    at: datetime
    kind: str  # download.completed | file.deleted | play.stopped | ids.changed
    data: dict[str, Any]


@dataclass
class PendingDownload:
    """A search that will 'complete' (a file appears) at ``ready_at``."""

    kind: Literal["movie", "episode"]
    item_id: int
    ready_at: datetime
    upgrade: bool = False


@dataclass
class World:
    """Everything the simulators know, indexed for fast lookups."""

    seed: int
    now: datetime
    movies: list[Movie]
    shows: list[Show]
    servers: list[MediaServer]
    users: list[User]
    quality_profiles: list[QualityProfile]
    root_folders: dict[str, list[RootFolder]]
    tags: list[Tag]
    plays: list[Play] = field(default_factory=list)
    watchlist: list[WatchlistEntry] = field(default_factory=list)
    favorites: list[Favorite] = field(default_factory=list)
    requests: list[MediaRequest] = field(default_factory=list)
    exclusions: list[ImportExclusion] = field(default_factory=list)
    pending: list[PendingDownload] = field(default_factory=list)
    events: list[WorldEvent] = field(default_factory=list)
    download_delay: timedelta = timedelta(minutes=5)
    rng: random.Random = field(default_factory=random.Random)
    file_factory: FileFactory | None = None
    viewers_active: bool = False  # when on, advancing the clock makes people watch
    listeners: list[Callable[[WorldEvent], None]] = field(default_factory=list)

    # --- indexes ----------------------------------------------------------------------
    def index(self) -> None:
        """(Re)build lookup tables; call after structural changes."""
        self.movie_by_id = {m.id: m for m in self.movies}
        self.movie_by_tmdb = {m.tmdb_id: m for m in self.movies}
        self.show_by_id = {s.id: s for s in self.shows}
        self.show_by_tmdb = {s.tmdb_id: s for s in self.shows}
        self.show_by_tvdb = {s.tvdb_id: s for s in self.shows}
        self.episode_by_id = {e.id: e for s in self.shows for e in s.episodes()}
        self.user_by_id = {u.id: u for u in self.users}
        self.server_by_id = {s.id: s for s in self.servers}
        self.native_lookup = {
            s.id: {native: key for key, native in s.native_ids.items()} for s in self.servers
        }

    def server(self, server_id: str) -> MediaServer:
        """Return the server called ``server_id``."""
        return self.server_by_id[server_id]

    def resolve_native(self, server_id: str, native_id: str) -> tuple[str, int] | None:
        """Return (kind, world id) for a server's native id, or None."""
        return self.native_lookup[server_id].get(native_id)

    def library_movies(self) -> list[Movie]:
        """Return movies with a file."""
        return [m for m in self.movies if m.file is not None]

    def library_shows(self) -> list[Show]:
        """Return shows with at least one episode file."""
        return [s for s in self.shows if s.in_library]

    def library_item_count(self) -> int:
        """Return movies plus episodes with files: what a server's library holds."""
        episodes = sum(1 for e in self.episode_by_id.values() if e.file is not None)
        return len(self.library_movies()) + episodes

    # --- change ----------------------------------------------------------------------
    def emit(self, event_kind: str, **data: Any) -> WorldEvent:
        """Record an event and tell every listener."""
        event = WorldEvent(self.now, event_kind, data)
        self.events.append(event)
        for listener in list(self.listeners):
            listener(event)
        return event

    def schedule_download(
        self, kind: Literal["movie", "episode"], item_id: int, delay: timedelta | None = None
    ) -> PendingDownload:
        """Queue a download that completes after ``delay`` (the world's default if None)."""
        upgrade = self._file_of(kind, item_id) is not None
        pending = PendingDownload(kind, item_id, self.now + (delay or self.download_delay), upgrade)
        self.pending.append(pending)
        return pending

    def advance(self, seconds: float) -> list[WorldEvent]:
        """Move the clock; complete due downloads; return the events that happened."""
        first = len(self.events)
        target = self.now + timedelta(seconds=seconds)
        for pending in sorted(self.pending, key=lambda p: p.ready_at):
            if pending.ready_at > target:
                break
            self.now = max(self.now, pending.ready_at)
            self.pending.remove(pending)
            self._complete(pending)
        if self.viewers_active:
            from tendarr.sim.viewing import watch

            watch(self, self.now, target)
        self.now = target
        return self.events[first:]

    def delete_file(self, kind: Literal["movie", "episode"], item_id: int) -> MediaFile | None:
        """Remove an item's file; it disappears from every media server."""
        file = self._file_of(kind, item_id)
        if file is None:
            return None
        if kind == "movie":
            movie = self.movie_by_id[item_id]
            movie.file = None
            movie.added_at = None
        else:
            self.episode_by_id[item_id].file = None
        for server in self.servers:
            server.native_ids.pop((kind, item_id), None)
        self.index()
        self.emit("file.deleted", kind=kind, item_id=item_id, path=file.path)
        return file

    def rescan_changes_ids(self, server_id: str) -> None:
        """Give every item on a Jellyfin server a new id, as a rescan can (switchable)."""
        server = self.server(server_id)
        for key in list(server.native_ids):
            server.native_ids[key] = uuid.UUID(int=self.rng.getrandbits(128), version=4).hex
        self.index()
        self.emit("ids.changed", server_id=server_id)

    def _file_of(self, kind: str, item_id: int) -> MediaFile | None:
        if kind == "movie":
            return self.movie_by_id[item_id].file
        return self.episode_by_id[item_id].file

    def _complete(self, pending: PendingDownload) -> None:
        if self.file_factory is None:
            raise RuntimeError("this world cannot create files (no file factory)")
        replaced = self._file_of(pending.kind, pending.item_id)
        if pending.kind == "movie":
            movie = self.movie_by_id[pending.item_id]
            folder = f"/media/movies/{movie.title} ({movie.year}) {{tmdb-{movie.tmdb_id}}}"
            movie.file = self.file_factory(
                folder, f"{movie.title} ({movie.year})", movie.runtime_min, movie.year, self.now
            )
            movie.added_at = movie.added_at or self.now
            file, keys = movie.file, [("movie", movie.id)]
        else:
            ep = self.episode_by_id[pending.item_id]
            show = self.show_by_id[ep.show_id]
            folder = (
                f"/media/tv/{show.title} ({show.year}) {{tvdb-{show.tvdb_id}}}/"
                f"Season {ep.season_number:02d}"
            )
            stem = (
                f"{show.title} ({show.year}) - S{ep.season_number:02d}"
                f"E{ep.episode_number:02d} - {ep.title}"
            )
            ep.file = self.file_factory(folder, stem, ep.runtime_min, show.year, self.now)
            show.added_at = show.added_at or self.now
            file = ep.file
            keys = [
                ("show", show.id),
                ("season", show.id * 1000 + ep.season_number),
                ("episode", ep.id),
            ]
        for server in self.servers:
            for key in keys:
                if key not in server.native_ids:
                    server.native_ids[key] = self._new_native_id(server)
        self.index()
        self.emit(
            "download.completed",
            kind=pending.kind,
            item_id=pending.item_id,
            path=file.path,
            file_id=file.id,
            upgrade=pending.upgrade,
            replaced_path=replaced.path if replaced else None,
        )

    def _new_native_id(self, server: MediaServer) -> str:
        if server.kind == "jellyfin":
            return uuid.UUID(int=self.rng.getrandbits(128), version=4).hex
        numbers = [int(v) for v in server.native_ids.values() if v.isdigit()]
        return str(max(numbers, default=1000) + 1)


def watched_by(world: World, user_id: int) -> set[tuple[str, int]]:
    """Return the (kind, id) items ``user_id`` has completed."""
    return {(p.item_kind, p.item_id) for p in world.plays if p.user_id == user_id and p.completed}


def user_plays(world: World, user_id: int) -> list[Play]:
    """Return ``user_id``'s plays, oldest first."""
    return [p for p in world.plays if p.user_id == user_id]


def episodes_with_files(show: Show) -> list[Episode]:
    """Return a show's downloaded episodes in order."""
    return [e for e in show.episodes() if e.file is not None]
