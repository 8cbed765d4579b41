"""Behaviour of the Overseerr/Jellyseerr simulator: auth, paging, request life, webhooks."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from tendarr.sim.faults import Fault, FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.model import Movie, User
from tendarr.sim.seerr import DEFAULT_TEMPLATE, Webhook, create_app, credentials, state_of
from tendarr.sim.seerr.state import Flavour
from tendarr.sim.world import World


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()


class Captured:
    """A webhook receiver: an httpx transport that records every POST."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200)

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests]


@pytest.fixture
def hooks() -> Captured:
    return Captured()


@pytest.fixture
def client(world: World, faults: FaultPlan, hooks: Captured) -> TestClient:
    app = create_app(
        world,
        faults=faults,
        webhook=Webhook("http://hooks.test/seerr", authorization="Basic c2ltOnNpbQ=="),
        webhook_transport=httpx.MockTransport(hooks.handle),
    )
    return TestClient(app)


def admin(world: World, flavour: Flavour = "overseerr") -> dict[str, str]:
    return {"X-Api-Key": credentials(world, flavour)["api_key"]}


def as_user(world: World, user: User) -> dict[str, str]:
    return {**admin(world), "X-API-User": str(user.id)}


def viewer(world: World) -> User:
    return next(u for u in world.users if u.kind != "owner")


def wanted_movie(world: World, n: int = 0) -> Movie:
    requested = {r.item_id for r in world.requests if r.kind == "movie"}
    return [m for m in world.movies if not m.in_library and m.id not in requested][n]


def test_status_is_public(client: TestClient) -> None:
    body = client.get("/api/v1/status").json()
    assert body["version"] == "1.34.0"
    assert body["updateAvailable"] is False


def test_missing_key_is_refused_by_the_validator(client: TestClient) -> None:
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json()["message"] == "cookie 'connect.sid' required"


def test_wrong_key_is_forbidden(client: TestClient) -> None:
    response = client.get("/api/v1/auth/me", headers={"X-Api-Key": "nope"})
    assert response.status_code == 403
    assert response.json() == {
        "status": 403,
        "error": "You do not have permission to access this endpoint",
    }


def test_api_key_acts_as_admin_unless_x_api_user_says_otherwise(
    client: TestClient, world: World
) -> None:
    me = client.get("/api/v1/auth/me", headers=admin(world)).json()
    assert me["id"] == 1
    assert me["permissions"] == 2
    other = viewer(world)
    them = client.get("/api/v1/auth/me", headers=as_user(world, other)).json()
    assert them["id"] == other.id
    assert (
        client.get("/api/v1/auth/me", headers={**admin(world), "X-API-User": "999"}).status_code
        == 403
    )


