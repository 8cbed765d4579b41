"""The cleanup API over the household fakes: rules, validation, preview, lifecycle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import build_web_app
from tests.integration import test_household_sync as household
from tests.integration.test_cleanup_rules import WATCHED_MOVIES, synced
from tests.integration.test_household_sync import World

rt = household.rt
world = household.world


@pytest.fixture
def api(world: World) -> Iterator[TestClient]:
    app = build_web_app(world.rt, run_workers=False, run_scheduler=False, run_realtime=False)
    with TestClient(app) as client:
        response = client.post(
            "/api/auth/login", json={"username": "admin", "password": "correct-horse-battery"}
        )
        assert response.status_code == 200, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield client


def test_the_catalogue_lists_properties_with_operators(api: TestClient) -> None:
    listed = {p["name"]: p for p in api.get("/api/cleanup/properties").json()}
    assert "contains" in [o["name"] for o in listed["genre"]["operators"]]
    assert listed["series_status"]["targets"] == ["episode", "season", "show"]


def test_invalid_rules_are_refused_with_the_path(api: TestClient) -> None:
    bad_op = {
        **WATCHED_MOVIES,
        "conditions": [{"property": "play_count", "operator": "contains", "value": 1}],
    }
    response = api.post("/api/cleanup/rules", json=bad_op)
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert response.json()["error"].startswith("conditions[0].operator:")
    unknown = {**WATCHED_MOVIES, "conditions": [{"property": "wached", "operator": "is_true"}]}
    response = api.post("/api/cleanup/rules/preview", json=unknown)
    assert response.status_code == 400
    assert "conditions[0].property" in response.json()["error"]


def test_crud_round_trip(api: TestClient) -> None:
    created = api.post("/api/cleanup/rules", json=WATCHED_MOVIES)
    assert created.status_code == 201
    assert created.json()["mode"] == "dry_run"
    rule_id = created.json()["id"]
    updated = api.put(f"/api/cleanup/rules/{rule_id}", json={**WATCHED_MOVIES, "mode": "automatic"})
    assert updated.json()["mode"] == "automatic"
    assert [r["id"] for r in api.get("/api/cleanup/rules").json()] == [rule_id]
    assert api.delete(f"/api/cleanup/rules/{rule_id}").status_code == 204
    assert api.get(f"/api/cleanup/rules/{rule_id}").status_code == 404


def test_preview_gives_matches_with_reasons_and_pages(world: World, api: TestClient) -> None:
    synced(world)
    body: dict[str, Any] = api.post(
        "/api/cleanup/rules/preview", json=WATCHED_MOVIES, params={"limit": 1}
    ).json()
    assert body["match_count"] == 2
    assert body["match_bytes"] == 2000
    assert body["limit"] == 1
    assert len(body["matches"]) == 1
    assert body["matches"][0]["conditions"][0]["actual"] is True
    saved = api.post("/api/cleanup/rules", json=WATCHED_MOVIES).json()
    again = api.get(f"/api/cleanup/rules/{saved['id']}/preview").json()
    assert {m["title"] for m in again["matches"]} == {"A Film", "B Film"}


def test_a_sonarr_rule_keeps_everything_as_not_connected(world: World, api: TestClient) -> None:
    synced(world)
    rule = {
        "name": "Ended shows",
        "target": "show",
        "conditions": [{"property": "series_status", "operator": "equals", "value": "ended"}],
    }
    body = api.post("/api/cleanup/rules/preview", json=rule).json()
    assert body["match_count"] == 0
    assert body["kept_count"] == 1
    assert "Sonarr/Radarr is not connected yet" in body["kept"][0]["reasons"][0]


def test_a_watch_rule_before_any_sync_keeps_everything(api: TestClient) -> None:
    body = api.post("/api/cleanup/rules/preview", json=WATCHED_MOVIES).json()
    assert body["match_count"] == 0
    assert body["kept_count"] == 2
    assert "watch history has never synced" in body["kept"][0]["reasons"][0]


def test_lifecycle_explains_each_condition(world: World, api: TestClient) -> None:
    synced(world)
    rule = {
        **WATCHED_MOVIES,
        "conditions": [
            {"property": "watched_by_anyone", "operator": "is_true"},
            {"not": {"property": "on_any_watchlist", "operator": "is_true"}},
            {"property": "arr_monitored", "operator": "is_false"},
        ],
    }
    api.post("/api/cleanup/rules", json=rule)
    film = api.post("/api/cleanup/rules/preview", json=WATCHED_MOVIES).json()["matches"][0]
    body = api.get(f"/api/items/{film['id']}/lifecycle").json()
    explained = body["rules"][0]
    assert explained["verdict"] == "kept"
    assert explained["outcome"] == "unknown"
    outcomes = [(c["property"], c["outcome"]) for c in explained["conditions"]]
    assert outcomes == [
        ("watched_by_anyone", "true"),
        ("on_any_watchlist", "false"),
        ("arr_monitored", "unknown"),
    ]
    assert api.get("/api/items/999999/lifecycle").status_code == 404
