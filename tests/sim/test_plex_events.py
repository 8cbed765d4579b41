"""PMS sessions, server-sent notifications and outgoing webhooks."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.plex import (
    PlexState,
    create_app,
    credentials,
    plex_state,
    start_session,
    stop_session,
    update_session,
)
from tendarr.sim.world import World

JSON = {"Accept": "application/json"}


@pytest.fixture
def world() -> World:
    return generate_world(WorldConfig(movies=30, shows=5, users=4))


def _client(world: World) -> tuple[TestClient, PlexState, dict[str, str]]:
    client = TestClient(create_app(world, server_id="plex-1"))
    headers = {**JSON, "X-Plex-Token": credentials(world, "plex-1")["token"]}
    return client, plex_state(client.app), headers  # type: ignore[arg-type]


def _events(text: str) -> list[tuple[str, dict[str, object]]]:
    out = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def _stream_while(
    client: TestClient,
    headers: dict[str, str],
    url: str,
    action: Callable[[], object],
    idle: float = 0.0,
) -> list[tuple[str, dict[str, object]]]:
    bus = plex_state(client.app).bus  # type: ignore[arg-type]

    def later() -> None:
        deadline = time.monotonic() + 10
        while bus.subscriber_count == 0 and time.monotonic() < deadline:
            time.sleep(0.01)  # act only once the stream listens, however busy the machine
        time.sleep(idle)
        action()

    worker = threading.Thread(target=later)
    worker.start()
    response = client.get(url, headers=headers)
    worker.join()
    assert response.headers["content-type"].startswith("text/event-stream")
    return _events(response.text)


def test_download_emits_timeline_states_0_3_5(world: World) -> None:
    client, state, headers = _client(world)
    state.sse_limit = 3
    missing = next(m for m in world.movies if m.file is None)
    world.schedule_download("movie", missing.id)
    events = _stream_while(
        client, headers, "/:/eventsource/notifications?filters=timeline", lambda: world.advance(600)
    )
    assert events[0] == ("ping", {})
    timeline = [data["TimelineEntry"] for kind, data in events if kind == "timeline"]
    key = world.server("plex-1").native_ids[("movie", missing.id)]
    assert [t["state"] for t in timeline] == [0, 3, 5]  # type: ignore[index]
    assert {t["itemID"] for t in timeline} == {key}  # type: ignore[index]


def test_refresh_emits_activity_started_and_ended(world: World) -> None:
    client, state, headers = _client(world)
    state.sse_limit = 2
    events = _stream_while(
        client,
        headers,
        "/:/eventsource/notifications",
        lambda: client.post("/library/sections/1/refresh", headers=headers),
    )
    activity = [d["ActivityNotification"] for k, d in events if k == "activity"]
    assert [a["event"] for a in activity] == ["started", "ended"]  # type: ignore[index]
    assert activity[0]["uuid"] == activity[1]["uuid"]  # type: ignore[index]


def test_ping_arrives_when_idle(world: World) -> None:
    client, state, headers = _client(world)
    state.ping_interval_s = 0.05
    state.sse_limit = 1
    events = _stream_while(
        client,
        headers,
        "/:/eventsource/notifications",
        lambda: start_session(state, 1, "movie", world.library_movies()[0].id),
        idle=0.3,  # six ping intervals of quiet first
    )
    assert [k for k, _ in events].count("ping") >= 2
    assert events[-1][0] == "playing"


def test_session_shows_then_stop_records_a_play(world: World) -> None:
    client, state, headers = _client(world)
    movie = world.library_movies()[0]
    assert movie.file is not None
    friend = next(u for u in world.users if u.kind != "owner" and "plex-1" in u.servers)
    session = start_session(state, friend.id, "movie", movie.id, 120_000)
    rows = client.get("/status/sessions", headers=headers).json()["MediaContainer"]["Metadata"]
    assert rows[0]["viewOffset"] == 120_000
    assert rows[0]["User"]["title"] == friend.username
    assert rows[0]["Player"]["state"] == "playing"
    play = stop_session(state, session.session_key, movie.file.duration_ms)
    assert play.completed
    assert play in world.plays
    assert client.get("/status/sessions", headers=headers).json()["MediaContainer"]["size"] == 0
    kinds = [n.type for n in state.bus.history]
    assert kinds.count("playing") == 2


def test_webhooks_post_multipart_payloads(world: World) -> None:
    _, state, _ = _client(world)
    received: list[httpx.Request] = []

    def capture(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(200)

    state.webhooks.urls = ["http://hooks.test/plex"]
    state.webhooks.transport = httpx.MockTransport(capture)
    missing = next(m for m in world.movies if m.file is None)
    world.schedule_download("movie", missing.id)
    world.advance(600)
    session = start_session(state, 1, "movie", missing.id)
    stop_session(state, session.session_key, 1000)
    deliveries = asyncio.run(state.webhooks.flush())
    assert [d.event for d in deliveries] == ["library.new", "media.play", "media.stop"]
    assert all(d.status == 200 for d in deliveries)
    first = received[0]
    assert first.headers["content-type"].startswith("multipart/form-data")
    assert b'name="thumb"; filename="thumb.jpg"' in first.content
    payload = _payload(first)
    assert payload["event"] == "library.new"
    assert payload["Server"]["uuid"] == world.server("plex-1").machine_id
    assert (
        payload["Metadata"]["ratingKey"] == world.server("plex-1").native_ids[("movie", missing.id)]
    )


def test_upgrade_does_not_fire_library_new(world: World) -> None:
    _, state, _ = _client(world)
    state.webhooks.urls = ["http://hooks.test/plex"]
    movie = world.library_movies()[0]
    world.schedule_download("movie", movie.id)
    world.advance(600)
    assert state.webhooks.pending == []
    assert [n.data["TimelineEntry"]["state"] for n in state.bus.history] == [0, 3, 5]


def test_unreachable_webhook_is_recorded_not_raised(world: World) -> None:
    _, state, _ = _client(world)

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    state.webhooks.urls = ["http://hooks.test/plex"]
    state.webhooks.transport = httpx.MockTransport(refuse)
    start_session(state, 1, "movie", world.library_movies()[0].id)
    deliveries = asyncio.run(state.webhooks.flush())
    assert deliveries[0].status is None
    assert deliveries[0].error


def _payload(request: httpx.Request) -> dict[str, Any]:
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    for part in request.content.split(b"--" + boundary):
        head, _, body = part.partition(b"\r\n\r\n")
        if b'name="payload"' in head:
            parsed: dict[str, Any] = json.loads(body.rstrip(b"\r\n"))
            return parsed
    raise AssertionError("no payload part")


def test_push_notifications_off_drops_library_new_silently(world: World) -> None:
    _, state, _ = _client(world)
    state.webhooks.urls = ["http://hooks.test/plex"]
    state.webhooks.push_notifications = False
    missing = next(m for m in world.movies if m.file is None)
    world.schedule_download("movie", missing.id)
    world.advance(600)
    assert state.webhooks.pending == []
    session = start_session(state, 1, "movie", missing.id)
    update_session(state, session.session_key, "paused", 5000)
    update_session(state, session.session_key, "playing")
    events = [p["event"] for p in state.webhooks.pending]
    assert events == ["media.play", "media.pause", "media.resume"]
    states = [n.data["PlaySessionStateNotification"]["state"] for n in state.bus.history[3:]]
    assert states == ["playing", "paused", "playing"]


def test_deleting_an_item_publishes_its_old_key_with_state_9(world: World) -> None:
    client, state, headers = _client(world)
    movie = world.library_movies()[0]
    key = world.server("plex-1").native_ids[("movie", movie.id)]
    assert client.delete(f"/library/metadata/{key}", headers=headers).status_code == 200
    entry = state.bus.history[-1].data["TimelineEntry"]
    assert entry["itemID"] == key
    assert entry["state"] == 9
