"""``GET /movie/{tmdbId}`` and ``GET /tv/{tmdbId}``: TMDB details, camel-cased, plus mediaInfo."""

from __future__ import annotations

from typing import Any

from tendarr.sim.seerr.serialize import media_json
from tendarr.sim.seerr.state import SeerrError, SeerrState
from tendarr.sim.tmdb import details as tmdb
from tendarr.sim.tmdb.catalog import keyword_id


def _company(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "logoPath": row["logo_path"],
        "originCountry": row["origin_country"],
        "name": row["name"],
    }


def _spoken(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"englishName": r["english_name"], "iso_639_1": r["iso_639_1"], "name": r["name"]}
        for r in rows
    ]


def _credits(raw: dict[str, Any]) -> dict[str, Any]:
    cast = [
        {
            "castId": c.get("cast_id", c["order"] + 1),
            "character": c["character"],
            "creditId": c["credit_id"],
            "id": c["id"],
            "name": c["name"],
            "order": c["order"],
            "gender": c["gender"],
            "profilePath": c["profile_path"],
        }
        for c in raw["cast"]
    ]
    crew = [
        {
            "creditId": c["credit_id"],
            "department": c["department"],
            "id": c["id"],
            "job": c["job"],
            "name": c["name"],
            "gender": c["gender"],
            "profilePath": c["profile_path"],
        }
        for c in raw["crew"]
    ]
    return {"cast": cast, "crew": crew}


def _episode(raw: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": raw["id"],
        "name": raw["name"],
        "airDate": raw["air_date"],
        "episodeNumber": raw["episode_number"],
        "overview": raw["overview"],
        "productionCode": raw["production_code"],
        "seasonNumber": raw["season_number"],
        "showId": raw["show_id"],
        "stillPath": raw["still_path"],
        "voteAverage": raw["vote_average"],
        "voteCount": raw["vote_count"],
    }


def movie_details(state: SeerrState, tmdb_id: int) -> dict[str, Any]:
    """Return Overseerr's ``MovieDetails`` for a TMDB id."""
    world = state.world
    movie = world.movie_by_tmdb.get(tmdb_id)
    if movie is None:
        raise SeerrError(404, "Unable to retrieve movie.")
    raw = tmdb.movie_details(movie, world.now.date())
    trailer = tmdb.videos("movie", tmdb_id, movie.title, movie.release_date)["results"][0]
    release = tmdb.release_dates(movie)["results"]
    body: dict[str, Any] = {
        "id": raw["id"],
        "imdbId": raw["imdb_id"],
        "adult": raw["adult"],
        "backdropPath": raw["backdrop_path"],
        "posterPath": raw["poster_path"],
        "budget": raw["budget"],
        "genres": raw["genres"],
        "homepage": raw["homepage"],
        "originalLanguage": raw["original_language"],
        "originalTitle": raw["original_title"],
        "overview": raw["overview"],
        "popularity": raw["popularity"],
        "productionCompanies": [_company(c) for c in raw["production_companies"]],
        "productionCountries": raw["production_countries"],
        "releaseDate": raw["release_date"],
        "releases": {
            "results": [
                {"iso_3166_1": r["iso_3166_1"], "rating": None, "release_dates": r["release_dates"]}
                for r in release
            ]
        },
        "revenue": raw["revenue"],
        "runtime": raw["runtime"],
        "spokenLanguages": _spoken(raw["spoken_languages"]),
        "status": raw["status"],
        "tagline": raw["tagline"],
        "title": raw["title"],
        "relatedVideos": [
            {
                "site": trailer["site"],
                "key": trailer["key"],
                "name": trailer["name"],
                "size": trailer["size"],
                "type": trailer["type"],
                "url": f"https://www.youtube.com/watch?v={trailer['key']}",
            }
        ],
        "video": raw["video"],
        "voteAverage": raw["vote_average"],
        "voteCount": raw["vote_count"],
        "credits": _credits(tmdb.credits(movie.cast, movie.crew, tmdb_id, movie=True)),
        "externalIds": {
            "facebookId": None,
            "imdbId": movie.imdb_id,
            "instagramId": None,
            "twitterId": None,
        },
        "keywords": [{"id": keyword_id(k), "name": k} for k in movie.keywords],
        "watchProviders": [],
    }
    if raw["belongs_to_collection"] is not None:
        c = raw["belongs_to_collection"]
        body["collection"] = {
            "id": c["id"],
            "name": c["name"],
            "posterPath": c["poster_path"],
            "backdropPath": c["backdrop_path"],
        }
    record = state.media.get(("movie", movie.id))
    if record is not None:
        body["mediaInfo"] = media_json(state, record, with_requests=True)
    return body


