"""Overseerr/Jellyseerr connections and per-user retention end to end over the simulators."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime
from tendarr.domain.media import ItemKind
from tendarr.domain.rules import Unknown
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import free_port_block
from tendarr.sim.world import World
from tests.api.connected_apps import (
    Sims,
    connection_body,
    env,
    facts,
    jellyfin_synced,
    sims,
)

__all__ = ["env", "sims"]


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(seed=5, movies=12, shows=3, users=3, servers=("jellyfin",)))


def app_body(sims: Sims, kind: str = "jellyseerr", **changes: Any) -> dict[str, Any]:
    return connection_body(sims, kind, **changes)


@pytest.fixture
def household(admin: TestClient, sims: Sims) -> TestClient:
    """Jellyfin added, its library and household synced once."""
    return jellyfin_synced(admin, sims, "library.sync", "household.sync")


def test_crud_redacts_the_key_and_tests_the_connection(admin: TestClient, sims: Sims) -> None:
    body = app_body(sims)
    created = admin.post("/api/request-apps", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["api_key"] == "********"
    assert admin.post("/api/request-apps", json=body).status_code == 409
    assert sims["jellyseerr"]["api_key"] not in admin.get("/api/request-apps").text
    renamed = admin.put("/api/request-apps/jellyseerr-main", json={**created.json(), "name": "JS"})
    assert renamed.status_code == 200, renamed.text
    tested = admin.post("/api/request-apps/test", json=renamed.json()).json()
    assert tested["ok"], tested  # the redacted key was replaced by the stored one
    assert tested["version"] == "2.7.3"
    assert tested["requests"] >= 0
    assert admin.post("/api/request-apps/jellyseerr-main/test").json()["ok"]
    wrong = admin.post("/api/request-apps/test", json=app_body(sims, "overseerr", api_key="x"))
    assert not wrong.json()["ok"]
    assert wrong.json()["error"] == (
        "Overseerr rejected the API key (HTTP 403); "
        "check the API key in Overseerr's Settings → General"
    )
    bad = admin.post("/api/request-apps", json={**body, "id": "Bad Id"})
    assert bad.status_code == 400
    assert bad.json()["code"]
    assert admin.delete("/api/request-apps/jellyseerr-main").status_code == 204
    assert admin.get("/api/request-apps/jellyseerr-main").status_code == 404


def test_request_facts_come_from_the_app_by_id_and_requesters_map_to_users(
    household: TestClient, runtime: Runtime, sims: Sims, world: World
) -> None:
    before = facts(runtime, ItemKind.MOVIE)
    first = before[next(iter(before))].value("requested_by")
    assert isinstance(first, Unknown)
    assert first.reason == "requests are not connected yet"
    assert household.post("/api/request-apps", json=app_body(sims)).status_code == 201
    movies = facts(runtime, ItemKind.MOVIE)
    users = {m["username"].casefold(): m["user_id"] for m in _members(household)}
    checked = 0
    for movie in world.movies:
        found = movies.get(movie.title)
        if found is None or sum(m.title == movie.title for m in world.movies) > 1:
            continue
        asked = [r for r in world.requests if (r.kind, r.item_id) == ("movie", movie.id)]
        asked = [r for r in asked if r.status != 3]
        expected = {users[world.user_by_id[r.user_id].username.casefold()] for r in asked}
        assert found.value("requested_by") == frozenset(expected), movie.title
        checked += bool(expected)
    assert checked, "the world has requested movies in the library"


def test_a_failing_app_makes_request_facts_unknown(
    household: TestClient, runtime: Runtime, sims: Sims
) -> None:
    down = app_body(sims, url=f"http://127.0.0.1:{free_port_block(1)}")
    assert household.post("/api/request-apps", json=down).status_code == 201
    for found in facts(runtime, ItemKind.MOVIE).values():
        value = found.value("requested_by")
        assert isinstance(value, Unknown)
        assert value.reason.startswith("Jellyseerr: cannot reach")


def test_retention_crud_makes_and_removes_cleanup_rules(
    household: TestClient, sims: Sims, world: World
) -> None:
    assert household.post("/api/request-apps", json=app_body(sims)).status_code == 201
    form = {
        "name": "Alice keeps a week",
        "requesters": [{"username": world.users[1].username.upper()}],
        "days": 7,
    }
    created = household.post("/api/cleanup/retention", json=form)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["in_sync"]
    assert set(body["cleanup_rule_ids"]) == {"movie", "show"}
    rules = {r["id"]: r for r in household.get("/api/cleanup/rules").json()}
    movie_rule = rules[body["cleanup_rule_ids"]["movie"]]
    assert movie_rule["mode"] == "dry_run"
    changed = household.put(
        f"/api/cleanup/retention/{body['id']}", json={**form, "applies_to": "movies"}
    )
    assert changed.status_code == 200, changed.text
    assert set(changed.json()["cleanup_rule_ids"]) == {"movie"}
    assert household.get(f"/api/cleanup/rules/{body['cleanup_rule_ids']['show']}").status_code == (
        404
    )
    verdicts = household.get(f"/api/cleanup/retention/{body['id']}/verdicts").json()
    assert verdicts
    assert {v["verdict"] for v in verdicts} <= {"due", "keep", "unknown"}
    bad = household.post("/api/cleanup/retention", json={**form, "requesters": []})
    assert bad.status_code == 400
    assert "requesters" in bad.json()["error"]
    assert household.delete(f"/api/cleanup/retention/{body['id']}").status_code == 204
    assert household.get(f"/api/cleanup/rules/{movie_rule['id']}").status_code == 404
    assert household.get("/api/cleanup/retention").json() == []


def _members(admin: TestClient) -> list[dict[str, Any]]:
    body = admin.get("/api/household").json()
    members: list[dict[str, Any]] = body["members"]
    return members
