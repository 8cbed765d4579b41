"""Build the Sonarr simulator app for a World."""

from __future__ import annotations

from json import JSONDecodeError

import httpx
from starlette.applications import Starlette
from starlette.types import ASGIApp

from tendarr.sim.arr.app import ArrGate
from tendarr.sim.arr.blocklist import blocklist_routes
from tendarr.sim.arr.routes import routes as common_routes
from tendarr.sim.arr.wire import derived_key, json_problem
from tendarr.sim.faults import FaultMiddleware, FaultPlan
from tendarr.sim.sonarr import episode_routes, history_routes, hooks, series_routes
from tendarr.sim.sonarr.state import Sonarr
from tendarr.sim.world import World


class SonarrApp(Starlette):
    """The Starlette app; its state object is ``app.sonarr``; faults act before anything else."""

    def __init__(self, sonarr: Sonarr, plan: FaultPlan) -> None:
        self.sonarr = sonarr
        self.plan = plan
        super().__init__(
            routes=[
                *common_routes(sonarr.state, hooks.test),
                *blocklist_routes(sonarr.state.blocklist),
                *series_routes.routes(sonarr),
                *episode_routes.routes(sonarr),
                *history_routes.routes(sonarr),
            ],
            exception_handlers={JSONDecodeError: json_problem},
        )

    def build_middleware_stack(self) -> ASGIApp:
        """Put the API key gate and then the fault switches in front of the app."""
        return FaultMiddleware(
            ArrGate(super().build_middleware_stack(), self.sonarr.state), self.plan
        )


def credentials(world: World) -> dict[str, str]:
    """Return the API key the simulated Sonarr of ``world`` accepts."""
    return {"api_key": derived_key(world.seed, "sonarr")}


def create_app(
    world: World,
    *,
    faults: FaultPlan | None = None,
    api_key: str | None = None,
    application_url: str = "",
    webhook_transport: httpx.BaseTransport | None = None,
    upgrades: bool = False,
) -> SonarrApp:
    """Return a Sonarr v4 (API v3) simulator serving ``world``."""
    sonarr = Sonarr(world, api_key, application_url, webhook_transport, upgrades)
    return SonarrApp(sonarr, faults or FaultPlan())
