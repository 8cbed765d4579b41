"""Sonarr resources: series, seasons, episodes and episode files, as API v3 sends them."""

from __future__ import annotations

from datetime import datetime, timedelta

from tendarr.sim.arr.app import ArrSim
from tendarr.sim.arr.media import (
    cutoff_not_met,
    file_languages,
    language,
    media_info,
    quality_model,
    scene_name,
)
from tendarr.sim.arr.wire import MIN_DATE, Json, clean_title, day, slug, sort_title, utc
from tendarr.sim.model import Episode, Season, Show

TV_ROOT = "/media/tv"


def series_id(show: Show) -> int:
    """Return the Sonarr id of a managed show."""
    assert show.sonarr is not None
    return show.sonarr.arr_id


def episode_id(ep: Episode) -> int:
    """Return the Sonarr id of an episode."""
    return ep.sonarr_id if ep.sonarr_id is not None else ep.id


def folder_name(show: Show) -> str:
    """Return the series folder name (the World's naming)."""
    return f"{show.title} ({show.year}) {{tvdb-{show.tvdb_id}}}"


def series_path(show: Show) -> str:
    """Return where Sonarr keeps a series."""
    root = show.sonarr.root_folder if show.sonarr else TV_ROOT
    return f"{root.rstrip('/')}/{folder_name(show)}"


def air_utc(ep: Episode) -> datetime | None:
    """Return when an episode airs (20:00 US Eastern is 01:00 UTC the next day)."""
    if ep.air_date is None:
        return None
    return datetime.combine(ep.air_date, datetime.min.time()).replace(tzinfo=None) + timedelta(
        days=1, hours=1
    )


def aired(state: ArrSim, ep: Episode) -> bool:
    """Return whether an episode has aired by the World's clock."""
    at = air_utc(ep)
    return at is not None and at <= state.world.now.replace(tzinfo=None)


def _stats(state: ArrSim, episodes: list[Episode]) -> Json:
    now = state.world.now.replace(tzinfo=None)
    with_files = [e for e in episodes if e.file is not None]
    counted = [e for e in episodes if e.file is not None or (e.monitored and aired(state, e))]
    future = [a for e in episodes if e.monitored and (a := air_utc(e)) is not None and a >= now]
    past = [a for e in episodes if e.monitored and (a := air_utc(e)) is not None and a < now]
    groups = sorted({e.file.release_group for e in with_files if e.file is not None})
    return {
        "nextAiring": _naive_utc(min(future)) if future else None,
        "previousAiring": _naive_utc(max(past)) if past else None,
        "episodeFileCount": len(with_files),
        "episodeCount": len(counted),
        "totalEpisodeCount": len(episodes),
        "sizeOnDisk": sum(e.file.size for e in with_files if e.file is not None),
        "releaseGroups": groups,
        "percentOfEpisodes": (len(with_files) / len(counted) * 100.0) if counted else 0.0,
    }


def season_resource(state: ArrSim, season: Season, managed: bool) -> Json:
    """Return a ``SeasonResource``."""
    stats = _stats(state, season.episodes)
    if not managed:
        stats = {**stats, "episodeFileCount": 0, "episodeCount": 0, "sizeOnDisk": 0}
        stats["percentOfEpisodes"] = 0.0
    return {"seasonNumber": season.number, "monitored": season.monitored, "statistics": stats}


def _images(show: Show, sid: int | None) -> list[Json]:
    out = []
    for kind in ("banner", "poster", "fanart"):
        remote = f"https://artworks.thetvdb.com/banners/{kind}s/{show.tvdb_id}-1.jpg"
        local = f"/MediaCover/{sid}/{kind}.jpg" if sid else remote
        out.append({"coverType": kind, "url": local, "remoteUrl": remote})
    return out


