"""The simulated Plex Media Server as a Starlette app."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Literal, cast

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tendarr.sim.faults import FaultMiddleware, FaultPlan
from tendarr.sim.model import User
from tendarr.sim.plex import (
    collection_routes,
    eventsource,
    hub_routes,
    library_routes,
    status_routes,
)
from tendarr.sim.plex.state import PlexState
from tendarr.sim.plex.wire import authenticate, unauthorized
from tendarr.sim.world import World

Answer = Callable[[Request, PlexState, User], Response]
# public: no token; read: any account the server is shared with; owner: the admin only.
Access = Literal["public", "read", "owner"]

ROUTES: list[tuple[str, str, Answer, Access]] = [
    ("GET", "/identity", library_routes.identity, "public"),
    ("GET", "/", library_routes.root, "read"),
    ("GET", "/library/sections/all", library_routes.sections, "read"),
    ("GET", "/library/sections/{section}/all", library_routes.section_all, "read"),
    ("GET", "/library/sections/{section}/collections", collection_routes.in_section, "read"),
    ("POST", "/library/sections/{section}/refresh", library_routes.refresh, "owner"),
    ("GET", "/library/sections/{section}/refresh", library_routes.refresh, "owner"),
    ("PUT", "/library/sections/{section}/emptyTrash", library_routes.empty_trash, "owner"),
    ("GET", "/library/sections/{section}/prefs", library_routes.section_prefs, "owner"),
    ("PUT", "/library/sections/{section}/prefs", library_routes.set_section_prefs, "owner"),
    (
        "DELETE",
        "/library/sections/{section}/collection/{collection}",
        collection_routes.delete,
        "owner",
    ),
    ("GET", "/library/metadata/{ids}", library_routes.metadata, "read"),
    ("DELETE", "/library/metadata/{ids}", library_routes.delete_item, "owner"),
    ("DELETE", "/library/metadata/{ids}/media/{media}", library_routes.delete_media, "owner"),
    ("GET", "/library/metadata/{ids}/children", library_routes.children, "read"),
    ("GET", "/library/metadata/{ids}/allLeaves", library_routes.all_leaves, "read"),
    ("GET", "/library/metadata/{ids}/tree", library_routes.tree, "owner"),
    ("POST", "/library/collections", collection_routes.create, "owner"),
    ("GET", "/library/collections/{collection}/items", collection_routes.items, "read"),
    ("PUT", "/library/collections/{collection}/items", collection_routes.add_items, "owner"),
    (
        "PUT",
        "/library/collections/{collection}/items/{item}",
        collection_routes.remove_item,
        "owner",
    ),
    (
        "DELETE",
        "/library/collections/{collection}/items/{item}",
        collection_routes.remove_item,
        "owner",
    ),
    ("GET", "/hubs/sections/{section}/manage", hub_routes.listing, "owner"),
    ("POST", "/hubs/sections/{section}/manage", hub_routes.create, "owner"),
    ("PUT", "/hubs/sections/{section}/manage/{identifier}", hub_routes.update, "owner"),
    ("DELETE", "/hubs/sections/{section}/manage/{identifier}", hub_routes.delete, "owner"),
    ("GET", "/status/sessions", status_routes.sessions, "owner"),
    ("GET", "/status/sessions/history/all", status_routes.history, "read"),
    ("PUT", "/:/scrobble", status_routes.scrobble, "read"),
    ("GET", "/:/scrobble", status_routes.scrobble, "read"),
    ("PUT", "/:/unscrobble", status_routes.unscrobble, "read"),
    ("GET", "/:/unscrobble", status_routes.unscrobble, "read"),
    ("GET", "/:/prefs", status_routes.prefs, "owner"),
    ("PUT", "/:/prefs", status_routes.set_prefs, "owner"),
    ("GET", "/:/eventsource/notifications", eventsource.notifications, "owner"),
]


def _endpoint(
    state: PlexState, handler: Answer, access: Access
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        user = authenticate(request, state)
        if access != "public" and (user is None or (access == "owner" and user.kind != "owner")):
            return unauthorized()
        return handler(request, state, user)  # type: ignore[arg-type]

    return endpoint


def create_app(
    world: World,
    *,
    server_id: str,
    faults: FaultPlan | None = None,
    state: PlexState | None = None,
) -> FaultMiddleware:
    """Return the PMS simulator for the World's Plex server ``server_id``."""
    if world.server(server_id).kind != "plex":
        raise ValueError(f"{server_id} is not a Plex server")
    plex = state or PlexState(world, server_id)
    by_path: dict[str, list[str]] = {}
    routes = []
    for method, path, handler, access in ROUTES:
        routes.append(Route(path, _endpoint(plex, handler, access), methods=[method]))
        by_path.setdefault(path, []).append(method)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        sender = asyncio.create_task(plex.webhooks.run())
        try:
            yield
        finally:
            sender.cancel()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.plex = plex
    return FaultMiddleware(app, faults or FaultPlan())


def plex_state(app: FaultMiddleware) -> PlexState:
    """Return the state behind a PMS simulator app (sessions, webhooks, notifications)."""
    inner = cast(Starlette, app.app)
    return cast(PlexState, inner.state.plex)


def credentials(world: World, server_id: str) -> dict[str, str]:
    """Return what a client needs: the server's admin token, its id, the owner's account."""
    server = world.server(server_id)
    owner = next(u for u in world.users if u.kind == "owner")
    return {
        "token": server.token,
        "machine_identifier": server.machine_id,
        "account_token": owner.plex_token,
        "username": owner.username,
    }
