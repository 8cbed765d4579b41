"""Serve every simulator of a World on loopback ports, with the World's clock running."""

from __future__ import annotations

import asyncio
import signal
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import uvicorn
from starlette.types import ASGIApp

from tendarr.sim.world import World

if TYPE_CHECKING:
    from tendarr.sim.plex.plextv import PlexTvState


@dataclass(frozen=True)
class Endpoint:
    """One simulator to serve: a name, its app, its URL and what a client needs."""

    name: str
    app: ASGIApp
    url: str
    credentials: dict[str, str]


def _media_server_name(world: World, server_id: str) -> str:
    server = world.server(server_id)
    same_kind = [s for s in world.servers if s.kind == server.kind]
    return server.kind if len(same_kind) == 1 else server.id


def build_endpoints(world: World, host: str, port_base: int) -> list[Endpoint]:
    """Build an app for every media server and service; the n-th listens on port_base + n."""
    from tendarr.sim import seerr, tautulli, tmdb
    from tendarr.sim.emby import app as emby
    from tendarr.sim.jellyfin import app as jellyfin
    from tendarr.sim.plex import app as plex
    from tendarr.sim.plex.discover import create_discover_app
    from tendarr.sim.plex.plextv import PlexTvState, create_plextv_app
    from tendarr.sim.plex.state import PlexState
    from tendarr.sim.plex.webhooks import WebhookOutbox
    from tendarr.sim.radarr import app as radarr
    from tendarr.sim.sonarr import app as sonarr

    def url(n: int) -> str:
        return f"http://{host}:{port_base + n}"

    outbox = WebhookOutbox()  # plex.tv registers the account's webhooks; PMS sends them
    apps: list[tuple[str, ASGIApp, dict[str, str]]] = []
    plex_urls: dict[str, str] = {}
    for server in world.servers:
        name = _media_server_name(world, server.id)
        if server.kind == "plex":
            plex_urls[server.id] = url(len(apps))
            state = PlexState(world, server.id, webhooks=outbox)
            apps.append(
                (
                    name,
                    plex.create_app(world, server_id=server.id, state=state),
                    plex.credentials(world, server.id),
                )
            )
        elif server.kind == "jellyfin":
            apps.append(
                (
                    name,
                    jellyfin.create_app(world, server_id=server.id),
                    jellyfin.credentials(world, server.id),
                )
            )
        elif server.kind == "emby":
            apps.append(
                (
                    name,
                    emby.create_app(world, server_id=server.id),
                    emby.credentials(world, server.id),
                )
            )
    if plex_urls:
        owner = next(u for u in world.users if u.kind == "owner")
        accounts = PlexTvState(world, server_urls=plex_urls, webhooks=outbox)
        apps.append(
            (
                "plextv",
                create_plextv_app(world, state=accounts),
                {"account_token": owner.plex_token, "username": owner.username},
            )
        )
        apps.append(
            (
                "discover",
                create_discover_app(world, accounts=accounts),
                {"account_token": owner.plex_token},
            )
        )
    for name, module in (("sonarr", sonarr), ("radarr", radarr)):
        apps.append(
            (
                name,
                module.create_app(world, application_url=url(len(apps))),
                module.credentials(world),
            )
        )
    if plex_urls:
        apps.append(("tautulli", tautulli.create_app(world), tautulli.credentials(world)))
    for flavour in ("overseerr", "jellyseerr"):
        apps.append(
            (flavour, seerr.create_app(world, flavour=flavour), seerr.credentials(world, flavour))
        )
    apps.append(("tmdb", tmdb.create_app(world), tmdb.credentials(world)))
    return [Endpoint(name, app, url(n), creds) for n, (name, app, creds) in enumerate(apps)]


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the hub (several share a loop)."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve_endpoints(
    world: World,
    endpoints: list[Endpoint],
    on_ready: Callable[[dict[str, dict[str, Any]]], None],
    clock_speed: float = 1.0,
    tick_seconds: float = 1.0,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve each endpoint at its URL until SIGINT/SIGTERM, advancing the World clock."""
    servers = [
        _QuietServer(
            uvicorn.Config(
                ep.app,
                host=_host(ep.url),
                port=_port(ep.url),
                log_level="warning",
                lifespan="auto",
                access_log=False,
            )
        )
        for ep in endpoints
    ]
    tasks = [asyncio.create_task(s.serve()) for s in servers]
    if stop is None:  # run until interrupted (the CLI); tests pass their own event
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    while not all(s.started for s in servers):
        if any(t.done() for t in tasks):
            for t in tasks:
                if t.done() and t.exception():
                    raise t.exception()  # type: ignore[misc]
            raise RuntimeError("a simulator failed to start")
        await asyncio.sleep(0.02)
    on_ready({ep.name: {"url": ep.url, **ep.credentials} for ep in endpoints})
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), tick_seconds)
        except TimeoutError:
            if clock_speed > 0:
                world.advance(tick_seconds * clock_speed)
    for server in servers:
        server.should_exit = True
    await asyncio.gather(*tasks, return_exceptions=True)


def _host(url: str) -> str:
    return url.split("://", 1)[1].rsplit(":", 1)[0]


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def free_port_block(count: int) -> int:
    """Return the first of ``count`` consecutive free loopback ports."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = int(probe.getsockname()[1])
        if base + count >= 65000:
            continue
        try:
            for offset in range(count):
                with socket.socket() as other:
                    other.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
    raise RuntimeError("no block of free ports")


def plextv_state(endpoints: list[Endpoint]) -> PlexTvState:
    """Return the plex.tv simulator's state among ``endpoints`` (tests approve PINs there)."""
    from tendarr.sim.plex.plextv import PlexTvState

    app = next((ep.app for ep in endpoints if ep.name == "plextv"), None)
    state = getattr(getattr(getattr(app, "app", None), "state", None), "plextv", None)
    if not isinstance(state, PlexTvState):
        raise LookupError("these endpoints serve no plex.tv simulator")
    return state


@contextmanager
def serve_in_background(
    world: World, endpoints: list[Endpoint] | None = None
) -> Iterator[dict[str, dict[str, Any]]]:
    """Serve every simulator of ``world``; yield ``sim up``'s description of them.

    Pass ``endpoints`` (from ``build_endpoints``) to keep hold of the apps and their state.
    """
    if endpoints is None:
        endpoints = build_endpoints(world, "127.0.0.1", free_port_block(16))
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    ready = threading.Event()
    described: dict[str, dict[str, Any]] = {}
    failure: list[BaseException] = []

    def on_ready(description: dict[str, dict[str, Any]]) -> None:
        described.update(description)
        ready.set()

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(
                serve_endpoints(world, endpoints, on_ready, clock_speed=0, stop=stop)
            )
        except BaseException as err:  # surfaced to the test below
            failure.append(err)
            ready.set()

    thread = threading.Thread(target=run, name="simulators", daemon=True)
    thread.start()
    ready.wait(30)
    if failure:
        raise failure[0]
    try:
        yield described
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=15)