def test_requests_page_with_take_and_skip(client: TestClient, world: World) -> None:
    total = len(world.requests)
    first = client.get("/api/v1/request", headers=admin(world)).json()
    assert first["pageInfo"] == {
        "pages": -(-total // 10),
        "pageSize": 10,
        "results": total,
        "page": 1,
    }
    ids: list[int] = []
    for skip in range(0, total, 3):
        body = client.get(
            "/api/v1/request", params={"take": 3, "skip": skip}, headers=admin(world)
        ).json()
        assert body["pageInfo"]["page"] == -(-skip // 3) + 1
        ids += [r["id"] for r in body["results"]]
    assert ids == sorted((r.id for r in world.requests), reverse=True)


def test_request_filters_follow_request_and_media_status(client: TestClient, world: World) -> None:
    def listed(filter_: str) -> list[dict[str, Any]]:
        body = client.get(
            "/api/v1/request", params={"filter": filter_, "take": 100}, headers=admin(world)
        ).json()
        rows: list[dict[str, Any]] = body["results"]
        return rows

    assert all(r["status"] == 1 for r in listed("pending"))
    available = listed("available")
    assert all(r["status"] == 2 and r["media"]["status"] == 5 for r in available)
    processing = listed("processing")
    assert all(r["status"] == 2 and r["media"]["status"] in {1, 2, 3, 4} for r in processing)
    assert len(listed("approved")) == len(available) + len(processing)
    bad = client.get("/api/v1/request", params={"filter": "declined"}, headers=admin(world))
    assert bad.status_code == 400


def test_media_status_follows_the_world(client: TestClient, world: World) -> None:
    owned = world.library_movies()[0]
    body = client.get(f"/api/v1/movie/{owned.tmdb_id}", headers=admin(world)).json()
    assert body["mediaInfo"]["status"] == 5
    assert body["externalIds"]["imdbId"] == owned.imdb_id
    unknown = wanted_movie(world)
    assert (
        "mediaInfo"
        not in client.get(f"/api/v1/movie/{unknown.tmdb_id}", headers=admin(world)).json()
    )


def test_admin_request_is_approved_downloads_and_becomes_available(
    client: TestClient, world: World, hooks: Captured
) -> None:
    movie = wanted_movie(world)
    created = client.post(
        "/api/v1/request",
        json={"mediaType": "movie", "mediaId": movie.tmdb_id},
        headers=admin(world),
    )
    assert created.status_code == 201
    assert created.json()["status"] == 2
    assert created.json()["media"]["status"] == 3
    assert any(p.kind == "movie" and p.item_id == movie.id for p in world.pending)
    world.advance(3600)
    assert movie.file is not None
    details = client.get(f"/api/v1/movie/{movie.tmdb_id}", headers=admin(world)).json()
    assert details["mediaInfo"]["status"] == 5
    kinds = [b["notification_type"] for b in hooks.bodies()]
    assert kinds == ["MEDIA_AUTO_APPROVED", "MEDIA_AVAILABLE"]
    assert hooks.requests[0].headers["authorization"] == "Basic c2ltOnNpbQ=="


def test_user_request_waits_for_approval(client: TestClient, world: World, hooks: Captured) -> None:
    movie, user = wanted_movie(world), viewer(world)
    created = client.post(
        "/api/v1/request",
        json={"mediaType": "movie", "mediaId": movie.tmdb_id},
        headers=as_user(world, user),
    ).json()
    assert created["status"] == 1
    assert created["media"]["status"] == 2
    assert created["requestedBy"]["id"] == user.id
    refused = client.post(f"/api/v1/request/{created['id']}/approve", headers=as_user(world, user))
    assert refused.status_code == 403
    approved = client.post(f"/api/v1/request/{created['id']}/approve", headers=admin(world)).json()
    assert approved["status"] == 2
    assert approved["modifiedBy"]["id"] == 1
    assert approved["media"]["status"] == 3
    payloads = hooks.bodies()
    assert [p["notification_type"] for p in payloads] == ["MEDIA_PENDING", "MEDIA_APPROVED"]
    assert payloads[1]["request"]["requestedBy_username"] == user.username
    assert payloads[1]["media"]["status"] == "PROCESSING"


def test_duplicate_request_conflicts(client: TestClient, world: World) -> None:
    owned = world.library_movies()[0]
    body = {"mediaType": "movie", "mediaId": owned.tmdb_id}
    response = client.post("/api/v1/request", json=body, headers=admin(world))
    assert response.status_code == 409
    assert response.json() == {"message": "Request for this media already exists."}


def test_declined_request_leaves_the_media_unknown(client: TestClient, world: World) -> None:
    movie = wanted_movie(world, 1)
    created = client.post(
        "/api/v1/request",
        json={"mediaType": "movie", "mediaId": movie.tmdb_id},
        headers=as_user(world, viewer(world)),
    ).json()
    declined = client.post(f"/api/v1/request/{created['id']}/decline", headers=admin(world))
    assert declined.json()["status"] == 3
    assert declined.json()["media"]["status"] == 1
    assert not any(p.item_id == movie.id and p.kind == "movie" for p in world.pending)


def test_tv_request_for_all_seasons_fills_in_episode_by_episode(
    client: TestClient, world: World
) -> None:
    show = next(s for s in world.shows if not s.in_library and s.first_air_date < world.now.date())
    created = client.post(
        "/api/v1/request",
        json={"mediaType": "tv", "mediaId": show.tmdb_id, "seasons": "all"},
        headers=admin(world),
    ).json()
    assert [s["seasonNumber"] for s in created["seasons"]] == [s.number for s in show.seasons]
    assert created["type"] == "tv"
    assert created["media"]["tvdbId"] == show.tvdb_id
    world.advance(3600)
    info = client.get(f"/api/v1/tv/{show.tmdb_id}", headers=admin(world)).json()["mediaInfo"]
    aired = [e for e in show.episodes() if e.air_date and e.air_date <= world.now.date()]
    assert info["status"] == (5 if all(e.file for e in aired) else 4)


def test_delete_request_then_it_is_gone(client: TestClient, world: World) -> None:
    target = world.requests[0].id
    assert client.delete(f"/api/v1/request/{target}", headers=admin(world)).status_code == 204
    missing = client.get(f"/api/v1/request/{target}", headers=admin(world))
    assert missing.status_code == 404
    assert missing.json() == {"message": "Request not found."}


def test_put_request_changes_the_target_server(client: TestClient, world: World) -> None:
    target = world.requests[0]
    body = {"mediaType": "movie", "serverId": 1, "profileId": 4, "rootFolder": "/media/movies"}
    updated = client.put(f"/api/v1/request/{target.id}", json=body, headers=admin(world)).json()
    assert (updated["serverId"], updated["profileId"], updated["rootFolder"]) == (
        1,
        4,
        "/media/movies",
    )


def test_media_listing_and_deletion(client: TestClient, world: World) -> None:
    listed = client.get(
        "/api/v1/media", params={"filter": "available", "take": 5}, headers=admin(world)
    )
    body = listed.json()
    assert body["pageInfo"]["pageSize"] == 5
    assert all(m["status"] == 5 for m in body["results"])
    requested = world.requests[0]
    record = state_of(client.app).media[(requested.kind, requested.item_id)]  # type: ignore[arg-type]
    assert client.get(f"/api/v1/media/{record.id}", headers=admin(world)).status_code == 405
    assert client.delete(f"/api/v1/media/{record.id}", headers=admin(world)).status_code == 204
    assert not [
        r for r in world.requests if (r.kind, r.item_id) == (requested.kind, requested.item_id)
    ]
    assert client.delete(f"/api/v1/media/{record.id}", headers=admin(world)).status_code == 404


def test_users_are_paged_with_request_counts(client: TestClient, world: World) -> None:
    body = client.get("/api/v1/user", params={"take": 2}, headers=admin(world)).json()
    assert body["pageInfo"]["results"] == len(world.users)
    assert len(body["results"]) == 2
    user = world.users[1]
    one = client.get(f"/api/v1/user/{user.id}", headers=admin(world)).json()
    assert one["requestCount"] == sum(1 for r in world.requests if r.user_id == user.id)
    theirs = client.get(f"/api/v1/user/{user.id}/requests", headers=admin(world)).json()
    assert {r["requestedBy"]["id"] for r in theirs["results"]} <= {user.id}
    assert client.get("/api/v1/user/999", headers=admin(world)).status_code == 404


def test_overseerr_rejects_jellyseerr_only_parameters(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/request", params={"sortDirection": "asc"}, headers=admin(world))
    assert response.status_code == 400
    assert response.json()["message"] == "Unknown query parameter 'sortDirection'"


def test_jellyseerr_sorts_ascending_and_deletes_files(world: World) -> None:
    client = TestClient(create_app(world, flavour="jellyseerr"))
    headers = admin(world, "jellyseerr")
    rows = client.get(
        "/api/v1/request", params={"sortDirection": "asc", "take": 50}, headers=headers
    ).json()["results"]
    assert [r["id"] for r in rows] == sorted(r.id for r in world.requests)
    me = client.get("/api/v1/auth/me", headers=headers).json()
    assert me["userType"] == 3
    owned = world.library_movies()[0]
    media = client.get(f"/api/v1/movie/{owned.tmdb_id}", headers=headers).json()["mediaInfo"]
    assert (
        media["jellyfinMediaId"]
        == next(s for s in world.servers if s.kind == "jellyfin").native_ids[("movie", owned.id)]
    )
    assert client.delete(f"/api/v1/media/{media['id']}/file", headers=headers).status_code == 204
    assert owned.file is None
    again = client.get(f"/api/v1/movie/{owned.tmdb_id}", headers=headers).json()["mediaInfo"]
    assert again["status"] in {1, 2}


def test_webhook_payload_follows_the_default_template(
    client: TestClient, world: World, hooks: Captured
) -> None:
    movie = wanted_movie(world)
    client.post(
        "/api/v1/request",
        json={"mediaType": "movie", "mediaId": movie.tmdb_id},
        headers=admin(world),
    )
    payload = hooks.bodies()[0]
    assert list(payload) == [
        "notification_type",
        "event",
        "subject",
        "message",
        "image",
        "media",
        "request",
        "issue",
        "comment",
        "extra",
    ]
    assert payload["event"] == "Movie Request Automatically Approved"
    assert payload["subject"] == f"{movie.title} ({movie.release_date.year})"
    assert payload["media"] == {
        "media_type": "movie",
        "tmdbId": str(movie.tmdb_id),
        "tvdbId": "",
        "status": "PROCESSING",
        "status4k": "UNKNOWN",
    }
    assert payload["issue"] is None
    assert payload["comment"] is None
    assert payload["extra"] == []


def test_faults_fire(client: TestClient, world: World, faults: FaultPlan) -> None:
    faults.add(Fault("status", path="/api/v1/request", status=429, retry_after=5, times=1))
    limited = client.get("/api/v1/request", headers=admin(world))
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "5"
    faults.add(Fault("fail_page", path="/api/v1/request", status=503, page=1, page_size=3))
    assert (
        client.get(
            "/api/v1/request", params={"take": 3, "skip": 0}, headers=admin(world)
        ).status_code
        == 200
    )
    assert (
        client.get(
            "/api/v1/request", params={"take": 3, "skip": 3}, headers=admin(world)
        ).status_code
        == 503
    )
    faults.clear()
    faults.add(Fault("latency", path="/api/v1/status", seconds=0.01))
    assert client.get("/api/v1/status").status_code == 200


def test_path_ids_the_spec_types_as_numbers_are_validated(client: TestClient, world: World) -> None:
    bad_user = client.get("/api/v1/user/abc", headers=admin(world))
    assert bad_user.status_code == 400
    assert bad_user.json()["message"] == "request/params/userId must be number"
    assert client.get("/api/v1/tv/abc", headers=admin(world)).status_code == 400
    assert client.get("/api/v1/request/abc", headers=admin(world)).status_code == 404


def test_unknown_routes_answer_the_validators_not_found(client: TestClient, world: World) -> None:
    response = client.get("/api/v1/nothing/here", headers=admin(world))
    assert response.status_code == 404
    assert response.json()["message"] == "not found"


def test_the_validator_refuses_undeclared_parameters_before_the_key_is_checked(
    client: TestClient, world: World
) -> None:
    assert client.get("/api/v1/auth/me?foo=1", headers=admin(world)).status_code == 400
    wrong_key = client.get("/api/v1/request?take=abc", headers={"X-Api-Key": "nope"})
    assert wrong_key.status_code == 400
    assert wrong_key.json()["message"] == "request/query/take must be number"


def test_webhook_settings_round_trip_and_gate_notifications(world: World, hooks: Captured) -> None:
    app = create_app(world, webhook_transport=httpx.MockTransport(hooks.handle))
    client = TestClient(app)
    hook = "/api/v1/settings/notifications/webhook"
    unset = client.get(hook, headers=admin(world)).json()
    assert unset["enabled"] is False
    template = json.loads(json.loads(base64.b64decode(unset["options"]["jsonPayload"])))
    assert template == DEFAULT_TEMPLATE
    custom = base64.b64encode(json.dumps('{"kind": "{{notification_type}}"}').encode()).decode()
    settings = {
        "enabled": True,
        "types": 4,  # MEDIA_APPROVED only
        "options": {"webhookUrl": "http://hooks.test/x", "jsonPayload": custom},
    }
    assert client.post(hook, json=settings, headers=admin(world)).json()["types"] == 4
    assert client.post(f"{hook}/test", json=settings, headers=admin(world)).status_code == 204
    assert hooks.bodies() == [{"kind": "TEST_NOTIFICATION"}]
    movie, user = wanted_movie(world), viewer(world)
    created = client.post(
        "/api/v1/request",
        json={"mediaType": "movie", "mediaId": movie.tmdb_id},
        headers=as_user(world, user),
    ).json()
    client.post(f"/api/v1/request/{created['id']}/approve", headers=admin(world))
    assert hooks.bodies()[1:] == [{"kind": "MEDIA_APPROVED"}]
    assert str(hooks.requests[1].url) == "http://hooks.test/x"
    assert client.get(hook, headers=as_user(world, user)).status_code == 403


def test_manual_status_holds_until_the_world_changes(client: TestClient, world: World) -> None:
    movie = wanted_movie(world)
    created = client.post(
        "/api/v1/request",
        json={"mediaType": "movie", "mediaId": movie.tmdb_id},
        headers=admin(world),
    ).json()
    media_id = created["media"]["id"]
    marked = client.post(
        f"/api/v1/media/{media_id}/available", data={"is4k": "false"}, headers=admin(world)
    )
    assert marked.status_code == 200
    assert marked.json()["status"] == 5
    as_json = client.post(
        f"/api/v1/media/{media_id}/pending", json={"is4k": True}, headers=admin(world)
    ).json()
    assert (as_json["status"], as_json["status4k"]) == (5, 2)
    assert client.post(f"/api/v1/media/{media_id}/gone", headers=admin(world)).status_code == 400
    assert client.post("/api/v1/media/9999/available", headers=admin(world)).status_code == 404
    world.advance(3600)  # the download lands; the scan sets the real status
    info = client.get(f"/api/v1/movie/{movie.tmdb_id}", headers=admin(world)).json()["mediaInfo"]
    assert info["status"] == 5
    world.delete_file("movie", movie.id)
    info = client.get(f"/api/v1/movie/{movie.tmdb_id}", headers=admin(world)).json()["mediaInfo"]
    assert info["status"] == 1
