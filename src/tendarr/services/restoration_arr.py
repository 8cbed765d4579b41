"""The Sonarr/Radarr side of one restoration, one idempotent method per step.

``target`` is the deletion's recorded target (``ArrTarget.to_json``): ``kind``
(sonarr|radarr), ``external_id`` (TVDB or TMDB id), ``quality_profile`` and ``tags`` by
name, ``root_folder``, ``monitored_seasons`` and, for episodes deleted on their own,
``episode_ids``. Each method returns a sentence for the step log.

``viper`` restorations (``services/viper_redownloads.py``) bring back single episodes:
their target adds ``episodes`` (``[season, episode]`` pairs). ``monitor_episodes`` and
``search_episodes_back`` find the series again by TVDB id and the episodes by number (so a
series added again with new ids still works), never touch import exclusions and never
add a series; a series Sonarr no longer has fails the restoration.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tendarr.domain.arr import ArrEpisode
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.ports.arr import ArrRequestRejected, SonarrPort
from tendarr.ports.arr_store import ArrFactory


class RestorationFailed(Exception):
    """A step cannot go on (something the deletion did not record, or an *arr refusal)."""


def _external(target: dict[str, Any]) -> int:
    value = target.get("external_id")
    if not isinstance(value, int):
        raise RestorationFailed("the deletion recorded no TVDB/TMDB id to restore it by")
    return value


def _episodes(target: dict[str, Any]) -> list[int]:
    return [int(e) for e in target.get("episode_ids") or ()]


def _needed(target: dict[str, Any], name: str) -> str:
    value = target.get(name)
    if not isinstance(value, str) or not value:
        raise RestorationFailed(
            f"the deletion recorded no {name.replace('_', ' ')} to re-add it with"
        )
    return value


def _tags(target: dict[str, Any]) -> Sequence[str]:
    return [str(t) for t in target.get("tags") or ()]


class RestoreInArr:
    """Remove the exclusion, add back (or re-monitor), search."""

    def __init__(self, connect: ArrFactory) -> None:
        self._connect = connect

    def remove_exclusion(self, config: ArrInstanceConfig, target: dict[str, Any]) -> str:
        """Remove the title's import exclusion; an exclusion already gone is fine."""
        if _episodes(target):
            return "only episodes were deleted: the series has no exclusion to remove"
        external = _external(target)
        app = self._connect.sonarr(config) if target["kind"] == "sonarr" else None
        if app is not None:
            removed = app.remove_import_exclusion(external)
        else:
            removed = self._connect.radarr(config).remove_import_exclusion(external)
        return f"import exclusion removed in {config.name}" if removed else "no import exclusion"

    def add_or_monitor(self, config: ArrInstanceConfig, target: dict[str, Any]) -> str:
        """Add the title back with its recorded settings, or monitor it if it is still there."""
        if target["kind"] == "sonarr":
            return self._series(config, target)
        return self._movie(config, target)

    def search(self, config: ArrInstanceConfig, target: dict[str, Any]) -> str:
        """Queue a search for the restored title (or episodes)."""
        external = _external(target)
        if target["kind"] == "sonarr":
            sonarr = self._connect.sonarr(config)
            episodes = _episodes(target)
            if episodes:
                command = sonarr.search_episodes(episodes)
            else:
                series = sonarr.series_by_tvdb(external)
                if series is None:
                    raise RestorationFailed(f"{config.name} no longer has the series to search")
                command = sonarr.search_series(series.id)
        else:
            radarr = self._connect.radarr(config)
            movie = radarr.movie_by_tmdb(external)
            if movie is None:
                raise RestorationFailed(f"{config.name} no longer has the movie to search")
            command = radarr.search_movies([movie.id])
        return f"search queued in {config.name} (command {command.id})"

    def _series(self, config: ArrInstanceConfig, target: dict[str, Any]) -> str:
        sonarr = self._connect.sonarr(config)
        episodes = _episodes(target)
        if episodes:
            sonarr.set_episodes_monitored(episodes, True)
            return f"{len(episodes)} episodes monitored again in {config.name}"
        tvdb = _external(target)
        seasons = [int(n) for n in target.get("monitored_seasons") or ()]
        existing = sonarr.series_by_tvdb(tvdb)
        if existing is None:
            profile, root = _needed(target, "quality_profile"), _needed(target, "root_folder")
            try:
                sonarr.add_series(
                    tvdb, quality_profile=profile, root_folder=root,
                    monitored_seasons=seasons or None, tags=_tags(target), search=False,
                )  # fmt: skip
            except ArrRequestRejected:
                existing = sonarr.series_by_tvdb(tvdb)  # added meanwhile (a retry): carry on
                if existing is None:
                    raise
            else:
                return f"added to {config.name} with {profile} in {root}"
        sonarr.set_series_monitored(existing.id, True)
        if seasons:
            sonarr.set_seasons_monitored(existing.id, dict.fromkeys(seasons, True))
        return f"already in {config.name} as series {existing.id}: monitored again"

    def _movie(self, config: ArrInstanceConfig, target: dict[str, Any]) -> str:
        radarr = self._connect.radarr(config)
        tmdb = _external(target)
        existing = radarr.movie_by_tmdb(tmdb)
        if existing is None:
            profile, root = _needed(target, "quality_profile"), _needed(target, "root_folder")
            try:
                radarr.add_movie(
                    tmdb, quality_profile=profile, root_folder=root, monitored=True,
                    tags=_tags(target), search=False,
                )  # fmt: skip
            except ArrRequestRejected:
                existing = radarr.movie_by_tmdb(tmdb)
                if existing is None:
                    raise
            else:
                return f"added to {config.name} with {profile} in {root}"
        radarr.set_movie_monitored(existing.id, True)
        return f"already in {config.name} as movie {existing.id}: monitored again"


