"""Fault injection against the simulators: the pass condition is "nothing wrong deleted".

Each scenario brings two watched movies to their deletion date, breaks something, runs
cleanup, checks that nothing was deleted and why, then heals it and checks that the next
run deletes exactly what was due, once.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime
from tendarr.services.cleanup_delete import DeletionPipeline
from tendarr.services.cleanup_run import CLEANUP_JOB, CleanupRunner
from tendarr.sim.faults import Fault
from tendarr.sim.model import Favorite, Movie
from tendarr.sim.world import World
from tests.api.test_household_api import finished
from tests.integration.cleanup.household import (
    DAY,
    WATCHED_RULE,
    Faults,
    Sims,
    chosen_movies,
    connect,
    create_rule,
    history,
    jellyfin_id,
    only_these_watched,
    run_cleanup,
)
from tests.integration.test_sync_library import Ctx
from tests.support import FakeClock


def due_pair(
    admin: TestClient, runtime: Runtime, sims: Sims, world: World, clock: FakeClock
) -> list[Movie]:
    """Two watched movies, past their grace period, with one more run to delete them."""
    movies = chosen_movies(world, 2)
    only_these_watched(world, movies, world.users[0].id)
    connect(admin, runtime, sims, "radarr")
    create_rule(admin)
    assert run_cleanup(admin)["deletions"] == {}
    clock.advance(16 * DAY)
    return movies


def household_sync(admin: TestClient, count: int) -> None:
    assert admin.post("/api/household/sync", json={}).status_code == 202
    finished(admin, "household.sync", count)


def untouched(movies: list[Movie]) -> None:
    for movie in movies:
        assert movie.radarr is not None
        assert movie.file is not None


def heals_and_deletes_once(admin: TestClient, movies: list[Movie], world: World) -> None:
    result = run_cleanup(admin)
    assert result["deletions"].get("done") == len(movies), result
    for movie in movies:
        assert movie.radarr is None
        assert [x.item_id for x in world.exclusions].count(movie.id) == 1
    assert run_cleanup(admin)["deletions"].get("done", 0) == 0


def test_a_media_server_down_at_deletion_time_deletes_nothing(
    admin: TestClient, runtime: Runtime, sims: Sims, world: World, clock: FakeClock,
    faults: Faults,
) -> None:  # fmt: skip
    movies = due_pair(admin, runtime, sims, world, clock)
    faults.jellyfin.add(Fault("refuse", path="/Sessions"))
    result = run_cleanup(admin)
    assert result["deletions"] == {"skipped": 2}
    untouched(movies)
    for movie in movies:
        assert "could not check what is playing now" in history(admin)[movie.title]["detail"]
    faults.jellyfin.clear()
    heals_and_deletes_once(admin, movies, world)


def test_radarr_rate_limiting_deletes_nothing_and_the_items_stay_due(
    admin: TestClient, runtime: Runtime, sims: Sims, world: World, clock: FakeClock,
    faults: Faults,
) -> None:  # fmt: skip
    movies = due_pair(admin, runtime, sims, world, clock)
    faults.radarr.add(Fault("status", path="/api/v3/movie", status=429, retry_after=0))
    result = run_cleanup(admin)
    assert result["deletions"].get("done", 0) == 0, result
    untouched(movies)
    for movie in movies:
        record = history(admin)[movie.title]
        assert record["state"] in {"skipped", "failed"}
        assert "429" in record["detail"] or "rate" in record["detail"].lower(), record
    states = {e["title"]: e["state"] for e in admin.get("/api/leaving-soon").json()}
    assert {states[m.title] for m in movies} == {"due"}
    faults.radarr.clear()
    heals_and_deletes_once(admin, movies, world)


def test_a_failed_watchlist_fetch_keeps_what_might_be_on_a_watchlist(
    admin: TestClient, runtime: Runtime, sims: Sims, world: World, clock: FakeClock,
    faults: Faults,
) -> None:  # fmt: skip
    movies = due_pair(admin, runtime, sims, world, clock)
    world.favorites.append(
        Favorite(world.users[1].id, jellyfin_id(world), "movie", movies[0].id, world.now)
    )
    faults.jellyfin.add(Fault("status", path="/Items", method="GET", status=500))
    household_sync(admin, 2)
    result = run_cleanup(admin)  # the latest household sync failed: watch data is unknown
    assert result["deletions"] == {}
    assert result["rules"][0]["kept_unknown"] >= 2  # every movie: watch data is stale
    untouched(movies)
    plan = admin.get("/api/cleanup/plan").json()
    assert "the latest household sync of jellyfin failed" in str(plan)
    faults.jellyfin.clear()
    household_sync(admin, 3)
    result = run_cleanup(admin)
    assert result["deletions"].get("done") == 1, result  # the favourite stays
    assert movies[0].radarr is not None
    assert movies[1].radarr is None


def test_a_rule_whose_source_times_out_deletes_nothing(
    admin: TestClient, runtime: Runtime, sims: Sims, world: World, clock: FakeClock,
    faults: Faults,
) -> None:  # fmt: skip
    movies = chosen_movies(world, 2)
    only_these_watched(world, movies, world.users[0].id)
    connect(admin, runtime, sims, "radarr")
    monitored: dict[str, Any] = {
        **WATCHED_RULE,
        "conditions": [
            *WATCHED_RULE["conditions"],
            {"property": "arr_monitored", "operator": "is_true"},
        ],
    }
    create_rule(admin, monitored)
    for movie in movies:
        assert movie.radarr is not None
        movie.radarr.monitored = True
    run_cleanup(admin)
    clock.advance(16 * DAY)
    # Radarr hangs, then its proxy gives up (504): the rule's source timed out.
    faults.radarr.add(Fault("timeout", path="/api/v3/movie", seconds=5))
    result = run_cleanup(admin)
    assert result["deletions"].get("done", 0) == 0, result
    untouched(movies)
    faults.radarr.clear()


class Crash(BaseException):
    """The process dies (not an error the pipeline could catch)."""


def pipeline_of(runtime: Runtime) -> DeletionPipeline:
    job = runtime.registry.get(CLEANUP_JOB)
    assert job is not None
    runner = job.handler
    assert isinstance(runner, CleanupRunner)
    delete = runner._delete
    assert delete is not None
    pipeline = delete.__self__  # type: ignore[attr-defined]
    assert isinstance(pipeline, DeletionPipeline)
    return pipeline


@pytest.mark.parametrize("when", ["before the delete", "after the delete"])
def test_a_crash_between_checkpoint_and_delete_resumes_without_deleting_twice(
    admin: TestClient, runtime: Runtime, sims: Sims, world: World, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch, when: str,
) -> None:  # fmt: skip
    movies = due_pair(admin, runtime, sims, world, clock)
    pipeline = pipeline_of(runtime)
    real_act = pipeline._arr.act

    def crashing(*args: Any, **kwargs: Any) -> str:
        if when == "after the delete":
            real_act(*args, **kwargs)
        raise Crash(when)

    monkeypatch.setattr(pipeline._arr, "act", crashing)
    job = runtime.registry.get(CLEANUP_JOB)
    assert job is not None
    with pytest.raises(Crash):
        job.handler(Ctx(), {})
    records = admin.get("/api/deletions").json()["deletions"]
    assert [r["state"] for r in records] == ["acting"]  # the checkpoint survived the crash
    monkeypatch.setattr(pipeline._arr, "act", real_act)
    heals_and_deletes_once(admin, movies, world)
    done = [r for r in admin.get("/api/deletions").json()["deletions"] if r["state"] == "done"]
    assert sorted(r["title"] for r in done) == sorted(r["title"] for r in done)
    assert len(done) == 2


def test_an_admin_keep_between_listing_and_deleting_wins(
    admin: TestClient, runtime: Runtime, sims: Sims, world: World, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    movies = due_pair(admin, runtime, sims, world, clock)
    job = runtime.registry.get(CLEANUP_JOB)
    assert job is not None
    runner = job.handler
    assert isinstance(runner, CleanupRunner)
    real = runner._delete
    assert real is not None

    def keep_first_then_delete(orders: Any, ctx: Any) -> Any:
        # The run has listed the due entries; an admin keeps one before it is deleted.
        kept = admin.post(f"/api/leaving-soon/{orders[0].leaving_entry_id}/keep")
        assert kept.status_code == 200, kept.text
        return real(orders, ctx)

    monkeypatch.setattr(runner, "_delete", keep_first_then_delete)
    result = run_cleanup(admin)
    assert result["deletions"] == {"done": 1, "skipped": 1}, result
    kept = [m for m in movies if m.radarr is not None]
    assert len(kept) == 1
    assert "kept by admin" in history(admin)[kept[0].title]["detail"]
