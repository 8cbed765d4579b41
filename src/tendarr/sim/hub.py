"""Serve every simulator of a World on loopback ports, with the World's clock running."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from tendarr.sim.world import World


@dataclass(frozen=True)
class Endpoint:
    """One simulator to serve: a name, its app and what a client needs to talk to it."""

    name: str
    app: ASGIApp
    credentials: dict[str, str]


def _media_server_name(world: World, server_id: str) -> str:
    server = world.server(server_id)
    same_kind = [s for s in world.servers if s.kind == server.kind]
    return server.kind if len(same_kind) == 1 else server.id


def build_endpoints(world: World) -> list[Endpoint]:
    """Build an app for every media server and every service the World has."""
    from tendarr.sim.emby import app as emby
    from tendarr.sim.jellyfin import app as jellyfin

    endpoints: list[Endpoint] = []
    for server in world.servers:
        name = _media_server_name(world, server.id)
        if server.kind == "jellyfin":
            endpoints.append(
                Endpoint(
                    name,
                    jellyfin.create_app(world, server_id=server.id),
                    jellyfin.credentials(world, server.id),
                )
            )
        elif server.kind == "emby":
            endpoints.append(
                Endpoint(
                    name,
                    emby.create_app(world, server_id=server.id),
                    emby.credentials(world, server.id),
                )
            )
    return endpoints


class _QuietServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to the hub (several share a loop)."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve_endpoints(
    world: World,
    endpoints: list[Endpoint],
    host: str,
    port_base: int,
    on_ready: Callable[[dict[str, dict[str, Any]]], None],
    clock_speed: float = 1.0,
    tick_seconds: float = 1.0,
) -> None:
    """Serve each endpoint on consecutive ports until SIGINT/SIGTERM; advance the clock."""
    servers = [
        _QuietServer(
            uvicorn.Config(
                ep.app,
                host=host,
                port=port_base + n,
                log_level="warning",
                lifespan="off",
                access_log=False,
            )
        )
        for n, ep in enumerate(endpoints)
    ]
    tasks = [asyncio.create_task(s.serve()) for s in servers]
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
    on_ready(
        {
            ep.name: {"url": f"http://{host}:{port_base + n}", **ep.credentials}
            for n, ep in enumerate(endpoints)
        }
    )
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), tick_seconds)
        except TimeoutError:
            world.advance(tick_seconds * clock_speed)
    for server in servers:
        server.should_exit = True
    await asyncio.gather(*tasks, return_exceptions=True)
