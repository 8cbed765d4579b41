"""TMDB's view of the world's catalog: ids, artwork paths and list items."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from tendarr.sim.model import Movie, Show

IMAGE_BASE = "https://image.tmdb.org/t/p/"
_ART_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

# The world's genre names (Plex/Sonarr spelling) -> TMDB's own (id, name).
MOVIE_GENRES: dict[str, tuple[int, str]] = {
    "Action": (28, "Action"),
    "Adventure": (12, "Adventure"),
    "Animation": (16, "Animation"),
    "Comedy": (35, "Comedy"),
    "Crime": (80, "Crime"),
    "Documentary": (99, "Documentary"),
    "Drama": (18, "Drama"),
    "Family": (10751, "Family"),
    "Fantasy": (14, "Fantasy"),
    "History": (36, "History"),
    "Horror": (27, "Horror"),
    "Music": (10402, "Music"),
    "Mystery": (9648, "Mystery"),
    "Romance": (10749, "Romance"),
    "Science-Fiction": (878, "Science Fiction"),
    "TV Movie": (10770, "TV Movie"),
    "Thriller": (53, "Thriller"),
    "War": (10752, "War"),
    "Western": (37, "Western"),
}
TV_GENRES: dict[str, tuple[int, str]] = {
    "Action-Adventure": (10759, "Action & Adventure"),
    "Animation": (16, "Animation"),
    "Comedy": (35, "Comedy"),
    "Crime": (80, "Crime"),
    "Documentary": (99, "Documentary"),
    "Drama": (18, "Drama"),
    "Family": (10751, "Family"),
    "Kids": (10762, "Kids"),
    "Mystery": (9648, "Mystery"),
    "News": (10763, "News"),
    "Reality": (10764, "Reality"),
    "Sci-Fi-Fantasy": (10765, "Sci-Fi & Fantasy"),
    "Soap": (10766, "Soap"),
    "Talk": (10767, "Talk"),
    "War-Politics": (10768, "War & Politics"),
    "Western": (37, "Western"),
}
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "ja": "日本語",
    "ko": "한국어/조선말",
}
ENGLISH_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "ja": "Japanese",
    "ko": "Korean",
}


def _digest(*parts: object) -> bytes:
    return hashlib.sha256(":".join(map(str, parts)).encode()).digest()


def art_path(kind: str, tmdb_id: int, role: str) -> str:
    """Return a stable TMDB image path (``/xxxx.jpg``) for a title's poster or backdrop."""
    raw = _digest("tmdb-art", kind, tmdb_id, role)
    name = "".join(_ART_ALPHABET[b % len(_ART_ALPHABET)] for b in raw[:27])
    return f"/{name}.jpg"


def stable_int(*parts: object, modulo: int) -> int:
    """Return a deterministic integer below ``modulo`` derived from ``parts``."""
    return int.from_bytes(_digest(*parts)[:8], "big") % modulo


def vote_count(kind: str, tmdb_id: int, popularity: float) -> int:
    """Return a plausible, stable vote count for a title."""
    return int(popularity * 40) + stable_int("votes", kind, tmdb_id, modulo=500)


def keyword_id(name: str) -> int:
    """Return the TMDB keyword id for a keyword name."""
    return 1000 + stable_int("keyword", name, modulo=300_000)


def company_id(name: str) -> int:
    """Return the TMDB company (or network) id for a studio or network name."""
    return 1 + stable_int("company", name, modulo=200_000)


def movie_genres(movie: Movie) -> list[dict[str, Any]]:
    """Return TMDB's ``genres`` array for a movie."""
    return [{"id": MOVIE_GENRES[g][0], "name": MOVIE_GENRES[g][1]} for g in movie.genres]


def tv_genres(show: Show) -> list[dict[str, Any]]:
    """Return TMDB's ``genres`` array for a show."""
    return [{"id": TV_GENRES[g][0], "name": TV_GENRES[g][1]} for g in show.genres]


def iso(day: date | None) -> str:
    """Return a TMDB date string; TMDB sends an empty string for unknown dates."""
    return day.isoformat() if day else ""


def movie_item(movie: Movie, *, media_type: bool = False) -> dict[str, Any]:
    """Return a movie as it appears in TMDB's paged lists."""
    item: dict[str, Any] = {
        "adult": False,
        "backdrop_path": art_path("movie", movie.tmdb_id, "backdrop"),
        "id": movie.tmdb_id,
        "title": movie.title,
        "original_language": movie.language,
        "original_title": movie.original_title,
        "overview": movie.overview,
        "poster_path": art_path("movie", movie.tmdb_id, "poster"),
    }
    if media_type:
        item["media_type"] = "movie"
    item.update(
        {
            "genre_ids": [MOVIE_GENRES[g][0] for g in movie.genres],
            "popularity": movie.popularity,
            "release_date": iso(movie.release_date),
            "video": False,
            "vote_average": movie.tmdb_rating,
            "vote_count": vote_count("movie", movie.tmdb_id, movie.popularity),
        }
    )
    return item


def tv_item(show: Show, *, media_type: bool = False) -> dict[str, Any]:
    """Return a show as it appears in TMDB's paged lists."""
    item: dict[str, Any] = {
        "adult": False,
        "backdrop_path": art_path("tv", show.tmdb_id, "backdrop"),
        "id": show.tmdb_id,
        "name": show.title,
        "original_language": show.language,
        "original_name": show.title,
        "overview": show.overview,
        "poster_path": art_path("tv", show.tmdb_id, "poster"),
    }
    if media_type:
        item["media_type"] = "tv"
    item.update(
        {
            "genre_ids": [TV_GENRES[g][0] for g in show.genres],
            "popularity": show.popularity,
            "first_air_date": iso(show.first_air_date),
            "vote_average": show.tmdb_rating,
            "vote_count": vote_count("tv", show.tmdb_id, show.popularity),
            "origin_country": [origin_country(show.language)],
        }
    )
    return item


def origin_country(language: str) -> str:
    """Return the ISO 3166-1 country a title in ``language`` comes from."""
    return {"en": "US", "fr": "FR", "de": "DE", "es": "ES", "ja": "JP", "ko": "KR"}.get(
        language, "US"
    )
