"""Helpers for the deletion tests: a controlled household, syncs, a rule and runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx

from tendarr.bootstrap import Runtime
from tendarr.sim.faults import FaultPlan
from tendarr.sim.model import Movie, Play
from tendarr.sim.world import World
from tests.api.test_household_api import finished
from tests.api.test_servers_and_sync import jellyfin_body

Sims = dict[str, dict[str, Any]]
DAY = 86400.0
WATCHED_RULE: dict[str, Any] = {
    "name": "Watched movies",
    "target": "movie",
    "mode": "automatic",
    "grace_days": 15,
    "conditions": [{"property": "watched_by_anyone", "operator": "is_true"}],
}


@dataclass(frozen=True)
class Faults:
    """The fault switches of the simulated Jellyfin, Sonarr and Radarr."""

    jellyfin: FaultPlan
    sonarr: FaultPlan
    radarr: FaultPlan


def jellyfin_id(world: World) -> str:
    """The simulated Jellyfin's server id in ``world``."""
    return next(s.id for s in world.servers if s.kind == "jellyfin")


def chosen_movies(world: World, count: int = 6) -> list[Movie]:
    """Movies in the library and in Radarr, with unique titles."""
    titles = [m.title for m in world.movies]
    movies = [
        m
        for m in world.movies
        if m.in_library and m.radarr is not None and titles.count(m.title) == 1
    ]
    assert len(movies) >= count
    return movies[:count]


def play(world: World, movie: Movie, user_id: int, completed: bool = True) -> Play:
    """A play of ``movie`` 40 days ago, finished or a third of the way."""
    assert movie.file is not None
    at = world.now - timedelta(days=40)
    duration = movie.file.duration_ms
    offset = duration if completed else duration // 3
    return Play(
        len(world.plays) + 10_000, user_id, jellyfin_id(world), "movie", movie.id, at,
        at + timedelta(milliseconds=offset), offset, duration, completed, "Chrome", "Web",
    )  # fmt: skip


def only_these_watched(world: World, movies: list[Movie], user_id: int) -> None:
    """Forget every movie play, favourite and watchlist entry; ``user_id`` finished ``movies``."""
    world.plays = [p for p in world.plays if p.item_kind != "movie"]
    world.favorites = []
    world.watchlist = []
    world.plays += [play(world, m, user_id) for m in movies]


def connect(admin: httpx.Client, runtime: Runtime, sims: Sims, *arr: str) -> None:
    """Add Jellyfin and sync it (library and household), then the *arr apps."""
    body = jellyfin_body(sims)
    assert admin.post("/api/servers", json=body).status_code == 201
    assert admin.post("/api/servers/jellyfin/refresh-libraries").status_code == 200
    assert admin.post("/api/servers/jellyfin/sync", json={"full": True}).status_code == 202
    assert all(j["state"] == "succeeded" for j in finished(admin, "library.sync", 1))
    assert all(j["state"] == "succeeded" for j in finished(admin, "household.sync", 1))
    for kind in arr:
        body = {"id": kind, "kind": kind, "name": kind.title(), "url": sims[kind]["url"],
                "api_key": sims[kind]["api_key"]}  # fmt: skip
        assert admin.post("/api/arr", json=body).status_code == 201
    # The tests start every run themselves: the scheduler's runs (due once the fake clock
    # jumps) would race them.
    runtime.settings.update(
        {
            "cleanup": {"max_share_percent": 100, "run_interval_hours": 720},
            "viper": {"run_interval_hours": 720},
        },
        "admin",
    )


def create_rule(admin: httpx.Client, rule: dict[str, Any] | None = None) -> int:
    """Save a rule; return its id."""
    created = admin.post("/api/cleanup/rules", json=rule or WATCHED_RULE)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


def run_cleanup(admin: httpx.Client) -> dict[str, Any]:
    """Start a cleanup run, wait for it, return its result (it must succeed)."""
    started = admin.post("/api/cleanup/run", json={})
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    count = sum(1 for j in admin.get("/api/jobs", params={"type": "cleanup.run"}).json()["jobs"])
    jobs = finished(admin, "cleanup.run", count)
    job = next(j for j in jobs if j["id"] == job_id)
    assert job["state"] == "succeeded", job.get("error")
    result: dict[str, Any] = job["result"]
    return result


def item_id(admin: httpx.Client, title: str) -> int:
    """Return the library id of the movie called ``title``."""
    found = admin.get("/api/library/items", params={"search": title, "kind": "movie"}).json()
    return int(next(i["id"] for i in found["items"] if i["title"] == title))


def history(admin: httpx.Client) -> dict[str, dict[str, Any]]:
    """Return the newest deletion record per title (years stripped)."""
    records = admin.get("/api/deletions", params={"limit": 500}).json()["deletions"]
    out: dict[str, dict[str, Any]] = {}
    for record in records:
        out.setdefault(record["title"].rsplit(" (", 1)[0], record)
    return out
