"""TMDB v3 detail objects: movies, shows, seasons and their appendable sub-resources."""

from __future__ import annotations

from datetime import date
from typing import Any

from tendarr.sim.model import Credit, Episode, Movie, Season, Show
from tendarr.sim.tmdb.catalog import (
    ENGLISH_NAMES,
    LANGUAGE_NAMES,
    art_path,
    company_id,
    iso,
    keyword_id,
    movie_genres,
    movie_item,
    origin_country,
    stable_int,
    tv_genres,
    tv_item,
    vote_count,
)
from tendarr.sim.world import World

_COUNTRY_NAMES = {
    "US": "United States of America",
    "FR": "France",
    "DE": "Germany",
    "ES": "Spain",
    "JP": "Japan",
    "KR": "South Korea",
}
TV_STATUS = {"continuing": "Returning Series", "ended": "Ended", "upcoming": "Planned"}


def _spoken(language: str) -> list[dict[str, Any]]:
    return [
        {
            "english_name": ENGLISH_NAMES.get(language, language),
            "iso_639_1": language,
            "name": LANGUAGE_NAMES.get(language, language),
        }
    ]


def _company(name: str, language: str) -> dict[str, Any]:
    return {
        "id": company_id(name),
        "logo_path": art_path("company", company_id(name), "logo"),
        "name": name,
        "origin_country": origin_country(language),
    }


def _country(language: str) -> list[dict[str, Any]]:
    code = origin_country(language)
    return [{"iso_3166_1": code, "name": _COUNTRY_NAMES[code]}]


def movie_details(movie: Movie, today: date) -> dict[str, Any]:
    """Return ``GET /3/movie/{id}`` for a movie."""
    collection = None
    if movie.collection is not None:
        cid, name = movie.collection
        collection = {
            "id": cid,
            "name": name,
            "poster_path": art_path("collection", cid, "poster"),
            "backdrop_path": art_path("collection", cid, "backdrop"),
        }
    released = movie.release_date <= today
    return {
        "adult": False,
        "backdrop_path": art_path("movie", movie.tmdb_id, "backdrop"),
        "belongs_to_collection": collection,
        "budget": stable_int("budget", movie.tmdb_id, modulo=150) * 1_000_000,
        "genres": movie_genres(movie),
        "homepage": "",
        "id": movie.tmdb_id,
        "imdb_id": movie.imdb_id,
        "origin_country": [origin_country(movie.language)],
        "original_language": movie.language,
        "original_title": movie.original_title,
        "overview": movie.overview,
        "popularity": movie.popularity,
        "poster_path": art_path("movie", movie.tmdb_id, "poster"),
        "production_companies": [_company(movie.studio, movie.language)],
        "production_countries": _country(movie.language),
        "release_date": iso(movie.release_date),
        "revenue": stable_int("revenue", movie.tmdb_id, modulo=400) * 1_000_000 if released else 0,
        "runtime": movie.runtime_min,
        "spoken_languages": _spoken(movie.language),
        "status": "Released" if released else "Post Production",
        "tagline": "",
        "title": movie.title,
        "video": False,
        "vote_average": movie.tmdb_rating,
        "vote_count": vote_count("movie", movie.tmdb_id, movie.popularity),
    }


def episode_brief(show: Show, ep: Episode) -> dict[str, Any]:
    """Return an episode as TMDB embeds it (``last_episode_to_air`` and seasons)."""
    season = next(s for s in show.seasons if s.number == ep.season_number)
    finale = ep is season.episodes[-1]
    return {
        "id": ep.tmdb_id,
        "name": ep.title,
        "overview": ep.overview,
        "vote_average": 0.0,
        "vote_count": 0,
        "air_date": iso(ep.air_date),
        "episode_number": ep.episode_number,
        "episode_type": "finale" if finale else "standard",
        "production_code": "",
        "runtime": ep.runtime_min,
        "season_number": ep.season_number,
        "show_id": show.tmdb_id,
        "still_path": art_path("episode", ep.tmdb_id, "still"),
    }


