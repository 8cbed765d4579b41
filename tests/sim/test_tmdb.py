"""Behaviour of the TMDB v3 simulator: auth, paging, details, find, discover and faults."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.tmdb import create_app, credentials
from tendarr.sim.tmdb.catalog import keyword_id
from tendarr.sim.world import World

INVALID_KEY = {
    "status_code": 7,
    "status_message": "Invalid API key: You must be granted a valid key.",
    "success": False,
}


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()


@pytest.fixture
def client(world: World, faults: FaultPlan) -> TestClient:
    return TestClient(create_app(world, faults=faults))


def get(client: TestClient, world: World, path: str, **params: Any) -> Any:
    response = client.get(path, params={"api_key": credentials(world)["api_key"], **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_missing_or_wrong_key_answers_status_code_7(client: TestClient, world: World) -> None:
    movie = world.movies[0]
    for response in (
        client.get(f"/3/movie/{movie.tmdb_id}"),
        client.get(f"/3/movie/{movie.tmdb_id}", params={"api_key": "0" * 32}),
        client.get(f"/3/movie/{movie.tmdb_id}", headers={"Authorization": "Bearer nope"}),
    ):
        assert response.status_code == 401
        assert response.json() == INVALID_KEY


def test_v4_read_token_is_accepted_as_bearer(client: TestClient, world: World) -> None:
    token = credentials(world)["read_access_token"]
    movie = world.movies[0]
    response = client.get(f"/3/movie/{movie.tmdb_id}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["id"] == movie.tmdb_id


def test_catalog_includes_titles_outside_the_library(client: TestClient, world: World) -> None:
    outside = next(m for m in world.movies if not m.in_library)
    body = get(client, world, f"/3/movie/{outside.tmdb_id}")
    assert body["imdb_id"] == outside.imdb_id
    assert body["title"] == outside.title


def test_details_append_sub_resources(client: TestClient, world: World) -> None:
    movie = next(m for m in world.movies if m.collection is not None)
    appended = "credits,keywords,external_ids,videos,recommendations,similar,release_dates,bogus"
    body = get(client, world, f"/3/movie/{movie.tmdb_id}", append_to_response=appended)
    assert body["external_ids"]["imdb_id"] == movie.imdb_id
    assert [c["name"] for c in body["credits"]["cast"]] == [c.name for c in movie.cast]
    assert [k["name"] for k in body["keywords"]["keywords"]] == movie.keywords
    assert body["release_dates"]["results"][0]["release_dates"][0]["certification"] == (
        movie.content_rating
    )
    assert body["recommendations"]["page"] == 1
    assert "bogus" not in body
    assert movie.collection is not None
    assert body["belongs_to_collection"]["id"] == movie.collection[0]
    show = world.shows[0]
    tv = get(
        client,
        world,
        f"/3/tv/{show.tmdb_id}",
        append_to_response="external_ids,content_ratings,keywords",
    )
    assert tv["external_ids"]["tvdb_id"] == show.tvdb_id
    assert tv["content_ratings"]["results"][0]["rating"] == show.content_rating
    assert "results" in tv["keywords"]
    assert tv["number_of_seasons"] == len(show.seasons)


def test_standalone_sub_resource_carries_the_id(client: TestClient, world: World) -> None:
    show = world.shows[0]
    body = get(client, world, f"/3/tv/{show.tmdb_id}/external_ids")
    assert body["id"] == show.tmdb_id
    assert body["imdb_id"] == show.imdb_id


def test_season_lists_episodes_with_world_ids(client: TestClient, world: World) -> None:
    show = world.shows[0]
    season = show.seasons[0]
    body = get(client, world, f"/3/tv/{show.tmdb_id}/season/{season.number}")
    assert [e["id"] for e in body["episodes"]] == [e.tmdb_id for e in season.episodes]
    assert body["id"] == season.tmdb_id


def test_search_pages_twenty_at_a_time(client: TestClient, world: World) -> None:
    first = get(client, world, "/3/search/movie", query="a")
    total = first["total_results"]
    assert total > 20
    assert len(first["results"]) == 20
    assert first["total_pages"] == -(-total // 20)
    last = get(client, world, "/3/search/movie", query="a", page=first["total_pages"])
    assert len(last["results"]) == total - 20 * (first["total_pages"] - 1)
    multi = get(client, world, "/3/search/multi", query=world.shows[0].title)
    assert {r["media_type"] for r in multi["results"]} >= {"tv"}
    empty = get(client, world, "/3/search/tv", query="")
    assert empty == {"page": 1, "results": [], "total_pages": 1, "total_results": 0}


def test_invalid_page_is_refused(client: TestClient, world: World) -> None:
    response = client.get(
        "/3/search/movie", params={"api_key": credentials(world)["api_key"], "page": "501"}
    )
    assert response.status_code == 400
    assert response.json()["status_code"] == 22


def test_find_by_imdb_and_tvdb(client: TestClient, world: World) -> None:
    movie, show = world.movies[0], world.shows[0]
    by_imdb = get(client, world, f"/3/find/{movie.imdb_id}", external_source="imdb_id")
    assert [r["id"] for r in by_imdb["movie_results"]] == [movie.tmdb_id]
    by_tvdb = get(client, world, f"/3/find/{show.tvdb_id}", external_source="tvdb_id")
    assert [r["id"] for r in by_tvdb["tv_results"]] == [show.tmdb_id]
    episode = show.episodes()[0]
    by_episode = get(client, world, f"/3/find/{episode.tvdb_id}", external_source="tvdb_id")
    assert [r["id"] for r in by_episode["tv_episode_results"]] == [episode.tmdb_id]
    bad = client.get(
        f"/3/find/{movie.imdb_id}",
        params={"api_key": credentials(world)["api_key"], "external_source": "nope"},
    )
    assert bad.status_code == 422


def test_discover_filters_and_sorts(client: TestClient, world: World) -> None:
    drama = get(client, world, "/3/discover/movie", with_genres="18")
    assert all(18 in r["genre_ids"] for r in drama["results"])
    expected = sum(1 for m in world.movies if "Drama" in m.genres)
    assert drama["total_results"] == expected
    ranked = get(client, world, "/3/discover/movie", sort_by="vote_average.desc")["results"]
    votes = [r["vote_average"] for r in ranked]
    assert votes == sorted(votes, reverse=True)
    good = get(client, world, "/3/discover/tv", **{"vote_average.gte": "7"})
    assert all(r["vote_average"] >= 7 for r in good["results"])
    year = world.movies[0].release_date.year
    dated = get(client, world, "/3/discover/movie", primary_release_year=str(year))
    assert all(r["release_date"].startswith(str(year)) for r in dated["results"])
    french = get(client, world, "/3/discover/movie", with_original_language="fr")
    assert all(r["original_language"] == "fr" for r in french["results"])


def test_trending_genres_configuration_collection(client: TestClient, world: World) -> None:
    day = get(client, world, "/3/trending/all/day")
    week = get(client, world, "/3/trending/movie/week")
    assert day["total_results"] == len(world.movies) + len(world.shows)
    assert {r["media_type"] for r in week["results"]} == {"movie"}
    genres = get(client, world, "/3/genre/movie/list")["genres"]
    assert {"id": 878, "name": "Science Fiction"} in genres
    tv_genres = get(client, world, "/3/genre/tv/list")["genres"]
    assert {"id": 10765, "name": "Sci-Fi & Fantasy"} in tv_genres
    config = get(client, world, "/3/configuration")
    assert config["images"]["secure_base_url"] == "https://image.tmdb.org/t/p/"
    movie = next(m for m in world.movies if m.collection is not None)
    assert movie.collection is not None
    collection = get(client, world, f"/3/collection/{movie.collection[0]}")
    assert movie.tmdb_id in [p["id"] for p in collection["parts"]]
    upcoming = get(client, world, "/3/movie/upcoming")
    assert set(upcoming["dates"]) == {"maximum", "minimum"}


def test_unknown_title_is_not_found(client: TestClient, world: World) -> None:
    response = client.get("/3/movie/1", params={"api_key": credentials(world)["api_key"]})
    assert response.status_code == 404
    assert response.json()["status_code"] == 34


def test_rate_limit_fault_sets_retry_after(
    client: TestClient, world: World, faults: FaultPlan
) -> None:
    faults.add(Fault("status", path="/3/search/.*", status=429, retry_after=10, times=1))
    limited = client.get(
        "/3/search/movie", params={"api_key": credentials(world)["api_key"], "query": "a"}
    )
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "10"
    assert get(client, world, "/3/search/movie", query="a")["page"] == 1
    faults.add(Fault("fail_page", path="/3/discover/movie", status=500, page=1))
    assert (
        client.get(
            "/3/discover/movie", params={"api_key": credentials(world)["api_key"], "page": 2}
        ).status_code
        == 500
    )


def test_charts_people_providers_and_keyword_discover(client: TestClient, world: World) -> None:
    popular = get(client, world, "/3/movie/popular")
    assert popular["total_results"] == len(world.movies)
    top = [r["vote_average"] for r in get(client, world, "/3/tv/top_rated")["results"]]
    assert top == sorted(top, reverse=True)
    movie = world.movies[0]
    actor = movie.cast[0]
    person = get(client, world, f"/3/person/{actor.person_id}")
    assert person["name"] == actor.name
    credits = get(client, world, f"/3/person/{actor.person_id}/movie_credits")
    assert [c["id"] for c in credits["cast"]] == [movie.tmdb_id]
    providers = get(client, world, f"/3/movie/{movie.tmdb_id}/watch/providers")
    assert providers["id"] == movie.tmdb_id
    assert all("flatrate" in entry for entry in providers["results"].values())
    appended = get(
        client, world, f"/3/tv/{world.shows[0].tmdb_id}", append_to_response="watch/providers"
    )
    assert "results" in appended["watch/providers"]
    keyword = movie.keywords[0]
    tagged = get(client, world, "/3/discover/movie", with_keywords=str(keyword_id(keyword)), page=1)
    assert tagged["total_results"] == sum(1 for m in world.movies if keyword in m.keywords)
    assert get(client, world, f"/3/movie/{movie.tmdb_id}")["id"] == movie.tmdb_id
