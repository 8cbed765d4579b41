"""``tendarr demo``: the simulators and Tendarr together, already connected and syncing.

A composition of its own (like ``bootstrap``): it generates a household, serves its
simulators on loopback, builds a Tendarr runtime on a throw-away data directory, signs in
an admin, adds every simulated media server and starts their syncs.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tendarr.bootstrap import Runtime, build_runtime
from tendarr.domain.media import ServerKind
from tendarr.domain.servers import PathMapping, ServerConfig, TautulliLink
from tendarr.settings import load_infra_settings
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import serve_in_background

DEMO_USER = "demo"
DEMO_PASSWORD = "demo-household"  # noqa: S105 - printed on the console: a demo, not a secret


@dataclass(frozen=True)
class Demo:
    """A running demo: its runtime, data directory and simulators."""

    runtime: Runtime
    data_dir: Path
    simulators: dict[str, dict[str, Any]]


def _servers(described: dict[str, dict[str, Any]]) -> list[ServerConfig]:
    found = []
    for name, kind in (
        ("plex", ServerKind.PLEX),
        ("jellyfin", ServerKind.JELLYFIN),
        ("emby", ServerKind.EMBY),
    ):
        sim = described.get(name)
        if sim is None:
            continue
        auth = (
            {"method": "token", "token": sim["token"]}
            if kind is ServerKind.PLEX
            else {"method": "api_key", "api_key": sim["api_key"]}
        )
        tautulli = described.get("tautulli") if kind is ServerKind.PLEX else None
        found.append(
            ServerConfig(
                id=f"{name}-demo",
                kind=kind,
                name=f"Demo {name.title()}",
                url=sim["url"],
                auth=auth,
                path_mappings=(PathMapping("/media", "/media"),),
                tautulli=TautulliLink(tautulli["url"], tautulli["api_key"]) if tautulli else None,
            )
        )
    return found


@contextmanager
def running_demo(
    world_config: WorldConfig,
    data_dir: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 5757,
) -> Iterator[Demo]:
    """Start simulators and a connected Tendarr runtime; stop the simulators on exit."""
    directory = data_dir or Path(tempfile.mkdtemp(prefix="tendarr-demo-"))
    world = generate_world(world_config)
    with serve_in_background(world) as described:
        env = {"TENDARR_DATA_DIR": str(directory), "TENDARR_HOST": host, "TENDARR_PORT": str(port)}
        if "plextv" in described:  # Plex PIN sign-in in the demo talks to the simulated plex.tv
            env["TENDARR_PLEXTV_URL"] = described["plextv"]["url"]
            env["TENDARR_PLEX_DISCOVER_URL"] = described["discover"]["url"]
        runtime = build_runtime(load_infra_settings(env), environ=env)
        try:
            if not runtime.auth.setup_status().setup_complete:
                runtime.auth.complete_setup_internal(DEMO_USER, DEMO_PASSWORD)
            existing = {c.id for c in runtime.servers.all()}
            for config in _servers(described):
                if config.id in existing:
                    continue
                runtime.servers.create(config, "demo")
                runtime.servers.refresh_libraries(config.id, "demo")
            for config in runtime.servers.all():
                runtime.servers.start_sync(config.id, True, "demo")
                runtime.household.start_sync(config.id, False, "demo")
            yield Demo(runtime, directory, described)
        finally:
            runtime.close()
