"""Radarr's movie, movie file and exclusion payloads, read into domain values."""

from __future__ import annotations

from collections.abc import Callable

from tendarr.domain.arr import ArrKind, ArrMovie, ImportExclusion, MovieStatus
from tendarr.integrations.arr.fields import (
    Json,
    MalformedPayload,
    opt_bool,
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


def movie_parser(labels: Labels) -> Callable[[Json], ArrMovie]:
    """Return a reader of ``MovieResource`` that names tags and profiles by ``labels``."""

    def parse(body: Json) -> ArrMovie:
        tmdb_id = positive_id(body, "tmdbId")
        if tmdb_id is None:
            raise MalformedPayload("tmdbId is missing")
        file = opt_object(body, "movieFile") or {}
        stats = opt_object(body, "statistics") or {}
        file_id = positive_id(body, "movieFileId") or positive_id(file, "id")
        has_file = opt_bool(body, "hasFile")
        size = opt_int(body, "sizeOnDisk")
        return ArrMovie(
            id=require_int(body, "id"),
            tmdb_id=tmdb_id,
            title=require_str(body, "title"),
            monitored=require_bool(body, "monitored"),
            has_file=has_file if has_file is not None else file_id is not None,
            imdb_id=opt_str(body, "imdbId"),
            year=positive_id(body, "year"),
            status=opt_enum(body, "status", MovieStatus),
            tags=labels.tag_names(body),
            quality_profile=labels.profile_name(body),
            root_folder=opt_str(body, "rootFolderPath"),
            path=opt_str(body, "path"),
            file_id=file_id,
            size_on_disk=size if size is not None else opt_int(stats, "sizeOnDisk"),
            added_at=opt_datetime(body, "added"),
        )

    return parse


def parse_exclusion(body: Json) -> ImportExclusion:
    """Read an exclusion (``{id, tmdbId, movieTitle, movieYear}``; provider fields ignored)."""
    return ImportExclusion(
        id=require_int(body, "id"),
        kind=ArrKind.RADARR,
        external_id=require_int(body, "tmdbId"),
        title=opt_str(body, "movieTitle"),
        year=positive_id(body, "movieYear"),
    )


def parse_file_owner(body: Json) -> tuple[int, int]:
    """Read a ``MovieFileResource`` as (file id, movie id)."""
    return require_int(body, "id"), require_int(body, "movieId")
