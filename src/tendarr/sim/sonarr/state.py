"""Sonarr's own state: history from World events, searches that schedule downloads."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tendarr.sim.arr.app import ArrSim
from tendarr.sim.arr.commands import CommandFailed, CommandQueue, CommandSpec
from tendarr.sim.arr.history import HistoryStore, download_id
from tendarr.sim.arr.media import cutoff_not_met, scene_name
from tendarr.sim.arr.webhooks import Notifier
from tendarr.sim.arr.wire import derived_key
from tendarr.sim.model import Episode, MediaFile, Show
from tendarr.sim.sonarr import hooks
from tendarr.sim.sonarr.resources import aired, episode_id
from tendarr.sim.world import PendingDownload, World, WorldEvent

VERSION = "4.0.14.2939"
GRAB_QUALITY = {1: "WEBDL-1080p", 2: "WEBDL-2160p", 3: "WEBDL-1080p"}


def managed_shows(world: World) -> list[Show]:
    """Return the shows Sonarr manages, by Sonarr id."""
    return sorted((s for s in world.shows if s.sonarr), key=lambda s: s.sonarr.arr_id)  # type: ignore[union-attr]


def find_series(world: World, sid: int) -> Show | None:
    """Return the show with Sonarr id ``sid``."""
    return next((s for s in world.shows if s.sonarr and s.sonarr.arr_id == sid), None)


def find_episode(world: World, eid: int) -> tuple[Show, Episode] | None:
    """Return (show, episode) of a managed episode by Sonarr episode id."""
    for show in world.shows:
        if show.sonarr is None:
            continue
        for ep in show.episodes():
            if episode_id(ep) == eid:
                return show, ep
    return None


class Sonarr:
    """State and behaviour of one simulated Sonarr."""

    def __init__(
        self,
        world: World,
        api_key: str | None,
        application_url: str,
        transport: Any,
        upgrades: bool,
    ) -> None:
        self.world = world
        notifier = Notifier("sonarr", "Sonarr", VERSION, application_url, transport)
        specs = [
            CommandSpec("SeriesSearch", self._series_search, long_running=True),
            CommandSpec("SeasonSearch", self._season_search, long_running=True),
            CommandSpec("EpisodeSearch", self._episode_search, long_running=True),
            CommandSpec("MissingEpisodeSearch", self._missing_search, long_running=True),
            CommandSpec("RefreshSeries", _nothing, long_running=True, disk_access=True),
            CommandSpec("RescanSeries", _nothing, disk_access=True),
            CommandSpec("RenameSeries", _nothing, disk_access=True),
            CommandSpec("RenameFiles", _nothing, disk_access=True),
        ]
        self.state = ArrSim(
            "sonarr",
            world,
            api_key or derived_key(world.seed, "sonarr"),
            VERSION,
            notifier,
            HistoryStore("sonarr"),
            CommandQueue(world, specs, type_exclusive=False),
            world.now - timedelta(days=3),
            upgrades,
        )
        self.grabs: dict[int, tuple[str, str]] = {}  # world episode id -> (download id, title)
        self._seed_history()
        world.listeners.append(self.on_event)

    # --- history -----------------------------------------------------------------------
    def _seed_history(self) -> None:
        rows: list[tuple[datetime, Show, Episode, MediaFile]] = []
        for show in managed_shows(self.world):
            for ep in show.episodes():
                if ep.file is not None:
                    self.state.known_files[ep.id] = ep.file
                    rows.append((ep.file.added_at, show, ep, ep.file))
        for at, show, ep, file in sorted(rows, key=lambda r: (r[0], r[3].id)):
            did = download_id("episode", ep.id, at)
            self._grabbed(show, ep, scene_name(file), did, file.quality, at - timedelta(minutes=7))
            self._imported(show, ep, file, did, f"/downloads/complete/tv/{scene_name(file)}", at)

    def _grabbed(
        self, show: Show, ep: Episode, title: str, did: str, quality: str, at: datetime
    ) -> None:
        assert show.sonarr is not None
        self.state.history.add(
            episode_id(ep),
            "grabbed",
            at,
            title,
            quality,
            did,
            {
                "indexer": "NZBgeek (Prowlarr)",
                "releaseGroup": title.rsplit("-", 1)[-1] if "-" in title else None,
                "age": 0,
                "publishedDate": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "downloadClient": "SABnzbd",
                "downloadClientName": "SABnzbd",
                "tvdbId": show.tvdb_id,
                "protocol": 1,
                "releaseSource": "Search",
                "releaseType": "SingleEpisode",
            },
            series_id=show.sonarr.arr_id,
        )

    def _imported(
        self, show: Show, ep: Episode, file: MediaFile, did: str, dropped: str, at: datetime
    ) -> None:
        assert show.sonarr is not None
        self.state.history.add(
            episode_id(ep),
            "downloadFolderImported",
            at,
            scene_name(file),
            file.quality,
            did,
            {
                "fileId": file.id,
                "droppedPath": f"{dropped}/{file.path.rsplit('/', 1)[-1]}",
                "importedPath": file.path,
                "downloadClient": "SABnzbd",
                "downloadClientName": "SABnzbd",
                "releaseGroup": file.release_group,
                "size": file.size,
                "releaseType": "SingleEpisode",
            },
            series_id=show.sonarr.arr_id,
        )

    # --- World events ------------------------------------------------------------------
    def on_event(self, event: WorldEvent) -> None:
        """Record history and send webhooks for episode downloads and deletions."""
        if event.data.get("kind") != "episode":
            return
        ep = self.world.episode_by_id.get(event.data["item_id"])
        if ep is None:
            return
        show = self.world.show_by_id[ep.show_id]
        if show.sonarr is None:
            return
        if event.kind == "download.completed":
            self._on_download(show, ep, event)
        elif event.kind == "file.deleted":
            self._on_delete(show, ep, event)

    def _on_download(self, show: Show, ep: Episode, event: WorldEvent) -> None:
        assert ep.file is not None
        state = self.state
        replaced = state.known_files.get(ep.id) if event.data.get("upgrade") else None
        did, title = self.grabs.pop(ep.id, (download_id("episode", ep.id, event.at), ""))
        title = title or scene_name(ep.file)
        source = f"/downloads/complete/tv/{title}/{ep.file.path.rsplit('/', 1)[-1]}"
        if replaced is not None:
            self._record_delete(show, ep, replaced, "Upgrade", event.at)
            state.notifier.emit(
                "onEpisodeFileDeleteForUpgrade",
                hooks.file_delete(state, show, ep, replaced, "upgrade"),
            )
        self._imported(show, ep, ep.file, did, source.rsplit("/", 1)[0], event.at)
        state.known_files[ep.id] = ep.file
        flag = "onUpgrade" if replaced is not None else "onDownload"
        state.notifier.emit(flag, hooks.download(state, show, ep, did, source, replaced))
        state.notifier.emit("onImportComplete", hooks.import_complete(state, show, ep, did, source))

    def _on_delete(self, show: Show, ep: Episode, event: WorldEvent) -> None:
        state = self.state
        file = state.known_files.pop(ep.id, None)
        if file is None or state.deleting == "series":
            return
        reason = state.deleting or "MissingFromDisk"
        self._record_delete(show, ep, file, reason, event.at)
        camel = reason[0].lower() + reason[1:]
        state.notifier.emit("onEpisodeFileDelete", hooks.file_delete(state, show, ep, file, camel))

    def _record_delete(
        self, show: Show, ep: Episode, file: MediaFile, reason: str, at: datetime
    ) -> None:
        assert show.sonarr is not None
        self.state.history.add(
            episode_id(ep),
            "episodeFileDeleted",
            at,
            file.path,
            file.quality,
            None,
            {"reason": reason, "releaseGroup": file.release_group, "size": file.size},
            series_id=show.sonarr.arr_id,
        )

    # --- searches ----------------------------------------------------------------------
    def grab(self, show: Show, eps: list[Episode]) -> list[PendingDownload]:
        """Grab releases for ``eps``: schedule World downloads, record and announce them."""
        state, world = self.state, self.world
        assert show.sonarr is not None
        quality = GRAB_QUALITY.get(show.sonarr.quality_profile_id, "WEBDL-1080p")
        pending = []
        for ep in eps:
            if any(p.kind == "episode" and p.item_id == ep.id for p in world.pending):
                continue
            if ep.file is not None and not (
                state.upgrades and cutoff_not_met(show.sonarr.quality_profile_id, ep.file.quality)
            ):
                continue
            stem = (
                f"{show.title.replace(' ', '.')}.S{ep.season_number:02d}E{ep.episode_number:02d}"
                f".{quality.split('-')[1]}.{quality.split('-')[0].replace('WEBDL', 'WEB-DL')}"
            )
            picked = state.blocklist.pick(stem)  # a failed release is never grabbed again
            if picked is None:
                continue
            title = picked
            did = download_id("episode", ep.id, world.now)
            self._grabbed(show, ep, title, did, quality, world.now)
            if state.grab_fails():
                state.history.add(
                    episode_id(ep),
                    "downloadFailed",
                    world.now,
                    title,
                    quality,
                    did,
                    {"message": "Download failed"},
                    series_id=show.sonarr.arr_id,
                )
                state.blocklist.add(
                    episode_id(ep), title, quality, world.now, series_id=show.sonarr.arr_id
                )
                continue
            self.grabs[ep.id] = (did, title)
            pending.append(world.schedule_download("episode", ep.id))
            state.notifier.emit("onGrab", hooks.grab(state, show, [ep], title, did, quality))
        return pending

    def _wanted(self, show: Show, eps: list[Episode], monitored_only: bool) -> list[Episode]:
        return [e for e in eps if aired(self.state, e) and (e.monitored or not monitored_only)]

    def _series(self, args: dict[str, Any]) -> Show:
        sid = int(args.get("seriesId") or 0)
        show = find_series(self.world, sid)
        if show is None:
            raise CommandFailed(f"Series with ID {sid} does not exist")
        return show

    def _series_search(self, args: dict[str, Any]) -> list[PendingDownload]:
        show = self._series(args)
        return self.grab(show, self._wanted(show, show.episodes(), True))

    def _season_search(self, args: dict[str, Any]) -> list[PendingDownload]:
        show = self._series(args)
        number = int(args.get("seasonNumber") or 0)
        eps = [e for e in show.episodes() if e.season_number == number]
        return self.grab(show, self._wanted(show, eps, True))

    def _episode_search(self, args: dict[str, Any]) -> list[PendingDownload]:
        pending: list[PendingDownload] = []
        for eid in args.get("episodeIds") or []:
            found = find_episode(self.world, int(eid))
            if found is not None:
                show, ep = found
                pending += self.grab(show, self._wanted(show, [ep], False))
        return pending

    def _missing_search(self, args: dict[str, Any]) -> list[PendingDownload]:
        only = args.get("seriesId")
        pending: list[PendingDownload] = []
        for show in managed_shows(self.world):
            assert show.sonarr is not None
            if (only and show.sonarr.arr_id != int(only)) or not show.sonarr.monitored:
                continue
            wanted = [e for e in self._wanted(show, show.episodes(), True) if e.file is None]
            pending += self.grab(show, wanted)
        return pending


def _nothing(args: dict[str, Any]) -> list[PendingDownload]:
    return []
