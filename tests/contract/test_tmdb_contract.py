"""Check TMDB v3 shape invariants for every simulator endpoint (no spec ships for TMDB)."""

# TMDB ships no spec with Tendarr (field notes §7 describe it in words), so these tests check
# shape invariants only: the page envelope, the fields and types of list items and details, the
# appended sub-resources and the error bodies. They cannot prove a field exists upstream.

from __future__ import annotations

import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.tmdb import create_app, credentials
from tendarr.sim.world import World

PAGE: dict[str, type] = {"page": int, "results": list, "total_pages": int, "total_results": int}
MOVIE_ITEM = {
    "adult": bool,
    "backdrop_path": str,
    "genre_ids": list,
    "id": int,
    "original_language": str,
    "original_title": str,
    "overview": str,
    "popularity": float,
    "poster_path": str,
    "release_date": str,
    "title": str,
    "video": bool,
    "vote_average": float,
    "vote_count": int,
}
TV_ITEM = {
    "adult": bool,
    "backdrop_path": str,
    "genre_ids": list,
    "id": int,
    "origin_country": list,
    "original_language": str,
    "original_name": str,
    "overview": str,
    "popularity": float,
    "poster_path": str,
    "first_air_date": str,
    "name": str,
    "vote_average": float,
    "vote_count": int,
}
MOVIE_DETAILS = {
    "adult": bool,
    "backdrop_path": str,
    "budget": int,
    "genres": list,
    "homepage": str,
    "id": int,
    "imdb_id": str,
    "original_language": str,
    "original_title": str,
    "overview": str,
    "popularity": float,
    "poster_path": str,
    "production_companies": list,
    "production_countries": list,
    "release_date": str,
    "revenue": int,
    "runtime": int,
    "spoken_languages": list,
    "status": str,
    "tagline": str,
    "title": str,
    "video": bool,
    "vote_average": float,
    "vote_count": int,
}
TV_DETAILS = {
    "adult": bool,
    "backdrop_path": str,
    "created_by": list,
    "episode_run_time": list,
    "first_air_date": str,
    "genres": list,
    "homepage": str,
    "id": int,
    "in_production": bool,
    "languages": list,
    "name": str,
    "networks": list,
    "number_of_episodes": int,
    "number_of_seasons": int,
    "origin_country": list,
    "original_language": str,
    "original_name": str,
    "overview": str,
    "popularity": float,
    "poster_path": str,
    "production_companies": list,
    "production_countries": list,
    "seasons": list,
    "spoken_languages": list,
    "status": str,
    "tagline": str,
    "type": str,
    "vote_average": float,
    "vote_count": int,
}
EPISODE = {
    "id": int,
    "name": str,
    "overview": str,
    "air_date": str,
    "episode_number": int,
    "episode_type": str,
    "runtime": int,
    "season_number": int,
    "show_id": int,
    "vote_average": float,
    "vote_count": int,
}
FIND: dict[str, type] = {
    "movie_results": list,
    "person_results": list,
    "tv_results": list,
    "tv_episode_results": list,
    "tv_season_results": list,
}
IMAGE_PATH = re.compile(r"^/[A-Za-z0-9]+\.jpg$")
TV_STATUSES = {"Returning Series", "Ended", "Planned", "In Production", "Canceled", "Pilot"}


def conforms(value: Any, shape: dict[str, type]) -> list[str]:
    """Return the fields of ``value`` that are missing or of the wrong type."""
    problems = [f"missing {k}" for k in shape if k not in value]
    for key, kind in shape.items():
        if key in value and not isinstance(value[key], kind):
            problems.append(f"{key} is {type(value[key]).__name__}, not {kind.__name__}")
    for key in ("poster_path", "backdrop_path"):
        if isinstance(value.get(key), str) and not IMAGE_PATH.match(value[key]):
            problems.append(f"{key} {value[key]!r} is not a TMDB image path")
    if value.get("release_date"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value["release_date"])
    return problems


