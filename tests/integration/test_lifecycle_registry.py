"""``MediaServerRegistry.lifecycle`` over real loopback HTTP to Plex, Jellyfin and Emby."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig
from tendarr.integrations.registry import MediaServerRegistry
from tendarr.ports.media_lifecycle import DeletionNotAllowed
from tendarr.sim import emby, jellyfin, plex
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.hub import Endpoint, free_port_block, serve_in_background
from tendarr.sim.world import World

KINDS = ("plex", "jellyfin", "emby")


@pytest.fixture
def served() -> Iterator[tuple[World, dict[str, ServerConfig]]]:
    world = generate_world(WorldConfig(movies=6, shows=1, users=2, servers=KINDS))
    base = free_port_block(3)
    ids = {kind: next(s.id for s in world.servers if s.kind == kind) for kind in KINDS}
    urls = {kind: f"http://127.0.0.1:{base + n}" for n, kind in enumerate(KINDS)}
    apps: dict[str, Any] = {
        "plex": plex.create_app(world, server_id=ids["plex"]),
        "jellyfin": jellyfin.create_app(world, server_id=ids["jellyfin"]),
        "emby": emby.create_app(world, server_id=ids["emby"]),
    }
    secrets = {
        "plex": {"method": "token", "token": plex.credentials(world, ids["plex"])["token"]},
        "jellyfin": {"method": "api_key", "api_key": jellyfin.credentials(world)["api_key"]},
        "emby": {"method": "api_key", "api_key": emby.credentials(world)["api_key"]},
    }
    configs = {
        kind: ServerConfig(ids[kind], ServerKind(kind), kind, urls[kind], auth=secrets[kind])
        for kind in KINDS
    }
    endpoints = [Endpoint(kind, apps[kind], urls[kind], {}) for kind in KINDS]
    plex.plex_state(apps["plex"]).prefs["allowMediaDeletion"] = False
    with serve_in_background(world, endpoints):
        yield world, configs


def test_each_kind_syncs_its_collection_and_names_the_deletion_setting(
    served: tuple[World, dict[str, ServerConfig]],
) -> None:
    world, configs = served
    registry = MediaServerRegistry("install-1")
    try:
        for kind, config in configs.items():
            server = world.server(config.id)
            movies = [server.native_ids[("movie", m.id)] for m in world.library_movies()[:2]]
            adapter = registry.lifecycle(config)
            library = next(lib.key for lib in server.libraries if lib.kind == "movie")
            first = adapter.sync_collection(library, "Leaving Soon", movies, promote_home=True)
            again = adapter.sync_collection(library, "Leaving Soon", movies, promote_home=True)
            assert (first.created, first.added, again.added, again.removed) == (True, 2, 0, 0)
            gone = adapter.sync_collection(library, "Leaving Soon", [], promote_home=True)
            assert gone.deleted, kind
            server.allow_media_deletion = False  # Jellyfin/Emby; Plex's pref is off already
            with pytest.raises(DeletionNotAllowed, match="deletion"):
                adapter.delete_item(movies[0])
    finally:
        registry.close()
