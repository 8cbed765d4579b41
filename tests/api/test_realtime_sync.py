"""Real-time sync: Plex's event stream and Jellyfin/Emby webhooks start incremental syncs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from fastapi.testclient import TestClient

from tendarr.bootstrap import Runtime, build_web_app
from tendarr.domain.jobs import JobState
from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig
from tendarr.ports.server_events import LibraryChanged, ServerEvents
from tendarr.services.manage_servers import SYNC_JOB
from tendarr.services.watch_servers import ServerWatcher
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, build_endpoints, free_port_block
from tendarr.sim.plex import plex_state
from tendarr.sim.world import World
from tests.api.test_servers_and_sync import jellyfin_body, plex_body, sync
from tests.simulators import simulators
from tests.support import ADMIN, wait_for


@pytest.fixture
def world() -> World:
    # The World's clock is the servers' clock: start it at real time, as servers are.
    start = datetime.now(UTC).replace(microsecond=0)
    config = WorldConfig(seed=4, movies=14, shows=2, users=3, servers=("plex", "jellyfin"))
    return generate_world(WorldConfig(**{**config.__dict__, "start": start}))


@pytest.fixture
def endpoints(world: World) -> list[Endpoint]:
    return build_endpoints(world, "127.0.0.1", free_port_block(16))


@pytest.fixture
def sims(world: World, endpoints: list[Endpoint]) -> Iterator[dict[str, dict[str, Any]]]:
    with simulators(world, endpoints) as described:
        yield described


@pytest.fixture
def fast_admin(runtime: Runtime, sims: dict[str, Any]) -> Iterator[TestClient]:
    """The admin client of an app whose real-time watcher rescans and debounces quickly.

    It depends on ``sims`` so that it stops (closing its event stream) before they do.
    """
    app = build_web_app(
        runtime, worker_threads=2, realtime_tick_seconds=0.2, realtime_debounce_seconds=0.3
    )
    with TestClient(app) as client:
        response = client.post("/api/setup/admin", json=ADMIN)
        assert response.status_code == 201, response.text
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        yield client


def _syncs(runtime: Runtime, actor: str) -> list[Any]:
    states = list(JobState)
    return [j for j in runtime.jobs.find(states, SYNC_JOB, limit=100) if j.created_by == actor]


def test_a_new_plex_movie_is_synced_without_anyone_asking(
    fast_admin: TestClient,
    runtime: Runtime,
    sims: dict[str, Any],
    world: World,
    endpoints: list[Endpoint],
) -> None:
    admin = fast_admin
    assert admin.post("/api/servers", json=plex_body(sims)).status_code == 201
    admin.post("/api/servers/plex-home/refresh-libraries")
    assert sync(admin, "plex-home")["state"] == "succeeded"
    pms = plex_state(cast(Any, next(ep.app for ep in endpoints if ep.name == "plex")))
    wait_for(lambda: pms.bus._subscribers, timeout=10, message="Tendarr listening to Plex")
    assert _syncs(runtime, "realtime") == []

    movie = next(m for m in world.movies if m.file is None)
    world.advance((datetime.now(UTC) - world.now).total_seconds() + 1)  # keep up with real time
    world.schedule_download("movie", movie.id, timedelta(seconds=1))
    world.advance(1)
    assert movie.file is not None

    def listed() -> bool:
        items = admin.get("/api/library/items", params={"kind": "movie", "limit": 500}).json()
        return movie.title in {i["title"] for i in items["items"]}

    wait_for(listed, timeout=15, message=f"{movie.title} synced in real time")
    jobs = _syncs(runtime, "realtime")
    assert len(jobs) == 1  # the 0 -> 3 -> 5 burst made one sync
    assert jobs[0].payload == {"server_id": "plex-home", "full": False}


def test_a_webhook_starts_an_incremental_sync(
    admin: TestClient, client: TestClient, sims: dict[str, Any], runtime: Runtime
) -> None:
    assert admin.post("/api/servers", json=jellyfin_body(sims)).status_code == 201
    admin.post("/api/servers/jellyfin/refresh-libraries")
    identity = admin.get("/api/servers/jellyfin").json()["server_identity"]
    key = admin.post("/api/auth/api-key/regenerate").json()["key"]
    hook = TestClient(client.app)  # what the webhook plugin is: no cookie, the API key
    url = "/api/webhooks/media-server/jellyfin"
    body = {"NotificationType": "ItemAdded", "ItemType": "Movie", "ServerId": identity}
    assert hook.post(url, json=body).status_code == 401
    hook.headers["X-Api-Key"] = key

    started = hook.post(url, json=body)
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["type"] == SYNC_JOB
    assert job["created_by"] == "webhook"
    assert runtime.jobs.get(job["id"]).payload == {"server_id": "jellyfin", "full": False}
    wait_for(
        lambda: hook.get(f"/api/jobs/{job['id']}").json()["state"] == "succeeded",
        timeout=30,
        message="webhook sync",
    )
    assert hook.post(url, json={"anything": ["a", "template", "sends"]}).status_code == 202
    assert hook.post(url, json={"NotificationType": "PlaybackStart"}).status_code == 204
    other = hook.post(url, json={"NotificationType": "ItemAdded", "ServerId": "f" * 32})
    assert other.status_code == 400
    assert "ServerId" in other.json()["error"]
    missing = hook.post("/api/webhooks/media-server/nope", json=body)
    assert missing.status_code == 404
    garbled = hook.post(url, content=b"{not json", headers={"Content-Type": "application/json"})
    assert garbled.status_code == 400


@dataclass
class FakeEvents:
    """An event stream that yields nothing and records who opened and closed it."""

    opened: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)

    def __call__(self, config: ServerConfig) -> ServerEvents | None:
        if config.kind is not ServerKind.PLEX:
            return None
        self.opened.append(config.id)
        fake = self

        class Stream:
            def changes(self, stop: Any) -> Iterator[LibraryChanged]:
                stop.wait()
                return iter(())

            def close(self) -> None:
                fake.closed.append(config.id)

        return Stream()


def test_one_node_listens_per_server_and_another_takes_over(runtime: Runtime) -> None:
    plex = ServerConfig(
        "plex-a", ServerKind.PLEX, "A", "http://127.0.0.1:9", auth={"method": "token", "token": "t"}
    )
    runtime.servers.create(plex, "test")
    events = FakeEvents()
    first = ServerWatcher(runtime.uow, runtime.clock, runtime.servers, events, "node-1")
    second = ServerWatcher(runtime.uow, runtime.clock, runtime.servers, events, "node-2")
    try:
        first.scan()
        second.scan()
        assert (first.listening(), second.listening()) == (["plex-a"], [])
        first.scan()  # renewing keeps it
        assert events.opened == ["plex-a"]

        jellyfin = ServerConfig(
            "jf",
            ServerKind.JELLYFIN,
            "J",
            "http://127.0.0.1:9",
            auth={"method": "api_key", "api_key": "k"},
        )
        runtime.servers.create(jellyfin, "test")
        first.scan()
        assert first.listening() == ["plex-a"]  # no event stream for Jellyfin: webhooks

        first.stop()  # releases the lease
        assert events.closed == ["plex-a"]
        second.scan()
        assert second.listening() == ["plex-a"]

        runtime.servers.set_enabled("plex-a", False, "test")
        second.scan()
        assert second.listening() == []
        assert events.closed == ["plex-a", "plex-a"]
    finally:
        first.stop()
        second.stop()
