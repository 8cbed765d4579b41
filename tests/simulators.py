"""Serve the vendor simulators on loopback ports for tests that need real HTTP."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tendarr.sim.hub import build_endpoints, serve_endpoints
from tendarr.sim.world import World


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


@contextmanager
def simulators(world: World) -> Iterator[dict[str, dict[str, Any]]]:
    """Serve every simulator of ``world``; yield ``sim up``'s description of them."""
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
