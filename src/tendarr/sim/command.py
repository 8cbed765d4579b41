"""``tendarr sim``: run the vendor simulators of a generated World on loopback."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import build_endpoints, serve_endpoints

sim_app = typer.Typer(
    help="Vendor simulators for development, demos and benchmarks.", no_args_is_help=True
)
err = Console(stderr=True, soft_wrap=True)


@sim_app.command("up")
def up(
    seed: Annotated[int, typer.Option(help="World seed; the same seed gives the same world.")] = 1,
    movies: Annotated[int, typer.Option(min=0, max=200_000, help="Movies in the library.")] = 60,
    shows: Annotated[int, typer.Option(min=0, max=20_000, help="Shows in the library.")] = 12,
    users: Annotated[int, typer.Option(min=1, max=500, help="Household members.")] = 6,
    host: Annotated[str, typer.Option(help="Loopback address to listen on.")] = "127.0.0.1",
    port_base: Annotated[
        int,
        typer.Option(min=1024, max=65000, help="First port; each simulator takes the next one."),
    ] = 18000,
    clock_speed: Annotated[
        float, typer.Option(min=0, max=100_000, help="World seconds per real second.")
    ] = 1.0,
) -> None:
    """Start every simulator; print one JSON line of endpoints and credentials, then serve."""
    config = WorldConfig(seed=seed, movies=movies, shows=shows, users=users)
    with err.status(f"Generating a world of {movies} movies, {shows} shows, {users} users..."):
        world = generate_world(config)
    endpoints = build_endpoints(world, host, port_base)

    def ready(description: dict[str, dict[str, Any]]) -> None:
        sys.stdout.write(json.dumps(description) + "\n")
        sys.stdout.flush()
        err.print(
            f"{len(description)} simulators up ({world.library_item_count()} library "
            "items); Ctrl-C stops them"
        )

    try:
        asyncio.run(serve_endpoints(world, endpoints, ready, clock_speed))
    except OSError as error:
        err.print(
            f"[bold red]error:[/] cannot listen on {host} ports {port_base}-"
            f"{port_base + len(endpoints) - 1}: {error.strerror}"
        )
        raise typer.Exit(2) from error
