"""TMDB list endpoints over the world catalog: search, discover, trending, upcoming, find."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from tendarr.sim.model import Movie, Show
from tendarr.sim.tmdb.catalog import (
    MOVIE_GENRES,
    TV_GENRES,
    keyword_id,
    movie_item,
    stable_int,
    tv_item,
)
from tendarr.sim.tmdb.details import episode_brief, paged
from tendarr.sim.world import World

Query = dict[str, str]


class BadParameters(ValueError):
    """A query parameter TMDB refuses (status_code 5 or 22)."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


def _matches(title: str, query: str) -> bool:
    return query.strip().lower() in title.lower()


def search_movies(world: World, q: Query) -> list[Movie]:
    """Return movies whose title matches ``query`` (and year filters), most popular first."""
    text = q.get("query", "")
    if not text.strip():
        return []
    year = q.get("primary_release_year") or q.get("year")
    found = [
        m
        for m in world.movies
        if _matches(m.title, text) or _matches(m.original_title, text)
        if not year or str(m.release_date.year) == year
    ]
    return sorted(found, key=lambda m: -m.popularity)


def search_shows(world: World, q: Query) -> list[Show]:
    """Return shows whose name matches ``query`` (and year filters), most popular first."""
    text = q.get("query", "")
    if not text.strip():
        return []
    year = q.get("first_air_date_year") or q.get("year")
    found = [
        s
        for s in world.shows
        if _matches(s.title, text)
        if not year or str(s.first_air_date.year) == year
    ]
    return sorted(found, key=lambda s: -s.popularity)


def search_multi(world: World, q: Query) -> list[dict[str, Any]]:
    """Return movies and shows matching ``query``, tagged with ``media_type``."""
    rows: list[tuple[float, dict[str, Any]]] = [
        (m.popularity, movie_item(m, media_type=True)) for m in search_movies(world, q)
    ]
    rows += [(s.popularity, tv_item(s, media_type=True)) for s in search_shows(world, q)]
    return [item for _, item in sorted(rows, key=lambda r: -r[0])]


def _id_filter(value: str) -> Callable[[set[int]], bool]:
    """Return TMDB's id-list filter: commas mean all of, pipes mean any of."""
    if not value:
        return lambda _ids: True
    try:
        if "|" in value:
            wanted = {int(v) for v in value.split("|") if v}
            return lambda ids: bool(wanted & ids)
        needed = {int(v) for v in value.split(",") if v}
    except ValueError as err:
        raise BadParameters(
            5, "Invalid parameters: Your request parameters are incorrect."
        ) from err
    return lambda ids: needed <= ids


def _genre_filter(value: str, table: dict[str, tuple[int, str]]) -> Callable[[list[str]], bool]:
    ids_of = {name: gid for name, (gid, _) in table.items()}
    check = _id_filter(value)
    return lambda genres: check({ids_of[g] for g in genres})


def _keyword_filter(value: str) -> Callable[[list[str]], bool]:
    check = _id_filter(value)
    return lambda names: check({keyword_id(n) for n in names})


def _float(q: Query, key: str) -> float | None:
    raw = q.get(key)
    if raw in (None, ""):
        return None
    try:
        return float(raw)
    except ValueError as err:
        raise BadParameters(
            5, "Invalid parameters: Your request parameters are incorrect."
        ) from err


def discover_movies(world: World, q: Query) -> list[dict[str, Any]]:
    """Return ``/3/discover/movie`` results, filtered and sorted as asked."""
    genre_ok = _genre_filter(q.get("with_genres", ""), MOVIE_GENRES)
    keyword_ok = _keyword_filter(q.get("with_keywords", ""))
    year = q.get("primary_release_year") or q.get("year")
    min_vote = _float(q, "vote_average.gte")
    language = q.get("with_original_language")
    movies = [
        m
        for m in world.movies
        if genre_ok(m.genres)
        and keyword_ok(m.keywords)
        and (not year or str(m.release_date.year) == year)
        and (min_vote is None or m.tmdb_rating >= min_vote)
        and (not language or m.language == language)
    ]
    field, _, direction = q.get("sort_by", "popularity.desc").partition(".")
    keys: dict[str, Callable[[Movie], Any]] = {
        "popularity": lambda m: m.popularity,
        "vote_average": lambda m: m.tmdb_rating,
        "primary_release_date": lambda m: m.release_date,
        "title": lambda m: m.title.lower(),
        "original_title": lambda m: m.original_title.lower(),
    }
    key = keys.get(field, keys["popularity"])
    movies.sort(key=lambda m: (key(m), m.tmdb_id), reverse=direction != "asc")
    return [movie_item(m) for m in movies]


