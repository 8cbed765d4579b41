"""Build the Jellyfin simulator app and the credentials a test hands to Tendarr."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import Response
from starlette.routing import Route

from tendarr.sim.faults import FaultMiddleware, FaultPlan
from tendarr.sim.jellyfin import system
from tendarr.sim.jellyfin.vendor import JellyfinVendor
from tendarr.sim.mediabrowser import routes_items as items
from tendarr.sim.mediabrowser import routes_library as lib
from tendarr.sim.mediabrowser import users
from tendarr.sim.mediabrowser.http import Access, Ctx, endpoint
from tendarr.sim.mediabrowser.server import SimServer
from tendarr.sim.world import World

Handler = Callable[[Ctx], Awaitable[Response]]

PLUGINS = [
    {
        "Name": "Webhook",
        "Version": "18.0.0.0",
        "ConfigurationFileName": "Jellyfin.Plugin.Webhook.xml",
        "Description": "Sends notifications to various services via webhooks.",
        "Id": "71552a5a5c5c4350a2aeebe451a30173",
        "CanUninstall": True,
        "HasImage": True,
        "Status": "Active",
    }
]


def _path(name: str) -> Callable[[Ctx], str]:
    return lambda ctx: ctx.param(name)


ROUTES: list[tuple[str, str, Access, Handler]] = [
    ("GET", "/System/Info/Public", "anonymous", system.info_public),
    ("GET", "/System/Info", "user", system.info),
    ("GET", "/Users", "user", system.users_list),
    ("GET", "/Users/Me", "user", users.me),
    ("GET", "/Users/{userId}", "user", lambda c: users.user(c, c.param("userId"))),
    ("POST", "/Users/AuthenticateByName", "anonymous", users.authenticate_by_name),
    (
        "POST",
        "/Users/AuthenticateWithQuickConnect",
        "anonymous",
        system.authenticate_with_quick_connect,
    ),
    ("GET", "/QuickConnect/Enabled", "anonymous", system.quick_connect_enabled),
    ("POST", "/QuickConnect/Initiate", "anonymous", system.quick_connect_initiate),
    ("POST", "/QuickConnect/Authorize", "user", system.quick_connect_authorize),
    ("GET", "/QuickConnect/Connect", "anonymous", system.quick_connect_connect),
    ("GET", "/Library/VirtualFolders", "admin", lib.virtual_folders),
    ("POST", "/Library/VirtualFolders/LibraryOptions", "admin", lib.update_library_options),
    ("POST", "/Library/Refresh", "admin", lib.refresh_library),
    ("GET", "/Items", "user", items.items),
    ("DELETE", "/Items", "user", lib.delete_items),
    ("GET", "/Items/{itemId}", "user", lambda c: items.item(c, c.param("itemId"))),
    ("DELETE", "/Items/{itemId}", "user", lambda c: lib.delete_item(c, c.param("itemId"))),
    ("POST", "/Items/{itemId}/Refresh", "admin", lambda c: lib.refresh_item(c, c.param("itemId"))),
    ("GET", "/Shows/{seriesId}/Seasons", "user", lambda c: items.seasons(c, c.param("seriesId"))),
    ("GET", "/Shows/{seriesId}/Episodes", "user", lambda c: items.episodes(c, c.param("seriesId"))),
    (
        "GET",
        "/UserItems/{itemId}/UserData",
        "user",
        lambda c: items.user_data(c, c.param("itemId")),
    ),
    (
        "POST",
        "/UserPlayedItems/{itemId}",
        "user",
        lambda c: items.set_played(c, c.param("itemId"), True, c.query.get("userId")),
    ),
    (
        "DELETE",
        "/UserPlayedItems/{itemId}",
        "user",
        lambda c: items.set_played(c, c.param("itemId"), False, c.query.get("userId")),
    ),
    (
        "POST",
        "/UserFavoriteItems/{itemId}",
        "user",
        lambda c: items.set_favorite(c, c.param("itemId"), True, c.query.get("userId")),
    ),
    (
        "DELETE",
        "/UserFavoriteItems/{itemId}",
        "user",
        lambda c: items.set_favorite(c, c.param("itemId"), False, c.query.get("userId")),
    ),
    ("GET", "/Sessions", "user", lib.sessions),
    ("POST", "/Collections", "admin", lib.create_collection),
    (
        "POST",
        "/Collections/{collectionId}/Items",
        "admin",
        lambda c: lib.add_to_collection(c, c.param("collectionId")),
    ),
    (
        "DELETE",
        "/Collections/{collectionId}/Items",
        "admin",
        lambda c: lib.remove_from_collection(c, c.param("collectionId")),
    ),
    (
        "GET",
        "/Videos/{itemId}/Trickplay/{width:int}/tiles.m3u8",
        "user",
        lambda c: lib.trickplay_playlist(c, c.param("itemId"), int(c.param("width"))),
    ),
    ("GET", "/Plugins", "admin", lib.plugins),
]

IMPLEMENTED = {(method, path.replace(":int", "")) for method, path, _, _ in ROUTES}


def create_app(
    world: World,
    *,
    server_id: str | None = None,
    faults: FaultPlan | None = None,
    ids_change_on_rescan: bool = False,
    legacy_tokens: bool = True,
) -> Starlette:
    """Return a Jellyfin server for ``server_id`` (the World's first Jellyfin by default)."""
    sid = server_id or next(s.id for s in world.servers if s.kind == "jellyfin")
    sim = SimServer(world, sid, "jellyfin", ids_change_on_rescan)
    sim.state.plugins = [dict(p) for p in PLUGINS]
    routes = [
        Route(path, endpoint(access, handler), methods=[method])
        for method, path, access, handler in ROUTES
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(FaultMiddleware, plan=faults or FaultPlan())],
    )
    app.state.sim = sim
    app.state.vendor = JellyfinVendor(legacy_tokens)
    return app


def credentials(world: World, server_id: str | None = None) -> dict[str, str]:
    """Return what Tendarr is configured with: the API key, server id and owner sign-in."""
    sid = server_id or next(s.id for s in world.servers if s.kind == "jellyfin")
    server = world.server(sid)
    owner = next(u for u in world.users if u.kind == "owner")
    return {
        "api_key": server.token,
        "server_id": server.machine_id,
        "username": owner.username,
        "password": owner.password,
        "user_id": owner.jellyfin_id,
    }
