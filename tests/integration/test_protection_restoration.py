"""Protection and restoration end to end over the Jellyfin, Sonarr and Radarr simulators.

The library is synced from the simulated Jellyfin through the API; Sonarr and Radarr are
configured through the API too, and the simulators' World says what they did.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime
from tendarr.persistence.database import make_session_factory
from tendarr.persistence.household_tables import WatchlistEntryRow
from tendarr.ports.deletions import DeletionMethod, DeletionSource, DeletionState, NewDeletion
from tendarr.ports.leaving_soon_store import EntryState
from tendarr.ports.lifecycle_events import LifecycleEventKind
from tendarr.ports.restorations import RestorationState
from tendarr.services.cleanup_run import CLEANUP_JOB
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, build_endpoints, free_port_block
from tendarr.sim.model import Show
from tendarr.sim.sonarr.app import SonarrApp
from tendarr.sim.world import World
from tests.api.test_arr_api import arr_body
from tests.api.test_household_api import finished
from tests.api.test_servers_and_sync import jellyfin_body
from tests.integration.test_sync_library import Ctx
from tests.simulators import simulators
from tests.support import install_env, wait_for

Sims = dict[str, dict[str, Any]]


@dataclass
class Rig:
    world: World
    services: Sims
    endpoints: list[Endpoint]

    def sonarr_app(self) -> SonarrApp:
        app = next(e.app for e in self.endpoints if e.name == "sonarr")
        assert isinstance(app, SonarrApp)
        return app


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(seed=5, movies=12, shows=3, users=2, servers=("jellyfin",)))


@pytest.fixture
def rig(world: World) -> Iterator[Rig]:
    endpoints: list[Endpoint] = build_endpoints(world, "127.0.0.1", free_port_block(16))
    with simulators(world, endpoints) as described:
        yield Rig(world, described, endpoints)


@pytest.fixture
def env(tmp_path: Path, database_url: str, rig: Rig) -> dict[str, str]:
    return install_env(tmp_path / "data", database_url)


@pytest.fixture
def library(admin: TestClient, rig: Rig) -> TestClient:
    """Jellyfin added and synced once."""
    body = jellyfin_body(rig.services)
    assert admin.post("/api/servers", json=body).status_code == 201
    assert admin.post(f"/api/servers/{body['id']}/refresh-libraries").status_code == 200
    assert admin.post(f"/api/servers/{body['id']}/sync", json={"full": True}).status_code == 202
    assert all(j["state"] == "succeeded" for j in finished(admin, "library.sync", 1))
    return admin


@pytest.fixture
def arr(library: TestClient, rig: Rig) -> TestClient:
    for kind in ("sonarr", "radarr"):
        assert library.post("/api/arr", json=arr_body(rig.services, kind)).status_code == 201
    return library


def items(client: TestClient, kind: str) -> dict[str, dict[str, Any]]:
    body = client.get("/api/library/items", params={"kind": kind, "limit": 200}).json()
    return {row["title"]: row for row in body["items"]}


def managed_show(rig: Rig, client: TestClient) -> tuple[Show, int]:
    stored = items(client, "show")
    show = next(s for s in rig.world.shows if s.sonarr is not None and s.title in stored)
    return show, stored[show.title]["id"]


def test_protecting_a_show_monitors_every_episode_and_searches_what_is_missing(
    arr: TestClient, rig: Rig
) -> None:
    show, item_id = managed_show(rig, arr)
    assert show.sonarr is not None
    show.sonarr.monitored = False
    regular = [e for e in show.episodes() if e.season_number != 0]
    for episode in regular[:2]:
        episode.monitored = False
    aired = [e for e in regular if e.air_date is not None and e.air_date <= rig.world.now.date()]
    aired[0].file = None  # something to search for
    response = arr.put(f"/api/items/{item_id}/protection", json={"reason": "Dad's favourite"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["ids_key"] == f"tvdb:{show.tvdb_id}"
    assert body["reason"] == "Dad's favourite"
    assert body["protected_by_name"] == "admin"
    assert body["arr_status"]["state"] == "done", body["arr_status"]
    assert body["arr_status"]["searched"] is True
    assert show.sonarr.monitored is True
    assert all(e.monitored for e in regular)
    records = rig.sonarr_app().sonarr.state.commands.records.values()
    assert [(r.spec.name, r.args) for r in records] == [
        ("SeriesSearch", {"seriesId": show.sonarr.arr_id})
    ]
    listed = arr.get("/api/protections").json()
    assert [p["title"] for p in listed] == [show.title]
    lifecycle = arr.get(f"/api/items/{item_id}/lifecycle").json()
    assert lifecycle["protected"] is True
    assert lifecycle["protection"]["arr_status"]["state"] == "done"


def test_a_protected_show_covers_its_seasons_which_cannot_be_protected_alone(
    arr: TestClient, rig: Rig
) -> None:
    _show, item_id = managed_show(rig, arr)
    off = arr.put(f"/api/items/{item_id}/protection", json={"monitor_and_search": False})
    assert off.json()["arr_status"]["state"] == "skipped"
    assert rig.sonarr_app().sonarr.state.commands.records == {}
    season_id = arr.get(f"/api/library/items/{item_id}").json()["children"][0]["id"]
    refused = arr.put(f"/api/items/{season_id}/protection", json={})
    assert refused.status_code == 400
    assert refused.json()["code"] == "NOT_PROTECTABLE"
    assert arr.get(f"/api/items/{season_id}/protection").json()["protected"] is True
    assert arr.put("/api/items/999999/protection", json={}).status_code == 404
    assert arr.delete(f"/api/items/{item_id}/protection").status_code == 204
    assert arr.get(f"/api/items/{season_id}/protection").json()["protected"] is False
    assert arr.delete(f"/api/items/{item_id}/protection").status_code == 404


def test_a_sonarr_that_is_down_keeps_the_protection_and_says_why(
    library: TestClient, runtime: Runtime, rig: Rig
) -> None:
    down = arr_body(rig.services, "sonarr", url=f"http://127.0.0.1:{free_port_block(1)}")
    assert library.post("/api/arr", json=down).status_code == 201
    _, item_id = managed_show(rig, library)
    response = library.put(f"/api/items/{item_id}/protection", json={})
    assert response.status_code == 200, response.text
    status = response.json()["arr_status"]
    assert status["state"] == "failed"
    assert "cannot reach Sonarr" in status["detail"]
    assert library.get(f"/api/items/{item_id}/protection").json()["protected"] is True
    with runtime.uow() as uow:
        events = uow.lifecycle_events.recent(kind=LifecycleEventKind.PROTECTED)
        audit = [a.action for a in uow.audit.recent()]
    assert len(events) == 1
    assert "lifecycle.protected" in audit


def test_a_show_no_sonarr_manages_is_protected_and_says_so(library: TestClient, rig: Rig) -> None:
    assert library.post("/api/arr", json=arr_body(rig.services, "radarr")).status_code == 201
    _, item_id = managed_show(rig, library)
    status = library.put(f"/api/items/{item_id}/protection", json={}).json()["arr_status"]
    assert status == {**status, "state": "not_connected", "detail": "no Sonarr is configured"}


def test_protected_movies_never_enter_leaving_soon_and_entries_leave_when_protected(
    library: TestClient, runtime: Runtime
) -> None:
    runtime.settings.update({"cleanup": {"max_share_percent": 100}}, "admin")
    rule = {
        "name": "Every movie",
        "target": "movie",
        "mode": "automatic",
        "conditions": [{"property": "title", "operator": "exists"}],
    }
    assert library.post("/api/cleanup/rules", json=rule).status_code == 201
    movies = items(library, "movie")
    first, second = sorted(movies)[:2]
    library.put(f"/api/items/{movies[first]['id']}/protection", json={"monitor_and_search": False})
    job = runtime.registry.get(CLEANUP_JOB)
    assert job is not None
    job.handler(Ctx(), {})
    entries = {e["title"]: e for e in library.get("/api/leaving-soon").json()}
    assert first not in entries
    assert entries[second]["state"] == "leaving"
    assert len(entries) == len(movies) - 1
    library.put(f"/api/items/{movies[second]['id']}/protection", json={"monitor_and_search": False})
    result = job.handler(Ctx(), {})
    assert result is not None
    assert result["rules"][0]["left_protected"] == 1
    left = {e["title"]: e for e in library.get("/api/leaving-soon").json()}[second]
    assert (left["state"], left["reasons"]) == (EntryState.LEFT.value, ["protected"])
    assert runtime.protection is not None
    assert {movies[first]["id"], movies[second]["id"]} <= runtime.protection.protected_ids()


def delete_in_sonarr(runtime: Runtime, rig: Rig, show: Show, item_id: int, at: datetime) -> int:
    """Delete a show as the deletion pipeline does; return the done deletion's id."""
    assert show.sonarr is not None
    assert runtime.arr_registry is not None
    profile = next(
        p.name for p in rig.world.quality_profiles if p.id == show.sonarr.quality_profile_id
    )
    target = {
        "instance_id": "sonarr-main", "instance_name": "Sonarr", "kind": "sonarr",
        "item_id": show.sonarr.arr_id, "external_id": show.tvdb_id, "title": show.title,
        "quality_profile": profile, "root_folder": show.sonarr.root_folder,
        "tags": ["restored-by-tendarr"], "monitored_seasons": [], "size": None,
    }  # fmt: skip
    with runtime.uow() as uow:
        config = uow.arr.get("sonarr-main")
    assert config is not None
    sonarr = runtime.arr_registry.sonarr(config)
    sonarr.delete_series(show.sonarr.arr_id, delete_files=True, add_import_exclusion=True)
    with runtime.uow() as uow:
        record = uow.deletions.add(
            NewDeletion(
                item_id, DeletionSource.RULE, "show", show.title,
                {"tmdb": show.tmdb_id, "tvdb": show.tvdb_id, "imdb": show.imdb_id},
                ("watched by everyone",), None, at, method=DeletionMethod.ARR_DELETE,
                target=target,
            )
        )  # fmt: skip
        uow.deletions.save(dataclasses.replace(record, state=DeletionState.DONE, finished_at=at))
        uow.commit()
    return record.id


