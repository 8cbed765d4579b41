"""Sonarr/Radarr instances end to end: the API over the simulators, and the rule facts."""

from __future__ import annotations

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

arr_body = connection_body


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(seed=5, movies=12, shows=3, users=2, servers=("jellyfin",)))


@pytest.fixture
def library(admin: TestClient, sims: Sims) -> TestClient:
    """Jellyfin added and its library synced once."""
    return jellyfin_synced(admin, sims, "library.sync")


def test_crud_redacts_the_key_and_keeps_it_when_sent_back(admin: TestClient, sims: Sims) -> None:
    body = arr_body(sims, "sonarr")
    created = admin.post("/api/arr", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["api_key"] == "********"
    assert admin.post("/api/arr", json=body).status_code == 409
    assert sims["sonarr"]["api_key"] not in admin.get("/api/arr").text
    renamed = admin.put("/api/arr/sonarr-main", json={**created.json(), "name": "TV"})
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["name"] == "TV"
    tested = admin.post("/api/arr/test-connection", json=renamed.json()).json()
    assert tested["ok"], tested  # the redacted key was replaced by the stored one
    assert tested["version"]
    assert tested["root_folders"][0]["path"]
    assert admin.get("/api/arr/sonarr-main").json()["api_key"] == "********"
    assert admin.post("/api/arr", json={**body, "id": "Bad Id"}).status_code == 400
    assert admin.delete("/api/arr/sonarr-main").status_code == 204
    assert admin.get("/api/arr/sonarr-main").status_code == 404


def test_a_candidate_is_tested_without_being_saved(admin: TestClient, sims: Sims) -> None:
    good = admin.post("/api/arr/test-connection", json=arr_body(sims, "radarr")).json()
    assert good["ok"]
    assert good["app_name"] == "Radarr"
    assert good["root_folders"]
    wrong_key = admin.post(
        "/api/arr/test-connection", json=arr_body(sims, "radarr", api_key="nope")
    ).json()
    assert not wrong_key["ok"]
    assert wrong_key["error"] == (
        "Radarr rejected the API key (HTTP 401); check the API key in Radarr's Settings → General"
    )
    wrong_app = admin.post(
        "/api/arr/test-connection", json=arr_body(sims, "radarr", url=sims["sonarr"]["url"])
    ).json()
    assert not wrong_app["ok"]
    assert wrong_app["error"]
    assert admin.get("/api/arr").json() == []


def test_facts_come_from_radarr_and_sonarr_by_id(
    library: TestClient, runtime: Runtime, sims: Sims, world: World
) -> None:
    before = facts(runtime, ItemKind.MOVIE)
    assert "not connected yet" in before[next(iter(before))].value("arr_monitored").reason
    for kind in ("radarr", "sonarr"):
        assert library.post("/api/arr", json=arr_body(sims, kind)).status_code == 201
    movies = facts(runtime, ItemKind.MOVIE)
    managed = 0
    for movie in world.movies:
        found = movies.get(movie.title)
        if found is None or sum(m.title == movie.title for m in world.movies) > 1:
            continue
        if movie.radarr is None:
            assert found.value("arr_monitored") is None
            assert isinstance(found.value("root_free_gb"), Unknown)
            continue
        managed += 1
        assert found.value("arr_monitored") is movie.radarr.monitored
        assert isinstance(found.value("arr_quality_profile"), str)
        free = found.value("root_free_gb")
        assert isinstance(free, int)
        assert free > 0
        assert 0 < found.value("root_free_percent") <= 100
    assert managed > 0
    shows = facts(runtime, ItemKind.SHOW)
    for show in world.shows:
        if show.title in shows and show.sonarr is not None:
            assert shows[show.title].value("arr_monitored") is show.sonarr.monitored
            assert shows[show.title].value("series_status") == show.status


def test_a_sonarr_that_is_down_makes_its_facts_unknown(
    library: TestClient, runtime: Runtime, sims: Sims
) -> None:
    down = arr_body(sims, "sonarr", url=f"http://127.0.0.1:{free_port_block(1)}")
    assert library.post("/api/arr", json=down).status_code == 201
    shows = facts(runtime, ItemKind.SHOW)
    episodes = facts(runtime, ItemKind.EPISODE)
    assert shows
    assert episodes
    for found in [*shows.values(), *episodes.values()]:
        for name in ("arr_monitored", "arr_tags", "series_status", "root_free_gb"):
            value = found.value(name)
            assert isinstance(value, Unknown), (name, value)
            assert value.reason.startswith("Sonarr: cannot reach Sonarr")
    rule = {
        "name": "Ended shows",
        "target": "show",
        "conditions": [{"property": "series_status", "operator": "equals", "value": "ended"}],
    }
    body = library.post("/api/cleanup/rules/preview", json=rule).json()
    assert body["match_count"] == 0
    assert "Sonarr: cannot reach Sonarr" in body["kept"][0]["reasons"][0]


def test_a_monitored_rule_now_matches_concretely(
    library: TestClient, runtime: Runtime, sims: Sims, world: World
) -> None:
    assert library.post("/api/arr", json=arr_body(sims, "radarr")).status_code == 201
    stored = set(facts(runtime, ItemKind.MOVIE))
    chosen = next(m for m in world.movies if m.radarr is not None and m.title in stored)
    assert chosen.radarr is not None
    chosen.radarr.monitored = False  # the simulated Radarr serves the world as it is now
    rule = {
        "name": "Unmonitored movies",
        "target": "movie",
        "conditions": [{"property": "arr_monitored", "operator": "is_false"}],
    }
    body = library.post("/api/cleanup/rules/preview", json=rule, params={"limit": 500}).json()
    assert body["kept_count"] == 0, body["kept"]
    titles = {m["title"] for m in body["matches"]}
    unmonitored = {m.title for m in world.movies if m.radarr is not None and not m.radarr.monitored}
    assert titles
    assert titles <= unmonitored
    movies = facts(runtime, ItemKind.MOVIE)
    assert titles == {t for t, f in movies.items() if f.value("arr_monitored") is False}
    assert any(f.value("arr_monitored") is True for f in movies.values())
