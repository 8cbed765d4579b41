"""Sonarr's series, season, episode and exclusion payloads, read into domain values."""

from __future__ import annotations

from collections.abc import Callable

from tendarr.domain.arr import (
    ArrEpisode,
    ArrKind,
    ArrSeason,
    ArrSeries,
    ImportExclusion,
    SeriesStatus,
)
from tendarr.integrations.arr.fields import (
    Json,
    MalformedPayload,
    objects,
    opt_bool,
    opt_date,
    opt_datetime,
    opt_enum,
    opt_int,
    opt_object,
    opt_str,
    positive_id,
    require_bool,
    require_int,
    require_str,
)
from tendarr.integrations.arr.models import Labels


def parse_season(body: Json) -> ArrSeason:
    """Read a ``SeasonResource``."""
    stats = opt_object(body, "statistics") or {}
    return ArrSeason(
        number=require_int(body, "seasonNumber"),
        monitored=require_bool(body, "monitored"),
        episode_count=opt_int(stats, "episodeCount"),
        episode_file_count=opt_int(stats, "episodeFileCount"),
        total_episode_count=opt_int(stats, "totalEpisodeCount"),
        size_on_disk=opt_int(stats, "sizeOnDisk"),
    )


def series_parser(labels: Labels) -> Callable[[Json], ArrSeries]:
    """Return a reader of ``SeriesResource`` that names tags and profiles by ``labels``."""

    def parse(body: Json) -> ArrSeries:
        tvdb_id = positive_id(body, "tvdbId")
        if tvdb_id is None:
            raise MalformedPayload("tvdbId is missing")
        stats = opt_object(body, "statistics") or {}
        seasons = []
        for raw in objects(body, "seasons"):
            try:
                seasons.append(parse_season(raw))
            except MalformedPayload as err:
                raise MalformedPayload(f"season {raw.get('seasonNumber')!r}: {err}") from err
        return ArrSeries(
            id=require_int(body, "id"),
            tvdb_id=tvdb_id,
            title=require_str(body, "title"),
            monitored=require_bool(body, "monitored"),
            tmdb_id=positive_id(body, "tmdbId"),
            imdb_id=opt_str(body, "imdbId"),
            year=positive_id(body, "year"),
            status=opt_enum(body, "status", SeriesStatus),
            tags=labels.tag_names(body),
            quality_profile=labels.profile_name(body),
            root_folder=opt_str(body, "rootFolderPath"),
            path=opt_str(body, "path"),
            size_on_disk=opt_int(stats, "sizeOnDisk"),
            episode_file_count=opt_int(stats, "episodeFileCount"),
            seasons=tuple(sorted(seasons, key=lambda s: s.number)),
            added_at=opt_datetime(body, "added"),
        )

    return parse


def parse_episode(body: Json) -> ArrEpisode:
    """Read an ``EpisodeResource`` (with ``episodeFile`` when asked for)."""
    file = opt_object(body, "episodeFile") or {}
    file_id = positive_id(body, "episodeFileId") or positive_id(file, "id")
    has_file = opt_bool(body, "hasFile")
    return ArrEpisode(
        id=require_int(body, "id"),
        series_id=require_int(body, "seriesId"),
        season_number=require_int(body, "seasonNumber"),
        episode_number=require_int(body, "episodeNumber"),
        monitored=require_bool(body, "monitored"),
        has_file=has_file if has_file is not None else file_id is not None,
        title=opt_str(body, "title"),
        tvdb_id=positive_id(body, "tvdbId"),
        file_id=file_id,
        file_size=opt_int(file, "size"),
        air_date=opt_date(body, "airDate"),
        aired_at=opt_datetime(body, "airDateUtc"),
    )


def parse_exclusion(body: Json) -> ImportExclusion:
    """Read an ``ImportListExclusionResource`` (``{id, tvdbId, title}``)."""
    return ImportExclusion(
        id=require_int(body, "id"),
        kind=ArrKind.SONARR,
        external_id=require_int(body, "tvdbId"),
        title=opt_str(body, "title"),
    )


def parse_file_owner(body: Json) -> tuple[int, int]:
    """Read an ``EpisodeFileResource`` as (file id, series id)."""
    return require_int(body, "id"), require_int(body, "seriesId")