def _season_brief(show: Show, season: Season) -> dict[str, Any]:
    first = season.episodes[0].air_date if season.episodes else None
    return {
        "air_date": iso(first) if first else None,
        "episode_count": len(season.episodes),
        "id": season.tmdb_id,
        "name": f"Season {season.number}",
        "overview": "",
        "poster_path": art_path("season", season.tmdb_id, "poster"),
        "season_number": season.number,
        "vote_average": 0.0,
    }


def tv_details(show: Show, today: date) -> dict[str, Any]:
    """Return ``GET /3/tv/{id}`` for a show."""
    episodes = show.episodes()
    aired = [e for e in episodes if e.air_date is not None and e.air_date <= today]
    upcoming = [e for e in episodes if e.air_date is not None and e.air_date > today]
    last = aired[-1] if aired else None
    network = {
        "id": company_id(show.network),
        "logo_path": art_path("network", company_id(show.network), "logo"),
        "name": show.network,
        "origin_country": origin_country(show.language),
    }
    creator = next((c for c in show.crew if c.job == "Producer"), None)
    return {
        "adult": False,
        "backdrop_path": art_path("tv", show.tmdb_id, "backdrop"),
        "created_by": [
            {
                "id": creator.person_id,
                "credit_id": _credit_id(creator, show.tmdb_id),
                "name": creator.name,
                "original_name": creator.name,
                "gender": 0,
                "profile_path": None,
            }
        ]
        if creator
        else [],
        "episode_run_time": [episodes[0].runtime_min] if episodes else [],
        "first_air_date": iso(show.first_air_date),
        "genres": tv_genres(show),
        "homepage": "",
        "id": show.tmdb_id,
        "in_production": show.status == "continuing",
        "languages": [show.language],
        "last_air_date": iso(last.air_date) if last else None,
        "last_episode_to_air": episode_brief(show, last) if last else None,
        "name": show.title,
        "next_episode_to_air": episode_brief(show, upcoming[0]) if upcoming else None,
        "networks": [network],
        "number_of_episodes": len(episodes),
        "number_of_seasons": len(show.seasons),
        "origin_country": [origin_country(show.language)],
        "original_language": show.language,
        "original_name": show.title,
        "overview": show.overview,
        "popularity": show.popularity,
        "poster_path": art_path("tv", show.tmdb_id, "poster"),
        "production_companies": [],
        "production_countries": _country(show.language),
        "seasons": [_season_brief(show, s) for s in show.seasons],
        "spoken_languages": _spoken(show.language),
        "status": TV_STATUS.get(show.status, "Returning Series"),
        "tagline": "",
        "type": "Scripted",
        "vote_average": show.tmdb_rating,
        "vote_count": vote_count("tv", show.tmdb_id, show.popularity),
    }


def season_details(show: Show, season: Season) -> dict[str, Any]:
    """Return ``GET /3/tv/{id}/season/{n}``."""
    brief = _season_brief(show, season)
    episodes = []
    for ep in season.episodes:
        full = episode_brief(show, ep)
        full["crew"] = []
        full["guest_stars"] = []
        episodes.append(full)
    return {
        "_id": f"{season.tmdb_id:024x}",
        "air_date": brief["air_date"],
        "episodes": episodes,
        "name": brief["name"],
        "overview": "",
        "id": season.tmdb_id,
        "poster_path": brief["poster_path"],
        "season_number": season.number,
        "vote_average": 0.0,
    }


def _credit_id(credit: Credit, tmdb_id: int) -> str:
    return f"{stable_int('credit', credit.person_id, tmdb_id, modulo=16**24):024x}"


def credits(cast: list[Credit], crew: list[Credit], tmdb_id: int, *, movie: bool) -> dict[str, Any]:
    """Return TMDB's ``credits`` object."""
    people: list[dict[str, Any]] = []
    for c in cast:
        person: dict[str, Any] = {
            "adult": False,
            "gender": c.person_id % 3,
            "id": c.person_id,
            "known_for_department": "Acting",
            "name": c.name,
            "original_name": c.name,
            "popularity": round(1 + (c.person_id % 97) / 10, 3),
            "profile_path": art_path("person", c.person_id, "profile"),
        }
        if movie:
            person["cast_id"] = c.order + 1
        person.update({"character": c.character or "", "credit_id": _credit_id(c, tmdb_id)})
        person["order"] = c.order
        people.append(person)
    staff = [
        {
            "adult": False,
            "gender": c.person_id % 3,
            "id": c.person_id,
            "known_for_department": c.department or "Crew",
            "name": c.name,
            "original_name": c.name,
            "popularity": round(1 + (c.person_id % 97) / 10, 3),
            "profile_path": None,
            "credit_id": _credit_id(c, tmdb_id),
            "department": c.department or "Crew",
            "job": c.job or "",
        }
        for c in crew
    ]
    return {"cast": people, "crew": staff}


