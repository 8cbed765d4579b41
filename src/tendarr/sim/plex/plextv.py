"""The simulated plex.tv: PIN sign-in, the account, resources, friends, users, sharing, webhooks."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tendarr.sim.faults import FaultMiddleware, FaultPlan
from tendarr.sim.model import User
from tendarr.sim.plex import plextv_payloads as payloads
from tendarr.sim.plex.plextv_wire import errors, reply
from tendarr.sim.plex.webhooks import WebhookOutbox
from tendarr.sim.world import World

PIN_LIFETIME = timedelta(seconds=1800)


@dataclass
class Pin:
    """A sign-in PIN waiting for the user to approve it in a browser."""

    id: int
    code: str
    client_id: str
    product: str
    strong: bool
    created_at: datetime
    user_id: int | None = None


@dataclass
class PlexTvState:
    """plex.tv's own state: PINs and the owner's webhook URLs."""

    world: World
    server_urls: dict[str, str] = field(default_factory=dict)
    webhooks: WebhookOutbox = field(default_factory=WebhookOutbox)
    pins: dict[int, Pin] = field(default_factory=dict)
    next_pin_id: int = 1_000_001

    def user_for_token(self, token: str) -> User | None:
        """Return the account a plex.tv token belongs to (the owner's server token too)."""
        if not token:
            return None
        for user in self.world.users:
            if user.plex_token == token:
                return user
        plex_tokens = {s.token for s in self.world.servers if s.kind == "plex"}
        if token in plex_tokens:
            return next(u for u in self.world.users if u.kind == "owner")
        return None


def approve_pin(state: PlexTvState, pin_id: int, user_id: int) -> None:
    """Approve a PIN as ``user_id`` would in the browser (test helper)."""
    state.pins[pin_id].user_id = user_id


def _client_id(request: Request) -> str:
    return request.headers.get("x-plex-client-identifier") or request.query_params.get(
        "X-Plex-Client-Identifier", ""
    )


def _token(request: Request) -> str:
    return request.headers.get("x-plex-token") or request.query_params.get("X-Plex-Token", "")


def _missing_client(request: Request) -> Response:
    return errors(request, 400, 1000, "X-Plex-Client-Identifier is missing")


def _signed_in(request: Request, state: PlexTvState) -> User | Response:
    if not _client_id(request):
        return _missing_client(request)
    user = state.user_for_token(_token(request))
    if user is None:
        return errors(request, 401, 1001, "User could not be authenticated")
    return user


def create_plextv_app(
    world: World,
    *,
    faults: FaultPlan | None = None,
    state: PlexTvState | None = None,
    server_urls: dict[str, str] | None = None,
) -> FaultMiddleware:
    """Return the plex.tv simulator (``/api/v2/...`` and the XML ``/api/...``)."""
    tv = state or PlexTvState(world, server_urls=dict(server_urls or {}))

    async def create_pin(request: Request) -> Response:
        client = _client_id(request)
        if not client:
            return _missing_client(request)
        strong = request.query_params.get("strong") in {"true", "1"}
        pin_id = tv.next_pin_id
        tv.next_pin_id += 1
        digest = hashlib.sha256(f"{world.seed}:pin:{pin_id}".encode()).hexdigest().upper()
        code = digest[:25] if strong else digest[:4]
        product = request.headers.get("x-plex-product", "")
        tv.pins[pin_id] = Pin(pin_id, code, client, product, strong, world.now)
        return reply(request, "pin", payloads.pin(tv.pins[pin_id], None, world.now), 201)

    async def get_pin(request: Request) -> Response:
        if not _client_id(request):
            return _missing_client(request)
        pin = tv.pins.get(_int(request.path_params["pin"]))
        if pin is None or pin.client_id != _client_id(request):
            return errors(request, 404, 1020, "Code not found or expired")
        if world.now >= pin.created_at + PIN_LIFETIME:
            return errors(request, 404, 1020, "Code not found or expired")
        token = world.user_by_id[pin.user_id].plex_token if pin.user_id else None
        return reply(request, "pin", payloads.pin(pin, token, world.now))

    async def user(request: Request) -> Response:
        found = _signed_in(request, tv)
        if isinstance(found, Response):
            return found
        return reply(request, "user", payloads.account(world, found))

    async def resources(request: Request) -> Response:
        found = _signed_in(request, tv)
        if isinstance(found, Response):
            return found
        return reply(request, "resources", payloads.resources(world, found, tv.server_urls))

    async def friends(request: Request) -> Response:
        found = _signed_in(request, tv)
        if isinstance(found, Response):
            return found
        return reply(request, "friends", payloads.friends(world, found))

    async def users_xml(request: Request) -> Response:
        found = _signed_in(request, tv)
        if isinstance(found, Response):
            return found
        return _xml(payloads.users_xml(world, found))

    async def home_users_xml(request: Request) -> Response:
        found = _signed_in(request, tv)
        if isinstance(found, Response):
            return found
        return _xml(payloads.home_users_xml(world, found))

    async def share(request: Request) -> Response:
        found = _signed_in(request, tv)
        if isinstance(found, Response):
            return found
        if found.kind != "owner":
            return errors(request, 403, 1003, "Access denied")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return errors(request, 400, 1000, "Invalid JSON")
        server = next(
            (s for s in world.servers if s.machine_id == body.get("machineIdentifier")), None
        )
        invited = next((u for u in world.users if u.email == body.get("invitedEmail")), None)
        if server is None or invited is None:
            return errors(request, 422, 1021, "Invalid server or user")
        if server.id not in invited.servers:
            invited.servers.append(server.id)
        shared = payloads.shared_server(world, server, invited, body)
        return reply(request, "sharedServer", shared, 201)

    async def webhooks_list(request: Request) -> Response:
        found = _signed_in(request, tv)
        if isinstance(found, Response):
            return found
        return reply(request, "webhooks", [{"url": u} for u in tv.webhooks.urls])

    async def webhooks_set(request: Request) -> Response:
        found = _signed_in(request, tv)
        if isinstance(found, Response):
            return found
        if found.kind != "owner":
            return errors(request, 403, 1003, "Access denied")
        form = await request.form()
        tv.webhooks.urls = [str(u) for u in form.getlist("urls[]") if str(u)]
        return reply(request, "webhooks", [{"url": u} for u in tv.webhooks.urls], 201)

    routes = [
        Route("/api/v2/pins", create_pin, methods=["POST"]),
        Route("/api/v2/pins/{pin}", get_pin, methods=["GET"]),
        Route("/api/v2/user", user, methods=["GET"]),
        Route("/api/v2/resources", resources, methods=["GET"]),
        Route("/api/v2/friends", friends, methods=["GET"]),
        Route("/api/v2/shared_servers", share, methods=["POST"]),
        Route("/api/v2/user/webhooks", webhooks_list, methods=["GET"]),
        Route("/api/v2/user/webhooks", webhooks_set, methods=["POST"]),
        Route("/api/users", users_xml, methods=["GET"]),
        Route("/api/home/users", home_users_xml, methods=["GET"]),
    ]
    app = Starlette(routes=routes)
    app.state.plextv = tv
    return FaultMiddleware(app, faults or FaultPlan())


def _int(raw: str) -> int:
    return int(raw) if raw.isdigit() else -1


def _xml(body: bytes) -> Response:
    return Response(body, media_type="application/xml")
