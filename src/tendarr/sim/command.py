"""``tendarr sim``: run the vendor simulators of a generated World on loopback."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import build_endpoints, serve_endpoints
from tendarr.sim.media_files import FFmpegMissing, write_media
from tendarr.sim.world import World

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
    media_dir: Annotated[
        Path | None,
        typer.Option(help="Write small real video files for the library here (needs ffmpeg)."),
    ] = None,
) -> None:
    """Start every simulator; print one JSON line of endpoints and credentials, then serve."""
    config = WorldConfig(seed=seed, movies=movies, shows=shows, users=users)
    with err.status(f"Generating a world of {movies} movies, {shows} shows, {users} users..."):
        world = generate_world(config)
    world.viewers_active = clock_speed > 0  # with the clock running, people keep watching
    if media_dir is not None:
        _write_media(world, media_dir)
    endpoints = build_endpoints(world, host, port_base)

    def ready(description: dict[str, dict[str, Any]]) -> None:
        if media_dir is not None:
            description["media"] = {"dir": str(media_dir.resolve()), "canonical_prefix": "/media"}
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


def _write_media(world: World, media_dir: Path) -> None:
    with Progress(
        TextColumn("Writing media files"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
    ) as bar:
        task = bar.add_task("media", total=None)
        try:
            write_media(
                world,
                media_dir,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except FFmpegMissing as error:
            err.print(f"[bold red]error:[/] {error}")
            raise typer.Exit(2) from error
