"""What protecting a title asks of Sonarr/Radarr: monitor it all and search what is missing.

Movies: monitored in Radarr, searched when Radarr has no file. Shows: the series, every
regular season and every regular episode monitored in Sonarr (specials keep their flags),
then a series search when an aired episode has no file. The outcome is a small JSON
document stored on the protection (``arr_status``); a failure is reported there and never
undoes the protection.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tendarr.domain.arr import ArrKind
from tendarr.domain.arr_instances import ArrInstanceConfig
from tendarr.ports.arr_store import ArrFactory
from tendarr.ports.media_server import MediaServerError

DONE = "done"
NOT_MANAGED = "not_managed"  # no configured instance manages the title
NOT_CONNECTED = "not_connected"  # no Sonarr/Radarr of that kind is configured
NO_ID = "no_id"  # the title has no TVDB/TMDB id to find it by
FAILED = "failed"  # an instance could not be asked; ``detail`` says why
SKIPPED = "skipped"  # monitor_and_search was off


def status(state: str, at: datetime, detail: str, **extra: Any) -> dict[str, Any]:
    """Return an ``arr_status`` document."""
    return {"state": state, "at": at.isoformat(), "detail": detail, **extra}


class ProtectInArr:
    """Monitor and search a protected title in every enabled instance of its kind."""

    def __init__(self, connect: ArrFactory) -> None:
        self._connect = connect

    def __call__(
        self,
        kind: str,
        ids: dict[str, Any],
        configs: list[ArrInstanceConfig],
        now: datetime,
    ) -> dict[str, Any]:
        """Return the outcome; never raises for an instance that fails."""
        app = ArrKind.RADARR if kind == "movie" else ArrKind.SONARR
        label = app.value.title()
        chosen = [c for c in configs if c.enabled and c.kind is app]
        if not chosen:
            return status(NOT_CONNECTED, now, f"no {label} is configured")
        key = ids.get("tmdb") if app is ArrKind.RADARR else ids.get("tvdb")
        if not isinstance(key, int):
            id_name = "TMDB" if app is ArrKind.RADARR else "TVDB"
            return status(NO_ID, now, f"it has no {id_name} id to find it in {label}")
        failures: list[str] = []
        for config in chosen:
            try:
                if app is ArrKind.RADARR:
                    found = self._movie(config, key, now)
                else:
                    found = self._series(config, key, now)
            except MediaServerError as err:
                failures.append(f"{config.name}: {err}")
                continue
            if found is not None:
                return found
        if failures:
            return status(FAILED, now, "; ".join(failures))
        return status(NOT_MANAGED, now, f"not in {label}")

    def _movie(self, config: ArrInstanceConfig, tmdb: int, now: datetime) -> dict[str, Any] | None:
        radarr = self._connect.radarr(config)
        movie = radarr.movie_by_tmdb(tmdb)
        if movie is None:
            return None
        radarr.set_movie_monitored(movie.id, True)
        if movie.has_file:
            detail = f"monitored in {config.name}; it has its file, nothing to search"
            return status(DONE, now, detail, instance=config.name, searched=False)
        command = radarr.search_movies([movie.id])
        detail = f"monitored in {config.name}; searching for the missing file"
        return status(DONE, now, detail, instance=config.name, searched=True, command_id=command.id)

    def _series(self, config: ArrInstanceConfig, tvdb: int, now: datetime) -> dict[str, Any] | None:
        sonarr = self._connect.sonarr(config)
        series = sonarr.series_by_tvdb(tvdb)
        if series is None:
            return None
        sonarr.set_series_monitored(series.id, True)
        regular = {s.number: True for s in series.seasons if s.number != 0}
        if regular:
            sonarr.set_seasons_monitored(series.id, regular)
        episodes = [e for e in sonarr.episodes(series.id) if e.season_number != 0]
        sonarr.set_episodes_monitored([e.id for e in episodes if not e.monitored], True)
        today = now.date()
        missing = [e for e in episodes if not e.has_file and _aired(e.air_date, today)]
        base = f"series and {len(episodes)} episodes monitored in {config.name}"
        if not missing:
            return status(
                DONE, now, f"{base}; nothing missing", instance=config.name, searched=False
            )
        command = sonarr.search_series(series.id)
        detail = f"{base}; searching for {len(missing)} missing episodes"
        return status(DONE, now, detail, instance=config.name, searched=True, command_id=command.id)


def _aired(air_date: date | None, today: date) -> bool:
    return air_date is not None and air_date <= today