def watchlist(runtime: Runtime, show: Show, added_at: datetime) -> None:
    """Store an active watchlist entry as a complete watchlist sync would."""
    with make_session_factory(runtime.engine)() as session:
        session.add(
            WatchlistEntryRow(
                user_id=1, source="tendarr", title_key=f"show:tmdb:{show.tmdb_id}", kind="show",
                title=show.title, tmdb_id=show.tmdb_id, tvdb_id=show.tvdb_id,
                imdb_id=show.imdb_id, added_at=added_at, first_seen_at=added_at,
            )
        )  # fmt: skip
        session.commit()


def test_a_watchlist_re_add_restores_the_deleted_show_once(
    arr: TestClient, runtime: Runtime, rig: Rig
) -> None:
    show, item_id = managed_show(rig, arr)
    assert show.sonarr is not None
    profile_id, root = show.sonarr.quality_profile_id, show.sonarr.root_folder
    deleted_at = datetime.now(UTC) - timedelta(days=30)
    deletion_id = delete_in_sonarr(runtime, rig, show, item_id, deleted_at)
    assert show.sonarr is None
    assert [e.item_id for e in rig.world.exclusions] == [show.id]
    watchlist(runtime, show, deleted_at - timedelta(days=60))  # there before: not a re-add
    assert runtime.restorations is not None
    assert runtime.restorations.detect() == []
    watchlist(runtime, show, deleted_at + timedelta(days=2))
    started = runtime.restorations.detect()
    assert [(r.deletion_id, r.trigger.value) for r in started] == [(deletion_id, "watchlist")]

    def restored() -> list[dict[str, Any]] | None:
        body = arr.get("/api/restorations").json()
        return body if body and body[0]["state"] in {"done", "failed"} else None

    listed = wait_for(restored, timeout=60, message="the restoration to finish")
    assert listed[0]["state"] == "done", listed[0]
    assert [s["step"] for s in listed[0]["steps"]] == [
        "removing_exclusion", "adding", "searching",
    ]  # fmt: skip
    assert rig.world.exclusions == []
    assert show.sonarr is not None
    assert (show.sonarr.quality_profile_id, show.sonarr.root_folder) == (profile_id, root)
    assert any(t.label == "restored-by-tendarr" for t in rig.world.tags)
    records = rig.sonarr_app().sonarr.state.commands.records.values()
    assert ("SeriesSearch", {"seriesId": show.sonarr.arr_id}) in [
        (r.spec.name, r.args) for r in records
    ]
    assert runtime.restorations.detect() == []  # the same entry never acts twice
    assert len(arr.get("/api/restorations").json()) == 1
    with runtime.uow() as uow:
        kinds = [e.kind for e in uow.lifecycle_events.recent()]
    assert LifecycleEventKind.RESTORE_REQUESTED in kinds
    assert LifecycleEventKind.RESTORED in kinds
    assert arr.post(f"/api/restorations/{listed[0]['id']}/retry").status_code == 409