def tv_details(state: SeerrState, tmdb_id: int) -> dict[str, Any]:
    """Return Overseerr's ``TvDetails`` for a TMDB id."""
    world = state.world
    show = world.show_by_tmdb.get(tmdb_id)
    if show is None:
        raise SeerrError(404, "Unable to retrieve series.")
    raw = tmdb.tv_details(show, world.now.date())
    body: dict[str, Any] = {
        "createdBy": [
            {
                "id": c["id"],
                "creditId": c["credit_id"],
                "name": c["name"],
                "gender": c["gender"],
                "profilePath": c["profile_path"],
            }
            for c in raw["created_by"]
        ],
        "episodeRunTime": raw["episode_run_time"],
        "firstAirDate": raw["first_air_date"],
        "genres": raw["genres"],
        "id": raw["id"],
        "homepage": raw["homepage"],
        "inProduction": raw["in_production"],
        "languages": raw["languages"],
        "lastAirDate": raw["last_air_date"],
        "name": raw["name"],
        "networks": [_company(n) for n in raw["networks"]],
        "numberOfEpisodes": raw["number_of_episodes"],
        "numberOfSeasons": raw["number_of_seasons"],
        "originCountry": raw["origin_country"],
        "originalLanguage": raw["original_language"],
        "originalName": raw["original_name"],
        "tagline": raw["tagline"],
        "overview": raw["overview"],
        "popularity": raw["popularity"],
        "productionCompanies": [_company(c) for c in raw["production_companies"]],
        "productionCountries": raw["production_countries"],
        "contentRatings": {
            "results": [
                {"iso_3166_1": "US", "rating": show.content_rating},
            ]
        },
        "spokenLanguages": _spoken(raw["spoken_languages"]),
        "seasons": [
            {
                "airDate": s["air_date"],
                "episodeCount": s["episode_count"],
                "id": s["id"],
                "name": s["name"],
                "overview": s["overview"],
                "posterPath": s["poster_path"],
                "seasonNumber": s["season_number"],
            }
            for s in raw["seasons"]
        ],
        "status": raw["status"],
        "type": raw["type"],
        "voteAverage": raw["vote_average"],
        "voteCount": raw["vote_count"],
        "backdropPath": raw["backdrop_path"],
        "posterPath": raw["poster_path"],
        "credits": _credits(tmdb.credits(show.cast, show.crew, tmdb_id, movie=False)),
        "externalIds": {
            "facebookId": None,
            "freebaseId": None,
            "freebaseMid": None,
            "imdbId": show.imdb_id,
            "instagramId": None,
            "tvdbId": show.tvdb_id,
            "tvrageId": None,
            "twitterId": None,
        },
        "keywords": [{"id": keyword_id(k), "name": k} for k in show.keywords],
        "watchProviders": [],
    }
    if raw["last_episode_to_air"] is not None:
        body["lastEpisodeToAir"] = _episode(raw["last_episode_to_air"])
    if raw["next_episode_to_air"] is not None:
        body["nextEpisodeToAir"] = _episode(raw["next_episode_to_air"])
    record = state.media.get(("show", show.id))
    if record is not None:
        body["mediaInfo"] = media_json(state, record, with_requests=True)
    return body
