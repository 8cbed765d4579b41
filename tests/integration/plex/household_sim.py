"""One household behind two Plex servers: PMS, plex.tv and Discover simulators in-process.

The generated people are pinned to the cases the household adapter must tell apart:
friends and Home members with and without a share of ``plex-1``, and a friend who keeps
their watchlist private.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx
from starlette.testclient import TestClient

from tendarr.integrations.plex import PlexClient
from tendarr.integrations.plex.discover import DiscoverClient
from tendarr.integrations.plex.household import PlexHousehold
from tendarr.integrations.plex.plextv_accounts import PlexTvAccounts
from tendarr.sim.faults import FaultPlan
from tendarr.sim.generate import WorldConfig, generate_world
from tendarr.sim.model import User
from tendarr.sim.plex import (
    PlexState,
    PlexTvState,
    create_app,
    create_discover_app,
    create_plextv_app,
)
from tendarr.sim.world import World
from tests.integration.plex.conftest import BASE_URL, CLIENT_ID, SERVER_ID

PLEX_TV = "https://plextv.sim.test"
DISCOVER = "https://discover.sim.test"
OTHER_SERVER = "plex-2"


@dataclass
class Cast:
    """The people of the household by the role each plays in the tests."""

    owner: User
    friend: User  # shares plex-1 (and plex-2), public watchlist
    private_friend: User  # shares plex-1, private watchlist
    other_friend: User  # shares only plex-2
    home: User  # Home member with plex-1
    other_home: User  # Home member with only plex-2
    managed: User  # managed user with plex-1
    managed_both: User  # managed user with both servers


@dataclass
class HouseholdSim:
    """The simulators, their fault switches and the requests each received."""

    world: World
    cast: Cast
    pms_state: PlexState
    plextv_state: PlexTvState
    pms_faults: FaultPlan
    plextv_faults: FaultPlan
    discover_faults: FaultPlan
    pms: TestClient
    plextv: TestClient
    discover: TestClient
    requests: list[httpx.Request] = field(default_factory=list)
    sleeps: list[float] = field(default_factory=list)

    @property
    def token(self) -> str:
        return self.world.server(SERVER_ID).token

    def adapter(
        self, *, watchlist_page_size: int = 3, pms: httpx.Client | None = None
    ) -> PlexHousehold:
        """Return the adapter under test (``pms``: a proxy in front of the PMS simulator)."""
        pms_client = PlexClient(
            pms or self.pms, BASE_URL, self.token, CLIENT_ID, sleep=self.sleeps.append
        )
        return PlexHousehold(
            SERVER_ID,
            pms_client,
            PlexTvAccounts(
                self.plextv, self.token, CLIENT_ID, base_url=PLEX_TV, sleep=self.sleeps.append
            ),
            DiscoverClient(self.discover, CLIENT_ID, base_url=DISCOVER, sleep=self.sleeps.append),
            self.token,
            watchlist_page_size=watchlist_page_size,
        )

    def sent_to(self, host_url: str, path_prefix: str = "") -> list[httpx.Request]:
        host = httpx.URL(host_url).host
        return [
            r for r in self.requests if r.url.host == host and r.url.path.startswith(path_prefix)
        ]


def make_household() -> HouseholdSim:
    """Return the pinned household with plex-1 served by a PMS simulator."""
    world = generate_world(
        WorldConfig(movies=20, shows=3, users=8, servers=("plex", "plex"), seed=1)
    )
    people = {u.kind: [p for p in world.users if p.kind == u.kind] for u in world.users}
    both = [SERVER_ID, OTHER_SERVER]
    cast = Cast(
        owner=people["owner"][0],
        friend=people["friend"][0],
        private_friend=people["friend"][2],
        other_friend=people["friend"][1],
        home=people["home"][0],
        other_home=people["home"][1],
        managed=people["managed"][0],
        managed_both=people["managed"][1],
    )
    for user, servers, private in (
        (cast.friend, both, False),
        (cast.private_friend, [SERVER_ID], True),
        (cast.other_friend, [OTHER_SERVER], False),
        (cast.home, both, False),
        (cast.other_home, [OTHER_SERVER], False),
        (cast.managed, [SERVER_ID], False),
        (cast.managed_both, both, False),
    ):
        user.servers = list(servers)
        user.watchlist_private = private
    pms_faults, plextv_faults, discover_faults = FaultPlan(), FaultPlan(), FaultPlan()
    pms_state = PlexState(world, SERVER_ID)
    tv_state = PlexTvState(world)
    sim = HouseholdSim(
        world=world,
        cast=cast,
        pms_state=pms_state,
        plextv_state=tv_state,
        pms_faults=pms_faults,
        plextv_faults=plextv_faults,
        discover_faults=discover_faults,
        pms=TestClient(create_app(world, server_id=SERVER_ID, faults=pms_faults, state=pms_state)),
        plextv=TestClient(create_plextv_app(world, state=tv_state, faults=plextv_faults)),
        discover=TestClient(create_discover_app(world, faults=discover_faults, accounts=tv_state)),
    )
    for client in (sim.pms, sim.plextv, sim.discover):
        client.event_hooks["request"].append(sim.requests.append)
    return sim