def test_without_watchlist_entries_nothing_is_restored(
    arr: TestClient, runtime: Runtime, rig: Rig
) -> None:
    show, item_id = managed_show(rig, arr)
    delete_in_sonarr(runtime, rig, show, item_id, datetime.now(UTC) - timedelta(days=3))
    assert runtime.restorations is not None
    assert runtime.restorations.detect() == []  # a failed fetch stores no entries
    runtime.restorations.tick()
    assert arr.get("/api/restorations").json() == []
    assert show.sonarr is None
    assert len(rig.world.exclusions) == 1


def test_a_manual_restore_that_fails_can_be_retried(
    arr: TestClient, runtime: Runtime, rig: Rig
) -> None:
    show, item_id = managed_show(rig, arr)
    deletion_id = delete_in_sonarr(runtime, rig, show, item_id, datetime.now(UTC))
    saved = arr.get("/api/arr/sonarr-main").json()
    assert arr.put("/api/arr/sonarr-main", json={**saved, "enabled": False}).status_code == 200
    started = arr.post(f"/api/deletions/{deletion_id}/restore")
    assert started.status_code == 202, started.text

    def ended(state: str) -> dict[str, Any] | None:
        found = arr.get(f"/api/restorations/{started.json()['id']}").json()
        return found if found["state"] == state else None

    failed = wait_for(lambda: ended("failed"), timeout=60, message="the restoration to fail")
    assert "disabled" in failed["detail"]
    assert arr.put("/api/arr/sonarr-main", json={**saved, "enabled": True}).status_code == 200
    assert arr.post(f"/api/restorations/{failed['id']}/retry").status_code == 202
    done = wait_for(lambda: ended("done"), timeout=60, message="the retried restoration")
    assert done["steps"][0]["outcome"] == "failed"
    assert show.sonarr is not None
    assert RestorationState.DONE.value == done["state"]