def keywords(names: list[str], *, movie: bool) -> dict[str, Any]:
    """Return TMDB's keywords object (``keywords`` for movies, ``results`` for TV)."""
    rows = [{"id": keyword_id(n), "name": n} for n in names]
    return {"keywords": rows} if movie else {"results": rows}


def external_ids_movie(movie: Movie) -> dict[str, Any]:
    """Return ``/3/movie/{id}/external_ids`` (without the ``id`` when appended)."""
    return {
        "imdb_id": movie.imdb_id,
        "wikidata_id": None,
        "facebook_id": None,
        "instagram_id": None,
        "twitter_id": None,
    }


def external_ids_tv(show: Show) -> dict[str, Any]:
    """Return ``/3/tv/{id}/external_ids`` (without the ``id`` when appended)."""
    return {
        "imdb_id": show.imdb_id,
        "freebase_mid": None,
        "freebase_id": None,
        "tvdb_id": show.tvdb_id,
        "tvrage_id": None,
        "wikidata_id": None,
        "facebook_id": None,
        "instagram_id": None,
        "twitter_id": None,
    }


def videos(kind: str, tmdb_id: int, title: str, published: date) -> dict[str, Any]:
    """Return TMDB's ``videos`` object: one official YouTube trailer."""
    key = f"{stable_int('yt', kind, tmdb_id, modulo=36**11):011x}"[:11]
    return {
        "results": [
            {
                "iso_639_1": "en",
                "iso_3166_1": "US",
                "name": f"{title} | Official Trailer",
                "key": key,
                "site": "YouTube",
                "size": 1080,
                "type": "Trailer",
                "official": True,
                "published_at": f"{published.isoformat()}T16:00:00.000Z",
                "id": f"{stable_int('video', kind, tmdb_id, modulo=16**24):024x}",
            }
        ]
    }


def release_dates(movie: Movie) -> dict[str, Any]:
    """Return ``release_dates``: the US theatrical release and its certification."""
    return {
        "results": [
            {
                "iso_3166_1": "US",
                "release_dates": [
                    {
                        "certification": movie.content_rating,
                        "descriptors": [],
                        "iso_639_1": "",
                        "note": "",
                        "release_date": f"{movie.release_date.isoformat()}T00:00:00.000Z",
                        "type": 3,
                    }
                ],
            }
        ]
    }


def content_ratings(show: Show) -> dict[str, Any]:
    """Return a show's ``content_ratings``."""
    return {"results": [{"descriptors": [], "iso_3166_1": "US", "rating": show.content_rating}]}


def related(
    world: World, kind: str, tmdb_ids: list[int], page: int, *, tagged: bool
) -> dict[str, Any]:
    """Return a paged ``recommendations`` (``tagged`` with media_type) or ``similar`` list."""
    if kind == "movie":
        items = [
            movie_item(world.movie_by_tmdb[t], media_type=tagged)
            for t in tmdb_ids
            if t in world.movie_by_tmdb
        ]
    else:
        items = [
            tv_item(world.show_by_tmdb[t], media_type=tagged)
            for t in tmdb_ids
            if t in world.show_by_tmdb
        ]
    return paged(items, page)


def paged(items: list[dict[str, Any]], page: int, size: int = 20) -> dict[str, Any]:
    """Return TMDB's page envelope for ``items``."""
    start = (page - 1) * size
    return {
        "page": page,
        "results": items[start : start + size],
        "total_pages": max(1, -(-len(items) // size)),
        "total_results": len(items),
    }
