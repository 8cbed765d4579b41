"""The issue's "done when", end to end over HTTP: Jellyfin + Radarr simulators, real jobs.

An automatic rule puts watched movies in Leaving Soon; after the grace period the next run
deletes them in Radarr with their files and an import exclusion, records the history and
the space freed — while the protected, watchlisted, in-progress and playing ones stay.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime
from tendarr.sim.hub import Endpoint
from tendarr.sim.mediabrowser.sessions import start
from tendarr.sim.model import Favorite
from tendarr.sim.world import World
from tests.integration.cleanup.household import (
    DAY,
    WATCHED_RULE,
    Sims,
    chosen_movies,
    connect,
    create_rule,
    history,
    item_id,
    jellyfin_id,
    only_these_watched,
    play,
    run_cleanup,
)
from tests.support import FakeClock


def test_watched_movies_leave_after_the_grace_and_the_wanted_ones_stay(
    admin: TestClient,
    runtime: Runtime,
    sims: Sims,
    world: World,
    endpoints: list[Endpoint],
    clock: FakeClock,
) -> None:
    movies = chosen_movies(world)
    gone_a, gone_b, listed, partway, protected, playing = movies
    dad, mom, teen = world.users[:3]
    only_these_watched(world, movies, dad.id)
    world.plays.append(play(world, partway, mom.id, completed=False))
    world.favorites.append(Favorite(teen.id, jellyfin_id(world), "movie", listed.id, world.now))
    connect(admin, runtime, sims, "radarr")
    protect = admin.put(
        f"/api/items/{item_id(admin, protected.title)}/protection",
        json={"reason": "Dad's favourite", "monitor_and_search": False},
    )
    assert protect.status_code == 200, protect.text

    rule_id = create_rule(admin, {**WATCHED_RULE, "mode": "dry_run"})
    preview = admin.get(f"/api/cleanup/rules/{rule_id}/preview").json()
    assert {m["title"] for m in preview["matches"]} >= {gone_a.title, gone_b.title}
    assert all(m["reasons"] for m in preview["matches"])
    switched = admin.put(f"/api/cleanup/rules/{rule_id}", json=WATCHED_RULE)
    assert switched.status_code == 200, switched.text

    assert run_cleanup(admin)["deletions"] == {}
    leaving = {e["title"]: e for e in admin.get("/api/leaving-soon").json()}
    assert {gone_a.title, gone_b.title, listed.title, partway.title, playing.title} <= set(leaving)
    assert protected.title not in leaving  # protected: never enters
    assert all(e["state"] == "leaving" for e in leaving.values())
    sim = next(e for e in endpoints if e.name == "jellyfin").app.state.sim  # type: ignore[attr-defined]
    assert collection(sim, world) == {gone_a.id, gone_b.id, listed.id, partway.id, playing.id}

    clock.advance(14 * DAY)
    assert run_cleanup(admin)["deletions"] == {}  # not a day before its grace ends
    assert gone_a.radarr is not None

    clock.advance(2 * DAY)
    start(
        sim.state, mom, sim.item(world.server(jellyfin_id(world)).native_ids[("movie", playing.id)])
    )
    third = run_cleanup(admin)
    assert third["deletions"] == {"done": 2, "skipped": 3}, third

    for movie in (gone_a, gone_b):
        assert movie.radarr is None  # deleted in Radarr ...
        assert movie.file is None  # ... with its file
        assert any(x.item_id == movie.id for x in world.exclusions)  # ... and excluded
    for movie in (listed, partway, protected, playing):
        assert movie.radarr is not None
        assert movie.file is not None

    records = history(admin)
    done = records[gone_a.title]
    assert done["state"] == "done"
    assert done["method"] == "arr_delete"
    assert done["reasons"] == ["watched_by_anyone is_true: true -> true"]
    assert done["rule_id"] == rule_id
    assert done["space_freed_bytes"] > 0
    assert "import exclusion" in done["detail"]
    assert [(s["step"], s["outcome"]) for s in done["steps"]] == [
        ("arr_delete", "done"),
        ("refresh_section", "done"),  # the library is rescanned once, after the batch
    ]
    assert records[listed.title]["state"] == "skipped"
    assert "watchlist" in records[listed.title]["detail"]
    assert "partway" in records[partway.title]["detail"]
    assert "playing it now" in records[playing.title]["detail"]
    stats = admin.get("/api/deletions/stats").json()
    assert stats["done"] == 2
    freed = sum(records[m.title]["space_freed_bytes"] for m in (gone_a, gone_b))
    assert stats["space_freed_bytes"] == freed
    states = {e["title"]: e["state"] for e in admin.get("/api/leaving-soon").json()}
    assert states[gone_a.title] == "deleted"
    assert states[listed.title] == "due"  # kept for now, checked again next run
    kinds = [e["kind"] for e in admin.get("/api/lifecycle/events").json()]
    assert kinds.count("deleted") == 2
    assert kinds.count("entered_leaving_soon") == 5

    assert collection(sim, world) == {listed.id, partway.id, playing.id}  # the deleted left it
    assert run_cleanup(admin)["deletions"].get("done", 0) == 0  # nothing is deleted twice


def collection(sim: Any, world: World) -> set[int]:
    """The movie ids the "Leaving Soon" collection on the simulated Jellyfin shows (a
    deleted movie's file is gone, so Jellyfin no longer lists it there)."""
    (found,) = [c for c in sim.state.collections.values() if c.name == "Leaving Soon"]
    movies = {m.id: m for m in world.movies}
    return {i for kind, i in found.members if kind == "movie" and movies[i].in_library}