def _numbers(target: dict[str, Any]) -> list[tuple[int, int]]:
    pairs = [(int(p[0]), int(p[1])) for p in target.get("episodes") or ()]
    if not pairs:
        raise RestorationFailed("the redownload plan names no episode to bring back")
    return pairs


def _label(season: int, episode: int) -> str:
    return f"S{season:02d}E{episode:02d}"


class RedownloadInSonarr:
    """VIPER's way back for episodes: re-monitor exactly them, then search the missing."""

    def __init__(self, connect: ArrFactory) -> None:
        self._connect = connect

    def monitor_episodes(self, config: ArrInstanceConfig, target: dict[str, Any]) -> str:
        """Set the planned episodes monitored again (already monitored is fine)."""
        sonarr = self._connect.sonarr(config)
        episodes = self._find(sonarr, config, target)
        ids = [e.id for e in episodes]
        sonarr.set_episodes_monitored(ids, True)
        labels = ", ".join(_label(e.season_number, e.episode_number) for e in episodes)
        return f"{labels} monitored again in {config.name} (episodes {ids})"

    def search_episodes_back(self, config: ArrInstanceConfig, target: dict[str, Any]) -> str:
        """Search the planned episodes that have no file; none missing searches nothing."""
        sonarr = self._connect.sonarr(config)
        missing = [e for e in self._find(sonarr, config, target) if not e.has_file]
        if not missing:
            return f"already on disk in {config.name}: no search needed"
        command = sonarr.search_episodes([e.id for e in missing])
        labels = ", ".join(_label(e.season_number, e.episode_number) for e in missing)
        return f"search for {labels} queued in {config.name} (command {command.id})"

    def _find(
        self, sonarr: SonarrPort, config: ArrInstanceConfig, target: dict[str, Any]
    ) -> list[ArrEpisode]:
        wanted = _numbers(target)
        tvdb = _external(target)
        series = sonarr.series_by_tvdb(tvdb)
        if series is None:
            title = target.get("title") or f"TVDB {tvdb}"
            raise RestorationFailed(
                f"{config.name} no longer has the series {title} (TVDB {tvdb}): "
                "nothing to re-monitor; it is not added back for a redownload"
            )
        listed = {(e.season_number, e.episode_number): e for e in sonarr.episodes(series.id)}
        gone = [_label(*pair) for pair in wanted if pair not in listed]
        if gone:
            raise RestorationFailed(
                f"{config.name} no longer lists {', '.join(gone)} of {series.title}"
            )
        return [listed[pair] for pair in wanted]
