"""Build the Radarr simulator app for a World."""

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
from tendarr.sim.radarr import history_routes, hooks, movie_routes
from tendarr.sim.radarr.state import Radarr
from tendarr.sim.world import World


class RadarrApp(Starlette):
    """The Starlette app; its state object is ``app.radarr``; faults act before anything else."""

    def __init__(self, radarr: Radarr, plan: FaultPlan) -> None:
        self.radarr = radarr
        self.plan = plan
        super().__init__(
            routes=[
                *common_routes(radarr.state, hooks.test),
                *blocklist_routes(radarr.state.blocklist),
                *movie_routes.routes(radarr),
                *history_routes.routes(radarr),
            ],
            exception_handlers={JSONDecodeError: json_problem},
        )

    def build_middleware_stack(self) -> ASGIApp:
        """Put the API key gate and then the fault switches in front of the app."""
        return FaultMiddleware(
            ArrGate(super().build_middleware_stack(), self.radarr.state), self.plan
        )


def credentials(world: World) -> dict[str, str]:
    """Return the API key the simulated Radarr of ``world`` accepts."""
    return {"api_key": derived_key(world.seed, "radarr")}


def create_app(
    world: World,
    *,
    faults: FaultPlan | None = None,
    api_key: str | None = None,
    application_url: str = "",
    webhook_transport: httpx.BaseTransport | None = None,
    upgrades: bool = False,
) -> RadarrApp:
    """Return a Radarr (API v3) simulator serving ``world``."""
    radarr = Radarr(world, api_key, application_url, webhook_transport, upgrades)
    return RadarrApp(radarr, faults or FaultPlan())
