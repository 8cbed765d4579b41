"""The SonarrPort over Sonarr v3/v4's API v3."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from tendarr.domain.arr import ArrCommand, ArrEpisode, ArrKind, ArrSeries, ImportExclusion
from tendarr.integrations.arr.adapter import ArrAdapter
from tendarr.integrations.arr.fields import Json
from tendarr.integrations.arr.models import read_all, read_one
from tendarr.integrations.sonarr.history import read_download_durations
from tendarr.integrations.sonarr.models import (
    parse_episode,
    parse_exclusion,
    parse_file_owner,
    series_parser,
)
from tendarr.ports.arr import ArrItemMissing
from tendarr.ports.media_server import ServerResponseInvalid


class SonarrAdapter(ArrAdapter):
    """One configured Sonarr; no I/O until a method is called."""

    kind = ArrKind.SONARR
    exclusions_path = "/importlistexclusion"

    def all_series(self) -> list[ArrSeries]:
        """Return every series Sonarr manages (Sonarr lists them in one answer)."""
        return self._series_list(self._client.get("/series"))

    def series(self, series_id: int) -> ArrSeries:
        """Return one series by Sonarr id; ``ArrItemMissing`` when Sonarr has none."""
        body = self._client.get(f"/series/{series_id}", missing=f"series {series_id}")
        return read_one(series_parser(self._labels()), body, self.vendor, "series")

    def series_by_tvdb(self, tvdb_id: int) -> ArrSeries | None:
        """Return the series with this TVDB id, or None when Sonarr does not manage it."""
        found = self._series_list(self._client.get("/series", {"tvdbId": tvdb_id}))
        # Filter here too: a Sonarr that ignores the parameter answers with every series.
        return next((s for s in found if s.tvdb_id == tvdb_id), None)

    def episodes(self, series_id: int) -> list[ArrEpisode]:
        """Return every episode of a series with file ids and sizes."""
        params = {"seriesId": series_id, "includeEpisodeFile": True}
        body = self._client.get("/episode", params, missing=f"series {series_id}")
        return read_all(parse_episode, body, self.vendor, "episode")

    def download_durations(self, since: datetime, limit: int) -> list[timedelta]:
        """Return grab-to-import times of the ``limit`` newest downloads since ``since``.

        Newest import first, from the paged history (``integrations/sonarr/history.py``);
        every page needed is read or this raises.
        """
        return read_download_durations(self._client, self.vendor, since, limit)

    def delete_series(
        self, series_id: int, *, delete_files: bool, add_import_exclusion: bool
    ) -> None:
        """Remove a series from Sonarr; its files only with ``delete_files``."""
        params = {"deleteFiles": delete_files, "addImportListExclusion": add_import_exclusion}
        self._client.send(
            "DELETE", f"/series/{series_id}", params=params, missing=f"series {series_id}"
        )

    def delete_episode_files(self, file_ids: Collection[int]) -> list[int]:
        """Delete these episode files; return the ids that existed and are now deleted.

        Sonarr's bulk delete fails on an empty match and files every id under the first
        file's series, so the files are looked up first and deleted series by series.
        """
        if not file_ids:
            return []
        body = self._client.get("/episodefile", {"episodeFileIds": sorted(set(file_ids))})
        owners = read_all(parse_file_owner, body, self.vendor, "episode file")
        by_series: dict[int, list[int]] = {}
        for file_id, series_id in owners:
            if file_id in file_ids:
                by_series.setdefault(series_id, []).append(file_id)
        for ids in by_series.values():
            self._client.send("DELETE", "/episodefile/bulk", json={"episodeFileIds": ids})
        return sorted(i for ids in by_series.values() for i in ids)

    def set_series_monitored(self, series_id: int, monitored: bool) -> None:
        """Monitor or unmonitor a series (its seasons and episodes keep their flags)."""

        def edit(body: Json) -> None:
            body["monitored"] = monitored

        self._update(f"/series/{series_id}", f"series {series_id}", edit)

    def set_seasons_monitored(self, series_id: int, seasons: Mapping[int, bool]) -> None:
        """Monitor or unmonitor seasons; Sonarr carries each change to the season's episodes."""
        if not seasons:
            return

        def edit(body: Json) -> None:
            listed = body.get("seasons")
            if not isinstance(listed, list) or not all(isinstance(s, dict) for s in listed):
                raise ServerResponseInvalid(
                    f"{self.vendor} sent series {series_id} without seasons"
                )
            numbers = {s.get("seasonNumber") for s in listed}
            unknown = sorted(set(seasons) - numbers)
            if unknown:
                raise ArrItemMissing(f"{self.vendor} series {series_id} has no season {unknown}")
            for season in listed:
                if season.get("seasonNumber") in seasons:
                    season["monitored"] = seasons[season["seasonNumber"]]

        self._update(f"/series/{series_id}", f"series {series_id}", edit)

    def set_episodes_monitored(self, episode_ids: Collection[int], monitored: bool) -> None:
        """Monitor or unmonitor episodes by Sonarr id (ids Sonarr lacks are ignored by it)."""
        if not episode_ids:
            return
        body = {"episodeIds": sorted(set(episode_ids)), "monitored": monitored}
        self._client.send("PUT", "/episode/monitor", json=body)

    def search_series(self, series_id: int) -> ArrCommand:
        """Queue ``SeriesSearch``: every monitored episode of the series."""
        return self._run("SeriesSearch", seriesId=series_id)

    def search_season(self, series_id: int, season_number: int) -> ArrCommand:
        """Queue ``SeasonSearch``: the monitored episodes of one season."""
        return self._run("SeasonSearch", seriesId=series_id, seasonNumber=season_number)

    def search_episodes(self, episode_ids: Collection[int]) -> ArrCommand:
        """Queue ``EpisodeSearch`` for these episodes (monitored or not)."""
        if not episode_ids:
            raise ValueError("search_episodes needs at least one episode id")
        return self._run("EpisodeSearch", episodeIds=sorted(set(episode_ids)))

    def add_series(
        self,
        tvdb_id: int,
        *,
        quality_profile: str,
        root_folder: str,
        monitored_seasons: Collection[int] | None = None,
        tags: Sequence[str] = (),
        search: bool = True,
    ) -> ArrSeries:
        """Add a series back: every season monitored, or only ``monitored_seasons``.

        With every season, ``addOptions.monitor`` is ``all``. With a choice, the season
        flags decide (``unknown``, Sonarr's season-driven mode), as Overseerr adds series.
        """
        profile_id = self._profile_id(quality_profile)
        tag_ids = self._tag_ids(tags)
        body = self._lookup(tvdb_id)
        seasons = [s for s in body.get("seasons") or [] if isinstance(s, dict)]
        for season in seasons:
            number = season.get("seasonNumber")
            wanted = number != 0 if monitored_seasons is None else number in monitored_seasons
            season["monitored"] = wanted
        options: dict[str, Any] = {
            "monitor": "all" if monitored_seasons is None else "unknown",
            "searchForMissingEpisodes": search,
            "searchForCutoffUnmetEpisodes": False,
        }
        body.update(
            qualityProfileId=profile_id,
            rootFolderPath=root_folder,
            monitored=True,
            seasonFolder=True,
            tags=tag_ids,
            seasons=seasons,
            addOptions=options,
        )
        body.pop("id", None)
        created = self._client.send("POST", "/series", json=body)
        return read_one(series_parser(self._labels()), created, self.vendor, "series")

    def remove_import_exclusion(self, tvdb_id: int) -> bool:
        """Remove the exclusion of a TVDB id; return whether there was one."""
        return self._remove_exclusions(lambda e: e.external_id == tvdb_id)

    def _exclusion(self, body: Json) -> ImportExclusion:
        return parse_exclusion(body)

    def _series_list(self, body: Any) -> list[ArrSeries]:
        # Labels are read after the series: a tag must exist before a series can carry it.
        labels = self._labels()
        return read_all(series_parser(labels), body, self.vendor, "series")

    def _lookup(self, tvdb_id: int) -> Json:
        body = self._client.get("/series/lookup", {"term": f"tvdb:{tvdb_id}"})
        if not isinstance(body, list):
            raise ServerResponseInvalid(f"{self.vendor} sent a lookup that is not a list")
        match = next((r for r in body if isinstance(r, dict) and r.get("tvdbId") == tvdb_id), None)
        if match is None:
            raise ArrItemMissing(f"{self.vendor} finds no series with TVDB id {tvdb_id}")
        return match