def discover_shows(world: World, q: Query) -> list[dict[str, Any]]:
    """Return ``/3/discover/tv`` results, filtered and sorted as asked."""
    genre_ok = _genre_filter(q.get("with_genres", ""), TV_GENRES)
    keyword_ok = _keyword_filter(q.get("with_keywords", ""))
    year = q.get("first_air_date_year")
    min_vote = _float(q, "vote_average.gte")
    language = q.get("with_original_language")
    shows = [
        s
        for s in world.shows
        if genre_ok(s.genres)
        and keyword_ok(s.keywords)
        and (not year or str(s.first_air_date.year) == year)
        and (min_vote is None or s.tmdb_rating >= min_vote)
        and (not language or s.language == language)
    ]
    field, _, direction = q.get("sort_by", "popularity.desc").partition(".")
    keys: dict[str, Callable[[Show], Any]] = {
        "popularity": lambda s: s.popularity,
        "vote_average": lambda s: s.tmdb_rating,
        "first_air_date": lambda s: s.first_air_date,
        "name": lambda s: s.title.lower(),
        "original_name": lambda s: s.title.lower(),
    }
    key = keys.get(field, keys["popularity"])
    shows.sort(key=lambda s: (key(s), s.tmdb_id), reverse=direction != "asc")
    return [tv_item(s) for s in shows]


def trending(world: World, media: str, window: str) -> list[dict[str, Any]]:
    """Return titles ranked by popularity, reshuffled per day for the ``day`` window."""
    stamp = world.now.date().isoformat() if window == "day" else "week"

    def heat(kind: str, tmdb_id: int, popularity: float) -> float:
        return popularity * (0.5 + stable_int("trend", stamp, kind, tmdb_id, modulo=1000) / 1000)

    rows: list[tuple[float, dict[str, Any]]] = []
    if media in {"all", "movie"}:
        rows += [
            (heat("movie", m.tmdb_id, m.popularity), movie_item(m, media_type=True))
            for m in world.movies
        ]
    if media in {"all", "tv"}:
        rows += [
            (heat("tv", s.tmdb_id, s.popularity), tv_item(s, media_type=True)) for s in world.shows
        ]
    return [item for _, item in sorted(rows, key=lambda r: (-r[0], r[1]["id"]))]


def upcoming(world: World, page: int) -> dict[str, Any]:
    """Return ``/3/movie/upcoming``: movies released within the next four weeks."""
    today = world.now.date()
    last = today + timedelta(days=28)
    movies = sorted(
        (m for m in world.movies if today <= m.release_date <= last),
        key=lambda m: -m.popularity,
    )
    body = paged([movie_item(m) for m in movies], page)
    return {"dates": {"maximum": last.isoformat(), "minimum": today.isoformat()}, **body}


def find(world: World, external_id: str, source: str) -> dict[str, Any]:
    """Return ``/3/find/{external_id}`` for an IMDb or TVDB id."""
    movies: list[dict[str, Any]] = []
    shows: list[dict[str, Any]] = []
    episodes: list[dict[str, Any]] = []
    if source == "imdb_id":
        movies = [movie_item(m, media_type=True) for m in world.movies if m.imdb_id == external_id]
        shows = [tv_item(s, media_type=True) for s in world.shows if s.imdb_id == external_id]
    elif source == "tvdb_id":
        number = int(external_id) if external_id.isdigit() else -1
        show = world.show_by_tvdb.get(number)
        if show is not None:
            shows = [tv_item(show, media_type=True)]
        for s in world.shows:
            for ep in s.episodes():
                if ep.tvdb_id == number:
                    brief = episode_brief(s, ep)
                    brief["media_type"] = "tv_episode"
                    episodes.append(brief)
    else:
        raise BadParameters(5, "Invalid parameters: Your request parameters are incorrect.")
    return {
        "movie_results": movies,
        "person_results": [],
        "tv_results": shows,
        "tv_episode_results": episodes,
        "tv_season_results": [],
    }


def charts(world: World, kind: str, chart: str) -> list[dict[str, Any]]:
    """Return ``/3/{movie|tv}/{popular|top_rated|now_playing|on_the_air|airing_today}``."""
    today = world.now.date()
    if kind == "movie":
        movies = list(world.movies)
        if chart == "now_playing":
            movies = [m for m in movies if timedelta(0) <= today - m.release_date <= timedelta(42)]
        key = (lambda m: -m.tmdb_rating) if chart == "top_rated" else (lambda m: -m.popularity)
        return [movie_item(m) for m in sorted(movies, key=key)]
    shows = list(world.shows)
    if chart in {"on_the_air", "airing_today"}:
        horizon = timedelta(days=0 if chart == "airing_today" else 7)

        def airing(show: Show) -> bool:
            return any(
                e.air_date is not None and timedelta(0) <= e.air_date - today <= horizon
                for e in show.episodes()
            )

        shows = [s for s in shows if airing(s)]
    order = (lambda s: -s.tmdb_rating) if chart == "top_rated" else (lambda s: -s.popularity)
    return [tv_item(s) for s in sorted(shows, key=order)]