def check_page(body: Any, item_shapes: dict[str, dict[str, type]]) -> None:
    assert not conforms(body, PAGE)
    assert 1 <= body["page"] <= 500
    assert len(body["results"]) <= 20
    assert body["total_pages"] == max(1, -(-body["total_results"] // 20))
    for item in body["results"]:
        kind = item.get("media_type", next(iter(item_shapes)))
        assert not conforms(item, item_shapes[kind]), (kind, conforms(item, item_shapes[kind]))


@pytest.fixture(scope="module")
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


@pytest.fixture(scope="module")
def client(world: World) -> TestClient:
    return TestClient(create_app(world))


def get(client: TestClient, world: World, path: str, **params: Any) -> Any:
    response = client.get(path, params={"api_key": credentials(world)["api_key"], **params})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def test_lists_have_the_page_envelope(client: TestClient, world: World) -> None:
    movies, shows = {"movie": MOVIE_ITEM}, {"tv": TV_ITEM}
    both = {"movie": MOVIE_ITEM, "tv": TV_ITEM}
    check_page(get(client, world, "/3/search/movie", query="e"), movies)
    check_page(get(client, world, "/3/search/tv", query="e"), shows)
    check_page(get(client, world, "/3/search/multi", query="e"), both)
    check_page(get(client, world, "/3/discover/movie", page=2), movies)
    check_page(get(client, world, "/3/discover/tv"), shows)
    for window in ("day", "week"):
        check_page(get(client, world, f"/3/trending/all/{window}"), both)
    upcoming = get(client, world, "/3/movie/upcoming")
    check_page({k: v for k, v in upcoming.items() if k != "dates"}, movies)
    for chart in ("popular", "top_rated", "now_playing"):
        check_page(get(client, world, f"/3/movie/{chart}"), movies)
    for chart in ("popular", "top_rated", "on_the_air", "airing_today"):
        check_page(get(client, world, f"/3/tv/{chart}"), shows)
    movie = world.movies[0]
    recommended = get(client, world, f"/3/movie/{movie.tmdb_id}/recommendations")
    check_page(recommended, both)
    assert all(r["media_type"] == "movie" for r in recommended["results"])
    similar = get(client, world, f"/3/movie/{movie.tmdb_id}/similar")
    check_page(similar, movies)
    assert all("media_type" not in r for r in similar["results"])


def test_movie_details_and_appendices(client: TestClient, world: World) -> None:
    for movie in (world.movies[0], next(m for m in world.movies if not m.in_library)):
        body = get(
            client,
            world,
            f"/3/movie/{movie.tmdb_id}",
            append_to_response="credits,keywords,external_ids,videos,release_dates",
        )
        assert not conforms(body, MOVIE_DETAILS)
        assert re.fullmatch(r"tt\d+", body["imdb_id"])
        assert all(set(g) == {"id", "name"} for g in body["genres"])
        assert "id" not in body["credits"]
        assert {"cast", "crew"} == set(body["credits"])
        assert all(
            {"id", "name", "character", "credit_id", "order"} <= set(c)
            for c in body["credits"]["cast"]
        )
        assert all(
            {"id", "name", "job", "department", "credit_id"} <= set(c)
            for c in body["credits"]["crew"]
        )
        assert set(body["keywords"]) == {"keywords"}
        assert body["external_ids"]["imdb_id"] == body["imdb_id"]
        assert all(v["site"] == "YouTube" for v in body["videos"]["results"])
        assert body["belongs_to_collection"] is None or {"id", "name"} <= set(
            body["belongs_to_collection"]
        )


def test_tv_details_seasons_and_episodes(client: TestClient, world: World) -> None:
    for show in world.shows:
        body = get(
            client,
            world,
            f"/3/tv/{show.tmdb_id}",
            append_to_response="external_ids,content_ratings,keywords,credits",
        )
        assert not conforms(body, TV_DETAILS)
        assert body["status"] in TV_STATUSES
        for key in ("last_episode_to_air", "next_episode_to_air"):
            assert body[key] is None or not conforms(body[key], EPISODE)
        assert set(body["keywords"]) == {"results"}
        assert isinstance(body["external_ids"]["tvdb_id"], int)
        season = get(
            client, world, f"/3/tv/{show.tmdb_id}/season/{body['seasons'][0]['season_number']}"
        )
        assert {"_id", "air_date", "episodes", "id", "name", "season_number"} <= set(season)
        assert all(not conforms(e, EPISODE) for e in season["episodes"])


def test_find_genres_configuration_collection(client: TestClient, world: World) -> None:
    show = world.shows[0]
    found = get(client, world, f"/3/find/{show.imdb_id}", external_source="imdb_id")
    assert not conforms(found, FIND)
    assert all(r["media_type"] == "tv" for r in found["tv_results"])
    for kind in ("movie", "tv"):
        genres = get(client, world, f"/3/genre/{kind}/list")["genres"]
        assert all(isinstance(g["id"], int) and isinstance(g["name"], str) for g in genres)
    images = get(client, world, "/3/configuration")["images"]
    assert images["secure_base_url"].startswith("https://")
    assert "original" in images["poster_sizes"]
    movie = next(m for m in world.movies if m.collection is not None)
    assert movie.collection is not None
    collection = get(client, world, f"/3/collection/{movie.collection[0]}")
    assert {"id", "name", "overview", "poster_path", "backdrop_path", "parts"} <= set(collection)


def test_error_bodies(client: TestClient, world: World) -> None:
    unauthorised = client.get("/3/configuration")
    assert unauthorised.status_code == 401
    assert set(unauthorised.json()) == {"status_code", "status_message", "success"}
    missing = client.get("/3/tv/1", params={"api_key": credentials(world)["api_key"]})
    assert missing.status_code == 404
    assert missing.json()["success"] is False
    assert missing.json()["status_code"] == 34


def test_people_and_watch_providers(client: TestClient, world: World) -> None:
    movie = world.movies[0]
    person_id = movie.cast[0].person_id
    person = get(client, world, f"/3/person/{person_id}")
    assert {"id", "name", "known_for_department", "profile_path", "imdb_id"} <= set(person)
    for kind, shape in (("movie", MOVIE_ITEM), ("tv", TV_ITEM)):
        credits = get(client, world, f"/3/person/{person_id}/{kind}_credits")
        assert set(credits) == {"cast", "crew", "id"}
        assert all(not conforms(c, shape) and "credit_id" in c for c in credits["cast"])
    providers = get(client, world, f"/3/movie/{movie.tmdb_id}/watch/providers")
    assert set(providers) == {"id", "results"}
    for country, entry in providers["results"].items():
        assert re.fullmatch(r"[A-Z]{2}", country)
        assert entry["link"].startswith("https://www.themoviedb.org/")
        for service in entry["flatrate"]:
            keys = {"logo_path", "provider_id", "provider_name", "display_priority"}
            assert set(service) == keys
