"""The Radarr simulator: auth, movies, files, history, exclusions, collections and faults."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from tendarr.sim.arr.capture import WebhookInbox
from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.model import Movie
from tendarr.sim.radarr import create_app, credentials
from tendarr.sim.world import World


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()


@pytest.fixture
def inbox() -> WebhookInbox:
    return WebhookInbox()


@pytest.fixture
def client(world: World, faults: FaultPlan, inbox: WebhookInbox) -> Iterator[TestClient]:
    app = create_app(world, faults=faults, webhook_transport=inbox.transport())
    with TestClient(app) as test_client:
        test_client.headers["X-Api-Key"] = credentials(world)["api_key"]
        yield test_client


def managed(world: World) -> list[Movie]:
    return [m for m in world.movies if m.radarr is not None]


def rid(movie: Movie) -> int:
    assert movie.radarr is not None
    return movie.radarr.arr_id


def hook(client: TestClient, **flags: bool) -> None:
    body = {
        "name": "tendarr",
        "implementation": "Webhook",
        "fields": [{"name": "url", "value": "http://tendarr.test/hooks/radarr"}],
        **flags,
    }
    assert client.post("/api/v3/notification", json=body).status_code == 201


def test_requests_without_the_api_key_get_an_empty_401(world: World) -> None:
    client = TestClient(create_app(world))
    response = client.get("/api/v3/movie")
    assert (response.status_code, response.content) == (401, b"")
    assert client.get("/api/v3/movie", headers={"X-Api-Key": "x"}).status_code == 401
    key = credentials(world)["api_key"]
    assert client.get(f"/api/v3/movie?apikey={key}").status_code == 200


def test_movies_carry_files_and_sizes(client: TestClient, world: World) -> None:
    movies = client.get("/api/v3/movie").json()
    assert [m["tmdbId"] for m in movies] == [m.tmdb_id for m in managed(world)]
    for body, movie in zip(movies, managed(world), strict=True):
        assert movie.file is not None
        assert body["hasFile"] is True
        assert body["sizeOnDisk"] == movie.file.size == body["statistics"]["sizeOnDisk"]
        assert body["movieFile"]["path"] == movie.file.path
        assert body["movieFileId"] == movie.file.id
        assert body["titleSlug"] == str(movie.tmdb_id)


def test_filter_and_lookups(client: TestClient, world: World) -> None:
    movie = managed(world)[3]
    assert [m["id"] for m in client.get(f"/api/v3/movie?tmdbId={movie.tmdb_id}").json()] == [
        rid(movie)
    ]
    wanted = next(m for m in world.movies if m.radarr is None)
    by_tmdb = client.get(f"/api/v3/movie/lookup/tmdb?tmdbId={wanted.tmdb_id}").json()
    assert by_tmdb["tmdbId"] == wanted.tmdb_id
    assert "id" not in by_tmdb
    by_imdb = client.get(f"/api/v3/movie/lookup/imdb?imdbId={wanted.imdb_id}").json()
    assert by_imdb["tmdbId"] == wanted.tmdb_id
    by_term = client.get(f"/api/v3/movie/lookup?term=tmdb:{movie.tmdb_id}").json()
    assert [m["id"] for m in by_term] == [rid(movie)]
    assert client.get("/api/v3/movie/lookup/tmdb?tmdbId=1").status_code == 404


def test_adding_validates_and_creates(client: TestClient, world: World) -> None:
    owned = managed(world)[0]
    duplicate = client.post(
        "/api/v3/movie",
        json={"tmdbId": owned.tmdb_id, "qualityProfileId": 1, "rootFolderPath": "/media/movies"},
    )
    assert duplicate.status_code == 400
    assert duplicate.json()[0]["errorMessage"] == "This movie has already been added"
    unknown = client.post(
        "/api/v3/movie",
        json={"tmdbId": 5, "qualityProfileId": 1, "rootFolderPath": "/media/movies"},
    )
    assert unknown.status_code == 400
    wanted = next(m for m in world.movies if m.radarr is None)
    made = client.post(
        "/api/v3/movie",
        json={
            "tmdbId": wanted.tmdb_id,
            "title": wanted.title,
            "qualityProfileId": 2,
            "rootFolderPath": "/media/movies",
            "monitored": True,
            "addOptions": {"searchForMovie": False},
        },
    )
    assert made.status_code == 201
    assert made.json()["hasFile"] is False
    assert made.json()["movieFileId"] == 0
    assert wanted.radarr is not None
    assert wanted.radarr.quality_profile_id == 2


def test_editing_and_bulk_editing(client: TestClient, world: World) -> None:
    movie = managed(world)[0]
    body = client.get(f"/api/v3/movie/{rid(movie)}").json()
    body["monitored"] = False
    body["tags"] = [1]
    assert client.put(f"/api/v3/movie/{rid(movie)}", json=body).status_code == 202
    assert movie.radarr is not None
    assert (movie.radarr.monitored, movie.radarr.tags) == (False, [1])
    ids = [rid(m) for m in managed(world)[:3]]
    edited = client.put(
        "/api/v3/movie/editor", json={"movieIds": ids, "tags": [1], "applyTags": "remove"}
    )
    assert edited.status_code == 202
    assert all(m["tags"] == [] for m in edited.json())


def test_deleting_a_movie_with_files_and_exclusion(
    client: TestClient, world: World, inbox: WebhookInbox
) -> None:
    hook(client, onMovieDelete=True, onMovieFileDelete=True)
    movie = managed(world)[0]
    assert movie.file is not None
    size = movie.file.size
    response = client.delete(f"/api/v3/movie/{rid(movie)}?deleteFiles=true&addImportExclusion=true")
    assert (response.status_code, response.content) == (200, b"")
    assert movie.radarr is None
    assert movie.file is None
    assert all(("movie", movie.id) not in s.native_ids for s in world.servers)
    [payload] = inbox.payloads("MovieDelete")
    assert (payload["deletedFiles"], payload["movieFolderSize"]) == (True, size)
    assert inbox.payloads("MovieFileDelete") == []
    assert [x["tmdbId"] for x in client.get("/api/v3/exclusions").json()] == [movie.tmdb_id]


def test_bulk_delete_without_files(client: TestClient, world: World) -> None:
    movies = managed(world)[:2]
    response = client.request(
        "DELETE", "/api/v3/movie/editor", json={"movieIds": [rid(m) for m in movies]}
    )
    assert response.status_code == 200
    assert all(m.radarr is None and m.file is not None for m in movies)


def test_movie_file_delete_is_manual(client: TestClient, world: World, inbox: WebhookInbox) -> None:
    hook(client, onMovieFileDelete=True)
    movie = managed(world)[0]
    files = client.get(f"/api/v3/moviefile?movieId={rid(movie)}").json()
    assert [f["movieId"] for f in files] == [rid(movie)]
    assert client.delete(f"/api/v3/moviefile/{files[0]['id']}").status_code == 200
    assert movie.file is None
    assert movie.radarr is not None
    [payload] = inbox.payloads("MovieFileDelete")
    assert payload["deleteReason"] == "manual"
    latest = client.get("/api/v3/history?pageSize=1").json()["records"][0]
    assert latest["eventType"] == "movieFileDeleted"
    body = client.get(f"/api/v3/movie/{rid(movie)}").json()
    assert (body["hasFile"], body["sizeOnDisk"], "movieFile" in body) == (False, 0, False)


def test_history_pages_and_filters(client: TestClient, world: World) -> None:
    first = client.get("/api/v3/history?pageSize=4").json()
    assert (first["page"], first["pageSize"], first["sortKey"]) == (1, 4, "date")
    assert first["totalRecords"] == 2 * len(managed(world))
    movie = managed(world)[0]
    mine = client.get(f"/api/v3/history?movieIds={rid(movie)}&eventType=1").json()["records"]
    assert [r["eventType"] for r in mine] == ["grabbed"]
    per_movie = client.get(f"/api/v3/history/movie?movieId={rid(movie)}&includeMovie=true").json()
    assert [r["eventType"] for r in per_movie] == ["downloadFolderImported", "grabbed"]
    assert per_movie[0]["movie"]["id"] == rid(movie)
    assert client.get("/api/v3/history/since?date=bad").status_code == 400


def test_exclusions_single_bulk_and_paged(client: TestClient, world: World) -> None:
    wanted = [m for m in world.movies if m.radarr is None][:3]
    one = client.post("/api/v3/exclusions", json={"tmdbId": wanted[0].tmdb_id})
    assert one.status_code == 201
    assert one.json()["movieTitle"] == wanted[0].title
    bulk = client.post(
        "/api/v3/exclusions/bulk",
        json=[{"tmdbId": m.tmdb_id, "movieTitle": m.title, "movieYear": m.year} for m in wanted],
    )
    assert bulk.status_code == 200
    assert len(bulk.json()) == 2
    paged = client.get("/api/v3/exclusions/paged?pageSize=2&page=2").json()
    assert (paged["totalRecords"], len(paged["records"])) == (3, 1)
    ids = [x["id"] for x in client.get("/api/v3/exclusions").json()]
    assert client.request("DELETE", "/api/v3/exclusions/bulk", json={"ids": ids}).status_code == 200
    assert world.exclusions == []


def test_collections_come_from_managed_movies(client: TestClient, world: World) -> None:
    collections = client.get("/api/v3/collection").json()
    expected = {m.collection[0] for m in managed(world) if m.collection}
    assert {c["tmdbId"] for c in collections} == expected
    for collection in collections:
        existing = [m for m in collection["movies"] if m["isExisting"]]
        assert existing
        assert collection["missingMovies"] == len(collection["movies"]) - len(existing)
    if collections:
        first = collections[0]
        assert client.get(f"/api/v3/collection/{first['id']}").json() == first
        assert client.get(f"/api/v3/collection?tmdbId={first['tmdbId']}").json() == [first]


def test_system_endpoints(client: TestClient, world: World) -> None:
    assert client.get("/api/v3/system/status").json()["appName"] == "Radarr"
    disk = client.get("/api/v3/diskspace").json()
    assert disk[0]["freeSpace"] == world.root_folders["radarr"][0].free_space
    assert client.get("/api/v3/rootfolder/1").json()["path"] == "/media/movies"
    assert client.get("/api/v3/qualityprofile/2").json()["name"] == "Ultra-HD"
    assert client.get("/api/v3/qualityprofile/9").status_code == 404


def test_faults_fire_per_endpoint(client: TestClient, faults: FaultPlan) -> None:
    faults.add(Fault("status", path="/api/v3/movie", status=429, retry_after=3, times=1))
    faults.add(Fault("fail_page", path="/api/v3/history", status=502, page=2))
    limited = client.get("/api/v3/movie")
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "3")
    assert client.get("/api/v3/movie").status_code == 200
    assert client.get("/api/v3/history?page=3&pageSize=2").status_code == 502
    assert client.get("/api/v3/history?page=2&pageSize=2").status_code == 200


def test_unreadable_json_is_a_400(client: TestClient) -> None:
    response = client.post(
        "/api/v3/movie", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["title"] == "One or more validation errors occurred."
