"""Radarr resources: movies, movie files and collections, as API v3 sends them."""

from __future__ import annotations

from datetime import date, timedelta

from tendarr.sim.arr.app import ArrSim
from tendarr.sim.arr.media import (
    cutoff_not_met,
    file_languages,
    language,
    media_info,
    quality_model,
    scene_name,
)
from tendarr.sim.arr.wire import MIN_DATE, Json, clean_title, day, sort_title, utc
from tendarr.sim.model import Movie

MOVIE_ROOT = "/media/movies"


def movie_id(movie: Movie) -> int:
    """Return the Radarr id of a managed movie."""
    assert movie.radarr is not None
    return movie.radarr.arr_id


def folder_name(movie: Movie) -> str:
    """Return the movie folder name (the World's naming)."""
    return f"{movie.title} ({movie.year}) {{tmdb-{movie.tmdb_id}}}"


def movie_path(movie: Movie) -> str:
    """Return where Radarr keeps a movie."""
    root = movie.radarr.root_folder if movie.radarr else MOVIE_ROOT
    return f"{root.rstrip('/')}/{folder_name(movie)}"


def release_dates(movie: Movie) -> tuple[date, date, date]:
    """Return (in cinemas, digital, physical) release dates."""
    cinema = movie.release_date
    return cinema, cinema + timedelta(days=80), cinema + timedelta(days=100)


def status(state: ArrSim, movie: Movie) -> str:
    """Return the movie's ``MovieStatusType`` by the World's clock."""
    today = state.world.now.date()
    cinema, digital, _ = release_dates(movie)
    if digital <= today:
        return "released"
    return "inCinemas" if cinema <= today else "announced"


def movie_file_resource(state: ArrSim, movie: Movie) -> Json:
    """Return a ``MovieFileResource``."""
    file = movie.file
    assert file is not None
    profile = movie.radarr.quality_profile_id if movie.radarr else 1
    return {
        "movieId": movie_id(movie),
        "relativePath": file.path.removeprefix(movie_path(movie) + "/"),
        "path": file.path,
        "size": file.size,
        "dateAdded": utc(file.added_at),
        "sceneName": scene_name(file),
        "releaseGroup": file.release_group,
        "edition": "",
        "languages": file_languages(file),
        "quality": quality_model("radarr", file.quality),
        "customFormats": [],
        "customFormatScore": 0,
        "indexerFlags": 0,
        "mediaInfo": media_info(file),
        "qualityCutoffNotMet": cutoff_not_met(profile, file.quality),
        "id": file.id,
    }


def _images(movie: Movie, mid: int | None) -> list[Json]:
    out = []
    for kind in ("poster", "fanart"):
        remote = f"https://image.tmdb.org/t/p/original/{kind}-{movie.tmdb_id}.jpg"
        out.append(
            {
                "coverType": kind,
                "url": f"/MediaCover/{mid}/{kind}.jpg" if mid else remote,
                "remoteUrl": remote,
            }
        )
    return out


def _ratings(movie: Movie) -> Json:
    votes = int(movie.popularity * 40)
    return {
        "imdb": {"votes": votes, "value": movie.imdb_rating, "type": "user"},
        "tmdb": {"votes": votes // 2, "value": movie.tmdb_rating, "type": "user"},
        "rottenTomatoes": {"votes": 0, "value": movie.critic_rating, "type": "user"},
    }


def movie_resource(state: ArrSim, movie: Movie) -> Json:
    """Return a ``MovieResource`` for a movie (managed or a lookup result)."""
    arr = movie.radarr
    managed = arr is not None
    mid = arr.arr_id if arr else None
    file = movie.file if managed else None
    cinema, digital, physical = release_dates(movie)
    size = file.size if file else 0
    current = status(state, movie)
    return {
        "title": movie.title,
        "originalTitle": movie.original_title,
        "originalLanguage": language(movie.language),
        "alternateTitles": [],
        "secondaryYearSourceId": 0,
        "sortTitle": sort_title(movie.title),
        "sizeOnDisk": size,
        "status": current,
        "overview": movie.overview,
        "inCinemas": day(cinema),
        "physicalRelease": day(physical),
        "digitalRelease": day(digital),
        "releaseDate": day(digital),
        "images": _images(movie, mid),
        "website": "",
        "remotePoster": None if managed else _images(movie, None)[0]["remoteUrl"],
        "year": movie.year,
        "youTubeTrailerId": "",
        "studio": movie.studio,
        "path": movie_path(movie) if managed else None,
        "qualityProfileId": arr.quality_profile_id if arr else 0,
        "hasFile": file is not None,
        "movieFileId": file.id if file else 0,
        "monitored": arr.monitored if arr else False,
        "minimumAvailability": "released",
        "isAvailable": current == "released",
        "folderName": movie_path(movie) if managed else None,
        "runtime": movie.runtime_min,
        "cleanTitle": clean_title(movie.title),
        "imdbId": movie.imdb_id,
        "tmdbId": movie.tmdb_id,
        "titleSlug": str(movie.tmdb_id),
        "rootFolderPath": arr.root_folder if arr else None,
        "folder": None if managed else folder_name(movie),
        "certification": movie.content_rating,
        "genres": movie.genres,
        "keywords": movie.keywords,
        "tags": list(arr.tags) if arr else [],
        "added": utc(arr.added_at) if arr and arr.added_at else MIN_DATE,
        "ratings": _ratings(movie),
        "movieFile": movie_file_resource(state, movie) if file else None,
        "collection": (
            {"title": movie.collection[1], "tmdbId": movie.collection[0]}
            if movie.collection
            else None
        ),
        "popularity": movie.popularity,
        "statistics": {
            "movieFileCount": 1 if file else 0,
            "sizeOnDisk": size,
            "releaseGroups": [file.release_group] if file else [],
        },
        "id": mid,
    }


def collection_movie(state: ArrSim, movie: Movie, excluded: bool) -> Json:
    """Return a ``CollectionMovieResource``."""
    return {
        "tmdbId": movie.tmdb_id,
        "imdbId": movie.imdb_id,
        "title": movie.title,
        "cleanTitle": clean_title(movie.title),
        "sortTitle": sort_title(movie.title),
        "status": status(state, movie),
        "overview": movie.overview,
        "runtime": movie.runtime_min,
        "images": _images(movie, None),
        "year": movie.year,
        "ratings": _ratings(movie),
        "genres": movie.genres,
        "folder": folder_name(movie),
        "isExisting": movie.radarr is not None,
        "isExcluded": excluded,
    }
