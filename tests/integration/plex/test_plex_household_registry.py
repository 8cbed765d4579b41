"""The registry's household adapters over real loopback HTTP: PMS, plex.tv and Discover."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tendarr.domain.household import AccountKind, WatchlistMethod
from tendarr.domain.media import ServerKind
from tendarr.domain.servers import ServerConfig
from tendarr.integrations.jellyfin.adapter import JellyfinServer
from tendarr.integrations.plex.household import PlexHousehold
from tendarr.integrations.registry import MediaServerRegistry
from tendarr.sim.hub import Endpoint, free_port_block, serve_in_background
from tendarr.sim.plex import PlexTvState, create_app, create_discover_app, create_plextv_app
from tendarr.sim.world import World
from tests.integration.plex.conftest import SERVER_ID
from tests.integration.plex.household_sim import HouseholdSim, make_household


@pytest.fixture
def served() -> Iterator[tuple[HouseholdSim, dict[str, str]]]:
    """Serve plex-1, plex.tv and Discover of the pinned household on loopback ports."""
    sim = make_household()
    world: World = sim.world
    base = free_port_block(3)
    urls = {name: f"http://127.0.0.1:{base + n}" for n, name in enumerate(["pms", "tv", "disc"])}
    accounts = PlexTvState(world, server_urls={SERVER_ID: urls["pms"]})
    endpoints = [
        Endpoint("plex", create_app(world, server_id=SERVER_ID), urls["pms"], {}),
        Endpoint("plextv", create_plextv_app(world, state=accounts), urls["tv"], {}),
        Endpoint("discover", create_discover_app(world, accounts=accounts), urls["disc"], {}),
    ]
    with serve_in_background(world, endpoints):
        yield sim, urls


def test_registry_builds_a_plex_household_that_reads_plextv_and_discover(
    served: tuple[HouseholdSim, dict[str, str]],
) -> None:
    sim, urls = served
    registry = MediaServerRegistry("install-1", plextv_url=urls["tv"], discover_url=urls["disc"])
    config = ServerConfig(
        SERVER_ID,
        ServerKind.PLEX,
        "Plex",
        urls["pms"],
        auth={"method": "token", "token": sim.token},
    )
    try:
        household = registry.household(config)
        assert isinstance(household, PlexHousehold)
        assert household.server_id == SERVER_ID

        accounts = {a.native_id: a for a in household.accounts()}
        assert accounts[str(sim.cast.owner.plex_account_id)].kind is AccountKind.OWNER
        assert accounts[str(sim.cast.managed.plex_account_id)].kind is AccountKind.MANAGED
        assert str(sim.cast.other_friend.plex_account_id) not in accounts

        friend = accounts[str(sim.cast.friend.plex_account_id)]
        fetch = household.watchlist(friend)
        wanted = [e for e in sim.world.watchlist if e.user_id == sim.cast.friend.id]
        assert (fetch.method, fetch.complete, len(fetch.entries)) == (
            WatchlistMethod.FRIEND,
            True,
            len(wanted),
        )

        plays = [p for page in household.watch_history(page_size=100) for p in page]
        assert len(plays) == sum(
            1 for p in sim.world.plays if p.server_id == SERVER_ID and p.completed
        )
        assert household.sessions() == []
    finally:
        registry.close()


def test_registry_hands_jellyfin_and_emby_their_media_server_adapters() -> None:
    registry = MediaServerRegistry("install-1")
    config = ServerConfig(
        "jf",
        ServerKind.JELLYFIN,
        "Jellyfin",
        "http://127.0.0.1:9",
        auth={"method": "api_key", "api_key": "k"},
    )
    try:
        assert isinstance(registry.household(config), JellyfinServer)
    finally:
        registry.close()