def series_resource(state: ArrSim, show: Show) -> Json:
    """Return a ``SeriesResource`` for a show (managed or a lookup result)."""
    arr = show.sonarr
    managed = arr is not None
    sid = arr.arr_id if arr else None
    episodes = show.episodes()
    stats = _stats(state, episodes)
    if not managed:
        stats = {**stats, "episodeFileCount": 0, "episodeCount": 0, "sizeOnDisk": 0}
        stats["percentOfEpisodes"] = 0.0
    last_air = max((e.air_date for e in episodes if e.air_date), default=None)
    series: Json = {
        "title": show.title,
        "alternateTitles": [],
        "sortTitle": sort_title(show.title),
        "status": show.status,
        "ended": show.status == "ended",
        "overview": show.overview,
        "nextAiring": stats.pop("nextAiring") if managed else None,
        "previousAiring": stats.pop("previousAiring") if managed else None,
        "network": show.network,
        "airTime": "20:00",
        "images": _images(show, sid),
        "originalLanguage": language(show.language),
        "remotePoster": None if managed else _images(show, None)[1]["remoteUrl"],
        "seasons": [season_resource(state, s, managed) for s in show.seasons],
        "year": show.year,
        "path": series_path(show) if managed else None,
        "qualityProfileId": arr.quality_profile_id if arr else 0,
        "seasonFolder": managed,
        "monitored": arr.monitored if arr else False,
        "monitorNewItems": "all",
        "useSceneNumbering": False,
        "runtime": episodes[0].runtime_min if episodes else 0,
        "tvdbId": show.tvdb_id,
        "tvRageId": 0,
        "tvMazeId": 0,
        "tmdbId": show.tmdb_id,
        "firstAired": day(show.first_air_date),
        "lastAired": day(last_air) if show.status == "ended" else None,
        "seriesType": "standard",
        "cleanTitle": clean_title(show.title),
        "imdbId": show.imdb_id,
        "titleSlug": slug(show.title),
        "rootFolderPath": arr.root_folder if arr else None,
        "folder": None if managed else folder_name(show),
        "certification": show.content_rating,
        "genres": show.genres,
        "tags": list(arr.tags) if arr else [],
        "added": utc(arr.added_at) if arr and arr.added_at else MIN_DATE,
        "ratings": {"votes": int(show.popularity * 10), "value": show.tmdb_rating},
        "statistics": {"seasonCount": len([s for s in show.seasons if s.number > 0]), **stats},
        "languageProfileId": 1 if managed else None,
        "id": sid,
    }
    series["statistics"].pop("nextAiring", None)
    series["statistics"].pop("previousAiring", None)
    return series


def episode_file_resource(state: ArrSim, show: Show, ep: Episode) -> Json:
    """Return an ``EpisodeFileResource`` for an episode's file."""
    file = ep.file
    assert file is not None
    profile = show.sonarr.quality_profile_id if show.sonarr else 1
    return {
        "seriesId": series_id(show),
        "seasonNumber": ep.season_number,
        "relativePath": file.path.removeprefix(series_path(show) + "/"),
        "path": file.path,
        "size": file.size,
        "dateAdded": utc(file.added_at),
        "sceneName": scene_name(file),
        "releaseGroup": file.release_group,
        "languages": file_languages(file),
        "quality": quality_model("sonarr", file.quality),
        "customFormats": [],
        "customFormatScore": 0,
        "indexerFlags": 0,
        "releaseType": "singleEpisode",
        "mediaInfo": media_info(file),
        "qualityCutoffNotMet": cutoff_not_met(profile, file.quality),
        "id": file.id,
    }


def episode_resource(
    state: ArrSim,
    show: Show,
    ep: Episode,
    *,
    include_file: bool = False,
    include_series: bool = False,
) -> Json:
    """Return an ``EpisodeResource``."""
    at = air_utc(ep)
    body: Json = {
        "seriesId": series_id(show),
        "tvdbId": ep.tvdb_id,
        "episodeFileId": ep.file.id if ep.file else 0,
        "seasonNumber": ep.season_number,
        "episodeNumber": ep.episode_number,
        "title": ep.title,
        "airDate": ep.air_date.isoformat() if ep.air_date else None,
        "airDateUtc": _naive_utc(at) if at else None,
        "runtime": ep.runtime_min,
        "overview": ep.overview or None,
        "episodeFile": episode_file_resource(state, show, ep) if include_file and ep.file else None,
        "hasFile": ep.file is not None,
        "monitored": ep.monitored,
        "unverifiedSceneNumbering": False,
        "endTime": _naive_utc(at + timedelta(minutes=ep.runtime_min)) if at else None,
        "series": series_resource(state, show) if include_series else None,
        "id": episode_id(ep),
    }
    return body


def _naive_utc(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
