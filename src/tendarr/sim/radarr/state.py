"""Radarr's own state: history from World events, searches that schedule downloads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tendarr.sim.arr.app import ArrSim
from tendarr.sim.arr.commands import CommandQueue, CommandSpec
from tendarr.sim.arr.history import HistoryStore, download_id
from tendarr.sim.arr.media import cutoff_not_met, scene_name
from tendarr.sim.arr.webhooks import Notifier
from tendarr.sim.arr.wire import derived_key
from tendarr.sim.model import MediaFile, Movie
from tendarr.sim.radarr import hooks
from tendarr.sim.radarr.resources import status
from tendarr.sim.world import PendingDownload, World, WorldEvent

VERSION = "5.21.1.9799"
GRAB_QUALITY = {1: "Bluray-1080p", 2: "Remux-2160p", 3: "WEBDL-1080p"}


def managed_movies(world: World) -> list[Movie]:
    """Return the movies Radarr manages, by Radarr id."""
    return sorted((m for m in world.movies if m.radarr), key=lambda m: m.radarr.arr_id)  # type: ignore[union-attr]


def find_movie(world: World, mid: int) -> Movie | None:
    """Return the movie with Radarr id ``mid``."""
    return next((m for m in world.movies if m.radarr and m.radarr.arr_id == mid), None)


class Radarr:
    """State and behaviour of one simulated Radarr."""

    def __init__(
        self,
        world: World,
        api_key: str | None,
        application_url: str,
        transport: Any,
        upgrades: bool,
    ) -> None:
        self.world = world
        notifier = Notifier("radarr", "Radarr", VERSION, application_url, transport)
        specs = [
            CommandSpec("MoviesSearch", self._movies_search, long_running=True),
            CommandSpec("MissingMoviesSearch", self._missing_search, long_running=True),
            CommandSpec("RefreshMovie", _nothing, long_running=True, disk_access=True),
            CommandSpec("RescanMovie", _nothing, disk_access=True),
            CommandSpec("RenameMovie", _nothing, disk_access=True),
            CommandSpec("RefreshCollections", _nothing),
        ]
        self.state = ArrSim(
            "radarr",
            world,
            api_key or derived_key(world.seed, "radarr"),
            VERSION,
            notifier,
            HistoryStore("radarr"),
            CommandQueue(world, specs, type_exclusive=True),
            world.now - timedelta(days=3),
            upgrades,
        )
        self.grabs: dict[int, tuple[str, str]] = {}  # world movie id -> (download id, title)
        self._seed_history()
        world.listeners.append(self.on_event)

    # --- history -----------------------------------------------------------------------
    def _seed_history(self) -> None:
        rows = [(m, m.file) for m in managed_movies(self.world) if m.file is not None]
        for movie, file in sorted(rows, key=lambda r: (r[1].added_at, r[1].id)):
            self.state.known_files[movie.id] = file
            did = download_id("movie", movie.id, file.added_at)
            at = file.added_at
            self._grabbed(movie, scene_name(file), did, file.quality, at - timedelta(minutes=23))
            self._imported(movie, file, did, f"/downloads/complete/movies/{scene_name(file)}", at)

    def _grabbed(self, movie: Movie, title: str, did: str, quality: str, at: datetime) -> None:
        self.state.history.add(
            movie.id if movie.radarr is None else movie.radarr.arr_id,
            "grabbed",
            at,
            title,
            quality,
            did,
            {
                "indexer": "TorrentLeech (Prowlarr)",
                "releaseGroup": title.rsplit("-", 1)[-1] if "-" in title else None,
                "age": 0,
                "publishedDate": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "downloadClient": "qBittorrent",
                "downloadClientName": "qBittorrent",
                "tmdbId": movie.tmdb_id,
                "imdbId": movie.imdb_id,
                "protocol": 2,
                "releaseSource": "Search",
            },
        )

    def _imported(
        self, movie: Movie, file: MediaFile, did: str, dropped: str, at: datetime
    ) -> None:
        assert movie.radarr is not None
        self.state.history.add(
            movie.radarr.arr_id,
            "downloadFolderImported",
            at,
            scene_name(file),
            file.quality,
            did,
            {
                "fileId": file.id,
                "droppedPath": f"{dropped}/{file.path.rsplit('/', 1)[-1]}",
                "importedPath": file.path,
                "downloadClient": "qBittorrent",
                "downloadClientName": "qBittorrent",
                "releaseGroup": file.release_group,
                "size": file.size,
            },
        )

    # --- World events ------------------------------------------------------------------
    def on_event(self, event: WorldEvent) -> None:
        """Record history and send webhooks for movie downloads and deletions."""
        if event.data.get("kind") != "movie":
            return
        movie = self.world.movie_by_id.get(event.data["item_id"])
        if movie is None or movie.radarr is None:
            return
        if event.kind == "download.completed":
            self._on_download(movie, event)
        elif event.kind == "file.deleted":
            self._on_delete(movie, event)

    def _on_download(self, movie: Movie, event: WorldEvent) -> None:
        assert movie.file is not None
        state = self.state
        replaced = state.known_files.get(movie.id) if event.data.get("upgrade") else None
        did, title = self.grabs.pop(movie.id, (download_id("movie", movie.id, event.at), ""))
        title = title or scene_name(movie.file)
        source = f"/downloads/complete/movies/{title}/{movie.file.path.rsplit('/', 1)[-1]}"
        if replaced is not None:
            self._record_delete(movie, replaced, "Upgrade", event.at)
            state.notifier.emit(
                "onMovieFileDeleteForUpgrade", hooks.file_delete(state, movie, replaced, "upgrade")
            )
        self._imported(movie, movie.file, did, source.rsplit("/", 1)[0], event.at)
        state.known_files[movie.id] = movie.file
        flag = "onUpgrade" if replaced is not None else "onDownload"
        state.notifier.emit(flag, hooks.download(state, movie, did, source, replaced))

    def _on_delete(self, movie: Movie, event: WorldEvent) -> None:
        state = self.state
        file = state.known_files.pop(movie.id, None)
        if file is None or state.deleting == "movie":
            return
        reason = state.deleting or "MissingFromDisk"
        self._record_delete(movie, file, reason, event.at)
        camel = reason[0].lower() + reason[1:]
        state.notifier.emit("onMovieFileDelete", hooks.file_delete(state, movie, file, camel))

    def _record_delete(self, movie: Movie, file: MediaFile, reason: str, at: datetime) -> None:
        assert movie.radarr is not None
        self.state.history.add(
            movie.radarr.arr_id,
            "movieFileDeleted",
            at,
            file.path,
            file.quality,
            None,
            {"reason": reason, "releaseGroup": file.release_group, "size": file.size},
        )

    # --- searches ----------------------------------------------------------------------
    def grab(self, movies: list[Movie]) -> list[PendingDownload]:
        """Grab releases: schedule World downloads, record and announce them."""
        state, world = self.state, self.world
        pending = []
        for movie in movies:
            arr = movie.radarr
            if arr is None or status(state, movie) != "released":
                continue
            if any(p.kind == "movie" and p.item_id == movie.id for p in world.pending):
                continue
            if movie.file is not None and not (
                state.upgrades and cutoff_not_met(arr.quality_profile_id, movie.file.quality)
            ):
                continue
            quality = GRAB_QUALITY.get(arr.quality_profile_id, "Bluray-1080p")
            res, source = quality.split("-")[1], quality.split("-")[0]
            stem = f"{movie.title.replace(' ', '.')}.{movie.year}.{res}.{source}.x264"
            picked = state.blocklist.pick(stem)  # a failed release is never grabbed again
            if picked is None:
                continue
            title = picked
            did = download_id("movie", movie.id, world.now)
            self._grabbed(movie, title, did, quality, world.now)
            if state.grab_fails():
                state.history.add(
                    movie.id,
                    "downloadFailed",
                    world.now,
                    title,
                    quality,
                    did,
                    {"message": "Download failed"},
                )
                state.blocklist.add(movie.id, title, quality, world.now)
                continue
            self.grabs[movie.id] = (did, title)
            pending.append(world.schedule_download("movie", movie.id))
            state.notifier.emit("onGrab", hooks.grab(state, movie, title, did, quality))
        return pending

    def _movies_search(self, args: dict[str, Any]) -> list[PendingDownload]:
        ids = [int(i) for i in args.get("movieIds") or []]
        return self.grab([m for i in ids if (m := find_movie(self.world, i)) is not None])

    def _missing_search(self, args: dict[str, Any]) -> list[PendingDownload]:
        wanted = [
            m
            for m in managed_movies(self.world)
            if m.file is None and m.radarr is not None and m.radarr.monitored
        ]
        return self.grab(wanted)


def _nothing(args: dict[str, Any]) -> list[PendingDownload]:
    return []
