"""Build the Emby simulator app and the credentials a test hands to Tendarr."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import Route

from tendarr.sim.emby import system
from tendarr.sim.emby.vendor import EmbyVendor
from tendarr.sim.faults import FaultMiddleware, FaultPlan
from tendarr.sim.mediabrowser import routes_items as items
from tendarr.sim.mediabrowser import routes_library as lib
from tendarr.sim.mediabrowser import users
from tendarr.sim.mediabrowser.http import Access, Ctx, endpoint
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.world import World

Handler = Callable[[Ctx], Awaitable[Response]]


def _played(value: bool) -> Handler:
    return lambda c: items.set_played(c, c.param("Id"), value, c.param("UserId"))


def _favorite(value: bool) -> Handler:
    return lambda c: items.set_favorite(c, c.param("Id"), value, c.param("UserId"))


def _remove(c: Ctx) -> Awaitable[Response]:
    return lib.remove_from_collection(c, c.param("Id"))


ROUTES: list[tuple[str, str, Access, Handler]] = [
    ("GET", "/System/Info/Public", "anonymous", system.info_public),
    ("GET", "/System/Info", "user", system.info),
    ("GET", "/Users/Query", "user", system.users_query),
    ("GET", "/Users/Public", "anonymous", system.users_public),
    ("POST", "/Users/AuthenticateByName", "anonymous", users.authenticate_by_name),
    ("GET", "/Users/{UserId}/Items", "user", lambda c: items.items(c, c.param("UserId"))),
    (
        "GET",
        "/Users/{UserId}/Items/{Id}",
        "user",
        lambda c: items.item(c, c.param("Id"), c.param("UserId")),
    ),
    ("POST", "/Users/{UserId}/PlayedItems/{Id}", "user", _played(True)),
    ("DELETE", "/Users/{UserId}/PlayedItems/{Id}", "user", _played(False)),
    ("POST", "/Users/{UserId}/PlayedItems/{Id}/Delete", "user", _played(False)),
    ("POST", "/Users/{UserId}/FavoriteItems/{Id}", "user", _favorite(True)),
    ("DELETE", "/Users/{UserId}/FavoriteItems/{Id}", "user", _favorite(False)),
    ("POST", "/Users/{UserId}/FavoriteItems/{Id}/Delete", "user", _favorite(False)),
    ("GET", "/Users/{Id}", "user", lambda c: users.user(c, c.param("Id"))),
    ("GET", "/Library/VirtualFolders", "admin", lib.virtual_folders),
    ("GET", "/Library/VirtualFolders/Query", "admin", system.virtual_folders_query),
    ("POST", "/Library/VirtualFolders/LibraryOptions", "admin", lib.update_library_options),
    ("POST", "/Library/Refresh", "admin", lib.refresh_library),
    ("GET", "/Items", "user", items.items),
    ("POST", "/Items/Delete", "user", lib.delete_items),
    ("DELETE", "/Items/{Id}", "user", lambda c: lib.delete_item(c, c.param("Id"))),
    ("POST", "/Items/{Id}/Delete", "user", lambda c: lib.delete_item(c, c.param("Id"))),
    ("POST", "/Items/{Id}/Refresh", "admin", lambda c: lib.refresh_item(c, c.param("Id"))),
    ("GET", "/Shows/{Id}/Seasons", "user", lambda c: items.seasons(c, c.param("Id"))),
    ("GET", "/Shows/{Id}/Episodes", "user", lambda c: items.episodes(c, c.param("Id"))),
    ("GET", "/Sessions", "user", lib.sessions),
    ("POST", "/Collections", "admin", lib.create_collection),
    ("POST", "/Collections/{Id}/Items", "admin", lambda c: lib.add_to_collection(c, c.param("Id"))),
    ("DELETE", "/Collections/{Id}/Items", "admin", _remove),
    ("POST", "/Collections/{Id}/Items/Delete", "admin", _remove),
    ("GET", "/Plugins", "admin", lib.plugins),
]

IMPLEMENTED = {(method, path) for method, path, _, _ in ROUTES}


def create_app(
    world: World,
    *,
    server_id: str | None = None,
    faults: FaultPlan | None = None,
    ids_change_on_rescan: bool = False,
) -> Starlette:
    """Return an Emby server for ``server_id`` (the World's first Emby by default)."""
    sid = server_id or next(s.id for s in world.servers if s.kind == "emby")
    sim = SimServer(world, sid, "emby", ids_change_on_rescan)
    routes = [
        Route(path, endpoint(access, handler), methods=[method])
        for method, path, access, handler in ROUTES
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(FaultMiddleware, plan=faults or FaultPlan())],
    )
    app.state.sim = sim
    app.state.vendor = EmbyVendor()
    return app


def credentials(world: World, server_id: str | None = None) -> dict[str, str]:
    """Return what Tendarr is configured with: the API key, server id and owner sign-in."""
    sid = server_id or next(s.id for s in world.servers if s.kind == "emby")
    server = world.server(sid)
    owner = next(u for u in world.users if u.kind == "owner")
    return {
        "api_key": server.token,
        "server_id": server.machine_id,
        "username": owner.username,
        "password": owner.password,
        "user_id": owner.emby_id,
    }
